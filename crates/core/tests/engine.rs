//! The job engine against a scriptable fake provider and a real SQLite file: success, partial,
//! unknown creates settled by lookups, list lag, retries, crashes between intent and answer,
//! cancellation — and in every one of them, never two groups.

mod common;

use common::*;
use groupdrop_core::history::{CallKind, CallState, History};
use groupdrop_core::job::{Engine, EngineConfig, Progress, Stage, CREATE_CLOCK_ALLOWANCE};
use groupdrop_core::outcome::{JobStatus, RejectStage};
use groupdrop_core::{CancelToken, Outcome};
use groupdrop_providers::{MemberStatus, ProviderError};
use std::collections::HashSet;
use std::sync::Mutex;
use std::time::Duration;

fn config() -> EngineConfig {
    EngineConfig {
        backoff_base: Some(Duration::from_millis(5)),
        ..EngineConfig::default()
    }
}

async fn run(h: &History, fake: &Fake, id: i64) -> Outcome {
    Engine::new(h, fake)
        .with_config(config())
        .run(id)
        .await
        .unwrap()
}

/// Every planned number appears exactly once across the outcome's lists.
fn assert_every_number_once(o: &Outcome, expected: &[String]) {
    let mut seen = Vec::new();
    for m in o
        .added
        .iter()
        .chain(&o.invited)
        .chain(&o.sent)
        .chain(&o.pending)
    {
        seen.push(m.phone.clone());
    }
    for r in &o.rejected {
        if let Some(p) = &r.phone {
            seen.push(p.clone());
        }
    }
    let unique: HashSet<&String> = seen.iter().collect();
    assert_eq!(
        unique.len(),
        seen.len(),
        "a number is listed twice: {seen:?}"
    );
    let expected: HashSet<&String> = expected.iter().collect();
    assert_eq!(unique, expected);
}

#[tokio::test]
async fn twenty_five_numbers_one_create_two_batches_all_added() {
    let dir = tempfile::tempdir().unwrap();
    let h = open(&dir);
    let fake = Fake::new(limits(10, 10));
    let id = job(&h, &fake, input(25), "Team");
    let events = Mutex::new(Vec::<Progress>::new());
    let sink = |p: &Progress| events.lock().unwrap().push(p.clone());
    let o = Engine::new(&h, &fake)
        .with_config(config())
        .with_progress(&sink)
        .run(id)
        .await
        .unwrap();
    assert_eq!(o.status, JobStatus::Done);
    assert_eq!(o.added.len(), 25);
    assert!(o.group_exists);
    assert_eq!(o.group.id.as_deref(), Some("G1@g.us"));
    assert_eq!(
        o.group.invite_link.as_deref(),
        Some("https://chat.whatsapp.com/G1")
    );
    assert_eq!(o.group.note.as_deref(), Some("Fake provider note."));
    assert_eq!(fake.count("create"), 1);
    assert_eq!(fake.count("add"), 2);
    let sizes: Vec<usize> = fake
        .state
        .lock()
        .unwrap()
        .log
        .iter()
        .map(|(_, n, _)| *n)
        .collect();
    assert_eq!(sizes, vec![10, 10, 5, 0], "create, add, add, link");
    assert_every_number_once(&o, &phones(25));
    // The journal has one answered entry per call, in order.
    let calls = h.calls(id).unwrap();
    let kinds: Vec<CallKind> = calls.iter().map(|c| c.kind).collect();
    assert_eq!(
        kinds,
        vec![
            CallKind::Create,
            CallKind::Add,
            CallKind::Add,
            CallKind::Link
        ]
    );
    assert!(calls.iter().all(|c| c.state == CallState::Answered));
    // Progress: batches counted up to 3 of 3 and the adds reported as they came.
    let events = events.into_inner().unwrap();
    let adding: Vec<(u32, u32, u32)> = events
        .iter()
        .filter(|p| p.stage == Stage::Adding)
        .map(|p| (p.batch, p.batches, p.counts.added))
        .collect();
    assert_eq!(adding, vec![(2, 3, 10), (2, 3, 20), (3, 3, 20), (3, 3, 25)]);
    assert_eq!(events.last().unwrap().stage, Stage::Finished);
}

#[tokio::test]
async fn provider_and_import_rejections_make_a_partial_result() {
    let dir = tempfile::tempdir().unwrap();
    let h = open(&dir);
    let mut fake = Fake::new(limits(10, 10));
    let all = phones(12);
    fake.special.insert(all[3].clone(), MemberStatus::Rejected);
    fake.special.insert(all[11].clone(), MemberStatus::Invited);
    let mut inp = input(12);
    inp.rejected.push(import_rejection(40));
    let id = job(&h, &fake, inp, "Team");
    let o = run(&h, &fake, id).await;
    assert_eq!(o.status, JobStatus::Partial);
    assert_eq!(o.added.len(), 10);
    assert_eq!(o.invited.len(), 1);
    assert_eq!(o.invited[0].phone, all[11]);
    assert_eq!(o.invited[0].row, Some(13));
    assert_eq!(o.rejected.len(), 2);
    let provider = o
        .rejected
        .iter()
        .find(|r| r.stage == RejectStage::Provider)
        .unwrap();
    assert_eq!(provider.phone.as_deref(), Some(all[3].as_str()));
    assert_eq!(provider.reason, "not on WhatsApp");
    let import = o
        .rejected
        .iter()
        .find(|r| r.stage == RejectStage::Import)
        .unwrap();
    assert_eq!(import.input.as_deref(), Some("12345"));
    assert_eq!(import.row, Some(40));
    assert_every_number_once(&o, &all);
}

#[tokio::test]
async fn import_rejections_alone_also_make_it_partial() {
    let dir = tempfile::tempdir().unwrap();
    let h = open(&dir);
    let fake = Fake::new(limits(10, 10));
    let mut inp = input(3);
    inp.rejected.push(import_rejection(9));
    let id = job(&h, &fake, inp, "T");
    assert_eq!(run(&h, &fake, id).await.status, JobStatus::Partial);
}

/// Rule 2: a create that timed out after sending is settled by a lookup, never repeated.
#[tokio::test]
async fn unknown_create_then_lookup_finds_the_group_and_carries_on() {
    for error in [
        timeout_after_send(),
        down(),
        ProviderError::Malformed {
            provider: "Fake",
            detail: "x".into(),
        },
        ProviderError::Network {
            provider: "Fake",
            sent: true,
            detail: "connection reset".into(),
        },
    ] {
        let dir = tempfile::tempdir().unwrap();
        let h = open(&dir);
        let fake = Fake::new(limits(10, 10));
        fake.script("create", vec![Step::FailAfter(clone_error(&error))]);
        let id = job(&h, &fake, input(15), "Team");
        let o = run(&h, &fake, id).await;
        assert_eq!(o.status, JobStatus::Done, "{error:?}");
        assert_eq!(fake.count("create"), 1, "{error:?}");
        assert_eq!(fake.groups().len(), 1, "{error:?}");
        assert_eq!(fake.count("lookup"), 1);
        // The create's batch is re-added on the found group (adds are idempotent), then batch 2.
        assert_eq!(fake.count("add"), 2);
        assert_every_number_once(&o, &phones(15));
        let calls = h.calls(id).unwrap();
        assert_eq!(calls[0].kind, CallKind::Create);
        assert_eq!(calls[0].state, CallState::Unknown);
        assert_eq!(calls[1].kind, CallKind::Lookup);
        assert_eq!(calls[1].state, CallState::Answered);
    }
}

#[tokio::test]
async fn unknown_create_that_did_not_happen_is_created_once_more_after_the_lookup() {
    let dir = tempfile::tempdir().unwrap();
    let h = open(&dir);
    let fake = Fake::new(limits(10, 10));
    fake.script("create", vec![Step::FailBefore(down())]);
    let id = job(&h, &fake, input(5), "Team");
    let o = run(&h, &fake, id).await;
    assert_eq!(o.status, JobStatus::Done);
    assert_eq!(fake.count("lookup"), 1, "looked before creating again");
    assert_eq!(fake.count("create"), 2);
    assert_eq!(fake.groups().len(), 1, "one group in the end");
}

/// Rule 1: 2Chat lists new groups late. A "not found" sooner than `list_lag` after the uncertain
/// create proves nothing: stay unknown, and only create again once the lag has passed.
#[tokio::test]
async fn list_lag_is_respected_before_creating_again() {
    let dir = tempfile::tempdir().unwrap();
    let h = open(&dir);
    let mut l = limits(10, 10);
    l.list_lag = Duration::from_millis(400);
    let fake = Fake::new(l);
    fake.script("create", vec![Step::FailBefore(timeout_after_send())]);
    let id = job(&h, &fake, input(5), "Team");

    let o = run(&h, &fake, id).await;
    assert_eq!(o.status, JobStatus::Unknown);
    assert!(!o.group_exists);
    let note = o.group.note.clone().unwrap();
    assert!(note.contains("resume"), "{note}");
    assert_eq!(fake.count("create"), 1);

    // Straight away again: still too early, still no second create.
    let o = run(&h, &fake, id).await;
    assert_eq!(o.status, JobStatus::Unknown);
    assert_eq!(fake.count("create"), 1);
    assert_eq!(fake.count("lookup"), 2);

    tokio::time::sleep(Duration::from_millis(450)).await;
    let o = run(&h, &fake, id).await;
    assert_eq!(o.status, JobStatus::Done);
    assert_eq!(fake.count("create"), 2);
    assert_eq!(fake.groups().len(), 1);
}

/// The lost create did happen but the provider lists it late: once visible, the lookup finds it
/// and no second group is made.
#[tokio::test]
async fn a_late_listed_group_is_found_not_recreated() {
    let dir = tempfile::tempdir().unwrap();
    let h = open(&dir);
    let mut l = limits(10, 10);
    l.list_lag = Duration::from_millis(600);
    let mut fake = Fake::new(l);
    fake.hidden_for = Duration::from_millis(200);
    fake.script("create", vec![Step::FailAfter(timeout_after_send())]);
    let id = job(&h, &fake, input(5), "Team");
    assert_eq!(run(&h, &fake, id).await.status, JobStatus::Unknown);
    tokio::time::sleep(Duration::from_millis(250)).await;
    let o = run(&h, &fake, id).await;
    assert_eq!(o.status, JobStatus::Done);
    assert_eq!(fake.count("create"), 1);
    assert_eq!(fake.groups().len(), 1);
    assert_every_number_once(&o, &phones(5));
}

/// Rule 2 for crashes: an intent with no answer is "may have happened".
#[tokio::test]
async fn crash_between_create_intent_and_answer_is_settled_by_lookup() {
    // The create reached the provider before the crash.
    let dir = tempfile::tempdir().unwrap();
    let h = open(&dir);
    let fake = Fake::new(limits(10, 10));
    let id = job(&h, &fake, input(12), "Team");
    h.begin_call(id, CallKind::Create, Some(0), 1).unwrap();
    fake.state.lock().unwrap().groups.push(FakeGroup {
        name: "Team".into(),
        handle: "G9".into(),
        members: vec![],
        created: std::time::Instant::now(),
        created_unix_ms: Some(groupdrop_core::history::now_ms()),
    });
    let o = run(&h, &fake, id).await;
    assert_eq!(o.status, JobStatus::Done);
    assert_eq!(fake.count("create"), 0);
    assert_eq!(o.group.id.as_deref(), Some("G9@g.us"));
    assert_every_number_once(&o, &phones(12));

    // The create never left before the crash.
    let dir = tempfile::tempdir().unwrap();
    let h = open(&dir);
    let fake = Fake::new(limits(10, 10));
    let id = job(&h, &fake, input(3), "Team");
    h.begin_call(id, CallKind::Create, Some(0), 1).unwrap();
    let o = run(&h, &fake, id).await;
    assert_eq!(o.status, JobStatus::Done);
    assert_eq!((fake.count("lookup"), fake.count("create")), (1, 1));
}

/// A school makes "Class 5B parents" every year. When this year's create is lost, the lookup
/// asks only for groups created since that create (less the clock allowance), so last year's
/// group is not adopted: the job waits out `list_lag` like any "not found" and then creates its
/// own group. Last year's group never receives anyone.
#[tokio::test]
async fn an_older_group_with_the_same_name_is_never_adopted() {
    let dir = tempfile::tempdir().unwrap();
    let h = open(&dir);
    let mut l = limits(10, 10);
    l.list_lag = Duration::from_millis(400);
    let fake = Fake::new(l);
    let year_ago = groupdrop_core::history::now_ms() - 365 * 24 * 3600 * 1000;
    let old_members = vec!["+5511900000001".to_string()];
    fake.state.lock().unwrap().groups.push(FakeGroup {
        name: "Class 5B parents".into(),
        handle: "G-last-year".into(),
        members: old_members.clone(),
        created: std::time::Instant::now(),
        created_unix_ms: Some(year_ago),
    });
    fake.script("create", vec![Step::FailBefore(timeout_after_send())]);
    let id = job(&h, &fake, input(15), "Class 5B parents");

    let o = run(&h, &fake, id).await;
    assert_eq!(o.status, JobStatus::Unknown, "{:?}", o.group.note);
    assert!(!o.group_exists);
    let calls = h.calls(id).unwrap();
    assert_eq!(
        (calls[0].kind, calls[1].kind),
        (CallKind::Create, CallKind::Lookup)
    );
    // The bound is the create intent's journal time (ms) less the allowance.
    let bound = calls[0].started_at - CREATE_CLOCK_ALLOWANCE.as_millis() as i64;
    assert_eq!(CREATE_CLOCK_ALLOWANCE, Duration::from_secs(600));
    assert_eq!(fake.state.lock().unwrap().lookup_bounds, vec![Some(bound)]);
    assert_eq!((fake.count("create"), fake.count("add")), (1, 0));

    // Still inside list_lag: no second create yet, and the bound is still the first create's.
    let o = run(&h, &fake, id).await;
    assert_eq!(o.status, JobStatus::Unknown);
    assert_eq!(fake.count("create"), 1);

    tokio::time::sleep(Duration::from_millis(450)).await;
    let o = run(&h, &fake, id).await;
    assert_eq!(o.status, JobStatus::Done);
    assert_eq!(fake.count("create"), 2);
    assert_eq!(
        fake.state.lock().unwrap().lookup_bounds,
        vec![Some(bound); 3]
    );
    let groups = fake.groups();
    assert_eq!(groups.len(), 2);
    assert_eq!(groups[0].handle, "G-last-year");
    assert_eq!(
        groups[0].members, old_members,
        "last year's group untouched"
    );
    assert_eq!(o.group.id.as_deref(), Some("G2@g.us"));
    assert_eq!(groups[1].members.len(), 15);
    assert_every_number_once(&o, &phones(15));
}

/// A crash right after the create left: this year's group exists, and last year's namesake is
/// listed after it (where the newest usually is). The lookup's bound still picks this year's.
#[tokio::test]
async fn after_a_crash_the_new_group_is_found_not_its_older_namesake() {
    let dir = tempfile::tempdir().unwrap();
    let h = open(&dir);
    let fake = Fake::new(limits(10, 10));
    let id = job(&h, &fake, input(12), "Class 5B parents");
    h.begin_call(id, CallKind::Create, Some(0), 1).unwrap();
    let now = groupdrop_core::history::now_ms();
    for (handle, created) in [
        ("G-this-year", now),
        ("G-last-year", now - 365 * 86_400_000),
    ] {
        fake.state.lock().unwrap().groups.push(FakeGroup {
            name: "Class 5B parents".into(),
            handle: handle.into(),
            members: vec![],
            created: std::time::Instant::now(),
            created_unix_ms: Some(created),
        });
    }
    let o = run(&h, &fake, id).await;
    assert_eq!(o.status, JobStatus::Done);
    assert_eq!(fake.count("create"), 0);
    assert_eq!(o.group.id.as_deref(), Some("G-this-year@g.us"));
    let groups = fake.groups();
    assert!(groups[1].members.is_empty(), "last year's group untouched");
    assert_eq!(groups[0].members.len(), 12);
    let started = h.calls(id).unwrap()[0].started_at;
    assert_eq!(
        fake.state.lock().unwrap().lookup_bounds,
        vec![Some(started - 600_000)]
    );
}

#[tokio::test]
async fn crash_between_add_intent_and_answer_repeats_the_batch() {
    let dir = tempfile::tempdir().unwrap();
    let h = open(&dir);
    let fake = Fake::new(limits(10, 10));
    let id = job(&h, &fake, input(15), "Team");
    // First run stops after the create (cancelled at the first progress event after it).
    let cancel = CancelToken::new();
    let c2 = cancel.clone();
    let sink = move |p: &Progress| {
        if p.stage == Stage::Creating && p.counts.added > 0 {
            c2.cancel();
        }
    };
    let o = Engine::new(&h, &fake)
        .with_config(config())
        .with_cancel(cancel)
        .with_progress(&sink)
        .run(id)
        .await
        .unwrap();
    assert_eq!(o.status, JobStatus::Incomplete);
    assert!(o.group_exists);
    assert_eq!(o.pending.len(), 5);
    // Simulate a kill right after the add intent was journaled.
    h.begin_call(id, CallKind::Add, Some(1), 1).unwrap();
    let o = run(&h, &fake, id).await;
    assert_eq!(o.status, JobStatus::Done);
    assert_eq!(fake.count("create"), 1);
    assert_every_number_once(&o, &phones(15));
}

/// Rule 3: 429 with Retry-After on an add is waited out and retried; the create is retried too
/// when the 429 says it did not happen.
#[tokio::test]
async fn rate_limits_are_retried_after_retry_after() {
    let dir = tempfile::tempdir().unwrap();
    let h = open(&dir);
    let fake = Fake::new(limits(10, 10));
    fake.script("create", vec![Step::FailBefore(rate_limited(50))]);
    fake.script("add", vec![Step::FailBefore(rate_limited(200))]);
    let id = job(&h, &fake, input(15), "Team");
    let o = run(&h, &fake, id).await;
    assert_eq!(o.status, JobStatus::Done);
    assert_eq!(fake.count("create"), 2);
    assert_eq!(fake.groups().len(), 1);
    let adds = fake.call_times("add");
    assert_eq!(adds.len(), 2);
    let waited = adds[1] - adds[0];
    assert!(
        waited >= Duration::from_millis(200),
        "Retry-After honoured: {waited:?}"
    );
    let creates = fake.call_times("create");
    assert!(creates[1] - creates[0] >= Duration::from_millis(50));
    let calls = h.calls(id).unwrap();
    assert_eq!(calls[0].state, CallState::Failed);
    assert_eq!(calls[0].error_kind.as_deref(), Some("rateLimited"));
}

#[tokio::test]
async fn retries_are_bounded_and_leave_the_job_resumable() {
    let dir = tempfile::tempdir().unwrap();
    let h = open(&dir);
    let fake = Fake::new(limits(10, 10));
    // "Busy" (2Chat 409/410/486) is retried up to the bound; "too many requests" stops sooner
    // (see the stand-in tests).
    let busy = ProviderError::Busy {
        provider: "Fake",
        detail: "the number is busy".into(),
        retry_after: Some(Duration::from_millis(1)),
    };
    fake.script("add", vec![Step::FailBefore(busy); 5]);
    let id = job(&h, &fake, input(15), "Team");
    let o = run(&h, &fake, id).await;
    assert_eq!(o.status, JobStatus::Incomplete);
    assert_eq!(fake.count("add"), 5);
    assert_eq!(o.pending.len(), 5);
    assert!(o.group.note.unwrap().contains("Stopped at batch 2 of 2"));
    let o = run(&h, &fake, id).await;
    assert_eq!(o.status, JobStatus::Done);
    assert_eq!(fake.count("create"), 1);
}

#[tokio::test]
async fn a_retry_after_longer_than_max_wait_stops_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let h = open(&dir);
    let fake = Fake::new(limits(10, 10));
    fake.script("add", vec![Step::FailBefore(rate_limited(3_600_000))]);
    let id = job(&h, &fake, input(15), "Team");
    let o = run(&h, &fake, id).await;
    assert_eq!(o.status, JobStatus::Incomplete);
    let note = o.group.note.unwrap();
    assert!(
        note.contains("(60 min)") && note.contains("resume after"),
        "{note}"
    );
}

/// Errors that say nothing happened and will not get better on their own fail the job at once.
#[tokio::test]
async fn credentials_refused_on_create_fails_without_retry() {
    let dir = tempfile::tempdir().unwrap();
    let h = open(&dir);
    let fake = Fake::new(limits(10, 10));
    fake.script(
        "create",
        vec![Step::FailBefore(ProviderError::Credentials {
            provider: "Fake",
            hint: "Copy the key again.".into(),
        })],
    );
    let id = job(&h, &fake, input(3), "Team");
    let o = run(&h, &fake, id).await;
    assert_eq!(o.status, JobStatus::Failed);
    assert!(!o.group_exists);
    assert_eq!(fake.count("create"), 1);
    assert_eq!(fake.count("lookup"), 0);
    assert!(o.group.note.unwrap().contains("Copy the key again."));
    assert_eq!(o.pending.len(), 3);
    // Fixed credentials: resume creates (nothing was created before).
    let o = run(&h, &fake, id).await;
    assert_eq!(o.status, JobStatus::Done);
    assert_eq!(fake.groups().len(), 1);
}

/// A provider that keeps timing out after sending: bounded creates per run, one group at most.
#[tokio::test]
async fn a_provider_that_always_times_out_never_gets_two_groups() {
    let dir = tempfile::tempdir().unwrap();
    let h = open(&dir);
    let mut l = limits(10, 10);
    l.list_lag = Duration::ZERO;
    let mut fake = Fake::new(l);
    // Groups never become visible to lookups: the worst case for duplicates.
    fake.hidden_for = Duration::from_secs(3600);
    fake.script("create", vec![Step::FailAfter(timeout_after_send()); 10]);
    let id = job(&h, &fake, input(3), "Team");
    let o = run(&h, &fake, id).await;
    assert_eq!(o.status, JobStatus::Unknown);
    // With list_lag 0 and an invisible group, a second create is allowed by the rules; the bound
    // is what stops a loop.
    assert!(fake.count("create") <= 2);
}

#[tokio::test]
async fn eazybe_style_lookup_settles_the_probe_batch() {
    let dir = tempfile::tempdir().unwrap();
    let h = open(&dir);
    let mut l = limits(10, 10);
    l.per_number_results = false;
    let mut fake = Fake::new(l);
    fake.lookup_settles_probe = true;
    fake.invite_links = false;
    for p in phones(12) {
        fake.special.insert(p, MemberStatus::Sent);
    }
    fake.script("create", vec![Step::FailAfter(down())]);
    let id = job(&h, &fake, input(12), "Team");
    let o = run(&h, &fake, id).await;
    assert_eq!(fake.count("create"), 1);
    assert_eq!(fake.count("lookup"), 1);
    // Only batch 2 was added: the lookup itself carried batch 1.
    assert_eq!(fake.count("add"), 1);
    assert_eq!(o.status, JobStatus::Done);
    assert_every_number_once(&o, &phones(12));
    assert_eq!(o.group.invite_link, None);
}

/// A provider with no link endpoint and no member list (EazyBe): the engine neither asks for a
/// link nor for members, so no call (and no pacing gap) is spent on nothing; the numbers stay
/// "sent, not confirmed" and the run is done.
#[tokio::test]
async fn no_link_or_member_calls_where_the_provider_has_none() {
    let dir = tempfile::tempdir().unwrap();
    let h = open(&dir);
    let mut l = limits(10, 10);
    l.per_number_results = false;
    l.invite_link_call = false;
    l.member_list = false;
    let mut fake = Fake::new(l);
    fake.invite_links = false;
    for p in phones(12) {
        fake.special.insert(p, MemberStatus::Sent);
    }
    let id = job(&h, &fake, input(12), "Team");
    let o = run(&h, &fake, id).await;
    assert_eq!(fake.count("create"), 1);
    assert_eq!(fake.count("add"), 1);
    assert_eq!(fake.count("link"), 0);
    assert_eq!(fake.count("members"), 0);
    assert_eq!(o.status, JobStatus::Done);
    assert_eq!(o.sent.len(), 12);
    assert_eq!(o.group.invite_link, None);
}

/// Rule 5: where adds give no per-number result, the member list decides.
#[tokio::test]
async fn sent_members_are_confirmed_from_the_member_list() {
    for auto_invite in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let h = open(&dir);
        let mut l = limits(10, 10);
        l.per_number_results = false;
        let mut fake = Fake::new(l);
        let all = phones(4);
        for p in &all {
            fake.special.insert(p.clone(), MemberStatus::Sent);
        }
        let id = job(&h, &fake, input(4), "Team");
        if auto_invite {
            let conn = rusqlite::Connection::open(h.path()).unwrap();
            conn.execute(
                "UPDATE jobs SET options = json_set(options, '$.auto_invite', json('true')) WHERE id = ?1",
                [id],
            )
            .unwrap();
        }
        // The create "sends" all four; one of them does not actually get in.
        let o = run_with_silent_drop(&h, &fake, id, &all[2]).await;
        assert_eq!(fake.count("members"), 1);
        assert_eq!(o.added.len(), 3);
        assert!(o.sent.is_empty());
        if auto_invite {
            assert_eq!(o.status, JobStatus::Done);
            assert_eq!(o.invited[0].phone, all[2]);
        } else {
            assert_eq!(o.status, JobStatus::Partial);
            assert_eq!(o.rejected[0].phone.as_deref(), Some(all[2].as_str()));
            assert_eq!(o.rejected[0].stage, RejectStage::Provider);
        }
    }
}

/// Runs the job, taking `phone` out of the fake's group as soon as the create made it.
async fn run_with_silent_drop(h: &History, fake: &Fake, id: i64, phone: &str) -> Outcome {
    let sink = |p: &Progress| {
        if p.stage == Stage::Creating && p.counts.sent > 0 {
            let mut st = fake.state.lock().unwrap();
            for g in &mut st.groups {
                g.members.retain(|m| m != phone);
            }
        }
    };
    Engine::new(h, fake)
        .with_config(config())
        .with_progress(&sink)
        .run(id)
        .await
        .unwrap()
}

#[tokio::test]
async fn cancel_stops_between_calls_and_resume_finishes() {
    let dir = tempfile::tempdir().unwrap();
    let h = open(&dir);
    let fake = Fake::new(limits(10, 10));
    let id = job(&h, &fake, input(35), "Team");
    let cancel = CancelToken::new();
    let c2 = cancel.clone();
    let sink = move |p: &Progress| {
        if p.stage == Stage::Adding && p.counts.added >= 20 {
            c2.cancel();
        }
    };
    let o = Engine::new(&h, &fake)
        .with_config(config())
        .with_cancel(cancel)
        .with_progress(&sink)
        .run(id)
        .await
        .unwrap();
    assert_eq!(o.status, JobStatus::Incomplete);
    assert_eq!(o.added.len(), 20);
    assert_eq!(o.pending.len(), 15);
    assert!(o.group.note.unwrap().contains("resume"));
    let o = run(&h, &fake, id).await;
    assert_eq!(o.status, JobStatus::Done);
    assert_eq!(fake.count("create"), 1);
    assert_eq!(fake.count("add"), 3);
    assert_every_number_once(&o, &phones(35));
}

#[tokio::test]
async fn calls_are_paced_by_min_gap() {
    let dir = tempfile::tempdir().unwrap();
    let h = open(&dir);
    let mut l = limits(2, 2);
    l.min_gap = Duration::from_millis(60);
    let fake = Fake::new(l);
    let id = job(&h, &fake, input(6), "Team");
    run(&h, &fake, id).await;
    let times: Vec<_> = fake
        .state
        .lock()
        .unwrap()
        .log
        .iter()
        .map(|(_, _, t)| *t)
        .collect();
    assert_eq!(times.len(), 4);
    for w in times.windows(2) {
        assert!(
            w[1] - w[0] >= Duration::from_millis(60),
            "{:?}",
            w[1] - w[0]
        );
    }
}

#[tokio::test]
async fn pacing_override_replaces_the_providers_gap() {
    let dir = tempfile::tempdir().unwrap();
    let h = open(&dir);
    let mut l = limits(2, 2);
    l.min_gap = Duration::from_secs(3600);
    let fake = Fake::new(l);
    let id = job(&h, &fake, input(4), "Team");
    let cfg = EngineConfig {
        min_gap_override: Some(Duration::from_millis(1)),
        ..config()
    };
    let o = Engine::new(&h, &fake)
        .with_config(cfg)
        .run(id)
        .await
        .unwrap();
    assert_eq!(o.status, JobStatus::Done);
}

#[tokio::test]
async fn a_second_runner_on_the_same_job_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let h = open(&dir);
    let fake = Fake::new(limits(10, 10));
    let id = job(&h, &fake, input(3), "Team");
    let _held = h.lock_job(id).unwrap();
    let e = Engine::new(&h, &fake).run(id).await.unwrap_err();
    assert_eq!(e.kind(), groupdrop_core::ErrorKind::JobRunning);
    assert!(matches!(e, groupdrop_core::CoreError::JobBusy(_)), "{e:?}");
    assert_eq!(fake.count("create"), 0);
}

#[tokio::test]
async fn a_finished_job_is_not_run_again() {
    let dir = tempfile::tempdir().unwrap();
    let h = open(&dir);
    let fake = Fake::new(limits(10, 10));
    let id = job(&h, &fake, input(3), "Team");
    run(&h, &fake, id).await;
    let again = run(&h, &fake, id).await;
    assert_eq!(again.status, JobStatus::Done);
    assert_eq!(
        fake.state.lock().unwrap().log.len(),
        2,
        "create + link only"
    );
}

#[tokio::test]
async fn secrets_in_provider_errors_never_reach_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let h = open(&dir);
    let fake = Fake::new(limits(10, 10));
    fake.script(
        "create",
        vec![Step::FailBefore(ProviderError::Network {
            provider: "Fake",
            sent: false,
            detail: "error sending request for url (https://x/instances/ID-77/token/TOK-SECRET-991/create-group)".into(),
        }); 5],
    );
    let id = job(&h, &fake, input(3), "Team");
    let redactor =
        groupdrop_core::redact::Redactor::new([secrecy::SecretString::from("TOK-SECRET-991")]);
    let o = Engine::new(&h, &fake)
        .with_config(config())
        .with_redactor(redactor)
        .run(id)
        .await
        .unwrap();
    assert_eq!(o.status, JobStatus::Failed);
    assert!(o.group.note.unwrap().contains("[redacted]"));
    drop(h);
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let p = entry.unwrap().path();
        if p.is_file() {
            let bytes = std::fs::read(&p).unwrap();
            assert!(
                !bytes.windows(14).any(|w| w == b"TOK-SECRET-991"),
                "secret in {p:?}"
            );
        }
    }
}
