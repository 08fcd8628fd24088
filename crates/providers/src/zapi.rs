//! Z-API (developer.z-api.io): `/instances/{id}/token/{token}/...` plus a `Client-Token` header,
//! phones as digits only.
//!
//! - create: `POST .../create-group` `{autoInvite, groupName, phones}` → `{phone, phonesNotAdded,
//!   invitationLink}`; the connected number must never be among `phones`; `@lid` entries in
//!   `phonesNotAdded` are not phone numbers and are ignored;
//! - add: `POST .../add-participant` → `{value: bool}` only, so members are `Sent` until
//!   `light-group-metadata` shows who is in ([`crate::reconcile`]);
//! - link: in the create reply, else `POST .../group-invitation-link/{groupId}`;
//! - lookup: `GET .../groups?page=&pageSize=` (CONFIRMED, developer.z-api.io/en/group/get-groups:
//!   a bare array of chats with `isGroup`, `name`, `phone`) and then the recent chats,
//!   `GET .../chats?page=&pageSize=` (CONFIRMED, /en/chats/get-chats: same fields), then
//!   `light-group-metadata` (`creation`) of the first few same-name groups, to skip those created
//!   before the lost create. UNCONFIRMED: how soon a new group appears in either list, so a lookup
//!   that finds nothing within [`LIST_LAG`] is not proof that the create did not happen;
//! - connected number: `GET .../device` (CONFIRMED, developer.z-api.io/en/instance/device:
//!   `{"phone","imgUrl","about","name","device":{"sessionName","device_model"},"originalDevice",
//!   "sessionId","isBusiness"}`; the example leaves `phone` empty, so its format is UNCONFIRMED and
//!   read leniently: digits, `+digits` or `digits@c.us`). Z-API forbids the connected number in
//!   `phones`, so while it is unknown no phones are sent at all.
//!
//! - number check: `POST .../phone-exists-batch` `{phones:[digits…]}` (at most 50,000 a call) →
//!   `[{exists, inputPhone, outputPhone, lid}]` (CONFIRMED,
//!   developer.z-api.io/en/contacts/get-iswhatsapp-batch). `outputPhone` is the number as WhatsApp
//!   registered it (Brazil's ninth digit settled), the identity to send. Z-API's page advises
//!   against checking as a routine step before every send, so only an explicit user action calls
//!   it. Read leniently: `exists` as any flag, entries matched back by identity, not by position.
//!
//! The instance token is part of every URL, which is why no URL is ever logged or put in an error.
//! The Client-Token (account security token) is optional until "Activate Token" is clicked in the
//! panel (CONFIRMED, /en/security/client-token); once active, a call without it answers
//! `{"error":"null not allowed"}` with a status that is not documented (UNCONFIRMED; 400, 401
//! and even 200 are seen), so error texts are read whatever the status.

use crate::config::{expose, pacing_override, BaseUrl, ZapiConfig};
use crate::error::{ErrorKind, ProviderError};
use crate::http::{Attempts, Http, Reply};
use crate::identity::{is_lid, whatsapp_key};
use crate::lenient;
use crate::model::*;
use crate::phone_format::{digits, from_wire, mask, plus_e164, split_own};
use crate::recency::{choose, found, LOOKUP_CANDIDATES};
use crate::Provider;
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::HashSet;
use std::sync::Mutex;
use std::time::Duration;

const NAME: &str = "Z-API";
/// `phone-exists-batch` takes at most 50,000 numbers a call (the batch check page).
pub const CHECK_BATCH_MAX: usize = 50_000;
/// Z-API documents no cap; its own example talks about batches of 10. 20 keeps a refused batch
/// small while not multiplying calls.
const BATCH_MAX: usize = 20;
/// Z-API's own message queue spaces sends 1-3 s apart; group operations get at least that.
const DEFAULT_GAP: Duration = Duration::from_secs(3);
/// Pages of the chat list read while looking for a group.
const LIST_PAGE_SIZE: usize = 100;
const LIST_MAX_PAGES: usize = 20;
/// Pages of the recent chats read after the group list (the new group is among the newest).
const CHATS_MAX_PAGES: usize = 2;
/// How long after a create a lookup that finds nothing is not yet proof of absence. Z-API
/// documents no delay (UNCONFIRMED); its lists come from the phone's own chat list, which syncs
/// late, and a second create costs a duplicate group, so the wait matches 2Chat's "a few
/// minutes".
pub const LIST_LAG: Duration = Duration::from_secs(5 * 60);
const INSTANCE_HINT: &str =
    "Check the instance ID and instance token: copy them again from the Z-API panel → Instances.";
const CLIENT_TOKEN_HINT: &str = "Z-API says this account's security token is active (\"Activate Token\" was clicked in the Z-API panel), and GroupDrop did not send it or sent a different one. Copy the account security token (Client-Token) from the Z-API panel → Security and add it to this account, then try again.";
const UNKNOWN_OWN_HINT: &str = "GroupDrop could not learn which WhatsApp number is connected to this Z-API instance (Z-API's device information did not answer), and Z-API must never be sent that number as a member. Try again in a moment, or type the connected number in the account settings.";
const GENERAL_HINT: &str = "Check the instance ID, the instance token and the Client-Token (account security token) in the Z-API panel.";
const CONFIRM_REASON: &str =
    "Z-API accepted the request; GroupDrop reads the group to confirm who joined";

/// A Z-API instance, ready to call.
pub struct Zapi {
    http: Http,
    base: BaseUrl,
    instance_id: SecretString,
    instance_token: SecretString,
    /// `None` while the account has not activated its security token.
    client_token: Option<SecretString>,
    own_number: Mutex<Option<String>>,
}

impl std::fmt::Debug for Zapi {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Zapi")
            .field("base", &self.base)
            .finish_non_exhaustive()
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CreateBody<'a> {
    auto_invite: bool,
    group_name: &'a str,
    phones: &'a [String],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AddBody<'a> {
    auto_invite: bool,
    group_id: &'a str,
    phones: &'a [String],
}

/// `POST .../update-group-description`: body CONFIRMED
/// (developer.z-api.io/en/group/update-group-description); the PATH is UNCONFIRMED, taken from
/// the page's slug (providers.md §9).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DescriptionBody<'a> {
    group_id: &'a str,
    group_description: &'a str,
}

/// `POST .../add-admin` `{groupId, phones}` — CONFIRMED (developer.z-api.io/en/group/add-admin).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AddAdminBody<'a> {
    group_id: &'a str,
    phones: &'a [String],
}

/// `POST .../update-group-settings` — CONFIRMED (developer.z-api.io/group/update-group-settings):
/// the group id goes in `phone` (not `groupId`) and all four booleans are required, so the two
/// GroupDrop does not offer are sent as `false` (WhatsApp's defaults).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SettingsBody<'a> {
    phone: &'a str,
    admin_only_message: bool,
    admin_only_settings: bool,
    require_admin_approval: bool,
    admin_only_add_member: bool,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CreateReply {
    #[serde(default)]
    phone: Option<Value>,
    #[serde(default)]
    phones_not_added: Option<Vec<Value>>,
    #[serde(default)]
    invitation_link: Option<String>,
}

#[derive(Serialize)]
struct CheckBody<'a> {
    phones: &'a [String],
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct StatusReply {
    #[serde(default)]
    connected: Option<Value>,
    #[serde(default)]
    smartphone_connected: Option<Value>,
    #[serde(default)]
    error: Option<String>,
}

/// Where a call points, for reading a bare 404.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Target {
    Instance,
    Group,
}

impl Zapi {
    pub fn new(config: ZapiConfig) -> Result<Zapi, ProviderError> {
        let http = Http::new(
            ProviderKind::Zapi,
            &config.base_url,
            &config.http,
            [
                Some(config.instance_id.clone()),
                Some(config.instance_token.clone()),
                config.client_token.clone(),
            ]
            .into_iter()
            .flatten()
            .collect(),
        )?;
        Ok(Zapi {
            http,
            base: config.base_url,
            instance_id: config.instance_id,
            instance_token: config.instance_token,
            client_token: config.client_token,
            own_number: Mutex::new(config.own_number),
        })
    }

    /// `{base}/instances/{id}/token/{token}/{rest…}`. Only ever handed to reqwest.
    fn url(&self, rest: &[&str]) -> url::Url {
        let mut segments = vec![
            "instances",
            expose(&self.instance_id),
            "token",
            expose(&self.instance_token),
        ];
        segments.extend_from_slice(rest);
        self.base.join(&segments)
    }

    fn auth(&self, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match &self.client_token {
            Some(token) => request.header("Client-Token", expose(token)),
            None => request,
        }
    }

    fn own_number(&self) -> Option<String> {
        self.own_number.lock().expect("lock").clone()
    }

    /// The connected number, asking `GET /device` when nobody told us. Z-API forbids the
    /// connected number among `phones`, and a job may start without "Test connection" having run
    /// in this process (a resume, the CLI with environment credentials), so every call that sends
    /// phones first makes sure it knows which number to leave out — and refuses to send any
    /// while it is unknown (nothing has left, so the engine may simply try again later).
    async fn require_own_number(&self) -> Result<String, ProviderError> {
        if let Some(known) = self.own_number() {
            return Ok(known);
        }
        self.learn_own_number()
            .await
            .ok_or_else(|| ProviderError::NotConnected {
                provider: NAME,
                detail: UNKNOWN_OWN_HINT.into(),
            })
    }

    /// The `error` text of a reply, if it has one.
    fn error_text(reply: &Reply) -> Option<String> {
        let value = reply.value()?;
        lenient::text(value.get("error"))
            .or_else(|| lenient::text(value.get("message")))
            .or_else(|| lenient::text(value.get("error").and_then(|e| e.get("message"))))
    }

    /// Z-API's error texts mean the same whatever status carries them.
    fn error_from_text(text: &str) -> Option<ProviderError> {
        let t = text.to_ascii_lowercase();
        if t.contains("null not allowed")
            || t.contains("client-token")
            || t.contains("client token")
        {
            return Some(ProviderError::Credentials {
                provider: NAME,
                hint: CLIENT_TOKEN_HINT.into(),
            });
        }
        // English as documented; Portuguese because Z-API is Brazilian and not every message is
        // translated.
        let instance = t.contains("instance") || t.contains("instância") || t.contains("instancia");
        let missing = t.contains("not found")
            || t.contains("invalid")
            || t.contains("não encontrad")
            || t.contains("inválid");
        if (instance && missing)
            || t.contains("invalid token")
            || t.contains("token invalid")
            || t.contains("unauthorized")
        {
            return Some(ProviderError::Credentials {
                provider: NAME,
                hint: INSTANCE_HINT.into(),
            });
        }
        // WhatsApp's own refusal (Baileys' `rate-overlimit`, passed on by gateways): the
        // number is being throttled; hours, not seconds, before trying again.
        if t.contains("rate-overlimit") || t.contains("rate overlimit") {
            return Some(ProviderError::RateLimited {
                provider: NAME,
                retry_after: Some(Duration::from_secs(3600)),
            });
        }
        if t.contains("restore the session") || t.contains("restore session") {
            return Some(not_connected_restore());
        }
        if t.contains("not connected")
            || t.contains("disconnected")
            || t.contains("não está conectad")
            || t.contains("desconectad")
        {
            return Some(not_connected());
        }
        None
    }

    fn error(&self, reply: &Reply, target: Target) -> ProviderError {
        if let Some(e) = Zapi::error_text(reply).and_then(|t| Zapi::error_from_text(&t)) {
            return e;
        }
        if reply.looks_html() {
            return reply.common_error(GENERAL_HINT);
        }
        match (reply.status, target) {
            (403, _) => ProviderError::Credentials {
                provider: NAME,
                hint: GENERAL_HINT.into(),
            },
            // A bare 404 on an instance call: the address does not exist. Most often a wrong
            // instance id or token, but also a deleted or expired instance, or a custom address
            // that is not Z-API: say so instead of blaming the credentials alone.
            (404, Target::Instance) => ProviderError::InvalidRequest {
                provider: NAME,
                status: 404,
                detail: "it answered \"not found\" for this instance. Check the instance ID and instance token in the Z-API panel → Instances; if they are right, the instance may have been deleted or its subscription may have ended.".into(),
            },
            (404, Target::Group) => ProviderError::InvalidRequest {
                provider: NAME,
                status: 404,
                detail: "it does not know this group (it may have been deleted)".into(),
            },
            (405, _) => ProviderError::InvalidRequest {
                provider: NAME,
                status: 405,
                detail: "it did not accept the request method for this call (HTTP 405). Check that the Z-API address in the account settings is Z-API's own (https://api.z-api.io).".into(),
            },
            (415, _) => ProviderError::InvalidRequest {
                provider: NAME,
                status: 415,
                detail: "it refused the request because it was not marked as JSON (HTTP 415). If a proxy sits between GroupDrop and Z-API, it may be removing the Content-Type header.".into(),
            },
            _ => reply.common_error(GENERAL_HINT),
        }
    }

    /// A 200 whose body is an error (`{"error": "…"}`) instead of the documented result.
    fn error_in_success(&self, reply: &Reply) -> ProviderError {
        match Zapi::error_text(reply) {
            Some(text) => {
                Zapi::error_from_text(&text).unwrap_or_else(|| ProviderError::InvalidRequest {
                    provider: NAME,
                    status: reply.status,
                    detail: reply
                        .clean(&text)
                        .unwrap_or_else(|| "it refused the request".into()),
                })
            }
            None => reply.malformed("a reply without the expected fields"),
        }
    }

    async fn get(
        &self,
        call: &'static str,
        url: url::Url,
        target: Target,
    ) -> Result<Reply, ProviderError> {
        let reply = self
            .http
            .send(call, Attempts::RetryConnect, |c| {
                self.auth(c.get(url.clone()))
            })
            .await?;
        if !reply.is_success() {
            return Err(self.error(&reply, target));
        }
        Ok(reply)
    }

    /// `GET .../light-group-metadata/{groupId}` (participants, `creation`); a 200 carrying
    /// `{"error": …}` instead is an error.
    async fn group_metadata(&self, group_id: &str) -> Result<Value, ProviderError> {
        let reply = self
            .get(
                "light-group-metadata",
                self.url(&["light-group-metadata", group_id]),
                Target::Group,
            )
            .await?;
        let value: Value = reply.json()?;
        if value.get("participants").is_none() && value.get("error").is_some() {
            return Err(self.error_in_success(&reply));
        }
        Ok(value)
    }

    /// Reads `GET .../{list}?page=&pageSize=` (a bare array of chats, CONFIRMED for `groups` and
    /// `chats`) page by page and collects the ids of groups named `name`, up to `wanted`.
    async fn scan(
        &self,
        list: &'static str,
        max_pages: usize,
        name: &str,
        wanted: usize,
        matches: &mut Vec<String>,
    ) -> Result<(), ProviderError> {
        let mut previous_first: Option<String> = None;
        for page in 1..=max_pages {
            let mut url = self.url(&[list]);
            url.query_pairs_mut()
                .append_pair("page", &page.to_string())
                .append_pair("pageSize", &LIST_PAGE_SIZE.to_string());
            let reply = self.get(list, url, Target::Instance).await?;
            let value: Value = reply.json()?;
            let Some(chats) = lenient::list(&value, &["data", "groups", "chats"]) else {
                return Err(self.error_in_success(&reply));
            };
            let first = chats
                .first()
                .and_then(|c| lenient::first_text(c, &["phone", "id"]));
            // A server that ignores `page` repeats page 1: stop instead of looping.
            if page > 1 && first.is_some() && first == previous_first {
                break;
            }
            previous_first = first;
            for chat in chats {
                // `isGroup` is documented on both lists; a group id ends in `-group` or `@g.us`.
                let id = lenient::first_text(chat, &["phone", "id", "groupId"]);
                let looks_group = id
                    .as_deref()
                    .is_some_and(|i| i.ends_with("-group") || i.ends_with("@g.us"));
                let is_group = lenient::flag(chat.get("isGroup")).unwrap_or(looks_group);
                if !is_group
                    || lenient::first_text(chat, &["name", "subject"]).as_deref() != Some(name)
                {
                    continue;
                }
                let Some(id) = id else { continue };
                if !matches.contains(&id) {
                    matches.push(id);
                }
                if matches.len() >= wanted {
                    return Ok(());
                }
            }
            if chats.len() < LIST_PAGE_SIZE {
                break;
            }
        }
        Ok(())
    }

    /// One setup call (`POST .../{call}` with a JSON body). The answers are only partly
    /// documented (`{value: true}` on the description page), so they are read leniently: a
    /// non-2xx or a 200 carrying `error` is an error, `value: false` is a refusal, and a 200
    /// without either is taken as done.
    async fn post_setup<B: Serialize>(
        &self,
        call: &'static str,
        body: &B,
    ) -> Result<(), ProviderError> {
        let url = self.url(&[call]);
        tracing::info!(provider = NAME, call, "setting the group up");
        let reply = self
            .http
            .send(call, Attempts::RetryConnect, |c| {
                self.auth(c.post(url.clone())).json(body)
            })
            .await?;
        if !reply.is_success() {
            return Err(self.error(&reply, Target::Group));
        }
        let Some(value) = reply.value() else {
            return Ok(());
        };
        if value.get("error").is_some() {
            return Err(self.error_in_success(&reply));
        }
        match lenient::flag(value.get("value")) {
            Some(false) => Err(ProviderError::InvalidRequest {
                provider: NAME,
                status: reply.status,
                detail: "it answered that the change was not made".into(),
            }),
            _ => Ok(()),
        }
    }

    /// Drops the connected number from a batch (Z-API forbids it) and reports it as the
    /// creator.
    fn without_own(&self, phones: &[String]) -> (Vec<String>, Vec<MemberResult>) {
        split_own(
            phones,
            self.own_number().as_deref(),
            digits,
            "this is the number connected to Z-API; it is in the group as its creator",
        )
    }

    fn check_batch(&self, phones: &[String]) -> Result<(), ProviderError> {
        if phones.len() > BATCH_MAX {
            return Err(ProviderError::Config(format!(
                "GroupDrop sends at most {BATCH_MAX} numbers per Z-API call and tried {}. This is a GroupDrop bug: please report it.",
                phones.len()
            )));
        }
        Ok(())
    }

    /// `GET .../device` → `phone` (CONFIRMED endpoint and field; the phone's format is not
    /// shown, so digits, `+digits` and `digits@c.us` are all read). Asked again on every call
    /// until it answers: a failure now says nothing about the next try.
    async fn learn_own_number(&self) -> Option<String> {
        let url = self.url(&["device"]);
        let reply = self
            .http
            .send("device", Attempts::RetryConnect, |c| {
                self.auth(c.get(url.clone()))
            })
            .await
            .ok()?;
        if !reply.is_success() {
            return None;
        }
        let value = reply.value()?;
        let raw = lenient::first_text(&value, &["phone", "phoneNumber", "number"])?;
        let phone = from_wire(&raw)?;
        *self.own_number.lock().expect("lock") = Some(phone.clone());
        Some(phone)
    }
}

fn not_connected() -> ProviderError {
    ProviderError::NotConnected {
        provider: NAME,
        detail: "the instance is not connected to WhatsApp. Open the Z-API panel, scan the QR code with the phone, then try again.".into(),
    }
}

fn not_connected_restore() -> ProviderError {
    ProviderError::NotConnected {
        provider: NAME,
        detail: "the instance's WhatsApp session needs to be restored. Open the Z-API panel and restore (or reconnect) the instance, then try again.".into(),
    }
}

/// Phones Z-API reports as not added, as WhatsApp identity keys (a number may come back in its
/// registered form, e.g. without Brazil's ninth digit); `@lid` ids are not phones and are
/// skipped.
fn not_added_keys(list: &[Value]) -> HashSet<String> {
    list.iter()
        .filter_map(|v| lenient::text(Some(v)).or_else(|| lenient::first_text(v, &["phone"])))
        .filter_map(|id| from_wire(&id))
        .map(|p| whatsapp_key(&p))
        .collect()
}

/// A link we are willing to show and open: `https://…`.
fn usable_link(link: Option<String>) -> Option<String> {
    link.map(|l| l.trim().to_string())
        .filter(|l| l.starts_with("https://") && !l.contains(char::is_whitespace))
}

/// Maps one `phone-exists-batch` answer back onto the numbers asked (E.164), in order. An entry
/// is matched by `inputPhone`, else by the identity of `outputPhone`; a number the answer does not
/// mention is `unknown`.
fn map_checks(asked: &[String], answer: &[Value]) -> Vec<NumberCheck> {
    let mut by_key: std::collections::HashMap<String, &Value> = std::collections::HashMap::new();
    for entry in answer {
        for key in ["inputPhone", "outputPhone", "phone"] {
            if let Some(phone) = lenient::text(entry.get(key)).and_then(|t| from_wire(&t)) {
                by_key.entry(whatsapp_key(&phone)).or_insert(entry);
            }
        }
    }
    asked
        .iter()
        .map(|phone| {
            let Some(entry) = by_key.get(&whatsapp_key(phone)) else {
                return NumberCheck::unknown(phone, "Z-API's answer did not mention this number");
            };
            match lenient::flag(entry.get("exists")) {
                Some(true) => NumberCheck {
                    phone: plus_e164(phone),
                    status: CheckStatus::OnWhatsapp,
                    whatsapp_id: lenient::text(entry.get("outputPhone"))
                        .and_then(|t| from_wire(&t))
                        .or_else(|| Some(plus_e164(phone))),
                    reason: None,
                },
                Some(false) => NumberCheck {
                    phone: plus_e164(phone),
                    status: CheckStatus::NotOnWhatsapp,
                    whatsapp_id: None,
                    reason: Some("not on WhatsApp".into()),
                },
                None => NumberCheck::unknown(phone, "Z-API's answer did not say"),
            }
        })
        .collect()
}

impl Provider for Zapi {
    fn kind(&self) -> ProviderKind {
        ProviderKind::Zapi
    }

    fn limits(&self) -> Limits {
        Limits {
            create_max: BATCH_MAX,
            add_max: BATCH_MAX,
            min_gap: pacing_override().unwrap_or(DEFAULT_GAP),
            list_lag: LIST_LAG,
            per_number_results: false,
            invite_link_call: true,
            member_list: true,
        }
    }

    async fn check(&self) -> Result<AccountCheck, ProviderError> {
        let reply = self
            .get("status", self.url(&["status"]), Target::Instance)
            .await?;
        let status: StatusReply = reply.json()?;
        let Some(connected) = lenient::flag(status.connected.as_ref()) else {
            return Err(self.error_in_success(&reply));
        };
        if !connected {
            let text = status.error.unwrap_or_default().to_ascii_lowercase();
            return Err(if text.contains("restore") {
                not_connected_restore()
            } else {
                not_connected()
            });
        }
        if lenient::flag(status.smartphone_connected.as_ref()) == Some(false) {
            return Err(ProviderError::NotConnected {
                provider: NAME,
                detail: "the phone behind the instance is offline. Make sure it is switched on and has internet, then try again.".into(),
            });
        }
        let own = match self.own_number() {
            Some(known) => Some(known),
            None => self.learn_own_number().await,
        };
        let summary = match &own {
            Some(phone) => format!("Connected. Sending from {phone}."),
            None => "Connected.".to_string(),
        };
        Ok(AccountCheck {
            summary,
            own_number: own,
            numbers: Vec::new(),
            verified: true,
        })
    }

    async fn create_group(&self, req: &CreateRequest) -> Result<CreateAnswer, ProviderError> {
        self.require_own_number().await?;
        let (phones, creator) = self.without_own(&req.phones);
        self.check_batch(&phones)?;
        if phones.is_empty() {
            return Err(ProviderError::Config(
                "A WhatsApp group needs at least one member besides the number connected to Z-API."
                    .into(),
            ));
        }
        let body = CreateBody {
            auto_invite: req.auto_invite,
            group_name: &req.name,
            phones: &phones,
        };
        let url = self.url(&["create-group"]);
        tracing::info!(
            provider = NAME,
            phones = phones.len(),
            auto_invite = req.auto_invite,
            own = ?self.own_number().as_deref().map(mask),
            "creating group"
        );
        let reply = self
            .http
            .send("create-group", Attempts::Once, |c| {
                self.auth(c.post(url.clone())).json(&body)
            })
            .await?;
        if !reply.is_success() {
            return Err(self.error(&reply, Target::Instance));
        }
        let parsed: CreateReply = reply.json()?;
        let Some(group_id) = lenient::text(parsed.phone.as_ref()) else {
            return Err(self.error_in_success(&reply));
        };
        let not_added = not_added_keys(parsed.phones_not_added.as_deref().unwrap_or(&[]));
        let mut members: Vec<MemberResult> = phones
            .iter()
            .map(|p| {
                let (status, reason) = if !not_added.contains(&whatsapp_key(p)) {
                    (MemberStatus::Added, None)
                } else if req.auto_invite {
                    (
                        MemberStatus::Invited,
                        Some("could not be added directly; Z-API sent them a private invite".into()),
                    )
                } else {
                    (
                        MemberStatus::Rejected,
                        Some(
                            "could not be added directly; turn on auto-invite to send them a private invite"
                                .into(),
                        ),
                    )
                };
                MemberResult {
                    phone: plus_e164(p),
                    status,
                    reason,
                }
            })
            .collect();
        members.extend(creator);
        let invite_link = usable_link(parsed.invitation_link);
        Ok(CreateAnswer {
            note: invite_link
                .is_none()
                .then(|| "Z-API did not return the invite link with the group; GroupDrop asks for it separately.".into()),
            group: GroupRef {
                name: req.name.clone(),
                id: Some(group_id.clone()),
                handle: group_id,
                invite_link,
            },
            members,
        })
    }

    async fn add_members(
        &self,
        group: &GroupRef,
        phones: &[String],
        auto_invite: bool,
    ) -> Result<Vec<MemberResult>, ProviderError> {
        self.require_own_number().await?;
        let (wire, creator) = self.without_own(phones);
        self.check_batch(&wire)?;
        if wire.is_empty() {
            return Ok(creator);
        }
        let body = AddBody {
            auto_invite,
            group_id: &group.handle,
            phones: &wire,
        };
        let url = self.url(&["add-participant"]);
        tracing::info!(provider = NAME, phones = wire.len(), "adding participants");
        let reply = self
            .http
            .send("add-participant", Attempts::RetryConnect, |c| {
                self.auth(c.post(url.clone())).json(&body)
            })
            .await?;
        if !reply.is_success() {
            return Err(self.error(&reply, Target::Group));
        }
        let value: Value = reply.json()?;
        let Some(ok) = lenient::flag(value.get("value")) else {
            return Err(self.error_in_success(&reply));
        };
        let mut members: Vec<MemberResult> = wire
            .iter()
            .map(|p| MemberResult {
                phone: plus_e164(p),
                status: if ok {
                    MemberStatus::Sent
                } else {
                    MemberStatus::Rejected
                },
                reason: Some(if ok {
                    CONFIRM_REASON.into()
                } else {
                    "Z-API could not add this batch to the group".into()
                }),
            })
            .collect();
        members.extend(creator);
        Ok(members)
    }

    async fn find_group(
        &self,
        name: &str,
        _probe_phones: &[String],
        created_after: Option<i64>,
    ) -> Result<Lookup, ProviderError> {
        // Without a bound the first namesake listed is the answer (as before creation times were
        // compared); with one, the first few listed are read.
        let wanted = if created_after.is_some() {
            LOOKUP_CANDIDATES
        } else {
            1
        };
        let mut matches: Vec<String> = Vec::new();
        // The group list first; the recent chats second, because a group the phone has only
        // just made may show there before the group list catches up (both UNCONFIRMED as to
        // timing).
        self.scan("groups", LIST_MAX_PAGES, name, wanted, &mut matches)
            .await?;
        if matches.is_empty() {
            // A secondary source: a failure here leaves the answer to the group list.
            if let Err(e) = self
                .scan("chats", CHATS_MAX_PAGES, name, wanted, &mut matches)
                .await
            {
                if !matches!(e.kind(), ErrorKind::InvalidRequest | ErrorKind::Malformed) {
                    return Err(e);
                }
                tracing::info!(provider = NAME, "the recent chats could not be read");
            }
        }
        let group = |id: String| GroupRef {
            name: name.to_string(),
            id: Some(id.clone()),
            handle: id,
            invite_link: None,
        };
        let Some(after) = created_after else {
            return Ok(found(matches.into_iter().next().map(group)));
        };
        // The chat list does not say when a group was made; its metadata does (`creation`). One
        // call per namesake, for the first few in the order Z-API lists them.
        let mut candidates = Vec::new();
        for id in matches {
            let created = match self.group_metadata(&id).await {
                Ok(meta) => lenient::unix_ms(meta.get("creation")),
                // Z-API does not know this group (any more): members could not be added to it
                // either, so it is not the group to adopt.
                Err(e) if e.kind() == ErrorKind::InvalidRequest => {
                    tracing::info!(
                        provider = NAME,
                        "a same-name group could not be read; it is not adopted"
                    );
                    continue;
                }
                Err(e) => return Err(e),
            };
            candidates.push((group(id), created));
        }
        Ok(choose(NAME, candidates, after))
    }

    async fn invite_link(&self, group: &GroupRef) -> Result<Option<String>, ProviderError> {
        if group.invite_link.is_some() {
            return Ok(group.invite_link.clone());
        }
        let url = self.url(&["group-invitation-link", &group.handle]);
        let reply = self
            .http
            .send("group-invitation-link", Attempts::RetryConnect, |c| {
                // Every Z-API POST needs the JSON content type (415 without it); this one has no
                // body.
                self.auth(c.post(url.clone()))
                    .header(reqwest::header::CONTENT_TYPE, "application/json")
            })
            .await?;
        if !reply.is_success() {
            return Err(self.error(&reply, Target::Group));
        }
        let value: Value = reply.json()?;
        if let Some(link) = lenient::text(value.get("invitationLink")) {
            return Ok(usable_link(Some(link)));
        }
        if value.get("error").is_some() {
            return Err(self.error_in_success(&reply));
        }
        Ok(None)
    }

    fn setup_support(&self, _step: SetupStepKind) -> SetupSupport {
        SetupSupport::Call
    }

    async fn set_description(
        &self,
        group: &GroupRef,
        description: &str,
    ) -> Result<(), ProviderError> {
        let body = DescriptionBody {
            group_id: &group.handle,
            group_description: description,
        };
        match self.post_setup("update-group-description", &body).await {
            // The path is taken from the documentation page's address, not from an example:
            // a bare "not found" may be that, not the group.
            Err(ProviderError::InvalidRequest { status: 404, .. }) => {
                Err(ProviderError::InvalidRequest {
                    provider: NAME,
                    status: 404,
                    detail: "it answered \"not found\" to the description call. Z-API's documentation does not confirm that call's address, so it may have moved; the group itself was made. Set the description in WhatsApp.".into(),
                })
            }
            other => other,
        }
    }

    async fn promote_admins(
        &self,
        group: &GroupRef,
        phones: &[String],
    ) -> Result<(), ProviderError> {
        // The connected number created the group and is its admin already; Z-API is never
        // sent it as a participant.
        let (wire, _creator) = self.without_own(phones);
        for chunk in wire.chunks(BATCH_MAX) {
            let body = AddAdminBody {
                group_id: &group.handle,
                phones: chunk,
            };
            self.post_setup("add-admin", &body).await?;
        }
        Ok(())
    }

    async fn set_admins_only(
        &self,
        group: &GroupRef,
        admins_only: AdminsOnly,
    ) -> Result<(), ProviderError> {
        let body = SettingsBody {
            phone: &group.handle,
            admin_only_message: admins_only.messages,
            admin_only_settings: admins_only.settings,
            require_admin_approval: false,
            admin_only_add_member: false,
        };
        self.post_setup("update-group-settings", &body).await
    }

    async fn members(&self, group: &GroupRef) -> Result<Option<Vec<String>>, ProviderError> {
        let value = self.group_metadata(&group.handle).await?;
        let Some(participants) = value.get("participants").and_then(Value::as_array) else {
            return Ok(None);
        };
        Ok(Some(
            participants
                .iter()
                .filter_map(|p| {
                    lenient::text(Some(p)).or_else(|| lenient::first_text(p, &["phone", "id"]))
                })
                // A member WhatsApp lists only by a hidden id is kept as that id: the engine
                // then leaves unmatched numbers unconfirmed instead of calling them absent.
                .filter_map(|id| {
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
        NumberCheckOffer {
            offered: true,
            why_not: None,
            per_call: CHECK_BATCH_MAX as u32,
            gap_ms: u32::try_from(self.limits().min_gap.as_millis()).unwrap_or(u32::MAX),
            remaining: None,
        }
    }

    async fn check_numbers(&self, phones: &[String]) -> Result<Vec<NumberCheck>, ProviderError> {
        let url = self.url(&["phone-exists-batch"]);
        let mut out = Vec::with_capacity(phones.len());
        for (i, chunk) in phones.chunks(CHECK_BATCH_MAX).enumerate() {
            if i > 0 {
                tokio::time::sleep(self.limits().min_gap).await;
            }
            let wire: Vec<String> = chunk.iter().map(|p| digits(p)).collect();
            let body = CheckBody { phones: &wire };
            tracing::info!(provider = NAME, phones = wire.len(), "checking numbers");
            // A read: nothing changes at the provider, so a connect failure may be retried.
            let reply = self
                .http
                .send("phone-exists-batch", Attempts::RetryConnect, |c| {
                    self.auth(c.post(url.clone())).json(&body)
                })
                .await?;
            if !reply.is_success() {
                return Err(self.error(&reply, Target::Instance));
            }
            let value: Value = reply.json()?;
            let Some(entries) = lenient::list(&value, &["data", "phones", "result"]) else {
                return Err(self.error_in_success(&reply));
            };
            out.extend(map_checks(chunk, entries));
        }
        Ok(out)
    }
}
