//! What differs per OS at the edges of the app, kept in one place so it can be read (and its
//! portable parts tested) on Linux:
//!
//! - **Files opened from the OS.** Windows and Linux start the app (or hand a second launch to the
//!   running one through single-instance) with the file in argv (`launch::file_from_args`). macOS
//!   never does: Finder's "Open with", a double-click on an associated file or a drop on the Dock
//!   icon arrive as an Apple Event, which Tauri turns into `RunEvent::Opened { urls }` — at launch
//!   as well as later. [`on_run_event`] takes the first file URL and hands it to the UI the same
//!   way a second launch does, and keeps it as the startup file in case the UI is not listening yet.
//! - **Keyring stores** (keyring 4's defaults, no code here): Secret Service on Linux, the login
//!   Keychain on macOS, Credential Manager on Windows — `groupdrop_core` picks none by hand.
//! - **Paths**: history and settings live in the platform data dir (`groupdrop_core::paths`:
//!   `~/.local/share`, `~/Library/Application Support`, `%APPDATA%`) + `dev.groupdrop.app`; logs in
//!   Tauri's `app_log_dir()` (`~/.local/share/…/logs`, `~/Library/Logs/…`, `%LOCALAPPDATA%\…\logs`).
//! - **Single instance**: tauri-plugin-single-instance uses D-Bus on Linux, a named mutex + window
//!   message on Windows, and on macOS the OS itself keeps one instance per app bundle (Opened
//!   events go to the running one).

use std::path::PathBuf;

use tauri::{AppHandle, Manager, RunEvent, Runtime};
use tauri_specta::Event;

use crate::events::FileOpened;
use crate::state::AppState;

/// The first `file://` URL as a local path (other schemes — a deep link — are not files).
pub fn opened_file(urls: &[tauri::Url]) -> Option<PathBuf> {
    urls.iter()
        .filter(|u| u.scheme() == "file")
        .find_map(|u| u.to_file_path().ok())
}

/// Hands a file the OS asked us to open to the UI: as the startup file if the UI has not asked for
/// it yet, and as a `FileOpened` event for a UI that is already running.
pub fn open_from_os<R: Runtime>(app: &AppHandle<R>, path: PathBuf) {
    let path = path.to_string_lossy().into_owned();
    if let Some(state) = app.try_state::<AppState>() {
        state.offer_startup_file(path.clone());
    }
    emit_opened(app, path);
}

fn emit_opened<R: Runtime>(app: &AppHandle<R>, path: String) {
    if let Err(e) = (FileOpened { path }).emit(app) {
        tracing::warn!("could not forward the opened file: {e}");
    }
}

/// The app's run loop hook (`App::run`).
pub fn on_run_event<R: Runtime>(app: &AppHandle<R>, event: RunEvent) {
    #[cfg(any(target_os = "macos", target_os = "ios"))]
    if let RunEvent::Opened { urls } = &event {
        if let Some(path) = opened_file(urls) {
            open_from_os(app, path);
        }
    }
    let _ = (app, event);
}

/// Everything GroupDrop writes holds people's numbers and names (history, logs, settings, the
/// exports a user saves): on Unix it is created readable by the user only (umask 077), whatever the
/// desktop session's umask. Called first thing in [`crate::run`], before any thread starts.
pub fn private_files() {
    #[cfg(unix)]
    // SAFETY: umask only sets the process's file-creation mask; it cannot fail.
    unsafe {
        libc::umask(0o077);
    }
}

/// Tightens a log folder an older GroupDrop left open (0755 folder, 0644 files): new files are
/// private through [`private_files`], old ones are made so here.
pub fn private_log_folder(dir: &std::path::Path) {
    use groupdrop_core::paths::make_private;
    if !dir.is_dir() {
        return;
    }
    if let Err(e) = make_private(dir, 0o700) {
        tracing::warn!("could not make the log folder private: {e}");
    }
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        if entry.path().is_file() {
            let _ = make_private(&entry.path(), 0o600);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> tauri::Url {
        s.parse().unwrap()
    }

    #[test]
    fn the_first_file_url_is_the_file() {
        #[cfg(not(windows))]
        let (u, want) = (
            "file:///Users/ana/Desktop/Contatos%20da%20turma.csv",
            "/Users/ana/Desktop/Contatos da turma.csv",
        );
        #[cfg(windows)]
        let (u, want) = (
            "file:///C:/Users/ana/Desktop/Contatos%20da%20turma.csv",
            r"C:\Users\ana\Desktop\Contatos da turma.csv",
        );
        assert_eq!(
            opened_file(&[url("groupdrop://open"), url(u), url("file:///tmp/b.csv")]),
            Some(PathBuf::from(want))
        );
    }

    #[test]
    fn no_file_url_means_no_file() {
        assert_eq!(opened_file(&[]), None);
        assert_eq!(opened_file(&[url("https://chat.whatsapp.com/x")]), None);
    }

    #[test]
    fn a_file_opened_before_the_ui_asked_becomes_the_startup_file_once() {
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::new(dir.path().to_path_buf(), None);
        state.offer_startup_file("/tmp/lista.xlsx".into());
        // A second Apple Event before the UI asked does not replace the first file.
        state.offer_startup_file("/tmp/other.csv".into());
        assert_eq!(
            state.take_startup_file().as_deref(),
            Some("/tmp/lista.xlsx")
        );
        assert_eq!(state.take_startup_file(), None);
        // argv's file (Windows/Linux) stays first too.
        let state = AppState::new(
            dir.path().to_path_buf(),
            Some(PathBuf::from("/tmp/argv.csv")),
        );
        state.offer_startup_file("/tmp/event.csv".into());
        assert_eq!(state.take_startup_file().as_deref(), Some("/tmp/argv.csv"));
    }
}
