//! Loopback provider servers, speaking each provider's documented contract
//! (../shared/providers.md, the seeds) and *stateful*: they remember the groups they created and
//! who is in them, so a lookup after a lost answer or a kill finds what the real service would.
//! Shared by the CLI tests (`jobs_support`) and the app's CLI/app parity test
//! (src-tauri/parity_tests.rs includes this file), so both shells meet the same stand-in.

#![allow(dead_code)]

use serde_json::{json, Value};
use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    TwoChat,
    Zapi,
    EazyBe,
}

#[derive(Clone, Debug)]
pub struct Group {
    pub id: String,
    pub name: String,
    /// Digits only.
    pub members: Vec<String>,
    /// When WhatsApp created it (Unix ms), as get-group / group metadata report it.
    pub created_ms: i64,
    /// Put there by the test (the user's older group), not created through the API.
    pub seeded: bool,
}

impl Group {
    fn new(id: String, name: String) -> Group {
        Group {
            id,
            name,
            members: vec![],
            created_ms: now_ms(),
            seeded: false,
        }
    }
}

pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

/// `YYYY-MM-DD HH:MM:SS` (UTC), the way 2Chat writes its own `created_at`.
pub fn utc_text(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02}",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// One request as the server saw it.
#[derive(Clone, Debug)]
pub struct Seen {
    pub method: String,
    /// Path as sent (still percent-encoded), without the query.
    pub path: String,
    pub body: Value,
    pub at: Instant,
    pub authorised: bool,
}

#[derive(Default)]
pub struct State {
    pub groups: Vec<Group>,
    pub seen: Vec<Seen>,
    /// Digits of numbers that are "not on WhatsApp".
    pub not_on_whatsapp: HashSet<String>,
    /// Digits of numbers whose privacy settings only allow invites.
    pub invite_only: HashSet<String>,
    pub create_delay: Duration,
    pub add_delay: Duration,
    /// Answer the next N add calls with this (status, body) instead.
    pub add_failures: Vec<(u16, Value)>,
}

pub struct Loopback {
    pub server: MockServer,
    pub state: Arc<Mutex<State>>,
    pub kind: Kind,
}

pub const TWOCHAT_KEY: &str = "UAK-2chat-7f3a9c1e55d04b2b";
pub const TWOCHAT_FROM: &str = "+595981048477";
pub const ZAPI_ID: &str = "3C01ZINSTANCE7788";
pub const ZAPI_TOKEN: &str = "F1zapiTOKENa8d2e6b0c4";
pub const ZAPI_CLIENT: &str = "Fzclient5e7a1b9d3c";
/// The Z-API instance's own number (digits), reported by `/device`.
pub const ZAPI_OWN: &str = "5511977770000";
pub const EAZYBE_TOKEN: &str = "ezb-org-token-91c4d7e2a0f6";

impl Loopback {
    pub async fn start(kind: Kind) -> Loopback {
        let server = MockServer::start().await;
        let state = Arc::new(Mutex::new(State::default()));
        Mock::given(any())
            .respond_with(Handler {
                kind,
                state: state.clone(),
            })
            .mount(&server)
            .await;
        Loopback {
            server,
            state,
            kind,
        }
    }

    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// Environment for the CLI to reach this server with the right credentials.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        match self.kind {
            Kind::TwoChat => vec![
                ("GROUPDROP_2CHAT_API_KEY", TWOCHAT_KEY.into()),
                ("GROUPDROP_2CHAT_FROM_NUMBER", TWOCHAT_FROM.into()),
                ("GROUPDROP_2CHAT_BASE_URL", self.uri()),
            ],
            Kind::Zapi => vec![
                ("GROUPDROP_ZAPI_INSTANCE_ID", ZAPI_ID.into()),
                ("GROUPDROP_ZAPI_INSTANCE_TOKEN", ZAPI_TOKEN.into()),
                ("GROUPDROP_ZAPI_CLIENT_TOKEN", ZAPI_CLIENT.into()),
                ("GROUPDROP_ZAPI_BASE_URL", self.uri()),
            ],
            Kind::EazyBe => vec![
                ("GROUPDROP_EAZYBE_TOKEN", EAZYBE_TOKEN.into()),
                ("GROUPDROP_EAZYBE_BASE_URL", self.uri()),
            ],
        }
    }

    pub fn provider_arg(&self) -> &'static str {
        match self.kind {
            Kind::TwoChat => "2chat",
            Kind::Zapi => "zapi",
            Kind::EazyBe => "eazybe",
        }
    }

    pub fn with<T>(&self, f: impl FnOnce(&mut State) -> T) -> T {
        f(&mut self.state.lock().unwrap())
    }

    /// Requests whose path ends with `suffix` (and method matches).
    pub fn calls(&self, method: &str, suffix: &str) -> Vec<Seen> {
        self.with(|s| {
            s.seen
                .iter()
                .filter(|r| r.method == method && r.path.ends_with(suffix))
                .cloned()
                .collect()
        })
    }

    /// The create requests the server received, in order.
    pub fn create_requests(&self) -> Vec<Seen> {
        match self.kind {
            Kind::TwoChat => self.calls("POST", "/open/whatsapp/group/create"),
            Kind::Zapi => self.calls("POST", "/create-group"),
            Kind::EazyBe => self
                .calls("POST", "/v2/cloud/group")
                .into_iter()
                .filter(|r| r.body["create"] == json!(true))
                .collect(),
        }
    }

    pub fn creates(&self) -> usize {
        self.create_requests().len()
    }

    /// The user's own older group with `name` (created a year ago, one member), as a school
    /// that makes "Class 5B parents" every year has. Returns its id.
    pub fn seed_old_group(&self, name: &str) -> String {
        let id = match self.kind {
            Kind::TwoChat => "WAG00000000-last-year".to_string(),
            Kind::Zapi => "120363000000000000-group".to_string(),
            Kind::EazyBe => name.to_string(),
        };
        self.with(|s| {
            s.groups.push(Group {
                id: id.clone(),
                name: name.to_string(),
                members: vec!["5511900000001".into()],
                created_ms: now_ms() - 365 * 86_400_000,
                seeded: true,
            })
        });
        id
    }

    /// The groups created through the API (not seeded), oldest first.
    pub fn created_groups(&self) -> Vec<Group> {
        self.with(|s| s.groups.iter().filter(|g| !g.seeded).cloned().collect())
    }

    pub fn unauthorised(&self) -> usize {
        self.with(|s| s.seen.iter().filter(|r| !r.authorised).count())
    }
}

struct Handler {
    kind: Kind,
    state: Arc<Mutex<State>>,
}

fn json_reply(status: u16, body: Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(body)
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

impl Respond for Handler {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let body: Value = serde_json::from_slice(&req.body).unwrap_or(Value::Null);
        let path = req.url.path().to_string();
        let header = |name: &str| {
            req.headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let authorised = match self.kind {
            Kind::TwoChat => header("x-user-api-key").as_deref() == Some(TWOCHAT_KEY),
            Kind::Zapi => {
                header("client-token").as_deref() == Some(ZAPI_CLIENT)
                    && path.starts_with(&format!("/instances/{ZAPI_ID}/token/{ZAPI_TOKEN}/"))
            }
            Kind::EazyBe => {
                header("authorization").as_deref() == Some(&format!("Bearer {EAZYBE_TOKEN}"))
            }
        };
        let mut st = self.state.lock().unwrap();
        st.seen.push(Seen {
            method: req.method.to_string(),
            path: path.clone(),
            body: body.clone(),
            at: Instant::now(),
            authorised,
        });
        if !authorised {
            return match self.kind {
                Kind::Zapi => json_reply(400, json!({"error": "null not allowed"})),
                Kind::TwoChat => {
                    json_reply(401, json!({"success": false, "message": "Invalid API key"}))
                }
                Kind::EazyBe => {
                    json_reply(401, json!({"status": false, "message": "Unauthorized"}))
                }
            };
        }
        let method = req.method.to_string();
        match self.kind {
            Kind::TwoChat => twochat(&mut st, &method, &path, &body),
            Kind::Zapi => {
                let rest = path
                    .strip_prefix(&format!("/instances/{ZAPI_ID}/token/{ZAPI_TOKEN}"))
                    .unwrap_or("")
                    .to_string();
                zapi(&mut st, &method, &rest, &body)
            }
            Kind::EazyBe => eazybe(&mut st, &method, &path, &body),
        }
    }
}

/// 2Chat: per-number statusCode (200 added, 403 + isInviteV4Sent invited), unaccepted_numbers.
fn twochat(st: &mut State, method: &str, path: &str, body: &Value) -> ResponseTemplate {
    let participants_outcome = |st: &mut State, group: usize, phones: &[String]| {
        let mut map = serde_json::Map::new();
        let mut accepted = vec![];
        let mut unaccepted = vec![];
        for p in phones {
            let d = digits(p);
            if st.not_on_whatsapp.contains(&d) {
                unaccepted.push(json!(p));
                continue;
            }
            let (code, invite) = if st.groups[group].members.contains(&d) {
                (409, false)
            } else if st.invite_only.contains(&d) {
                (403, true)
            } else {
                st.groups[group].members.push(d.clone());
                (200, false)
            };
            accepted.push(json!(p));
            map.insert(
                p.clone(),
                json!({"statusCode": code, "message": "ok", "isGroupCreator": false, "isInviteV4Sent": invite}),
            );
        }
        (Value::Object(map), accepted, unaccepted)
    };
    match (method, path) {
        ("GET", "/open/whatsapp/get-numbers") => json_reply(
            200,
            json!({"success": true, "numbers": [{
                "uuid": "WPN95841312-aaaa", "friendly_name": "office", "phone_number": TWOCHAT_FROM,
                "iso_country_code": "PY", "connection_status": "C", "enabled": true,
                "channel_type": "WW", "is_business_profile": false
            }]}),
        ),
        ("GET", "/info") => json_reply(
            200,
            json!({"success": true, "limits": {"requests_per_minute": 6000}}),
        ),
        ("POST", "/open/whatsapp/group/create") => {
            assert_eq!(body["from_number"], json!(TWOCHAT_FROM));
            let name = body["group"]["name"].as_str().unwrap_or("").to_string();
            let phones = strings(&body["group"]["participants"]);
            assert!(phones.len() <= 10, "2Chat creates take at most 10");
            let uuid = format!("WAG{:08}-d2bd-4946-86c6-30f8a3c849c6", st.groups.len() + 1);
            let wa = format!("12036377777777{:04}@g.us", st.groups.len() + 1);
            st.groups.push(Group::new(uuid.clone(), name.clone()));
            let g = st.groups.len() - 1;
            let (participants, accepted, unaccepted) = participants_outcome(st, g, &phones);
            json_reply(
                200,
                json!({"success": true, "group": {
                    "name": name, "wa_group_id": wa, "participants": participants,
                    "accepted_numbers": accepted, "unaccepted_numbers": unaccepted, "uuid": uuid
                }}),
            )
            .set_delay(st.create_delay)
        }
        ("POST", p) if p.ends_with("/add-participant") => {
            if !st.add_failures.is_empty() {
                let (status, body) = st.add_failures.remove(0);
                return json_reply(status, body);
            }
            let uuid = p
                .trim_start_matches("/open/whatsapp/group/")
                .trim_end_matches("/add-participant");
            let Some(g) = st.groups.iter().position(|g| g.id == uuid) else {
                return json_reply(404, json!({"success": false, "message": "group not found"}));
            };
            let phones = strings(&body["participants"]);
            assert!(phones.len() <= 10, "2Chat adds take at most 10");
            let (participants, _, unaccepted) = participants_outcome(st, g, &phones);
            let mut reply = json!({"success": true, "participants": participants});
            if !unaccepted.is_empty() {
                reply["unaccepted_numbers"] = json!(unaccepted);
            }
            json_reply(200, reply).set_delay(st.add_delay)
        }
        // List groups: as documented, no times; in the order they were made.
        ("GET", p) if p.starts_with("/open/whatsapp/groups/") => {
            let data: Vec<Value> = st
                .groups
                .iter()
                .map(|g| json!({"uuid": g.id, "wa_group_id": "x@g.us", "wa_group_name": g.name, "profile_pic_url": null}))
                .collect();
            json_reply(200, json!({"success": true, "data": data}))
        }
        // Get group: WhatsApp's creation time and 2Chat's own record time (a little later).
        ("GET", p) if p.starts_with("/open/whatsapp/group/") => {
            let uuid = p.trim_start_matches("/open/whatsapp/group/");
            let Some(g) = st.groups.iter().find(|g| g.id == uuid) else {
                return json_reply(404, json!({"success": false, "message": "group not found"}));
            };
            let participants: Vec<Value> = g
                .members
                .iter()
                .map(|m| json!({"wa_participant_id": format!("{m}@c.us"), "wa_is_admin": false}))
                .collect();
            json_reply(
                200,
                json!({"success": true, "data": {
                    "uuid": g.id, "channel_uuid": "WPN95841312-aaaa", "wa_group_id": "x@g.us",
                    "wa_group_name": g.name, "wa_subject": g.name, "size": g.members.len() + 1,
                    "wa_created_at": utc_text(g.created_ms).replace(' ', "T") + ".000Z",
                    "created_at": utc_text(g.created_ms + 3_000),
                    "participants": participants
                }}),
            )
        }
        _ => json_reply(
            404,
            json!({"success": false, "message": "no such endpoint"}),
        ),
    }
}

/// Z-API: digits only; create answers `phone`, `invitationLink`, `phonesNotAdded`; add answers
/// `{"value": true}` only; light-group-metadata lists participants.
fn zapi(st: &mut State, method: &str, rest: &str, body: &Value) -> ResponseTemplate {
    let join = |st: &mut State, g: usize, phones: &[String]| -> Vec<String> {
        let mut not_added = vec![];
        for p in phones {
            assert!(
                p.chars().all(|c| c.is_ascii_digit()),
                "Z-API phones are digits only: {p}"
            );
            assert_ne!(p, ZAPI_OWN, "the connected number must never be sent");
            if st.not_on_whatsapp.contains(p) || st.invite_only.contains(p) {
                not_added.push(p.clone());
            } else if !st.groups[g].members.contains(p) {
                st.groups[g].members.push(p.clone());
            }
        }
        not_added
    };
    match (method, rest) {
        ("GET", "/status") => json_reply(
            200,
            json!({"connected": true, "error": "You are already connected.", "smartphoneConnected": true}),
        ),
        ("GET", "/device") => json_reply(200, json!({"phone": ZAPI_OWN, "name": "Office"})),
        ("POST", "/create-group") => {
            let name = body["groupName"].as_str().unwrap_or("").to_string();
            let phones = strings(&body["phones"]);
            let id = format!("1203630195026{:05}-group", st.groups.len() + 1);
            st.groups.push(Group::new(id.clone(), name));
            let g = st.groups.len() - 1;
            let not_added = join(st, g, &phones);
            json_reply(
                200,
                json!({"phone": id, "invitationLink": format!("https://chat.whatsapp.com/Zinv{:04}", g + 1), "phonesNotAdded": not_added}),
            )
            .set_delay(st.create_delay)
        }
        ("POST", "/add-participant") => {
            if !st.add_failures.is_empty() {
                let (status, body) = st.add_failures.remove(0);
                return json_reply(status, body);
            }
            let id = body["groupId"].as_str().unwrap_or("");
            let Some(g) = st.groups.iter().position(|g| g.id == id) else {
                return json_reply(200, json!({"value": false}));
            };
            let phones = strings(&body["phones"]);
            join(st, g, &phones);
            json_reply(200, json!({"value": true})).set_delay(st.add_delay)
        }
        ("GET", "/groups") => {
            let list: Vec<Value> = st
                .groups
                .iter()
                .map(|g| json!({"isGroup": true, "name": g.name, "phone": g.id}))
                .collect();
            json_reply(200, json!(list))
        }
        ("GET", p) if p.starts_with("/light-group-metadata/") => {
            let id = p.trim_start_matches("/light-group-metadata/");
            match st.groups.iter().find(|g| g.id == id) {
                Some(g) => {
                    let mut participants: Vec<Value> = g
                        .members
                        .iter()
                        .map(|m| json!({"phone": m, "isAdmin": false, "isSuperAdmin": false}))
                        .collect();
                    participants
                        .push(json!({"phone": ZAPI_OWN, "isAdmin": true, "isSuperAdmin": true}));
                    json_reply(
                        200,
                        json!({"phone": g.id, "owner": ZAPI_OWN, "subject": g.name, "creation": g.created_ms, "participants": participants}),
                    )
                }
                None => json_reply(200, json!({"error": "group not found"})),
            }
        }
        ("POST", p) if p.starts_with("/group-invitation-link/") => {
            let id = p.trim_start_matches("/group-invitation-link/");
            match st.groups.iter().position(|g| g.id == id) {
                Some(g) => json_reply(
                    200,
                    json!({"phone": id, "invitationLink": format!("https://chat.whatsapp.com/Zinv{:04}", g + 1)}),
                ),
                None => json_reply(200, json!({"error": "group not found"})),
            }
        }
        _ => json_reply(405, json!({"error": "method not allowed"})),
    }
}

/// EazyBe: groups by name; `create: false` on a missing group is a 404.
fn eazybe(st: &mut State, method: &str, path: &str, body: &Value) -> ResponseTemplate {
    match (method, path) {
        ("GET", "/v2/users/public/last-active") => json_reply(
            200,
            json!({"statusCode": 200, "status": "success", "message": "Users fetched successfully", "data": []}),
        ),
        ("POST", "/v2/cloud/group") => {
            let name = body["groupName"].as_str().unwrap_or("").to_string();
            let create = body["create"] == json!(true);
            let contacts = strings(&body["contacts"]);
            for c in &contacts {
                assert!(
                    c.chars().all(|x| x.is_ascii_digit()),
                    "EazyBe contacts are digits: {c}"
                );
            }
            let g = match st.groups.iter().position(|g| g.name == name) {
                Some(g) => g,
                None if create => {
                    st.groups.push(Group::new(name.clone(), name));
                    st.groups.len() - 1
                }
                None => {
                    return json_reply(404, json!({"status": false, "message": "Group not found"}))
                }
            };
            for c in contacts {
                if !st.groups[g].members.contains(&c) {
                    st.groups[g].members.push(c);
                }
            }
            let delay = if create {
                st.create_delay
            } else {
                st.add_delay
            };
            json_reply(
                200,
                json!({"status": true, "message": "Group created and chat IDs added successfully."}),
            )
            .set_delay(delay)
        }
        _ => json_reply(404, json!({"status": false, "message": "Not found"})),
    }
}
