//! Two GroupDrops on one data dir at once (the app and a CLI share the history and its locks):
//! two runs side by side both finish with an intact history, and two resumes of the same run never
//! run it twice — one does the work, the other says the run is in use (exit 6) or that it had
//! already finished.

mod jobs_support;

use jobs_support::*;
use serde_json::json;
use std::path::Path;

fn integrity(data: &Path) -> String {
    let conn = rusqlite::Connection::open(data.join("history.sqlite3")).unwrap();
    conn.pragma_query_value(None, "integrity_check", |r| r.get::<_, String>(0))
        .unwrap()
}

fn create_args<'a>(name: &'a str, file: &'a str) -> Vec<&'a str> {
    jobs_support::create_args("2chat", name, file)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_runs_side_by_side_share_one_history() {
    let lb = Loopback::start(Kind::TwoChat).await;
    lb.delay_adds(std::time::Duration::from_millis(40));
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let (file, phones) = contacts_csv(dir.path(), 35, &[]);
    let f = file.to_str().unwrap();
    let a = cli(&data, &lb.env(), &create_args("Side A", f));
    let b = cli(&data, &lb.env(), &create_args("Side B", f));
    let (a, b) = tokio::join!(
        tokio::task::spawn_blocking(move || run(a)),
        tokio::task::spawn_blocking(move || run(b))
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert!(a.status.success(), "{}", stderr(&a));
    assert!(b.status.success(), "{}", stderr(&b));
    let (oa, ob) = (json_out(&a), json_out(&b));
    assert_ne!(oa["job"], ob["job"], "two runs, two jobs");
    for o in [&oa, &ob] {
        assert_eq!(o["status"], json!("done"), "{o}");
        assert_each_once(o, &phones);
    }
    assert_eq!(lb.creates(), 2);
    assert_eq!(integrity(&data), "ok");
    let history = run(cli(&data, &[], &["history", "--json"]));
    assert!(history.status.success(), "{}", stderr(&history));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_resumes_of_one_run_never_run_it_twice() {
    for round in 0..8 {
        let lb = Loopback::start(Kind::TwoChat).await;
        lb.delay_adds(std::time::Duration::from_millis(60));
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let (file, phones) = contacts_csv(dir.path(), 45, &[]);
        let f = file.to_str().unwrap();
        // The first add is refused: the run stops with the create done and 35 numbers open.
        lb.fail_next_add(422, json!({"success": false, "message": "try later"}));
        let first = run(cli(&data, &lb.env(), &create_args("Twice", f)));
        assert_eq!(first.status.code(), Some(5), "{}", stderr(&first));
        let adds_before = lb.calls("POST", "add-participant").len();

        let a = cli(&data, &lb.env(), &["resume", "1", "--json"]);
        let b = cli(&data, &lb.env(), &["resume", "1", "--json"]);
        let (a, b) = tokio::join!(
            tokio::task::spawn_blocking(move || run(a)),
            tokio::task::spawn_blocking(move || run(b))
        );
        let (a, b) = (a.unwrap(), b.unwrap());
        let codes = [a.status.code(), b.status.code()];
        // One resumes; the other waits its turn (6) or comes after and finds it finished (0).
        assert!(
            codes.contains(&Some(0)),
            "round {round}: {codes:?}\n{}\n{}",
            stderr(&a),
            stderr(&b)
        );
        assert!(
            codes.iter().all(|c| *c == Some(0) || *c == Some(6)),
            "round {round}: {codes:?}\n{}\n{}",
            stderr(&a),
            stderr(&b)
        );
        for out in [&a, &b] {
            if out.status.code() == Some(6) {
                assert!(
                    stderr(out).contains("resume 1"),
                    "the busy answer says what to do: {}",
                    stderr(out)
                );
            }
        }
        assert_eq!(lb.creates(), 1, "round {round}");
        // The open numbers were sent once: 35 numbers in batches of 10 → 4 adds (+ the refused one).
        let adds = lb.calls("POST", "add-participant").len() - adds_before;
        assert_eq!(adds, 4, "round {round}: the run was not run twice");
        let done = run(cli(&data, &[], &["show", "1", "--json"]));
        let o = json_out(&done);
        assert_eq!(o["status"], json!("done"), "round {round}: {o}");
        assert_each_once(&o, &phones);
        assert_eq!(integrity(&data), "ok", "round {round}");
    }
}
