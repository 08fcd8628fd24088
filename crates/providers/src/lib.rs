//! Provider clients: EazyBe, 2Chat, Z-API and an in-process practice provider, behind one trait.
//!
//! Each module speaks its provider's documented contract (`../shared/providers.md`, the seeds) with its
//! own request/response structs and maps the answer into the shared [`model`] types: per number
//! `added` / `invited` / `rejected` / `sent` (sent, not confirmed), plus the group's id, handle and
//! invite link where the provider gives one. Phones in and out are E.164 (`+5511987654321`); each
//! client renders its own wire format.
//!
//! The trait is deliberately split into single calls (create, add a batch, look up, fetch a link)
//! rather than one `create_group` that does everything: the job engine in `groupdrop-core` journals
//! every call in SQLite *before* it is sent and every answer *after* it arrives, so a crash between
//! two calls never loses an answer or repeats a create.

pub mod any;
pub mod config;
pub mod eazybe;
pub mod error;
mod http;
pub mod identity;
mod lenient;
pub mod model;
pub mod phone_format;
pub mod practice;
mod recency;
pub mod twochat;
pub mod zapi;

pub use any::AnyProvider;
pub use config::{
    BaseUrl, EazyBeConfig, HttpSettings, PracticeConfig, ProviderConfig, TwoChatConfig, ZapiConfig,
};
pub use eazybe::EazyBe;
pub use error::{ErrorKind, ProviderError};
pub use http::MAX_REPLY_BYTES;
pub use model::*;
pub use practice::{Practice, PracticeFault, PRACTICE_LABEL};
pub use twochat::TwoChat;
pub use zapi::Zapi;

/// One WhatsApp API provider account, ready to call.
///
/// Implementations never log or return their credentials. Every method is one logical provider
/// call (plus, at most, internal retries that are safe: a connect failure or 429 **before** anything
/// reached the provider). A create is never retried internally.
#[allow(async_fn_in_trait)]
pub trait Provider {
    /// Which provider this is.
    fn kind(&self) -> ProviderKind;

    /// Batch sizes, pacing and listing lag for this provider/account.
    fn limits(&self) -> Limits;

    /// "Test connection": the cheapest read endpoint that proves the credentials work (or an honest
    /// statement that there is none). Also learns the account's own number where it can.
    async fn check(&self) -> Result<AccountCheck, ProviderError>;

    /// Create the group with the first batch of members (at most `limits().create_max`).
    /// For EazyBe, `req.create_if_missing == false` turns this into "add to the existing group
    /// with that name" and a 404 becomes [`ProviderError::GroupNotFound`].
    async fn create_group(&self, req: &CreateRequest) -> Result<CreateAnswer, ProviderError>;

    /// Add one batch (at most `limits().add_max`) to a group made by `create_group`.
    /// Safe to repeat: re-adding a member comes back as added ("already in the group").
    async fn add_members(
        &self,
        group: &GroupRef,
        phones: &[String],
        auto_invite: bool,
    ) -> Result<Vec<MemberResult>, ProviderError>;

    /// After a create whose outcome is unknown (timeout, 5xx, reset after sending), find out
    /// whether the group exists. `probe_phones` is the first batch the create carried: EazyBe can
    /// only look by re-sending them with `create: false` (which, when the group exists, also
    /// appends them — exactly what the lost create would have done).
    ///
    /// `created_after` (Unix milliseconds) is the earliest creation time the lost create's group
    /// can have: the engine passes the moment it journaled the create, minus an allowance for the
    /// provider's clock differing from ours. Names are not unique (a school makes "Class 5B
    /// parents" every year), so a same-name group the provider reports as created before that is
    /// someone's older group and is never returned; adopting it would add the whole list to the
    /// wrong group. Where the provider does not tell a group's creation time the group is still
    /// returned (nothing better is known) but one whose time is known and recent is preferred.
    /// `None` means no bound: the newest group with the name.
    async fn find_group(
        &self,
        name: &str,
        probe_phones: &[String],
        created_after: Option<i64>,
    ) -> Result<Lookup, ProviderError>;

    /// The invite link, when the provider has one and the create answer did not carry it.
    async fn invite_link(&self, group: &GroupRef) -> Result<Option<String>, ProviderError>;

    /// Who is in the group now, as E.164, when the provider can tell (Z-API group metadata);
    /// `None` when it cannot. Used to confirm members whose add call gave no per-number result.
    async fn members(&self, group: &GroupRef) -> Result<Option<Vec<String>>, ProviderError>;

    /// Whether this account can check numbers on WhatsApp, and at what cost. Reflects what is
    /// known now: 2Chat's trial limits are known once [`Provider::check`] has read `/info`.
    fn number_check(&self) -> NumberCheckOffer {
        NumberCheckOffer::not_offered(self.kind())
    }

    /// Asks the provider, for each of `phones` (E.164), whether it is on WhatsApp; one answer per
    /// phone, in order. The client splits the list into calls and paces them at the documented
    /// limit itself; numbers it could not ask (a trial's cap, a refusal part-way) come back
    /// `unknown` with the reason, so what was learned before is never lost. An explicit user
    /// action only: Z-API advises against checking as a routine step before every send.
    async fn check_numbers(&self, phones: &[String]) -> Result<Vec<NumberCheck>, ProviderError> {
        let why = self.number_check().why_not.unwrap_or_default();
        Ok(phones
            .iter()
            .map(|p| NumberCheck::unknown(p, why.clone()))
            .collect())
    }

    /// How this provider honours one "set up after create" step: a call of its own, inside the
    /// create, or not at all (with one sentence why, for the disabled control and the result).
    fn setup_support(&self, step: SetupStepKind) -> SetupSupport;

    /// Every setup step with its support, in the order the engine runs them: what the Create
    /// screen shows.
    fn setup_capabilities(&self) -> Vec<SetupCapability> {
        SetupStepKind::ALL
            .into_iter()
            .map(|step| SetupCapability {
                step,
                support: self.setup_support(step),
            })
            .collect()
    }

    /// Sets the group's description. Only called when `setup_support(Description)` is
    /// [`SetupSupport::Call`]. Safe to repeat.
    async fn set_description(
        &self,
        group: &GroupRef,
        description: &str,
    ) -> Result<(), ProviderError> {
        let _ = (group, description);
        Err(not_offered(self.kind(), SetupStepKind::Description))
    }

    /// Makes `phones` (E.164, already members of the group) admins. Only called when
    /// `setup_support(Admins)` is [`SetupSupport::Call`]. Safe to repeat.
    async fn promote_admins(
        &self,
        group: &GroupRef,
        phones: &[String],
    ) -> Result<(), ProviderError> {
        let _ = (group, phones);
        Err(not_offered(self.kind(), SetupStepKind::Admins))
    }

    /// Sets "only admins can send messages" and "only admins can edit info" in one call. Only
    /// called when either step's support is [`SetupSupport::Call`]. Safe to repeat.
    async fn set_admins_only(
        &self,
        group: &GroupRef,
        admins_only: AdminsOnly,
    ) -> Result<(), ProviderError> {
        let _ = (group, admins_only);
        Err(not_offered(self.kind(), SetupStepKind::AdminsOnlyMessages))
    }
}

/// What a setup call on a provider that does not offer it answers. The engine asks
/// [`Provider::setup_support`] first and never makes such a call; this is the safety net.
fn not_offered(kind: ProviderKind, step: SetupStepKind) -> ProviderError {
    ProviderError::Config(format!(
        "{} does not offer \"{}\". This is a GroupDrop bug: please report it.",
        kind.display_name(),
        step.label()
    ))
}

/// The sentence for a step a provider has no endpoint for: "not offered by 2Chat".
pub fn not_offered_by(kind: ProviderKind, detail: &str) -> SetupSupport {
    SetupSupport::NotOffered {
        why: format!("not offered by {}: {detail}", kind.display_name()),
    }
}
