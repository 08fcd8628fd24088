// Shared by build.rs (AppManifest → one `allow-<command>` permission each) and the app (a unit
// test checks this list equals the commands the specta builder registers, and that
// capabilities/default.json grants each one). Plain Rust so build.rs can `include!` it.

/// Every app command, in snake_case.
pub const APP_COMMANDS: &[&str] = &[
    "startup_file",
    "import_file",
    "countries",
    "list_accounts",
    "keyring_status",
    "save_account",
    "update_account",
    "remove_account",
    "test_account",
    "account_usage",
    "plan_job",
    "start_job",
    // issue 12: checked before sending
    "check_cost",
    "check_numbers",
    "cancel_job",
    "resume_job",
    "running_job",
    "confirm_close",
    "list_history",
    "show_job",
    "export_rejected",
    "export_links",
    "invite_qr",
    "get_settings",
    "save_settings",
    // issue 16: updates and help
    "check_update",
    "install_update",
    "diagnostics",
    "open_log_folder",
];
