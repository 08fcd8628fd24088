//! Preview's "Check numbers on WhatsApp": the cost before, then the per-number answers. The
//! answers are kept per account in the history (groupdrop-core's `flow::check`), so Create only
//! says `checked: true` to leave out the numbers found not on WhatsApp.

use groupdrop_core::flow::{CheckCost, CheckReport};
use serde::Deserialize;
use tauri::State;

use crate::commands::jobs::prepare;
use crate::error::UiError;
use crate::state::AppState;

/// Which file (from the Preview) to check with which account.
#[derive(Clone, Debug, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CheckRequest {
    pub import_id: u32,
    pub account_id: u32,
}

/// What a check would cost: calls, time at the provider's documented limit, answers already
/// known (free), a trial's checks left; `offered: false` with one sentence when the provider has
/// no check (EazyBe).
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip(state), err)]
pub async fn check_cost(
    request: CheckRequest,
    state: State<'_, AppState>,
) -> Result<CheckCost, UiError> {
    let (session, conn, report) = prepare(&state, request.import_id, request.account_id).await?;
    Ok(session.check_cost(&conn, &report).await?)
}

/// Asks the provider about the numbers not answered before, at its documented pace.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip(state), err)]
pub async fn check_numbers(
    request: CheckRequest,
    state: State<'_, AppState>,
) -> Result<CheckReport, UiError> {
    let (session, conn, report) = prepare(&state, request.import_id, request.account_id).await?;
    Ok(session.check_numbers(&conn, &report).await?)
}
