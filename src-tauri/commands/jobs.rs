//! Create screen: plan the group, start the run, follow its progress, cancel, resume.
//!
//! Every rule (the connection check and the own number, batching, journaling, never creating
//! twice, pacing, the parts of a split list) is groupdrop-core's `flow`; this module turns the
//! commands into flow calls and the run's progress into events.

use std::sync::Arc;

use groupdrop_core::flow::{
    run_status, CheckReport, Connection, ImportReport, JobStatus, PlanRequest, PlanSummary, Resume,
    ResumeFrom, RunProgress, Session, Started,
};
use serde::Deserialize;
use tauri::{AppHandle, Manager, Runtime, State};
use tauri_specta::Event;

use crate::commands::accounts::choice;
use crate::commands::with_session;
use crate::error::{ErrorKind, UiError};
use crate::events::{JobFinished, JobProgress};
use crate::state::{AppState, RunningJob};

/// What the user chose on the Create screen.
#[derive(Clone, Debug, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct JobRequest {
    pub import_id: u32,
    pub account_id: u32,
    #[serde(flatten)]
    pub plan: PlanRequest,
    /// Leave out the numbers "Check numbers on WhatsApp" found not on WhatsApp (its answers are
    /// kept per account, so nothing is asked again here).
    #[serde(default)]
    pub checked: bool,
}

/// The account's client (keyring off the async runtime) and the import kept from the Preview:
/// what Create's commands and the number check start from.
pub(crate) async fn prepare(
    state: &AppState,
    import_id: u32,
    account_id: u32,
) -> Result<(Arc<Session>, Connection, Arc<ImportReport>), UiError> {
    let report = state.import(import_id).ok_or_else(|| {
        UiError::not_found(
            "The contact file is no longer open. Open it again from the Start screen.",
        )
    })?;
    let account = choice(account_id);
    let conn = with_session(state, move |s| Ok(s.connect(&account)?)).await?;
    Ok((state.session()?, conn, report))
}

/// The kept answers of earlier checks, when the request says the numbers were checked.
async fn checked(
    session: &Session,
    conn: &Connection,
    report: &ImportReport,
    wanted: bool,
) -> Result<Option<CheckReport>, UiError> {
    if !wanted {
        return Ok(None);
    }
    Ok(Some(session.checked_before(conn, report).await?))
}

/// "What will happen" before anything is sent: the connection is checked (the account's own
/// number is left out), the list batched and, if asked, split.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip(state), err)]
pub async fn plan_job(
    request: JobRequest,
    state: State<'_, AppState>,
) -> Result<PlanSummary, UiError> {
    let (session, conn, report) = prepare(&state, request.import_id, request.account_id).await?;
    // The pacing the run will use (Settings → Pace, and the test overrides) for the estimate.
    let pacing = session.pacing();
    let numbers = checked(&session, &conn, &report, request.checked).await?;
    Ok(session
        .plan_summary_checked(&conn, &report, &request.plan, pacing, numbers.as_ref())
        .await?)
}

/// Starts the run in the background and returns its id at once; progress arrives as
/// `JobProgress` events (every part of a split list, each under this id as `job`) and the end as
/// `JobFinished`.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip(app, state), err)]
pub async fn start_job<R: Runtime>(
    request: JobRequest,
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<u32, UiError> {
    if state.running_job().is_some() {
        return Err(busy());
    }
    let (session, conn, report) = prepare(&state, request.import_id, request.account_id).await?;
    let numbers = checked(&session, &conn, &report, request.checked).await?;
    let planned = session
        .plan_checked(&conn, &report, &request.plan, numbers.as_ref())
        .await?;
    let (conn, started) = {
        let session = Arc::clone(&session);
        tauri::async_runtime::spawn_blocking(move || {
            let started = session.start(&conn, &planned)?;
            Ok::<_, UiError>((conn, started))
        })
        .await
        .map_err(UiError::internal)??
    };
    let run = to_u32(started.run());
    let running = state.begin_job(run).ok_or_else(busy)?;
    spawn_run(app, session, conn, started, running);
    Ok(run)
}

/// Stops after the call in flight; the run stays resumable from History.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip(state), err)]
pub async fn cancel_job(job: u32, state: State<'_, AppState>) -> Result<(), UiError> {
    match state.running_job() {
        Some(running) if running == job => {
            state.cancel_running();
            Ok(())
        }
        _ => Err(UiError::not_found(
            "This group is not being created right now.",
        )),
    }
}

/// Continues an unfinished run where its journal says it stopped, with the later parts of a
/// split list (core looks before it creates again, so nothing is sent twice).
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip(app, state), err)]
pub async fn resume_job<R: Runtime>(
    job: u32,
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<u32, UiError> {
    if state.running_job().is_some() {
        return Err(busy());
    }
    let resume = with_session(&state, move |s| {
        Ok(s.resume(i64::from(job), ResumeFrom::SavedOnly)?)
    })
    .await?;
    let (conn, started) = match resume {
        Resume::Finished(_) => {
            return Err(UiError::invalid(
                "This group is finished; there is nothing left to resume.",
            ))
        }
        Resume::Continue { conn, started } => (conn, started),
    };
    // The run's first unfinished part: every part reports progress under it.
    let run = to_u32(started.run());
    let running = state.begin_job(run).ok_or_else(busy)?;
    spawn_run(app, state.session()?, conn, started, running);
    Ok(run)
}

/// The run going on now, if any (the UI re-attaches its progress view after a reload).
#[tauri::command]
#[specta::specta]
pub fn running_job(state: State<'_, AppState>) -> Option<u32> {
    state.running_job()
}

/// The user confirmed closing while a run goes on: stop it (it stays resumable) and exit.
#[tauri::command]
#[specta::specta]
pub fn confirm_close<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) {
    state.cancel_running();
    app.exit(0);
}

fn busy() -> UiError {
    UiError::new(
        ErrorKind::JobRunning,
        "A group is already being created. Wait for it to finish (or stop it), then try again.",
    )
}

fn to_u32(id: i64) -> u32 {
    u32::try_from(id).unwrap_or(u32::MAX)
}

fn spawn_run<R: Runtime>(
    app: AppHandle<R>,
    session: Arc<Session>,
    conn: Connection,
    started: Started,
    running: RunningJob,
) {
    tauri::async_runtime::spawn(async move {
        let sink_app = app.clone();
        let observer = move |p: &RunProgress| {
            if let Err(e) = JobProgress(p.clone()).emit(&sink_app) {
                tracing::warn!("progress event not delivered: {e}");
            }
        };
        // The user's Settings → Pace (GROUPDROP_PACING_MS/_SCALE still override it, for tests).
        let pacing = session.pacing();
        let (status, error) = match session
            .run(&conn, &started, pacing, &observer, &running.cancel)
            .await
        {
            Ok(outcomes) => (run_status(&outcomes), None),
            Err(e) => {
                tracing::warn!("run {} could not run: {e}", running.id);
                (JobStatus::Failed, Some(UiError::from(e)))
            }
        };
        app.state::<AppState>().end_job(running.id);
        tracing::info!("run {} stopped: {}", running.id, status.as_str());
        let finished = JobFinished {
            job: running.id,
            status,
            error,
        };
        if let Err(e) = finished.emit(&app) {
            tracing::warn!("finished event not delivered: {e}");
        }
    });
}
