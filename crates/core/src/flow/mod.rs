//! GroupDrop's use cases, in the user's words, as one small API that both shells call and nothing
//! else: open a [`Session`], [`Session::import`] a file, [`Session::connect`] an account,
//! [`Session::check`] it, [`Session::plan`] a group (the account's own number left out here),
//! [`Session::start`] and [`Session::run`] every part of it with progress through one
//! [`Observer`], [`Session::resume`] what did not finish, and read the history back.
//!
//! A shell (the `groupdrop-cli` binary, the Tauri commands) only translates: arguments or a
//! command's input in, a flow call, text/JSON or events out. If a shell needs a rule, the rule is
//! missing here. Everything a shell shows comes from types this module defines or re-exports, so
//! neither shell depends on `groupdrop-contacts`, `groupdrop-providers` or `phonenumber`.
//!
//! Every entry is a tracing span whose error is recorded at `info`: a refused key or a missing
//! file is the user's news, which the shell reports (the CLI in one stderr line, so not also as
//! an ERROR log line; the app's commands log their own errors).

mod account;
mod check;
mod import;
mod plan;
mod run;
pub mod settings;
mod sync;
mod views;

pub use account::{AccountChoice, AccountUsage, Connection, ResumeFrom, ENVIRONMENT_LABEL};
pub use check::{CheckCost, CheckReport, CheckedNumber, CHECK_CACHE_MAX_AGE};
pub use import::{countries, import_file, system_country, warm_up, Country, ImportChoices};
pub use plan::{PlanRequest, PlanSummary, Planned, PlannedGroup, UngroupedRow};
pub use run::{all_finished, run_status, Observer, Resume, RunProgress, Started};
pub use settings::{Settings, Theme};
pub use sync::{PlannedSync, SyncPerson, SyncPlan};
pub use views::{GroupView, HistoryRow, JobResult, MemberRow, PartView, PlanCode, RejectedMember};

// What the shells show, re-exported so they need no other crate.
pub use crate::accounts::{Account, AccountSecrets, AccountSettings, Accounts};
pub use crate::cancel::CancelToken;
pub use crate::error::{CoreError, ErrorKind, MessageParams, Result, UiError};
pub use crate::history::{CallRecord, JobRecord, JobSummary};
pub use crate::job::Stage;
pub use crate::outcome::{
    Counts, JobStatus, Outcome, OutcomeMember, OutcomeRejection, RejectStage, SetupStatus,
    SetupStep,
};
pub use crate::pacing::PacingSettings;
pub use crate::plan::{Plan, SetupRequest, MAX_MEMBERS, MAX_NAME_CHARS};
pub use groupdrop_contacts::{
    Contact, Duplicate, Format, ImportReport, NumberKind, RejectCode, RejectedRow,
};
pub use groupdrop_providers::{
    AccountCheck, CheckStatus, ConnectedNumber, ProviderKind, SetupCapability, SetupStepKind,
    SetupSupport, PRACTICE_LABEL as PRACTICE_NOTICE,
};

use crate::accounts::{KeyringStore, SecretStore};
use crate::history::History;
use crate::pacing::Pacer;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// One user's GroupDrop: the data dir, its history (shared by the CLI and the app), the account
/// secrets store, one pacer for every run (two runs on one account take turns), and the recent
/// connection checks.
pub struct Session {
    data_dir: PathBuf,
    history: Arc<History>,
    secrets: Arc<dyn SecretStore>,
    pacer: Pacer,
    /// The last check per account (`Connection::key`), so the Create screen's re-plans while the
    /// user types do not call the provider on every keystroke.
    checks: Mutex<HashMap<String, (Instant, AccountCheck)>>,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Session({})", self.data_dir.display())
    }
}

impl Session {
    /// Opens (creating and migrating if needed) the history in `data_dir`, secrets in the OS
    /// keyring.
    #[tracing::instrument(err(level = "info"))]
    pub fn open(data_dir: &Path) -> Result<Session> {
        Session::with_store(data_dir, Arc::new(KeyringStore))
    }

    /// `GROUPDROP_DATA_DIR`, else the OS data dir (see [`crate::paths`]).
    pub fn open_default() -> Result<Session> {
        Session::open(&crate::paths::data_dir()?)
    }

    /// As [`Session::open`] with another secrets store (tests use `MemoryStore`).
    pub fn with_store(data_dir: &Path, secrets: Arc<dyn SecretStore>) -> Result<Session> {
        let history = History::open(&crate::paths::history_db(data_dir))?;
        Ok(Session {
            data_dir: data_dir.to_path_buf(),
            history: Arc::new(history),
            secrets,
            pacer: Pacer::new(),
            checks: Mutex::new(HashMap::new()),
        })
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    pub fn history(&self) -> &History {
        &self.history
    }

    /// Saved provider accounts (metadata in the history, secrets in the store).
    pub fn accounts(&self) -> Accounts<'_> {
        Accounts::new(&self.history, &*self.secrets)
    }

    /// The user's preferences (`settings.json` in the data dir).
    pub fn settings(&self) -> Settings {
        settings::load(&self.data_dir)
    }

    pub fn save_settings(&self, s: Settings) -> Result<Settings> {
        let s = settings::clean(s)?;
        settings::save(&self.data_dir, &s)?;
        Ok(s)
    }
}
