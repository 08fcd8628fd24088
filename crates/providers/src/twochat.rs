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
//!   need minutes to list a new group, hence `list_lag`;
//! - no invite-link endpoint is documented.

use crate::config::{expose, pacing_override, BaseUrl, TwoChatConfig};
use crate::error::{ErrorKind, ProviderError};
use crate::http::{Attempts, Http, Reply};
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
/// Trial accounts get 30 requests a minute; `/info` tells the real figure.
const DEFAULT_GAP: Duration = Duration::from_secs(2);
const CREDENTIALS_HINT: &str =
    "Check the API key: copy it again from app.2chat.io → Developers → API access.";
const FORBIDDEN_HINT: &str = "This API key may not use that number or feature. Check the key and the chosen number in app.2chat.io.";
/// Where 2Chat gives a group's age: WhatsApp's creation time, and when 2Chat first saw the group.
const CREATED_KEYS: &[&str] = &["wa_created_at", "created_at"];
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
        })
    }

    /// The gap between calls this account allows before `GROUPDROP_PACING_MS` is applied:
    /// 60 s / `limits.requests_per_minute` once `check()` has read `/info`, else the trial
    /// accounts' 30 a minute.
    pub fn account_gap(&self) -> Duration {
        match self.learned_gap_ms.load(Ordering::Relaxed) {
            0 => DEFAULT_GAP,
            ms => Duration::from_millis(ms),
        }
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

    /// Reads `/info` for the account's request rate; failures only mean "keep the default".
    async fn learn_rate(&self) {
        let url = self.base.join(&["info"]);
        let Ok(reply) = self
            .http
            .send("info", Attempts::Once, |c| self.auth(c.get(url.clone())))
            .await
        else {
            return;
        };
        let rpm = reply
            .is_success()
            .then(|| reply.value())
            .flatten()
            .and_then(|v| lenient::code(v.get("limits")?.get("requests_per_minute")));
        if let Some(rpm) = rpm.filter(|r| *r > 0) {
            let gap_ms = 60_000u64.div_ceil(u64::from(rpm));
            self.learned_gap_ms.store(gap_ms, Ordering::Relaxed);
            tracing::debug!(provider = NAME, rpm, gap_ms, "learned request rate");
        }
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
                entries.insert(digits(key), entry);
            }
        }
        Some(Value::Array(items)) => {
            for entry in items {
                if let Some(id) =
                    lenient::first_text(entry, &["phone", "number", "id", "participant"])
                {
                    entries.insert(digits(&id), entry);
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
            .map(|s| digits(&s))
            .collect()
    };
    let accepted = numbers(&outcome.accepted_numbers);
    let unaccepted = numbers(&outcome.unaccepted_numbers);

    requested
        .iter()
        .map(|phone| {
            let key = digits(phone);
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
        self.learn_rate().await;
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
        Ok(AccountCheck {
            summary,
            own_number: own,
            numbers,
            verified: true,
        })
    }

    async fn create_group(&self, req: &CreateRequest) -> Result<CreateAnswer, ProviderError> {
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
        _probe_phones: &[String],
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
        let mut matches: Vec<(GroupRef, Option<i64>)> = groups
            .iter()
            .filter(|g| {
                lenient::first_text(g, &["wa_group_name", "name", "wa_subject"]).as_deref()
                    == Some(name)
            })
            .filter_map(|g| {
                let group = TwoChat::group_ref_from_list(name, g)?;
                Some((group, lenient::earliest_ms(g, CREATED_KEYS)))
            })
            .collect();
        // Newest first. The list is documented without times; when every match carries one,
        // it orders them, otherwise later in the list is taken as newer (the order 2Chat added
        // them in).
        matches.reverse();
        if matches.iter().all(|(_, t)| t.is_some()) {
            matches.sort_by_key(|(_, t)| std::cmp::Reverse(*t));
        }
        let Some(after) = created_after else {
            return Ok(found(matches.into_iter().next().map(|(g, _)| g)));
        };
        if matches.is_empty() {
            return Ok(Lookup::NotFound);
        }
        // The list does not say when a group was made; get-group does (`wa_created_at`, and
        // 2Chat's own `created_at`). One call per namesake, for the newest few only.
        let mut candidates = Vec::new();
        for (group, listed) in matches.into_iter().take(LOOKUP_CANDIDATES) {
            let detail = match self.get_group(&group.handle).await {
                Ok(data) => lenient::earliest_ms(&data, CREATED_KEYS),
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
            // Either time being older than the create proves the group existed before it.
            let created = match (listed, detail) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            candidates.push((group, created));
        }
        Ok(choose(NAME, candidates, after))
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
                    from_wire(&id)
                })
                .collect(),
        ))
    }
}
