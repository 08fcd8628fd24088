//! 2Chat stand-in: `X-User-API-Key`, phones as `+E164`.
//!
//! Rules it enforces (providers.md §1 and the create-group seed page):
//! - the API key must be the account's, else 401 (documented: invalid API key);
//! - every POST needs `Content-Type: application/json` (UNCONFIRMED status: 400, "bad JSON");
//! - `from_number` must be `+E164` and one of the account's connected numbers;
//! - create: `group.name` 1–100 characters, `group.participants` 1–10 (documented: "up to 10
//!   participants"), each `+E164` (documented 422 when not E.164);
//! - add-participant: the path must hold the group `uuid` the create returned (not the
//!   `wa_group_id`: documented), 1–10 participants, each `+E164`;
//! - an account marked `blocked` in `/info` is refused (UNCONFIRMED: 403);
//! - with a requests-per-minute limit set, calls beyond it get 429 ("Trial accounts are limited
//!   to 30 requests per minute", documented);
//! - check-number (`GET /open/whatsapp/check-number/{+from}/{+number}`): `from` one of the
//!   account's connected numbers, the number `+E164`; at most 50 calls a minute per connected
//!   number, on a trial 10 a minute and 100 checks in total (the check-number page) — beyond
//!   that 429 (UNCONFIRMED status). `/info` `usage.number_check_count` counts them. The minute
//!   is [`TwoChatStandIn::set_rate_window`] long (tests shrink it with the client's pacing).
//!
//! Times: `created_at` / `wa_created_at` come as naive `YYYY-MM-DD HH:MM:SS` in the account's
//! own zone (UNCONFIRMED zone; the get-numbers example shows naive times), and every answer
//! carries a `Date` header from the account's clock (which may be skewed).

use crate::{
    common_api, header, is_plus_e164, json, json_content_type, naive, name_ok, record, refuse,
    with_fault, Common, Shared,
};
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use std::time::{Duration, Instant, SystemTime};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

pub struct TwoChatState {
    pub(crate) common: Common,
    api_key: String,
    /// The account's numbers (get-numbers).
    numbers: Vec<Number>,
    on_trial: bool,
    blocked: bool,
    requests_per_minute: u32,
    /// Enforce `requests_per_minute` with 429s.
    enforce_rate: bool,
    window: Vec<Instant>,
    /// The account's zone for naive times, minutes east of UTC.
    zone_offset_minutes: i64,
    /// The account's clock minus the true time, for the `Date` header and its times.
    clock_skew: i64,
    /// Per-participant entries a test scripted for a number (digits), UNCONFIRMED codes.
    scripted: HashMap<String, Value>,
    /// How long "a minute" is for the rate limits (shrunk by tests that shrink the pacing).
    rate_window: Duration,
    /// check-number calls per connected number, for the per-minute limit.
    check_window: HashMap<String, Vec<Instant>>,
    /// Number checks made so far (the trial's 100 count these).
    checks_used: u32,
}

/// check-number: 50 requests a minute per connected number on paid plans.
pub const CHECKS_PER_MINUTE_PAID: usize = 50;
/// check-number on a trial: 10 a minute, 100 in total.
pub const CHECKS_PER_MINUTE_TRIAL: usize = 10;
pub const TRIAL_CHECKS: u32 = 100;

/// One of the account's numbers, with get-numbers' documented fields.
#[derive(Clone)]
struct Number {
    /// `+E164`.
    phone: String,
    /// `connection_status` `C` (else `D`).
    connected: bool,
    /// `channel_type`: `WW` (WhatsApp Web), `IG`, `SMS`.
    channel: String,
    enabled: bool,
}

impl Number {
    /// What 2Chat accepts as a `from_number`: a connected, enabled WhatsApp number.
    fn usable(&self) -> bool {
        self.connected && self.enabled && self.channel == "WW"
    }
}

pub struct TwoChatStandIn {
    server: MockServer,
    state: Shared<TwoChatState>,
}

impl TwoChatStandIn {
    const HANDLE_PREFIX: &'static str = "WAG";
    const ID_SUFFIX: &'static str = "@g.us";

    /// An account with `api_key` and one connected number `from` (`+E164`).
    pub async fn start(api_key: &str, from: &str) -> TwoChatStandIn {
        TwoChatStandIn::start_with(MockServer::start().await, api_key, from).await
    }

    /// The same, listening on `listener` (a test that needs the port before the server).
    pub async fn start_on(
        listener: std::net::TcpListener,
        api_key: &str,
        from: &str,
    ) -> TwoChatStandIn {
        let server = MockServer::builder().listener(listener).start().await;
        TwoChatStandIn::start_with(server, api_key, from).await
    }

    async fn start_with(server: MockServer, api_key: &str, from: &str) -> TwoChatStandIn {
        let state = Shared(std::sync::Arc::new(std::sync::Mutex::new(TwoChatState {
            common: Common::default(),
            api_key: api_key.into(),
            numbers: vec![Number {
                phone: from.into(),
                connected: true,
                channel: "WW".into(),
                enabled: true,
            }],
            on_trial: false,
            blocked: false,
            requests_per_minute: 80,
            enforce_rate: false,
            window: Vec::new(),
            zone_offset_minutes: 0,
            clock_skew: 0,
            scripted: HashMap::new(),
            rate_window: Duration::from_secs(60),
            check_window: HashMap::new(),
            checks_used: 0,
        })));
        Mock::given(any())
            .respond_with(Responder(state.clone()))
            .mount(&server)
            .await;
        TwoChatStandIn { server, state }
    }

    pub fn add_number(&self, phone: &str, connected: bool) {
        self.add_channel(phone, "WW", true, connected);
    }

    /// Another number of the account on `channel` (`WW`, `IG`, `SMS`), enabled or not, connected
    /// or not; a number already listed is replaced.
    pub fn add_channel(&self, phone: &str, channel: &str, enabled: bool, connected: bool) {
        let mut st = self.state.lock();
        st.numbers.retain(|n| n.phone != phone);
        st.numbers.push(Number {
            phone: phone.into(),
            connected,
            channel: channel.into(),
            enabled,
        });
    }

    /// A trial account: `/info` says so, and 30 requests a minute are enforced.
    pub fn trial(&self) {
        let mut st = self.state.lock();
        st.on_trial = true;
        st.requests_per_minute = 30;
        st.enforce_rate = true;
    }

    pub fn block(&self) {
        self.state.lock().blocked = true;
    }

    /// Enforce `rpm` requests a minute with 429s.
    pub fn limit_rate(&self, rpm: u32) {
        let mut st = self.state.lock();
        st.requests_per_minute = rpm;
        st.enforce_rate = true;
    }

    /// "A minute" for every rate limit lasts `window` (a test scaling the client's pacing by a
    /// factor scales this by the same factor, so the rules keep their proportions).
    pub fn set_rate_window(&self, window: Duration) {
        self.state.lock().rate_window = window;
    }

    /// The account has already made `n` number checks (a trial has `100 - n` left).
    pub fn set_checks_used(&self, n: u32) {
        self.state.lock().checks_used = n;
    }

    /// Number checks answered so far.
    pub fn checks_used(&self) -> u32 {
        self.state.lock().checks_used
    }

    /// Naive times in a zone `minutes` east of UTC (São Paulo: -180).
    pub fn zone(&self, minutes: i64) {
        self.state.lock().zone_offset_minutes = minutes;
    }

    /// The account's clock runs `secs` ahead (negative: behind).
    pub fn skew_clock(&self, secs: i64) {
        self.state.lock().clock_skew = secs;
    }

    /// From now on 2Chat answers `digits` (sent as `+digits`) with this per-participant `entry`
    /// and leaves the number out of the group. UNCONFIRMED: 2Chat documents only
    /// `{"statusCode":200,…}`; codes such as 403 without an invite, 408 (recently left) or 400
    /// (unknown error), and `statusCode` as a string, come from WhatsApp-Web libraries'
    /// conventions (providers.md §1a, §5c) — the client must read each plausibly. `Value::Null`
    /// means "listed in `accepted_numbers` with no entry at all" (and added).
    pub fn participant_answer(&self, digits: &str, entry: Value) {
        self.state.lock().scripted.insert(digits.into(), entry);
    }
}

common_api!(TwoChatStandIn);

struct Responder(Shared<TwoChatState>);

/// UNCONFIRMED: `{"success":false,"message":…}` (the docs say every answer has `message`).
fn error(status: u16, text: &str) -> ResponseTemplate {
    json(status, json!({"success": false, "message": text}))
}

impl TwoChatState {
    fn now_secs(&self) -> i64 {
        crate::unix_ms(SystemTime::now()) / 1000 + self.clock_skew
    }

    fn naive_of(&self, t: SystemTime) -> String {
        naive(
            crate::unix_ms(t) / 1000 + self.clock_skew,
            self.zone_offset_minutes,
        )
    }

    fn date_header(&self) -> String {
        let t = SystemTime::UNIX_EPOCH + Duration::from_secs(self.now_secs().max(0) as u64);
        httpdate::fmt_http_date(t)
    }
}

impl Respond for Responder {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let mut st = self.0.lock();
        let answer = route(&mut st, req);
        let date = st.date_header();
        answer.insert_header("Date", date.as_str())
    }
}

fn route(st: &mut TwoChatState, req: &Request) -> ResponseTemplate {
    let path = req.url.path().to_string();
    let segs: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let method = req.method.as_str();
    let endpoint = match (method, segs.as_slice()) {
        (_, ["info"]) => "info",
        (_, ["open", "whatsapp", "get-numbers"]) => "get-numbers",
        (_, ["open", "whatsapp", "group", "create"]) => "group/create",
        (_, ["open", "whatsapp", "group", _, "add-participant"]) => "add-participant",
        // 2Chat documents remove- and demote-participant but no promote (providers.md §9).
        (_, ["open", "whatsapp", "group", _, last])
            if last.contains("promote") || last.contains("admin") =>
        {
            "promote"
        }
        (_, ["open", "whatsapp", "group", _]) => "group",
        (_, ["open", "whatsapp", "groups", _]) => "groups",
        (_, ["open", "whatsapp", "check-number", _, _]) => "check-number",
        _ => "unknown",
    };
    record(&mut st.common, req, endpoint);
    if header(req, "x-user-api-key") != Some(st.api_key.as_str()) {
        return refuse(
            &mut st.common,
            endpoint,
            "X-User-API-Key",
            error(401, "Invalid API key"),
        );
    }
    if st.enforce_rate {
        let now = Instant::now();
        let window = st.rate_window;
        st.window.retain(|t| now.duration_since(*t) < window);
        if st.window.len() >= st.requests_per_minute as usize {
            return refuse(
                &mut st.common,
                endpoint,
                "requests per minute",
                error(429, "Trial accounts are limited to 30 requests per minute"),
            );
        }
        st.window.push(now);
    }
    if st.blocked && endpoint != "info" {
        return refuse(
            &mut st.common,
            endpoint,
            "account not blocked",
            error(403, "This account is blocked"),
        );
    }
    let expected = match endpoint {
        "group/create" | "add-participant" => "POST",
        "promote" => {
            return refuse(
                &mut st.common,
                endpoint,
                "2Chat has no promote endpoint",
                error(404, "Not found"),
            )
        }
        "unknown" => {
            return refuse(
                &mut st.common,
                endpoint,
                "known endpoint",
                error(404, "Not found"),
            )
        }
        _ => "GET",
    };
    if method != expected {
        return refuse(
            &mut st.common,
            endpoint,
            "method",
            error(405, "Method not allowed"),
        );
    }
    if method == "POST" && !json_content_type(req) {
        return refuse(
            &mut st.common,
            endpoint,
            "Content-Type: application/json on POST",
            error(400, "Invalid JSON structure"),
        );
    }
    let body: Value = serde_json::from_slice(&req.body).unwrap_or(Value::Null);
    match endpoint {
        "check-number" => check_number(st, segs[3], segs[4]),
        "info" => {
            let (on_trial, blocked, rpm) = (st.on_trial, st.blocked, st.requests_per_minute);
            let checks_used = st.checks_used;
            json(
                200,
                json!({
                    "success": true,
                    "account": {"on_trial": on_trial, "blocked": blocked},
                    "limits": {"requests_per_minute": rpm},
                    "usage": {"api_request_count": 10, "max_api_request_count": 1000,
                              "number_check_count": checks_used, "max_number_check_count": TRIAL_CHECKS}
                }),
            )
        }
        "get-numbers" => {
            let created = st.naive_of(SystemTime::now() - Duration::from_secs(86_400 * 30));
            let numbers: Vec<Value> = st
                .numbers
                .iter()
                .map(|n| {
                    let (phone, connected) = (&n.phone, n.connected);
                    json!({
                        "uuid": "WPN95841312-0d5f-4c2c-9d2a-2b7a1c0f9e11",
                        "friendly_name": "office",
                        "phone_number": phone,
                        "iso_country_code": "BR",
                        "pushname": "Office",
                        "server": format!("{}@c.us", &phone[1..]),
                        "platform": "android",
                        "connection_status": if connected { "C" } else { "D" },
                        "enabled": n.enabled,
                        "is_business_profile": false,
                        "channel_type": n.channel,
                        "sync_contacts": true,
                        "created_at": created,
                        "updated_at": created
                    })
                })
                .collect();
            json(200, json!({"success": true, "numbers": numbers}))
        }
        "group/create" => create(st, &body),
        "add-participant" => add(st, segs[3], &body),
        "group" => get_group(st, segs[3]),
        "groups" => list(st, segs[3]),
        _ => unreachable!(),
    }
}

fn check_from(
    st: &mut TwoChatState,
    endpoint: &str,
    body: &Value,
) -> Result<String, ResponseTemplate> {
    let from = body
        .get("from_number")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    if !is_plus_e164(&from) {
        return Err(refuse(
            &mut st.common,
            endpoint,
            "from_number as +E164",
            error(422, "from_number is not a valid E.164 number"),
        ));
    }
    if !st.numbers.iter().any(|n| n.phone == from && n.usable()) {
        // UNCONFIRMED status.
        return Err(refuse(
            &mut st.common,
            endpoint,
            "from_number connected to the account",
            error(403, "This number is not connected to your account"),
        ));
    }
    Ok(from)
}

fn check_participants(
    st: &mut TwoChatState,
    endpoint: &str,
    list: Option<&Value>,
) -> Result<Vec<String>, ResponseTemplate> {
    let Some(items) = list.and_then(Value::as_array) else {
        return Err(refuse(
            &mut st.common,
            endpoint,
            "participants array",
            error(400, "participants is required"),
        ));
    };
    if items.is_empty() || items.len() > 10 {
        return Err(refuse(
            &mut st.common,
            endpoint,
            "1 to 10 participants per call",
            error(400, "You can add up to 10 participants per request"),
        ));
    }
    let mut out = Vec::new();
    for p in items {
        match p.as_str() {
            Some(s) if is_plus_e164(s) => out.push(s.to_string()),
            _ => {
                return Err(refuse(
                    &mut st.common,
                    endpoint,
                    "participants as +E164",
                    error(422, "The number is not in E.164 format"),
                ));
            }
        }
    }
    Ok(out)
}

/// Adds `phones` to group `index` and builds 2Chat's per-number answer.
fn put_members(
    common: &mut Common,
    scripted: &HashMap<String, Value>,
    index: usize,
    phones: &[String],
) -> (Map<String, Value>, Vec<String>, Vec<String>) {
    let mut participants = Map::new();
    let mut accepted = Vec::new();
    let mut unaccepted = Vec::new();
    for p in phones {
        let digits = &p[1..];
        // UNCONFIRMED entries a test scripted (see `participant_answer`).
        match scripted.get(digits) {
            Some(Value::Null) => {
                let listed = common.as_listed(digits);
                if !common.groups[index].members.contains(&listed) {
                    common.groups[index].members.push(listed);
                }
                accepted.push(p.clone());
                continue;
            }
            Some(entry) => {
                participants.insert(p.clone(), entry.clone());
                accepted.push(p.clone());
                continue;
            }
            None => {}
        }
        if common.not_on_whatsapp.iter().any(|n| n == digits) {
            unaccepted.push(p.clone());
            continue;
        }
        let listed = common.as_listed(digits);
        // WhatsApp answers per participant under the id it knows them by. UNCONFIRMED for @lid.
        let key = if listed.ends_with("@lid") {
            p.clone()
        } else {
            format!("+{listed}")
        };
        if common.privacy.iter().any(|n| n == digits) {
            participants.insert(key, json!({"statusCode": 403, "message": "The participant can be added by sending private invitation only", "isGroupCreator": false, "isInviteV4Sent": true}));
            accepted.push(p.clone());
            continue;
        }
        let already = common.groups[index].members.contains(&listed);
        if !already {
            common.groups[index].members.push(listed);
        }
        participants.insert(key, json!({
            "statusCode": if already { 409 } else { 200 },
            "message": if already { "The participant is already in the group" } else { "The participant was added successfully" },
            "isGroupCreator": false,
            "isInviteV4Sent": false
        }));
        accepted.push(p.clone());
    }
    (participants, accepted, unaccepted)
}

fn create(st: &mut TwoChatState, body: &Value) -> ResponseTemplate {
    let from = match check_from(st, "group/create", body) {
        Ok(f) => f,
        Err(r) => return r,
    };
    let group = body.get("group").cloned().unwrap_or(Value::Null);
    let name = group
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    if !name_ok(&name) {
        return refuse(
            &mut st.common,
            "group/create",
            "group.name of 1 to 100 characters",
            error(400, "Invalid group name"),
        );
    }
    let phones = match check_participants(st, "group/create", group.get("participants")) {
        Ok(p) => p,
        Err(r) => return r,
    };
    // UNCONFIRMED officially (third-party clients send it): kept when it is a string.
    let description = group
        .get("description")
        .and_then(Value::as_str)
        .map(str::to_string);
    let scripted = st.scripted.clone();
    with_fault(&mut st.common, "group/create", |common| {
        let g = common.new_group(
            &name,
            TwoChatStandIn::HANDLE_PREFIX,
            TwoChatStandIn::ID_SUFFIX,
        );
        let index = common.groups.len() - 1;
        common.groups[index].description = description;
        let others: Vec<String> = phones.iter().filter(|p| **p != from).cloned().collect();
        let (mut participants, accepted, unaccepted) =
            put_members(common, &scripted, index, &others);
        participants.insert(from.clone(), json!({"statusCode": 200, "message": "The participant was added successfully", "isGroupCreator": true, "isInviteV4Sent": false}));
        json(
            200,
            json!({
                "success": true,
                "group": {
                    "name": name,
                    "wa_group_id": g.id,
                    "participants": participants,
                    "accepted_numbers": accepted,
                    "unaccepted_numbers": unaccepted,
                    "uuid": g.handle
                }
            }),
        )
    })
}

fn add(st: &mut TwoChatState, uuid: &str, body: &Value) -> ResponseTemplate {
    if let Err(r) = check_from(st, "add-participant", body) {
        return r;
    }
    let phones = match check_participants(st, "add-participant", body.get("participants")) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let Some(index) = st.common.groups.iter().position(|g| g.handle == uuid) else {
        return refuse(
            &mut st.common,
            "add-participant",
            "the group uuid the create returned",
            error(404, "Group not found"),
        );
    };
    let scripted = st.scripted.clone();
    with_fault(&mut st.common, "add-participant", |common| {
        let (participants, _, unaccepted) = put_members(common, &scripted, index, &phones);
        let mut answer = json!({"success": true, "participants": participants});
        if !unaccepted.is_empty() {
            answer["unaccepted_numbers"] = json!(unaccepted);
        }
        json(200, answer)
    })
}

fn get_group(st: &mut TwoChatState, uuid: &str) -> ResponseTemplate {
    let Some(index) = st.common.groups.iter().position(|g| g.handle == uuid) else {
        return refuse(
            &mut st.common,
            "group",
            "known group uuid",
            error(404, "Group not found"),
        );
    };
    let g = st.common.groups[index].clone();
    let created = st.naive_of(g.created);
    let owner = st
        .numbers
        .first()
        .map(|n| n.phone[1..].to_string())
        .unwrap_or_default();
    with_fault(&mut st.common, "group", |_| {
        let mut participants = vec![
            json!({"wa_participant_id": format!("{owner}@c.us"), "wa_pushname": "Office", "wa_is_admin": true, "wa_is_super_admin": true}),
        ];
        participants.extend(g.members.iter().map(|m| {
            let id = if m.ends_with("@lid") { m.clone() } else { format!("{m}@c.us") };
            json!({"wa_participant_id": id, "wa_pushname": null, "wa_is_admin": false, "wa_is_super_admin": false})
        }));
        json(
            200,
            json!({
                "success": true,
                "data": {
                    "uuid": g.handle,
                    "channel_uuid": "WPN95841312-0d5f-4c2c-9d2a-2b7a1c0f9e11",
                    "wa_group_id": g.id,
                    "profile_pic_url": null,
                    "wa_owner_id": format!("{owner}@c.us"),
                    "wa_group_name": g.name,
                    "wa_created_at": created,
                    "wa_subject": g.name,
                    "size": participants.len(),
                    "is_muted": false,
                    "is_read_only": false,
                    "channel_is_owner": true,
                    "created_at": created,
                    "updated_at": created,
                    "participants": participants
                }
            }),
        )
    })
}

fn check_number(st: &mut TwoChatState, from: &str, number: &str) -> ResponseTemplate {
    const EP: &str = "check-number";
    let from = from.replace("%2B", "+").replace("%2b", "+");
    let number = number.replace("%2B", "+").replace("%2b", "+");
    if !st.numbers.iter().any(|n| n.phone == from && n.usable()) {
        return refuse(
            &mut st.common,
            EP,
            "a connected number of the account as your-number",
            error(404, "Number not found"),
        );
    }
    if !is_plus_e164(&number) {
        // UNCONFIRMED status: 422 as for other numbers not in international format.
        return refuse(
            &mut st.common,
            EP,
            "number-to-check in international format (+ and country code)",
            error(422, "The number to check is not in international format"),
        );
    }
    if st.on_trial && st.checks_used >= TRIAL_CHECKS {
        return refuse(
            &mut st.common,
            EP,
            "at most 100 number checks in total on a trial",
            error(429, "Trial accounts can check up to 100 numbers"),
        );
    }
    let per_minute = if st.on_trial {
        CHECKS_PER_MINUTE_TRIAL
    } else {
        CHECKS_PER_MINUTE_PAID
    };
    let now = Instant::now();
    let window = st.rate_window;
    let calls = st.check_window.entry(from.clone()).or_default();
    calls.retain(|t| now.duration_since(*t) < window);
    if calls.len() >= per_minute {
        let rule = if st.on_trial {
            "at most 10 number checks a minute on a trial"
        } else {
            "at most 50 number checks a minute per connected number"
        };
        return refuse(
            &mut st.common,
            EP,
            rule,
            error(429, "Too many number checks, slow down"),
        );
    }
    calls.push(now);
    st.checks_used += 1;
    let digits = number.trim_start_matches('+').to_string();
    let on = !st.common.not_on_whatsapp.contains(&digits);
    // UNCONFIRMED shape: what 2Chat's example script and its users' clients read.
    with_fault(&mut st.common, EP, |_| {
        json(
            200,
            json!({
                "success": true,
                "is_valid": true,
                "on_whatsapp": on,
                "number": {"e164_format": number, "iso_country_code": null, "region": null, "carrier": null, "timezone": []}
            }),
        )
    })
}

fn list(st: &mut TwoChatState, from: &str) -> ResponseTemplate {
    let from = from.replace("%2B", "+").replace("%2b", "+");
    if !st.numbers.iter().any(|n| n.phone == from) {
        return refuse(
            &mut st.common,
            "groups",
            "a connected number in the path",
            error(404, "Number not found"),
        );
    }
    let zone = st.zone_offset_minutes;
    let skew = st.clock_skew;
    with_fault(&mut st.common, "groups", |common| {
        let mut groups: Vec<&crate::Group> =
            common.groups.iter().filter(|g| common.visible(g)).collect();
        // UNCONFIRMED order: newest first (so a client reading "last = newest" is caught).
        groups.sort_by_key(|g| std::cmp::Reverse(crate::unix_ms(g.created)));
        let data: Vec<Value> = groups
            .iter()
            .map(|g| {
                json!({
                    "uuid": g.handle,
                    "wa_group_id": g.id,
                    "wa_group_name": g.name,
                    "profile_pic_url": null,
                    "created_at": naive(crate::unix_ms(g.created) / 1000 + skew, zone)
                })
            })
            .collect();
        json(200, json!({"success": true, "data": data}))
    })
}
