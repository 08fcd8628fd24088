//! `AnyProvider`: one type for whichever provider the user picked at runtime. The job engine is
//! generic over [`Provider`]; the CLI and the app build an `AnyProvider` from a
//! [`ProviderConfig`] and hand it over, and every call is a plain `match` (no boxing, no
//! `dyn` with async methods).

use crate::config::ProviderConfig;
use crate::eazybe::EazyBe;
use crate::error::ProviderError;
use crate::model::*;
use crate::practice::Practice;
use crate::twochat::TwoChat;
use crate::zapi::Zapi;
use crate::Provider;

#[derive(Debug)]
pub enum AnyProvider {
    EazyBe(EazyBe),
    TwoChat(TwoChat),
    Zapi(Zapi),
    Practice(Practice),
}

impl AnyProvider {
    /// Builds the client for a configuration. Fails only when the HTTP client cannot be set up.
    pub fn from_config(config: ProviderConfig) -> Result<AnyProvider, ProviderError> {
        Ok(match config {
            ProviderConfig::EazyBe(c) => AnyProvider::EazyBe(EazyBe::new(c)?),
            ProviderConfig::TwoChat(c) => AnyProvider::TwoChat(TwoChat::new(c)?),
            ProviderConfig::Zapi(c) => AnyProvider::Zapi(Zapi::new(c)?),
            ProviderConfig::Practice(c) => AnyProvider::Practice(Practice::new(c)),
        })
    }
}

macro_rules! each {
    ($self:ident, $p:ident => $body:expr) => {
        match $self {
            AnyProvider::EazyBe($p) => $body,
            AnyProvider::TwoChat($p) => $body,
            AnyProvider::Zapi($p) => $body,
            AnyProvider::Practice($p) => $body,
        }
    };
}

impl Provider for AnyProvider {
    fn kind(&self) -> ProviderKind {
        each!(self, p => p.kind())
    }

    fn limits(&self) -> Limits {
        each!(self, p => p.limits())
    }

    async fn check(&self) -> Result<AccountCheck, ProviderError> {
        each!(self, p => p.check().await)
    }

    async fn create_group(&self, req: &CreateRequest) -> Result<CreateAnswer, ProviderError> {
        each!(self, p => p.create_group(req).await)
    }

    async fn add_members(
        &self,
        group: &GroupRef,
        phones: &[String],
        auto_invite: bool,
    ) -> Result<Vec<MemberResult>, ProviderError> {
        each!(self, p => p.add_members(group, phones, auto_invite).await)
    }

    async fn find_group(
        &self,
        name: &str,
        probe_phones: &[String],
        created_after: Option<i64>,
    ) -> Result<Lookup, ProviderError> {
        each!(self, p => p.find_group(name, probe_phones, created_after).await)
    }

    async fn invite_link(&self, group: &GroupRef) -> Result<Option<String>, ProviderError> {
        each!(self, p => p.invite_link(group).await)
    }

    async fn members(&self, group: &GroupRef) -> Result<Option<Vec<String>>, ProviderError> {
        each!(self, p => p.members(group).await)
    }

    fn number_check(&self) -> NumberCheckOffer {
        each!(self, p => p.number_check())
    }

    async fn check_numbers(&self, phones: &[String]) -> Result<Vec<NumberCheck>, ProviderError> {
        each!(self, p => p.check_numbers(phones).await)
    }

    fn setup_support(&self, step: SetupStepKind) -> SetupSupport {
        each!(self, p => p.setup_support(step))
    }

    async fn set_description(
        &self,
        group: &GroupRef,
        description: &str,
    ) -> Result<(), ProviderError> {
        each!(self, p => p.set_description(group, description).await)
    }

    async fn promote_admins(
        &self,
        group: &GroupRef,
        phones: &[String],
    ) -> Result<(), ProviderError> {
        each!(self, p => p.promote_admins(group, phones).await)
    }

    async fn set_admins_only(
        &self,
        group: &GroupRef,
        admins_only: AdminsOnly,
    ) -> Result<(), ProviderError> {
        each!(self, p => p.set_admins_only(group, admins_only).await)
    }
}
