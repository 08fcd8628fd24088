//! "Set up after create" with the real provider clients against the rule-enforcing stand-ins:
//! Z-API gets the description, the admins and the admins-only setting with the bodies §9
//! documents; 2Chat takes the description in the create and reports admins and settings "not
//! offered" without calling a promote endpoint; EazyBe offers none; a resume after a failed
//! setup call repeats only that call.

use groupdrop_core::history::{History, NewJob};
use groupdrop_core::job::{Engine, EngineConfig};
use groupdrop_core::outcome::{JobStatus, SetupStatus};
use groupdrop_core::pacing::PacingSettings;
use groupdrop_core::plan::{Plan, PlanContact, PlanInput, PlanOptions, SetupRequest};
use groupdrop_core::Outcome;
use groupdrop_providers::*;
use groupdrop_standins::{EazyBeStandIn, Fault, TwoChatStandIn, ZapiStandIn};
use secrecy::SecretString;
use serde_json::json;
use std::time::Duration;

const INSTANCE: &str = "3C4F1E2D9A8B7C6D5E4F3A2B1C0D9E8F";
const TOKEN: &str = "F1E2D3C4B5A697887766554433221100";
const ZAPI_OWN: &str = "5544911111111";
const KEY: &str = "2chat-key-0123456789abcdef";
const FROM: &str = "+595981048477";
const ORG: &str = "eazybe-org-token-0123456789";

fn http() -> HttpSettings {
    HttpSettings {
        connect_timeout: Duration::from_secs(2),
        total_timeout: Duration::from_secs(5),
        connect_retries: 1,
        retry_pause: Duration::from_millis(10),
    }
}

fn config() -> EngineConfig {
    EngineConfig {
        min_gap_override: Some(Duration::ZERO),
        backoff_base: Some(Duration::from_millis(5)),
        pacing: PacingSettings::default().without_waits(),
        ..EngineConfig::default()
    }
}

fn zapi(base: &str) -> AnyProvider {
    AnyProvider::Zapi(
        Zapi::new(
            ZapiConfig::new(
                SecretString::from(INSTANCE),
                SecretString::from(TOKEN),
                SecretString::from(""),
            )
            .with_base_url(base)
            .unwrap()
            .with_http(http()),
        )
        .unwrap(),
    )
}

fn two_chat(base: &str) -> AnyProvider {
    AnyProvider::TwoChat(
        TwoChat::new(
            TwoChatConfig::new(SecretString::from(KEY))
                .with_base_url(base)
                .unwrap()
                .with_http(http()),
        )
        .unwrap(),
    )
}

fn eazybe(base: &str) -> AnyProvider {
    AnyProvider::EazyBe(
        EazyBe::new(
            EazyBeConfig::new(SecretString::from(ORG))
                .with_base_url(base)
                .unwrap()
                .with_http(http()),
        )
        .unwrap(),
    )
}

/// Three Brazilian mobiles.
fn phones() -> Vec<String> {
    (0..3)
        .map(|i| format!("+55119{:08}", 87_650_000 + i))
        .collect()
}

/// Everything asked: a description, the first member as admin, only admins send messages.
fn full_setup(admin: &str) -> SetupRequest {
    SetupRequest {
        description: Some("Parents of class 5B, 2026".into()),
        admins: vec![admin.to_string()],
        admins_only_messages: true,
        admins_only_settings: false,
    }
}

fn job(h: &History, provider: &AnyProvider, setup: SetupRequest) -> i64 {
    let input = PlanInput {
        contacts: phones()
            .into_iter()
            .enumerate()
            .map(|(i, phone)| PlanContact {
                row: i as u64 + 2,
                name: None,
                phone,
            })
            .collect(),
        rejected: vec![],
        duplicates: 0,
        ..Default::default()
    };
    let options = PlanOptions {
        name: "Turma 5B".into(),
        auto_invite: false,
        create_if_missing: true,
        split: false,
        own_number: None,
        group_names: Default::default(),
        setup,
    };
    let plan = Plan::build(provider.kind(), &provider.limits(), input, &options).unwrap();
    h.create_job(&NewJob {
        provider: provider.kind(),
        account_id: None,
        account_label: "office",
        part: &plan.parts[0],
        import_rejections: &plan.import_rejections,
        plan_rejections: &plan.plan_rejections,
        source: Some("contacts.csv"),
    })
    .unwrap()
}

async fn run(h: &History, provider: &AnyProvider, id: i64, cfg: EngineConfig) -> Outcome {
    Engine::new(h, provider)
        .with_config(cfg)
        .run(id)
        .await
        .unwrap()
}

fn statuses(o: &Outcome) -> Vec<(SetupStepKind, SetupStatus)> {
    o.setup.iter().map(|s| (s.step, s.status)).collect()
}

fn body(calls: &[groupdrop_standins::Call], endpoint: &str) -> serde_json::Value {
    calls
        .iter()
        .find(|c| c.endpoint == endpoint)
        .and_then(|c| c.body.clone())
        .unwrap_or_else(|| panic!("no {endpoint} call"))
}

#[tokio::test]
async fn zapi_group_gets_description_admins_and_admins_only_with_the_documented_bodies() {
    let s = ZapiStandIn::start(INSTANCE, TOKEN, None, ZAPI_OWN).await;
    let p = zapi(&s.uri());
    let dir = tempfile::tempdir().unwrap();
    let h = History::open(&dir.path().join("history.sqlite3")).unwrap();
    let admin = phones()[0].clone();
    let id = job(&h, &p, full_setup(&admin));

    let out = run(&h, &p, id, config()).await;
    assert_eq!(out.status, JobStatus::Done, "{out:?}");
    assert_eq!(
        statuses(&out),
        vec![
            (SetupStepKind::Description, SetupStatus::Done),
            (SetupStepKind::Admins, SetupStatus::Done),
            (SetupStepKind::AdminsOnlyMessages, SetupStatus::Done),
        ]
    );
    assert_eq!(s.violations(), vec![], "no rule broken");

    let g = &s.groups()[0];
    let calls = s.calls();
    assert_eq!(
        body(&calls, "update-group-description"),
        json!({"groupId": g.id, "groupDescription": "Parents of class 5B, 2026"})
    );
    assert_eq!(
        body(&calls, "add-admin"),
        json!({"groupId": g.id, "phones": [admin.trim_start_matches('+')]})
    );
    assert_eq!(
        body(&calls, "update-group-settings"),
        json!({
            "phone": g.id,
            "adminOnlyMessage": true,
            "adminOnlySettings": false,
            "requireAdminApproval": false,
            "adminOnlyAddMember": false,
        })
    );
    assert_eq!(g.description.as_deref(), Some("Parents of class 5B, 2026"));
    assert_eq!(g.admins, vec![admin.trim_start_matches('+').to_string()]);
    assert!(g.admin_only_message && !g.admin_only_settings);

    // Read back later (the Result from History): the same steps.
    assert_eq!(h.outcome(id).unwrap().setup, out.setup);
    let json = serde_json::to_value(&out).unwrap();
    assert_eq!(json["setup"][2]["step"], "admins_only_messages");
    assert_eq!(json["setup"][2]["status"], "done");
}

#[tokio::test]
async fn zapi_admin_who_is_not_in_the_group_is_reported_failed_and_never_sent() {
    let s = ZapiStandIn::start(INSTANCE, TOKEN, None, ZAPI_OWN).await;
    let p = zapi(&s.uri());
    let dir = tempfile::tempdir().unwrap();
    let h = History::open(&dir.path().join("history.sqlite3")).unwrap();
    let setup = SetupRequest {
        admins: vec![phones()[1].clone(), "+5511912345678".into()],
        ..SetupRequest::default()
    };
    let id = job(&h, &p, setup);

    let out = run(&h, &p, id, config()).await;
    assert_eq!(out.status, JobStatus::Partial, "{out:?}");
    let step = &out.setup[0];
    assert_eq!(
        (step.step, step.status),
        (SetupStepKind::Admins, SetupStatus::Failed)
    );
    let reason = step.reason.as_deref().unwrap();
    assert!(
        reason.contains("not in the group") && reason.contains("+5511912345678"),
        "{reason}"
    );
    // The member among them was still made admin; the outsider never reached Z-API.
    assert_eq!(
        body(&s.calls(), "add-admin")["phones"],
        json!([phones()[1].trim_start_matches('+')])
    );
    assert_eq!(s.violations(), vec![]);
}

#[tokio::test]
async fn two_chat_takes_the_description_at_create_and_offers_no_admins() {
    let s = TwoChatStandIn::start(KEY, FROM).await;
    let p = two_chat(&s.uri());
    let dir = tempfile::tempdir().unwrap();
    let h = History::open(&dir.path().join("history.sqlite3")).unwrap();
    let id = job(&h, &p, full_setup(&phones()[0]));

    let out = run(&h, &p, id, config()).await;
    assert!(out.group_exists, "{out:?}");
    assert_eq!(
        statuses(&out),
        vec![
            (SetupStepKind::Description, SetupStatus::Done),
            (SetupStepKind::Admins, SetupStatus::NotOffered),
            (SetupStepKind::AdminsOnlyMessages, SetupStatus::NotOffered),
        ]
    );
    let admins = out.setup[1].reason.as_deref().unwrap();
    assert!(admins.starts_with("not offered by 2Chat"), "{admins}");
    assert_eq!(
        body(&s.calls(), "group/create")["group"]["description"],
        "Parents of class 5B, 2026"
    );
    assert_eq!(
        s.groups()[0].description.as_deref(),
        Some("Parents of class 5B, 2026")
    );
    assert_eq!(s.count("promote"), 0, "no promote call");
    assert_eq!(s.violations(), vec![]);
}

#[tokio::test]
async fn eazybe_offers_no_setup_step() {
    let s = EazyBeStandIn::start(ORG).await;
    let p = eazybe(&s.uri());
    let dir = tempfile::tempdir().unwrap();
    let h = History::open(&dir.path().join("history.sqlite3")).unwrap();
    let mut setup = full_setup(&phones()[0]);
    setup.admins_only_settings = true;
    let id = job(&h, &p, setup);

    let out = run(&h, &p, id, config()).await;
    assert!(out.group_exists, "{out:?}");
    assert_eq!(out.setup.len(), 4);
    for step in &out.setup {
        assert_eq!(step.status, SetupStatus::NotOffered, "{step:?}");
        assert!(step
            .reason
            .as_deref()
            .unwrap()
            .starts_with("not offered by EazyBe"));
    }
    assert_eq!(s.violations(), vec![]);
}

#[tokio::test]
async fn resume_after_a_failed_setup_call_repeats_only_that_call() {
    let s = ZapiStandIn::start(INSTANCE, TOKEN, None, ZAPI_OWN).await;
    s.fault(
        "update-group-settings",
        Fault::Refuse {
            status: 500,
            body: json!({"error": "Internal server error"}),
        },
    );
    let p = zapi(&s.uri());
    let dir = tempfile::tempdir().unwrap();
    let h = History::open(&dir.path().join("history.sqlite3")).unwrap();
    let mut setup = full_setup(&phones()[0]);
    setup.admins_only_settings = true;
    let id = job(&h, &p, setup);
    // One attempt per call, so the 500 ends this run instead of being retried within it.
    let once = EngineConfig {
        max_attempts: 1,
        ..config()
    };

    let first = run(&h, &p, id, once.clone()).await;
    assert_eq!(first.status, JobStatus::Incomplete, "{first:?}");
    assert_eq!(
        statuses(&first),
        vec![
            (SetupStepKind::Description, SetupStatus::Done),
            (SetupStepKind::Admins, SetupStatus::Done),
            (SetupStepKind::AdminsOnlyMessages, SetupStatus::Failed),
            (SetupStepKind::AdminsOnlySettings, SetupStatus::Failed),
        ]
    );
    assert!(h
        .job(id)
        .unwrap()
        .note
        .unwrap_or_default()
        .contains("resume"));

    let second = run(&h, &p, id, once).await;
    assert_eq!(second.status, JobStatus::Done, "{second:?}");
    assert!(second.setup.iter().all(|s| s.status == SetupStatus::Done));
    assert_eq!(s.count("create-group"), 1, "the group is not re-created");
    assert_eq!(s.count("update-group-description"), 1, "done: not repeated");
    assert_eq!(s.count("add-admin"), 1, "done: not repeated");
    assert_eq!(s.count("update-group-settings"), 2, "the failed one again");
    let g = &s.groups()[0];
    assert!(g.admin_only_message && g.admin_only_settings);
    assert_eq!(s.violations(), vec![]);
}

#[tokio::test]
async fn resume_after_a_lost_setup_answer_repeats_only_that_call() {
    let s = ZapiStandIn::start(INSTANCE, TOKEN, None, ZAPI_OWN).await;
    // Z-API applies the description but the answer never arrives (a kill, a dropped line).
    s.fault(
        "update-group-description",
        Fault::ActThenStall(Duration::from_secs(3)),
    );
    let p = AnyProvider::Zapi(
        Zapi::new(
            ZapiConfig::new(
                SecretString::from(INSTANCE),
                SecretString::from(TOKEN),
                SecretString::from(""),
            )
            .with_base_url(&s.uri())
            .unwrap()
            .with_http(HttpSettings {
                total_timeout: Duration::from_millis(800),
                ..http()
            }),
        )
        .unwrap(),
    );
    let dir = tempfile::tempdir().unwrap();
    let h = History::open(&dir.path().join("history.sqlite3")).unwrap();
    let id = job(&h, &p, full_setup(&phones()[0]));
    let once = EngineConfig {
        max_attempts: 1,
        ..config()
    };

    // The description's answer is lost: it is "failed" for now and the run is unfinished; the
    // steps after it still ran.
    let first = run(&h, &p, id, once.clone()).await;
    assert_eq!(first.status, JobStatus::Incomplete, "{first:?}");
    assert_eq!(
        statuses(&first),
        vec![
            (SetupStepKind::Description, SetupStatus::Failed),
            (SetupStepKind::Admins, SetupStatus::Done),
            (SetupStepKind::AdminsOnlyMessages, SetupStatus::Done),
        ]
    );

    let second = run(&h, &p, id, once).await;
    assert_eq!(second.status, JobStatus::Done, "{second:?}");
    assert_eq!(s.count("create-group"), 1);
    assert_eq!(
        s.count("update-group-description"),
        2,
        "only the lost one again"
    );
    assert_eq!(s.count("add-admin"), 1);
    assert_eq!(s.count("update-group-settings"), 1);
    assert_eq!(s.violations(), vec![]);
}

/// Setup calls are provider calls: each waits the provider's gap after the call before it.
#[tokio::test]
async fn setup_calls_keep_the_provider_gap() {
    let s = ZapiStandIn::start(INSTANCE, TOKEN, None, ZAPI_OWN).await;
    let p = zapi(&s.uri());
    let dir = tempfile::tempdir().unwrap();
    let h = History::open(&dir.path().join("history.sqlite3")).unwrap();
    let id = job(&h, &p, full_setup(&phones()[0]));
    let gap = Duration::from_millis(250);
    let paced = EngineConfig {
        min_gap_override: Some(gap),
        ..config()
    };

    let out = run(&h, &p, id, paced).await;
    assert_eq!(out.status, JobStatus::Done, "{out:?}");
    let calls = s.calls();
    for setup in [
        "update-group-description",
        "add-admin",
        "update-group-settings",
    ] {
        let i = calls.iter().position(|c| c.endpoint == setup).unwrap();
        // The engine's calls only (the client's own /device look-up is not paced by it).
        let before = calls[..i]
            .iter()
            .rev()
            .find(|c| c.endpoint != "device")
            .unwrap();
        let waited = calls[i].at.duration_since(before.at);
        assert!(
            waited >= gap - Duration::from_millis(20),
            "{setup} came {waited:?} after {}",
            before.endpoint
        );
    }
}
