//! One scenario through both shells: the `groupdrop-cli` binary and the app's command layer (the
//! real invoke handler on Tauri's mock runtime), against the same rule-enforcing 2Chat stand-in
//! (`crates/standins`) on loopback. A
//! file with a duplicate, a bad row and the account's own number must leave the same history in
//! both: same members, same rejections with the same codes, same provider id, the own number left
//! out (and never sent). Both shells call `groupdrop_core::flow`; this is what keeps them from
//! drifting again.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{mpsc, Arc};
use std::time::Duration;

use groupdrop_core::accounts::MemoryStore;
use groupdrop_core::flow::{AccountSettings, JobResult, Session};
use serde_json::{json, Value};
use tauri::test::{mock_builder, mock_context, noop_assets, MockRuntime};
use tauri::{Manager, WebviewWindowBuilder};
use tauri_specta::Event;

use crate::command_tests::invoke;
use crate::commands::{accounts, history, import, jobs, settings as settings_cmd};
use crate::events::{CloseRequested, FileOpened, JobFinished, JobProgress};
use crate::state::AppState;
use tauri_specta::{collect_commands, collect_events, Builder};

use groupdrop_standins::TwoChatStandIn;

/// The stand-in account's API key and connected (sending) number, as the CLI tests use them.
const TWOCHAT_KEY: &str = "UAK-2chat-7f3a9c1e55d04b2b";
const TWOCHAT_FROM: &str = "+595981048477";

/// The create requests the stand-in received (accepted or refused), in order.
fn create_bodies(standin: &TwoChatStandIn) -> Vec<Value> {
    standin
        .calls()
        .into_iter()
        .filter(|c| c.endpoint == "group/create")
        .map(|c| c.body.unwrap_or(Value::Null))
        .collect()
}

/// The CLI binary next to this test's own (`target/debug/groupdrop-cli`), built if needed.
fn cli_binary() -> PathBuf {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .args(["build", "--quiet", "-p", "groupdrop-cli"])
        .status()
        .expect("cargo build -p groupdrop-cli");
    assert!(status.success());
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().unwrap().parent().unwrap();
    dir.join(format!("groupdrop-cli{}", std::env::consts::EXE_SUFFIX))
}

/// Three people, one of them twice (row 5), a row that is no number (row 6), and the 2Chat
/// account's own connected number (row 7).
fn contacts(dir: &Path) -> PathBuf {
    let path = dir.join("Parity.csv");
    std::fs::write(
        &path,
        format!(
            "Name,Mobile\nAna,(11) 98765-0001\nBia,(11) 98765-0002\nCau,(11) 98765-0003\nAna again,+55 11 98765-0001\nBroken,call me\nOffice,{TWOCHAT_FROM}\n"
        ),
    )
    .unwrap();
    path
}

fn via_cli(standin: &TwoChatStandIn, data: &Path, file: &Path) -> i64 {
    let out = Command::new(cli_binary())
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("GROUPDROP_DATA_DIR", data)
        .env("GROUPDROP_PACING_MS", "5")
        .env("NO_PROXY", "127.0.0.1,localhost")
        .env("GROUPDROP_2CHAT_API_KEY", TWOCHAT_KEY)
        .env("GROUPDROP_2CHAT_FROM_NUMBER", TWOCHAT_FROM)
        .env("GROUPDROP_2CHAT_BASE_URL", standin.uri())
        .args([
            "create",
            "--provider",
            "2chat",
            "--name",
            "Parity",
            "--country",
            "BR",
        ])
        .arg("--contacts")
        .arg(file)
        .args(["--yes", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let outcome: Value = serde_json::from_slice(&out.stdout).unwrap();
    outcome["job"].as_i64().unwrap()
}

fn via_app(standin: &TwoChatStandIn, data: &Path, file: &Path) -> i64 {
    let builder = app_builder!(MockRuntime);
    let app = mock_builder()
        .invoke_handler(builder.invoke_handler())
        .manage(AppState::with_store(
            data.to_path_buf(),
            None,
            Arc::new(MemoryStore::default()),
        ))
        .build(mock_context(noop_assets()))
        .unwrap();
    builder.mount_events(&app);
    let webview = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    let call = |cmd: &str, args: Value| invoke(&webview, cmd, args);

    // The account as the Accounts screen saves it; its base URL points at the stand-in.
    let account = call(
        "save_account",
        json!({"account": {"label": "Office", "secrets": {"provider": "2chat", "apiKey": TWOCHAT_KEY}}}),
    )
    .unwrap();
    let id = account["id"].as_u64().unwrap();
    call(
        "update_account",
        json!({"id": id, "changes": {"label": null, "fromNumber": TWOCHAT_FROM, "secrets": null}}),
    )
    .unwrap();
    {
        let state = app.state::<AppState>();
        let session = state.session().unwrap();
        let accounts = session.accounts();
        let a = accounts.get(id as i64).unwrap().unwrap();
        let settings = AccountSettings {
            base_url: Some(standin.uri()),
            ..a.settings.clone()
        };
        accounts.update_settings(&a, &settings).unwrap();
    }

    let preview = call(
        "import_file",
        json!({"path": file, "choices": {"country": "BR", "column": null, "sheet": null}}),
    )
    .unwrap();
    let request = json!({"importId": preview["importId"], "accountId": id, "name": "Parity", "autoInvite": false, "createIfMissing": false, "split": false});
    let plan = call("plan_job", json!({"request": request})).unwrap();
    assert_eq!(plan["ownNumberSkipped"], true, "{plan}");
    assert_eq!(plan["members"], 3, "{plan}");

    let (done_tx, done_rx) = mpsc::channel();
    JobFinished::listen(app.handle(), move |e| {
        let _ = done_tx.send(e.payload);
    });
    let job = call("start_job", json!({"request": request})).unwrap();
    let finished = done_rx.recv_timeout(Duration::from_secs(60)).unwrap();
    assert!(finished.error.is_none(), "{:?}", finished.error);
    job.as_i64().unwrap()
}

/// What must match between the shells: everything but the run number and the account's label.
fn comparable(v: &JobResult) -> Value {
    let phones = |list: &[groupdrop_core::flow::MemberRow]| {
        let mut p: Vec<String> = list.iter().map(|m| m.phone.clone()).collect();
        p.sort();
        p
    };
    let mut rejected: Vec<Value> = v
        .rejected
        .iter()
        .map(|r| json!({"stage": r.stage, "phone": r.phone, "input": r.input, "row": r.row, "code": r.code, "reason": r.reason}))
        .collect();
    rejected.sort_by_key(|r| r.to_string());
    json!({
        "provider": v.provider,
        "status": v.status,
        "group": v.group.name,
        "added": phones(&v.added),
        "invited": phones(&v.invited),
        "sent": phones(&v.sent),
        "pending": v.pending,
        "rejected": rejected,
    })
}

#[test]
fn the_cli_and_the_app_write_the_same_history_for_the_same_file() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let standin = rt.block_on(TwoChatStandIn::start(TWOCHAT_KEY, TWOCHAT_FROM));
    let dir = tempfile::tempdir().unwrap();
    let file = contacts(dir.path());
    std::env::set_var("GROUPDROP_PACING_MS", "5");

    let cli_data = dir.path().join("cli");
    let app_data = dir.path().join("app");
    let cli_job = via_cli(&standin, &cli_data, &file);
    let app_job = via_app(&standin, &app_data, &file);

    let show = |data: &Path, job: i64| {
        Session::with_store(data, Arc::new(MemoryStore::default()))
            .unwrap()
            .show(job)
            .unwrap()
    };
    let cli = show(&cli_data, cli_job);
    let app = show(&app_data, app_job);
    assert_eq!(comparable(&cli), comparable(&app));
    // The same plan, as each shell journaled it before sending: group name, options, file, and
    // every member with the batch it went in (`None`: left out by the plan).
    let plan = |data: &Path, job: i64| {
        let session = Session::with_store(data, Arc::new(MemoryStore::default())).unwrap();
        let record = session.history().job(job).unwrap();
        let members: Vec<Value> = session
            .history()
            .members(job)
            .unwrap()
            .into_iter()
            .map(|m| json!({"phone": m.phone, "row": m.row, "batch": m.batch}))
            .collect();
        json!({
            "name": record.group_name,
            "options": record.options,
            "source": record.source,
            "members": members,
        })
    };
    let cli_plan = plan(&cli_data, cli_job);
    assert_eq!(cli_plan, plan(&app_data, app_job));
    let members = cli_plan["members"].as_array().unwrap();
    let batched = members.iter().filter(|m| !m["batch"].is_null()).count();
    assert_eq!(batched, 3, "three people planned to be sent: {cli_plan}");
    assert!(
        members
            .iter()
            .all(|m| m["phone"] != json!(TWOCHAT_FROM) || m["batch"].is_null()),
        "the own number is in no batch: {cli_plan}"
    );

    // And what they agree on is right: the provider's stable id, three people added, the bad
    // row with the importer's code, the own number left out with the plan's reason.
    assert_eq!(serde_json::to_value(cli.provider).unwrap(), json!("2chat"));
    assert_eq!(cli.added.len() + cli.invited.len(), 3, "{cli:?}");
    assert!(
        cli.rejected
            .iter()
            .any(|r| r.input.as_deref() == Some("call me") && r.code.is_some()),
        "{cli:?}"
    );
    let own = cli
        .rejected
        .iter()
        .find(|r| r.phone.as_deref() == Some(TWOCHAT_FROM))
        .expect("the own number is listed as left out");
    assert_eq!(own.row, Some(7));
    // Neither shell sent it: no create request carried the account's own number.
    let creates = create_bodies(&standin);
    for body in &creates {
        let participants = body["group"]["participants"].to_string();
        assert!(!participants.contains(&TWOCHAT_FROM[1..]), "{body}");
    }
    assert_eq!(creates.len(), 2, "one group per shell");
    assert_eq!(
        standin.violations(),
        vec![],
        "neither shell broke a 2Chat rule"
    );
}
