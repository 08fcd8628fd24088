//! SIGKILL `groupdrop-cli create` at different points of a run — while the create is in flight,
//! after its answer, while an add batch is in flight, between batches, after the last batch —
//! then `groupdrop-cli resume`: the provider must have seen exactly one create, and the final
//! result must list every number exactly once with the outcome the provider gave it.

mod jobs_support;

use groupdrop_providers::practice::practice_outcome;
use groupdrop_providers::MemberStatus;
use jobs_support::*;
use serde_json::{json, Value};
use std::process::Stdio;
use std::time::{Duration, Instant};

fn wait_for(what: &str, timeout: Duration, mut f: impl FnMut() -> bool) {
    let start = Instant::now();
    while !f() {
        assert!(start.elapsed() < timeout, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// The job's status as `show` reports it, or `None` when no job was written yet.
fn status(data: &std::path::Path) -> Option<String> {
    let out = run(cli(data, &[], &["show", "1", "--json"]));
    out.status
        .success()
        .then(|| json_out(&out)["status"].as_str().unwrap().to_string())
}

/// Starts a create, kills it `offset` after the server received the create, resumes it.
fn kill_then_resume(lb: &Loopback, offset: Duration, n: usize) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let (file, phones) = contacts_csv(dir.path(), n, &[]);
    let name = "Kill test";
    // The user already has last year's group with this name: a lookup after the kill must not
    // take it for the one this run created.
    let old_id = lb.seed_old_group(name);
    let mut cmd = cli(
        &data,
        &lb.env(),
        &[
            "create",
            "--provider",
            lb.provider_arg(),
            "--name",
            name,
            "--contacts",
            file.to_str().unwrap(),
            "--country",
            "BR",
            "--yes",
            "--json",
        ],
    );
    // Slow enough to aim a kill between calls: each call starts 1.5 s after the previous one.
    cmd.env("GROUPDROP_PACING_MS", "1500")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let mut child = cmd.spawn().unwrap();
    wait_for(
        "the create to reach the server",
        Duration::from_secs(30),
        || lb.creates() == 1,
    );
    let create_at = lb.create_requests()[0].at;
    let kill_at = create_at + offset;
    if let Some(wait) = kill_at.checked_duration_since(Instant::now()) {
        std::thread::sleep(wait);
    }
    child.kill().unwrap(); // SIGKILL on Unix: no destructor, no flush, no goodbye
    let exit = child.wait().unwrap();
    assert!(!exit.success(), "the run was cut short at {offset:?}");
    let before = status(&data).expect("the job was written before the create was sent");
    assert!(
        before != "done" && before != "partial",
        "killed at {offset:?} but the run had already finished; the test aimed badly"
    );
    let journal = stdout(&run(cli(&data, &[], &["show", "1", "--calls"])));
    eprintln!("killed at {offset:?}: {before}\n{journal}");

    let out = run(cli(&data, &lb.env(), &["resume", "1", "--json"]));
    assert!(
        out.status.success(),
        "resume after a kill at {offset:?}: {}",
        stderr(&out)
    );
    let o = json_out(&out);
    assert_eq!(lb.creates(), 1, "exactly one create (killed at {offset:?})");
    let made = lb.created_groups();
    assert_eq!(made.len(), 1);
    let old = lb.with(|s| s.groups.iter().find(|g| g.id == old_id).cloned().unwrap());
    assert_eq!(
        old.members,
        vec!["5511900000001".to_string()],
        "last year's group untouched (killed at {offset:?})"
    );
    assert_eq!(o["status"], json!("done"), "killed at {offset:?}: {o}");
    assert_each_once(&o, &phones);
    let everyone = o["added"].as_array().unwrap().len() + o["sent"].as_array().unwrap().len();
    assert_eq!(everyone, n);
    // The provider has everyone too: nothing was lost between the kill and the resume.
    assert_eq!(made[0].members.len(), n);
    // An answer that arrived before the kill is kept: no number is sent more than twice (the
    // batch in flight at the kill is the only one that may be repeated).
    let mut sends = std::collections::HashMap::<String, usize>::new();
    for r in lb.with(|s| s.seen.clone()) {
        let list = match lb.kind {
            Kind::TwoChat => r.body["group"]["participants"]
                .as_array()
                .or(r.body["participants"].as_array())
                .cloned(),
            _ => r.body["phones"]
                .as_array()
                .or(r.body["contacts"].as_array())
                .cloned(),
        };
        for p in list.unwrap_or_default() {
            *sends.entry(p.as_str().unwrap().to_string()).or_default() += 1;
        }
    }
    assert!(
        sends.values().all(|&k| k <= 2),
        "killed at {offset:?}: {sends:?}"
    );
}

/// 2Chat (25 numbers: create 10, add 10, add 5) with a create that takes 0.8 s and adds 0.9 s;
/// calls start 1.5 s apart. Offsets from the server receiving the create:
/// 0.3 s create in flight · 1.15 s create answered, before the first add · 1.9 s add 1 in flight ·
/// 2.7 s between the batches · 3.3 s and 3.6 s add 2 in flight. Every point keeps ≥ 0.3 s from
/// the nearest transition; 2Chat has no link or member call, so the run ends as soon as the
/// last answer is journaled (3.9 s).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twochat_killed_anywhere_resumes_with_one_group_and_every_outcome() {
    for offset_ms in [300, 1150, 1900, 2700, 3300, 3600] {
        let lb = Loopback::start(Kind::TwoChat).await;
        lb.with(|s| {
            s.create_delay = Duration::from_millis(800);
            s.add_delay = Duration::from_millis(900);
        });
        kill_then_resume(&lb, Duration::from_millis(offset_ms), 25);
    }
}

/// Z-API (45 numbers: create 20, add 20, add 5; adds confirmed from the member list).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn zapi_killed_mid_create_and_between_batches() {
    for offset_ms in [300, 2300] {
        let lb = Loopback::start(Kind::Zapi).await;
        lb.with(|s| {
            s.create_delay = Duration::from_millis(800);
            s.add_delay = Duration::from_millis(600);
        });
        kill_then_resume(&lb, Duration::from_millis(offset_ms), 45);
    }
}

/// When to kill a practice run.
#[derive(Clone, Copy, Debug)]
enum At {
    /// This long after the process started (import, "test connection", create in flight).
    FromStart(u64),
    /// This long after the engine took the job's lock, right before the create's intent is
    /// journaled (the create then sleeps 600 ms in the practice provider).
    AfterJobStarted(u64),
    /// This long after the practice provider saved the new group (the create's answer is on its
    /// way back, then the add batches follow, 600 ms each: 1.8 s in all, so the latest kill
    /// point keeps a 0.7 s margin on a loaded CI machine).
    AfterGroupSaved(u64),
}

/// The practice provider keeps its groups in the data dir, so a lookup works across processes.
/// Kill at many points (some before the job exists, some while the create sleeps, right after
/// the group was saved, during and between batches), then resume.
#[test]
fn practice_killed_anywhere_resumes_with_one_group_and_every_outcome() {
    let n = 70; // create 20 + adds of 20, 20, 10
    let points = [
        At::FromStart(30),
        At::FromStart(300),
        At::AfterJobStarted(100),
        At::AfterJobStarted(300),
        At::AfterGroupSaved(0),
        At::AfterGroupSaved(150),
        At::AfterGroupSaved(450),
        At::AfterGroupSaved(850),
        At::AfterGroupSaved(1100),
    ];
    for at in points {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let (file, phones) = contacts_csv(dir.path(), n, &[]);
        let env = [("GROUPDROP_PRACTICE_DELAY_MS", "600".to_string())];
        let mut cmd = cli(
            &data,
            &env,
            &[
                "create",
                "--provider",
                "practice",
                "--name",
                "Practice kill",
                "--contacts",
                file.to_str().unwrap(),
                "--country",
                "BR",
                "--yes",
                "--json",
            ],
        );
        cmd.env("GROUPDROP_PACING_MS", "0")
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        let groups_file = data.join("practice-groups.json");
        let started = Instant::now();
        let mut child = cmd.spawn().unwrap();
        let kill_at = match at {
            At::FromStart(ms) => started + Duration::from_millis(ms),
            At::AfterJobStarted(ms) => {
                let lock = data.join("locks").join("job-1.lock");
                wait_for("the job to start", Duration::from_secs(30), || {
                    lock.exists()
                });
                Instant::now() + Duration::from_millis(ms)
            }
            At::AfterGroupSaved(ms) => {
                wait_for("the practice group", Duration::from_secs(30), || {
                    groups_file.exists()
                });
                Instant::now() + Duration::from_millis(ms)
            }
        };
        if let Some(wait) = kill_at.checked_duration_since(Instant::now()) {
            std::thread::sleep(wait);
        }
        let still_running = child.try_wait().unwrap().is_none();
        child.kill().ok();
        child.wait().unwrap();
        assert!(still_running, "the run ended before the kill at {at:?}");
        let Some(before) = status(&data) else {
            // Killed before the job was written: nothing may have been created.
            let groups: Value = std::fs::read(&groups_file)
                .map(|b| serde_json::from_slice(&b).unwrap())
                .unwrap_or(json!({"groups": []}));
            assert_eq!(groups["groups"], json!([]), "killed at {at:?}");
            continue;
        };
        assert!(before != "done" && before != "partial", "{at:?}: {before}");
        let journal = stdout(&run(cli(&data, &[], &["show", "1", "--calls"])));
        eprintln!("killed at {at:?}: {before}\n{journal}");

        let out = run(cli(&data, &env, &["resume", "1", "--json"]));
        assert!(out.status.success(), "{at:?}: {}", stderr(&out));
        let o = json_out(&out);
        assert!(
            o["status"] == json!("done") || o["status"] == json!("partial"),
            "{o}"
        );
        assert_each_once(&o, &phones);

        // One group, holding exactly the numbers the outcome says were added.
        let groups: Value = serde_json::from_slice(&std::fs::read(&groups_file).unwrap()).unwrap();
        let groups = groups["groups"].as_array().unwrap();
        assert_eq!(groups.len(), 1, "killed at {at:?}: {groups:?}");
        let mut in_group: Vec<&str> = groups[0]["members"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m.as_str().unwrap())
            .collect();
        let mut added: Vec<&str> = o["added"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["phone"].as_str().unwrap())
            .collect();
        in_group.sort();
        added.sort();
        assert_eq!(in_group, added, "killed at {at:?}");
        // And each number's outcome is the one the practice provider gives it.
        for p in &phones {
            let expected = match practice_outcome(p).0 {
                MemberStatus::Added => "added",
                MemberStatus::Invited => "invited",
                MemberStatus::Rejected => "rejected",
                MemberStatus::Sent => "sent",
            };
            let got = listed(&o).into_iter().find(|(_, x)| x == p).unwrap().0;
            assert_eq!(got, expected, "{p} after a kill at {at:?}");
        }
    }
}

/// Ctrl-C (SIGINT) is not a kill: the run stops at the next gap between calls, says how to go
/// on, and `resume` finishes it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ctrl_c_stops_between_calls_and_resume_finishes() {
    let lb = Loopback::start(Kind::TwoChat).await;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let (file, phones) = contacts_csv(dir.path(), 25, &[]);
    let mut cmd = cli(
        &data,
        &lb.env(),
        &[
            "create",
            "--provider",
            "2chat",
            "--name",
            "Interrupted",
            "--contacts",
            file.to_str().unwrap(),
            "--country",
            "BR",
            "--yes",
        ],
    );
    cmd.env("GROUPDROP_PACING_MS", "1500")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let child = cmd.spawn().unwrap();
    wait_for("the first add", Duration::from_secs(30), || {
        !lb.calls("POST", "/add-participant").is_empty()
    });
    let sent = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("Stopping after the current call"), "{err}");
    assert!(err.contains("groupdrop-cli resume 1"), "{err}");
    assert_eq!(
        lb.calls("POST", "/add-participant").len(),
        1,
        "stopped before batch 3"
    );
    assert_eq!(status(&data).as_deref(), Some("incomplete"));

    let out = run(cli(&data, &lb.env(), &["resume", "1", "--json"]));
    assert!(out.status.success(), "{}", stderr(&out));
    let o = json_out(&out);
    assert_eq!(o["status"], json!("done"));
    assert_each_once(&o, &phones);
    assert_eq!(lb.creates(), 1);
    assert_eq!(lb.calls("POST", "/add-participant").len(), 2);
}
