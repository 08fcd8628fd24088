//! EazyBe stand-in: `POST /v2/cloud/group` with `Authorization: Bearer <org token>`, phones as
//! digits, groups addressed by name.
//!
//! Rules it enforces (providers.md §3 and the seed page):
//! - `Authorization: Bearer` with the organisation token (UNCONFIRMED: 401 otherwise);
//! - `Content-Type: application/json` on the POST (UNCONFIRMED: 400 "invalid request data");
//! - `groupName` 1–100 characters, `contacts` at least one, digits only in international format
//!   ("911234567891");
//! - `create` false (or missing: documented default) and no group with that name → 404;
//!   a group with that name → the contacts are appended (documented); an inactive cloud session
//!   → 403 (documented).
//!
//! UNCONFIRMED: whether a group created a moment ago is found by a `create: false` call; the
//! stand-in does not find it within the listing lag, and a `create: true` call in that window
//! makes a second group (the worst case the client must avoid).

use crate::{
    common_api, header, is_international_digits, json, json_content_type, name_ok, record, refuse,
    with_fault, Common, Shared,
};
use serde_json::{json, Value};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

pub struct EazyBeState {
    pub(crate) common: Common,
    token: String,
    session_active: bool,
}

pub struct EazyBeStandIn {
    server: MockServer,
    state: Shared<EazyBeState>,
}

impl EazyBeStandIn {
    const HANDLE_PREFIX: &'static str = "=name";
    const ID_SUFFIX: &'static str = "@g.us";

    pub async fn start(token: &str) -> EazyBeStandIn {
        let state = Shared(std::sync::Arc::new(std::sync::Mutex::new(EazyBeState {
            common: Common::default(),
            token: token.into(),
            session_active: true,
        })));
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(Responder(state.clone()))
            .mount(&server)
            .await;
        EazyBeStandIn { server, state }
    }

    pub fn set_session_active(&self, active: bool) {
        self.state.lock().session_active = active;
    }
}

common_api!(EazyBeStandIn);

struct Responder(Shared<EazyBeState>);

/// UNCONFIRMED body shape, by analogy with the v2 endpoints' `{status, message}`.
fn error(status: u16, text: &str) -> ResponseTemplate {
    json(status, json!({"status": false, "message": text}))
}

impl Respond for Responder {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let mut st = self.0.lock();
        let st = &mut *st;
        let endpoint = match req.url.path() {
            "/v2/cloud/group" => "cloud/group",
            "/v2/users/public/last-active" => "last-active",
            _ => "unknown",
        };
        record(&mut st.common, req, endpoint);
        let bearer = format!("Bearer {}", st.token);
        if header(req, "authorization") != Some(bearer.as_str()) {
            return refuse(
                &mut st.common,
                endpoint,
                "Authorization: Bearer <org token>",
                error(401, "Unauthorized"),
            );
        }
        match (endpoint, req.method.as_str()) {
            ("last-active", "GET") => json(
                200,
                json!({
                    "statusCode": 200, "status": "success", "message": "Users fetched successfully",
                    "data": [{"id": 101001, "name": "Office", "email": "office@example.com",
                              "phone": "919812345678", "last_active": "2025-10-10T04:28:16.000Z"}]
                }),
            ),
            ("cloud/group", "POST") => group(st, req),
            ("unknown", _) => refuse(
                &mut st.common,
                endpoint,
                "known endpoint",
                error(404, "Not found"),
            ),
            _ => refuse(
                &mut st.common,
                endpoint,
                "method",
                error(405, "Method not allowed"),
            ),
        }
    }
}

fn group(st: &mut EazyBeState, req: &Request) -> ResponseTemplate {
    let e = "cloud/group";
    if !json_content_type(req) {
        return refuse(
            &mut st.common,
            e,
            "Content-Type: application/json on POST",
            error(400, "Invalid request data"),
        );
    }
    let body: Value = serde_json::from_slice(&req.body).unwrap_or(Value::Null);
    let name = body
        .get("groupName")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    if !name_ok(&name) {
        return refuse(
            &mut st.common,
            e,
            "groupName of 1 to 100 characters",
            error(400, "Invalid request data"),
        );
    }
    let Some(items) = body.get("contacts").and_then(Value::as_array) else {
        return refuse(
            &mut st.common,
            e,
            "contacts array",
            error(400, "Invalid request data"),
        );
    };
    let contacts: Vec<String> = items
        .iter()
        .filter_map(|c| c.as_str().map(str::to_string))
        .collect();
    if contacts.is_empty()
        || contacts.len() != items.len()
        || !contacts.iter().all(|c| is_international_digits(c))
    {
        return refuse(
            &mut st.common,
            e,
            "contacts as international digits",
            error(400, "Invalid request data"),
        );
    }
    let create = body.get("create").and_then(Value::as_bool).unwrap_or(false);
    if !st.session_active {
        return error(403, "Inactive cloud session");
    }
    let existing = st
        .common
        .groups
        .iter()
        .rposition(|g| g.name == name && st.common.visible(g));
    if existing.is_none() && !create {
        return with_fault(&mut st.common, e, |_| error(404, "Group not found"));
    }
    with_fault(&mut st.common, e, |common| {
        let index = match existing {
            Some(i) => i,
            None => {
                common.new_group(
                    &name,
                    EazyBeStandIn::HANDLE_PREFIX,
                    EazyBeStandIn::ID_SUFFIX,
                );
                common.groups.len() - 1
            }
        };
        for c in &contacts {
            if common.privacy.contains(c) || common.not_on_whatsapp.contains(c) {
                continue;
            }
            let listed = common.as_listed(c);
            if !common.groups[index].members.contains(&listed) {
                common.groups[index].members.push(listed);
            }
        }
        let message = if existing.is_some() {
            "Chat IDs added successfully."
        } else {
            "Group created and chat IDs added successfully."
        };
        json(200, json!({"status": true, "message": message}))
    })
}
