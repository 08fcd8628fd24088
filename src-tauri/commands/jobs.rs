//! Create screen: plan the group, start the job, follow its progress, cancel, resume.

use serde::{Deserialize, Serialize};
use tauri::{AppHandle, State};

use crate::error::UiError;
use crate::state::AppState;

/// What the user chose on the Create screen.
#[derive(Clone, Debug, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct JobRequest {
    pub import_id: u32,
    pub account_id: u32,
    pub name: String,
    /// Z-API: send a private invite to those who cannot be added directly.
    pub auto_invite: bool,
    /// EazyBe: create the group when no group with this name exists.
    pub create_if_missing: bool,
    /// More members than one group holds: split into numbered groups.
    pub split: bool,
}

/// One group the job will make.
#[derive(Clone, Debug, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PlannedGroup {
    pub name: String,
    pub members: u32,
    /// Members the create call carries.
    pub first_batch: u32,
    /// Further add calls, and how many numbers each carries at most.
    pub add_batches: u32,
    pub batch_size: u32,
}

/// "What will happen" before anything is sent.
#[derive(Clone, Debug, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PlanSummary {
    pub members: u32,
    pub groups: Vec<PlannedGroup>,
    /// More members than one group holds and `split` is off: Create stays disabled.
    pub needs_split: bool,
    /// Most members one group can have (WhatsApp's 1024 minus the creator).
    pub max_members: u32,
    /// The account's own number was in the list and is left out.
    pub own_number_skipped: bool,
    /// Practice provider: nothing real will be created.
    pub practice: bool,
}

#[tauri::command]
#[specta::specta]
pub async fn plan_job(
    request: JobRequest,
    state: State<'_, AppState>,
) -> Result<PlanSummary, UiError> {
    let _ = (&state, request);
    Err(UiError::internal("plan_job: not wired yet"))
}

/// Starts the job in the background and returns its id at once; progress arrives as
/// `JobProgress` events and the end as `JobFinished`.
#[tauri::command]
#[specta::specta]
pub async fn start_job(
    request: JobRequest,
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<u32, UiError> {
    let _ = (&state, request, app);
    Err(UiError::internal("start_job: not wired yet"))
}

/// Stops after the call in flight; the job stays resumable from History.
#[tauri::command]
#[specta::specta]
pub async fn cancel_job(job: u32, state: State<'_, AppState>) -> Result<(), UiError> {
    let _ = (&state, job);
    Err(UiError::internal("cancel_job: not wired yet"))
}

#[tauri::command]
#[specta::specta]
pub async fn resume_job(
    job: u32,
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<u32, UiError> {
    let _ = (&state, job, app);
    Err(UiError::internal("resume_job: not wired yet"))
}

/// The job running now, if any (the UI re-attaches its progress view after a reload).
#[tauri::command]
#[specta::specta]
pub fn running_job(state: State<'_, AppState>) -> Option<u32> {
    state.running_job()
}

/// The user confirmed closing while a job runs: stop it (it stays resumable) and exit.
#[tauri::command]
#[specta::specta]
pub fn confirm_close(app: AppHandle, state: State<'_, AppState>) {
    state.cancel_running();
    app.exit(0);
}
