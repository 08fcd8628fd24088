//! The exit statuses a script branches on (README "Exit status"): one per kind of failure, from
//! the error's kind, against the rule-enforcing stand-ins.

mod jobs_support;

use groupdrop_core::History;
use jobs_support::*;
use serde_json::json;

fn create_args(file: &str) -> Vec<&str> {
    jobs_support::create_args("2chat", "Exit codes", file)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_provider_at_that_address_is_4_a_stopped_run_is_5_a_run_in_use_is_6() {
    let lb = Loopback::start(Kind::TwoChat).await;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let (file, _) = contacts_csv(dir.path(), 25, &[]);
    let f = file.to_str().unwrap();

    // Nothing listens there: the network, not the key or the file.
    let mut offline = lb.env();
    for (name, value) in offline.iter_mut() {
        if *name == "GROUPDROP_2CHAT_BASE_URL" {
            *value = "http://127.0.0.1:9".into();
        }
    }
    let out = run(cli(&data, &offline, &create_args(f)));
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));

    // The first add is refused: the run stops, resumable.
    lb.fail_next_add(422, json!({"success": false, "message": "try later"}));
    let out = run(cli(&data, &lb.env(), &create_args(f)));
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    let job = json_out(&out)["job"].as_i64().unwrap();
    assert!(stderr(&out).contains(&format!("groupdrop-cli resume {job}")));

    // The app (or another CLI) is working on that run: wait, do not run it twice.
    let history = History::open(&data.join("history.sqlite3")).unwrap();
    let lock = history.lock_job(job).unwrap();
    let job_arg = job.to_string();
    let out = run(cli(&data, &lb.env(), &["resume", &job_arg, "--json"]));
    assert_eq!(out.status.code(), Some(6), "{}", stderr(&out));
    assert_eq!(lb.creates(), 1, "the busy run was not touched");

    drop(lock);
    let out = run(cli(&data, &lb.env(), &["resume", &job_arg, "--json"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(lb.creates(), 1);
}
