//! The keyring `SecretStore` against a real Secret Service (gnome-keyring in a private D-Bus
//! session). `scripts/test` runs these through `scripts/with-keyring`, which starts the session
//! and an unlocked keyring; a plain `cargo test` skips them because there is no keyring.

use groupdrop_core::accounts::{
    keyring_user, AccountSecrets, AccountSettings, Accounts, KeyringStore, SecretStore, API_KEY,
    KEYRING_SERVICE,
};
use groupdrop_core::history::History;
use groupdrop_providers::ProviderKind;
use secrecy::ExposeSecret;

#[test]
#[ignore = "needs a D-Bus session with gnome-keyring; run by scripts/test"]
fn keyring_store_roundtrip() {
    KeyringStore::status().expect("a Secret Service is running (scripts/with-keyring)");
    let store = KeyringStore;
    let id = 900_000 + i64::from(std::process::id() % 10_000);
    let secrets = AccountSecrets::new().with(API_KEY, "UAK-keyring-test-0f9e8d");
    store.save(id, &secrets).unwrap();
    let back = store.load(id).unwrap().expect("saved");
    assert_eq!(
        back.get(API_KEY).unwrap().expose_secret(),
        "UAK-keyring-test-0f9e8d"
    );
    // Same entry the app reads: service dev.groupdrop.app, user account:<id>, JSON value.
    let raw = keyring::Entry::new(KEYRING_SERVICE, &keyring_user(id))
        .unwrap()
        .get_password()
        .unwrap();
    assert_eq!(raw, r#"{"api_key":"UAK-keyring-test-0f9e8d"}"#);
    store.delete(id).unwrap();
    assert!(store.load(id).unwrap().is_none());
    store.delete(id).unwrap(); // deleting twice is fine
}

#[test]
#[ignore = "needs a D-Bus session with gnome-keyring; run by scripts/test"]
fn accounts_keep_secrets_in_the_keyring_only() {
    let dir = tempfile::tempdir().unwrap();
    let h = History::open(&dir.path().join("history.sqlite3")).unwrap();
    let accounts = Accounts::new(&h, &KeyringStore);
    let account = accounts
        .add(
            ProviderKind::TwoChat,
            "Office 2Chat",
            &AccountSettings {
                from_number: Some("+595981048477".into()),
                base_url: None,
            },
            &AccountSecrets::new().with(API_KEY, "UAK-only-in-the-keyring-77a1"),
        )
        .unwrap();
    assert!(accounts.has_secrets(&account).unwrap());
    // Another "process" (a fresh handle) finds the account and its secret.
    let h2 = History::open(&dir.path().join("history.sqlite3")).unwrap();
    let accounts2 = Accounts::new(&h2, &KeyringStore);
    let found = accounts2.find("office 2chat").unwrap().unwrap();
    assert_eq!(
        accounts2
            .secrets(&found)
            .unwrap()
            .get(API_KEY)
            .unwrap()
            .expose_secret(),
        "UAK-only-in-the-keyring-77a1"
    );
    // Not in any file of the data dir.
    drop(h);
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let p = entry.unwrap().path();
        if p.is_file() {
            let bytes = std::fs::read(&p).unwrap();
            let needle = b"UAK-only-in-the-keyring-77a1";
            assert!(!bytes.windows(needle.len()).any(|w| w == needle), "{p:?}");
        }
    }
    accounts2.remove(&found).unwrap();
    assert!(KeyringStore.load(found.id).unwrap().is_none());
}
