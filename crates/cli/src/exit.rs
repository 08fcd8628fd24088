//! Exit codes per error kind, so a script can tell a bad file from refused credentials from a
//! lost network from a run whose outcome is not known yet.

use groupdrop_core::flow::{CoreError, ErrorKind, JobStatus, UiError};

/// Anything else: GroupDrop's own files, an internal error, a "no" at the confirmation.
pub const OTHER: u8 = 1;
/// The file, an argument or a name is wrong, or what it names does not exist.
pub const BAD_INPUT: u8 = 2;
/// The provider refused the credentials, or they are not in the keyring (or no keyring).
pub const CREDENTIALS: u8 = 3;
/// The provider or the network failed, or refused what was sent; the run stopped or failed.
pub const PROVIDER: u8 = 4;
/// It is not known yet whether the group was created: `resume` checks before creating again.
pub const OUTCOME_UNKNOWN: u8 = 5;
/// Another GroupDrop window or command is working on this run right now.
pub const IN_USE: u8 = 6;

pub const HELP: &str = "Exit status: 0 done; 1 other (e.g. storage, answered no); 2 bad input (file, \
arguments, unknown run or account); 3 credentials (refused, or not in the keyring); 4 provider or \
network (the run stopped or failed); 5 outcome unknown (run `resume` to check); 6 in use by another \
GroupDrop.";

/// Why the command did not do its work: the line for stderr and the exit code.
#[derive(Debug)]
pub struct Failure {
    pub code: u8,
    pub message: String,
}

pub type Result<T = ()> = std::result::Result<T, Failure>;

pub fn code_for(kind: ErrorKind) -> u8 {
    match kind {
        ErrorKind::BadFile | ErrorKind::InvalidInput | ErrorKind::NotFound => BAD_INPUT,
        ErrorKind::Credentials
        | ErrorKind::SecretMissing
        | ErrorKind::KeyringUnavailable
        | ErrorKind::Payment => CREDENTIALS,
        ErrorKind::RateLimited
        | ErrorKind::Busy
        | ErrorKind::NotConnected
        | ErrorKind::GroupNotFound
        | ErrorKind::Rejected
        | ErrorKind::ProviderDown
        | ErrorKind::Timeout
        | ErrorKind::Network => PROVIDER,
        ErrorKind::JobRunning => IN_USE,
        ErrorKind::Storage | ErrorKind::Internal => OTHER,
    }
}

/// The exit code of a run that did not finish.
pub fn code_for_status(status: JobStatus) -> u8 {
    match status {
        JobStatus::Unknown => OUTCOME_UNKNOWN,
        JobStatus::Running => IN_USE,
        _ => PROVIDER,
    }
}

impl Failure {
    pub fn new(code: u8, message: impl Into<String>) -> Failure {
        Failure {
            code,
            message: message.into(),
        }
    }
}

impl From<CoreError> for Failure {
    fn from(e: CoreError) -> Failure {
        let ui = UiError::from(e);
        Failure::new(code_for(ui.kind), ui.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_a_code_and_the_documented_ones_are_distinct() {
        let codes: Vec<u8> = ErrorKind::ALL.iter().map(|k| code_for(*k)).collect();
        assert!(codes.iter().all(|c| (1..=6).contains(c)));
        assert_eq!(code_for(ErrorKind::BadFile), 2);
        assert_eq!(code_for(ErrorKind::Credentials), 3);
        assert_eq!(code_for(ErrorKind::Network), 4);
        assert_eq!(code_for(ErrorKind::JobRunning), 6);
        assert_eq!(code_for_status(JobStatus::Unknown), 5);
    }
}
