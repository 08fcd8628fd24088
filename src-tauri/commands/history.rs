//! History and Result screens: every run, newest first; one run in full; export its rejected
//! numbers; the invite link's QR code.

use std::path::PathBuf;
use std::sync::Arc;

use groupdrop_contacts::RejectCode;
use groupdrop_core::outcome::{OutcomeMember, OutcomeRejection, Stage};
use groupdrop_core::{History, JobStatus};
use groupdrop_providers::ProviderKind;
use serde::Serialize;
use tauri::State;

use crate::error::UiError;
use crate::state::AppState;

/// How many runs the History screen lists (newest first); search narrows further.
const HISTORY_LIMIT: usize = 500;

#[derive(Clone, Debug, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct HistoryRow {
    pub id: u32,
    pub provider: ProviderKind,
    pub account_label: String,
    pub group_name: String,
    pub status: JobStatus,
    /// Unix milliseconds (a JS `Date` takes them as they are).
    pub started_at_ms: f64,
    pub added: u32,
    pub invited: u32,
    /// Handed over without per-number confirmation (EazyBe).
    pub sent: u32,
    /// Import- and provider-side together.
    pub rejected: u32,
    pub pending: u32,
    /// Unfinished: Resume continues it.
    pub resumable: bool,
}

#[derive(Clone, Debug, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct GroupView {
    pub name: String,
    pub id: Option<String>,
    pub invite_link: Option<String>,
    /// E.g. "EazyBe gives no invite link", or why the run stopped.
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

/// Who turned a number down. Our own type: core has two different `Stage`s (rejection and
/// job progress) and the bindings need one name per type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum RejectStage {
    /// The importer or the plan (a bad row, the account's own number).
    Import,
    /// The provider did not add or invite the number.
    Provider,
}

#[derive(Clone, Debug, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RejectedMember {
    pub stage: RejectStage,
    /// The number (provider-side), or `None` for an import row that never became a number.
    pub phone: Option<String>,
    /// What the file said (import-side).
    pub input: Option<String>,
    pub row: Option<u32>,
    pub name: Option<String>,
    /// English; the UI words import-side reasons from `code` in its own language.
    pub reason: String,
    /// Import-side: the importer's stable code, so the Result screen can translate the reason.
    pub code: Option<RejectCode>,
    /// The country the reason is about.
    pub reason_country: Option<String>,
}

/// One run in full, for the Result screen.
#[derive(Clone, Debug, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct JobResult {
    pub id: u32,
    pub provider: ProviderKind,
    pub account_label: String,
    pub status: JobStatus,
    pub started_at_ms: f64,
    pub group: GroupView,
    pub added: Vec<MemberRow>,
    pub invited: Vec<MemberRow>,
    /// Handed over, but the provider gives no per-number confirmation (EazyBe).
    pub sent: Vec<MemberRow>,
    pub rejected: Vec<RejectedMember>,
    /// Numbers not yet settled (an unfinished run).
    pub pending: u32,
    pub resumable: bool,
}

fn row_u32(row: Option<u64>) -> Option<u32> {
    row.and_then(|r| u32::try_from(r).ok())
}

fn member(m: OutcomeMember) -> MemberRow {
    MemberRow {
        phone: m.phone,
        row: row_u32(m.row),
        name: m.name,
        reason: m.reason,
    }
}

fn rejected(r: OutcomeRejection) -> RejectedMember {
    RejectedMember {
        stage: match r.stage {
            Stage::Import => RejectStage::Import,
            Stage::Provider => RejectStage::Provider,
        },
        phone: r.phone,
        input: r.input,
        row: row_u32(r.row),
        name: r.name,
        reason: r.reason,
        code: r
            .code
            .and_then(|c| serde_json::from_value(serde_json::Value::String(c)).ok()),
        reason_country: r.reason_country,
    }
}

async fn with_history<T: Send + 'static>(
    history: Arc<History>,
    f: impl FnOnce(&History) -> Result<T, UiError> + Send + 'static,
) -> Result<T, UiError> {
    tauri::async_runtime::spawn_blocking(move || f(&history))
        .await
        .map_err(UiError::internal)?
}

#[tauri::command]
#[specta::specta]
pub async fn list_history(
    search: Option<String>,
    state: State<'_, AppState>,
) -> Result<Vec<HistoryRow>, UiError> {
    let history = state.history()?;
    with_history(history, move |h| {
        let search = search.as_deref().map(str::trim).filter(|s| !s.is_empty());
        Ok(h.list(search, HISTORY_LIMIT)?
            .into_iter()
            .map(|s| HistoryRow {
                id: u32::try_from(s.job).unwrap_or(u32::MAX),
                provider: s.provider,
                account_label: s.account,
                group_name: s.group_name,
                status: s.status,
                started_at_ms: s.created_at as f64,
                added: s.counts.added,
                invited: s.counts.invited,
                sent: s.counts.sent,
                rejected: s.counts.rejected + s.import_rejected,
                pending: s.counts.pending,
                resumable: s.status.is_resumable() && s.status != JobStatus::Running,
            })
            .collect())
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn show_job(job: u32, state: State<'_, AppState>) -> Result<JobResult, UiError> {
    let history = state.history()?;
    with_history(history, move |h| {
        let id = i64::from(job);
        let record = h.job(id)?;
        let outcome = h.outcome(id)?;
        Ok(JobResult {
            id: job,
            provider: outcome.provider,
            account_label: record.account_label,
            status: outcome.status,
            started_at_ms: record.created_at as f64,
            group: GroupView {
                name: outcome.group.name,
                id: outcome.group.id,
                invite_link: outcome.group.invite_link,
                note: outcome.group.note,
            },
            added: outcome.added.into_iter().map(member).collect(),
            invited: outcome.invited.into_iter().map(member).collect(),
            sent: outcome.sent.into_iter().map(member).collect(),
            pending: outcome.pending.len() as u32,
            rejected: outcome.rejected.into_iter().map(rejected).collect(),
            resumable: outcome.status.is_resumable() && outcome.status != JobStatus::Running,
        })
    })
    .await
}

/// Writes the job's rejected numbers (import- and provider-side) to `path` as formula-safe CSV
/// (groupdrop-core's export); returns how many rows were written.
#[tauri::command]
#[specta::specta]
pub async fn export_rejected(
    job: u32,
    path: String,
    state: State<'_, AppState>,
) -> Result<u32, UiError> {
    let history = state.history()?;
    with_history(history, move |h| {
        let outcome = h.outcome(i64::from(job))?;
        let mut path = PathBuf::from(path);
        if path.extension().is_none() {
            path.set_extension("csv");
        }
        let n = groupdrop_core::export::export_rejected(&outcome, &path)?;
        Ok(n as u32)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub fn invite_qr(link: String) -> Result<String, UiError> {
    crate::qr::invite_svg(&link)
}
