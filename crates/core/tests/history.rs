//! The history database on a real SQLite file: schema and migrations, list/search, the outcome
//! shape, interrupted jobs, and the rejected-numbers export.

mod common;

use common::*;
use groupdrop_core::export::export_rejected;
use groupdrop_core::history::{CallAnswer, CallKind, CallState, History, MemberUpdate, NewJob};
use groupdrop_core::outcome::{JobStatus, MemberState};
use groupdrop_core::plan::{Plan, PlanOptions, OWN_NUMBER_REASON};
use groupdrop_providers::{GroupRef, ProviderKind};
use serde_json::json;

#[test]
fn schema_is_created_once_in_wal_mode() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub").join("history.sqlite3");
    let h = History::open(&path).unwrap();
    drop(h);
    let h = History::open(&path).unwrap(); // second open: migrations do not run again
    drop(h);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, 4);
    let mode: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        tables,
        [
            "accounts",
            "calls",
            "import_rejections",
            "jobs",
            "members",
            "number_checks",
            "setup_steps"
        ]
    );
}

/// The history holds people's numbers and names: the folders GroupDrop creates are 0700 and the
/// database, its -wal/-shm and the job locks 0600, whatever the umask.
#[cfg(unix)]
#[test]
fn history_files_are_readable_by_the_user_only() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("dev.groupdrop.app");
    let path = data.join("history.sqlite3");
    let h = History::open(&path).unwrap();
    let _lock = h.lock_job(1).unwrap();
    assert_eq!(mode(&data), 0o700);
    let mut seen = 0;
    for entry in std::fs::read_dir(&data).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            assert_eq!(mode(&p), 0o700, "{p:?}");
            for inner in std::fs::read_dir(&p).unwrap() {
                let f = inner.unwrap().path();
                assert_eq!(mode(&f), 0o600, "{f:?}");
                seen += 1;
            }
        } else {
            assert_eq!(mode(&p), 0o600, "{p:?}");
            seen += 1;
        }
    }
    assert!(
        data.join("history.sqlite3-wal").exists(),
        "the WAL file was checked too"
    );
    assert!(seen >= 3, "database, WAL and a lock: {seen}");
}

/// A history written by the first release (schema 1: import rejections without a code) opens,
/// gains the columns, and its old rows read back with no code (the UI then shows the English).
#[test]
fn a_first_release_history_is_migrated_and_keeps_its_rows() {
    let dir = tempfile::tempdir().unwrap();
    let h = open(&dir);
    let fake = Fake::new(limits(10, 10));
    let mut inp = input(1);
    inp.rejected.push(import_rejection(6));
    let id = job(&h, &fake, inp, "Old");
    let path = h.path().to_path_buf();
    drop(h);
    // Turn the file back into schema 1.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "ALTER TABLE import_rejections DROP COLUMN code;
         ALTER TABLE import_rejections DROP COLUMN reason_country;
         DROP TABLE setup_steps;
         DROP TABLE number_checks;
         ALTER TABLE members DROP COLUMN code;
         PRAGMA user_version = 1;",
    )
    .unwrap();
    drop(conn);

    let h = History::open(&path).unwrap();
    let r = h.import_rejections(id).unwrap();
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].reason, "too short for a Brazilian number");
    assert_eq!(r[0].code, None);
    // A run from before "set up after create" reads back with no setup steps.
    assert_eq!(h.outcome(id).unwrap().setup, vec![]);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, 4);
}

#[test]
fn a_history_from_a_newer_groupdrop_is_refused_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.sqlite3");
    History::open(&path).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    let e = History::open(&path).err().expect("refused");
    assert!(e.to_string().contains(&path.display().to_string()), "{e}");
    assert!(e.to_string().contains("newer version of GroupDrop"), "{e}");
}

#[test]
fn a_file_that_is_not_a_database_gets_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.sqlite3");
    std::fs::write(
        &path,
        b"this is a text file, not SQLite, and it is long enough to check",
    )
    .unwrap();
    let e = History::open(&path).err().expect("refused");
    assert!(e.to_string().contains("not a GroupDrop database"), "{e}");
}

#[test]
fn list_is_newest_first_and_searches_names() {
    let dir = tempfile::tempdir().unwrap();
    let h = open(&dir);
    let fake = Fake::new(limits(10, 10));
    let a = job(&h, &fake, input(2), "Choir 2025");
    let b = job(&h, &fake, input(3), "Football 100%");
    let c = job(&h, &fake, input(1), "choir parents");
    let all: Vec<i64> = h.list(None, 100).unwrap().iter().map(|s| s.job).collect();
    assert_eq!(all, vec![c, b, a]);
    let choir: Vec<i64> = h
        .list(Some("CHOIR"), 100)
        .unwrap()
        .iter()
        .map(|s| s.job)
        .collect();
    assert_eq!(choir, vec![c, a]);
    // `%` and `_` are matched literally, not as wildcards.
    let pct: Vec<i64> = h
        .list(Some("0%"), 100)
        .unwrap()
        .iter()
        .map(|s| s.job)
        .collect();
    assert_eq!(pct, vec![b]);
    assert!(h.list(Some("_"), 100).unwrap().is_empty());
    let s = &h.list(Some("Football"), 1).unwrap()[0];
    assert_eq!(s.counts.pending, 3);
    assert_eq!(s.status, JobStatus::Planned);
    assert_eq!(s.account, "test");
}

#[test]
fn a_running_job_whose_process_died_reads_as_incomplete() {
    let dir = tempfile::tempdir().unwrap();
    let h = open(&dir);
    let fake = Fake::new(limits(10, 10));
    let id = job(&h, &fake, input(2), "T");
    h.set_status(id, JobStatus::Running, None).unwrap();
    {
        let _lock = h.lock_job(id).unwrap();
        assert_eq!(h.outcome(id).unwrap().status, JobStatus::Running);
        assert_eq!(h.list(None, 10).unwrap()[0].status, JobStatus::Running);
    }
    assert_eq!(h.outcome(id).unwrap().status, JobStatus::Incomplete);
    assert_eq!(h.list(None, 10).unwrap()[0].status, JobStatus::Incomplete);
}

#[test]
fn unknown_job_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let h = open(&dir);
    let e = h.outcome(42).unwrap_err();
    assert_eq!(e.kind(), groupdrop_core::ErrorKind::NotFound);
    assert!(
        matches!(e, groupdrop_core::CoreError::JobNotFound(_)),
        "{e:?}"
    );
    assert!(e.to_string().contains("42"));
}

/// The issue's `--json` shape, pinned.
#[test]
fn outcome_wire_shape() {
    let dir = tempfile::tempdir().unwrap();
    let h = open(&dir);
    let fake = Fake::new(limits(10, 10));
    let mut inp = input(3);
    inp.rejected.push(import_rejection(6));
    let plan = Plan::build(
        ProviderKind::Zapi,
        &fake.limits,
        inp,
        &PlanOptions {
            own_number: Some("+5511900000002".into()),
            setup: Default::default(),
            ..options("Team")
        },
    )
    .unwrap();
    let id = h
        .create_job(&NewJob {
            provider: ProviderKind::Zapi,
            account_id: None,
            account_label: "env",
            part: &plan.parts[0],
            import_rejections: &plan.import_rejections,
            plan_rejections: &plan.plan_rejections,
            source: None,
        })
        .unwrap();
    let seq = h.begin_call(id, CallKind::Create, Some(0), 1).unwrap();
    h.answer_call(
        id,
        seq,
        &CallAnswer {
            summary: Some("created"),
            group: Some(&GroupRef {
                name: "Team".into(),
                id: Some("120363019502650977-group".into()),
                handle: "120363019502650977-group".into(),
                invite_link: Some("https://chat.whatsapp.com/C1adgkdEGki7554BWDdMkd".into()),
            }),
            members: &[
                MemberUpdate {
                    phone: "+5511900000000".into(),
                    state: MemberState::Added,
                    reason: None,
                },
                MemberUpdate {
                    phone: "+5511900000001".into(),
                    state: MemberState::Invited,
                    reason: Some("privacy settings; invite sent".into()),
                },
            ],
            status: Some(JobStatus::Partial),
            ..CallAnswer::default()
        },
    )
    .unwrap();
    let o = h.outcome(id).unwrap();
    assert_eq!(
        serde_json::to_value(&o).unwrap(),
        json!({
            "job": id,
            "provider": "zapi",
            "status": "partial",
            "group": {
                "name": "Team",
                "id": "120363019502650977-group",
                "invite_link": "https://chat.whatsapp.com/C1adgkdEGki7554BWDdMkd",
                "note": null
            },
            "added": [{"phone": "+5511900000000", "row": 2, "name": "Person 0"}],
            "invited": [{"phone": "+5511900000001", "row": 3, "name": "Person 1", "reason": "privacy settings; invite sent"}],
            "sent": [],
            "setup": [],
            "pending": [],
            "rejected": [
                {"phone": "+5511900000002", "row": 4, "name": "Person 2", "stage": "import", "reason": OWN_NUMBER_REASON, "code": "own_number"},
                {"input": "12345", "row": 6, "stage": "import", "reason": "too short for a Brazilian number", "code": "too_short", "reason_country": "BR"}
            ]
        })
    );
    let calls = h.calls(id).unwrap();
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].state, CallState::Answered);
    assert!(calls[0].finished_at.unwrap() >= calls[0].started_at);
}

#[test]
fn export_writes_every_rejection_formula_safe() {
    let dir = tempfile::tempdir().unwrap();
    let h = open(&dir);
    let fake = Fake::new(limits(10, 10));
    let mut inp = input(2);
    inp.rejected.push(groupdrop_core::plan::ImportRejection {
        row: 5,
        input: "=cmd|' /C calc'!A0".into(),
        reason: "letters in the number".into(),
        code: Some("letters".into()),
        reason_country: None,
    });
    let id = job(&h, &fake, inp, "T");
    let out = dir.path().join("rejected.csv");
    let n = export_rejected(&h.outcome(id).unwrap(), &out).unwrap();
    assert_eq!(n, 1);
    let text = std::fs::read_to_string(&out).unwrap();
    assert_eq!(
        text,
        "row,phone,input,name,stage,reason\n5,,'=cmd|' /C calc'!A0,,import,letters in the number\n"
    );
}

#[test]
fn number_checks_are_kept_per_account_with_their_age_and_unknowns_are_not() {
    use groupdrop_core::history::StoredCheck;
    use groupdrop_providers::CheckStatus;
    let dir = tempfile::tempdir().unwrap();
    let h = History::open(&dir.path().join("history.sqlite3")).unwrap();
    let at = |phone: &str, status, checked_at| StoredCheck {
        phone: phone.into(),
        status,
        whatsapp_id: (status == CheckStatus::OnWhatsapp).then(|| phone.to_string()),
        checked_at,
    };
    h.save_checks(
        "zapi:account:1",
        &[
            at("+5511900000001", CheckStatus::OnWhatsapp, 5_000),
            at("+5511900000002", CheckStatus::NotOnWhatsapp, 1_000),
            at("+5511900000003", CheckStatus::Unknown, 5_000),
        ],
    )
    .unwrap();
    let phones: Vec<String> = (1..=3).map(|i| format!("+551190000000{i}")).collect();
    let kept = h.cached_checks("zapi:account:1", &phones, 0).unwrap();
    assert_eq!(
        kept.iter().map(|c| c.phone.as_str()).collect::<Vec<_>>(),
        ["+5511900000001", "+5511900000002"],
        "an unknown is asked again next time"
    );
    assert_eq!(kept[1].status, CheckStatus::NotOnWhatsapp);
    assert_eq!(kept[0].whatsapp_id.as_deref(), Some("+5511900000001"));
    // Too old: asked again.
    let fresh = h.cached_checks("zapi:account:1", &phones, 2_000).unwrap();
    assert_eq!(fresh.len(), 1);
    // Another account knows nothing of these answers.
    assert!(h
        .cached_checks("2chat:account:2", &phones, 0)
        .unwrap()
        .is_empty());
    // A newer answer replaces the older one.
    h.save_checks(
        "zapi:account:1",
        &[at("+5511900000002", CheckStatus::OnWhatsapp, 9_000)],
    )
    .unwrap();
    let again = h.cached_checks("zapi:account:1", &phones[1..2], 0).unwrap();
    assert_eq!(again[0].status, CheckStatus::OnWhatsapp);
    assert_eq!(again[0].checked_at, 9_000);
}
