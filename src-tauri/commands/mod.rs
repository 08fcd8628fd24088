//! The commands the webview may call, one module per screen area. Each parses its input, calls
//! groupdrop-core's `flow` (nothing else), and maps errors to [`crate::error::UiError`].

pub mod accounts;
pub mod check;
pub mod history;
pub mod import;
pub mod jobs;
pub mod names;
pub mod settings;

use std::sync::Arc;

use groupdrop_core::flow::Session;

use crate::error::UiError;
use crate::state::AppState;

/// Runs SQLite and keyring work off the async runtime: Secret Service calls block on D-Bus.
pub async fn with_session<T: Send + 'static>(
    state: &AppState,
    f: impl FnOnce(&Session) -> Result<T, UiError> + Send + 'static,
) -> Result<T, UiError> {
    let session: Arc<Session> = state.session()?;
    tauri::async_runtime::spawn_blocking(move || f(&session))
        .await
        .map_err(UiError::internal)?
}
