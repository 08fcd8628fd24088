//! 2Chat (developers.2chat.co): `X-User-API-Key`, phones as `+E164`.
//!
//! - create: `POST /open/whatsapp/group/create` with at most 10 participants; the reply's
//!   `group.uuid` addresses the group in every later call, `group.wa_group_id` is WhatsApp's id;
//! - add: `POST /open/whatsapp/group/{uuid}/add-participant`, at most 10 per call;
//! - per-number results: `participants[+n].statusCode` (WhatsApp's codes: 200 added, 403 privacy
//!   → private invite when `isInviteV4Sent`, 408 recently left, 409 already in) and
//!   `unaccepted_numbers` (not on WhatsApp / invalid);
//! - lookup: `GET /open/whatsapp/groups/{+E164 from_number}`, then `GET /open/whatsapp/group/{uuid}`
//!   for the newest few same-name groups to skip those created before the lost create; 2Chat may
//!   need minutes to list a new group, hence `list_lag`. Its times (`created_at`,
//!   `wa_created_at`) come without a zone (UNCONFIRMED which zone: the account's wall clock), so
//!   they are never read as UTC: they are compared with each other (one account, one zone),
//!   bounded by the widest zone offsets against the create's moment moved onto the provider's
//!   clock (the `Date` header of the answer), and a same-name group only that close in time must
//!   also hold members of the lost create's batch. List order is not read as age.
//! - pre-flight: `/info` (`account.blocked`, `account.on_trial`, `limits.requests_per_minute`)
//!   before the first create; a blocked account sends nothing;
//! - no invite-link endpoint is documented;
//! - number check: `GET /open/whatsapp/check-number/{+from}/{+number}` (CONFIRMED,
//!   developers.2chat.co/docs/API/WhatsApp/check-number): one number a call, 50 calls a minute
//!   per connected number on paid plans, 10 a minute and 100 checks in total on a trial (the
//!   page: "add a 6-second wait time between each request"). The answer's shape is not on the
//!   page text we have: `on_whatsapp` (a flag) is what 2Chat's own example script and its users'
//!   clients read, beside `is_valid`, `number{e164_format,…}` and `whatsapp_info` — UNCONFIRMED,
//!   read leniently, and a reply without a flag is "unknown", never "not on WhatsApp". 2Chat
//!   gives no registered form of the number (no ninth-digit answer). The trial's remaining
//!   checks come from `/info` `usage.number_check_count` / `max_number_check_count` when it
//!   tells them (UNCONFIRMED field names), else from the 100 of the page minus what this session
//!   asked.

use crate::config::{expose, pacing_override, BaseUrl, TwoChatConfig};
use crate::error::{ErrorKind, ProviderError};
use crate::http::{Attempts, Http, Reply};
use crate::identity::{is_lid, whatsapp_key, Roster};
use crate::lenient;
use crate::model::*;
use crate::phone_format::{digits, from_wire, mask, plus_e164, split_own};
use crate::recency::{choose, found, LOOKUP_CANDIDATES};
use crate::Provider;
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

const NAME: &str = "2Chat";
/// 2Chat caps both a create and an add-participant call at 10 numbers.
const BATCH_MAX: usize = 10;
/// The floor between two calls. Trial accounts get 30 requests a minute and `/info` tells the
/// real figure, but a faster plan is no reason to call faster than this: the pace of group
/// operations is what WhatsApp watches for spam (providers.md §8).
const DEFAULT_GAP: Duration = Duration::from_secs(2);
/// The widest gap between a naive local time and UTC (UTC−12 … UTC+14).
const NAIVE_ZONE_SPAN_MS: i64 = 14 * 3600 * 1000;
const CREDENTIALS_HINT: &str =
    "Check the API key: copy it again from app.2chat.io → Developers → API access.";
const FORBIDDEN_HINT: &str = "This API key may not use that number or feature. Check the key and the chosen number in app.2chat.io.";
/// Where 2Chat gives a group's age: WhatsApp's creation time, and when 2Chat first saw the group.
const CREATED_KEYS: &[&str] = &["wa_created_at", "created_at"];
/// check-number on paid plans: 50 requests a minute per connected number.
const CHECK_GAP_PAID: Duration = Duration::from_millis(1_200);
/// check-number on a trial: 10 requests a minute ("add a 6-second wait time between each request").
const CHECK_GAP_TRIAL: Duration = Duration::from_secs(6);
/// check-number on a trial: "up to 100 checks".
const TRIAL_CHECKS: u32 = 100;
const NO_LINK_NOTE: &str = "2Chat does not provide an invite link: share the group from WhatsApp if you need one. It can take a few minutes before 2Chat lists the new group.";

/// A 2Chat account, ready to call.
pub struct TwoChat {
    http: Http,
    base: BaseUrl,
    api_key: SecretString,
    /// Chosen by the user; never second-guessed.
    chosen_from: Option<String>,
    /// The only usable connected number, learned from `get-numbers` when none was chosen.
    learned_from: Mutex<Option<String>>,
    /// From `/info` `limits.requests_per_minute`, in milliseconds; 0 = not learned.
    learned_gap_ms: AtomicU64,
    /// `/info` was read (the pre-flight before the first create).
    info_read: std::sync::atomic::AtomicBool,
    /// What `/info` said about number checks, once read.
    checks: Mutex<CheckAllowance>,
}

/// The account's number-check allowance as far as known.
#[derive(Default, Clone, Copy)]
struct CheckAllowance {
    on_trial: bool,
    /// Checks left in total (trial), when known.
    remaining: Option<u32>,
    /// When the last check-number call started, for pacing start to start.
    last: Option<std::time::Instant>,
}

/// What `/info` says about the account.
#[derive(Default)]
struct Info {
    blocked: bool,
    on_trial: bool,
    requests_per_minute: Option<u32>,
    /// `usage.number_check_count` and `usage.max_number_check_count` (UNCONFIRMED names).
    checks_used: Option<u32>,
    checks_max: Option<u32>,
}

impl std::fmt::Debug for TwoChat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TwoChat")
            .field("base", &self.base)
            .field("chosen_from", &self.chosen_from.as_deref().map(mask))
            .finish_non_exhaustive()
    }
}

#[derive(Serialize)]
struct CreateBody<'a> {
    from_number: &'a str,
    group: CreateGroup<'a>,
}

#[derive(Serialize)]
struct CreateGroup<'a> {
    name: &'a str,
    participants: &'a [String],
    /// UNCONFIRMED officially: seen in third-party 2Chat clients, not on 2Chat's create page
    /// (providers.md §9). Left out when there is none, so a plain create is what is documented.
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
}

#[derive(Serialize)]
struct AddBody<'a> {
    from_number: &'a str,
    participants: &'a [String],
}

#[derive(Deserialize)]
struct CreateReply {
    #[serde(default)]
    success: Option<Value>,
    #[serde(default)]
    group: Option<CreatedGroup>,
}

#[derive(Deserialize)]
struct CreatedGroup {
    #[serde(default)]
    wa_group_id: Option<Value>,
    #[serde(default)]
    uuid: Option<Value>,
    #[serde(flatten)]
    outcome: ParticipantOutcome,
}

/// The per-number part of a create or add-participant reply.
#[derive(Deserialize, Default)]
struct ParticipantOutcome {
    /// Documented as an object keyed by `+E164`; a list of objects is tolerated too.
    #[serde(default)]
    participants: Option<Value>,
    #[serde(default)]
    accepted_numbers: Option<Vec<Value>>,
    #[serde(default)]
    unaccepted_numbers: Option<Vec<Value>>,
}

#[derive(Deserialize)]
struct NumbersReply {
    #[serde(default)]
    success: Option<Value>,
    #[serde(default)]
    numbers: Vec<NumberEntry>,
}

#[derive(Deserialize)]
struct NumberEntry {
    #[serde(default)]
    phone_number: Option<String>,
    #[serde(default)]
    friendly_name: Option<String>,
    #[serde(default)]
    connection_status: Option<String>,
    #[serde(default)]
    enabled: Option<Value>,
    #[serde(default)]
    channel_type: Option<String>,
}

impl NumberEntry {
    /// Usable = a WhatsApp (Web) channel, enabled and connected now.
    fn usable(&self) -> bool {
        let whatsapp = self
            .channel_type
            .as_deref()
            .is_none_or(|c| c.eq_ignore_ascii_case("WW"));
        let enabled = lenient::flag(self.enabled.as_ref()).unwrap_or(true);
        let connected = self
            .connection_status
            .as_deref()
            .is_some_and(|s| s.eq_ignore_ascii_case("C"));
        whatsapp && enabled && connected
    }
}

impl TwoChat {
    pub fn new(config: TwoChatConfig) -> Result<TwoChat, ProviderError> {
        let http = Http::new(
            ProviderKind::TwoChat,
            &config.base_url,
            &config.http,
            vec![config.api_key.clone()],
        )?;
        Ok(TwoChat {
            http,
            base: config.base_url,
            api_key: config.api_key,
            chosen_from: config.from_number,
            learned_from: Mutex::new(None),
            learned_gap_ms: AtomicU64::new(0),
            info_read: std::sync::atomic::AtomicBool::new(false),
            checks: Mutex::new(CheckAllowance::default()),
        })
    }

    /// The gap between calls this account allows before `GROUPDROP_PACING_MS` is applied:
    /// 60 s / `limits.requests_per_minute` once `check()` has read `/info`, else the trial
    /// accounts' 30 a minute.
    pub fn account_gap(&self) -> Duration {
        match self.learned_gap_ms.load(Ordering::Relaxed) {
            0 => DEFAULT_GAP,
            ms => Duration::from_millis(ms).max(DEFAULT_GAP),
        }
    }

    /// The documented gap between two check-number calls for this account's plan, as the
    /// environment shapes it (tests shrink it with `GROUPDROP_PACING_SCALE`).
    fn check_gap(&self) -> Duration {
        let trial = self.checks.lock().expect("lock").on_trial;
        crate::config::paced(if trial {
            CHECK_GAP_TRIAL
        } else {
            CHECK_GAP_PAID
        })
    }

    /// Waits until the next check-number call may start, then takes one check off a trial's
    /// allowance. `false` when a trial has none left.
    async fn next_check_slot(&self) -> bool {
        let gap = self.check_gap();
        let wait = {
            let checks = self.checks.lock().expect("lock");
            if checks.remaining == Some(0) {
                return false;
            }
            checks
                .last
                .map(|t| gap.saturating_sub(t.elapsed()))
                .unwrap_or_default()
        };
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
        let mut checks = self.checks.lock().expect("lock");
        checks.last = Some(std::time::Instant::now());
        if let Some(left) = checks.remaining.as_mut() {
            *left = left.saturating_sub(1);
        }
        true
    }

    /// `GET /open/whatsapp/check-number/{+from}/{+phone}`.
    async fn check_one(&self, from: &str, phone: &str) -> Result<NumberCheck, ProviderError> {
        let to = plus_e164(phone);
        let url = self
            .base
            .join(&["open", "whatsapp", "check-number", from, &to]);
        let reply = self
            .http
            .send("check-number", Attempts::RetryConnect, |c| {
                self.auth(c.get(url.clone()))
            })
            .await?;
        if !reply.is_success() {
            return Err(self.error(&reply));
        }
        let value: Value = reply.json()?;
        self.check_success(&reply, value.get("success"))?;
        Ok(read_check(phone, &value))
    }

    /// The numbers connected to this account, from `get-numbers`.
    pub async fn connected_numbers(&self) -> Result<Vec<ConnectedNumber>, ProviderError> {
        let url = self.base.join(&["open", "whatsapp", "get-numbers"]);
        let reply = self
            .http
            .send("get-numbers", Attempts::RetryConnect, |c| {
                self.auth(c.get(url.clone()))
            })
            .await?;
        if !reply.is_success() {
            return Err(self.error(&reply));
        }
        let parsed: NumbersReply = reply.json()?;
        self.check_success(&reply, parsed.success.as_ref())?;
        Ok(parsed
            .numbers
            .iter()
            .filter_map(|n| {
                let phone = crate::phone_format::parse_e164(n.phone_number.as_deref()?)?;
                Some(ConnectedNumber {
                    phone,
                    label: n.friendly_name.clone().filter(|s| !s.trim().is_empty()),
                    usable: n.usable(),
                })
            })
            .collect())
    }

    fn auth(&self, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        request.header("X-User-API-Key", expose(&self.api_key))
    }

    /// 2Chat's own wording for the statuses it documents; the rest is shared.
    fn error(&self, reply: &Reply) -> ProviderError {
        match reply.status {
            403 if !reply.looks_html() => ProviderError::Credentials {
                provider: NAME,
                hint: FORBIDDEN_HINT.into(),
            },
            422 if !reply.looks_html() => ProviderError::InvalidRequest {
                provider: NAME,
                status: 422,
                detail: reply.message().unwrap_or_else(|| {
                    "a phone number is not in international format (+ and country code)".into()
                }),
            },
            404 if !reply.looks_html() => ProviderError::InvalidRequest {
                provider: NAME,
                status: 404,
                detail: reply.message().unwrap_or_else(|| {
                    "it does not know this group or number (it may have been deleted or disconnected)".into()
                }),
            },
            _ => reply.common_error(CREDENTIALS_HINT),
        }
    }

    /// A 200 with `"success": false` is a refusal, not a result.
    fn check_success(&self, reply: &Reply, success: Option<&Value>) -> Result<(), ProviderError> {
        if lenient::flag(success) == Some(false) {
            return Err(ProviderError::InvalidRequest {
                provider: NAME,
                status: reply.status,
                detail: reply
                    .message()
                    .unwrap_or_else(|| "it said the request did not succeed".into()),
            });
        }
        Ok(())
    }

    /// The number groups are created from: the chosen one, else the only usable one.
    async fn sending_number(&self) -> Result<String, ProviderError> {
        if let Some(chosen) = &self.chosen_from {
            return Ok(chosen.clone());
        }
        if let Some(known) = self.learned_from.lock().expect("lock").clone() {
            return Ok(known);
        }
        let numbers = self.connected_numbers().await?;
        let usable: Vec<&ConnectedNumber> = numbers.iter().filter(|n| n.usable).collect();
        match usable.as_slice() {
            [only] => {
                *self.learned_from.lock().expect("lock") = Some(only.phone.clone());
                Ok(only.phone.clone())
            }
            [] => Err(no_usable_number(&numbers)),
            several => Err(ProviderError::Config(format!(
                "Several WhatsApp numbers are connected to this 2Chat account ({}). Choose the one to send from in the account settings (or set GROUPDROP_2CHAT_FROM_NUMBER).",
                several.iter().map(|n| n.phone.as_str()).collect::<Vec<_>>().join(", ")
            ))),
        }
    }

    /// Reads `/info`: the request rate, and whether the account is blocked or on trial. A
    /// failure only means "not known": the calls themselves will say what is wrong.
    async fn read_info(&self, attempts: Attempts) -> Info {
        let url = self.base.join(&["info"]);
        let Ok(reply) = self
            .http
            .send("info", attempts, |c| self.auth(c.get(url.clone())))
            .await
        else {
            return Info::default();
        };
        self.info_read.store(true, Ordering::Relaxed);
        let Some(value) = reply.is_success().then(|| reply.value()).flatten() else {
            return Info::default();
        };
        let account = value.get("account");
        let info = Info {
            blocked: lenient::flag(account.and_then(|a| a.get("blocked"))).unwrap_or(false),
            on_trial: lenient::flag(account.and_then(|a| a.get("on_trial"))).unwrap_or(false),
            requests_per_minute: lenient::code(
                value
                    .get("limits")
                    .and_then(|l| l.get("requests_per_minute")),
            )
            .map(u32::from)
            .filter(|r| *r > 0),
            checks_used: usage_count(&value, "number_check_count"),
            checks_max: usage_count(&value, "max_number_check_count"),
        };
        {
            let mut checks = self.checks.lock().expect("lock");
            checks.on_trial = info.on_trial;
            checks.remaining = if info.on_trial {
                let max = info.checks_max.unwrap_or(TRIAL_CHECKS);
                Some(max.saturating_sub(info.checks_used.unwrap_or(0)))
            } else {
                None
            };
        }
        if let Some(rpm) = info.requests_per_minute {
            let gap_ms = 60_000u64.div_ceil(u64::from(rpm));
            self.learned_gap_ms.store(gap_ms, Ordering::Relaxed);
            tracing::debug!(provider = NAME, rpm, gap_ms, "learned request rate");
        }
        info
    }

    /// The pre-flight before the first create of this session: a blocked account sends nothing.
    async fn preflight(&self) -> Result<(), ProviderError> {
        if self.info_read.load(Ordering::Relaxed) {
            return Ok(());
        }
        // Once: a create right after must not wait out connect retries of a read.
        if self.read_info(Attempts::Once).await.blocked {
            return Err(blocked());
        }
        Ok(())
    }

    /// Splits off the sending number: it is the group's creator, never a participant.
    fn without_own(&self, from: &str, phones: &[String]) -> (Vec<String>, Vec<MemberResult>) {
        split_own(
            phones,
            Some(from),
            plus_e164,
            "this is the number the group is created from; it is in the group as its creator",
        )
    }

    fn check_batch(&self, phones: &[String], what: &str) -> Result<(), ProviderError> {
        if phones.len() > BATCH_MAX {
            return Err(ProviderError::Config(format!(
                "2Chat takes at most {BATCH_MAX} numbers per {what}; GroupDrop tried {}. This is a GroupDrop bug: please report it.",
                phones.len()
            )));
        }
        Ok(())
    }

    /// `GET /open/whatsapp/group/{uuid}`: the group's `data` (participants, creation times).
    async fn get_group(&self, uuid: &str) -> Result<Value, ProviderError> {
        let url = self.base.join(&["open", "whatsapp", "group", uuid]);
        let reply = self
            .http
            .send("group", Attempts::RetryConnect, |c| {
                self.auth(c.get(url.clone()))
            })
            .await?;
        if !reply.is_success() {
            return Err(self.error(&reply));
        }
        let mut value: Value = reply.json()?;
        self.check_success(&reply, value.get("success"))?;
        Ok(match value.get_mut("data") {
            Some(data) if data.is_object() => data.take(),
            _ => value,
        })
    }

    fn group_ref_from_list(name: &str, entry: &Value) -> Option<GroupRef> {
        let uuid = lenient::first_text(entry, &["uuid", "group_uuid"])?;
        Some(GroupRef {
            name: name.to_string(),
            id: lenient::first_text(entry, &["wa_group_id", "id"]),
            handle: uuid,
            invite_link: None,
        })
    }
}

/// A count under `/info`'s `usage`, as a number or digits.
fn usage_count(info: &Value, key: &str) -> Option<u32> {
    let v = info.get("usage")?.get(key)?;
    match v {
        Value::Number(n) => n.as_u64().and_then(|n| u32::try_from(n).ok()),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// One check-number answer: `on_whatsapp` (UNCONFIRMED shape, see the module doc).
fn read_check(phone: &str, value: &Value) -> NumberCheck {
    let flag = ["on_whatsapp", "onWhatsapp", "is_on_whatsapp", "exists"]
        .iter()
        .find_map(|k| lenient::flag(value.get(*k)));
    match flag {
        Some(true) => NumberCheck {
            phone: plus_e164(phone),
            status: CheckStatus::OnWhatsapp,
            whatsapp_id: Some(plus_e164(phone)),
            reason: None,
        },
        Some(false) => NumberCheck {
            phone: plus_e164(phone),
            status: CheckStatus::NotOnWhatsapp,
            whatsapp_id: None,
            reason: Some("not on WhatsApp".into()),
        },
        None => NumberCheck::unknown(phone, "2Chat's answer did not say"),
    }
}

fn blocked() -> ProviderError {
    ProviderError::NotConnected {
        provider: NAME,
        detail: "2Chat says this account is blocked, so GroupDrop sent nothing. Open app.2chat.io or contact 2Chat support to find out why.".into(),
    }
}

/// When 2Chat says a group was made, as far as it can be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stamp {
    /// An absolute moment (epoch, or a time with a zone), Unix ms.
    Exact(i64),
    /// A wall-clock time without a zone, read as if UTC: only comparable with other naive
    /// times of the same account, or with a moment give or take [`NAIVE_ZONE_SPAN_MS`].
    Naive(i64),
    Unknown,
}

impl Stamp {
    /// The earliest of `created_at` / `wa_created_at` in `obj`.
    fn of(obj: &Value) -> Stamp {
        let mut exact: Option<i64> = None;
        let mut naive: Option<i64> = None;
        for key in CREATED_KEYS {
            let v = obj.get(*key);
            let Some(ms) = lenient::unix_ms(v) else {
                continue;
            };
            let slot = if lenient::is_naive(v) {
                &mut naive
            } else {
                &mut exact
            };
            *slot = Some(slot.map_or(ms, |t: i64| t.min(ms)));
        }
        match (exact, naive) {
            (Some(t), _) => Stamp::Exact(t),
            (None, Some(t)) => Stamp::Naive(t),
            (None, None) => Stamp::Unknown,
        }
    }

    /// The earlier of two readings of the same group, an exact one winning.
    fn merge(self, other: Stamp) -> Stamp {
        match (self, other) {
            (Stamp::Exact(a), Stamp::Exact(b)) => Stamp::Exact(a.min(b)),
            (Stamp::Exact(a), _) | (_, Stamp::Exact(a)) => Stamp::Exact(a),
            (Stamp::Naive(a), Stamp::Naive(b)) => Stamp::Naive(a.min(b)),
            (Stamp::Naive(a), _) | (_, Stamp::Naive(a)) => Stamp::Naive(a),
            _ => Stamp::Unknown,
        }
    }

    fn sort_key(self) -> i64 {
        match self {
            Stamp::Exact(t) | Stamp::Naive(t) => t,
            Stamp::Unknown => i64::MIN,
        }
    }
}

/// Whether a group's participants include any of `probe` (by WhatsApp identity). A group that
/// lists no participants, or a probe with nothing to compare, cannot rule it out.
fn shares_members(data: &Value, probe_phones: &[String], probe: &Roster) -> bool {
    let Some(participants) = data.get("participants").and_then(Value::as_array) else {
        return true;
    };
    if probe_phones.is_empty() || participants.len() <= 1 {
        return true;
    }
    participants.iter().any(|p| {
        lenient::text(Some(p))
            .or_else(|| {
                lenient::first_text(p, &["wa_participant_id", "phone", "phone_number", "id"])
            })
            .and_then(|id| from_wire(&id))
            .is_some_and(|phone| probe.contains(&phone))
    })
}

/// Nothing usable among the account's numbers: say which state they are in.
fn no_usable_number(numbers: &[ConnectedNumber]) -> ProviderError {
    let detail = if numbers.is_empty() {
        "no WhatsApp number is connected to this 2Chat account. Open app.2chat.io, connect your WhatsApp number (scan the QR code), then try again.".to_string()
    } else {
        format!(
            "the WhatsApp number{} of this 2Chat account {} not connected right now ({}). Open app.2chat.io and reconnect it, then try again.",
            if numbers.len() == 1 { "" } else { "s" },
            if numbers.len() == 1 { "is" } else { "are" },
            numbers.iter().map(|n| n.phone.as_str()).collect::<Vec<_>>().join(", ")
        )
    };
    ProviderError::NotConnected {
        provider: NAME,
        detail,
    }
}

/// Per-number outcome from 2Chat's reply, in the order of the request.
fn map_outcome(
    requested: &[String],
    outcome: &ParticipantOutcome,
    reply: &Reply,
) -> Vec<MemberResult> {
    let mut entries: HashMap<String, &Value> = HashMap::new();
    match &outcome.participants {
        Some(Value::Object(map)) => {
            for (key, entry) in map {
                entries.insert(whatsapp_key(key), entry);
            }
        }
        Some(Value::Array(items)) => {
            for entry in items {
                if let Some(id) =
                    lenient::first_text(entry, &["phone", "number", "id", "participant"])
                {
                    entries.insert(whatsapp_key(&id), entry);
                }
            }
        }
        _ => {}
    }
    let numbers = |list: &Option<Vec<Value>>| -> HashSet<String> {
        list.iter()
            .flatten()
            .filter_map(|v| {
                lenient::text(Some(v)).or_else(|| lenient::first_text(v, &["phone", "number"]))
            })
            .map(|s| whatsapp_key(&s))
            .collect()
    };
    let accepted = numbers(&outcome.accepted_numbers);
    let unaccepted = numbers(&outcome.unaccepted_numbers);

    requested
        .iter()
        .map(|phone| {
            // WhatsApp may answer under the registered form of the number (Brazil's ninth digit).
            let key = whatsapp_key(phone);
            let (status, reason) = if unaccepted.contains(&key) {
                (
                    MemberStatus::Rejected,
                    Some("not on WhatsApp, or not a valid number".to_string()),
                )
            } else if let Some(entry) = entries.get(&key) {
                participant_status(entry, accepted.contains(&key), reply)
            } else if accepted.contains(&key) {
                (MemberStatus::Added, None)
            } else {
                (
                    MemberStatus::Sent,
                    Some("2Chat accepted the request but did not report on this number".into()),
                )
            };
            MemberResult {
                phone: plus_e164(phone),
                status,
                reason,
            }
        })
        .collect()
}

/// WhatsApp's per-participant codes, as 2Chat passes them on.
fn participant_status(
    entry: &Value,
    accepted: bool,
    reply: &Reply,
) -> (MemberStatus, Option<String>) {
    let invite_sent = lenient::flag(entry.get("isInviteV4Sent")).unwrap_or(false);
    match lenient::code(entry.get("statusCode")) {
        Some(200) => (MemberStatus::Added, None),
        Some(409) => (MemberStatus::Added, Some("already in the group".into())),
        Some(403) if invite_sent => (
            MemberStatus::Invited,
            Some(
                "their privacy settings only allow invitations; WhatsApp sent them a private invite"
                    .into(),
            ),
        ),
        Some(403) => (
            MemberStatus::Rejected,
            Some("their privacy settings do not allow adding them, and no invite was sent".into()),
        ),
        Some(408) => (
            MemberStatus::Rejected,
            Some("they left this group recently; WhatsApp does not let them be added back yet".into()),
        ),
        Some(code) => {
            let said = lenient::text(entry.get("message")).and_then(|m| reply.clean(&m));
            let reason = match said {
                Some(m) => format!("WhatsApp did not add them (code {code}: {m})"),
                None => format!("WhatsApp did not add them (code {code})"),
            };
            (MemberStatus::Rejected, Some(reason))
        }
        None if invite_sent => (
            MemberStatus::Invited,
            Some("WhatsApp sent them a private invite".into()),
        ),
        None if accepted => (MemberStatus::Added, None),
        None => (
            MemberStatus::Sent,
            Some("2Chat accepted the request but did not report on this number".into()),
        ),
    }
}

impl Provider for TwoChat {
    /// The description rides on the create (`group.description`, UNCONFIRMED officially);
    /// 2Chat documents remove and demote but no promote, and no settings call (providers.md §9).
    fn setup_support(&self, step: SetupStepKind) -> SetupSupport {
        match step {
            SetupStepKind::Description => SetupSupport::AtCreate,
            SetupStepKind::Admins => crate::not_offered_by(
                ProviderKind::TwoChat,
                "2Chat has no documented way to make a member admin",
            ),
            SetupStepKind::AdminsOnlyMessages | SetupStepKind::AdminsOnlySettings => {
                crate::not_offered_by(
                    ProviderKind::TwoChat,
                    "2Chat has no documented way to change a group's settings",
                )
            }
        }
    }

    fn kind(&self) -> ProviderKind {
        ProviderKind::TwoChat
    }

    fn limits(&self) -> Limits {
        Limits {
            create_max: BATCH_MAX,
            add_max: BATCH_MAX,
            min_gap: pacing_override().unwrap_or(self.account_gap()),
            list_lag: Duration::from_secs(5 * 60),
            per_number_results: true,
            invite_link_call: false,
            member_list: true,
        }
    }

    async fn check(&self) -> Result<AccountCheck, ProviderError> {
        let numbers = self.connected_numbers().await?;
        let info = self.read_info(Attempts::RetryConnect).await;
        if info.blocked {
            return Err(blocked());
        }
        let usable: Vec<&ConnectedNumber> = numbers.iter().filter(|n| n.usable).collect();
        let (own, summary) = match (&self.chosen_from, usable.as_slice()) {
            (Some(chosen), _) => {
                match numbers.iter().find(|n| digits(&n.phone) == digits(chosen)) {
                    Some(n) if n.usable => (
                        Some(n.phone.clone()),
                        format!("Connected. Sending from {}.", n.phone),
                    ),
                    Some(n) => (
                        None,
                        format!(
                            "The chosen number {} is not connected right now. Reconnect it in app.2chat.io, or choose another number.",
                            n.phone
                        ),
                    ),
                    None => (
                        None,
                        format!(
                            "The chosen number {chosen} is not one of this 2Chat account's numbers. Choose one of the numbers listed."
                        ),
                    ),
                }
            }
            (None, []) => return Err(no_usable_number(&numbers)),
            (None, [only]) => {
                *self.learned_from.lock().expect("lock") = Some(only.phone.clone());
                (
                    Some(only.phone.clone()),
                    format!("Connected. Sending from {}.", only.phone),
                )
            }
            (None, _) => (
                None,
                "The API key works and several WhatsApp numbers are connected: choose the one to send from."
                    .to_string(),
            ),
        };
        let summary = if info.on_trial {
            format!(
                "{summary} This account is on trial: {} requests a minute.",
                info.requests_per_minute.unwrap_or(30)
            )
        } else {
            summary
        };
        Ok(AccountCheck {
            summary,
            own_number: own,
            numbers,
            verified: true,
        })
    }

    async fn create_group(&self, req: &CreateRequest) -> Result<CreateAnswer, ProviderError> {
        self.preflight().await?;
        let from = self.sending_number().await?;
        let (participants, creator) = self.without_own(&from, &req.phones);
        self.check_batch(&participants, "create")?;
        if participants.is_empty() {
            return Err(ProviderError::Config(
                "A WhatsApp group needs at least one member besides the number it is created from."
                    .into(),
            ));
        }
        let url = self.base.join(&["open", "whatsapp", "group", "create"]);
        let body = CreateBody {
            from_number: &from,
            group: CreateGroup {
                name: &req.name,
                participants: &participants,
                description: req
                    .description
                    .as_deref()
                    .map(str::trim)
                    .filter(|d| !d.is_empty()),
            },
        };
        tracing::info!(
            provider = NAME,
            participants = participants.len(),
            from = %mask(&from),
            "creating group"
        );
        let reply = self
            .http
            .send("group/create", Attempts::Once, |c| {
                self.auth(c.post(url.clone())).json(&body)
            })
            .await?;
        if !reply.is_success() {
            return Err(self.error(&reply));
        }
        let parsed: CreateReply = reply.json()?;
        self.check_success(&reply, parsed.success.as_ref())?;
        let group = parsed
            .group
            .ok_or_else(|| reply.malformed("a reply without the new group"))?;
        let uuid = lenient::text(group.uuid.as_ref())
            .ok_or_else(|| reply.malformed("a reply without the new group's uuid"))?;
        let mut members = map_outcome(&participants, &group.outcome, &reply);
        members.extend(creator);
        Ok(CreateAnswer {
            group: GroupRef {
                name: req.name.clone(),
                id: lenient::text(group.wa_group_id.as_ref()),
                handle: uuid,
                invite_link: None,
            },
            members,
            note: Some(NO_LINK_NOTE.into()),
        })
    }

    async fn add_members(
        &self,
        group: &GroupRef,
        phones: &[String],
        _auto_invite: bool,
    ) -> Result<Vec<MemberResult>, ProviderError> {
        let from = self.sending_number().await?;
        let (participants, creator) = self.without_own(&from, phones);
        self.check_batch(&participants, "add-participant call")?;
        if participants.is_empty() {
            return Ok(creator);
        }
        let url = self.base.join(&[
            "open",
            "whatsapp",
            "group",
            &group.handle,
            "add-participant",
        ]);
        let body = AddBody {
            from_number: &from,
            participants: &participants,
        };
        tracing::info!(
            provider = NAME,
            participants = participants.len(),
            "adding participants"
        );
        // Re-adding is harmless (409 "already in the group"), so a connect failure may retry.
        let reply = self
            .http
            .send("add-participant", Attempts::RetryConnect, |c| {
                self.auth(c.post(url.clone())).json(&body)
            })
            .await?;
        if !reply.is_success() {
            return Err(self.error(&reply));
        }
        let value: Value = reply.json()?;
        self.check_success(&reply, value.get("success"))?;
        let holder = ["group", "data"]
            .iter()
            .filter_map(|k| value.get(*k))
            .find(|v| v.get("participants").is_some() || v.get("accepted_numbers").is_some())
            .unwrap_or(&value);
        let mut outcome: ParticipantOutcome =
            serde_json::from_value(holder.clone()).unwrap_or_default();
        // `unaccepted_numbers` may sit at the top even when the rest is nested.
        if outcome.unaccepted_numbers.is_none() {
            outcome.unaccepted_numbers = value
                .get("unaccepted_numbers")
                .and_then(|v| v.as_array().cloned());
        }
        let mut members = map_outcome(&participants, &outcome, &reply);
        members.extend(creator);
        Ok(members)
    }

    async fn find_group(
        &self,
        name: &str,
        probe_phones: &[String],
        created_after: Option<i64>,
    ) -> Result<Lookup, ProviderError> {
        let from = self.sending_number().await?;
        let url = self
            .base
            .join_encoded(&format!("/open/whatsapp/groups/%2B{}", digits(&from)));
        let reply = self
            .http
            .send("groups", Attempts::RetryConnect, |c| {
                self.auth(c.get(url.clone()))
            })
            .await?;
        if !reply.is_success() {
            return Err(self.error(&reply));
        }
        let value: Value = reply.json()?;
        self.check_success(&reply, value.get("success"))?;
        let Some(groups) = lenient::list(&value, &["data", "groups"]) else {
            return Err(reply.malformed("a group list without groups"));
        };
        // The create's moment on the provider's clock: its `Date` header says how far it is
        // from ours.
        let offset = reply.clock_offset_ms().unwrap_or(0);
        let mut matches: Vec<(GroupRef, Stamp)> = groups
            .iter()
            .filter(|g| {
                lenient::first_text(g, &["wa_group_name", "name", "wa_subject"]).as_deref()
                    == Some(name)
            })
            .filter_map(|g| Some((TwoChat::group_ref_from_list(name, g)?, Stamp::of(g))))
            .collect();
        // Newest first by what the list says (times compare within their kind). The list's own
        // order (UNCONFIRMED) only breaks ties, later listed first as 2Chat appends; it never
        // decides whether a group is older than the create.
        matches.reverse();
        matches.sort_by_key(|(_, stamp)| std::cmp::Reverse(stamp.sort_key()));
        let Some(after) = created_after else {
            return Ok(found(matches.into_iter().next().map(|(g, _)| g)));
        };
        if matches.is_empty() {
            return Ok(Lookup::NotFound);
        }
        let after = after + offset;
        let probe = Roster::new(probe_phones);
        let mut exact: Vec<(GroupRef, Option<i64>)> = Vec::new();
        let mut naive: Vec<(GroupRef, i64)> = Vec::new();
        let mut unknown: Vec<GroupRef> = Vec::new();
        for (group, listed) in matches.into_iter().take(LOOKUP_CANDIDATES) {
            let data = match self.get_group(&group.handle).await {
                Ok(data) => data,
                // 2Chat refuses to describe this group (e.g. 404, it no longer knows it): the
                // members could not be added to it either, so it is not the group to adopt.
                Err(e) if e.kind() == ErrorKind::InvalidRequest => {
                    tracing::info!(
                        provider = NAME,
                        "a same-name group could not be read; it is not adopted"
                    );
                    continue;
                }
                Err(e) => return Err(e),
            };
            let stamp = listed.merge(Stamp::of(&data));
            match stamp {
                Stamp::Exact(t) => exact.push((group, Some(t))),
                Stamp::Naive(t) => {
                    // Older than the create in every zone: someone's earlier group.
                    if t + NAIVE_ZONE_SPAN_MS < after {
                        continue;
                    }
                    // Close enough in time that only the members can tell: the lost create's
                    // group holds its batch (unless WhatsApp let none of them in).
                    if shares_members(&data, probe_phones, &probe) {
                        naive.push((group, t));
                    }
                }
                Stamp::Unknown => unknown.push(group),
            }
        }
        // A known recent time beats an inference; among naive times (one account, one zone) the
        // newest; an unknown time last, as before times were read.
        if let Lookup::Found { group, members } = choose(NAME, exact, after) {
            return Ok(Lookup::Found { group, members });
        }
        if let Some((group, _)) = naive.into_iter().max_by_key(|(_, t)| *t) {
            return Ok(found(Some(group)));
        }
        Ok(found(unknown.into_iter().next()))
    }

    async fn invite_link(&self, _group: &GroupRef) -> Result<Option<String>, ProviderError> {
        // 2Chat documents no invite-link endpoint.
        Ok(None)
    }

    async fn members(&self, group: &GroupRef) -> Result<Option<Vec<String>>, ProviderError> {
        let data = self.get_group(&group.handle).await?;
        let Some(participants) = data.get("participants").and_then(Value::as_array) else {
            return Ok(None);
        };
        Ok(Some(
            participants
                .iter()
                .filter_map(|p| {
                    let id = lenient::text(Some(p)).or_else(|| {
                        lenient::first_text(
                            p,
                            &["wa_participant_id", "phone", "phone_number", "id", "number"],
                        )
                    })?;
                    if is_lid(&id) {
                        Some(id)
                    } else {
                        from_wire(&id)
                    }
                })
                .collect(),
        ))
    }

    fn number_check(&self) -> NumberCheckOffer {
        let checks = *self.checks.lock().expect("lock");
        NumberCheckOffer {
            offered: true,
            why_not: None,
            per_call: 1,
            gap_ms: u32::try_from(self.check_gap().as_millis()).unwrap_or(u32::MAX),
            remaining: checks.remaining,
        }
    }

    /// One call per number at the plan's documented pace; a trial stops at its cap. A refusal
    /// after some answers keeps them and leaves the rest `unknown` with the reason; a refusal of
    /// the very first call is the error itself (nothing was learned).
    async fn check_numbers(&self, phones: &[String]) -> Result<Vec<NumberCheck>, ProviderError> {
        if !self.info_read.load(Ordering::Relaxed)
            && self.read_info(Attempts::RetryConnect).await.blocked
        {
            return Err(blocked());
        }
        let from = self.sending_number().await?;
        let mut out: Vec<NumberCheck> = Vec::with_capacity(phones.len());
        let mut stopped: Option<String> = None;
        for phone in phones {
            if let Some(reason) = &stopped {
                out.push(NumberCheck::unknown(phone, reason.clone()));
                continue;
            }
            if !self.next_check_slot().await {
                let reason = format!(
                    "not checked: a 2Chat trial allows {TRIAL_CHECKS} number checks in total and they are used up; upgrade the 2Chat plan to check more"
                );
                out.push(NumberCheck::unknown(phone, reason.clone()));
                stopped = Some(reason);
                continue;
            }
            match self.check_one(&from, phone).await {
                Ok(answer) => out.push(answer),
                Err(e) if out.is_empty() => return Err(e),
                Err(e) => {
                    tracing::warn!(provider = NAME, error = %e, "number check stopped");
                    let reason = format!("not checked: {e}");
                    out.push(NumberCheck::unknown(phone, reason.clone()));
                    stopped = Some(reason);
                }
            }
        }
        Ok(out)
    }
}
