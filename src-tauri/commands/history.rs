//! History and Result screens: every run, newest first; one run in full; export its rejected
//! numbers; the invite link's QR code. The views are groupdrop-core's (`flow`), shared with the CLI.

use std::path::PathBuf;

use groupdrop_core::flow::{HistoryRow, JobResult};
use tauri::State;

use crate::commands::with_session;
use crate::error::UiError;
use crate::state::AppState;

/// How many runs the History screen lists (newest first); search narrows further.
const HISTORY_LIMIT: usize = 500;

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip(state), err)]
pub async fn list_history(
    search: Option<String>,
    state: State<'_, AppState>,
) -> Result<Vec<HistoryRow>, UiError> {
    with_session(&state, move |s| {
        Ok(s.list_history(search.as_deref(), HISTORY_LIMIT)?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip(state), err)]
pub async fn show_job(job: u32, state: State<'_, AppState>) -> Result<JobResult, UiError> {
    with_session(&state, move |s| Ok(s.show(i64::from(job))?)).await
}

/// Writes the job's rejected numbers (import- and provider-side) to `path` as formula-safe CSV;
/// returns how many rows were written.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip(state), err)]
pub async fn export_rejected(
    job: u32,
    path: String,
    state: State<'_, AppState>,
) -> Result<u32, UiError> {
    with_session(&state, move |s| {
        let (_, n) = s.export_rejected(i64::from(job), &PathBuf::from(path))?;
        Ok(n as u32)
    })
    .await
}

/// "Export links": every group of the job's run with its invite link and counts, in a file
/// Excel opens in columns in any language; returns how many groups were written.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip(state), err)]
pub async fn export_links(
    job: u32,
    path: String,
    state: State<'_, AppState>,
) -> Result<u32, UiError> {
    with_session(&state, move |s| {
        let (_, n) = s.export_links(i64::from(job), &PathBuf::from(path))?;
        Ok(n as u32)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub fn invite_qr(link: String) -> Result<String, UiError> {
    crate::qr::invite_svg(&link)
}
