//! Settings screen: default country, language, theme.

use serde::Serialize;
use tauri::State;

use crate::error::UiError;
use crate::settings::{self, Settings};
use crate::state::AppState;

/// The saved settings plus what the OS suggests, so the UI can show "System (Brazil)".
#[derive(Clone, Debug, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SettingsView {
    pub settings: Settings,
    /// The OS locale's region, e.g. `BR` from `pt-BR`; `None` when the locale has none.
    pub system_country: Option<String>,
    /// The OS locale, e.g. `pt-BR`.
    pub system_language: Option<String>,
}

#[tauri::command]
#[specta::specta]
pub fn get_settings(state: State<'_, AppState>) -> SettingsView {
    SettingsView {
        settings: state.settings(),
        system_country: crate::state::system_country(),
        system_language: sys_locale::get_locale(),
    }
}

#[tauri::command]
#[specta::specta]
pub fn save_settings(settings: Settings, state: State<'_, AppState>) -> Result<(), UiError> {
    let settings = settings::clean(settings).map_err(UiError::invalid)?;
    settings::save(state.data_dir(), &settings).map_err(|e| {
        tracing::error!("saving settings: {e}");
        UiError::new(
            crate::error::UiErrorKind::Internal,
            "The settings could not be saved. Check that the disk is not full, then try again.",
        )
    })?;
    state.set_settings(settings);
    Ok(())
}
