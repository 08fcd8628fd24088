//! Turns a saved account (metadata from groupdrop-core, secrets from the keyring) into a ready
//! provider client from groupdrop-providers.
//!
//! A thin adapter: neither crate has an "account → client" function yet (the CLI builds its
//! clients from the environment). It only moves named secrets into the provider's config; the
//! environment's base-URL overrides (`GROUPDROP_*_BASE_URL`, used by the end-to-end tests against
//! a loopback server) apply first, then an account's own saved base URL.

use std::path::Path;

use groupdrop_core::accounts::{
    Account, AccountSecrets, API_KEY, CLIENT_TOKEN, INSTANCE_ID, INSTANCE_TOKEN, TOKEN,
};
use groupdrop_providers::{
    AnyProvider, EazyBeConfig, PracticeConfig, ProviderConfig, ProviderError, ProviderKind,
    TwoChatConfig, ZapiConfig,
};
use secrecy::SecretString;

/// The built-in practice account's id in the UI. Real accounts come from SQLite and start at 1.
pub const PRACTICE_ACCOUNT_ID: u32 = 0;

/// Its label in history rows.
pub const PRACTICE_ACCOUNT_LABEL: &str = "Practice";

/// The practice provider, keeping its pretend groups in the data dir.
pub fn practice(data_dir: &Path) -> AnyProvider {
    AnyProvider::from_config(ProviderConfig::Practice(PracticeConfig::new(data_dir)))
        .expect("the practice provider has no HTTP client to fail")
}

fn secret(secrets: &AccountSecrets, name: &str, what: &str) -> Result<SecretString, ProviderError> {
    secrets.get(name).cloned().ok_or_else(|| {
        ProviderError::Config(format!(
            "The {what} of this account is missing. Open Accounts, remove the account and add it again."
        ))
    })
}

/// The client for a saved account.
pub fn for_account(
    account: &Account,
    secrets: &AccountSecrets,
    data_dir: &Path,
) -> Result<AnyProvider, ProviderError> {
    let base = account.settings.base_url.as_deref();
    let config = match account.provider {
        ProviderKind::EazyBe => {
            let mut c = EazyBeConfig::new(secret(secrets, TOKEN, "EazyBe organisation token")?)
                .with_env_base_url()?;
            if let Some(url) = base {
                c = c.with_base_url(url)?;
            }
            ProviderConfig::EazyBe(c)
        }
        ProviderKind::TwoChat => {
            let mut c = TwoChatConfig::new(secret(secrets, API_KEY, "2Chat API key")?)
                .with_env_base_url()?;
            if let Some(from) = account.settings.from_number.as_deref() {
                c = c.with_from_number(from)?;
            }
            if let Some(url) = base {
                c = c.with_base_url(url)?;
            }
            ProviderConfig::TwoChat(c)
        }
        ProviderKind::Zapi => {
            let mut c = ZapiConfig::new(
                secret(secrets, INSTANCE_ID, "Z-API instance ID")?,
                secret(secrets, INSTANCE_TOKEN, "Z-API instance token")?,
                secret(secrets, CLIENT_TOKEN, "Z-API client token")?,
            )
            .with_env_base_url()?;
            if let Some(url) = base {
                c = c.with_base_url(url)?;
            }
            ProviderConfig::Zapi(c)
        }
        ProviderKind::Practice => ProviderConfig::Practice(PracticeConfig::new(data_dir)),
    };
    AnyProvider::from_config(config)
}

#[cfg(test)]
mod tests {
    use super::*;
    use groupdrop_core::accounts::AccountSettings;
    use groupdrop_providers::Provider;

    fn account(provider: ProviderKind) -> Account {
        Account {
            id: 3,
            provider,
            label: "Office".into(),
            settings: AccountSettings {
                from_number: Some("+595981048477".into()),
                base_url: None,
            },
            created_at: 0,
        }
    }

    #[test]
    fn builds_each_provider_from_its_named_secrets() {
        let dir = tempfile::tempdir().unwrap();
        let two = for_account(
            &account(ProviderKind::TwoChat),
            &AccountSecrets::new().with(API_KEY, "k"),
            dir.path(),
        )
        .unwrap();
        assert_eq!(two.kind(), ProviderKind::TwoChat);
        let z = for_account(
            &account(ProviderKind::Zapi),
            &AccountSecrets::new()
                .with(INSTANCE_ID, "i")
                .with(INSTANCE_TOKEN, "t")
                .with(CLIENT_TOKEN, "c"),
            dir.path(),
        )
        .unwrap();
        assert_eq!(z.kind(), ProviderKind::Zapi);
        assert_eq!(practice(dir.path()).kind(), ProviderKind::Practice);
    }

    #[test]
    fn a_missing_secret_says_what_to_do_and_never_echoes_others() {
        let dir = tempfile::tempdir().unwrap();
        let e = for_account(
            &account(ProviderKind::Zapi),
            &AccountSecrets::new().with(INSTANCE_ID, "SECRET-ID-123"),
            dir.path(),
        )
        .unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains("Z-API instance token"), "{msg}");
        assert!(msg.contains("add it again"), "{msg}");
        assert!(!msg.contains("SECRET-ID-123"));
    }
}
