//! Start and Preview screens: read a contact file and show what GroupDrop made of it.

use std::path::PathBuf;

use groupdrop_core::flow::{self, Country, ImportChoices, ImportReport};
use serde::Serialize;
use tauri::State;

use crate::error::UiError;
use crate::state::AppState;

/// Everything the Preview screen shows. The import itself stays in Rust under `import_id`, so
/// Create never sends 50,000 numbers back over IPC.
#[derive(Clone, Debug, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Preview {
    pub import_id: u32,
    /// The full path, to re-read the file with other choices.
    pub path: String,
    pub report: ImportReport,
}

/// The file the app was started with (`groupdrop contacts.csv`, "Open with"), once: the UI asks
/// at start-up and opens its preview straight away.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip(state))]
pub fn startup_file(state: State<'_, AppState>) -> Option<String> {
    state.take_startup_file()
}

/// Reads a contact file (off the UI thread: a 100,000-row workbook takes a moment) and keeps the
/// report for Create.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip(state), err)]
pub async fn import_file(
    path: String,
    choices: ImportChoices,
    state: State<'_, AppState>,
) -> Result<Preview, UiError> {
    let file = PathBuf::from(&path);
    let report = tauri::async_runtime::spawn_blocking(move || flow::import_file(&file, &choices))
        .await
        .map_err(UiError::internal)??;
    let import_id = state.keep_import(report.clone());
    Ok(Preview {
        import_id,
        path,
        report,
    })
}

/// Every region with phone metadata, for the country pickers (the UI names them in its own
/// language with `Intl.DisplayNames`).
#[tauri::command]
#[specta::specta]
pub fn countries() -> Vec<Country> {
    flow::countries()
}
