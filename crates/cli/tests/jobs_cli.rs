//! `groupdrop-cli create|history|show|resume|export` end to end, against the rule-enforcing
//! provider stand-ins (`groupdrop-standins`). Nothing leaves 127.0.0.1.

mod jobs_support;

use jobs_support::*;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twochat_25_numbers_one_create_then_batches_of_ten_on_the_returned_uuid() {
    let lb = Loopback::start(Kind::TwoChat).await;
    let dir = tempfile::tempdir().unwrap();
    // The account's own number is in the list too: it must be left out, and said so.
    let (file, phones) = contacts_csv(dir.path(), 25, &["Me,+595 981 048477"]);
    let out = run(cli(
        &dir.path().join("data"),
        &lb.env(),
        &[
            "create",
            "--provider",
            "2chat",
            "--name",
            "Team 2026",
            "--contacts",
            file.to_str().unwrap(),
            "--country",
            "BR",
            "--yes",
            "--json",
        ],
    ));
    assert!(out.status.success(), "stderr: {}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "",
        "nothing for people on stderr with --json and --yes"
    );
    let o = json_out(&out);
    assert_eq!(o["job"], json!(1));
    assert_eq!(o["provider"], json!("2chat"));
    assert_eq!(
        o["status"],
        json!("partial"),
        "the own number counts as rejected"
    );
    assert_eq!(o["group"]["name"], json!("Team 2026"));
    let made = lb.created_groups();
    assert_eq!(made.len(), 1);
    assert_eq!(o["group"]["id"], json!(made[0].id));
    assert_eq!(o["group"]["invite_link"], json!(null));
    assert!(o["group"]["note"].as_str().unwrap().contains("invite link"));
    assert_eq!(o["added"].as_array().unwrap().len(), 25);
    assert_eq!(
        o["added"][0],
        json!({"phone": phones[0], "row": 2, "name": "Person 0"})
    );
    assert_eq!(
        o["rejected"],
        json!([{"phone": "+595981048477", "row": 27, "name": "Me", "stage": "import",
                "reason": "this is the account's own number", "code": "own_number"}])
    );
    assert_each_once(&o, &phones);

    // The server saw exactly: 1 create of 10, then add-participant 10 + 5 on the created uuid.
    assert_eq!(lb.creates(), 1);
    let create = &lb.calls("POST", "/open/whatsapp/group/create")[0];
    assert_eq!(
        create.body["group"]["participants"]
            .as_array()
            .unwrap()
            .len(),
        10
    );
    assert!(
        !create.body["group"]["participants"]
            .to_string()
            .contains("595981048477"),
        "own number not sent"
    );
    let adds = lb.calls("POST", "/add-participant");
    assert_eq!(adds.len(), 2);
    for a in &adds {
        assert_eq!(
            a.path,
            format!("/open/whatsapp/group/{}/add-participant", made[0].handle),
            "adds address the create's uuid"
        );
        assert_eq!(a.body["from_number"], json!(TWOCHAT_FROM));
    }
    let sizes: Vec<usize> = adds
        .iter()
        .map(|a| a.body["participants"].as_array().unwrap().len())
        .collect();
    assert_eq!(sizes, vec![10, 5]);
    assert_eq!(lb.unauthorised(), 0);
    assert_eq!(lb.violations(), vec![], "every call kept 2Chat's rules");
    assert_eq!(made[0].members.len(), 25, "2Chat holds everyone");

    // `show --json` gives the same object; `history --json` lists the run.
    let show = run(cli(&dir.path().join("data"), &[], &["show", "1", "--json"]));
    assert!(show.status.success());
    assert_eq!(json_out(&show), o);
    let hist = json_out(&run(cli(
        &dir.path().join("data"),
        &[],
        &["history", "--json"],
    )));
    assert_eq!(hist[0]["job"], json!(1));
    assert_eq!(hist[0]["group_name"], json!("Team 2026"));
    assert_eq!(hist[0]["counts"]["added"], json!(25));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twochat_per_number_outcomes_become_invited_and_rejected() {
    let lb = Loopback::start(Kind::TwoChat).await;
    let dir = tempfile::tempdir().unwrap();
    let (file, phones) = contacts_csv(dir.path(), 14, &["Bad,12345"]);
    lb.invite_only(&phones[2][1..]);
    lb.not_on_whatsapp(&phones[12][1..]);
    let out = run(cli(
        &dir.path().join("data"),
        &lb.env(),
        &[
            "create",
            "--provider",
            "2chat",
            "--name",
            "T",
            "--contacts",
            file.to_str().unwrap(),
            "--country",
            "BR",
            "--yes",
            "--json",
        ],
    ));
    assert!(
        out.status.success(),
        "exit 0 when the group exists: {}",
        stderr(&out)
    );
    let o = json_out(&out);
    assert_eq!(o["status"], json!("partial"));
    assert_eq!(o["invited"][0]["phone"], json!(phones[2]));
    assert!(o["invited"][0]["reason"]
        .as_str()
        .unwrap()
        .contains("invite"));
    let rejected = o["rejected"].as_array().unwrap();
    assert_eq!(rejected.len(), 2);
    assert!(
        rejected.contains(&json!({"input": "12345", "row": 16, "stage": "import",
        "reason": "too short for a Brazilian number", "code": "too_short", "reason_country": "BR"})),
        "{rejected:?}"
    );
    let provider = rejected
        .iter()
        .find(|r| r["stage"] == json!("provider"))
        .unwrap();
    assert_eq!(provider["phone"], json!(phones[12]));
    assert_each_once(&o, &phones);

    // Export: both rejections, formula-safe (a phone starting with + gets a leading ').
    let csv_path = dir.path().join("rejected.csv");
    let exp = run(cli(
        &dir.path().join("data"),
        &[],
        &["export", "1", "--rejected", csv_path.to_str().unwrap()],
    ));
    assert!(exp.status.success(), "{}", stderr(&exp));
    assert!(stdout(&exp).contains("Wrote 2 rejected numbers"));
    let text = std::fs::read_to_string(&csv_path).unwrap();
    assert!(
        text.starts_with("row,phone,input,name,stage,reason\n"),
        "{text}"
    );
    assert!(text.contains(&format!("'{}", phones[12])), "{text}");
    assert!(
        text.contains("16,,12345,,import,too short for a Brazilian number"),
        "{text}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn zapi_create_with_invite_link_adds_and_confirms_from_metadata() {
    let lb = Loopback::start(Kind::Zapi).await;
    let dir = tempfile::tempdir().unwrap();
    let own = format!("+{ZAPI_OWN}");
    let (file, phones) = contacts_csv(dir.path(), 30, &[&format!("Office,{own}")]);
    lb.invite_only(&phones[5][1..]); // in the create batch
    lb.invite_only(&phones[25][1..]); // in the add batch
    let out = run(cli(
        &dir.path().join("data"),
        &lb.env(),
        &[
            "create",
            "--provider",
            "zapi",
            "--name",
            "Família Silva",
            "--contacts",
            file.to_str().unwrap(),
            "--country",
            "BR",
            "--auto-invite",
            "--yes",
            "--json",
        ],
    ));
    assert!(out.status.success(), "{}", stderr(&out));
    let o = json_out(&out);
    assert_eq!(o["provider"], json!("zapi"));
    assert_eq!(
        o["status"],
        json!("partial"),
        "own number rejected at import stage"
    );
    let made = lb.created_groups();
    assert_eq!(made.len(), 1);
    assert_eq!(o["group"]["id"], json!(made[0].id));
    assert_eq!(
        o["group"]["invite_link"],
        json!(format!("https://chat.whatsapp.com/{}", made[0].invite_code))
    );
    assert_eq!(o["added"].as_array().unwrap().len(), 28);
    let invited: Vec<&str> = o["invited"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["phone"].as_str().unwrap())
        .collect();
    assert_eq!(invited, vec![phones[5].as_str(), phones[25].as_str()]);
    assert_eq!(
        o["sent"],
        json!([]),
        "confirmed from the group's member list"
    );
    assert_eq!(o["rejected"][0]["phone"], json!(own));
    assert_each_once(&o, &phones);

    assert_eq!(lb.creates(), 1);
    let create = &lb.calls("POST", "/create-group")[0];
    assert_eq!(create.body["autoInvite"], json!(true));
    assert_eq!(create.body["groupName"], json!("Família Silva"));
    assert_eq!(create.body["phones"].as_array().unwrap().len(), 20);
    let adds = lb.calls("POST", "/add-participant");
    assert_eq!(adds.len(), 1);
    assert_eq!(adds[0].body["groupId"], json!(made[0].handle));
    assert_eq!(
        lb.calls("GET", &format!("/light-group-metadata/{}", made[0].handle))
            .len(),
        1
    );
    assert_eq!(lb.unauthorised(), 0);
    assert_eq!(
        lb.violations(),
        vec![],
        "never the connected number, always the Client-Token"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn eazybe_create_if_missing_reports_sent_and_says_there_is_no_link() {
    let lb = Loopback::start(Kind::EazyBe).await;
    let dir = tempfile::tempdir().unwrap();
    let (file, phones) = contacts_csv(dir.path(), 120, &[]);
    let out = run(cli(
        &dir.path().join("data"),
        &lb.env(),
        &[
            "create",
            "--provider",
            "eazybe",
            "--name",
            "Sales",
            "--contacts",
            file.to_str().unwrap(),
            "--country",
            "BR",
            "--create-if-missing",
            "--yes",
            "--json",
        ],
    ));
    assert!(out.status.success(), "{}", stderr(&out));
    let o = json_out(&out);
    assert_eq!(o["status"], json!("done"));
    assert_eq!(o["group"]["id"], json!(null));
    assert_eq!(o["group"]["invite_link"], json!(null));
    assert!(o["group"]["note"]
        .as_str()
        .unwrap()
        .contains("no invite link"));
    assert_eq!(o["sent"].as_array().unwrap().len(), 120);
    assert_eq!(
        o["sent"][0]["reason"],
        json!("sent, not confirmed by EazyBe")
    );
    assert_each_once(&o, &phones);
    let calls = lb.calls("POST", "/v2/cloud/group");
    assert_eq!(calls.len(), 2);
    assert_eq!(calls[0].body["create"], json!(true));
    assert_eq!(calls[0].body["contacts"].as_array().unwrap().len(), 100);
    assert_eq!(calls[1].body["create"], json!(false), "adds never create");
    assert_eq!(lb.groups().len(), 1);
    assert_eq!(lb.violations(), vec![]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn eazybe_without_create_if_missing_fails_cleanly_on_a_missing_group() {
    let lb = Loopback::start(Kind::EazyBe).await;
    let dir = tempfile::tempdir().unwrap();
    let (file, _) = contacts_csv(dir.path(), 3, &[]);
    let out = run(cli(
        &dir.path().join("data"),
        &lb.env(),
        &[
            "create",
            "--provider",
            "eazybe",
            "--name",
            "Nope",
            "--contacts",
            file.to_str().unwrap(),
            "--country",
            "BR",
            "--yes",
            "--json",
        ],
    ));
    assert_eq!(out.status.code(), Some(4));
    let o = json_out(&out);
    assert_eq!(o["status"], json!("failed"));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("no group named \"Nope\""), "{err}");
    assert_eq!(lb.groups().len(), 0);

    // Without --json the result is on stdout and stderr still holds exactly one line.
    let out = run(cli(
        &dir.path().join("data"),
        &lb.env(),
        &[
            "create",
            "--provider",
            "eazybe",
            "--name",
            "Nope",
            "--contacts",
            file.to_str().unwrap(),
            "--country",
            "BR",
            "--yes",
        ],
    ));
    assert_eq!(out.status.code(), Some(4));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with(
            "groupdrop-cli: run 2 failed, no group was created: EazyBe has no group named"
        ),
        "{err}"
    );
    assert!(
        stdout(&out).contains("Group \"Nope\": not created"),
        "{}",
        stdout(&out)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_key_fails_before_any_job_is_written() {
    let lb = Loopback::start(Kind::TwoChat).await;
    let dir = tempfile::tempdir().unwrap();
    let (file, _) = contacts_csv(dir.path(), 3, &[]);
    let mut env = lb.env();
    env[0].1 = "UAK-wrong".into();
    let out = run(cli(
        &dir.path().join("data"),
        &env,
        &[
            "create",
            "--provider",
            "2chat",
            "--name",
            "T",
            "--contacts",
            file.to_str().unwrap(),
            "--country",
            "BR",
            "--yes",
        ],
    ));
    assert_eq!(out.status.code(), Some(3));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("2Chat refused the credentials"), "{err}");
    assert!(!err.contains('{'), "no raw JSON: {err}");
    assert_eq!(lb.creates(), 0);
    let hist = run(cli(&dir.path().join("data"), &[], &["history"]));
    assert!(stdout(&hist).contains("No runs yet"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_yes_it_previews_and_asks() {
    let lb = Loopback::start(Kind::TwoChat).await;
    let dir = tempfile::tempdir().unwrap();
    let (file, _) = contacts_csv(dir.path(), 25, &[]);
    let args = [
        "create",
        "--provider",
        "2chat",
        "--name",
        "Team",
        "--contacts",
        file.to_str().unwrap(),
        "--country",
        "BR",
    ];
    for (answer, creates) in [("n\n", 0), ("", 0), ("y\n", 1)] {
        let mut cmd = cli(&dir.path().join("data"), &lb.env(), &args);
        cmd.stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let mut child = cmd.spawn().unwrap();
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(answer.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        let err = stderr(&out);
        assert!(
            err.contains("\"Team\": 25 numbers — 1 create + 2 batches of up to 10"),
            "{err}"
        );
        assert!(err.contains("Create it now? [y/N]"));
        assert_eq!(lb.creates(), creates, "answer {answer:?}");
        assert_eq!(out.status.success(), creates == 1, "{err}");
        if creates == 0 {
            assert!(err.contains("nothing was sent"), "{err}");
        } else {
            assert!(stdout(&out).contains("Group \"Team\""), "{}", stdout(&out));
        }
    }
}

#[test]
fn bad_input_gets_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let (file, _) = contacts_csv(dir.path(), 3, &[]);
    let f = file.to_str().unwrap();
    let long = "x".repeat(105);
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec![
                "create",
                "--provider",
                "practice",
                "--name",
                "T",
                "--contacts",
                "/nonexistent/c.csv",
                "--yes",
            ],
            "c.csv",
        ),
        (
            vec![
                "create",
                "--provider",
                "practice",
                "--name",
                &long,
                "--contacts",
                f,
                "--country",
                "BR",
                "--yes",
            ],
            "105 characters, 5 over",
        ),
        (
            vec![
                "create",
                "--provider",
                "practice",
                "--name",
                "   ",
                "--contacts",
                f,
                "--country",
                "BR",
                "--yes",
            ],
            "The group name is empty",
        ),
        (
            vec!["create", "--name", "T", "--contacts", f, "--yes"],
            "--provider eazybe, 2chat, zapi or practice",
        ),
        (
            vec![
                "create",
                "--provider",
                "zapi",
                "--name",
                "T",
                "--contacts",
                f,
                "--yes",
            ],
            "GROUPDROP_ZAPI_INSTANCE_ID is not set",
        ),
        (vec!["show", "99"], "There is no run number 99"),
        (vec!["resume", "99"], "There is no run number 99"),
        (
            vec![
                "create",
                "--provider",
                "2chat",
                "--name",
                "T",
                "--contacts",
                f,
                "--account",
                "Office",
                "--yes",
            ],
            "There is no account named \"Office\"",
        ),
    ];
    for (args, expected) in cases {
        let out = run(cli(&data, &[], &args));
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.contains(expected), "{args:?}: {err}");
        assert!(
            !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
            "{err}"
        );
    }
}

#[test]
fn practice_runs_need_no_account_and_show_in_history() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let (file, phones) = contacts_csv(dir.path(), 45, &[]);
    let env = [("GROUPDROP_PRACTICE_DELAY_MS", "1".to_string())];
    let out = run(cli(
        &data,
        &env,
        &[
            "create",
            "--provider",
            "practice",
            "--name",
            "Try it",
            "--contacts",
            file.to_str().unwrap(),
            "--country",
            "BR",
            "--yes",
        ],
    ));
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("Practice — no real WhatsApp group is created"),
        "{text}"
    );
    assert!(
        text.contains("Invite link: https://chat.whatsapp.com/PRACTICE"),
        "{text}"
    );
    let show = json_out(&run(cli(&data, &[], &["show", "1", "--json"])));
    assert_each_once(&show, &phones);
    let hist = stdout(&run(cli(&data, &[], &["history", "--search", "try"])));
    assert!(hist.contains("Try it"), "{hist}");
    assert!(
        stdout(&run(cli(&data, &[], &["history", "--search", "zzz"]))).contains("No runs with")
    );
    // A finished run resumes to the same result without calling anything.
    let again = run(cli(&data, &env, &["resume", "1", "--json"]));
    assert!(again.status.success());
    assert_eq!(json_out(&again), show);
}

#[test]
fn over_1023_numbers_needs_split_and_split_makes_numbered_groups() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let (file, phones) = contacts_csv(dir.path(), 1100, &[]);
    let env = [("GROUPDROP_PRACTICE_DELAY_MS", "0".to_string())];
    let f = file.to_str().unwrap();
    let base = [
        "create",
        "--provider",
        "practice",
        "--name",
        "Big list",
        "--contacts",
        f,
        "--country",
        "BR",
        "--yes",
        "--json",
    ];
    let out = run(cli(&data, &env, &base));
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("1100 numbers is more than a WhatsApp group can hold"),
        "{err}"
    );
    assert!(err.contains("--split"), "{err}");

    let mut args = base.to_vec();
    args.push("--split");
    let out = run(cli(&data, &env, &args));
    assert!(out.status.success(), "{}", stderr(&out));
    let all = json_out(&out);
    let parts = all.as_array().expect("one outcome per group");
    assert_eq!(parts.len(), 2);
    assert_eq!(parts[0]["group"]["name"], json!("Big list (1)"));
    assert_eq!(parts[1]["group"]["name"], json!("Big list (2)"));
    let mut seen = 0;
    for p in parts {
        let n = listed(p).len();
        assert_eq!(n, 550, "even halves");
        seen += n;
    }
    assert_eq!(seen, phones.len());
    for phone in &phones {
        let hits: usize = parts
            .iter()
            .map(|p| listed(p).iter().filter(|(_, x)| x == phone).count())
            .sum();
        assert_eq!(hits, 1, "{phone}");
    }
}
