//! The user's preferences: default country, language, theme. (Moved from src-tauri: settings
//! belong to the session.) A small JSON file in the data dir
//! (`settings.json`), because these are app-only preferences the CLI never reads, and a corrupt
//! or hand-edited file must never keep the app from starting: unreadable → defaults (logged).

use crate::error::{CoreError, Result};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum Theme {
    /// Follow the OS light/dark preference.
    #[default]
    System,
    Light,
    Dark,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", default)]
pub struct Settings {
    /// ISO 3166 region for numbers written without a country code. `None`: the OS locale's.
    pub country: Option<String>,
    /// UI language tag (`en`, `pt-BR`, `es`, `hi`). `None`: the OS language.
    pub language: Option<String>,
    pub theme: Theme,
}

const FILE_NAME: &str = "settings.json";

pub fn settings_path(data_dir: &Path) -> PathBuf {
    data_dir.join(FILE_NAME)
}

/// Reads the settings; a missing file is the defaults, an unreadable one too (and is logged).
pub fn load(data_dir: &Path) -> Settings {
    let path = settings_path(data_dir);
    match std::fs::read(&path) {
        Ok(bytes) => serde_json::from_slice(&bytes).unwrap_or_else(|e| {
            tracing::warn!("ignoring unreadable {}: {e}", path.display());
            Settings::default()
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Settings::default(),
        Err(e) => {
            tracing::warn!("cannot read {}: {e}", path.display());
            Settings::default()
        }
    }
}

/// Writes atomically (temp file + rename) so a crash mid-write leaves the old file intact.
pub fn save(data_dir: &Path, settings: &Settings) -> Result<()> {
    let write = || -> std::io::Result<()> {
        std::fs::create_dir_all(data_dir)?;
        let path = settings_path(data_dir);
        let tmp = path.with_extension("json.tmp");
        let json = serde_json::to_vec_pretty(settings).map_err(std::io::Error::other)?;
        std::fs::write(&tmp, json)?;
        std::fs::rename(&tmp, &path)
    };
    write().map_err(|e| {
        tracing::error!("saving settings: {e}");
        CoreError::DataDir {
            path: data_dir.to_path_buf(),
            detail: format!("the settings could not be saved ({e})"),
        }
    })
}

/// Normalises what the UI sends: upper-case region, trimmed language, empty → `None`.
pub fn clean(mut s: Settings) -> Result<Settings> {
    s.country = s
        .country
        .map(|c| c.trim().to_ascii_uppercase())
        .filter(|c| !c.is_empty());
    if let Some(c) = &s.country {
        if c.len() != 2 || !c.chars().all(|ch| ch.is_ascii_uppercase()) {
            return Err(CoreError::InvalidInput(format!(
                "\"{c}\" is not a country code. Pick the country from the list."
            )));
        }
    }
    s.language = s
        .language
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty());
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_defaults() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(load(dir.path()), Settings::default());
        let s = Settings {
            country: Some("BR".into()),
            language: Some("pt-BR".into()),
            theme: Theme::Dark,
        };
        save(dir.path(), &s).unwrap();
        assert_eq!(load(dir.path()), s);
        let text = std::fs::read_to_string(settings_path(dir.path())).unwrap();
        assert!(text.contains("\"theme\": \"dark\""), "{text}");
    }

    #[test]
    fn a_corrupt_or_partial_file_does_not_stop_the_app() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(settings_path(dir.path()), b"{not json").unwrap();
        assert_eq!(load(dir.path()), Settings::default());
        std::fs::write(settings_path(dir.path()), br#"{"theme":"light"}"#).unwrap();
        assert_eq!(load(dir.path()).theme, Theme::Light);
    }

    #[test]
    fn clean_normalises_and_refuses_junk() {
        let s = clean(Settings {
            country: Some(" in ".into()),
            language: Some("".into()),
            theme: Theme::System,
        })
        .unwrap();
        assert_eq!(s.country.as_deref(), Some("IN"));
        assert_eq!(s.language, None);
        let e = clean(Settings {
            country: Some("Brazil".into()),
            ..Settings::default()
        })
        .unwrap_err();
        assert!(e.to_string().contains("not a country code"));
        assert_eq!(e.kind(), crate::error::ErrorKind::InvalidInput);
    }
}
