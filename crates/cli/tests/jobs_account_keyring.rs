//! `--account NAME`: the CLI uses an account saved the way the app saves it (metadata in the
//! history database, secrets in the system keyring), with no credentials in the environment.
//! Needs a real Secret Service: `scripts/test` runs it inside `scripts/with-keyring`.

mod jobs_support;

use groupdrop_core::accounts::{
    AccountSecrets, AccountSettings, Accounts, KeyringStore, CLIENT_TOKEN, INSTANCE_ID,
    INSTANCE_TOKEN,
};
use groupdrop_core::history::History;
use groupdrop_providers::ProviderKind;
use jobs_support::*;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs a D-Bus session with gnome-keyring; run by scripts/test"]
async fn create_and_resume_with_a_saved_account() {
    let lb = Loopback::start(Kind::Zapi).await;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let account = {
        let history = History::open(&data.join("history.sqlite3")).unwrap();
        Accounts::new(&history, &KeyringStore)
            .add(
                ProviderKind::Zapi,
                "Office Z-API",
                &AccountSettings {
                    from_number: None,
                    base_url: Some(lb.uri()),
                },
                &AccountSecrets::new()
                    .with(INSTANCE_ID, ZAPI_ID)
                    .with(INSTANCE_TOKEN, ZAPI_TOKEN)
                    .with(CLIENT_TOKEN, ZAPI_CLIENT),
            )
            .unwrap()
    };
    let (file, phones) = contacts_csv(dir.path(), 25, &[]);
    // The add batch fails once so that `resume` has to find the account again.
    lb.with(|s| s.add_failures.push((422, json!({"error": "try later"}))));
    let out = run(cli(
        &data,
        &[],
        &[
            "create",
            "--account",
            "office z-api",
            "--name",
            "Keyring",
            "--contacts",
            file.to_str().unwrap(),
            "--country",
            "BR",
            "--yes",
            "--json",
        ],
    ));
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert_eq!(json_out(&out)["status"], json!("incomplete"));
    let out = run(cli(&data, &[], &["resume", "1", "--json"]));
    assert!(out.status.success(), "{}", stderr(&out));
    let o = json_out(&out);
    assert_eq!(o["provider"], json!("zapi"));
    assert_eq!(o["status"], json!("done"));
    assert_each_once(&o, &phones);
    assert_eq!(lb.unauthorised(), 0, "the keyring's credentials were used");
    assert_eq!(lb.creates(), 1);
    let hist = json_out(&run(cli(&data, &[], &["history", "--json"])));
    assert_eq!(hist[0]["account"], json!("Office Z-API"));

    // A mismatching --provider is refused with one line.
    let out = run(cli(
        &data,
        &[],
        &[
            "create",
            "--account",
            "Office Z-API",
            "--provider",
            "2chat",
            "--name",
            "X",
            "--contacts",
            file.to_str().unwrap(),
            "--yes",
        ],
    ));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("is a Z-API account"),
        "{}",
        stderr(&out)
    );

    // The secrets are in no file of the data dir.
    let mut files = vec![];
    let mut stack = vec![data.clone()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                files.push(p);
            }
        }
    }
    for p in files {
        let bytes = std::fs::read(&p).unwrap();
        for s in [ZAPI_ID, ZAPI_TOKEN, ZAPI_CLIENT] {
            assert!(
                !bytes.windows(s.len()).any(|w| w == s.as_bytes()),
                "{s} in {p:?}"
            );
        }
    }
    let history = History::open(&data.join("history.sqlite3")).unwrap();
    Accounts::new(&history, &KeyringStore)
        .remove(&account)
        .unwrap();
}
