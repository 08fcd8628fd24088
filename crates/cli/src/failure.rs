//! Why a command did not succeed, as an exit status a script can branch on and one human line.
//!
//! The status comes from the error's kind (groupdrop-core's [`CoreErrorKind`], the providers'
//! [`ErrorKind`], the importer's errors), never from parsing the message, so the message can be
//! reworded freely. The table is in the README ("Exit status").

use groupdrop_core::outcome::{JobStatus, Outcome};
use groupdrop_core::{CoreError, CoreErrorKind};
use groupdrop_providers::{ErrorKind, ProviderError};
use std::process::ExitCode;

/// The exit statuses, one per thing a script would do differently.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// Something unexpected, or the question was answered "no".
    Other = 1,
    /// The input is wrong: the file cannot be read, a name is too long, no usable number, an
    /// unknown account or run. (clap also uses 2 for bad arguments.) Fix the input and rerun.
    BadInput = 2,
    /// The account's credentials were refused or are missing (keyring, environment).
    Credentials = 3,
    /// The provider or the network failed or refused (down, timeout, offline, rate limit,
    /// not connected, no credits, request refused). Usually: try again later.
    Provider = 4,
    /// The run stopped before it finished (outcome unknown, interrupted, a limit reached):
    /// continue it with `groupdrop-cli resume RUN`.
    Unfinished = 5,
    /// Another GroupDrop process is working on this run or history right now: wait.
    InUse = 6,
    /// GroupDrop could not read or write its own files (history, export).
    Storage = 7,
}

/// A failed command: its exit status and the line for stderr.
#[derive(Debug)]
pub struct Failure {
    pub exit: Exit,
    pub message: String,
}

impl Failure {
    pub fn new(exit: Exit, message: impl Into<String>) -> Self {
        Failure {
            exit,
            message: message.into(),
        }
    }

    pub fn code(&self) -> ExitCode {
        ExitCode::from(self.exit as u8)
    }

    /// A run that ended without finishing: [`Exit::Unfinished`] when it can be resumed, or
    /// [`Exit::Provider`] when no group was created (the provider refused or failed).
    pub fn unfinished(outcome: &Outcome, message: String) -> Self {
        let exit = match outcome.status {
            JobStatus::Failed => Exit::Provider,
            _ => Exit::Unfinished,
        };
        Failure::new(exit, message)
    }
}

fn provider_exit(kind: ErrorKind) -> Exit {
    match kind {
        ErrorKind::Credentials => Exit::Credentials,
        // A bad base URL or a missing variable: the user's configuration.
        ErrorKind::Config => Exit::BadInput,
        ErrorKind::Payment
        | ErrorKind::RateLimited
        | ErrorKind::Busy
        | ErrorKind::NotConnected
        | ErrorKind::GroupNotFound
        | ErrorKind::InvalidRequest
        | ErrorKind::ProviderDown
        | ErrorKind::Malformed
        | ErrorKind::Timeout
        | ErrorKind::Network => Exit::Provider,
    }
}

impl From<ProviderError> for Failure {
    fn from(e: ProviderError) -> Self {
        Failure::new(provider_exit(e.kind()), e.to_string())
    }
}

impl From<CoreError> for Failure {
    fn from(e: CoreError) -> Self {
        let exit = match e.kind() {
            CoreErrorKind::BadName
            | CoreErrorKind::NoMembers
            | CoreErrorKind::TooManyMembers
            | CoreErrorKind::JobNotFound
            | CoreErrorKind::AccountNotFound
            | CoreErrorKind::AccountExists
            | CoreErrorKind::Config => Exit::BadInput,
            CoreErrorKind::SecretMissing | CoreErrorKind::Keyring | CoreErrorKind::Credentials => {
                Exit::Credentials
            }
            CoreErrorKind::JobBusy => Exit::InUse,
            CoreErrorKind::Database | CoreErrorKind::DataDir | CoreErrorKind::Export => {
                Exit::Storage
            }
            CoreErrorKind::Payment
            | CoreErrorKind::RateLimited
            | CoreErrorKind::Busy
            | CoreErrorKind::NotConnected
            | CoreErrorKind::GroupNotFound
            | CoreErrorKind::InvalidRequest
            | CoreErrorKind::ProviderDown
            | CoreErrorKind::Malformed
            | CoreErrorKind::Timeout
            | CoreErrorKind::Network => Exit::Provider,
            CoreErrorKind::Internal => Exit::Other,
        };
        let busy_job = match &e {
            CoreError::JobBusy(job) => Some(*job),
            _ => None,
        };
        // The same human sentence the app shows (internal details stay in the log).
        let mut message = groupdrop_core::UiError::from(e).message;
        if let Some(job) = busy_job {
            message.push_str(&format!(" (then: `groupdrop-cli resume {job}`)"));
        }
        Failure::new(exit, message)
    }
}

impl From<groupdrop_contacts::ContactsError> for Failure {
    fn from(e: groupdrop_contacts::ContactsError) -> Self {
        Failure::new(Exit::BadInput, e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provider_kinds_map_to_what_a_script_would_do() {
        assert_eq!(provider_exit(ErrorKind::Credentials), Exit::Credentials);
        assert_eq!(provider_exit(ErrorKind::Network), Exit::Provider);
        assert_eq!(provider_exit(ErrorKind::Timeout), Exit::Provider);
        assert_eq!(provider_exit(ErrorKind::Config), Exit::BadInput);
        assert_eq!(Exit::InUse as u8, 6);
    }
}
