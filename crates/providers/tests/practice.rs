//! The practice provider: realistic, deterministic outcomes; groups persisted so another
//! instance (another process) finds them; a simulated lost answer for the engine's recovery path.

use groupdrop_providers::practice::practice_outcome;
use groupdrop_providers::*;
use std::time::Duration;

fn practice(dir: &std::path::Path) -> Practice {
    Practice::new(PracticeConfig::new(dir).with_delay(Duration::ZERO)).with_fault(None)
}

fn phones(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| format!("+55119{:08}", 1000 + i * 7919))
        .collect()
}

fn request(name: &str, phones: Vec<String>) -> CreateRequest {
    CreateRequest {
        name: name.into(),
        phones,
        auto_invite: false,
        create_if_missing: true,
        description: None,
    }
}

#[test]
fn outcomes_are_deterministic_and_roughly_80_10_10() {
    let numbers: Vec<String> = (0..20_000)
        .map(|i| format!("+55119{:08}", 10_000_000 + i * 31))
        .collect();
    let (mut added, mut invited, mut rejected) = (0, 0, 0);
    for n in &numbers {
        let first = practice_outcome(n);
        assert_eq!(first, practice_outcome(n), "same number, same outcome");
        match first.0 {
            MemberStatus::Added => added += 1,
            MemberStatus::Invited => {
                invited += 1;
                assert!(first.1.as_deref().unwrap().contains("privacy settings"));
            }
            MemberStatus::Rejected => {
                rejected += 1;
                assert!(first.1.as_deref().unwrap().contains("not on WhatsApp"));
            }
            MemberStatus::Sent => panic!("practice always decides"),
        }
    }
    let share = |n: usize| n as f64 / numbers.len() as f64;
    assert!(
        (0.77..0.83).contains(&share(added)),
        "added {}",
        share(added)
    );
    assert!(
        (0.08..0.12).contains(&share(invited)),
        "invited {}",
        share(invited)
    );
    assert!(
        (0.08..0.12).contains(&share(rejected)),
        "rejected {}",
        share(rejected)
    );
    assert_eq!(practice_outcome("+123").0, MemberStatus::Rejected);
}

#[tokio::test]
async fn create_is_labelled_fake_looking_and_found_by_another_instance() {
    let dir = tempfile::tempdir().unwrap();
    let first = practice(dir.path());
    let answer = first
        .create_group(&request("Choir", phones(20)))
        .await
        .unwrap();

    let id = answer.group.id.clone().unwrap();
    assert!(id.starts_with("practice-") && id.ends_with("@g.us"), "{id}");
    let link = answer.group.invite_link.clone().unwrap();
    let code = link
        .strip_prefix("https://chat.whatsapp.com/PRACTICE")
        .expect("fake link");
    assert_eq!(code.len(), 14);
    assert!(answer.note.unwrap().contains(PRACTICE_LABEL));
    assert!(first
        .check()
        .await
        .unwrap()
        .summary
        .contains(PRACTICE_LABEL));
    assert_eq!(answer.members.len(), 20);
    for m in &answer.members {
        assert_eq!((m.status, m.reason.clone()), practice_outcome(&m.phone));
    }

    // A new instance over the same directory, as after a crash and restart.
    let second = practice(dir.path());
    match second.find_group("Choir", &[], None).await.unwrap() {
        Lookup::Found { group, .. } => assert_eq!(group, answer.group),
        other => panic!("expected Found, got {other:?}"),
    }
    assert_eq!(
        second.find_group("Band", &[], None).await.unwrap(),
        Lookup::NotFound
    );
    assert_eq!(second.invite_link(&answer.group).await.unwrap(), Some(link));
    let added: Vec<String> = answer
        .members
        .iter()
        .filter(|m| m.status == MemberStatus::Added)
        .map(|m| m.phone.clone())
        .collect();
    assert_eq!(second.members(&answer.group).await.unwrap(), Some(added));
}

#[tokio::test]
async fn adding_again_is_already_in_the_group() {
    let dir = tempfile::tempdir().unwrap();
    let p = practice(dir.path());
    let batch = phones(10);
    let answer = p
        .create_group(&request("Choir", batch.clone()))
        .await
        .unwrap();
    let again = p.add_members(&answer.group, &batch, false).await.unwrap();
    for (before, after) in answer.members.iter().zip(&again) {
        if before.status == MemberStatus::Added {
            assert_eq!(after.reason.as_deref(), Some("already in the group"));
        } else {
            assert_eq!(after.status, before.status);
        }
    }
    let more = p
        .add_members(&answer.group, &phones(15)[10..], false)
        .await
        .unwrap();
    assert_eq!(more.len(), 5);
    let unknown = GroupRef {
        handle: "practice-nope@g.us".into(),
        ..answer.group.clone()
    };
    assert_eq!(
        p.add_members(&unknown, &batch, false)
            .await
            .unwrap_err()
            .kind(),
        ErrorKind::GroupNotFound
    );
}

#[tokio::test]
async fn two_groups_with_one_name_resolve_to_the_newest() {
    let dir = tempfile::tempdir().unwrap();
    let p = practice(dir.path());
    let _old = p.create_group(&request("Choir", phones(2))).await.unwrap();
    tokio::time::sleep(Duration::from_millis(5)).await;
    let new = p.create_group(&request("Choir", phones(3))).await.unwrap();
    match p.find_group("Choir", &[], None).await.unwrap() {
        Lookup::Found { group, .. } => assert_eq!(group.handle, new.group.handle),
        other => panic!("{other:?}"),
    }
}

/// Unix ms now, as the engine journals a create.
fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

/// A practice file as an earlier year (or an earlier GroupDrop) left it.
fn write_store(p: &Practice, groups: serde_json::Value) {
    std::fs::create_dir_all(p.file().parent().unwrap()).unwrap();
    std::fs::write(
        p.file(),
        serde_json::to_vec(&serde_json::json!({ "groups": groups })).unwrap(),
    )
    .unwrap();
}

fn old_group(id: &str, created: Option<i64>) -> serde_json::Value {
    let mut g = serde_json::json!({
        "name": "Class 5B parents", "id": id,
        "invite_link": "https://chat.whatsapp.com/PRACTICEoldoldoldoldol", "members": ["+5511900000001"]
    });
    if let Some(t) = created {
        g["created_unix_ms"] = serde_json::json!(t);
    }
    g
}

const YEAR_MS: i64 = 365 * 24 * 3600 * 1000;
const ALLOWANCE_MS: i64 = 10 * 60 * 1000;

#[tokio::test]
async fn an_older_namesake_is_skipped_and_the_new_group_found() {
    let dir = tempfile::tempdir().unwrap();
    let p = practice(dir.path());
    write_store(
        &p,
        serde_json::json!([old_group("practice-old@g.us", Some(now_ms() - YEAR_MS))]),
    );
    let started = now_ms();
    let new = p
        .create_group(&request("Class 5B parents", phones(3)))
        .await
        .unwrap();
    // The old group is re-saved after the new one, as a file edited later would list it.
    let mut store: serde_json::Value =
        serde_json::from_slice(&std::fs::read(p.file()).unwrap()).unwrap();
    store["groups"].as_array_mut().unwrap().reverse();
    std::fs::write(p.file(), serde_json::to_vec(&store).unwrap()).unwrap();
    match p
        .find_group("Class 5B parents", &[], Some(started - ALLOWANCE_MS))
        .await
        .unwrap()
    {
        Lookup::Found { group, .. } => assert_eq!(group.handle, new.group.handle),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn only_an_older_namesake_is_not_found() {
    let dir = tempfile::tempdir().unwrap();
    let p = practice(dir.path());
    write_store(
        &p,
        serde_json::json!([old_group("practice-old@g.us", Some(now_ms() - YEAR_MS))]),
    );
    let after = now_ms() - ALLOWANCE_MS;
    assert_eq!(
        p.find_group("Class 5B parents", &[], Some(after))
            .await
            .unwrap(),
        Lookup::NotFound
    );
    // Without a bound (no lost create to compare with) the namesake is still there.
    assert!(matches!(
        p.find_group("Class 5B parents", &[], None).await.unwrap(),
        Lookup::Found { .. }
    ));
}

/// Files written before creation times were kept: they still load, their groups' age is
/// unknown so they are still found, and new groups are saved with a time.
#[tokio::test]
async fn a_group_without_creation_time_is_still_found() {
    let dir = tempfile::tempdir().unwrap();
    let p = practice(dir.path());
    write_store(
        &p,
        serde_json::json!([old_group("practice-legacy@g.us", None)]),
    );
    match p
        .find_group("Class 5B parents", &[], Some(now_ms() - ALLOWANCE_MS))
        .await
        .unwrap()
    {
        Lookup::Found { group, .. } => assert_eq!(group.handle, "practice-legacy@g.us"),
        other => panic!("{other:?}"),
    }
    let legacy = GroupRef {
        name: "Class 5B parents".into(),
        id: Some("practice-legacy@g.us".into()),
        handle: "practice-legacy@g.us".into(),
        invite_link: None,
    };
    p.add_members(&legacy, &phones(2), false).await.unwrap();
    p.create_group(&request("Band", phones(2))).await.unwrap();
    let store: serde_json::Value =
        serde_json::from_slice(&std::fs::read(p.file()).unwrap()).unwrap();
    let groups = store["groups"].as_array().unwrap();
    assert!(groups[0].get("created_unix_ms").is_none(), "{store}");
    assert!(
        groups[1]["created_unix_ms"].as_i64().unwrap() > 0,
        "{store}"
    );
}

#[tokio::test]
async fn a_lost_create_answer_still_leaves_a_group_to_find() {
    let dir = tempfile::tempdir().unwrap();
    let p = practice(dir.path()).with_fault(Some(PracticeFault::LoseCreateAnswer));
    let err = p
        .create_group(&request("Choir", phones(3)))
        .await
        .unwrap_err();
    assert!(
        matches!(err, ProviderError::Timeout { sent: true, .. }),
        "{err:?}"
    );
    assert!(err.may_have_reached());
    assert!(matches!(
        p.find_group("Choir", &[], None).await.unwrap(),
        Lookup::Found { .. }
    ));
}

#[tokio::test]
async fn a_damaged_file_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let p = practice(dir.path());
    std::fs::write(p.file(), b"{ not json").unwrap();
    let err = p.find_group("Choir", &[], None).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Config);
    let text = err.to_string();
    assert!(
        text.contains("damaged") && text.contains("Delete it"),
        "{text}"
    );
}

/// Tokio's paused clock: the delay is observed exactly, without waiting in real time.
#[tokio::test(start_paused = true)]
async fn the_artificial_delay_applies_per_call() {
    let dir = tempfile::tempdir().unwrap();
    let slow =
        Practice::new(PracticeConfig::new(dir.path()).with_delay(Duration::from_millis(300)))
            .with_fault(None);
    let started = tokio::time::Instant::now();
    slow.check().await.unwrap();
    slow.create_group(&request("Choir", phones(2)))
        .await
        .unwrap();
    assert_eq!(started.elapsed(), Duration::from_millis(600));
}

/// The rehearsal offers every setup step (so the window can show them all), keeps what was set
/// with the group (another process sees it), and, like WhatsApp, makes only members admins.
#[tokio::test]
async fn practice_offers_and_keeps_every_setup_step() {
    let dir = tempfile::tempdir().unwrap();
    let p = practice(dir.path());
    assert!(p
        .setup_capabilities()
        .iter()
        .all(|c| c.support == SetupSupport::Call));
    let list = phones(20);
    let made = p
        .create_group(&request("Setup", list.clone()))
        .await
        .unwrap();
    let member = made
        .members
        .iter()
        .find(|m| m.status == MemberStatus::Added)
        .unwrap()
        .phone
        .clone();
    p.set_description(&made.group, "Parents").await.unwrap();
    p.promote_admins(&made.group, std::slice::from_ref(&member))
        .await
        .unwrap();
    p.set_admins_only(
        &made.group,
        AdminsOnly {
            messages: true,
            settings: false,
        },
    )
    .await
    .unwrap();
    let err = p
        .promote_admins(&made.group, &["+5511912345678".into()])
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidRequest);

    let again = practice(dir.path());
    let (description, admins, only) = again.setup_of(&made.group.handle).unwrap();
    assert_eq!(description.as_deref(), Some("Parents"));
    assert_eq!(admins, vec![member]);
    assert_eq!(
        only,
        AdminsOnly {
            messages: true,
            settings: false
        }
    );
}
