//! EazyBe (help.eazybe.com): `POST /v2/cloud/group` with `Authorization: Bearer <org token>`,
//! phones as digits without `+`.
//!
//! EazyBe addresses groups by name and answers only `{status, message}`: no group id, no invite
//! link, no per-number result. So members come back as `Sent` ("sent, not confirmed by EazyBe")
//! and the create says plainly that there is no link. With `create: false` the same call appends
//! to an existing group and a 404 means "no group with that name" — which is also the only way to
//! look a group up after a lost answer.

use crate::config::{expose, pacing_override, BaseUrl, EazyBeConfig};
use crate::error::ProviderError;
use crate::http::{Attempts, Http, Reply};
use crate::lenient;
use crate::model::*;
use crate::phone_format::{digits, plus_e164};
use crate::Provider;
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::time::Duration;

const NAME: &str = "EazyBe";
/// EazyBe documents no cap; 100 keeps one call's blast radius small if it fails midway.
const BATCH_MAX: usize = 100;
/// EazyBe's v1 API allows 60 requests a minute on the smallest plan; group creation is the kind
/// of call WhatsApp watches for spam, so stay well below that.
const DEFAULT_GAP: Duration = Duration::from_secs(3);
const CREDENTIALS_HINT: &str = "Check the Organization Auth Token: an admin can copy it again from workspace.eazybe.com → Organization.";
/// How long after a create a `create: false` probe that finds nothing is not yet proof that the
/// group does not exist. EazyBe documents nothing here (UNCONFIRMED); its cloud session creates
/// the group on a WhatsApp Web session, which can take a while, and a repeated create in that
/// window could make a second group.
pub const LIST_LAG: Duration = Duration::from_secs(2 * 60);
const SENT_REASON: &str = "sent, not confirmed by EazyBe";
const NOTE: &str = "EazyBe gives no invite link and no group id, and does not say who was actually added: check the group in WhatsApp.";

/// An EazyBe organisation, ready to call.
pub struct EazyBe {
    http: Http,
    base: BaseUrl,
    token: SecretString,
}

impl std::fmt::Debug for EazyBe {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EazyBe")
            .field("base", &self.base)
            .finish_non_exhaustive()
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct GroupBody<'a> {
    group_name: &'a str,
    contacts: Vec<String>,
    create: bool,
}

#[derive(Deserialize)]
struct StatusReply {
    #[serde(default)]
    status: Option<Value>,
    #[serde(default)]
    success: Option<Value>,
}

impl StatusReply {
    /// `status` is `true` on the group endpoint and `"success"` on last-active; some v1-style
    /// replies say `success` instead.
    fn ok(&self) -> Option<bool> {
        lenient::flag(self.status.as_ref()).or_else(|| lenient::flag(self.success.as_ref()))
    }
}

impl EazyBe {
    pub fn new(config: EazyBeConfig) -> Result<EazyBe, ProviderError> {
        let http = Http::new(
            ProviderKind::EazyBe,
            &config.base_url,
            &config.http,
            vec![config.token.clone()],
        )?;
        Ok(EazyBe {
            http,
            base: config.base_url,
            token: config.token,
        })
    }

    fn auth(&self, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        request.bearer_auth(expose(&self.token))
    }

    /// The one group call. `Ok(None)` is a 404 with `create: false` (no such group).
    async fn group_call(
        &self,
        name: &str,
        phones: &[String],
        create: bool,
        attempts: Attempts,
    ) -> Result<Option<Vec<MemberResult>>, ProviderError> {
        if phones.len() > BATCH_MAX {
            return Err(ProviderError::Config(format!(
                "GroupDrop sends at most {BATCH_MAX} numbers per EazyBe call and tried {}. This is a GroupDrop bug: please report it.",
                phones.len()
            )));
        }
        let body = GroupBody {
            group_name: name,
            contacts: phones.iter().map(|p| digits(p)).collect(),
            create,
        };
        let url = self.base.join(&["v2", "cloud", "group"]);
        tracing::info!(
            provider = NAME,
            contacts = phones.len(),
            create,
            "group call"
        );
        let reply = self
            .http
            .send("cloud/group", attempts, |c| {
                self.auth(c.post(url.clone())).json(&body)
            })
            .await?;
        if reply.status == 404 && !create && !reply.looks_html() {
            return Ok(None);
        }
        if !reply.is_success() {
            return Err(self.error(&reply, name, create));
        }
        let parsed: StatusReply = reply.json()?;
        if parsed.ok() == Some(false) {
            return Err(self.refusal(&reply));
        }
        Ok(Some(
            phones
                .iter()
                .map(|p| MemberResult {
                    phone: plus_e164(p),
                    status: MemberStatus::Sent,
                    reason: Some(SENT_REASON.into()),
                })
                .collect(),
        ))
    }

    fn refusal(&self, reply: &Reply) -> ProviderError {
        ProviderError::InvalidRequest {
            provider: NAME,
            status: reply.status,
            detail: reply
                .message()
                .unwrap_or_else(|| "it said the request did not succeed".into()),
        }
    }

    fn error(&self, reply: &Reply, name: &str, create: bool) -> ProviderError {
        if reply.looks_html() {
            return reply.common_error(CREDENTIALS_HINT);
        }
        match reply.status {
            403 => ProviderError::NotConnected {
                provider: NAME,
                detail: "the organisation's cloud WhatsApp session is not active. Open workspace.eazybe.com, start (or reconnect) the cloud session by scanning the QR code, then try again.".into(),
            },
            404 if !create => ProviderError::GroupNotFound {
                provider: NAME,
                name: name.to_string(),
            },
            400 => ProviderError::InvalidRequest {
                provider: NAME,
                status: 400,
                detail: reply
                    .message()
                    .unwrap_or_else(|| "it found the request data invalid".into()),
            },
            _ => reply.common_error(CREDENTIALS_HINT),
        }
    }
}

/// EazyBe documents only the create/append call: no number check. The trait's default says
/// so ("EazyBe offers no way to check whether a number is on WhatsApp.").
impl Provider for EazyBe {
    fn kind(&self) -> ProviderKind {
        ProviderKind::EazyBe
    }

    /// EazyBe documents only the create/append call: no description, admins or settings
    /// (providers.md §9).
    fn setup_support(&self, step: SetupStepKind) -> SetupSupport {
        let detail = match step {
            SetupStepKind::Description => "EazyBe has no way to set a group's description",
            SetupStepKind::Admins => "EazyBe has no way to make a member admin",
            SetupStepKind::AdminsOnlyMessages | SetupStepKind::AdminsOnlySettings => {
                "EazyBe has no way to change a group's settings"
            }
        };
        crate::not_offered_by(ProviderKind::EazyBe, detail)
    }

    fn limits(&self) -> Limits {
        Limits {
            create_max: BATCH_MAX,
            add_max: BATCH_MAX,
            min_gap: pacing_override().unwrap_or(DEFAULT_GAP),
            list_lag: LIST_LAG,
            per_number_results: false,
            invite_link_call: false,
            member_list: false,
        }
    }

    /// `last-active` is the cheapest read with the organisation token. EazyBe has no endpoint
    /// for the cloud session itself: a create is the first to know it is inactive.
    async fn check(&self) -> Result<AccountCheck, ProviderError> {
        let url = self.base.join(&["v2", "users", "public", "last-active"]);
        let reply = self
            .http
            .send("last-active", Attempts::RetryConnect, |c| {
                self.auth(c.get(url.clone()))
            })
            .await?;
        if !reply.is_success() {
            return Err(match reply.status {
                403 if !reply.looks_html() => ProviderError::Credentials {
                    provider: NAME,
                    hint: CREDENTIALS_HINT.into(),
                },
                _ => reply.common_error(CREDENTIALS_HINT),
            });
        }
        let parsed: StatusReply = reply.json()?;
        if parsed.ok() == Some(false) {
            return Err(ProviderError::Credentials {
                provider: NAME,
                hint: CREDENTIALS_HINT.into(),
            });
        }
        Ok(AccountCheck {
            summary: "The EazyBe token works. EazyBe cannot report whether its cloud WhatsApp session is active: if it is not, the create will say so.".into(),
            own_number: None,
            numbers: Vec::new(),
            verified: true,
        })
    }

    async fn create_group(&self, req: &CreateRequest) -> Result<CreateAnswer, ProviderError> {
        let members = self
            .group_call(
                &req.name,
                &req.phones,
                req.create_if_missing,
                Attempts::Once,
            )
            .await?
            .ok_or_else(|| ProviderError::GroupNotFound {
                provider: NAME,
                name: req.name.clone(),
            })?;
        Ok(CreateAnswer {
            group: GroupRef {
                name: req.name.clone(),
                id: None,
                handle: req.name.clone(),
                invite_link: None,
            },
            members,
            note: Some(NOTE.into()),
        })
    }

    async fn add_members(
        &self,
        group: &GroupRef,
        phones: &[String],
        _auto_invite: bool,
    ) -> Result<Vec<MemberResult>, ProviderError> {
        // Appending the same contacts twice is what EazyBe does anyway ("contacts are appended"),
        // so a connect failure may be retried.
        self.group_call(&group.handle, phones, false, Attempts::RetryConnect)
            .await?
            .ok_or_else(|| ProviderError::GroupNotFound {
                provider: NAME,
                name: group.handle.clone(),
            })
    }

    /// Re-sends the probe batch with `create: false`: 200 means the group exists (and now holds
    /// the batch, as the lost create would have made it), 404 means it does not.
    ///
    /// `created_after` is ignored, on purpose: EazyBe addresses groups by name only and offers
    /// no group list, no group details and no creation time, so there is nothing to compare it
    /// with. The create itself is name-addressed the same way (EazyBe appends the contacts to
    /// an existing group of that name), so the probe reaches exactly the group the lost create
    /// would have reached: it risks nothing the create did not already risk.
    async fn find_group(
        &self,
        name: &str,
        probe_phones: &[String],
        _created_after: Option<i64>,
    ) -> Result<Lookup, ProviderError> {
        let found = self
            .group_call(name, probe_phones, false, Attempts::RetryConnect)
            .await?;
        Ok(match found {
            Some(members) => Lookup::Found {
                group: GroupRef {
                    name: name.to_string(),
                    id: None,
                    handle: name.to_string(),
                    invite_link: None,
                },
                members: Some(members),
            },
            None => Lookup::NotFound,
        })
    }

    async fn invite_link(&self, _group: &GroupRef) -> Result<Option<String>, ProviderError> {
        Ok(None)
    }

    async fn members(&self, _group: &GroupRef) -> Result<Option<Vec<String>>, ProviderError> {
        Ok(None)
    }
}
