//! Z-API stand-in: `/instances/{id}/token/{token}/…`, `Client-Token` header while the account's
//! security token is active, phones as digits only.
//!
//! Rules it enforces (providers.md §2 and the create-group seed page):
//! - the instance id and token in the path must be the instance's;
//! - while the account security token is active, every call must carry it as `Client-Token`,
//!   else `{"error":"null not allowed"}` (security/client-token page); without an active token the
//!   header is not required;
//! - every POST needs `Content-Type: application/json`, else 415 (every Z-API page);
//! - the documented method per endpoint, else 405;
//! - create-group: `autoInvite` boolean, `groupName` 1–100 characters, `phones` at least one,
//!   digits only ("without formatting or a mask"), and never the connected number ("You must not
//!   pass the connected number in the participants list");
//! - add-participant: `groupId` must be a group this instance created, same phone rules;
//! - group-invitation-link / metadata: only for a group this instance knows;
//! - `GET /groups` and `GET /chats` need `page` and `pageSize` (documented as required);
//! - update-group-description (path UNCONFIRMED, body documented): `groupId` of a known group,
//!   `groupDescription` a string;
//! - add-admin: `groupId` of a known group, `phones` digits, each already a member of it;
//! - update-group-settings: the group id in `phone` (a call with `groupId` instead is refused)
//!   and all four booleans `adminOnlyMessage`, `adminOnlySettings`, `requireAdminApproval`,
//!   `adminOnlyAddMember` (providers.md §9);
//! - phone-exists-batch: `phones` an array of 1–50,000 digit-only strings (the batch check
//!   page); each answered `{exists, inputPhone, outputPhone, lid}` from what the stand-in knows
//!   (`not_on_whatsapp`, `register_as`).
//!
//! Answers: the documented examples (create, add `{value}`, link, light/group metadata, status,
//! device, groups, chats). New groups are listed only after the listing lag.

use crate::{
    common_api, header, is_international_digits, json, json_content_type, name_ok, record, refuse,
    unix_ms, with_fault, Common, Shared,
};
use serde_json::{json, Value};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

pub struct ZapiState {
    pub(crate) common: Common,
    instance: String,
    token: String,
    /// The account security token, when "Activate Token" was clicked in the panel.
    security_token: Option<String>,
    /// UNCONFIRMED: the status carrying `{"error":"null not allowed"}`.
    null_not_allowed_status: u16,
    /// Digits of the connected number.
    connected: String,
    device_works: bool,
    connected_flag: bool,
    /// UNCONFIRMED: the answer to a wrong instance id or token (status, body; `Null`: no body).
    wrong_instance: (u16, Value),
}

pub struct ZapiStandIn {
    server: MockServer,
    state: Shared<ZapiState>,
}

impl ZapiStandIn {
    const HANDLE_PREFIX: &'static str = "";
    const ID_SUFFIX: &'static str = "-group";

    /// An instance connected as `connected` (digits), with `security_token` active or not.
    pub async fn start(
        instance: &str,
        token: &str,
        security_token: Option<&str>,
        connected: &str,
    ) -> ZapiStandIn {
        let state = Shared(std::sync::Arc::new(std::sync::Mutex::new(ZapiState {
            common: Common::default(),
            instance: instance.into(),
            token: token.into(),
            security_token: security_token.map(str::to_string),
            null_not_allowed_status: 400,
            connected: connected.into(),
            device_works: true,
            connected_flag: true,
            wrong_instance: (404, json!({"error": "Instance not found"})),
        })));
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(Responder(state.clone()))
            .mount(&server)
            .await;
        ZapiStandIn { server, state }
    }

    /// `GET /device` answers 404 (an older plan, a proxy that blocks it).
    pub fn break_device(&self, broken: bool) {
        self.state.lock().device_works = !broken;
    }

    pub fn set_connected(&self, connected: bool) {
        self.state.lock().connected_flag = connected;
    }

    pub fn set_null_not_allowed_status(&self, status: u16) {
        self.state.lock().null_not_allowed_status = status;
    }

    /// UNCONFIRMED: Z-API documents no answer for a wrong instance id or token; by default the
    /// stand-in says 404 `{"error":"Instance not found"}`. A test sets another plausible one
    /// (a bare 404, a 400 with the text, a Portuguese text, a 401) to check the client reads each
    /// as "check the instance". `Value::Null`: no body.
    pub fn set_wrong_instance_answer(&self, status: u16, body: Value) {
        self.state.lock().wrong_instance = (status, body);
    }
}

common_api!(ZapiStandIn);

struct Responder(Shared<ZapiState>);

/// UNCONFIRMED: Z-API's body for a refused request; the documented error field is `error`.
fn error(status: u16, text: &str) -> ResponseTemplate {
    json(status, json!({ "error": text }))
}

impl Respond for Responder {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let mut st = self.0.lock();
        let segments: Vec<String> = req
            .url
            .path_segments()
            .map(|s| s.map(str::to_string).collect())
            .unwrap_or_default();
        let endpoint = segments.get(4).cloned().unwrap_or_default();
        record(&mut st.common, req, &endpoint);
        if segments.len() < 5
            || segments[0] != "instances"
            || segments[1] != st.instance
            || segments[2] != "token"
            || segments[3] != st.token
        {
            // UNCONFIRMED status and body (`set_wrong_instance_answer`).
            let answer = match st.wrong_instance.clone() {
                (status, Value::Null) => ResponseTemplate::new(status),
                (status, body) => json(status, body),
            };
            return refuse(&mut st.common, &endpoint, "instance id and token", answer);
        }
        if let Some(active) = st.security_token.clone() {
            if header(req, "client-token") != Some(active.as_str()) {
                let status = st.null_not_allowed_status;
                return refuse(
                    &mut st.common,
                    &endpoint,
                    "Client-Token while the security token is active",
                    error(status, "null not allowed"),
                );
            }
        }
        let method = req.method.as_str();
        let expected = match endpoint.as_str() {
            "create-group"
            | "add-participant"
            | "group-invitation-link"
            | "update-group-description"
            | "add-admin"
            | "update-group-settings"
            | "phone-exists-batch" => "POST",
            "light-group-metadata"
            | "group-metadata"
            | "status"
            | "device"
            | "groups"
            | "chats" => "GET",
            // UNCONFIRMED: an unknown path.
            _ => {
                return refuse(
                    &mut st.common,
                    &endpoint,
                    "known endpoint",
                    error(404, "Not found"),
                )
            }
        };
        if method != expected {
            return refuse(
                &mut st.common,
                &endpoint,
                "method",
                ResponseTemplate::new(405),
            );
        }
        if method == "POST" && !json_content_type(req) {
            return refuse(
                &mut st.common,
                &endpoint,
                "Content-Type: application/json on POST",
                ResponseTemplate::new(415),
            );
        }
        let rest: Vec<String> = segments[5..].to_vec();
        let body: Option<Value> = serde_json::from_slice(&req.body).ok();
        let st = &mut *st;
        match endpoint.as_str() {
            "create-group" => create(st, body),
            "add-participant" => add(st, body),
            "update-group-description" => describe(st, body),
            "add-admin" => add_admin(st, body),
            "update-group-settings" => settings(st, body),
            "phone-exists-batch" => exists_batch(st, body),
            "group-invitation-link" => link(st, rest.first()),
            "light-group-metadata" | "group-metadata" => metadata(st, rest.first(), &endpoint),
            "status" => {
                let body = if st.connected_flag {
                    json!({"connected": true, "error": "You are already connected.", "smartphoneConnected": true})
                } else {
                    json!({"connected": false, "error": "You are not connected.", "smartphoneConnected": false})
                };
                with_fault(&mut st.common, "status", |_| json(200, body))
            }
            "device" => {
                if !st.device_works {
                    return ResponseTemplate::new(404);
                }
                let phone = st.connected.clone();
                with_fault(&mut st.common, "device", |_| {
                    json(
                        200,
                        json!({
                            "phone": phone,
                            "imgUrl": "",
                            "about": "Contact's about status",
                            "name": "",
                            "device": {"sessionName": "Z-API", "device_model": "Z-API"},
                            "originalDevice": "android",
                            "sessionId": 175,
                            "isBusiness": false
                        }),
                    )
                })
            }
            "groups" | "chats" => list(st, req, &endpoint),
            _ => unreachable!(),
        }
    }
}

/// The phone rules shared by create and add. `Err` is the refusal.
fn check_phones(
    st: &mut ZapiState,
    endpoint: &str,
    body: &Value,
) -> Result<Vec<String>, ResponseTemplate> {
    let Some(list) = body.get("phones").and_then(Value::as_array) else {
        return Err(refuse(
            &mut st.common,
            endpoint,
            "phones array",
            error(400, "phones is required"),
        ));
    };
    let phones: Vec<String> = list
        .iter()
        .filter_map(|p| p.as_str().map(str::to_string))
        .collect();
    if phones.is_empty() || phones.len() != list.len() {
        return Err(refuse(
            &mut st.common,
            endpoint,
            "at least one phone, all strings",
            error(400, "At least one contact is required"),
        ));
    }
    for p in &phones {
        if !(is_international_digits(p) || p.ends_with("@lid")) {
            return Err(refuse(
                &mut st.common,
                endpoint,
                "phones as digits only (DDI DDD NUMBER, no + or mask)",
                error(400, "Invalid phone"),
            ));
        }
        if *p == st.connected {
            return Err(refuse(
                &mut st.common,
                endpoint,
                "the connected number is never a participant",
                error(
                    400,
                    "You must not pass the connected number in the participants list",
                ),
            ));
        }
    }
    if body.get("autoInvite").and_then(Value::as_bool).is_none() {
        return Err(refuse(
            &mut st.common,
            endpoint,
            "autoInvite boolean",
            error(400, "autoInvite is required"),
        ));
    }
    Ok(phones)
}

/// Puts `phones` in group `index`; returns those not added (documented `phonesNotAdded`).
fn put_members(common: &mut Common, index: usize, phones: &[String]) -> Vec<String> {
    let mut not_added = Vec::new();
    for p in phones {
        if p.ends_with("@lid") || common.privacy.contains(p) || common.not_on_whatsapp.contains(p) {
            not_added.push(p.clone());
            continue;
        }
        let listed = common.as_listed(p);
        if !common.groups[index].members.contains(&listed) {
            common.groups[index].members.push(listed);
        }
    }
    not_added
}

fn create(st: &mut ZapiState, body: Option<Value>) -> ResponseTemplate {
    let body = body.unwrap_or(Value::Null);
    let phones = match check_phones(st, "create-group", &body) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let Some(name) = body
        .get("groupName")
        .and_then(Value::as_str)
        .map(str::to_string)
    else {
        return refuse(
            &mut st.common,
            "create-group",
            "groupName",
            error(400, "groupName is required"),
        );
    };
    if !name_ok(&name) {
        return refuse(
            &mut st.common,
            "create-group",
            "groupName of 1 to 100 characters",
            error(400, "Invalid group name"),
        );
    }
    with_fault(&mut st.common, "create-group", |common| {
        let g = common.new_group(&name, ZapiStandIn::HANDLE_PREFIX, ZapiStandIn::ID_SUFFIX);
        let index = common.groups.len() - 1;
        let not_added = put_members(common, index, &phones);
        json(
            200,
            json!({
                "phone": g.id,
                "phonesNotAdded": not_added,
                "invitationLink": format!("https://chat.whatsapp.com/{}", g.invite_code),
            }),
        )
    })
}

/// The batch check page: at most 50,000 numbers a call.
pub const EXISTS_BATCH_MAX: usize = 50_000;

fn exists_batch(st: &mut ZapiState, body: Option<Value>) -> ResponseTemplate {
    const EP: &str = "phone-exists-batch";
    let Some(list) = body
        .as_ref()
        .and_then(|b| b.get("phones"))
        .and_then(Value::as_array)
    else {
        return refuse(
            &mut st.common,
            EP,
            "phones array",
            error(400, "phones is required"),
        );
    };
    if list.is_empty() || list.len() > EXISTS_BATCH_MAX {
        return refuse(
            &mut st.common,
            EP,
            "1 to 50,000 phones per call",
            error(400, "phones must have between 1 and 50000 items"),
        );
    }
    let phones: Vec<String> = list
        .iter()
        .filter_map(|p| p.as_str().map(str::to_string))
        .collect();
    if phones.len() != list.len() || !phones.iter().all(|p| is_international_digits(p)) {
        return refuse(
            &mut st.common,
            EP,
            "phones as digits only (DDI DDD NUMBER, no + or mask)",
            error(400, "Invalid phone"),
        );
    }
    with_fault(&mut st.common, EP, |common| {
        let answer: Vec<Value> = phones
            .iter()
            .map(|p| {
                let exists = !common.not_on_whatsapp.contains(p);
                // UNCONFIRMED: `lid` for a number without WhatsApp, and its format; null here.
                json!({
                    "exists": exists,
                    "inputPhone": p,
                    "outputPhone": if exists {
                        Value::String(common.registered_as.get(p).cloned().unwrap_or_else(|| p.clone()))
                    } else {
                        Value::Null
                    },
                    "lid": Value::Null,
                })
            })
            .collect();
        json(200, Value::Array(answer))
    })
}

fn group_index(common: &Common, id: &str) -> Option<usize> {
    common.groups.iter().position(|g| g.handle == id)
}

fn add(st: &mut ZapiState, body: Option<Value>) -> ResponseTemplate {
    let body = body.unwrap_or(Value::Null);
    let phones = match check_phones(st, "add-participant", &body) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let id = body
        .get("groupId")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let Some(index) = group_index(&st.common, id) else {
        return refuse(
            &mut st.common,
            "add-participant",
            "groupId is the create's group phone",
            error(404, "Group not found"),
        );
    };
    with_fault(&mut st.common, "add-participant", |common| {
        put_members(common, index, &phones);
        json(200, json!({"value": true}))
    })
}

fn describe(st: &mut ZapiState, body: Option<Value>) -> ResponseTemplate {
    const EP: &str = "update-group-description";
    let body = body.unwrap_or(Value::Null);
    let id = body
        .get("groupId")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let Some(index) = group_index(&st.common, id) else {
        return refuse(
            &mut st.common,
            EP,
            "groupId is a known group",
            error(404, "Group not found"),
        );
    };
    let Some(text) = body
        .get("groupDescription")
        .and_then(Value::as_str)
        .map(str::to_string)
    else {
        return refuse(
            &mut st.common,
            EP,
            "groupDescription string",
            error(400, "groupDescription is required"),
        );
    };
    with_fault(&mut st.common, EP, |common| {
        common.groups[index].description = Some(text);
        json(200, json!({"value": true}))
    })
}

fn add_admin(st: &mut ZapiState, body: Option<Value>) -> ResponseTemplate {
    const EP: &str = "add-admin";
    let body = body.unwrap_or(Value::Null);
    let id = body
        .get("groupId")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let Some(index) = group_index(&st.common, id) else {
        return refuse(
            &mut st.common,
            EP,
            "groupId is a known group",
            error(404, "Group not found"),
        );
    };
    let phones: Option<Vec<String>> = body.get("phones").and_then(Value::as_array).map(|l| {
        l.iter()
            .map(|p| p.as_str().unwrap_or_default().to_string())
            .collect()
    });
    let Some(phones) = phones.filter(|p| !p.is_empty()) else {
        return refuse(
            &mut st.common,
            EP,
            "phones array",
            error(400, "phones is required"),
        );
    };
    if phones.iter().any(|p| !is_international_digits(p)) {
        return refuse(
            &mut st.common,
            EP,
            "phones as digits only (DDI DDD NUMBER, no + or mask)",
            error(400, "Invalid phone"),
        );
    }
    let listed: Vec<String> = phones.iter().map(|p| st.common.as_listed(p)).collect();
    if listed
        .iter()
        .any(|p| !st.common.groups[index].members.contains(p))
    {
        return refuse(
            &mut st.common,
            EP,
            "admins are members of the group",
            error(400, "Participant not in group"),
        );
    }
    with_fault(&mut st.common, EP, |common| {
        for p in listed {
            if !common.groups[index].admins.contains(&p) {
                common.groups[index].admins.push(p);
            }
        }
        json(200, json!({"value": true}))
    })
}

fn settings(st: &mut ZapiState, body: Option<Value>) -> ResponseTemplate {
    const EP: &str = "update-group-settings";
    let body = body.unwrap_or(Value::Null);
    if body.get("phone").is_none() && body.get("groupId").is_some() {
        return refuse(
            &mut st.common,
            EP,
            "the group id goes in phone, not groupId",
            error(400, "phone is required"),
        );
    }
    let id = body
        .get("phone")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let Some(index) = group_index(&st.common, id) else {
        return refuse(
            &mut st.common,
            EP,
            "phone is a known group",
            error(404, "Group not found"),
        );
    };
    let flag = |k: &str| body.get(k).and_then(Value::as_bool);
    let (Some(message), Some(settings), Some(_), Some(_)) = (
        flag("adminOnlyMessage"),
        flag("adminOnlySettings"),
        flag("requireAdminApproval"),
        flag("adminOnlyAddMember"),
    ) else {
        return refuse(
            &mut st.common,
            EP,
            "all four booleans: adminOnlyMessage, adminOnlySettings, requireAdminApproval, adminOnlyAddMember",
            error(400, "All settings are required"),
        );
    };
    with_fault(&mut st.common, EP, |common| {
        common.groups[index].admin_only_message = message;
        common.groups[index].admin_only_settings = settings;
        json(200, json!({"value": true}))
    })
}

fn link(st: &mut ZapiState, id: Option<&String>) -> ResponseTemplate {
    let Some(index) = id.and_then(|id| group_index(&st.common, id)) else {
        return refuse(
            &mut st.common,
            "group-invitation-link",
            "known group",
            error(404, "Group not found"),
        );
    };
    let g = st.common.groups[index].clone();
    with_fault(&mut st.common, "group-invitation-link", |_| {
        json(
            200,
            json!({"phone": g.id, "invitationLink": format!("https://chat.whatsapp.com/{}", g.invite_code)}),
        )
    })
}

fn metadata(st: &mut ZapiState, id: Option<&String>, endpoint: &str) -> ResponseTemplate {
    let Some(index) = id.and_then(|id| group_index(&st.common, id)) else {
        return refuse(
            &mut st.common,
            endpoint,
            "known group",
            error(404, "Group not found"),
        );
    };
    let g = st.common.groups[index].clone();
    let owner = st.connected.clone();
    let full = endpoint == "group-metadata";
    with_fault(&mut st.common, endpoint, |_| {
        let mut participants = vec![json!({"phone": owner, "isAdmin": true, "isSuperAdmin": true})];
        participants.extend(
            g.members.iter().map(
                |m| json!({"phone": m, "isAdmin": g.admins.contains(m), "isSuperAdmin": false}),
            ),
        );
        let mut meta = json!({
            "phone": g.id,
            "description": g.description.clone().unwrap_or_default(),
            "owner": owner,
            "subject": g.name,
            "creation": unix_ms(g.created),
            "communityId": null,
            "adminOnlyMessage": g.admin_only_message,
            "adminOnlySettings": g.admin_only_settings,
            "requireAdminApproval": false,
            "isGroupAnnouncement": false,
            "participants": participants,
            "subjectTime": unix_ms(g.created),
            "subjectOwner": owner,
        });
        if full {
            meta["invitationLink"] = json!(format!("https://chat.whatsapp.com/{}", g.invite_code));
        }
        json(200, meta)
    })
}

fn list(st: &mut ZapiState, req: &Request, endpoint: &str) -> ResponseTemplate {
    let query: std::collections::HashMap<String, String> = req
        .url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let page = query.get("page").and_then(|p| p.parse::<usize>().ok());
    let size = query.get("pageSize").and_then(|p| p.parse::<usize>().ok());
    let (Some(page), Some(size)) = (page, size) else {
        // UNCONFIRMED body; the parameters are documented as required.
        return refuse(
            &mut st.common,
            endpoint,
            "page and pageSize",
            error(400, "page and pageSize are required"),
        );
    };
    let endpoint = endpoint.to_string();
    with_fault(&mut st.common, &endpoint, |common| {
        // UNCONFIRMED order: newest activity first.
        let mut groups: Vec<&crate::Group> =
            common.groups.iter().filter(|g| common.visible(g)).collect();
        groups.sort_by_key(|g| std::cmp::Reverse(unix_ms(g.created)));
        let mut items: Vec<Value> = groups
            .iter()
            .map(|g| {
                json!({
                    "isGroup": true,
                    "name": g.name,
                    "phone": g.id,
                    "unread": "0",
                    "lastMessageTime": unix_ms(g.created).to_string(),
                    "isMuted": "0",
                    "isMarkedSpam": "false",
                    "archived": "false",
                    "pinned": "false",
                    "muteEndTime": null,
                    "messagesUnread": "0"
                })
            })
            .collect();
        if endpoint == "chats" {
            items.push(json!({
                "archived": "false", "pinned": "true", "messagesUnread": 0, "phone": "5511999999999",
                "unread": "0", "name": "Z-API SUPPORT", "lastMessageTime": "1622991687",
                "isMuted": "0", "isMarkedSpam": "false", "isGroupAnnouncement": false, "isGroup": false
            }));
        }
        let start = page.saturating_sub(1) * size;
        let page_items: Vec<Value> = items.into_iter().skip(start).take(size).collect();
        json(200, Value::Array(page_items))
    })
}
