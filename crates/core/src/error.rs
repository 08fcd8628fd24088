//! The crate's one error enum. Every message says what is wrong, where, and what to do; none
//! carries a token, a raw provider body or a stack trace. The UI switches on [`CoreError::kind`]
//! and shows [`CoreError`]'s `Display`, both packed into [`UiError`].

use groupdrop_providers::{ErrorKind as ProviderErrorKind, ProviderError};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// A closed set the UI can switch on and translate. Serialised in camelCase; pinned by a test so a
/// rename is a deliberate, visible change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum CoreErrorKind {
    BadName,
    NoMembers,
    TooManyMembers,
    Database,
    DataDir,
    JobNotFound,
    JobBusy,
    AccountNotFound,
    AccountExists,
    SecretMissing,
    Keyring,
    Export,
    // Provider kinds, passed through so the UI can say "the API key was refused" and offer the fix.
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
    Internal,
}

#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    /// The group name cannot be used as a WhatsApp group subject.
    #[error("{0}")]
    BadName(String),

    /// Nothing left to put in the group after import and plan checks.
    #[error("There are no usable phone numbers to put in the group{detail}. Check the contact file and its phone column.")]
    NoMembers { detail: String },

    /// More than WhatsApp allows in one group and the user did not ask to split.
    #[error("{count} numbers is more than a WhatsApp group can hold ({max} plus you). Choose \"split into several groups\" (--split), or use a shorter list.")]
    TooManyMembers { count: usize, max: usize },

    /// SQLite said no. `detail` is SQLite's own message (no user data is in it).
    #[error("The history database {path} could not be used: {detail}. Check that the disk is not full and that no other program locks the file.")]
    Database { path: String, detail: String },

    /// The data directory could not be found or created.
    #[error("GroupDrop's data folder {path} could not be used: {detail}. Set GROUPDROP_DATA_DIR to a folder you can write to.")]
    DataDir { path: PathBuf, detail: String },

    #[error("There is no run number {0} in the history. `groupdrop-cli history` lists the runs.")]
    JobNotFound(i64),

    /// Another process (a second CLI, the app) is running this job right now.
    #[error("Run {0} is being worked on by another GroupDrop window or command right now. Wait for it to finish, then try again.")]
    JobBusy(i64),

    #[error(
        "There is no account named \"{0}\". Add it in the app (Accounts), or check the spelling."
    )]
    AccountNotFound(String),

    #[error("An account named \"{0}\" already exists. Choose another name, or edit that account.")]
    AccountExists(String),

    /// The account's metadata exists but its secret is not in the keyring (deleted outside GroupDrop).
    #[error("The secrets of account \"{label}\" are not in the system keyring any more. Open the account and enter them again.")]
    SecretMissing { label: String },

    /// No usable OS keyring. Never a fallback to a plain file.
    #[error("No system keyring is available to keep the account's secrets ({detail}). {hint}")]
    Keyring { detail: String, hint: &'static str },

    #[error("Could not write {path}: {detail}. Choose a folder you can write to.")]
    Export { path: PathBuf, detail: String },

    /// A provider call failed in a way the engine could not settle by itself.
    #[error(transparent)]
    Provider(#[from] ProviderError),

    /// A bug: something that should not happen. The message stays generic; details go to the log.
    #[error("Something went wrong inside GroupDrop ({0}). Please report it.")]
    Internal(String),
}

/// What to say about getting a keyring, per platform.
pub(crate) const KEYRING_HINT: &str = if cfg!(target_os = "linux") {
    "Install and unlock a Secret Service such as GNOME Keyring (gnome-keyring) or KWallet, make sure a desktop session (D-Bus) is running, then try again."
} else if cfg!(target_os = "macos") {
    "Unlock the login Keychain (Keychain Access), then try again."
} else if cfg!(windows) {
    "Windows Credential Manager did not answer; sign in to Windows normally, then try again."
} else {
    "This system has no supported keyring."
};

impl CoreError {
    pub fn kind(&self) -> CoreErrorKind {
        match self {
            CoreError::BadName(_) => CoreErrorKind::BadName,
            CoreError::NoMembers { .. } => CoreErrorKind::NoMembers,
            CoreError::TooManyMembers { .. } => CoreErrorKind::TooManyMembers,
            CoreError::Database { .. } => CoreErrorKind::Database,
            CoreError::DataDir { .. } => CoreErrorKind::DataDir,
            CoreError::JobNotFound(_) => CoreErrorKind::JobNotFound,
            CoreError::JobBusy(_) => CoreErrorKind::JobBusy,
            CoreError::AccountNotFound(_) => CoreErrorKind::AccountNotFound,
            CoreError::AccountExists(_) => CoreErrorKind::AccountExists,
            CoreError::SecretMissing { .. } => CoreErrorKind::SecretMissing,
            CoreError::Keyring { .. } => CoreErrorKind::Keyring,
            CoreError::Export { .. } => CoreErrorKind::Export,
            CoreError::Internal(_) => CoreErrorKind::Internal,
            CoreError::Provider(e) => match e.kind() {
                ProviderErrorKind::Credentials => CoreErrorKind::Credentials,
                ProviderErrorKind::Payment => CoreErrorKind::Payment,
                ProviderErrorKind::RateLimited => CoreErrorKind::RateLimited,
                ProviderErrorKind::Busy => CoreErrorKind::Busy,
                ProviderErrorKind::NotConnected => CoreErrorKind::NotConnected,
                ProviderErrorKind::GroupNotFound => CoreErrorKind::GroupNotFound,
                ProviderErrorKind::InvalidRequest => CoreErrorKind::InvalidRequest,
                ProviderErrorKind::ProviderDown => CoreErrorKind::ProviderDown,
                ProviderErrorKind::Malformed => CoreErrorKind::Malformed,
                ProviderErrorKind::Timeout => CoreErrorKind::Timeout,
                ProviderErrorKind::Network => CoreErrorKind::Network,
                ProviderErrorKind::Config => CoreErrorKind::Config,
            },
        }
    }

    /// Wraps a rusqlite error with the database path so the user knows which file is at fault.
    pub(crate) fn db(path: &std::path::Path, e: rusqlite::Error) -> CoreError {
        // SQLite's own text (never bound values) helps a bug report; the user sees the short form.
        tracing::debug!(error = %e, "sqlite error");
        CoreError::Database {
            path: path.display().to_string(),
            detail: sqlite_detail(&e),
        }
    }
}

/// SQLite's message without the SQL text or bound values (which could hold phone numbers).
fn sqlite_detail(e: &rusqlite::Error) -> String {
    match e {
        rusqlite::Error::SqliteFailure(code, _) => match code.code {
            rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked => {
                "the file is locked by another program".into()
            }
            rusqlite::ErrorCode::DiskFull => "the disk is full".into(),
            rusqlite::ErrorCode::ReadOnly | rusqlite::ErrorCode::PermissionDenied => {
                "the file is read-only".into()
            }
            rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt => {
                "the file is not a GroupDrop database or is damaged".into()
            }
            rusqlite::ErrorCode::CannotOpen => "the file cannot be opened".into(),
            other => format!("SQLite error {other:?}"),
        },
        other => format!("{other}"),
    }
}

/// The one shape errors take at the UI boundary.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct UiError {
    pub kind: CoreErrorKind,
    pub message: String,
}

impl From<&CoreError> for UiError {
    fn from(e: &CoreError) -> Self {
        if let CoreError::Internal(detail) = e {
            tracing::error!(%detail, "internal error");
            return UiError {
                kind: CoreErrorKind::Internal,
                message: "Something went wrong inside GroupDrop. Please report it.".into(),
            };
        }
        UiError {
            kind: e.kind(),
            message: e.to_string(),
        }
    }
}

impl From<CoreError> for UiError {
    fn from(e: CoreError) -> Self {
        UiError::from(&e)
    }
}

pub type Result<T, E = CoreError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ui_error_wire_shape_is_pinned() {
        let e = CoreError::JobNotFound(7);
        assert_eq!(
            serde_json::to_value(UiError::from(e)).unwrap(),
            json!({"kind": "jobNotFound", "message": "There is no run number 7 in the history. `groupdrop-cli history` lists the runs."})
        );
        let e = CoreError::Provider(ProviderError::Credentials {
            provider: "2Chat",
            hint: "Copy the API key again.".into(),
        });
        assert_eq!(
            serde_json::to_value(UiError::from(e)).unwrap()["kind"],
            json!("credentials")
        );
    }

    #[test]
    fn internal_errors_hide_their_detail() {
        let ui = UiError::from(CoreError::Internal(
            "index out of range at plan.rs:12".into(),
        ));
        assert_eq!(ui.kind, CoreErrorKind::Internal);
        assert!(!ui.message.contains("plan.rs"));
    }

    #[test]
    fn sqlite_detail_never_contains_sql() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let e = conn
            .execute("INSERT INTO nowhere VALUES ('+5511987654321')", [])
            .unwrap_err();
        let msg = CoreError::db(std::path::Path::new("/tmp/h.sqlite3"), e).to_string();
        assert!(!msg.contains("+5511987654321"), "{msg}");
    }
}
