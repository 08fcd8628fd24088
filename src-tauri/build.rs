//! Build script: tauri-build generates the context (config, icons, ACL) and, through `AppManifest`,
//! one `allow-<command>` permission per app command, so the capability file can grant the `main`
//! window exactly the commands the UI uses (style guide §4). The list is shared with the app through
//! `commands/names.rs`; a unit test checks it matches the commands the specta builder registers.

include!("commands/names.rs");

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(APP_COMMANDS)),
    )
    .expect("tauri-build failed: check tauri.conf.json and capabilities/");
}
