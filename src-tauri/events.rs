//! Events Rust sends to the webview, typed through tauri-specta (`events.*` in `bindings.ts`).

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

/// How far a running job is. Sent after every provider call the engine journals.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
#[serde(rename_all = "camelCase")]
pub struct JobProgress {
    pub job: u32,
    /// What the engine is doing (creating, adding, waiting out a Retry-After, ...).
    pub stage: groupdrop_core::job::Stage,
    /// 1-based batch being worked on (0 outside the create/add stages), of `batches`.
    pub batch: u32,
    pub batches: u32,
    /// Numbers with an answer so far, of all numbers in this group.
    pub numbers_done: u32,
    pub numbers_total: u32,
    /// Of the numbers done so far: in the group, invited, rejected (incl. import-side), and
    /// handed over without confirmation (EazyBe).
    pub added: u32,
    pub invited: u32,
    pub rejected: u32,
    pub sent: u32,
    /// Which numbered group (1-based) of a split list, and of how many.
    pub group_index: u32,
    pub group_count: u32,
    /// While waiting between two group creations (ban-safe spacing): seconds left when this was
    /// sent, for the countdown. `null` otherwise.
    pub wait_seconds: Option<u32>,
}

/// A job stopped: finished, failed, or cancelled. `error` says why when it did not finish.
#[derive(Clone, Debug, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
#[serde(rename_all = "camelCase")]
pub struct JobFinished {
    pub job: u32,
    pub status: groupdrop_core::JobStatus,
    pub error: Option<UiError>,
}

/// The user tried to close the window while a group is being created. The window stays open;
/// the UI asks, then calls `confirm_close` (or does nothing).
#[derive(Clone, Debug, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
#[serde(rename_all = "camelCase")]
pub struct CloseRequested {
    pub job: u32,
}
