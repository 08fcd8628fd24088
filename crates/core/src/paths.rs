//! Where GroupDrop keeps its data. The CLI and the app must agree, so both come here.

use crate::error::{CoreError, Result};
use std::path::{Path, PathBuf};

/// Tauri's bundle identifier: `app_data_dir()` is `dirs::data_dir()/<identifier>`, so using the same
/// folder lets the CLI and the app share one history.
pub const APP_IDENTIFIER: &str = "dev.groupdrop.app";

/// The history database's file name inside the data dir.
pub const HISTORY_DB: &str = "history.sqlite3";

/// `GROUPDROP_DATA_DIR` when set (tests, portable installs), else the OS data dir +
/// [`APP_IDENTIFIER`]. Not created here; [`ensure_data_dir`] does that.
pub fn data_dir() -> Result<PathBuf> {
    data_dir_from(std::env::var_os("GROUPDROP_DATA_DIR").map(PathBuf::from))
}

fn data_dir_from(env: Option<PathBuf>) -> Result<PathBuf> {
    if let Some(dir) = env.filter(|d| !d.as_os_str().is_empty()) {
        return Ok(dir);
    }
    dirs::data_dir()
        .map(|d| d.join(APP_IDENTIFIER))
        .ok_or_else(|| CoreError::DataDir {
            path: PathBuf::from("(unknown)"),
            detail: "this system reports no per-user data folder".into(),
        })
}

/// Creates `dir` (and parents) if missing.
pub fn ensure_data_dir(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| CoreError::DataDir {
        path: dir.to_path_buf(),
        detail: e.to_string(),
    })
}

/// The history database inside `dir`.
pub fn history_db(dir: &Path) -> PathBuf {
    dir.join(HISTORY_DB)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_override_wins_and_empty_is_ignored() {
        assert_eq!(
            data_dir_from(Some(PathBuf::from("/x/y"))).unwrap(),
            PathBuf::from("/x/y")
        );
        let default = data_dir_from(Some(PathBuf::new())).unwrap();
        assert!(default.ends_with(APP_IDENTIFIER), "{default:?}");
        assert_eq!(default, dirs::data_dir().unwrap().join(APP_IDENTIFIER));
    }

    #[test]
    fn history_db_is_in_the_data_dir() {
        assert_eq!(
            history_db(Path::new("/d")),
            PathBuf::from("/d/history.sqlite3")
        );
    }
}
