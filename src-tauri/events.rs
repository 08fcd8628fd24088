//! Events Rust sends to the webview, typed through tauri-specta (`events.*` in `bindings.ts`).

use groupdrop_core::flow::{JobStatus, RunProgress};
use serde::{Deserialize, Serialize};

use crate::error::UiError;

/// A contact file arrived while the window was already open: a second launch
/// (`groupdrop other.csv`, or "Open with" in the file manager) handed its path over through
/// single-instance. The UI opens that file's preview.
#[derive(Clone, Debug, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
#[serde(rename_all = "camelCase")]
pub struct FileOpened {
    pub path: String,
}

/// How far the running run is, after every provider call the engine journals: core's
/// [`RunProgress`] as it is (its `job` is the id `start_job`/`resume_job` returned, its `part` the
/// part being worked on, so every part of a split run reaches the progress bar).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
pub struct JobProgress(pub RunProgress);

/// A run stopped: finished, failed, or cancelled. `error` says why when it did not finish.
#[derive(Clone, Debug, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
#[serde(rename_all = "camelCase")]
pub struct JobFinished {
    pub job: u32,
    pub status: JobStatus,
    pub error: Option<UiError>,
}

/// The user tried to close the window while a group is being created. The window stays open;
/// the UI asks, then calls `confirm_close` (or does nothing).
#[derive(Clone, Debug, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
#[serde(rename_all = "camelCase")]
pub struct CloseRequested {
    pub job: u32,
}
