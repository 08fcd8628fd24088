//! The one error shape the webview sees: `{kind, message}`.
//!
//! `kind` is a closed union the UI switches on (to pick an icon, a "fix it" button, or a translated
//! headline); `message` is already plain language with the fix, written by the crate that knows
//! what went wrong. Anything nobody classified becomes `internal` with a generic sentence, and the
//! detail goes to the log only: a stack trace, a raw provider body or a path to a secret must never
//! reach the screen.

use groupdrop_core::{CoreError, CoreErrorKind};
use groupdrop_providers::{ErrorKind as ProviderErrorKind, ProviderError};
use serde::{Deserialize, Serialize};

/// What kind of problem this is, for the UI to switch on. Closed: adding a variant is a UI change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum UiErrorKind {
    /// The contact file could not be read (missing, empty, binary, encrypted, too big...).
    BadFile,
    /// Something the user typed or picked is not acceptable (group name, country, column...).
    InvalidInput,
    /// A job, account or import the UI referred to no longer exists.
    NotFound,
    /// No usable OS keyring (Secret Service, Keychain, Credential Manager).
    KeyringUnavailable,
    /// The provider refused the credentials.
    Credentials,
    /// The provider account has no credits / trial ended.
    Payment,
    /// Too many requests; try later.
    RateLimited,
    /// The provider or the connected number is busy; try again shortly.
    Busy,
    /// The WhatsApp number behind the account is not connected.
    NotConnected,
    /// EazyBe has no group with that name (and "create if missing" was off).
    GroupNotFound,
    /// The provider refused what was sent.
    Rejected,
    /// The provider is down or answered garbage.
    ProviderDown,
    /// No answer in time.
    Timeout,
    /// No connection.
    Network,
    /// A group is already being created; one at a time.
    JobRunning,
    /// The account's secrets are no longer in the keyring: enter them again.
    SecretMissing,
    /// GroupDrop's own files (history database, data folder, an export) could not be used.
    Storage,
    /// Everything else. The message is generic; the detail is in the log.
    Internal,
}

/// The error every command returns.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type, thiserror::Error)]
#[error("{message}")]
pub struct UiError {
    pub kind: UiErrorKind,
    pub message: String,
}

/// What the user reads when we do not know better. The cause is logged, never shown.
pub const INTERNAL_MESSAGE: &str =
    "Something went wrong. Please try again; if it keeps happening, restart GroupDrop.";

impl UiError {
    pub fn new(kind: UiErrorKind, message: impl Into<String>) -> Self {
        UiError {
            kind,
            message: message.into(),
        }
    }

    /// An unclassified failure: log the detail (which may be technical), show the generic sentence.
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        tracing::error!("internal error: {detail}");
        UiError::new(UiErrorKind::Internal, INTERNAL_MESSAGE)
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        UiError::new(UiErrorKind::InvalidInput, message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        UiError::new(UiErrorKind::NotFound, message)
    }
}

impl From<ProviderError> for UiError {
    fn from(e: ProviderError) -> Self {
        let kind = match e.kind() {
            ProviderErrorKind::Credentials => UiErrorKind::Credentials,
            ProviderErrorKind::Payment => UiErrorKind::Payment,
            ProviderErrorKind::RateLimited => UiErrorKind::RateLimited,
            ProviderErrorKind::Busy => UiErrorKind::Busy,
            ProviderErrorKind::NotConnected => UiErrorKind::NotConnected,
            ProviderErrorKind::GroupNotFound => UiErrorKind::GroupNotFound,
            ProviderErrorKind::InvalidRequest => UiErrorKind::Rejected,
            ProviderErrorKind::ProviderDown | ProviderErrorKind::Malformed => {
                UiErrorKind::ProviderDown
            }
            ProviderErrorKind::Timeout => UiErrorKind::Timeout,
            ProviderErrorKind::Network => UiErrorKind::Network,
            // A bad base URL, a missing secret: worded for people, with the fix.
            ProviderErrorKind::Config => UiErrorKind::InvalidInput,
        };
        // ProviderError's messages are written for people and never carry tokens or bodies.
        UiError::new(kind, e.to_string())
    }
}

impl From<CoreError> for UiError {
    fn from(e: CoreError) -> Self {
        let kind = match e.kind() {
            CoreErrorKind::BadName
            | CoreErrorKind::NoMembers
            | CoreErrorKind::TooManyMembers
            | CoreErrorKind::AccountExists => UiErrorKind::InvalidInput,
            CoreErrorKind::JobNotFound | CoreErrorKind::AccountNotFound => UiErrorKind::NotFound,
            CoreErrorKind::JobBusy => UiErrorKind::JobRunning,
            CoreErrorKind::SecretMissing => UiErrorKind::SecretMissing,
            CoreErrorKind::Keyring => UiErrorKind::KeyringUnavailable,
            CoreErrorKind::Database | CoreErrorKind::DataDir | CoreErrorKind::Export => {
                UiErrorKind::Storage
            }
            CoreErrorKind::Credentials => UiErrorKind::Credentials,
            CoreErrorKind::Payment => UiErrorKind::Payment,
            CoreErrorKind::RateLimited => UiErrorKind::RateLimited,
            CoreErrorKind::Busy => UiErrorKind::Busy,
            CoreErrorKind::NotConnected => UiErrorKind::NotConnected,
            CoreErrorKind::GroupNotFound => UiErrorKind::GroupNotFound,
            CoreErrorKind::InvalidRequest => UiErrorKind::Rejected,
            CoreErrorKind::ProviderDown | CoreErrorKind::Malformed => UiErrorKind::ProviderDown,
            CoreErrorKind::Timeout => UiErrorKind::Timeout,
            CoreErrorKind::Network => UiErrorKind::Network,
            // Configuration problems are worded for people ("the 2Chat number is not an
            // international number"), so they keep their message.
            CoreErrorKind::Config => UiErrorKind::InvalidInput,
            CoreErrorKind::Internal => return UiError::internal(e),
        };
        UiError::new(kind, e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, to_value};

    #[test]
    fn wire_shape_is_kind_and_message_in_camel_case() {
        let e = UiError::new(UiErrorKind::BadFile, "The file is empty.");
        assert_eq!(
            to_value(e).unwrap(),
            json!({"kind": "badFile", "message": "The file is empty."})
        );
        assert_eq!(
            to_value(UiErrorKind::KeyringUnavailable).unwrap(),
            json!("keyringUnavailable")
        );
        assert_eq!(
            to_value(UiErrorKind::JobRunning).unwrap(),
            json!("jobRunning")
        );
    }

    #[test]
    fn internal_hides_the_detail() {
        let e = UiError::internal("sqlite: database disk image is malformed at /home/x/secret");
        assert_eq!(
            to_value(e).unwrap(),
            json!({"kind": "internal", "message": INTERNAL_MESSAGE})
        );
    }

    #[test]
    fn provider_errors_keep_their_human_message_and_map_kind() {
        let e: UiError = ProviderError::Credentials {
            provider: "2Chat",
            hint: "Copy the API key again from 2Chat → API, then press Test connection.".into(),
        }
        .into();
        assert_eq!(
            to_value(&e).unwrap(),
            json!({"kind": "credentials", "message": "2Chat refused the credentials. Copy the API key again from 2Chat → API, then press Test connection."})
        );
        let down: UiError = ProviderError::ProviderDown {
            provider: "Z-API",
            status: 502,
        }
        .into();
        assert_eq!(down.kind, UiErrorKind::ProviderDown);
        let config: UiError =
            ProviderError::Config("The 2Chat number is not an international number.".into()).into();
        assert_eq!(config.kind, UiErrorKind::InvalidInput);
    }

    #[test]
    fn core_errors_map_to_kinds_and_internal_ones_stay_hidden() {
        let e: UiError = CoreError::JobBusy(4).into();
        assert_eq!(e.kind, UiErrorKind::JobRunning);
        assert!(e.message.contains("Run 4"), "{}", e.message);
        let e: UiError = CoreError::SecretMissing {
            label: "Office".into(),
        }
        .into();
        assert_eq!(
            to_value(&e).unwrap()["kind"],
            json!("secretMissing"),
            "{e:?}"
        );
        let e: UiError = CoreError::Internal("unwrap on None at job.rs:88".into()).into();
        assert_eq!(e.message, INTERNAL_MESSAGE);
        let e: UiError = CoreError::Provider(ProviderError::Timeout {
            provider: "Z-API",
            sent: true,
        })
        .into();
        assert_eq!(e.kind, UiErrorKind::Timeout);
    }
}
