//! In-app updates through tauri-plugin-updater: the app asks the release manifest
//! (`plugins.updater.endpoints` in tauri.conf.json, `latest.json` on the GitHub release) whether a
//! newer version exists, tells the user in one line, and on "Install and restart" downloads the
//! installer, checks its minisign signature against the public key built into the app, installs
//! it and restarts. A version that is not newer is never offered; a download whose signature does
//! not verify, or whose signature was made for another version, is never installed (the plugin
//! enforces both; the tests below hold it to that against a loopback server).
//!
//! Settings → "Check for updates" turns the check off (`Settings::skip_update_check`), for
//! offices whose IT deploys versions itself.

use std::sync::Mutex;

use serde::Serialize;
use tauri::{AppHandle, Manager, Runtime, State};
use tauri_plugin_updater::{Update, UpdaterExt};

use crate::error::{ErrorKind, UiError};
use crate::state::AppState;

/// A newer version the user can install, as the UI shows it ("GroupDrop 0.2.0 is available").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AvailableUpdate {
    pub version: String,
    pub current_version: String,
    /// The release notes from the manifest, if any (shown as a tooltip, not parsed).
    pub notes: Option<String>,
}

/// The update found by the last check, kept for "Install" (Tauri managed state).
#[derive(Default)]
pub struct PendingUpdate(Mutex<Option<Update>>);

impl PendingUpdate {
    fn set(&self, update: Option<Update>) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = update;
    }
    fn take(&self) -> Option<Update> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).take()
    }
}

/// What the user reads when the check or the download fails: the cause goes to the log only (it
/// may hold URLs and TLS detail), and the app keeps working.
const CHECK_FAILED: &str =
    "GroupDrop could not check for a new version. It keeps working; it will try again next time.";
const INSTALL_FAILED: &str = "The new version could not be installed. Download it from the GroupDrop website and run the installer.";

impl From<&Update> for AvailableUpdate {
    fn from(u: &Update) -> Self {
        AvailableUpdate {
            version: u.version.clone(),
            current_version: u.current_version.clone(),
            notes: u.body.clone().filter(|n| !n.trim().is_empty()),
        }
    }
}

/// Asks the configured endpoint for a newer version. `Ok(None)`: up to date (or the manifest
/// names an older or equal version, which is never offered).
pub async fn check<R: Runtime>(
    app: &AppHandle<R>,
    configure: impl FnOnce(
        tauri_plugin_updater::UpdaterBuilder,
    ) -> tauri_plugin_updater::Result<tauri_plugin_updater::UpdaterBuilder>,
) -> tauri_plugin_updater::Result<Option<Update>> {
    let builder = configure(app.updater_builder())?;
    builder.build()?.check().await
}

/// Set (to anything) to never ask the update server: tests, kiosks, machines without internet.
pub const SKIP_ENV: &str = "GROUPDROP_SKIP_UPDATE_CHECK";

/// Only release builds ask: a development build (`scripts/run`, the end-to-end tests) is not a
/// version anyone publishes, and tests must not reach the internet.
fn checks_allowed(skip_env: bool) -> bool {
    !skip_env && !cfg!(debug_assertions)
}

/// Checks for a newer version unless the user turned checks off in Settings.
#[tauri::command]
#[specta::specta]
pub async fn check_update<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    pending: State<'_, PendingUpdate>,
) -> Result<Option<AvailableUpdate>, UiError> {
    if state.settings().skip_update_check || !checks_allowed(std::env::var_os(SKIP_ENV).is_some()) {
        return Ok(None);
    }
    match check(&app, Ok).await {
        Ok(update) => {
            let shown = update.as_ref().map(AvailableUpdate::from);
            if let Some(u) = &shown {
                tracing::info!("update available: {} -> {}", u.current_version, u.version);
            }
            pending.set(update);
            Ok(shown)
        }
        Err(e) => {
            tracing::warn!("update check failed: {e}");
            Err(UiError::new(ErrorKind::Network, CHECK_FAILED))
        }
    }
}

/// Downloads the update found by the last check, verifies its signature, installs it and
/// restarts GroupDrop. Refused while a group is being created.
#[tauri::command]
#[specta::specta]
pub async fn install_update<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    pending: State<'_, PendingUpdate>,
) -> Result<(), UiError> {
    if state.running_job().is_some() {
        return Err(UiError::new(
            ErrorKind::JobRunning,
            "A group is being created. Install the update when it has finished.",
        ));
    }
    let Some(update) = pending.take() else {
        return Err(UiError::not_found(
            "There is no update to install. Check again later.",
        ));
    };
    tracing::info!("installing update {}", update.version);
    if let Err(e) = update.download_and_install(|_, _| {}, || {}).await {
        tracing::error!("update {} not installed: {e}", update.version);
        return Err(UiError::new(ErrorKind::Network, INSTALL_FAILED));
    }
    app.restart()
}

/// Registers the plugin and the state the commands need.
pub fn plugin<R: Runtime>() -> tauri::plugin::TauriPlugin<R, tauri_plugin_updater::Config> {
    tauri_plugin_updater::Builder::new().build()
}

/// Called from `setup`: the managed state for the pending update.
pub fn manage<R: Runtime>(app: &tauri::App<R>) {
    app.manage(PendingUpdate::default());
}

#[cfg(test)]
mod tests {
    //! The real plugin in Tauri's mock runtime against a loopback manifest server, with
    //! signatures made by `tauri signer sign` (fixtures/updater/README.md): what is offered and
    //! what is refused is the plugin's own decision, not a re-implementation.
    use super::*;
    use serde_json::json;
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src-tauri/fixtures/updater");
    const TARGET: &str = "test-x86_64";

    fn fixture(name: &str) -> String {
        std::fs::read_to_string(format!("{FIXTURES}/{name}"))
            .unwrap()
            .trim()
            .to_string()
    }

    fn artifact() -> Vec<u8> {
        std::fs::read(format!("{FIXTURES}/GroupDrop_9.1.0.AppImage.tar.gz")).unwrap()
    }

    /// A mock app at `current` whose updater trusts the fixtures' test key and may use http on
    /// loopback (the shipped config allows neither).
    fn app(current: &str) -> tauri::App<tauri::test::MockRuntime> {
        let mut context = tauri::test::mock_context(tauri::test::noop_assets());
        context.config_mut().plugins.0.insert(
            "updater".into(),
            json!({
                "pubkey": fixture("test.key.pub"),
                "endpoints": ["http://127.0.0.1:9/latest.json"],
                "dangerousInsecureTransportProtocol": true,
                "requireSignedVersion": true,
            }),
        );
        context.package_info_mut().version = current.parse().unwrap();
        tauri::test::mock_builder()
            .plugin(plugin())
            .build(context)
            .unwrap()
    }

    /// Serves `latest.json` announcing `version` with `signature`, and the artifact.
    async fn server(version: &str, signature: &str) -> MockServer {
        let server = MockServer::start().await;
        let manifest = json!({
            "version": version,
            "notes": "Faster preview of big files",
            "pub_date": "2026-12-01T12:00:00Z",
            "platforms": { TARGET: { "signature": signature, "url": format!("{}/GroupDrop.AppImage.tar.gz", server.uri()) } }
        });
        Mock::given(method("GET"))
            .and(path("/latest.json"))
            .respond_with(ResponseTemplate::new(200).set_body_json(manifest))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/GroupDrop.AppImage.tar.gz"))
            .respond_with(ResponseTemplate::new(200).set_body_bytes(artifact()))
            .mount(&server)
            .await;
        server
    }

    async fn check_against(
        app: &tauri::App<tauri::test::MockRuntime>,
        server: &MockServer,
    ) -> Option<Update> {
        let url = format!("{}/latest.json", server.uri()).parse().unwrap();
        check(app.handle(), |b| {
            b.endpoints(vec![url]).map(|b| b.target(TARGET))
        })
        .await
        .expect("the check itself works")
    }

    #[tokio::test]
    async fn a_newer_signed_version_is_offered_and_its_download_verifies() {
        let app = app("0.1.0");
        let server = server("9.1.0", &fixture("good.sig")).await;
        let update = check_against(&app, &server)
            .await
            .expect("9.1.0 is offered");
        let shown = AvailableUpdate::from(&update);
        assert_eq!(
            shown,
            AvailableUpdate {
                version: "9.1.0".into(),
                current_version: "0.1.0".into(),
                notes: Some("Faster preview of big files".into()),
            }
        );
        let bytes = update
            .download(|_, _| {}, || {})
            .await
            .expect("signature verifies");
        assert_eq!(bytes, artifact());
    }

    #[tokio::test]
    async fn an_older_or_equal_version_is_not_offered() {
        let server = server("9.1.0", &fixture("good.sig")).await;
        assert!(check_against(&app("9.1.0"), &server).await.is_none());
        assert!(check_against(&app("10.0.0"), &server).await.is_none());
    }

    #[tokio::test]
    async fn a_bad_signature_is_refused_before_anything_is_installed() {
        for sig in ["other-key.sig", "other-file.sig", "wrong-version.sig"] {
            let app = app("0.1.0");
            let server = server("9.1.0", &fixture(sig)).await;
            let update = check_against(&app, &server)
                .await
                .expect("offered: only the download is signed");
            let err = update
                .download(|_, _| {}, || {})
                .await
                .expect_err(&format!("{sig} must be refused"));
            assert!(
                matches!(
                    err,
                    tauri_plugin_updater::Error::Minisign(_)
                        | tauri_plugin_updater::Error::SignedVersionMismatch { .. }
                ),
                "{sig}: {err:?}"
            );
            // And `install` re-verifies: a tampered cached download is refused too.
            assert!(update.install(b"not the signed bytes").is_err(), "{sig}");
        }
    }

    #[test]
    fn no_check_from_development_builds_or_when_the_environment_says_so() {
        assert!(!checks_allowed(true));
        assert_eq!(checks_allowed(false), !cfg!(debug_assertions));
    }

    #[tokio::test]
    async fn the_shipped_config_has_a_key_and_an_https_endpoint() {
        let conf: serde_json::Value = serde_json::from_str(include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tauri.conf.json"
        )))
        .unwrap();
        let updater = &conf["plugins"]["updater"];
        assert!(updater["pubkey"].as_str().is_some_and(|k| k.len() > 100));
        let endpoints = updater["endpoints"].as_array().unwrap();
        assert!(!endpoints.is_empty());
        assert!(endpoints
            .iter()
            .all(|e| e.as_str().unwrap().starts_with("https://")));
        assert!(updater.get("dangerousInsecureTransportProtocol").is_none());
    }
}
