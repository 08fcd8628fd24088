//! The local history: one SQLite file holding every job, every member's outcome, the rows the
//! import rejected, and a journal of every provider call.
//!
//! Durability is the point. The engine writes a call's *intent* (committed, `synchronous=FULL`)
//! before the call leaves and the *answer* with all member outcomes in one transaction after it
//! arrives, so a kill at any instant leaves either "this call may have happened" or "this call
//! happened and here is what it said" — never a silently lost answer. Nothing secret is stored:
//! jobs carry an account *label*; call summaries are built by the engine from structured data.

use crate::error::{CoreError, Result};
use crate::outcome::{
    Counts, JobStatus, MemberState, Outcome, OutcomeGroup, OutcomeMember, OutcomeRejection,
    RejectStage, SetupStatus, SetupStep,
};
use crate::plan::{ImportRejection, JobOptions, PlanPart, PlanRejection};
use groupdrop_providers::{CheckStatus, GroupRef, ProviderKind, SetupStepKind};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::{SystemTime, UNIX_EPOCH};

/// Schema migrations, applied in order; `PRAGMA user_version` is how many have run.
/// Never edit a released entry: append a new one.
const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE accounts (
    id         INTEGER PRIMARY KEY,
    provider   TEXT NOT NULL,
    label      TEXT NOT NULL UNIQUE,
    settings   TEXT NOT NULL DEFAULT '{}',
    created_at INTEGER NOT NULL
);
CREATE TABLE jobs (
    id            INTEGER PRIMARY KEY,
    provider      TEXT NOT NULL,
    account_id    INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
    account_label TEXT NOT NULL,
    group_name    TEXT NOT NULL,
    group_id      TEXT,
    group_handle  TEXT,
    invite_link   TEXT,
    options       TEXT NOT NULL,
    source        TEXT,
    status        TEXT NOT NULL,
    provider_note TEXT,
    note          TEXT,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    finished_at   INTEGER
);
CREATE INDEX jobs_by_name ON jobs(group_name COLLATE NOCASE);
CREATE TABLE members (
    job_id     INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    phone      TEXT NOT NULL,
    row        INTEGER,
    name       TEXT,
    batch      INTEGER,
    status     TEXT NOT NULL,
    reason     TEXT,
    stage      TEXT,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (job_id, phone)
);
CREATE TABLE import_rejections (
    job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    seq    INTEGER NOT NULL,
    row    INTEGER NOT NULL,
    input  TEXT NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (job_id, seq)
);
CREATE TABLE calls (
    job_id      INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    batch       INTEGER,
    attempt     INTEGER NOT NULL,
    state       TEXT NOT NULL,
    summary     TEXT,
    error_kind  TEXT,
    started_at  INTEGER NOT NULL,
    finished_at INTEGER,
    PRIMARY KEY (job_id, seq)
);
"#,
    // 2: the importer's stable reject code and country, so results from history can be translated.
    r#"
ALTER TABLE import_rejections ADD COLUMN code TEXT;
ALTER TABLE import_rejections ADD COLUMN reason_country TEXT;
"#,
    // 3: "set up after create": where each asked-for step stands, written with the answer of
    // the call that settled it, so a resume never repeats a step that is done.
    r#"
CREATE TABLE setup_steps (
    job_id     INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    step       TEXT NOT NULL,
    status     TEXT NOT NULL,
    reason     TEXT,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (job_id, step)
);
"#,
    // 4: "Check numbers on WhatsApp" answers per account, with their age, so a second check of
    // the same numbers asks nothing; and a stable code on numbers the plan took out
    // (`own_number`, `not_on_whatsapp`), so the result can word them in the user's language.
    r#"
CREATE TABLE number_checks (
    account     TEXT NOT NULL,
    phone       TEXT NOT NULL,
    status      TEXT NOT NULL,
    whatsapp_id TEXT,
    checked_at  INTEGER NOT NULL,
    PRIMARY KEY (account, phone)
);
ALTER TABLE members ADD COLUMN code TEXT;
"#,
];

/// A number check answer as the history keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredCheck {
    pub phone: String,
    pub status: CheckStatus,
    pub whatsapp_id: Option<String>,
    /// Unix ms.
    pub checked_at: i64,
}

/// Milliseconds since the Unix epoch: what every `*_at` column holds.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// The kinds of provider call the journal records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallKind {
    Create,
    Add,
    Lookup,
    Link,
    Members,
    /// A "set up after create" call (description, admins, admins-only settings).
    Setup,
}

impl CallKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CallKind::Create => "create",
            CallKind::Add => "add",
            CallKind::Lookup => "lookup",
            CallKind::Link => "link",
            CallKind::Members => "members",
            CallKind::Setup => "setup",
        }
    }
    fn parse(s: &str) -> Option<CallKind> {
        Some(match s {
            "create" => CallKind::Create,
            "add" => CallKind::Add,
            "lookup" => CallKind::Lookup,
            "link" => CallKind::Link,
            "members" => CallKind::Members,
            "setup" => CallKind::Setup,
            _ => return None,
        })
    }
}

/// A journal entry's state. `Intent` with no answer after a crash means "may have happened".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallState {
    Intent,
    #[default]
    Answered,
    /// The provider said no, and nothing happened (safe to repeat).
    Failed,
    /// The call may have reached the provider and been acted on; the answer was lost.
    Unknown,
}

impl CallState {
    pub fn as_str(self) -> &'static str {
        match self {
            CallState::Intent => "intent",
            CallState::Answered => "answered",
            CallState::Failed => "failed",
            CallState::Unknown => "unknown",
        }
    }
    fn parse(s: &str) -> Option<CallState> {
        Some(match s {
            "intent" => CallState::Intent,
            "answered" => CallState::Answered,
            "failed" => CallState::Failed,
            "unknown" => CallState::Unknown,
            _ => return None,
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallRecord {
    pub seq: i64,
    pub kind: CallKind,
    pub batch: Option<usize>,
    pub attempt: u32,
    pub state: CallState,
    pub summary: Option<String>,
    pub error_kind: Option<String>,
    pub started_at: i64,
    pub finished_at: Option<i64>,
}

/// A job row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobRecord {
    pub id: i64,
    pub provider: ProviderKind,
    pub account_id: Option<i64>,
    pub account_label: String,
    pub group_name: String,
    pub group_id: Option<String>,
    /// What later calls address the group by; set once the group is known to exist.
    pub group_handle: Option<String>,
    pub invite_link: Option<String>,
    pub options: JobOptions,
    pub source: Option<String>,
    /// As stored; see [`History::effective_status`] for what to show.
    pub status: JobStatus,
    /// What the provider said the user should know ("EazyBe gives no invite link").
    pub provider_note: Option<String>,
    /// What the engine says: why the job stopped, why the outcome is unknown, what to do.
    pub note: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub finished_at: Option<i64>,
}

impl JobRecord {
    /// The group as providers address it, once it exists.
    pub fn group_ref(&self) -> Option<GroupRef> {
        self.group_handle.as_ref().map(|handle| GroupRef {
            name: self.group_name.clone(),
            id: self.group_id.clone(),
            handle: handle.clone(),
            invite_link: self.invite_link.clone(),
        })
    }

    /// Pacing is per account: jobs of the same provider account share one clock.
    pub fn pacing_key(&self) -> String {
        format!("{}:{}", self.provider.as_str(), self.account_label)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberRecord {
    pub seq: i64,
    pub phone: String,
    pub row: Option<u64>,
    pub name: Option<String>,
    /// `None` for numbers the plan took out (they are never sent).
    pub batch: Option<usize>,
    pub state: MemberState,
    pub reason: Option<String>,
    pub stage: Option<RejectStage>,
    /// Numbers the plan took out: why, as a stable code (`own_number`, `not_on_whatsapp`).
    pub code: Option<String>,
}

/// One line of `history`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct JobSummary {
    pub job: i64,
    pub created_at: i64,
    pub provider: ProviderKind,
    pub account: String,
    pub group_name: String,
    pub status: JobStatus,
    pub counts: Counts,
    pub import_rejected: u32,
}

/// A settled member, written with the call answer that settled it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberUpdate {
    pub phone: String,
    pub state: MemberState,
    pub reason: Option<String>,
}

/// What a new job is made of.
pub struct NewJob<'a> {
    pub provider: ProviderKind,
    pub account_id: Option<i64>,
    pub account_label: &'a str,
    pub part: &'a PlanPart,
    pub import_rejections: &'a [ImportRejection],
    pub plan_rejections: &'a [PlanRejection],
    pub source: Option<&'a str>,
}

/// Held while a process runs a job: a second runner (CLI or app) gets [`CoreError::JobBusy`]
/// instead of racing the first into a duplicate create. An OS file lock, so a killed process
/// releases it.
#[derive(Debug)]
pub struct JobLock {
    _file: File,
}

/// The history database. The connection sits behind a mutex so a `&History` can be shared by
/// async tasks; no lock is held across a provider call.
pub struct History {
    conn: Mutex<Connection>,
    path: PathBuf,
}

impl History {
    /// Opens (creating and migrating if needed) the history at `path`.
    pub fn open(path: &Path) -> Result<History> {
        if let Some(dir) = path.parent() {
            crate::paths::ensure_data_dir(dir)?;
        }
        let db = |e| CoreError::db(path, e);
        let data_dir_err = |e: std::io::Error| CoreError::DataDir {
            path: path.to_path_buf(),
            detail: e.to_string(),
        };
        // The app and a CLI may open one history at the same instant. Switching a new database to
        // WAL and migrating it need it alone, and SQLite answers a second opener SQLITE_BUSY
        // there without waiting; an OS lock held for the open makes the second one wait its
        // turn instead (released when `_opening` drops; a killed process releases it too).
        let mut lock_name = path.as_os_str().to_owned();
        lock_name.push(".open-lock");
        let mut options = File::options();
        options.create(true).truncate(false).write(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let _opening = options.open(&lock_name).map_err(data_dir_err)?;
        _opening.lock().map_err(data_dir_err)?;
        crate::paths::ensure_private_file(path).map_err(data_dir_err)?;
        let mut conn = Connection::open(path).map_err(db)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))
            .map_err(db)?;
        // WAL so readers (history in the app) never block the engine; FULL so a committed intent
        // survives power loss, not only a process kill.
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(db)?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(db)?;
        conn.pragma_update(None, "foreign_keys", "ON").map_err(db)?;
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(db)?;
        if version > MIGRATIONS.len() as i64 {
            return Err(CoreError::Database {
                path: path.display().to_string(),
                detail:
                    "it was written by a newer version of GroupDrop; update GroupDrop to open it"
                        .into(),
            });
        }
        migrate(&mut conn).map_err(db)?;
        Ok(History {
            conn: Mutex::new(conn),
            path: path.to_path_buf(),
        })
    }

    /// Opens the history in the data dir (`GROUPDROP_DATA_DIR` or the OS default).
    pub fn open_default() -> Result<History> {
        let dir = crate::paths::data_dir()?;
        History::open(&crate::paths::history_db(&dir))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub(crate) fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave SQLite half-written (transactions roll
        // back), so a poisoned mutex is still safe to use.
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub(crate) fn err(&self, e: rusqlite::Error) -> CoreError {
        CoreError::db(&self.path, e)
    }

    /// Writes a job with all its members pending, its import rejections and plan rejections, in
    /// one transaction. Returns the job id.
    pub fn create_job(&self, job: &NewJob<'_>) -> Result<i64> {
        let mut conn = self.conn();
        let now = now_ms();
        let options = serde_json::to_string(&job.part.options)
            .map_err(|e| CoreError::Internal(e.to_string()))?;
        let tx = conn.transaction().map_err(|e| self.err(e))?;
        let id = (|| {
            tx.execute(
                "INSERT INTO jobs (provider, account_id, account_label, group_name, options, source,
                                   status, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'planned', ?7, ?7)",
                params![
                    job.provider.as_str(),
                    job.account_id,
                    job.account_label,
                    job.part.name,
                    options,
                    job.source,
                    now
                ],
            )?;
            let id = tx.last_insert_rowid();
            let mut ins = tx.prepare(
                "INSERT INTO members (job_id, seq, phone, row, name, batch, status, reason, stage, updated_at, code)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?;
            let mut seq = 0i64;
            for m in &job.part.members {
                ins.execute(params![
                    id,
                    seq,
                    m.phone,
                    m.row as i64,
                    m.name,
                    m.batch as i64,
                    "pending",
                    None::<String>,
                    None::<String>,
                    now,
                    None::<String>
                ])?;
                seq += 1;
            }
            for r in job.plan_rejections {
                ins.execute(params![
                    id,
                    seq,
                    r.phone,
                    r.row as i64,
                    r.name,
                    None::<i64>,
                    "rejected",
                    r.reason,
                    "import",
                    now,
                    r.code
                ])?;
                seq += 1;
            }
            let mut rej = tx.prepare(
                "INSERT INTO import_rejections (job_id, seq, row, input, reason, code, reason_country) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            for (i, r) in job.import_rejections.iter().enumerate() {
                rej.execute(params![
                    id,
                    i as i64,
                    r.row as i64,
                    r.input,
                    r.reason,
                    r.code,
                    r.reason_country
                ])?;
            }
            Ok(id)
        })()
        .map_err(|e| self.err(e))?;
        tx.commit().map_err(|e| self.err(e))?;
        Ok(id)
    }

    pub fn job(&self, id: i64) -> Result<JobRecord> {
        let conn = self.conn();
        conn.query_row(
            "SELECT id, provider, account_id, account_label, group_name, group_id, group_handle,
                    invite_link, options, source, status, provider_note, note, created_at, updated_at,
                    finished_at
             FROM jobs WHERE id = ?1",
            [id],
            |r| {
                Ok(JobRecord {
                    id: r.get(0)?,
                    provider: parse_col(r, 1, |s| s.parse::<ProviderKind>().ok())?,
                    account_id: r.get(2)?,
                    account_label: r.get(3)?,
                    group_name: r.get(4)?,
                    group_id: r.get(5)?,
                    group_handle: r.get(6)?,
                    invite_link: r.get(7)?,
                    options: parse_col(r, 8, |s| serde_json::from_str(s).ok())?,
                    source: r.get(9)?,
                    status: parse_col(r, 10, JobStatus::parse)?,
                    provider_note: r.get(11)?,
                    note: r.get(12)?,
                    created_at: r.get(13)?,
                    updated_at: r.get(14)?,
                    finished_at: r.get(15)?,
                })
            },
        )
        .optional()
        .map_err(|e| self.err(e))?
        .ok_or(CoreError::JobNotFound(id))
    }

    pub fn members(&self, job: i64) -> Result<Vec<MemberRecord>> {
        let conn = self.conn();
        let mut st = conn
            .prepare(
                "SELECT seq, phone, row, name, batch, status, reason, stage, code
                 FROM members WHERE job_id = ?1 ORDER BY seq",
            )
            .map_err(|e| self.err(e))?;
        let rows = st
            .query_map([job], |r| {
                Ok(MemberRecord {
                    seq: r.get(0)?,
                    phone: r.get(1)?,
                    row: r.get::<_, Option<i64>>(2)?.map(|v| v as u64),
                    name: r.get(3)?,
                    batch: r.get::<_, Option<i64>>(4)?.map(|v| v as usize),
                    state: parse_col(r, 5, MemberState::parse)?,
                    reason: r.get(6)?,
                    stage: r
                        .get::<_, Option<String>>(7)?
                        .and_then(|s| RejectStage::parse(&s)),
                    code: r.get(8)?,
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }

    /// The number checks kept for `account` among `phones` (E.164), made at or after
    /// `since_ms`.
    pub fn cached_checks(
        &self,
        account: &str,
        phones: &[String],
        since_ms: i64,
    ) -> Result<Vec<StoredCheck>> {
        let conn = self.conn();
        let mut st = conn
            .prepare(
                "SELECT phone, status, whatsapp_id, checked_at FROM number_checks
                 WHERE account = ?1 AND phone = ?2 AND checked_at >= ?3",
            )
            .map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        for phone in phones {
            let found = st
                .query_row(params![account, phone, since_ms], |r| {
                    Ok(StoredCheck {
                        phone: r.get(0)?,
                        status: parse_col(r, 1, CheckStatus::parse)?,
                        whatsapp_id: r.get(2)?,
                        checked_at: r.get(3)?,
                    })
                })
                .optional()
                .map_err(|e| self.err(e))?;
            out.extend(found);
        }
        Ok(out)
    }

    /// Keeps answers for `account` (replacing older ones for the same numbers), in one
    /// transaction. Only definite answers are worth keeping: an unknown is asked again.
    pub fn save_checks(&self, account: &str, checks: &[StoredCheck]) -> Result<()> {
        let mut conn = self.conn();
        let tx = conn.transaction().map_err(|e| self.err(e))?;
        {
            let mut ins = tx
                .prepare(
                    "INSERT OR REPLACE INTO number_checks (account, phone, status, whatsapp_id, checked_at)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                )
                .map_err(|e| self.err(e))?;
            for c in checks.iter().filter(|c| c.status != CheckStatus::Unknown) {
                ins.execute(params![
                    account,
                    c.phone,
                    c.status.as_str(),
                    c.whatsapp_id,
                    c.checked_at
                ])
                .map_err(|e| self.err(e))?;
            }
        }
        tx.commit().map_err(|e| self.err(e))
    }

    pub fn import_rejections(&self, job: i64) -> Result<Vec<ImportRejection>> {
        let conn = self.conn();
        let mut st = conn
            .prepare(
                "SELECT row, input, reason, code, reason_country FROM import_rejections WHERE job_id = ?1 ORDER BY seq",
            )
            .map_err(|e| self.err(e))?;
        let rows = st
            .query_map([job], |r| {
                Ok(ImportRejection {
                    row: r.get::<_, i64>(0)? as u64,
                    input: r.get(1)?,
                    reason: r.get(2)?,
                    code: r.get(3)?,
                    reason_country: r.get(4)?,
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }

    pub fn calls(&self, job: i64) -> Result<Vec<CallRecord>> {
        let conn = self.conn();
        let mut st = conn
            .prepare(
                "SELECT seq, kind, batch, attempt, state, summary, error_kind, started_at, finished_at
                 FROM calls WHERE job_id = ?1 ORDER BY seq",
            )
            .map_err(|e| self.err(e))?;
        let rows = st
            .query_map([job], |r| {
                Ok(CallRecord {
                    seq: r.get(0)?,
                    kind: parse_col(r, 1, CallKind::parse)?,
                    batch: r.get::<_, Option<i64>>(2)?.map(|v| v as usize),
                    attempt: r.get(3)?,
                    state: parse_col(r, 4, CallState::parse)?,
                    summary: r.get(5)?,
                    error_kind: r.get(6)?,
                    started_at: r.get(7)?,
                    finished_at: r.get(8)?,
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }

    /// Journals a call before it is sent; committed (and synced) when this returns.
    pub fn begin_call(
        &self,
        job: i64,
        kind: CallKind,
        batch: Option<usize>,
        attempt: u32,
    ) -> Result<i64> {
        let conn = self.conn();
        let now = now_ms();
        conn.query_row(
            "INSERT INTO calls (job_id, seq, kind, batch, attempt, state, started_at)
             VALUES (?1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM calls WHERE job_id = ?1),
                     ?2, ?3, ?4, 'intent', ?5)
             RETURNING seq",
            params![job, kind.as_str(), batch.map(|b| b as i64), attempt, now],
            |r| r.get(0),
        )
        .map_err(|e| self.err(e))
    }

    /// Records a call's answer together with everything it settled, in one transaction:
    /// member outcomes, the group (once known), a note. Members not in `updates` are untouched.
    pub fn answer_call(&self, job: i64, seq: i64, answer: &CallAnswer<'_>) -> Result<()> {
        let mut conn = self.conn();
        let now = now_ms();
        let tx = conn.transaction().map_err(|e| self.err(e))?;
        (|| {
            tx.execute(
                "UPDATE calls SET state = ?3, summary = ?4, error_kind = ?5, finished_at = ?6
                 WHERE job_id = ?1 AND seq = ?2",
                params![
                    job,
                    seq,
                    answer.state.as_str(),
                    answer.summary,
                    answer.error_kind,
                    now
                ],
            )?;
            if let Some(g) = answer.group {
                tx.execute(
                    "UPDATE jobs SET group_id = COALESCE(?2, group_id), group_handle = ?3,
                                     invite_link = COALESCE(?4, invite_link), updated_at = ?5
                     WHERE id = ?1",
                    params![job, g.id, g.handle, g.invite_link, now],
                )?;
            }
            if let Some(pn) = answer.provider_note {
                tx.execute(
                    "UPDATE jobs SET provider_note = ?2, updated_at = ?3 WHERE id = ?1",
                    params![job, pn, now],
                )?;
            }
            if let Some(link) = answer.invite_link {
                tx.execute(
                    "UPDATE jobs SET invite_link = ?2, updated_at = ?3 WHERE id = ?1",
                    params![job, link, now],
                )?;
            }
            if let Some(status) = answer.status {
                tx.execute(
                    "UPDATE jobs SET status = ?2, note = COALESCE(?3, note), updated_at = ?4 WHERE id = ?1",
                    params![job, status.as_str(), answer.note, now],
                )?;
            } else if let Some(note) = answer.note {
                tx.execute(
                    "UPDATE jobs SET note = ?2, updated_at = ?3 WHERE id = ?1",
                    params![job, note, now],
                )?;
            }
            for s in answer.setup {
                tx.execute(
                    "INSERT INTO setup_steps (job_id, step, status, reason, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5)
                     ON CONFLICT (job_id, step) DO UPDATE SET status = ?3, reason = ?4, updated_at = ?5",
                    params![job, s.step.as_str(), s.status.as_str(), s.reason, now],
                )?;
            }
            let mut up = tx.prepare(
                "UPDATE members SET status = ?3, reason = ?4, stage = ?5, updated_at = ?6
                 WHERE job_id = ?1 AND phone = ?2 AND batch IS NOT NULL",
            )?;
            for m in answer.members {
                let stage = (m.state == MemberState::Rejected).then_some("provider");
                let n = up.execute(params![job, m.phone, m.state.as_str(), m.reason, stage, now])?;
                if n == 0 {
                    tracing::warn!(job, "provider answered for a number that is not in the job");
                }
            }
            Ok(())
        })()
        .map_err(|e| self.err(e))?;
        tx.commit().map_err(|e| self.err(e))
    }

    /// Writes setup steps settled without a call (not offered, taken with the create).
    pub fn set_setup_steps(&self, job: i64, steps: &[SetupStep]) -> Result<()> {
        let mut conn = self.conn();
        let now = now_ms();
        let tx = conn.transaction().map_err(|e| self.err(e))?;
        for s in steps {
            tx.execute(
                "INSERT INTO setup_steps (job_id, step, status, reason, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (job_id, step) DO UPDATE SET status = ?3, reason = ?4, updated_at = ?5",
                params![job, s.step.as_str(), s.status.as_str(), s.reason, now],
            )
            .map_err(|e| self.err(e))?;
        }
        tx.commit().map_err(|e| self.err(e))
    }

    /// Where each setup step stands, as journaled (steps never tried are absent).
    pub fn setup_steps(&self, job: i64) -> Result<Vec<SetupStep>> {
        let conn = self.conn();
        let mut st = conn
            .prepare("SELECT step, status, reason FROM setup_steps WHERE job_id = ?1")
            .map_err(|e| self.err(e))?;
        let rows = st
            .query_map(params![job], |r| {
                Ok(SetupStep {
                    step: parse_col(r, 0, SetupStepKind::parse)?,
                    status: parse_col(r, 1, SetupStatus::parse)?,
                    reason: r.get(2)?,
                })
            })
            .map_err(|e| self.err(e))?;
        let mut steps: Vec<SetupStep> = rows
            .collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))?;
        steps.sort_by_key(|s| s.step);
        Ok(steps)
    }

    /// Sets the job's status (and note, when given; `Some("")` clears it).
    /// A run on a group that already exists (a sync): the group is known from the start, so the
    /// engine adds to it and never creates one.
    pub fn adopt_group(&self, job: i64, group: &GroupRef) -> Result<()> {
        let conn = self.conn();
        conn.execute(
            "UPDATE jobs SET group_id = ?2, group_handle = ?3, invite_link = ?4, updated_at = ?5
             WHERE id = ?1",
            params![job, group.id, group.handle, group.invite_link, now_ms()],
        )
        .map_err(|e| self.err(e))?;
        Ok(())
    }

    pub fn set_status(&self, job: i64, status: JobStatus, note: Option<&str>) -> Result<()> {
        let conn = self.conn();
        let now = now_ms();
        let finished = status.is_finished().then_some(now);
        conn.execute(
            "UPDATE jobs SET status = ?2,
                             note = CASE WHEN ?3 IS NULL THEN note WHEN ?3 = '' THEN NULL ELSE ?3 END,
                             finished_at = COALESCE(?4, finished_at), updated_at = ?5
             WHERE id = ?1",
            params![job, status.as_str(), note, finished, now],
        )
        .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// When the last call of any job on this account started: pacing carries over between
    /// processes (a resume right after a kill still waits the gap).
    pub fn last_call_started(
        &self,
        provider: ProviderKind,
        account_label: &str,
    ) -> Result<Option<i64>> {
        let conn = self.conn();
        conn.query_row(
            "SELECT MAX(c.started_at) FROM calls c JOIN jobs j ON j.id = c.job_id
             WHERE j.provider = ?1 AND j.account_label = ?2",
            params![provider.as_str(), account_label],
            |r| r.get(0),
        )
        .map_err(|e| self.err(e))
    }

    /// The lock that marks a job as being run. Lives next to the database.
    pub fn lock_job(&self, job: i64) -> Result<JobLock> {
        let dir = self.locks_dir();
        crate::paths::ensure_data_dir(&dir)?;
        let path = dir.join(format!("job-{job}.lock"));
        let mut options = File::options();
        options.create(true).truncate(false).write(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let file = options.open(&path).map_err(|e| CoreError::DataDir {
            path: path.clone(),
            detail: e.to_string(),
        })?;
        match file.try_lock() {
            Ok(()) => Ok(JobLock { _file: file }),
            Err(std::fs::TryLockError::WouldBlock) => Err(CoreError::JobBusy(job)),
            Err(std::fs::TryLockError::Error(e)) => Err(CoreError::DataDir {
                path,
                detail: e.to_string(),
            }),
        }
    }

    fn locks_dir(&self) -> PathBuf {
        self.path
            .parent()
            .map(|p| p.join("locks"))
            .unwrap_or_else(|| PathBuf::from("locks"))
    }

    /// Whether some process holds the job's lock right now.
    fn is_running(&self, job: i64) -> bool {
        let path = self.locks_dir().join(format!("job-{job}.lock"));
        match File::options().write(true).open(&path) {
            Ok(f) => matches!(f.try_lock(), Err(std::fs::TryLockError::WouldBlock)),
            Err(_) => false,
        }
    }

    /// The status to show: a job stored as `running` whose process is gone was interrupted.
    pub fn effective_status(&self, job: &JobRecord) -> JobStatus {
        if job.status == JobStatus::Running && !self.is_running(job.id) {
            JobStatus::Incomplete
        } else {
            job.status
        }
    }

    /// Past jobs, newest first; `search` matches the group name (case-insensitive, anywhere).
    pub fn list(&self, search: Option<&str>, limit: usize) -> Result<Vec<JobSummary>> {
        let pattern = search
            .map(|s| {
                format!(
                    "%{}%",
                    s.trim()
                        .replace('\\', "\\\\")
                        .replace('%', "\\%")
                        .replace('_', "\\_")
                )
            })
            .unwrap_or_else(|| "%".into());
        let rows: Vec<(JobSummary, JobRecord)> = {
            let conn = self.conn();
            let mut st = conn
                .prepare(
                    "SELECT j.id, j.created_at, j.provider, j.account_label, j.group_name, j.status,
                            SUM(m.status = 'added'), SUM(m.status = 'invited'), SUM(m.status = 'sent'),
                            SUM(m.status = 'rejected'), SUM(m.status = 'pending'),
                            (SELECT COUNT(*) FROM import_rejections r WHERE r.job_id = j.id)
                     FROM jobs j LEFT JOIN members m ON m.job_id = j.id
                     WHERE j.group_name LIKE ?1 ESCAPE '\\'
                     GROUP BY j.id ORDER BY j.created_at DESC, j.id DESC LIMIT ?2",
                )
                .map_err(|e| self.err(e))?;
            let mapped = st
                .query_map(params![pattern, limit as i64], |r| {
                    let provider = parse_col(r, 2, |s| s.parse::<ProviderKind>().ok())?;
                    let status = parse_col(r, 5, JobStatus::parse)?;
                    let n = |i| r.get::<_, Option<i64>>(i).map(|v| v.unwrap_or(0) as u32);
                    let s = JobSummary {
                        job: r.get(0)?,
                        created_at: r.get(1)?,
                        provider,
                        account: r.get(3)?,
                        group_name: r.get(4)?,
                        status,
                        counts: Counts {
                            added: n(6)?,
                            invited: n(7)?,
                            sent: n(8)?,
                            rejected: n(9)?,
                            pending: n(10)?,
                        },
                        import_rejected: n(11)?,
                    };
                    // Only what effective_status needs.
                    let rec = JobRecord {
                        id: s.job,
                        provider,
                        account_id: None,
                        account_label: String::new(),
                        group_name: String::new(),
                        group_id: None,
                        group_handle: None,
                        invite_link: None,
                        options: JobOptions::default(),
                        source: None,
                        status,
                        provider_note: None,
                        note: None,
                        created_at: 0,
                        updated_at: 0,
                        finished_at: None,
                    };
                    Ok((s, rec))
                })
                .map_err(|e| self.err(e))?;
            mapped
                .collect::<rusqlite::Result<_>>()
                .map_err(|e| self.err(e))?
        };
        Ok(rows
            .into_iter()
            .map(|(mut s, rec)| {
                s.status = self.effective_status(&rec);
                s
            })
            .collect())
    }

    /// The job's result in the issue's shape, every number in exactly one list.
    pub fn outcome(&self, id: i64) -> Result<Outcome> {
        let job = self.job(id)?;
        let members = self.members(id)?;
        let import = self.import_rejections(id)?;
        let mut out = Outcome {
            job: id,
            provider: job.provider,
            status: self.effective_status(&job),
            group: OutcomeGroup {
                name: job.group_name.clone(),
                id: job.group_id.clone(),
                invite_link: job.invite_link.clone(),
                // The engine's note (why it stopped, what to do) first: it is the one that matters.
                note: join_notes(job.note.as_deref(), job.provider_note.as_deref()),
            },
            added: vec![],
            invited: vec![],
            sent: vec![],
            pending: vec![],
            rejected: vec![],
            setup: vec![],
            group_exists: job.group_handle.is_some(),
        };
        let journaled = self.setup_steps(id)?;
        out.setup = job
            .options
            .setup
            .steps()
            .into_iter()
            .map(|step| {
                journaled
                    .iter()
                    .find(|s| s.step == step)
                    .cloned()
                    .unwrap_or_else(|| SetupStep {
                        step,
                        status: SetupStatus::Skipped,
                        reason: Some(
                            if out.group_exists {
                                "not done yet: it comes after the members are added; run resume to finish"
                            } else {
                                "not done: the group was not created"
                            }
                            .into(),
                        ),
                    })
            })
            .collect();
        for m in members {
            if m.state == MemberState::Rejected {
                out.rejected.push(OutcomeRejection {
                    phone: Some(m.phone),
                    input: None,
                    row: m.row,
                    name: m.name,
                    stage: m.stage.unwrap_or(RejectStage::Provider),
                    reason: m.reason.unwrap_or_else(|| "rejected".into()),
                    code: m.code,
                    reason_country: None,
                });
                continue;
            }
            let entry = OutcomeMember {
                phone: m.phone,
                row: m.row,
                name: m.name,
                reason: m.reason,
            };
            match m.state {
                MemberState::Added => out.added.push(entry),
                MemberState::Invited => out.invited.push(entry),
                MemberState::Sent => out.sent.push(entry),
                MemberState::Pending => out.pending.push(entry),
                MemberState::Rejected => unreachable!("handled above"),
            }
        }
        out.rejected
            .extend(import.into_iter().map(|r| OutcomeRejection {
                phone: None,
                input: Some(r.input),
                row: Some(r.row),
                name: None,
                stage: RejectStage::Import,
                reason: r.reason,
                code: r.code,
                reason_country: r.reason_country,
            }));
        out.rejected.sort_by_key(|r| r.row.unwrap_or(u64::MAX));
        Ok(out)
    }
}

/// What [`History::answer_call`] writes.
#[derive(Default)]
pub struct CallAnswer<'a> {
    pub state: CallState,
    pub summary: Option<&'a str>,
    pub error_kind: Option<&'a str>,
    pub group: Option<&'a GroupRef>,
    pub invite_link: Option<&'a str>,
    pub members: &'a [MemberUpdate],
    pub status: Option<JobStatus>,
    pub note: Option<&'a str>,
    pub provider_note: Option<&'a str>,
    /// Setup steps this answer settled.
    pub setup: &'a [SetupStep],
}

fn join_notes(a: Option<&str>, b: Option<&str>) -> Option<String> {
    match (a, b) {
        (Some(a), Some(b)) => Some(format!("{a} {b}")),
        (Some(x), None) | (None, Some(x)) => Some(x.to_string()),
        (None, None) => None,
    }
}

fn parse_col<T>(
    r: &rusqlite::Row<'_>,
    i: usize,
    f: impl FnOnce(&str) -> Option<T>,
) -> rusqlite::Result<T> {
    let s: String = r.get(i)?;
    f(&s).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            i,
            rusqlite::types::Type::Text,
            format!("unexpected value in column {i}").into(),
        )
    })
}

fn migrate(conn: &mut Connection) -> rusqlite::Result<()> {
    let version: usize =
        conn.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0))? as usize;
    // A newer schema was refused by the caller before we got here.
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}
