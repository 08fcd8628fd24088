//! What the app keeps while it runs (managed by Tauri, shared by the commands): the flow session
//! (history, accounts, pacing), the settings, the file it was started with, recent imports, and
//! the run in flight.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use groupdrop_core::accounts::{KeyringStore, SecretStore};
use groupdrop_core::flow::{settings, CancelToken, ImportReport, Session, Settings};

use crate::error::UiError;

/// The job being worked on now. One at a time: the providers pace per account and office staff
/// need one clear progress bar, not a queue.
#[derive(Clone)]
pub struct RunningJob {
    pub id: u32,
    pub cancel: CancelToken,
}

pub struct AppState {
    data_dir: PathBuf,
    settings: Mutex<Settings>,
    startup_file: Mutex<Option<String>>,
    running: Mutex<Option<RunningJob>>,
    imports: Mutex<Imports>,
    /// Opened on first use, not at start-up: the window should appear before SQLite is touched,
    /// and a broken database must not keep the app from starting. One for the app's life, so its
    /// pacer keeps two runs on one account at the provider's pace together.
    session: Mutex<Option<Arc<Session>>>,
    /// Where account secrets live: the OS keyring (tests: a `MemoryStore`).
    secrets: Arc<dyn SecretStore>,
}

/// The last few imports, by id. A handful is enough (the current preview and the one before a
/// re-read); keeping every 50,000-row report would only grow memory.
#[derive(Default)]
struct Imports {
    next_id: u32,
    recent: VecDeque<(u32, Arc<ImportReport>)>,
}

const KEEP_IMPORTS: usize = 3;

/// A poisoned lock only means another command panicked mid-update; the data is plain and still
/// usable, so carry on rather than take the whole app down.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl AppState {
    pub fn new(data_dir: PathBuf, startup_file: Option<PathBuf>) -> Self {
        AppState::with_store(data_dir, startup_file, Arc::new(KeyringStore))
    }

    /// As [`AppState::new`], with account secrets in `secrets` instead of the OS keyring.
    pub fn with_store(
        data_dir: PathBuf,
        startup_file: Option<PathBuf>,
        secrets: Arc<dyn SecretStore>,
    ) -> Self {
        let settings = settings::load(&data_dir);
        AppState {
            data_dir,
            settings: Mutex::new(settings),
            startup_file: Mutex::new(startup_file.map(|p| p.to_string_lossy().into_owned())),
            running: Mutex::new(None),
            imports: Mutex::new(Imports::default()),
            session: Mutex::new(None),
            secrets,
        }
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// The flow session on the data dir (history `history.sqlite3`, shared with the CLI).
    pub fn session(&self) -> Result<Arc<Session>, UiError> {
        let mut slot = lock(&self.session);
        if let Some(s) = slot.as_ref() {
            return Ok(Arc::clone(s));
        }
        let s = Arc::new(Session::with_store(
            &self.data_dir,
            Arc::clone(&self.secrets),
        )?);
        *slot = Some(Arc::clone(&s));
        Ok(s)
    }

    pub fn settings(&self) -> Settings {
        lock(&self.settings).clone()
    }

    pub fn set_settings(&self, s: Settings) {
        *lock(&self.settings) = s;
    }

    /// The start-up file is handed out once: a reload of the webview must not reopen it.
    pub fn take_startup_file(&self) -> Option<String> {
        lock(&self.startup_file).take()
    }

    /// A file the OS asked us to open after start (macOS sends it as an event, not in argv):
    /// the startup file unless the UI already has one waiting.
    pub fn offer_startup_file(&self, path: String) {
        lock(&self.startup_file).get_or_insert(path);
    }

    /// Keeps an import for Create and returns its id.
    pub fn keep_import(&self, report: ImportReport) -> u32 {
        let mut imports = lock(&self.imports);
        imports.next_id += 1;
        let id = imports.next_id;
        imports.recent.push_back((id, Arc::new(report)));
        while imports.recent.len() > KEEP_IMPORTS {
            imports.recent.pop_front();
        }
        id
    }

    pub fn import(&self, id: u32) -> Option<Arc<ImportReport>> {
        lock(&self.imports)
            .recent
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(_, r)| Arc::clone(r))
    }

    pub fn running_job(&self) -> Option<u32> {
        lock(&self.running).as_ref().map(|j| j.id)
    }

    /// Claims the single job slot; `None` when a job is already running.
    pub fn begin_job(&self, id: u32) -> Option<RunningJob> {
        let mut slot = lock(&self.running);
        if slot.is_some() {
            return None;
        }
        let job = RunningJob {
            id,
            cancel: CancelToken::new(),
        };
        *slot = Some(job.clone());
        Some(job)
    }

    pub fn end_job(&self, id: u32) {
        let mut slot = lock(&self.running);
        if slot.as_ref().is_some_and(|j| j.id == id) {
            *slot = None;
        }
    }

    /// Asks the running job (if any) to stop after the call in flight.
    pub fn cancel_running(&self) {
        if let Some(j) = lock(&self.running).as_ref() {
            j.cancel.cancel();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_job_at_a_time_and_cancel_reaches_it() {
        let dir = tempfile::tempdir().unwrap();
        let st = AppState::new(dir.path().into(), Some("/tmp/a.csv".into()));
        assert_eq!(st.take_startup_file().as_deref(), Some("/tmp/a.csv"));
        assert_eq!(st.take_startup_file(), None, "handed out once");
        let job = st.begin_job(7).unwrap();
        assert!(st.begin_job(8).is_none());
        assert_eq!(st.running_job(), Some(7));
        st.cancel_running();
        assert!(job.cancel.is_cancelled());
        st.end_job(8); // not the running one: no effect
        assert_eq!(st.running_job(), Some(7));
        st.end_job(7);
        assert_eq!(st.running_job(), None);
        assert!(st.begin_job(9).is_some());
    }

    #[test]
    fn history_opens_lazily_in_the_data_dir_and_is_shared() {
        let dir = tempfile::tempdir().unwrap();
        let st = AppState::new(dir.path().join("data"), None);
        assert!(!dir.path().join("data/history.sqlite3").exists());
        let a = st.session().unwrap();
        let b = st.session().unwrap();
        assert!(Arc::ptr_eq(&a, &b));
        assert!(dir.path().join("data/history.sqlite3").exists());
    }

    fn report(dir: &std::path::Path, file: &str) -> ImportReport {
        let path = dir.join(file);
        std::fs::write(&path, b"Name,Mobile\nAna,+5511987654321\n").unwrap();
        groupdrop_core::flow::import_file(&path, &Default::default()).unwrap()
    }

    #[test]
    fn only_the_last_few_imports_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let st = AppState::new(dir.path().into(), None);
        let ids: Vec<u32> = (0..5)
            .map(|i| st.keep_import(report(dir.path(), &format!("{i}.csv"))))
            .collect();
        assert_eq!(ids, vec![1, 2, 3, 4, 5]);
        assert!(st.import(1).is_none() && st.import(2).is_none());
        assert_eq!(st.import(5).unwrap().file, "4.csv");
        assert_eq!(st.import(3).unwrap().contacts[0].phone, "+5511987654321");
    }
}
