//! History and Result screens: every run, newest first; one run in full; export its rejected
//! numbers; the invite link's QR code.

use groupdrop_providers::ProviderKind;
use serde::{Deserialize, Serialize};
use tauri::State;

use crate::error::UiError;
use crate::state::AppState;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum JobStatus {
    /// Being worked on now.
    Running,
    /// Stopped before the end (closed, cancelled, crashed): can be resumed.
    Interrupted,
    /// Every number got an answer and none was rejected by the provider.
    Done,
    /// The group exists; some numbers were rejected or only invited.
    Partial,
    /// No group was made.
    Failed,
    /// A create may have reached the provider without an answer: resuming looks first.
    Unknown,
}

#[derive(Clone, Debug, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct HistoryRow {
    pub id: u32,
    pub provider: ProviderKind,
    pub account_label: String,
    pub group_name: String,
    pub status: JobStatus,
    /// RFC 3339, UTC.
    pub started_at: String,
    pub added: u32,
    pub invited: u32,
    pub rejected: u32,
    pub total: u32,
    /// Interrupted or unknown: can be resumed.
    pub resumable: bool,
}

#[derive(Clone, Debug, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct GroupView {
    pub name: String,
    pub id: Option<String>,
    pub invite_link: Option<String>,
    /// E.g. "EazyBe gives no invite link".
    pub note: Option<String>,
}

#[derive(Clone, Debug, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct MemberRow {
    pub phone: String,
    pub row: Option<u32>,
    pub name: Option<String>,
    pub reason: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum RejectStage {
    /// The importer could not use the row.
    Import,
    /// The provider did not add or invite the number.
    Provider,
}

#[derive(Clone, Debug, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RejectedMember {
    pub stage: RejectStage,
    pub phone: Option<String>,
    pub input: Option<String>,
    pub row: Option<u32>,
    pub reason: String,
}

/// One run in full, for the Result screen.
#[derive(Clone, Debug, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct JobResult {
    pub id: u32,
    pub provider: ProviderKind,
    pub account_label: String,
    pub status: JobStatus,
    pub started_at: String,
    /// One entry per group (several when the list was split into numbered groups).
    pub groups: Vec<GroupView>,
    pub added: Vec<MemberRow>,
    pub invited: Vec<MemberRow>,
    /// Handed over, but the provider gives no per-number confirmation (EazyBe).
    pub sent: Vec<MemberRow>,
    pub rejected: Vec<RejectedMember>,
    /// Numbers not yet handed to the provider (an interrupted job).
    pub pending: u32,
    pub resumable: bool,
    /// Why the job stopped, when it did not finish.
    pub error: Option<String>,
}

#[tauri::command]
#[specta::specta]
pub async fn list_history(
    search: Option<String>,
    state: State<'_, AppState>,
) -> Result<Vec<HistoryRow>, UiError> {
    let _ = (&state, search);
    Err(UiError::internal("list_history: not wired yet"))
}

#[tauri::command]
#[specta::specta]
pub async fn show_job(job: u32, state: State<'_, AppState>) -> Result<JobResult, UiError> {
    let _ = (&state, job);
    Err(UiError::internal("show_job: not wired yet"))
}

/// Writes the job's rejected numbers (import- and provider-side) to `path` as formula-safe CSV;
/// returns how many rows were written.
#[tauri::command]
#[specta::specta]
pub async fn export_rejected(
    job: u32,
    path: String,
    state: State<'_, AppState>,
) -> Result<u32, UiError> {
    let _ = (&state, job, path);
    Err(UiError::internal("export_rejected: not wired yet"))
}

#[tauri::command]
#[specta::specta]
pub fn invite_qr(link: String) -> Result<String, UiError> {
    crate::qr::invite_svg(&link)
}
