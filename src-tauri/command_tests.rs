//! Command tests on Tauri's mock runtime: the real invoke handler and managed state, no WebKit.
//! They pin what the webview receives (the `{kind, message}` error shape, the DTOs) and run a
//! practice group through import → plan → start → events → result → export, i.e. the wiring
//! between the commands and the crates.

use std::sync::mpsc;
use std::time::Duration;

use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, MockRuntime};
use tauri::webview::InvokeRequest;
use tauri::{WebviewWindow, WebviewWindowBuilder};
use tauri_specta::Event;

use crate::commands::{accounts, history, import, jobs, settings as settings_cmd};
use crate::events::{CloseRequested, FileOpened, JobFinished, JobProgress};
use crate::state::AppState;
use tauri_specta::{collect_commands, collect_events, Builder};

struct TestApp {
    _app: tauri::App<MockRuntime>,
    webview: WebviewWindow<MockRuntime>,
    handle: tauri::AppHandle<MockRuntime>,
    dir: tempfile::TempDir,
}

fn app() -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let builder = app_builder!(MockRuntime);
    let app = mock_builder()
        .invoke_handler(builder.invoke_handler())
        .manage(AppState::new(data, None))
        .build(mock_context(noop_assets()))
        .unwrap();
    builder.mount_events(&app);
    let webview = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    let handle = app.handle().clone();
    TestApp {
        _app: app,
        webview,
        handle,
        dir,
    }
}

/// Invokes `cmd` as the webview would; `Ok(json)` or `Err(json)` as the UI receives it.
fn call(app: &TestApp, cmd: &str, args: Value) -> Result<Value, Value> {
    invoke(&app.webview, cmd, args)
}

/// [`call`] on any webview of the mock runtime (the parity test has its own app).
pub(crate) fn invoke(
    webview: &WebviewWindow<MockRuntime>,
    cmd: &str,
    args: Value,
) -> Result<Value, Value> {
    get_ipc_response(
        webview,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: tauri::test::INVOKE_KEY.to_string(),
        },
    )
    .map(|b| b.deserialize::<Value>().unwrap())
}

fn csv(app: &TestApp, body: &str) -> String {
    let path = app.dir.path().join("Turma 5B.csv");
    std::fs::write(&path, body).unwrap();
    path.to_string_lossy().into_owned()
}

const CHOICES_BR: &str = r#"{"country":"BR","column":null,"sheet":null}"#;

#[test]
fn a_missing_file_is_a_bad_file_error_in_the_ui_shape() {
    let app = app();
    let err = call(
        &app,
        "import_file",
        json!({"path": "/nonexistent/contatos.csv", "choices": serde_json::from_str::<Value>(CHOICES_BR).unwrap()}),
    )
    .unwrap_err();
    assert_eq!(err["kind"], "badFile");
    assert_eq!(
        err["message"],
        "\"contatos.csv\" was not found: it may have been moved, renamed or deleted. Choose the file again."
    );
    // The wire shape is kind, message (English, for "details") and the params the UI words
    // its own sentence from; nothing else.
    assert_eq!(err["params"], json!({"file": "contatos.csv"}));
    assert_eq!(
        err.as_object().unwrap().len(),
        3,
        "only kind, message and params: {err}"
    );
}

#[test]
fn settings_are_validated_saved_and_read_back() {
    let app = app();
    let err = call(
        &app,
        "save_settings",
        json!({"settings": {"country": "Brazil", "language": null, "theme": "dark"}}),
    )
    .unwrap_err();
    assert_eq!(err["kind"], "invalidInput");
    assert!(err["message"]
        .as_str()
        .unwrap()
        .contains("not a country code"));
    call(
        &app,
        "save_settings",
        json!({"settings": {"country": "br", "language": "pt-BR", "theme": "dark"}}),
    )
    .unwrap();
    let view = call(&app, "get_settings", json!({})).unwrap();
    assert_eq!(
        view["settings"],
        json!({"country": "BR", "language": "pt-BR", "theme": "dark", "skipUpdateCheck": false, "tourSeen": false,
            "pacing": {"creationSpacingMs": 300000, "addJitterMinMs": 3000, "addJitterMaxMs": 10000, "dailyCreationLimit": 10}})
    );
    // Pacing from the Settings screen: read back as saved; a risky value is refused.
    let pacing = json!({"creationSpacingMs": 600000, "addJitterMinMs": 5000, "addJitterMaxMs": 15000, "dailyCreationLimit": 4});
    call(
        &app,
        "save_settings",
        json!({"settings": {"country": "BR", "theme": "dark", "pacing": pacing}}),
    )
    .unwrap();
    let view = call(&app, "get_settings", json!({})).unwrap();
    assert_eq!(view["settings"]["pacing"], pacing);
    let usage = call(&app, "account_usage", json!({"id": 0})).unwrap();
    assert_eq!(usage, json!({"createdLastDay": 0, "dailyLimit": 4}));
    let err = call(
        &app,
        "save_settings",
        json!({"settings": {"pacing": {"creationSpacingMs": 1000, "addJitterMinMs": 3000, "addJitterMaxMs": 10000, "dailyCreationLimit": 10}}}),
    )
    .unwrap_err();
    assert!(err["message"]
        .as_str()
        .unwrap()
        .contains("at least 1 minute"));
    assert!(app.dir.path().join("data/settings.json").exists());
}

#[test]
fn the_practice_account_is_listed_and_cannot_be_removed() {
    let app = app();
    let list = call(&app, "list_accounts", json!({})).unwrap();
    assert_eq!(
        list,
        json!([{"id": 0, "provider": "practice", "label": "Practice", "saved": true, "fromNumber": null, "practice": true}])
    );
    let err = call(&app, "remove_account", json!({"id": 0})).unwrap_err();
    assert_eq!(err["kind"], "invalidInput");
    let err = call(&app, "test_account", json!({"id": 42})).unwrap_err();
    assert_eq!(err["kind"], "notFound");
}

#[test]
fn planning_without_an_open_file_says_to_open_it_again() {
    let app = app();
    let err = call(
        &app,
        "plan_job",
        json!({"request": {"importId": 99, "accountId": 0, "name": "X", "autoInvite": false, "createIfMissing": true, "split": false}}),
    )
    .unwrap_err();
    assert_eq!(err["kind"], "notFound");
    assert!(err["message"].as_str().unwrap().contains("Open it again"));
}

#[test]
fn a_practice_group_runs_through_the_commands_with_progress_events_and_an_exportable_result() {
    std::env::set_var("GROUPDROP_PACING_MS", "0");
    std::env::set_var("GROUPDROP_PRACTICE_DELAY_MS", "0");
    let app = app();
    let mut body = String::from("Nome;Celular\n");
    for i in 0..25 {
        body.push_str(&format!("Aluno {i};(11) 98765-{:04}\n", 4300 + i));
    }
    body.push_str("Curto;12345\n=HYPERLINK(\"x\");=1+1\n");
    let path = csv(&app, &body);
    let preview = call(
        &app,
        "import_file",
        json!({"path": path, "choices": serde_json::from_str::<Value>(CHOICES_BR).unwrap()}),
    )
    .unwrap();
    assert_eq!(preview["report"]["contacts"].as_array().unwrap().len(), 25);
    assert_eq!(preview["report"]["rejected"].as_array().unwrap().len(), 2);
    let import_id = preview["importId"].as_u64().unwrap();

    let request = json!({"importId": import_id, "accountId": 0, "name": "Turma 5B", "autoInvite": false, "createIfMissing": true, "split": false});
    let plan = call(&app, "plan_job", json!({"request": request})).unwrap();
    assert_eq!(plan["members"], 25);
    assert_eq!(plan["practice"], true);
    assert_eq!(plan["needsSplit"], false);
    assert_eq!(plan["groups"][0]["name"], "Turma 5B");

    let (progress_tx, progress_rx) = mpsc::channel();
    JobProgress::listen(&app.handle, move |e| {
        let _ = progress_tx.send(e.payload);
    });
    let (done_tx, done_rx) = mpsc::channel();
    JobFinished::listen(&app.handle, move |e| {
        let _ = done_tx.send(e.payload);
    });
    let job = call(&app, "start_job", json!({"request": request}))
        .unwrap()
        .as_u64()
        .unwrap();
    let finished = done_rx.recv_timeout(Duration::from_secs(60)).unwrap();
    assert_eq!(u64::from(finished.job), job);
    assert!(finished.error.is_none(), "{:?}", finished.error);
    let progress: Vec<JobProgress> = progress_rx.try_iter().collect();
    assert!(!progress.is_empty(), "progress events were sent");
    let last = progress.last().unwrap();
    assert_eq!(last.0.numbers_done, last.0.numbers_total);
    assert_eq!(call(&app, "running_job", json!({})).unwrap(), Value::Null);

    let result = call(&app, "show_job", json!({"job": job})).unwrap();
    let n = |k: &str| result[k].as_array().unwrap().len();
    assert_eq!(
        n("added") + n("invited") + n("sent"),
        25 - count_provider_rejections(&result)
    );
    assert!(result["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["stage"] == "import" && r["input"] == "12345"));
    assert_eq!(result["group"]["name"], "Turma 5B");
    assert!(["done", "partial"].contains(&result["status"].as_str().unwrap()));

    let history = call(&app, "list_history", json!({"search": "turma"})).unwrap();
    assert_eq!(history.as_array().unwrap().len(), 1);
    assert_eq!(history[0]["id"].as_u64(), Some(job));
    assert_eq!(
        call(&app, "list_history", json!({"search": "nothing like it"})).unwrap(),
        json!([])
    );

    let out = app.dir.path().join("rejected");
    let written = call(
        &app,
        "export_rejected",
        json!({"job": job, "path": out.to_string_lossy()}),
    )
    .unwrap();
    assert_eq!(written.as_u64().unwrap() as usize, n("rejected"));
    let csv = std::fs::read_to_string(out.with_extension("csv")).unwrap();
    assert!(csv.contains("12345"), "{csv}");
    assert!(!csv.contains("\n=HYPERLINK"), "formula-safe: {csv}");
}

fn count_provider_rejections(result: &Value) -> usize {
    result["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["stage"] == "provider")
        .count()
}

#[test]
fn the_invite_qr_command_refuses_non_invite_links() {
    let app = app();
    let svg = call(
        &app,
        "invite_qr",
        json!({"link": "https://chat.whatsapp.com/AbCdEf123"}),
    )
    .unwrap();
    assert!(svg.as_str().unwrap().starts_with("<?xml"));
    let err = call(&app, "invite_qr", json!({"link": "https://evil.example/x"})).unwrap_err();
    assert_eq!(err["kind"], "invalidInput");
}

/// Preview's "Check numbers on WhatsApp" with the practice account: the cost first, then the
/// answers; a second check asks nothing; Create with `checked` leaves out those not on WhatsApp.
#[test]
fn a_practice_check_leaves_numbers_not_on_whatsapp_out_of_the_plan() {
    let app = app();
    let mut body = String::from("Nome;Celular\n");
    for i in 0..40 {
        body.push_str(&format!("Aluno {i};(11) 98765-{:04}\n", 4300 + i));
    }
    let path = csv(&app, &body);
    let preview = call(
        &app,
        "import_file",
        json!({"path": path, "choices": serde_json::from_str::<Value>(CHOICES_BR).unwrap()}),
    )
    .unwrap();
    let import_id = preview["importId"].as_u64().unwrap();
    let check = json!({"request": {"importId": import_id, "accountId": 0}});

    let cost = call(&app, "check_cost", check.clone()).unwrap();
    assert_eq!(cost["offered"], true);
    assert_eq!(
        (&cost["numbers"], &cost["toAsk"], &cost["calls"]),
        (&json!(40), &json!(40), &json!(1))
    );

    let report = call(&app, "check_numbers", check.clone()).unwrap();
    let not_on = report["notOnWhatsapp"].as_u64().unwrap();
    assert!(
        not_on > 0,
        "the practice provider reports some numbers not on WhatsApp: {report}"
    );
    assert_eq!(report["asked"], 40);
    let again = call(&app, "check_numbers", check.clone()).unwrap();
    assert_eq!((&again["asked"], &again["cached"]), (&json!(0), &json!(40)));
    assert_eq!(call(&app, "check_cost", check).unwrap()["toAsk"], 0);

    let request = |checked: bool| json!({"request": {"importId": import_id, "accountId": 0, "name": "Turma 5B", "autoInvite": false, "createIfMissing": true, "split": false, "checked": checked}});
    assert_eq!(
        call(&app, "plan_job", request(false)).unwrap()["members"],
        40
    );
    assert_eq!(
        call(&app, "plan_job", request(true)).unwrap()["members"],
        json!(40 - not_on)
    );
}
