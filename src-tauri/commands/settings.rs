//! Settings screen: default country, language, theme.

use groupdrop_core::flow::{self, settings, Settings};
use serde::Serialize;
use tauri::State;

use crate::error::UiError;
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
        system_country: flow::system_country(),
        system_language: sys_locale::get_locale(),
    }
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip(state), err)]
pub fn save_settings(settings: Settings, state: State<'_, AppState>) -> Result<(), UiError> {
    let settings = settings::clean(settings)?;
    settings::save(state.data_dir(), &settings)?;
    state.set_settings(settings);
    Ok(())
}
