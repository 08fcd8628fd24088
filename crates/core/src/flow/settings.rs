//! The user's preferences: default country, language, theme, pacing. (Moved from src-tauri:
//! settings belong to the session.) A small JSON file in the data dir (`settings.json`); a corrupt
//! or hand-edited file must never keep the app from starting: unreadable → defaults (logged).

use crate::error::{CoreError, Result};
use crate::pacing::PacingSettings;
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
    /// Settings → "Check for updates" off: no request to the update manifest at all (for offices
    /// whose IT rolls out versions itself). Off by default, so checks are on.
    pub skip_update_check: bool,
    /// The first-run tour was finished or skipped (Settings → "Show the tour again" clears it).
    pub tour_seen: bool,
    /// How fast group creations and adds go (providers.md §8): the same type as the CLI's
    /// `--creation-spacing`/`--daily-limit` flags, so both shells pace alike.
    pub pacing: PacingSettings,
}

/// The least creation spacing the Settings screen accepts: below a minute, creating groups
/// from one number is what WhatsApp's spam detection looks for (providers.md §8 advises 5).
pub const MIN_CREATION_SPACING_MS: u32 = 60_000;
/// The add-jitter range the screen accepts, in ms.
pub const MIN_ADD_WAIT_MS: u32 = 1_000;
pub const MAX_ADD_WAIT_MS: u32 = 120_000;
/// The highest daily creation limit the screen accepts (0 is refused: no limit at all is how
/// numbers get banned).
pub const MAX_DAILY_LIMIT: u32 = 100;

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
    check_pacing(&s.pacing).map_err(CoreError::InvalidInput)?;
    Ok(s)
}

/// Refuses pacing that would put the number at risk, saying what is allowed. (The file itself
/// is read as written, so tests can scale every wait down.)
fn check_pacing(p: &PacingSettings) -> std::result::Result<(), String> {
    p.check()?;
    if p.creation_spacing_ms < MIN_CREATION_SPACING_MS {
        return Err("Wait at least 1 minute between two group creations: creating groups quickly from one number gets it banned. The providers advise 5 minutes.".into());
    }
    if p.add_jitter_min_ms < MIN_ADD_WAIT_MS || p.add_jitter_max_ms > MAX_ADD_WAIT_MS {
        return Err("The wait between two adds must be between 1 and 120 seconds. The providers advise 3 to 10 seconds.".into());
    }
    if p.daily_creation_limit == 0 || p.daily_creation_limit > MAX_DAILY_LIMIT {
        return Err(format!(
            "The daily limit must be between 1 and {MAX_DAILY_LIMIT} groups per account."
        ));
    }
    Ok(())
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
            skip_update_check: true,
            tour_seen: true,
            pacing: PacingSettings {
                creation_spacing_ms: 600_000,
                add_jitter_min_ms: 4_000,
                add_jitter_max_ms: 12_000,
                daily_creation_limit: 5,
            },
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
            skip_update_check: false,
            tour_seen: false,
            pacing: PacingSettings::default(),
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

    #[test]
    fn an_older_file_without_pacing_gets_the_ban_safe_defaults() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(settings_path(dir.path()), br#"{"country":"BR"}"#).unwrap();
        let s = load(dir.path());
        assert_eq!(s.pacing, PacingSettings::default());
        assert_eq!(s.pacing.creation_spacing_ms, 5 * 60 * 1000);
    }

    #[test]
    fn pacing_that_risks_the_number_is_refused_with_what_is_allowed() {
        let with = |pacing: PacingSettings| {
            clean(Settings {
                pacing,
                ..Settings::default()
            })
            .map_err(|e| e.to_string())
        };
        let d = PacingSettings::default();
        assert!(with(d).is_ok());
        let fast = with(PacingSettings {
            creation_spacing_ms: 30_000,
            ..d
        })
        .unwrap_err();
        assert!(fast.contains("at least 1 minute"), "{fast}");
        let jitter = with(PacingSettings {
            add_jitter_min_ms: 500,
            ..d
        })
        .unwrap_err();
        assert!(jitter.contains("between 1 and 120 seconds"), "{jitter}");
        let upside_down = with(PacingSettings {
            add_jitter_min_ms: 9_000,
            add_jitter_max_ms: 4_000,
            ..d
        });
        assert!(upside_down.is_err());
        for limit in [0, 101] {
            let e = with(PacingSettings {
                daily_creation_limit: limit,
                ..d
            })
            .unwrap_err();
            assert!(e.contains("between 1 and 100"), "{e}");
        }
    }
}
