//! The crate's one error enum. Every message says what is wrong, where, and what to do; none
//! carries a token, a raw provider body or a stack trace. The UI switches on [`CoreError::kind`]
//! and shows [`CoreError`]'s `Display`, both packed into [`UiError`].

use groupdrop_providers::{ErrorKind as ProviderErrorKind, ProviderError};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// What kind of problem this is: the one closed set GroupDrop's errors fall into, for the UI to
/// switch on (a translated headline and body, a "fix it" button) and for the CLI to pick its exit
/// code. Defined here once and exported to TypeScript through the specta bindings, so the UI maps
/// a generated union rather than a hand-kept list. Serialised in camelCase; pinned by a test so a
/// rename is a deliberate, visible change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum ErrorKind {
    /// The contact file could not be read (missing, empty, binary, encrypted, too big...).
    BadFile,
    /// Something the user typed or picked is not acceptable (group name, country, column...).
    InvalidInput,
    /// A run, account or import that was referred to no longer exists.
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
    /// A group is already being created (in this window, or by another window or command).
    JobRunning,
    /// The account's secrets are no longer in the keyring: enter them again.
    SecretMissing,
    /// GroupDrop's own files (history database, data folder, an export) could not be used.
    Storage,
    /// Everything else. The message is generic; the detail is in the log.
    Internal,
}

impl ErrorKind {
    /// Every kind, in declaration order (the UI's catalogue must word each one).
    pub const ALL: [ErrorKind; 18] = [
        ErrorKind::BadFile,
        ErrorKind::InvalidInput,
        ErrorKind::NotFound,
        ErrorKind::KeyringUnavailable,
        ErrorKind::Credentials,
        ErrorKind::Payment,
        ErrorKind::RateLimited,
        ErrorKind::Busy,
        ErrorKind::NotConnected,
        ErrorKind::GroupNotFound,
        ErrorKind::Rejected,
        ErrorKind::ProviderDown,
        ErrorKind::Timeout,
        ErrorKind::Network,
        ErrorKind::JobRunning,
        ErrorKind::SecretMissing,
        ErrorKind::Storage,
        ErrorKind::Internal,
    ];
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

    /// The contact file could not be read, or a choice about it (column, sheet, country) is wrong.
    #[error(transparent)]
    Import(#[from] groupdrop_contacts::ContactsError),

    /// Something the user typed or picked cannot be used; the message says what and how to fix it.
    #[error("{0}")]
    InvalidInput(String),

    /// Something the user referred to (an opened file, an account, a run) is gone.
    #[error("{0}")]
    NotFound(String),

    /// This window or command is already creating a group: one at a time.
    #[error(
        "A group is already being created. Wait for it to finish (or stop it), then try again."
    )]
    AlreadyRunning,

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
    /// The kind the UI and the CLI switch on.
    pub fn kind(&self) -> ErrorKind {
        use groupdrop_contacts::ContactsError as C;
        match self {
            CoreError::BadName(_)
            | CoreError::NoMembers { .. }
            | CoreError::TooManyMembers { .. }
            | CoreError::AccountExists(_)
            | CoreError::InvalidInput(_) => ErrorKind::InvalidInput,
            CoreError::Import(
                C::ColumnNotFound { .. } | C::SheetNotFound { .. } | C::UnknownCountry { .. },
            ) => ErrorKind::InvalidInput,
            CoreError::Import(_) => ErrorKind::BadFile,
            CoreError::JobNotFound(_) | CoreError::AccountNotFound(_) | CoreError::NotFound(_) => {
                ErrorKind::NotFound
            }
            CoreError::JobBusy(_) | CoreError::AlreadyRunning => ErrorKind::JobRunning,
            CoreError::SecretMissing { .. } => ErrorKind::SecretMissing,
            CoreError::Keyring { .. } => ErrorKind::KeyringUnavailable,
            CoreError::Database { .. } | CoreError::DataDir { .. } | CoreError::Export { .. } => {
                ErrorKind::Storage
            }
            CoreError::Internal(_) => ErrorKind::Internal,
            CoreError::Provider(e) => match e.kind() {
                ProviderErrorKind::Credentials => ErrorKind::Credentials,
                ProviderErrorKind::Payment => ErrorKind::Payment,
                ProviderErrorKind::RateLimited => ErrorKind::RateLimited,
                ProviderErrorKind::Busy => ErrorKind::Busy,
                ProviderErrorKind::NotConnected => ErrorKind::NotConnected,
                ProviderErrorKind::GroupNotFound => ErrorKind::GroupNotFound,
                ProviderErrorKind::InvalidRequest => ErrorKind::Rejected,
                ProviderErrorKind::ProviderDown | ProviderErrorKind::Malformed => {
                    ErrorKind::ProviderDown
                }
                ProviderErrorKind::Timeout => ErrorKind::Timeout,
                ProviderErrorKind::Network => ErrorKind::Network,
                // A bad base URL, a missing secret: worded for people, with the fix.
                ProviderErrorKind::Config => ErrorKind::InvalidInput,
            },
        }
    }

    /// The facts the UI words its own sentence from (provider, run, account, file, counts), so
    /// it never has to show Rust's English except as "details".
    pub fn params(&self) -> MessageParams {
        use groupdrop_contacts::ContactsError as C;
        use groupdrop_providers::ProviderError as P;
        let mut p = MessageParams::new();
        let mut put = |k: &str, v: String| {
            p.insert(k.to_string(), v);
        };
        match self {
            CoreError::TooManyMembers { count, max } => {
                put("count", count.to_string());
                put("max", max.to_string());
            }
            CoreError::JobNotFound(job) | CoreError::JobBusy(job) => put("job", job.to_string()),
            CoreError::AccountNotFound(label) | CoreError::AccountExists(label) => {
                put("account", label.clone())
            }
            CoreError::SecretMissing { label } => put("account", label.clone()),
            CoreError::Import(e) => match e {
                C::NotFound { file }
                | C::CannotOpen { file, .. }
                | C::Empty { file }
                | C::TooLarge { file, .. }
                | C::Binary { file }
                | C::Unsupported { file, .. }
                | C::Encoding { file, .. }
                | C::PasswordProtected { file }
                | C::Unreadable { file, .. }
                | C::NoPhoneColumn { file, .. } => put("file", file.clone()),
                C::ColumnNotFound { file, column, .. } => {
                    put("file", file.clone());
                    put("column", column.clone());
                }
                C::SheetNotFound { file, sheet, .. } => {
                    put("file", file.clone());
                    put("sheet", sheet.clone());
                }
                C::UnknownCountry { country } => put("country", country.clone()),
                #[allow(unreachable_patterns)]
                _ => {}
            },
            CoreError::Provider(e) => {
                let provider = match e {
                    P::Credentials { provider, .. }
                    | P::Payment { provider }
                    | P::RateLimited { provider, .. }
                    | P::Busy { provider, .. }
                    | P::NotConnected { provider, .. }
                    | P::GroupNotFound { provider, .. }
                    | P::InvalidRequest { provider, .. }
                    | P::ProviderDown { provider, .. }
                    | P::Malformed { provider, .. }
                    | P::Timeout { provider, .. }
                    | P::Network { provider, .. } => Some(*provider),
                    #[allow(unreachable_patterns)]
                    _ => None,
                };
                if let Some(name) = provider {
                    put("provider", name.to_string());
                }
            }
            _ => {}
        }
        p
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

/// Named facts a message is worded from (`provider`, `job`, `account`, `file`, `count`, ...).
pub type MessageParams = std::collections::BTreeMap<String, String>;

/// The one shape errors take at the UI boundary (the app's commands and events) and in the CLI.
/// `kind` picks the UI's translated headline and body, worded from `params`; `message` is the
/// English sentence, which the UI shows only under "details" (for support) and the CLI prints.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type, thiserror::Error)]
#[error("{message}")]
pub struct UiError {
    pub kind: ErrorKind,
    pub message: String,
    /// Absent when there is nothing to word from (and in errors the UI makes itself).
    #[serde(default, skip_serializing_if = "MessageParams::is_empty")]
    #[specta(optional)]
    pub params: MessageParams,
}

/// What the user reads when we do not know better. The cause is logged, never shown.
pub const INTERNAL_MESSAGE: &str =
    "Something went wrong inside GroupDrop. Please try again; if it keeps happening, report it.";

impl UiError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        UiError {
            kind,
            message: message.into(),
            params: MessageParams::new(),
        }
    }

    /// Adds a fact the UI may word its sentence with.
    pub fn with(mut self, key: &str, value: impl ToString) -> Self {
        self.params.insert(key.to_string(), value.to_string());
        self
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        UiError::new(ErrorKind::InvalidInput, message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        UiError::new(ErrorKind::NotFound, message)
    }

    /// An unclassified failure: log the detail (which may be technical), show the generic sentence.
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        tracing::error!("internal error: {detail}");
        UiError::new(ErrorKind::Internal, INTERNAL_MESSAGE)
    }
}

impl From<&CoreError> for UiError {
    fn from(e: &CoreError) -> Self {
        match e {
            CoreError::Internal(detail) => UiError::internal(detail),
            CoreError::Import(groupdrop_contacts::ContactsError::Unreadable { detail, .. }) => {
                // The library's own words are for the log only.
                tracing::warn!("import: unreadable file: {detail}");
                UiError {
                    kind: e.kind(),
                    message: e.to_string(),
                    params: e.params(),
                }
            }
            _ => UiError {
                kind: e.kind(),
                message: e.to_string(),
                params: e.params(),
            },
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
            json!({"kind": "notFound", "message": "There is no run number 7 in the history. `groupdrop-cli history` lists the runs.", "params": {"job": "7"}})
        );
        let e = CoreError::Provider(ProviderError::Credentials {
            provider: "2Chat",
            hint: "Copy the API key again.".into(),
        });
        assert_eq!(
            serde_json::to_value(UiError::from(e)).unwrap(),
            json!({"kind": "credentials", "message": "2Chat refused the credentials. Copy the API key again.", "params": {"provider": "2Chat"}})
        );
    }

    #[test]
    fn internal_errors_hide_their_detail() {
        let ui = UiError::from(CoreError::Internal(
            "index out of range at plan.rs:12".into(),
        ));
        assert_eq!(ui.kind, ErrorKind::Internal);
        assert!(!ui.message.contains("plan.rs"));
        assert!(ui.params.is_empty());
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

    // Moved from src-tauri/error.rs when the app's own `UiErrorKind` became this crate's `ErrorKind`.
    #[test]
    fn wire_shape_is_kind_message_params_in_camel_case() {
        let e = UiError::new(ErrorKind::BadFile, "The file is empty.");
        // Nothing to word from: no `params` at all (the shape errors the UI makes itself have).
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            json!({"kind": "badFile", "message": "The file is empty."})
        );
        let back: UiError =
            serde_json::from_value(json!({"kind": "badFile", "message": "The file is empty."}))
                .unwrap();
        assert_eq!(back, e);
        assert_eq!(
            serde_json::to_value(ErrorKind::KeyringUnavailable).unwrap(),
            json!("keyringUnavailable")
        );
        assert_eq!(
            serde_json::to_value(ErrorKind::JobRunning).unwrap(),
            json!("jobRunning")
        );
    }

    #[test]
    fn provider_errors_keep_their_human_message_and_map_kind() {
        let e: UiError = CoreError::Provider(ProviderError::Credentials {
            provider: "2Chat",
            hint: "Copy the API key again from 2Chat → API, then press Test connection.".into(),
        })
        .into();
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            json!({"kind": "credentials", "message": "2Chat refused the credentials. Copy the API key again from 2Chat → API, then press Test connection.", "params": {"provider": "2Chat"}})
        );
        let down: UiError = CoreError::Provider(ProviderError::ProviderDown {
            provider: "Z-API",
            status: 502,
        })
        .into();
        assert_eq!(down.kind, ErrorKind::ProviderDown);
        let config: UiError = CoreError::Provider(ProviderError::Config(
            "The 2Chat number is not an international number.".into(),
        ))
        .into();
        assert_eq!(config.kind, ErrorKind::InvalidInput);
    }

    #[test]
    fn core_errors_map_to_kinds_and_internal_ones_stay_hidden() {
        let e: UiError = CoreError::JobBusy(4).into();
        assert_eq!(e.kind, ErrorKind::JobRunning);
        assert!(e.message.contains("Run 4"), "{}", e.message);
        let e: UiError = CoreError::SecretMissing {
            label: "Office".into(),
        }
        .into();
        assert_eq!(
            serde_json::to_value(&e).unwrap()["kind"],
            json!("secretMissing")
        );
        assert_eq!(e.params["account"], "Office");
        let e: UiError = CoreError::Internal("unwrap on None at job.rs:88".into()).into();
        assert_eq!(e.message, INTERNAL_MESSAGE);
        let e: UiError = CoreError::Provider(ProviderError::Timeout {
            provider: "Z-API",
            sent: true,
        })
        .into();
        assert_eq!(e.kind, ErrorKind::Timeout);
    }

    // Moved from src-tauri/commands/import.rs's import_error.
    #[test]
    fn import_errors_are_classified_and_keep_the_human_message() {
        use groupdrop_contacts::ContactsError;
        let e = UiError::from(CoreError::Import(ContactsError::Empty {
            file: "a.csv".into(),
        }));
        assert_eq!(e.kind, ErrorKind::BadFile);
        assert!(e.message.contains("\"a.csv\" is empty"), "{}", e.message);
        assert_eq!(e.params["file"], "a.csv");
        let e = UiError::from(CoreError::Import(ContactsError::ColumnNotFound {
            file: "a.csv".into(),
            column: "Fone".into(),
            columns: "Name, Mobile".into(),
        }));
        assert_eq!(e.kind, ErrorKind::InvalidInput);
        assert_eq!(e.params["column"], "Fone");
        let e = UiError::from(CoreError::Import(ContactsError::Unreadable {
            file: "a.xlsx".into(),
            format: "Excel".into(),
            detail: "zip: invalid central directory at 0x1f".into(),
        }));
        assert!(!e.message.contains("central directory"), "{}", e.message);
    }
}
