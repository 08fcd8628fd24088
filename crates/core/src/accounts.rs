//! Provider accounts, shared by the app and the CLI: the harmless part (provider, label, chosen
//! 2Chat number, base URL override) in the history database, the secrets in the OS keyring.
//!
//! Secrets never touch a file GroupDrop writes. When there is no keyring, saving fails with a
//! message saying how to get one; there is deliberately no plain-file fallback, because a token
//! in a dotfile is exactly what an office PC leaks in a backup or a shared folder.

use crate::error::{CoreError, Result, KEYRING_HINT};
use crate::history::{now_ms, History};
use crate::redact::Redactor;
use groupdrop_providers::{
    EazyBeConfig, PracticeConfig, ProviderConfig, ProviderKind, TwoChatConfig, ZapiConfig,
};
use rusqlite::{params, OptionalExtension};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Mutex;

/// The keyring service every entry lives under (the app's bundle identifier).
pub const KEYRING_SERVICE: &str = crate::paths::APP_IDENTIFIER;

/// Secret names, per provider. EazyBe: [`TOKEN`]. 2Chat: [`API_KEY`]. Z-API: [`INSTANCE_ID`],
/// [`INSTANCE_TOKEN`], [`CLIENT_TOKEN`].
pub const TOKEN: &str = "token";
pub const API_KEY: &str = "api_key";
pub const INSTANCE_ID: &str = "instance_id";
pub const INSTANCE_TOKEN: &str = "instance_token";
pub const CLIENT_TOKEN: &str = "client_token";

/// The keyring user name of an account's entry.
pub fn keyring_user(account_id: i64) -> String {
    format!("account:{account_id}")
}

/// Non-secret settings.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct AccountSettings {
    /// 2Chat: the connected number to send from (`+E164`). Z-API: the number connected to the
    /// instance (typed in, or saved by Test connection from `/device`), never sent as a member.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_number: Option<String>,
    /// Replaces the provider's scheme+host (a proxy, or a test server).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_url: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Account {
    pub id: i64,
    pub provider: ProviderKind,
    pub label: String,
    pub settings: AccountSettings,
    pub created_at: i64,
}

/// An account's secrets by name. `Debug` prints names only.
#[derive(Clone, Default)]
pub struct AccountSecrets(BTreeMap<String, SecretString>);

impl std::fmt::Debug for AccountSecrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set().entries(self.0.keys()).finish()
    }
}

impl AccountSecrets {
    pub fn new() -> Self {
        AccountSecrets::default()
    }

    pub fn with(mut self, name: &str, value: impl Into<String>) -> Self {
        self.insert(name, value);
        self
    }

    /// Adds `value` unless it is blank (an optional secret the user left empty).
    pub fn with_optional(mut self, name: &str, value: impl Into<String>) -> Self {
        let value = value.into();
        if !value.trim().is_empty() {
            self.insert(name, value.trim().to_string());
        }
        self
    }

    pub fn insert(&mut self, name: &str, value: impl Into<String>) {
        self.0
            .insert(name.to_string(), SecretString::from(value.into()));
    }

    pub fn get(&self, name: &str) -> Option<&SecretString> {
        self.0.get(name)
    }

    /// Every secret value, for the engine's redactor.
    pub fn values(&self) -> impl Iterator<Item = SecretString> + '_ {
        self.0.values().cloned()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The keyring value: a JSON object of name → secret.
    fn to_json(&self) -> SecretString {
        let map: BTreeMap<&str, &str> = self
            .0
            .iter()
            .map(|(k, v)| (k.as_str(), v.expose_secret()))
            .collect();
        SecretString::from(serde_json::to_string(&map).unwrap_or_default())
    }

    fn from_json(json: &str) -> Option<AccountSecrets> {
        let map: BTreeMap<String, String> = serde_json::from_str(json).ok()?;
        Some(AccountSecrets(
            map.into_iter()
                .map(|(k, v)| (k, SecretString::from(v)))
                .collect(),
        ))
    }
}

/// Where secrets live. The keyring in the product; memory in unit tests.
pub trait SecretStore: Send + Sync {
    fn save(&self, account_id: i64, secrets: &AccountSecrets) -> Result<()>;
    /// `None` when there is no entry.
    fn load(&self, account_id: i64) -> Result<Option<AccountSecrets>>;
    /// Deleting a missing entry is fine.
    fn delete(&self, account_id: i64) -> Result<()>;
}

/// The OS keyring: Secret Service (GNOME Keyring, KWallet) on Linux, Keychain on macOS,
/// Credential Manager on Windows.
#[derive(Clone, Copy, Debug, Default)]
pub struct KeyringStore;

impl KeyringStore {
    fn entry(account_id: i64) -> Result<keyring::Entry> {
        keyring::Entry::new(KEYRING_SERVICE, &keyring_user(account_id)).map_err(keyring_error)
    }

    /// Whether a keyring is reachable at all, for the app to warn before the user types a token.
    pub fn status() -> Result<()> {
        keyring::Entry::store_status()
            .as_ref()
            .map(|_| ())
            .map_err(|e| keyring_error(clone_err(e)))
    }
}

fn clone_err(e: &keyring::Error) -> keyring::Error {
    // keyring errors are not Clone; keep the message only.
    keyring::Error::BadStoreFormat(e.to_string())
}

impl SecretStore for KeyringStore {
    fn save(&self, account_id: i64, secrets: &AccountSecrets) -> Result<()> {
        Self::entry(account_id)?
            .set_password(secrets.to_json().expose_secret())
            .map_err(keyring_error)
    }

    fn load(&self, account_id: i64) -> Result<Option<AccountSecrets>> {
        match Self::entry(account_id)?.get_password() {
            Ok(json) => {
                AccountSecrets::from_json(&json)
                    .map(Some)
                    .ok_or_else(|| CoreError::Keyring {
                        detail: "the saved entry is not in GroupDrop's format".into(),
                        hint: "Open the account and enter its secrets again.",
                    })
            }
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(keyring_error(e)),
        }
    }

    fn delete(&self, account_id: i64) -> Result<()> {
        match Self::entry(account_id)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(keyring_error(e)),
        }
    }
}

/// Maps keyring errors without ever formatting a value that could hold secret bytes.
fn keyring_error(e: keyring::Error) -> CoreError {
    let detail = match &e {
        keyring::Error::NoDefaultStore => "no keyring service was found".to_string(),
        keyring::Error::NoStorageAccess(_) => "the keyring is locked or refused access".to_string(),
        keyring::Error::PlatformFailure(p) => format!("the keyring service failed: {p}"),
        keyring::Error::BadEncoding(_) | keyring::Error::BadDataFormat(..) => {
            "the saved entry is damaged".to_string()
        }
        keyring::Error::Ambiguous(_) => {
            "the keyring holds two entries for this account".to_string()
        }
        keyring::Error::NoEntry => "no entry".to_string(),
        other => other.to_string(),
    };
    CoreError::Keyring {
        detail,
        hint: KEYRING_HINT,
    }
}

/// Secrets in memory, for tests of everything above the keyring.
#[derive(Default)]
pub struct MemoryStore {
    entries: Mutex<HashMap<i64, String>>,
}

impl SecretStore for MemoryStore {
    fn save(&self, account_id: i64, secrets: &AccountSecrets) -> Result<()> {
        self.lock()
            .insert(account_id, secrets.to_json().expose_secret().to_string());
        Ok(())
    }
    fn load(&self, account_id: i64) -> Result<Option<AccountSecrets>> {
        Ok(self
            .lock()
            .get(&account_id)
            .and_then(|j| AccountSecrets::from_json(j)))
    }
    fn delete(&self, account_id: i64) -> Result<()> {
        self.lock().remove(&account_id);
        Ok(())
    }
}

impl MemoryStore {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<i64, String>> {
        self.entries.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Account metadata in the history database plus secrets in a [`SecretStore`].
pub struct Accounts<'a> {
    history: &'a History,
    store: &'a dyn SecretStore,
}

impl<'a> Accounts<'a> {
    pub fn new(history: &'a History, store: &'a dyn SecretStore) -> Self {
        Accounts { history, store }
    }

    /// Adds an account. The secrets are saved first in the keyring under the new id; if that
    /// fails the row is removed again, so there is never an account without its secrets.
    pub fn add(
        &self,
        provider: ProviderKind,
        label: &str,
        settings: &AccountSettings,
        secrets: &AccountSecrets,
    ) -> Result<Account> {
        let label = clean_label(label)?;
        if self.find(&label)?.is_some() {
            return Err(CoreError::AccountExists(label));
        }
        let created_at = now_ms();
        let settings_json = serde_json::to_string(settings).unwrap_or_else(|_| "{}".into());
        let id = {
            let conn = self.history.conn();
            conn.execute(
                "INSERT INTO accounts (provider, label, settings, created_at) VALUES (?1, ?2, ?3, ?4)",
                params![provider.as_str(), label, settings_json, created_at],
            )
            .map_err(|e| self.history.err(e))?;
            conn.last_insert_rowid()
        };
        if let Err(e) = self.store.save(id, secrets) {
            let conn = self.history.conn();
            let _ = conn.execute("DELETE FROM accounts WHERE id = ?1", [id]);
            return Err(e);
        }
        Ok(Account {
            id,
            provider,
            label,
            settings: settings.clone(),
            created_at,
        })
    }

    pub fn list(&self) -> Result<Vec<Account>> {
        let conn = self.history.conn();
        let mut st = conn
            .prepare("SELECT id, provider, label, settings, created_at FROM accounts ORDER BY label COLLATE NOCASE")
            .map_err(|e| self.history.err(e))?;
        let rows = st
            .query_map([], row_to_account)
            .map_err(|e| self.history.err(e))?;
        let rows: Vec<Option<Account>> = rows
            .collect::<rusqlite::Result<_>>()
            .map_err(|e| self.history.err(e))?;
        Ok(rows.into_iter().flatten().collect())
    }

    /// By label, case-insensitively.
    pub fn find(&self, label: &str) -> Result<Option<Account>> {
        let conn = self.history.conn();
        let row = conn
            .query_row(
                "SELECT id, provider, label, settings, created_at FROM accounts WHERE label = ?1 COLLATE NOCASE",
                [label.trim()],
                row_to_account,
            )
            .optional()
            .map_err(|e| self.history.err(e))?;
        Ok(row.flatten())
    }

    pub fn get(&self, id: i64) -> Result<Option<Account>> {
        let conn = self.history.conn();
        let row = conn
            .query_row(
                "SELECT id, provider, label, settings, created_at FROM accounts WHERE id = ?1",
                [id],
                row_to_account,
            )
            .optional()
            .map_err(|e| self.history.err(e))?;
        Ok(row.flatten())
    }

    /// The account's secrets; [`CoreError::SecretMissing`] if the keyring lost them.
    pub fn secrets(&self, account: &Account) -> Result<AccountSecrets> {
        self.store
            .load(account.id)?
            .ok_or_else(|| CoreError::SecretMissing {
                label: account.label.clone(),
            })
    }

    /// "Saved: yes/no" for the UI, which never sees the values.
    pub fn has_secrets(&self, account: &Account) -> Result<bool> {
        Ok(self.store.load(account.id)?.is_some_and(|s| !s.is_empty()))
    }

    /// A ready-to-use provider configuration for `account` (secrets from the store) and a
    /// redactor holding those secrets for the engine. The practice provider keeps its groups in
    /// `practice_dir` (the data dir). Base URL: the environment's `GROUPDROP_*_BASE_URL` first
    /// (users behind a proxy, loopback tests), then the account's own saved override. The CLI and
    /// the app both build their clients here.
    pub fn provider_config(
        &self,
        account: &Account,
        practice_dir: &Path,
    ) -> Result<(ProviderConfig, Redactor)> {
        if account.provider == ProviderKind::Practice {
            let config = ProviderConfig::Practice(PracticeConfig::new(practice_dir));
            return Ok((config, Redactor::default()));
        }
        let secrets = self.secrets(account)?;
        let need = |name: &str| -> Result<SecretString> {
            secrets
                .get(name)
                .cloned()
                .ok_or_else(|| CoreError::SecretMissing {
                    label: account.label.clone(),
                })
        };
        let base = account.settings.base_url.as_deref();
        let config = match account.provider {
            ProviderKind::EazyBe => {
                let mut c = EazyBeConfig::new(need(TOKEN)?).with_env_base_url()?;
                if let Some(b) = base {
                    c = c.with_base_url(b)?;
                }
                ProviderConfig::EazyBe(c)
            }
            ProviderKind::TwoChat => {
                let mut c = TwoChatConfig::new(need(API_KEY)?).with_env_base_url()?;
                if let Some(b) = base {
                    c = c.with_base_url(b)?;
                }
                if let Some(n) = &account.settings.from_number {
                    c = c.with_from_number(n)?;
                }
                ProviderConfig::TwoChat(c)
            }
            ProviderKind::Zapi => {
                // The account security token is optional until it is activated in the Z-API
                // panel; an account saved without one sends no Client-Token.
                let client = secrets
                    .get(CLIENT_TOKEN)
                    .cloned()
                    .unwrap_or_else(|| SecretString::from(String::new()));
                let mut c = ZapiConfig::new(need(INSTANCE_ID)?, need(INSTANCE_TOKEN)?, client)
                    .with_env_base_url()?;
                if let Some(n) = &account.settings.from_number {
                    // For Z-API the same setting holds the connected number (typed in the form
                    // or saved by Test connection): it is never sent as a member.
                    c = c.with_own_number(n)?;
                }
                if let Some(b) = base {
                    c = c.with_base_url(b)?;
                }
                ProviderConfig::Zapi(c)
            }
            ProviderKind::Practice => unreachable!("handled above"),
        };
        Ok((config, Redactor::new(secrets.values())))
    }

    pub fn set_secrets(&self, account: &Account, secrets: &AccountSecrets) -> Result<()> {
        self.store.save(account.id, secrets)
    }

    pub fn rename(&self, account: &Account, label: &str) -> Result<Account> {
        let label = clean_label(label)?;
        if let Some(other) = self.find(&label)? {
            if other.id != account.id {
                return Err(CoreError::AccountExists(label));
            }
        }
        let conn = self.history.conn();
        conn.execute(
            "UPDATE accounts SET label = ?2 WHERE id = ?1",
            params![account.id, label],
        )
        .map_err(|e| self.history.err(e))?;
        Ok(Account {
            label,
            ..account.clone()
        })
    }

    /// After a successful "Test connection" of a Z-API account: keeps the connected number
    /// Z-API reported (`/device`) with the account, so later runs know which number never to
    /// send even when `/device` does not answer. Returns the account as saved.
    pub fn remember_connected_number(
        &self,
        account: &Account,
        check: &groupdrop_providers::AccountCheck,
    ) -> Result<Account> {
        match (&account.provider, &check.own_number) {
            (ProviderKind::Zapi, Some(own))
                if account.settings.from_number.as_deref() != Some(own.as_str()) =>
            {
                let settings = AccountSettings {
                    from_number: Some(own.clone()),
                    ..account.settings.clone()
                };
                self.update_settings(account, &settings)
            }
            _ => Ok(account.clone()),
        }
    }

    pub fn update_settings(
        &self,
        account: &Account,
        settings: &AccountSettings,
    ) -> Result<Account> {
        let json = serde_json::to_string(settings).unwrap_or_else(|_| "{}".into());
        let conn = self.history.conn();
        conn.execute(
            "UPDATE accounts SET settings = ?2 WHERE id = ?1",
            params![account.id, json],
        )
        .map_err(|e| self.history.err(e))?;
        Ok(Account {
            settings: settings.clone(),
            ..account.clone()
        })
    }

    /// Removes the secrets first: if the keyring refuses, the account stays visible so the user
    /// can try again, rather than leaving an orphaned secret behind.
    pub fn remove(&self, account: &Account) -> Result<()> {
        self.store.delete(account.id)?;
        let conn = self.history.conn();
        conn.execute("DELETE FROM accounts WHERE id = ?1", [account.id])
            .map_err(|e| self.history.err(e))?;
        Ok(())
    }
}

fn clean_label(label: &str) -> Result<String> {
    let label = label.trim();
    if label.is_empty() {
        return Err(CoreError::BadName(
            "The account name is empty. Give the account a name, e.g. \"Office 2Chat\".".into(),
        ));
    }
    Ok(label.to_string())
}

/// `None` for a row whose provider this build does not know (written by a newer GroupDrop).
fn row_to_account(r: &rusqlite::Row<'_>) -> rusqlite::Result<Option<Account>> {
    let provider: String = r.get(1)?;
    let Ok(provider) = provider.parse::<ProviderKind>() else {
        return Ok(None);
    };
    let settings: String = r.get(3)?;
    Ok(Some(Account {
        id: r.get(0)?,
        provider,
        label: r.get(2)?,
        settings: serde_json::from_str(&settings).unwrap_or_default(),
        created_at: r.get(4)?,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn history() -> (tempfile::TempDir, History) {
        let dir = tempfile::tempdir().unwrap();
        let h = History::open(&dir.path().join("h.sqlite3")).unwrap();
        (dir, h)
    }

    #[test]
    fn add_find_secrets_rename_remove() {
        let (_d, h) = history();
        let store = MemoryStore::default();
        let accounts = Accounts::new(&h, &store);
        let settings = AccountSettings {
            from_number: Some("+595981048477".into()),
            base_url: None,
        };
        let a = accounts
            .add(
                ProviderKind::TwoChat,
                "  Office  ",
                &settings,
                &AccountSecrets::new().with(API_KEY, "UAK-secret-1"),
            )
            .unwrap();
        assert_eq!(a.label, "Office");
        let found = accounts.find("office").unwrap().unwrap();
        assert_eq!(found, a);
        assert_eq!(found.settings.from_number.as_deref(), Some("+595981048477"));
        let s = accounts.secrets(&a).unwrap();
        assert_eq!(s.get(API_KEY).unwrap().expose_secret(), "UAK-secret-1");
        assert!(accounts.has_secrets(&a).unwrap());
        assert!(matches!(
            accounts.add(
                ProviderKind::Zapi,
                "OFFICE",
                &AccountSettings::default(),
                &AccountSecrets::new()
            ),
            Err(CoreError::AccountExists(_))
        ));
        let renamed = accounts.rename(&a, "Front desk").unwrap();
        assert_eq!(accounts.list().unwrap(), vec![renamed.clone()]);
        accounts.remove(&renamed).unwrap();
        assert!(accounts.list().unwrap().is_empty());
        assert!(store.load(a.id).unwrap().is_none());
    }

    #[test]
    fn secrets_are_not_in_the_database_and_debug_hides_them() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("h.sqlite3");
        let h = History::open(&path).unwrap();
        let store = MemoryStore::default();
        let secrets = AccountSecrets::new().with(TOKEN, "EAZY-tok-987654");
        assert!(!format!("{secrets:?}").contains("EAZY"));
        Accounts::new(&h, &store)
            .add(
                ProviderKind::EazyBe,
                "Org",
                &AccountSettings::default(),
                &secrets,
            )
            .unwrap();
        drop(h);
        for entry in std::fs::read_dir(dir.path()).unwrap() {
            let p = entry.unwrap().path();
            if p.is_file() {
                let bytes = std::fs::read(&p).unwrap();
                assert!(
                    !bytes.windows(15).any(|w| w == b"EAZY-tok-987654"),
                    "secret found in {p:?}"
                );
            }
        }
    }

    struct BrokenStore;
    impl SecretStore for BrokenStore {
        fn save(&self, _: i64, _: &AccountSecrets) -> Result<()> {
            Err(keyring_error(keyring::Error::NoDefaultStore))
        }
        fn load(&self, _: i64) -> Result<Option<AccountSecrets>> {
            Ok(None)
        }
        fn delete(&self, _: i64) -> Result<()> {
            Ok(())
        }
    }

    #[test]
    fn no_keyring_means_no_account_and_a_clear_message() {
        let (_d, h) = history();
        let accounts = Accounts::new(&h, &BrokenStore);
        let e = accounts
            .add(
                ProviderKind::EazyBe,
                "Org",
                &AccountSettings::default(),
                &AccountSecrets::new().with(TOKEN, "t-1234"),
            )
            .unwrap_err();
        assert_eq!(e.kind(), crate::error::ErrorKind::KeyringUnavailable);
        if cfg!(target_os = "linux") {
            assert!(e.to_string().contains("GNOME Keyring"), "{e}");
        }
        assert!(accounts.list().unwrap().is_empty(), "no half-saved account");
    }

    #[test]
    fn a_zapi_account_without_a_security_token_is_saved_and_configured_without_one() {
        let (_d, h) = history();
        let store = MemoryStore::default();
        let accounts = Accounts::new(&h, &store);
        let a = accounts
            .add(
                ProviderKind::Zapi,
                "No token yet",
                &AccountSettings::default(),
                &AccountSecrets::new()
                    .with(INSTANCE_ID, "inst-1")
                    .with(INSTANCE_TOKEN, "tok-2222")
                    .with_optional(CLIENT_TOKEN, "  "),
            )
            .unwrap();
        let (config, _) = accounts.provider_config(&a, Path::new("/tmp")).unwrap();
        let ProviderConfig::Zapi(z) = config else {
            panic!("not a Z-API config")
        };
        assert!(z.client_token.is_none());
        assert!(z.own_number.is_none());
        // Test connection learned the connected number: it is kept with the account and
        // configured as the number never to send.
        let check = groupdrop_providers::AccountCheck {
            summary: "Connected.".into(),
            own_number: Some("+5544911111111".into()),
            numbers: vec![],
            verified: true,
        };
        let saved = accounts.remember_connected_number(&a, &check).unwrap();
        assert_eq!(
            saved.settings.from_number.as_deref(),
            Some("+5544911111111")
        );
        let again = accounts.get(a.id).unwrap().unwrap();
        let (config, _) = accounts.provider_config(&again, Path::new("/tmp")).unwrap();
        let ProviderConfig::Zapi(z) = config else {
            panic!("not a Z-API config")
        };
        assert_eq!(z.own_number.as_deref(), Some("+5544911111111"));
    }

    #[test]
    fn provider_config_uses_the_secrets_and_settings() {
        let (_d, h) = history();
        let store = MemoryStore::default();
        let accounts = Accounts::new(&h, &store);
        let a = accounts
            .add(
                ProviderKind::Zapi,
                "Z",
                &AccountSettings {
                    from_number: None,
                    base_url: Some("http://127.0.0.1:9".into()),
                },
                &AccountSecrets::new()
                    .with(INSTANCE_ID, "inst-1")
                    .with(INSTANCE_TOKEN, "tok-2222")
                    .with(CLIENT_TOKEN, "cli-3333"),
            )
            .unwrap();
        let (config, redactor) = accounts.provider_config(&a, Path::new("/tmp")).unwrap();
        let ProviderConfig::Zapi(z) = config else {
            panic!("not a Z-API config")
        };
        assert_eq!(z.instance_token.expose_secret(), "tok-2222");
        assert_eq!(z.base_url.as_str(), "http://127.0.0.1:9/");
        assert_eq!(
            redactor.clean("x tok-2222 cli-3333"),
            "x [redacted] [redacted]"
        );

        // A secret that went missing is named, not a panic.
        let b = accounts
            .add(
                ProviderKind::TwoChat,
                "Two",
                &AccountSettings::default(),
                &AccountSecrets::new(),
            )
            .unwrap();
        let e = accounts.provider_config(&b, Path::new("/tmp")).unwrap_err();
        assert_eq!(e.kind(), crate::error::ErrorKind::SecretMissing);
    }

    #[test]
    fn keyring_value_is_a_json_object_of_the_secrets() {
        let s = AccountSecrets::new()
            .with(INSTANCE_ID, "i1")
            .with(INSTANCE_TOKEN, "t2")
            .with(CLIENT_TOKEN, "c3");
        let json: serde_json::Value = serde_json::from_str(s.to_json().expose_secret()).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"instance_id": "i1", "instance_token": "t2", "client_token": "c3"})
        );
        assert_eq!(keyring_user(12), "account:12");
    }
}
