//! The job engine with the real provider clients against the rule-enforcing stand-ins: lost
//! creates for all three providers, Z-API's 500-after-create, members matched as WhatsApp lists
//! them, creation spacing across the parts of a split list, the daily limit and the stop after
//! repeated "too many requests".

use groupdrop_core::history::{History, NewJob};
use groupdrop_core::job::{Engine, EngineConfig, Progress, Stage};
use groupdrop_core::outcome::JobStatus;
use groupdrop_core::pacing::PacingSettings;
use groupdrop_core::plan::{Plan, PlanContact, PlanInput, PlanOptions};
use groupdrop_core::Outcome;
use groupdrop_providers::*;
use groupdrop_standins::{EazyBeStandIn, Fault, TwoChatStandIn, ZapiStandIn};
use secrecy::SecretString;
use serde_json::json;
use std::sync::Mutex;
use std::time::Duration;

const INSTANCE: &str = "3C4F1E2D9A8B7C6D5E4F3A2B1C0D9E8F";
const TOKEN: &str = "F1E2D3C4B5A697887766554433221100";
const ZAPI_OWN: &str = "5544911111111";
const KEY: &str = "2chat-key-0123456789abcdef";
const FROM: &str = "+595981048477";
const ORG: &str = "eazybe-org-token-0123456789";
/// Longer than any test waits: the stand-in does not list new groups until `reveal()`.
const HIDDEN: Duration = Duration::from_secs(3600);

/// Short enough that a stalled answer is given up quickly, long enough for a loaded machine.
fn http() -> HttpSettings {
    HttpSettings {
        connect_timeout: Duration::from_secs(2),
        total_timeout: Duration::from_millis(1500),
        connect_retries: 1,
        retry_pause: Duration::from_millis(10),
    }
}

/// What a stalled answer waits: well past the client's patience.
const STALL: Duration = Duration::from_secs(4);

fn config(pacing: PacingSettings) -> EngineConfig {
    EngineConfig {
        min_gap_override: Some(Duration::ZERO),
        backoff_base: Some(Duration::from_millis(5)),
        pacing,
        ..EngineConfig::default()
    }
}

fn no_waits() -> PacingSettings {
    PacingSettings::default().without_waits()
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

fn phones(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| format!("+55119{:08}", 87_650_000 + i))
        .collect()
}

fn input(list: &[String]) -> PlanInput {
    PlanInput {
        contacts: list
            .iter()
            .enumerate()
            .map(|(i, phone)| PlanContact {
                row: i as u64 + 2,
                name: None,
                phone: phone.clone(),
            })
            .collect(),
        rejected: vec![],
        duplicates: 0,
        ..Default::default()
    }
}

/// Plans `list` for `provider` (split when it must) and writes one job per part.
fn jobs(h: &History, provider: &AnyProvider, list: &[String], name: &str, split: bool) -> Vec<i64> {
    let options = PlanOptions {
        name: name.into(),
        auto_invite: false,
        create_if_missing: true,
        split,
        own_number: None,
        group_names: Default::default(),
        setup: Default::default(),
    };
    let plan = Plan::build(provider.kind(), &provider.limits(), input(list), &options).unwrap();
    plan.parts
        .iter()
        .map(|part| {
            h.create_job(&NewJob {
                provider: provider.kind(),
                account_id: None,
                account_label: "office",
                part,
                import_rejections: &plan.import_rejections,
                plan_rejections: &plan.plan_rejections,
                source: Some("contacts.csv"),
            })
            .unwrap()
        })
        .collect()
}

async fn run(h: &History, provider: &AnyProvider, id: i64, cfg: EngineConfig) -> Outcome {
    Engine::new(h, provider)
        .with_config(cfg)
        .run(id)
        .await
        .unwrap()
}

fn open(dir: &tempfile::TempDir) -> History {
    History::open(&dir.path().join("history.sqlite3")).unwrap()
}

/// The acceptance scenario for one provider: the create reaches the provider but its answer is
/// lost, the lookup does not see the group yet → "outcome unknown", no second create; a resume
/// while it is still unlisted changes nothing; once listed, a resume carries on with that one
/// group.
async fn lost_create_then_one_group(
    provider: &AnyProvider,
    reveal: impl Fn(),
    groups: impl Fn() -> usize,
    creates: impl Fn() -> usize,
) -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    let h = open(&dir);
    let list = phones(3);
    let id = jobs(&h, provider, &list, "Turma 5B", false)[0];

    let first = run(&h, provider, id, config(no_waits())).await;
    assert_eq!(first.status, JobStatus::Unknown, "{first:?}");
    assert_eq!((groups(), creates()), (1, 1));
    let note = h.job(id).unwrap().note.unwrap_or_default();
    assert!(note.contains("resume"), "the note says what to do: {note}");

    let again = run(&h, provider, id, config(no_waits())).await;
    assert_eq!(again.status, JobStatus::Unknown);
    assert_eq!((groups(), creates()), (1, 1), "no second create");

    reveal();
    let done = run(&h, provider, id, config(no_waits())).await;
    assert!(done.group_exists, "{done:?}");
    assert!(done.pending.is_empty(), "{done:?}");
    assert_eq!((groups(), creates()), (1, 1), "resumed to one group");
    done
}

#[tokio::test]
async fn zapi_lost_create_is_unknown_and_resumes_to_one_group_with_its_link() {
    let s = ZapiStandIn::start(INSTANCE, TOKEN, None, ZAPI_OWN).await;
    s.set_list_lag(HIDDEN);
    s.fault("create-group", Fault::ActThenStall(STALL));
    let p = zapi(&s.uri());
    let done = lost_create_then_one_group(
        &p,
        || s.reveal(),
        || s.groups().len(),
        || s.count("create-group"),
    )
    .await;
    assert!(done.group.invite_link.is_some(), "{done:?}");
    assert_eq!(s.violations(), vec![]);
}

#[tokio::test]
async fn two_chat_lost_create_is_unknown_and_resumes_to_one_group() {
    let s = TwoChatStandIn::start(KEY, FROM).await;
    s.set_list_lag(HIDDEN);
    s.zone(-180);
    s.fault("group/create", Fault::ActThenStall(STALL));
    let p = two_chat(&s.uri());
    lost_create_then_one_group(
        &p,
        || s.reveal(),
        || s.groups().len(),
        || s.count("group/create"),
    )
    .await;
    assert_eq!(s.violations(), vec![]);
}

#[tokio::test]
async fn eazybe_lost_create_is_unknown_and_resumes_to_one_group() {
    let s = EazyBeStandIn::start(ORG).await;
    s.set_list_lag(HIDDEN);
    s.fault("cloud/group", Fault::ActThenStall(STALL));
    let p = eazybe(&s.uri());
    let creates = || {
        s.calls()
            .iter()
            .filter(|c| c.body.as_ref().and_then(|b| b.get("create")) == Some(&json!(true)))
            .count()
    };
    lost_create_then_one_group(&p, || s.reveal(), || s.groups().len(), creates).await;
    assert_eq!(s.violations(), vec![]);
}

#[tokio::test]
async fn zapi_create_answered_500_after_it_happened_is_not_repeated() {
    let s = ZapiStandIn::start(INSTANCE, TOKEN, None, ZAPI_OWN).await;
    s.set_list_lag(HIDDEN);
    s.fault(
        "create-group",
        Fault::ActThenAnswer {
            status: 500,
            body: json!({"error": "Internal Server Error"}),
        },
    );
    let p = zapi(&s.uri());
    let done = lost_create_then_one_group(
        &p,
        || s.reveal(),
        || s.groups().len(),
        || s.count("create-group"),
    )
    .await;
    assert!(done.group.invite_link.is_some());
}

#[tokio::test]
async fn members_are_confirmed_by_whatsapp_identity_and_hidden_ones_stay_unconfirmed() {
    let s = ZapiStandIn::start(INSTANCE, TOKEN, None, ZAPI_OWN).await;
    let list = phones(22); // 20 in the create, 2 in an add that Z-API answers only {value:true}
    let registered = list[20].trim_start_matches('+').to_string();
    let without_ninth = format!("{}{}", &registered[..4], &registered[5..]);
    s.register_as(&registered, &without_ninth);
    s.list_by_lid(list[21].trim_start_matches('+'), "2111897971174599");
    let p = zapi(&s.uri());
    let dir = tempfile::tempdir().unwrap();
    let h = open(&dir);
    let id = jobs(&h, &p, &list, "Turma 5B", false)[0];
    let o = run(&h, &p, id, config(no_waits())).await;
    assert!(o.added.iter().any(|m| m.phone == list[20]), "{o:?}");
    assert!(o.sent.iter().any(|m| m.phone == list[21]), "{o:?}");
    assert!(
        o.rejected.is_empty(),
        "nothing is rejected for being listed differently: {o:?}"
    );
    assert_eq!(s.violations(), vec![]);
}

#[tokio::test]
async fn a_split_list_keeps_the_creation_spacing_and_counts_down() {
    let s = TwoChatStandIn::start(KEY, FROM).await;
    let p = two_chat(&s.uri());
    let dir = tempfile::tempdir().unwrap();
    let h = open(&dir);
    // Three groups of 1023 + the creator.
    let list: Vec<String> = (0..2100).map(|i| format!("+4477{:08}", i)).collect();
    let ids = jobs(&h, &p, &list, "Parents", true);
    assert_eq!(ids.len(), 3);
    // Longer than a part takes to run (about a second here), so parts 2 and 3 wait.
    let spacing = Duration::from_millis(3000);
    let pacing = PacingSettings {
        creation_spacing_ms: spacing.as_millis() as u32,
        ..no_waits()
    };
    let waits: Mutex<Vec<Progress>> = Mutex::new(Vec::new());
    let sink = |p: &Progress| {
        if p.stage == Stage::Waiting && p.wait_until.is_some() {
            waits.lock().unwrap().push(p.clone());
        }
    };
    for id in &ids {
        // A new engine (and pacer) per part, as the CLI and the app run them: the spacing
        // comes from the journal.
        let o = Engine::new(&h, &p)
            .with_config(config(pacing))
            .with_progress(&sink)
            .run(*id)
            .await
            .unwrap();
        assert!(o.group_exists, "{o:?}");
    }
    let times = s.times("group/create");
    assert_eq!(times.len(), 3);
    for pair in times.windows(2) {
        assert!(pair[1] - pair[0] >= spacing, "{:?}", pair[1] - pair[0]);
    }
    assert_eq!(
        waits.lock().unwrap().len(),
        2,
        "a countdown before parts 2 and 3"
    );
    assert_eq!(s.violations(), vec![]);
}

#[tokio::test]
async fn the_daily_creation_limit_stops_before_creating() {
    let s = TwoChatStandIn::start(KEY, FROM).await;
    let p = two_chat(&s.uri());
    let dir = tempfile::tempdir().unwrap();
    let h = open(&dir);
    let limit_one = PacingSettings {
        daily_creation_limit: 1,
        ..no_waits()
    };
    let a = jobs(&h, &p, &phones(2), "Morning", false)[0];
    let b = jobs(&h, &p, &phones(2), "Evening", false)[0];
    assert!(run(&h, &p, a, config(limit_one)).await.group_exists);
    let stopped = run(&h, &p, b, config(limit_one)).await;
    assert_eq!(stopped.status, JobStatus::Incomplete);
    let note = h.job(b).unwrap().note.unwrap_or_default();
    assert!(
        note.contains("daily limit") && note.contains("resume after"),
        "{note}"
    );
    assert_eq!(s.count("group/create"), 1);
}

#[tokio::test]
async fn repeated_too_many_requests_stops_the_run_with_the_time_to_resume() {
    let s = TwoChatStandIn::start(KEY, FROM).await;
    for _ in 0..2 {
        s.fault(
            "add-participant",
            Fault::Refuse {
                status: 429,
                body: json!({"success": false, "message": "Too many requests"}),
            },
        );
    }
    let p = two_chat(&s.uri());
    let dir = tempfile::tempdir().unwrap();
    let h = open(&dir);
    let id = jobs(&h, &p, &phones(12), "Turma 5B", false)[0];
    let o = run(&h, &p, id, config(no_waits())).await;
    assert_eq!(o.status, JobStatus::Incomplete);
    let note = h.job(id).unwrap().note.unwrap_or_default();
    assert!(
        note.contains("resume after") && note.contains("UTC"),
        "{note}"
    );
    assert_eq!(s.count("add-participant"), 2, "no third knock");
}
