//! One error enum for the crate. Messages are for people: what is wrong and what to do. They never
//! contain a token, a raw response body, or HTML.

use crate::model::ProviderKind;
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// A stable classification the engine and the UI switch on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum ErrorKind {
    Credentials,
    Payment,
    RateLimited,
    Busy,
    NotConnected,
    GroupNotFound,
    InvalidRequest,
    ProviderDown,
    Malformed,
    Timeout,
    Network,
    Config,
}

#[derive(Debug, thiserror::Error)]
pub enum ProviderError {
    /// 401, Z-API `{"error":"null not allowed"}`, unknown instance.
    #[error("{provider} refused the credentials. {hint}")]
    Credentials {
        provider: &'static str,
        hint: String,
    },
    /// 2Chat 402: trial over or credits used up.
    #[error("{provider} says the account has no credits left or its trial has ended. Top up the account, then try again.")]
    Payment { provider: &'static str },
    /// 429. `retry_after` from the `Retry-After` header when present.
    #[error("{provider} asked us to slow down (too many requests).")]
    RateLimited {
        provider: &'static str,
        retry_after: Option<Duration>,
    },
    /// 2Chat 409/410/486: the number is booting, (dis)connecting or busy; safe to retry after a pause.
    #[error("{provider} is busy: {detail}")]
    Busy {
        provider: &'static str,
        detail: String,
        retry_after: Option<Duration>,
    },
    /// EazyBe 403 (inactive cloud session), Z-API not connected, 2Chat no connected number.
    #[error("{provider}: {detail}")]
    NotConnected {
        provider: &'static str,
        detail: String,
    },
    /// EazyBe 404 with `create: false`.
    #[error("{provider} has no group named \"{name}\". Tick \"create the group if it does not exist\" to create it.")]
    GroupNotFound {
        provider: &'static str,
        name: String,
    },
    /// 400/422: the provider refused what we sent.
    #[error("{provider} refused the request: {detail}")]
    InvalidRequest {
        provider: &'static str,
        status: u16,
        detail: String,
    },
    /// 5xx or an HTML error page.
    #[error(
        "{provider} is having problems right now (HTTP {status}). Try again in a few minutes."
    )]
    ProviderDown { provider: &'static str, status: u16 },
    /// A reply we could not understand.
    #[error("{provider} sent a reply GroupDrop could not understand ({detail}).")]
    Malformed {
        provider: &'static str,
        detail: String,
    },
    /// A reply over [`crate::MAX_REPLY_BYTES`]: refused, not buffered (a misdirected download, a
    /// proxy's endless page). The request was received, so a create may have happened.
    #[error("{provider} sent an answer larger than {limit_mb} MB, far more than any answer it documents, so GroupDrop stopped reading it. Check the provider address in the settings; if it is right, try again later.")]
    ReplyTooLarge {
        provider: &'static str,
        limit_mb: u64,
    },
    /// No answer in time. `sent`: the request had left (it may have been processed).
    #[error("{provider} did not answer in time.")]
    Timeout { provider: &'static str, sent: bool },
    /// Could not connect, or the connection broke. `sent`: the request had left.
    #[error("Could not reach {provider}: {detail}. Check the internet connection.")]
    Network {
        provider: &'static str,
        sent: bool,
        detail: String,
    },
    /// Bad configuration (base URL, missing field).
    #[error("{0}")]
    Config(String),
}

impl ProviderError {
    pub fn kind(&self) -> ErrorKind {
        match self {
            ProviderError::Credentials { .. } => ErrorKind::Credentials,
            ProviderError::Payment { .. } => ErrorKind::Payment,
            ProviderError::RateLimited { .. } => ErrorKind::RateLimited,
            ProviderError::Busy { .. } => ErrorKind::Busy,
            ProviderError::NotConnected { .. } => ErrorKind::NotConnected,
            ProviderError::GroupNotFound { .. } => ErrorKind::GroupNotFound,
            ProviderError::InvalidRequest { .. } => ErrorKind::InvalidRequest,
            ProviderError::ProviderDown { .. } => ErrorKind::ProviderDown,
            ProviderError::Malformed { .. } | ProviderError::ReplyTooLarge { .. } => {
                ErrorKind::Malformed
            }
            ProviderError::Timeout { .. } => ErrorKind::Timeout,
            ProviderError::Network { .. } => ErrorKind::Network,
            ProviderError::Config(_) => ErrorKind::Config,
        }
    }

    /// True when the request may have reached the provider and been acted on: a create that
    /// fails this way must not be repeated before a lookup.
    pub fn may_have_reached(&self) -> bool {
        match self {
            ProviderError::ProviderDown { .. }
            | ProviderError::Malformed { .. }
            | ProviderError::ReplyTooLarge { .. } => true,
            ProviderError::Timeout { sent, .. } | ProviderError::Network { sent, .. } => *sent,
            _ => false,
        }
    }

    /// True when repeating the same call after a pause is safe and may succeed.
    pub fn retry_safe(&self) -> bool {
        matches!(
            self,
            ProviderError::RateLimited { .. } | ProviderError::Busy { .. }
        ) || matches!(self, ProviderError::Network { sent: false, .. })
            || matches!(self, ProviderError::Timeout { sent: false, .. })
    }

    /// How long the provider asked us to wait, if it said.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            ProviderError::RateLimited { retry_after, .. }
            | ProviderError::Busy { retry_after, .. } => *retry_after,
            _ => None,
        }
    }
}

/// The display name used in messages.
pub fn provider_name(kind: ProviderKind) -> &'static str {
    kind.display_name()
}
