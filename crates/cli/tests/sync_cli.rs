//! `groupdrop-cli sync`: next month's list against the group a run made, on the rule-enforcing
//! stand-ins. Two new people are added to the same group (no second create), the one who left
//! is listed and not removed, and the people already in are left alone.

mod jobs_support;

use jobs_support::*;
use std::path::Path;

fn write(dir: &Path, name: &str, rows: &[(&str, &str)]) -> String {
    let mut text = String::from("Nome;Celular\n");
    for (n, p) in rows {
        text.push_str(&format!("{n};{p}\n"));
    }
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

async fn sync_adds_the_new_and_lists_who_left(kind: Kind) {
    let lb = Loopback::start(kind).await;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let march = write(
        dir.path(),
        "marco.csv",
        &[
            ("Ana", "(11) 98765-0001"),
            ("Bia", "(11) 98765-0002"),
            ("Caio", "(11) 98765-0003"),
            ("Duda", "(11) 98765-0004"),
        ],
    );
    let out = run(cli(
        &data,
        &lb.env(),
        &create_args(lb.provider_arg(), "5B pais", &march),
    ));
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(lb.creates(), 1);
    let seen_before = lb.seen().len();

    // April: Bia left, Eva and Fabio came; Duda written with +55 this time.
    let april = write(
        dir.path(),
        "abril.csv",
        &[
            ("Ana", "(11) 98765-0001"),
            ("Caio", "(11) 98765-0003"),
            ("Duda", "+55 11 98765-0004"),
            ("Eva", "(11) 98765-0005"),
            ("Fabio", "(11) 98765-0006"),
        ],
    );
    let out = run(cli(
        &data,
        &lb.env(),
        &[
            "sync",
            "1",
            "--contacts",
            &april,
            "--country",
            "BR",
            "--yes",
            "--json",
        ],
    ));
    assert!(out.status.success(), "{}", stderr(&out));
    let v = json_out(&out);
    let phones = |list: &str| -> Vec<String> {
        v["plan"][list]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["phone"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(phones("toAdd"), ["+5511987650005", "+5511987650006"]);
    assert_eq!(
        phones("alreadyIn"),
        ["+5511987650001", "+5511987650003", "+5511987650004"]
    );
    assert_eq!(phones("missing"), ["+5511987650002"], "Bia is listed");
    assert_eq!(v["outcome"]["status"], "done", "{v}");
    assert_eq!(v["outcome"]["added"].as_array().unwrap().len(), 2);

    assert_eq!(lb.creates(), 1, "the same group: no second create");
    let g = &lb.created_groups()[0];
    let mut members = g.members.clone();
    members.sort();
    for d in [
        "5511987650001",
        "5511987650002",
        "5511987650003",
        "5511987650004",
    ] {
        assert!(
            members.contains(&d.to_string()),
            "{d} still in: {members:?}"
        );
    }
    assert!(members.contains(&"5511987650005".to_string()));
    assert!(members.contains(&"5511987650006".to_string()));
    let after: Vec<_> = lb.seen().into_iter().skip(seen_before).collect();
    assert!(
        after.iter().all(|r| !r.path.contains("remove")),
        "nobody removed: {:?}",
        after.iter().map(|r| &r.path).collect::<Vec<_>>()
    );
    assert_eq!(lb.violations(), vec![]);

    // Nothing new the next time: nothing sent.
    let again = lb.seen().len();
    let out = run(cli(
        &data,
        &lb.env(),
        &[
            "sync",
            "1",
            "--contacts",
            &april,
            "--country",
            "BR",
            "--yes",
        ],
    ));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Nobody is new"), "{}", stdout(&out));
    let sent: Vec<_> = lb
        .seen()
        .into_iter()
        .skip(again)
        .filter(|r| r.method == "POST")
        .collect();
    assert!(sent.is_empty(), "only reads: {sent:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn zapi_sync_adds_two_and_lists_one_who_left() {
    sync_adds_the_new_and_lists_who_left(Kind::Zapi).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twochat_sync_adds_two_and_lists_one_who_left() {
    sync_adds_the_new_and_lists_who_left(Kind::TwoChat).await;
}

#[test]
fn a_run_that_made_no_group_cannot_be_synced_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let file = write(dir.path(), "a.csv", &[("Ana", "(11) 98765-0001")]);
    let out = run(cli(
        &data,
        &[],
        &["sync", "7", "--contacts", &file, "--country", "BR", "--yes"],
    ));
    assert!(!out.status.success());
    assert!(stderr(&out).contains("7"), "{}", stderr(&out));
}
