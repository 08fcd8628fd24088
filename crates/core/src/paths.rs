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

/// Creates `dir` (and parents) if missing, readable by the user only: the history holds people's
/// phone numbers and names. Folders GroupDrop creates get 0700; an existing folder is tightened only
/// when it is GroupDrop's own ([`APP_IDENTIFIER`]), never a folder the user pointed us at
/// (`GROUPDROP_DATA_DIR=/tmp` must not lock others out of /tmp).
pub fn ensure_data_dir(dir: &Path) -> Result<()> {
    let fail = |e: std::io::Error| CoreError::DataDir {
        path: dir.to_path_buf(),
        detail: e.to_string(),
    };
    #[cfg(unix)]
    let existed = dir.is_dir();
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir).map_err(fail)?;
    #[cfg(unix)]
    if existed && dir.file_name() == Some(std::ffi::OsStr::new(APP_IDENTIFIER)) {
        make_private(dir, 0o700).map_err(fail)?;
    }
    Ok(())
}

/// Sets `path`'s mode to `mode` when it allows more (group/other bits); a no-op off Unix, where
/// the per-user profile folders are already private.
pub fn make_private(path: &Path, mode: u32) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let current = std::fs::metadata(path)?.permissions().mode() & 0o777;
        if current & !mode != 0 {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))?;
        }
    }
    #[cfg(not(unix))]
    let _ = (path, mode);
    Ok(())
}

/// Creates the file at `path` if missing with mode 0600, or tightens an existing one, before
/// SQLite opens it: SQLite gives its `-wal` and `-shm` files the database file's mode.
pub fn ensure_private_file(path: &Path) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)?;
    make_private(path, 0o600)
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

    #[cfg(unix)]
    fn mode(p: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(p).unwrap().permissions().mode() & 0o777
    }

    #[cfg(unix)]
    #[test]
    fn data_dirs_groupdrop_creates_are_private_and_a_users_folder_is_left_alone() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let ours = tmp.path().join("share").join(APP_IDENTIFIER);
        ensure_data_dir(&ours).unwrap();
        assert_eq!(mode(&ours), 0o700);
        // Our own folder, left open by an older version: tightened.
        std::fs::set_permissions(&ours, std::fs::Permissions::from_mode(0o755)).unwrap();
        ensure_data_dir(&ours).unwrap();
        assert_eq!(mode(&ours), 0o700);
        // A folder the user chose (GROUPDROP_DATA_DIR): not ours to lock.
        let shared = tmp.path().join("shared");
        std::fs::create_dir(&shared).unwrap();
        std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o755)).unwrap();
        ensure_data_dir(&shared).unwrap();
        assert_eq!(mode(&shared), 0o755);
        // A file: created 0600, an existing 0644 one tightened.
        let f = ours.join("x.sqlite3");
        ensure_private_file(&f).unwrap();
        assert_eq!(mode(&f), 0o600);
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o644)).unwrap();
        ensure_private_file(&f).unwrap();
        assert_eq!(mode(&f), 0o600);
    }

    #[test]
    fn history_db_is_in_the_data_dir() {
        assert_eq!(
            history_db(Path::new("/d")),
            PathBuf::from("/d/history.sqlite3")
        );
    }
}
