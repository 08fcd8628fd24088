//! Strict stand-ins for the three providers, on loopback, in-process.
//!
//! Each stand-in keeps groups like the real service (so a lookup after a lost answer works),
//! and **refuses** what the real provider refuses according to `../shared/providers.md` and the
//! seed pages: wrong or missing credentials, a POST without `Content-Type: application/json`,
//! numbers not in the provider's format, too many participants, the connected number among the
//! participants, a group name over WhatsApp's 100 characters, an add to something that is not a
//! group handle the create returned. Every refusal is also recorded as a [`Violation`], so a test
//! can assert that a client never broke a rule even where the client recovered.
//!
//! Answers are the documented examples. Where `providers.md` does not document a shape (an error
//! body, a status, a field), the stand-in's choice is marked `UNCONFIRMED` at the place it is
//! made, with the lenient reading the client must survive; [`UNCONFIRMED`] lists them all for the
//! report.
//!
//! Faults ([`Fault`]) are scripted per endpoint: refuse without acting, act and then answer an
//! error (a 500 after the group was made), act and hold the answer past the client's timeout
//! (an answer lost after the provider received the request), or answer a test's raw reply (a
//! proxy's HTML page, truncated JSON) — always after the request passed the provider's rules.
//! `set_delay` makes an endpoint slow for good (it acts at once and answers late). A listing lag hides new groups from
//! lookups for a while, as 2Chat documents ("a few minutes") and as the others may do.

// A refusal *is* the answer (a `ResponseTemplate`); boxing it would only add noise to a
// test-only server.
#![allow(clippy::result_large_err)]

pub mod eazybe;
pub mod twochat;
pub mod zapi;

use serde_json::Value;
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime};
use wiremock::{Request, ResponseTemplate};

pub use eazybe::EazyBeStandIn;
pub use twochat::TwoChatStandIn;
pub use zapi::ZapiStandIn;

/// What the stand-ins answer in a shape the provider's documentation does not show. Each entry:
/// provider, what, the stand-in's choice.
pub const UNCONFIRMED: &[(&str, &str, &str)] = &[
    (
        "Z-API",
        "status and body of a wrong instance id/token",
        "404 {\"error\":\"Instance not found\"} (configurable: bare 404, 400, 401, Portuguese text)",
    ),
    (
        "Z-API",
        "HTTP status of {\"error\":\"null not allowed\"} (Client-Token missing while active)",
        "400 (configurable)",
    ),
    (
        "Z-API",
        "body of a refused create/add (connected number, bad phone, name too long)",
        "400 {\"error\":\"...\"}",
    ),
    (
        "Z-API",
        "answer for an unknown group id (add, link, metadata)",
        "404 {\"error\":\"Group not found\"}",
    ),
    (
        "Z-API",
        "how an @lid member appears in group metadata participants",
        "{\"phone\":\"<digits>@lid\"}",
    ),
    (
        "Z-API",
        "order of GET /groups and GET /chats",
        "newest activity first",
    ),
    (
        "Z-API",
        "whether new groups are listed at once",
        "hidden for the configured listing lag",
    ),
    (
        "Z-API",
        "format of /device phone",
        "digits only, like every other Z-API phone",
    ),
    (
        "Z-API",
        "path of the description call (the body is documented)",
        "POST /update-group-description, from the page's slug",
    ),
    (
        "Z-API",
        "answer of add-admin and update-group-settings",
        "{\"value\":true}, like the description page",
    ),
    (
        "Z-API",
        "refusal of add-admin for a number that is not in the group",
        "400 {\"error\":\"...\"}",
    ),
    (
        "2Chat",
        "group.description in the create body",
        "accepted and kept (seen in third-party clients only)",
    ),
    (
        "2Chat",
        "error body shape",
        "{\"success\":false,\"message\":\"...\"}",
    ),
    (
        "2Chat",
        "status for a POST without Content-Type",
        "400 (documented as bad JSON structure)",
    ),
    (
        "2Chat",
        "per-participant statusCode for privacy refusals",
        "403 with isInviteV4Sent true",
    ),
    (
        "2Chat",
        "per-participant statusCode for a member already in the group",
        "409 \"The participant is already in the group\"",
    ),
    (
        "2Chat",
        "other per-participant codes (403 without invite, 408 recently left, 400 unknown error, code as a string, accepted without an entry)",
        "only when a test scripts them (participant_answer)",
    ),
    (
        "2Chat",
        "answer for an unknown group uuid",
        "404 {\"success\":false,\"message\":\"Group not found\"}",
    ),
    (
        "2Chat",
        "from_number that is not one of the account's numbers",
        "403",
    ),
    (
        "2Chat",
        "a call from an account /info marks blocked",
        "403 \"This account is blocked\" (/info still answers)",
    ),
    (
        "2Chat",
        "status for more than 10 participants, an empty list or a bad group name",
        "400 (the limit of 10 is documented, the status is not)",
    ),
    (
        "2Chat",
        "list groups for a number that is not the account's",
        "404 {\"success\":false,\"message\":\"Number not found\"}",
    ),
    (
        "2Chat",
        "time zone of created_at / wa_created_at",
        "naive local time of the account (no zone)",
    ),
    (
        "2Chat",
        "participant list field names in get-group",
        "data.participants[].wa_participant_id (\"<digits>@c.us\")",
    ),
    (
        "2Chat",
        "group list creation times",
        "created_at, naive local time",
    ),
    (
        "Z-API",
        "phone-exists-batch lid and outputPhone of a number without WhatsApp",
        "null",
    ),
    (
        "2Chat",
        "check-number answer shape",
        "{\"success\":true,\"is_valid\":true,\"on_whatsapp\":bool,\"number\":{\"e164_format\":…}} (what 2Chat's example script reads)",
    ),
    (
        "2Chat",
        "status beyond the check-number limits (per minute, trial total)",
        "429",
    ),
    (
        "2Chat",
        "/info usage field names for number checks",
        "usage.number_check_count / usage.max_number_check_count",
    ),
    (
        "EazyBe",
        "error body shape",
        "{\"status\":false,\"message\":\"...\"}",
    ),
    ("EazyBe", "status for a wrong token", "401"),
    (
        "EazyBe",
        "status for a POST without Content-Type",
        "400 (\"invalid request data\")",
    ),
    (
        "EazyBe",
        "whether a just-created group is found by create:false",
        "not within the listing lag",
    ),
];

/// A scripted misbehaviour for the next call of one endpoint.
#[derive(Clone, Debug)]
pub enum Fault {
    /// Answer `status` with `body` without doing anything.
    Refuse { status: u16, body: Value },
    /// Do the work, then answer `status` with `body` (the work is not undone).
    ActThenAnswer { status: u16, body: Value },
    /// Do the work, then hold the answer this long: longer than the client waits, so the answer
    /// is lost after the provider acted.
    ActThenStall(Duration),
    /// Answer exactly this (any status, headers, raw or broken body) without acting. For how the
    /// client reads answers no provider documents — a proxy's HTML page, truncated JSON, a
    /// `Retry-After` — while the request itself is still held to the provider's rules first.
    /// Whatever such an answer holds is a test's choice, never a documented shape.
    Reply(ResponseTemplate),
}

/// A request the stand-in refused because it breaks the provider's rules.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    pub endpoint: String,
    pub rule: String,
}

/// One request as it arrived.
#[derive(Clone, Debug)]
pub struct Call {
    pub method: String,
    /// The endpoint name (`create-group`, `add-participant`, …), never the URL (it holds tokens).
    pub endpoint: String,
    /// The path without credentials: Z-API's `/instances/{id}/token/{token}` prefix is cut, so
    /// `/light-group-metadata/{id}`; the others' paths are whole (`/open/whatsapp/group/create`).
    pub path: String,
    pub body: Option<Value>,
    /// Whether a fault or a rule stopped it.
    pub refused: bool,
    pub at: Instant,
}

/// A group the stand-in made.
#[derive(Clone, Debug)]
pub struct Group {
    /// WhatsApp's id (`…@g.us` / `…-group`).
    pub id: String,
    /// What later calls must address it by (2Chat uuid, Z-API group phone, EazyBe name).
    pub handle: String,
    pub name: String,
    /// Members as WhatsApp registered them (digits), or `<digits>@lid`.
    pub members: Vec<String>,
    pub created: SystemTime,
    pub created_instant: Instant,
    pub invite_code: String,
    /// Set by Z-API's `update-group-description` or 2Chat's create `group.description`.
    pub description: Option<String>,
    /// Members made admin (as listed, like `members`), besides the creator.
    pub admins: Vec<String>,
    /// Z-API `update-group-settings`: only admins send messages / edit info.
    pub admin_only_message: bool,
    pub admin_only_settings: bool,
}

/// What every stand-in keeps besides its provider's own settings.
#[derive(Default)]
pub(crate) struct Common {
    pub calls: Vec<Call>,
    pub violations: Vec<Violation>,
    pub faults: HashMap<String, VecDeque<Fault>>,
    pub groups: Vec<Group>,
    /// New groups are not listed (nor found) for this long.
    pub list_lag: Duration,
    /// Groups made visible early by `reveal()`.
    pub revealed: bool,
    /// Numbers WhatsApp knows under another form (Brazil's ninth digit): sent → registered.
    pub registered_as: HashMap<String, String>,
    /// Numbers WhatsApp lists by a hidden `@lid` id once they are in a group.
    pub listed_by_lid: HashMap<String, String>,
    /// Numbers whose privacy settings allow invitations only.
    pub privacy: Vec<String>,
    /// Numbers without WhatsApp.
    pub not_on_whatsapp: Vec<String>,
    /// How long every answer of an endpoint is held after the work is done (a slow provider).
    pub delays: HashMap<String, Duration>,
    pub next_id: u64,
}

impl Common {
    pub(crate) fn visible(&self, g: &Group) -> bool {
        self.revealed || g.created_instant.elapsed() >= self.list_lag
    }

    pub(crate) fn next_fault(&mut self, endpoint: &str) -> Option<Fault> {
        self.faults.get_mut(endpoint).and_then(VecDeque::pop_front)
    }

    /// How WhatsApp lists a member that was sent as `digits`.
    pub(crate) fn as_listed(&self, digits: &str) -> String {
        if let Some(lid) = self.listed_by_lid.get(digits) {
            return format!("{lid}@lid");
        }
        self.registered_as
            .get(digits)
            .cloned()
            .unwrap_or_else(|| digits.to_string())
    }

    pub(crate) fn new_group(&mut self, name: &str, handle_prefix: &str, id_suffix: &str) -> Group {
        self.next_id += 1;
        let n = self.next_id;
        let id = format!("1203630195026{n:05}{id_suffix}");
        // Z-API addresses a group by its id, EazyBe by its name, 2Chat by a uuid of its own.
        let handle = match handle_prefix {
            "" => id.clone(),
            "=name" => name.to_string(),
            prefix => format!("{prefix}{n:08}-9203-4660-8b57-b51a6c2742a5"),
        };
        let group = Group {
            id,
            handle,
            name: name.to_string(),
            members: Vec::new(),
            created: SystemTime::now(),
            created_instant: Instant::now(),
            invite_code: format!("GONwbGGDkLe8BifUWw{n:04}"),
            description: None,
            admins: Vec::new(),
            admin_only_message: false,
            admin_only_settings: false,
        };
        self.groups.push(group.clone());
        group
    }
}

/// Shared handle to a stand-in's state.
pub(crate) struct Shared<S>(pub Arc<Mutex<S>>);

impl<S> Clone for Shared<S> {
    fn clone(&self) -> Self {
        Shared(self.0.clone())
    }
}

impl<S> Shared<S> {
    pub(crate) fn lock(&self) -> MutexGuard<'_, S> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Whether a request declares a JSON body (`application/json`, any charset).
pub(crate) fn json_content_type(req: &Request) -> bool {
    req.headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("application/json"))
}

pub(crate) fn header<'a>(req: &'a Request, name: &str) -> Option<&'a str> {
    req.headers.get(name).and_then(|v| v.to_str().ok())
}

pub(crate) fn json(status: u16, body: Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(body)
}

/// Digits only and a plausible international length (country code + number).
pub(crate) fn is_international_digits(s: &str) -> bool {
    (10..=15).contains(&s.len()) && s.chars().all(|c| c.is_ascii_digit())
}

/// `+` and 8–15 digits.
pub(crate) fn is_plus_e164(s: &str) -> bool {
    s.strip_prefix('+')
        .is_some_and(|d| (8..=15).contains(&d.len()) && d.chars().all(|c| c.is_ascii_digit()))
}

/// WhatsApp counts a subject's characters; 100 at most (providers.md §7).
pub(crate) const NAME_MAX: usize = 100;

pub(crate) fn name_ok(name: &str) -> bool {
    !name.trim().is_empty() && name.chars().count() <= NAME_MAX
}

/// Unix milliseconds of a moment.
pub(crate) fn unix_ms(t: SystemTime) -> i64 {
    t.duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// `YYYY-MM-DD HH:MM:SS` of a Unix-seconds moment shifted by `offset_minutes`, with no zone.
pub(crate) fn naive(unix_secs: i64, offset_minutes: i64) -> String {
    let t = unix_secs + offset_minutes * 60;
    let days = t.div_euclid(86_400);
    let secs = t.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}",
        secs / 3600,
        (secs % 3600) / 60,
        secs % 60
    )
}

/// Howard Hinnant's `civil_from_days`.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// The parts every stand-in repeats: record a call, apply a refusal, pop a fault.
pub(crate) fn refuse(
    common: &mut Common,
    endpoint: &str,
    rule: &str,
    answer: ResponseTemplate,
) -> ResponseTemplate {
    common.violations.push(Violation {
        endpoint: endpoint.to_string(),
        rule: rule.to_string(),
    });
    if let Some(last) = common.calls.last_mut() {
        last.refused = true;
    }
    answer
}

/// A request's path with any credentials cut (Z-API carries its instance id and token in it).
fn public_path(req: &Request) -> String {
    let segments: Vec<&str> = req
        .url
        .path_segments()
        .map(|s| s.collect())
        .unwrap_or_default();
    match segments.as_slice() {
        ["instances", _, "token", _, rest @ ..] => format!("/{}", rest.join("/")),
        _ => req.url.path().to_string(),
    }
}

pub(crate) fn record(common: &mut Common, req: &Request, endpoint: &str) {
    common.calls.push(Call {
        method: req.method.to_string(),
        endpoint: endpoint.to_string(),
        path: public_path(req),
        body: serde_json::from_slice(&req.body).ok(),
        refused: false,
        at: Instant::now(),
    });
}

/// Applies a fault around `act`: refuse before, or act and then replace/stall the answer.
pub(crate) fn with_fault(
    common: &mut Common,
    endpoint: &str,
    act: impl FnOnce(&mut Common) -> ResponseTemplate,
) -> ResponseTemplate {
    let slow = common.delays.get(endpoint).copied().unwrap_or_default();
    match common.next_fault(endpoint) {
        Some(Fault::Refuse { status, body }) => {
            if let Some(last) = common.calls.last_mut() {
                last.refused = true;
            }
            json(status, body)
        }
        Some(Fault::Reply(answer)) => {
            if let Some(last) = common.calls.last_mut() {
                last.refused = true;
            }
            answer
        }
        Some(Fault::ActThenAnswer { status, body }) => {
            let _ = act(common);
            json(status, body).set_delay(slow)
        }
        Some(Fault::ActThenStall(delay)) => act(common).set_delay(delay),
        None => act(common).set_delay(slow),
    }
}

/// The API every stand-in offers tests, over its `Common`.
macro_rules! common_api {
    ($t:ty) => {
        impl $t {
            /// `http://127.0.0.1:port`.
            pub fn uri(&self) -> String {
                self.server.uri()
            }
            /// Scripts the next call of `endpoint`.
            pub fn fault(&self, endpoint: &str, fault: $crate::Fault) {
                self.state
                    .lock()
                    .common
                    .faults
                    .entry(endpoint.to_string())
                    .or_default()
                    .push_back(fault);
            }
            /// Every later answer of `endpoint` is held `delay` after the work is done (a slow
            /// provider: the work happens at once, the answer arrives late).
            pub fn set_delay(&self, endpoint: &str, delay: std::time::Duration) {
                self.state
                    .lock()
                    .common
                    .delays
                    .insert(endpoint.to_string(), delay);
            }
            pub fn calls(&self) -> Vec<$crate::Call> {
                self.state.lock().common.calls.clone()
            }
            /// How many requests reached `endpoint` (refused ones included).
            pub fn count(&self, endpoint: &str) -> usize {
                self.calls()
                    .iter()
                    .filter(|c| c.endpoint == endpoint)
                    .count()
            }
            /// Request times of `endpoint`, for spacing checks.
            pub fn times(&self, endpoint: &str) -> Vec<std::time::Instant> {
                self.calls()
                    .iter()
                    .filter(|c| c.endpoint == endpoint)
                    .map(|c| c.at)
                    .collect()
            }
            pub fn violations(&self) -> Vec<$crate::Violation> {
                self.state.lock().common.violations.clone()
            }
            pub fn groups(&self) -> Vec<$crate::Group> {
                self.state.lock().common.groups.clone()
            }
            /// New groups stay unlisted for `lag`.
            pub fn set_list_lag(&self, lag: std::time::Duration) {
                self.state.lock().common.list_lag = lag;
            }
            /// Lists every group from now on, however new.
            pub fn reveal(&self) {
                self.state.lock().common.revealed = true;
            }
            /// WhatsApp knows `sent` (digits) as `registered` (e.g. without Brazil's ninth digit).
            pub fn register_as(&self, sent: &str, registered: &str) {
                self.state
                    .lock()
                    .common
                    .registered_as
                    .insert(sent.to_string(), registered.to_string());
            }
            /// Once in a group, `digits` is listed by the hidden id `lid@lid`.
            pub fn list_by_lid(&self, digits: &str, lid: &str) {
                self.state
                    .lock()
                    .common
                    .listed_by_lid
                    .insert(digits.to_string(), lid.to_string());
            }
            /// `digits` only accepts invitations.
            pub fn privacy(&self, digits: &str) {
                self.state.lock().common.privacy.push(digits.to_string());
            }
            /// `digits` has no WhatsApp.
            pub fn not_on_whatsapp(&self, digits: &str) {
                self.state
                    .lock()
                    .common
                    .not_on_whatsapp
                    .push(digits.to_string());
            }
            /// Adds a group that existed before the test (someone's older namesake).
            pub fn seed_group(
                &self,
                name: &str,
                age: std::time::Duration,
                members: &[&str],
            ) -> $crate::Group {
                let mut st = self.state.lock();
                let mut g = st
                    .common
                    .new_group(name, Self::HANDLE_PREFIX, Self::ID_SUFFIX);
                g.created -= age;
                g.created_instant = std::time::Instant::now()
                    .checked_sub(age)
                    .unwrap_or_else(std::time::Instant::now);
                g.members = members.iter().map(|m| m.to_string()).collect();
                let last = st.common.groups.len() - 1;
                st.common.groups[last] = g.clone();
                g
            }
        }
    };
}
pub(crate) use common_api;
