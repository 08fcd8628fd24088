//! `groupdrop-cli create --description --admin --admins-only --admins-only-edit` end to end
//! against the rule-enforcing stand-ins: the admin is typed as the file writes its numbers and
//! read with the same country; the steps are printed in plain English and carried in `--json`.

mod jobs_support;

use jobs_support::*;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn zapi_create_sets_description_admin_and_admins_only() {
    let lb = Loopback::start(Kind::Zapi).await;
    let dir = tempfile::tempdir().unwrap();
    let (file, phones) = contacts_csv(dir.path(), 3, &[]);
    let args = |json: bool| {
        let mut a = vec![
            "create",
            "--provider",
            "zapi",
            "--name",
            "Turma 5B",
            "--contacts",
            file.to_str().unwrap(),
            "--country",
            "BR",
            "--description",
            "Parents of 5B",
            // As the file writes it: read with --country BR, like the file's numbers.
            "--admin",
            "(11) 98765-0001",
            "--admins-only",
            "--admins-only-edit",
            "--yes",
        ];
        if json {
            a.push("--json");
        }
        a
    };
    let out = run(cli(&dir.path().join("data"), &lb.env(), &args(true)));
    assert!(out.status.success(), "{}", stderr(&out));
    let o = json_out(&out);
    assert_eq!(
        o["setup"],
        json!([
            {"step": "description", "status": "done"},
            {"step": "admins", "status": "done"},
            {"step": "admins_only_messages", "status": "done"},
            {"step": "admins_only_settings", "status": "done"},
        ])
    );
    let g = &lb.created_groups()[0];
    assert_eq!(
        lb.calls("POST", "/add-admin")[0].body,
        json!({"groupId": g.id, "phones": [&phones[1][1..]]})
    );
    assert_eq!(
        lb.calls("POST", "/update-group-settings")[0].body,
        json!({"phone": g.id, "adminOnlyMessage": true, "adminOnlySettings": true,
               "requireAdminApproval": false, "adminOnlyAddMember": false})
    );
    assert_eq!(g.description.as_deref(), Some("Parents of 5B"));
    assert_eq!(lb.violations(), vec![]);

    // `show` prints the steps in plain English.
    let show = run(cli(&dir.path().join("data"), &[], &["show", "1"]));
    let text = String::from_utf8_lossy(&show.stdout);
    assert!(text.contains("Set up:"), "{text}");
    assert!(text.contains("Description: done"), "{text}");
    assert!(
        text.contains("Only admins can send messages: done"),
        "{text}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twochat_create_says_admins_are_not_offered_and_sends_the_description_with_the_create() {
    let lb = Loopback::start(Kind::TwoChat).await;
    let dir = tempfile::tempdir().unwrap();
    let (file, phones) = contacts_csv(dir.path(), 3, &[]);
    let out = run(cli(
        &dir.path().join("data"),
        &lb.env(),
        &[
            "create",
            "--provider",
            "2chat",
            "--name",
            "Turma 5B",
            "--contacts",
            file.to_str().unwrap(),
            "--country",
            "BR",
            "--description",
            "Parents of 5B",
            "--admin",
            &phones[0],
            "--admins-only",
            "--yes",
        ],
    ));
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("admins: will not be set — not offered by 2Chat"),
        "the preview says so before anything is sent: {text}"
    );
    assert!(text.contains("Description: done"), "{text}");
    assert!(
        text.contains(
            "Admins: not offered by 2Chat: 2Chat has no documented way to make a member admin"
        ),
        "{text}"
    );
    let create = &lb.calls("POST", "/open/whatsapp/group/create")[0];
    assert_eq!(create.body["group"]["description"], json!("Parents of 5B"));
    assert!(
        !lb.seen().iter().any(|c| c.path.contains("promote")),
        "no promote call"
    );
    assert_eq!(lb.violations(), vec![]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_number_that_cannot_be_read_stops_before_anything_is_sent() {
    let lb = Loopback::start(Kind::Zapi).await;
    let dir = tempfile::tempdir().unwrap();
    let (file, _) = contacts_csv(dir.path(), 3, &[]);
    let out = run(cli(
        &dir.path().join("data"),
        &lb.env(),
        &[
            "create",
            "--provider",
            "zapi",
            "--name",
            "Turma 5B",
            "--contacts",
            file.to_str().unwrap(),
            "--country",
            "BR",
            "--admin",
            "12ab",
            "--yes",
        ],
    ));
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("The admin number \"12ab\""),
        "{}",
        stderr(&out)
    );
    assert_eq!(lb.creates(), 0);
}
