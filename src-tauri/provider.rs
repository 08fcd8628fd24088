//! The built-in practice account. Saved accounts become clients through
//! `groupdrop_core::accounts::Accounts::provider_config`, shared with the CLI.

use std::path::Path;

use groupdrop_providers::{AnyProvider, PracticeConfig, ProviderConfig};

/// The built-in practice account's id in the UI. Real accounts come from SQLite and start at 1.
pub const PRACTICE_ACCOUNT_ID: u32 = 0;

/// Its label in history rows.
pub const PRACTICE_ACCOUNT_LABEL: &str = "Practice";

/// The practice provider, keeping its pretend groups in the data dir.
pub fn practice(data_dir: &Path) -> AnyProvider {
    AnyProvider::from_config(ProviderConfig::Practice(PracticeConfig::new(data_dir)))
        .expect("the practice provider has no HTTP client to fail")
}

#[cfg(test)]
mod tests {
    use super::*;
    use groupdrop_providers::{Provider, ProviderKind};

    #[test]
    fn the_practice_client_is_always_there() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(practice(dir.path()).kind(), ProviderKind::Practice);
    }
}
