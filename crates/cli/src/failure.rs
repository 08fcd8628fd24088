//! Why a command did not succeed, as an exit status a script can branch on and one human line.
//!
//! The status comes from the error's kind (`groupdrop_core::flow::ErrorKind`, the one set the
//! app's UI switches on too), never from parsing the message, so the message can be reworded
//! freely. The table is in the README ("Exit status") and in `--help`.

use groupdrop_core::flow::{CoreError, ErrorKind, JobStatus, Outcome, UiError};
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

pub const HELP: &str = "Exit status: 0 done; 1 something unexpected, or \"no\" at the question; \
2 bad input (file, name, arguments, unknown run or account); 3 credentials (refused, or missing \
from the keyring or environment); 4 provider or network (try again later); 5 the run stopped \
before it finished (groupdrop-cli resume RUN); 6 another GroupDrop is working on that run; \
7 GroupDrop could not read or write its own files.";

/// A failed command: its exit status and the line for stderr.
#[derive(Debug)]
pub struct Failure {
    pub exit: Exit,
    pub message: String,
}

pub type Result<T = ()> = std::result::Result<T, Failure>;

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

/// What a script should do about an error of this kind.
pub fn exit_for(kind: ErrorKind) -> Exit {
    match kind {
        ErrorKind::BadFile | ErrorKind::InvalidInput | ErrorKind::NotFound => Exit::BadInput,
        ErrorKind::Credentials | ErrorKind::SecretMissing | ErrorKind::KeyringUnavailable => {
            Exit::Credentials
        }
        ErrorKind::Payment
        | ErrorKind::RateLimited
        | ErrorKind::Busy
        | ErrorKind::NotConnected
        | ErrorKind::GroupNotFound
        | ErrorKind::Rejected
        | ErrorKind::ProviderDown
        | ErrorKind::Timeout
        | ErrorKind::Network => Exit::Provider,
        ErrorKind::JobRunning => Exit::InUse,
        ErrorKind::Storage => Exit::Storage,
        ErrorKind::Internal => Exit::Other,
    }
}

impl From<CoreError> for Failure {
    fn from(e: CoreError) -> Self {
        let busy_job = match &e {
            CoreError::JobBusy(job) => Some(*job),
            _ => None,
        };
        // The same English sentence the app shows under "details" (internal details stay in
        // the log); a busy run also names the command to run once it is free.
        let ui = UiError::from(e);
        let mut message = ui.message;
        if let Some(job) = busy_job {
            message.push_str(&format!(" (then: `groupdrop-cli resume {job}`)"));
        }
        Failure::new(exit_for(ui.kind), message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_maps_to_what_a_script_would_do() {
        for kind in ErrorKind::ALL {
            let _ = exit_for(kind); // exhaustive by the match; every kind has a status
        }
        assert_eq!(exit_for(ErrorKind::BadFile), Exit::BadInput);
        assert_eq!(exit_for(ErrorKind::Credentials), Exit::Credentials);
        assert_eq!(exit_for(ErrorKind::KeyringUnavailable), Exit::Credentials);
        assert_eq!(exit_for(ErrorKind::Network), Exit::Provider);
        assert_eq!(exit_for(ErrorKind::Timeout), Exit::Provider);
        assert_eq!(exit_for(ErrorKind::Payment), Exit::Provider);
        assert_eq!(exit_for(ErrorKind::JobRunning), Exit::InUse);
        assert_eq!(exit_for(ErrorKind::Storage), Exit::Storage);
        assert_eq!(Exit::InUse as u8, 6);
    }
}
