//! `create --group-by`: one file, many groups, against the rule-enforcing stand-ins; and a kill
//! in the middle of a many-group run, resumed, makes each group exactly once.

mod jobs_support;

use jobs_support::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

/// A school's list: three classes, the teacher on one row per class, a parent listed twice in
/// 5A, and a row with no class.
fn school(dir: &Path) -> PathBuf {
    let text = "\
Nome;Celular;Turma
Ana;(11) 98765-0001;5A
Bia;(11) 98765-0002;5B
Prof. Rao;(11) 98765-0009;5A
Prof. Rao;(11) 98765-0009;5B
Prof. Rao;(11) 98765-0009;5C
Caio;(11) 98765-0003;
Duda;(11) 98765-0004;5C
Ana (mãe);(11) 98765-0001;5A
Eva;(11) 98765-0005;5B
";
    let path = dir.join("turmas.csv");
    std::fs::write(&path, text).unwrap();
    path
}

fn members_of(lb: &Loopback, name: &str) -> Vec<String> {
    let made = lb.created_groups();
    let g = made.iter().find(|g| g.name == name).unwrap_or_else(|| {
        panic!(
            "no group {name:?} among {:?}",
            made.iter().map(|g| &g.name).collect::<Vec<_>>()
        )
    });
    let mut m = g.members.clone();
    m.sort();
    m
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn zapi_three_classes_become_three_groups_with_the_right_people() {
    let lb = Loopback::start(Kind::Zapi).await;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let file = school(dir.path());
    let mut args = create_args("zapi", "{value} parents 2026", file.to_str().unwrap());
    args.extend([
        "--group-by",
        "Turma",
        "--group-name",
        "5C=Turma 5C (Prof. Rao)",
        // Set up after create: the teacher (in every class) and Bia (only in 5B) as admins.
        "--description",
        "Avisos da turma",
        "--admin",
        "(11) 98765-0009",
        "--admin",
        "(11) 98765-0002",
        "--admins-only",
    ]);
    let out = run(cli(&data, &lb.env(), &args));
    assert!(out.status.success(), "{}", stderr(&out));
    let list = json_out(&out);
    let outcomes = list
        .as_array()
        .expect("--group-by prints a list, one per group");
    assert_eq!(outcomes.len(), 3);
    let names: Vec<&str> = outcomes
        .iter()
        .map(|o| o["group"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["5A parents 2026", "5B parents 2026", "Turma 5C (Prof. Rao)"]
    );
    assert_eq!(lb.creates(), 3);
    assert_eq!(
        members_of(&lb, "5A parents 2026"),
        ["5511987650001", "5511987650009"],
        "Ana once, the teacher"
    );
    assert_eq!(
        members_of(&lb, "5B parents 2026"),
        ["5511987650002", "5511987650005", "5511987650009"]
    );
    assert_eq!(
        members_of(&lb, "Turma 5C (Prof. Rao)"),
        ["5511987650004", "5511987650009"]
    );
    // Caio (row 7) has no class: listed with his row and why, on the run's first result.
    let rejected = outcomes[0]["rejected"].as_array().unwrap();
    let caio = rejected
        .iter()
        .find(|r| r["row"] == 7)
        .unwrap_or_else(|| panic!("row 7 not listed: {}", outcomes[0]));
    assert!(
        caio["reason"].as_str().unwrap().contains("\"Turma\""),
        "{caio}"
    );
    assert_eq!(outcomes[0]["status"], "partial", "row 7 is not in a group");
    // Every group set up: the description, its admins (the teacher everywhere, Bia only in 5B,
    // and being outside a class is no failure), only admins send.
    for (o, admins) in outcomes.iter().zip([
        vec!["5511987650009"],
        vec!["5511987650002", "5511987650009"],
        vec!["5511987650009"],
    ]) {
        let steps: Vec<(&str, &str)> = o["setup"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| (s["step"].as_str().unwrap(), s["status"].as_str().unwrap()))
            .collect();
        assert_eq!(
            steps,
            [
                ("description", "done"),
                ("admins", "done"),
                ("admins_only_messages", "done")
            ],
            "{o}"
        );
        let name = o["group"]["name"].as_str().unwrap();
        let g = lb
            .created_groups()
            .into_iter()
            .find(|g| g.name == name)
            .unwrap();
        assert_eq!(g.description.as_deref(), Some("Avisos da turma"));
        let mut promoted: Vec<String> = lb
            .calls("POST", "/add-admin")
            .iter()
            .filter(|c| c.body["groupId"] == g.id.as_str())
            .flat_map(|c| c.body["phones"].as_array().unwrap().clone())
            .map(|p| p.as_str().unwrap().to_string())
            .collect();
        promoted.sort();
        assert_eq!(promoted, admins, "{name}");
        let settings = lb.calls("POST", "/update-group-settings");
        assert!(
            settings
                .iter()
                .any(|c| c.body["phone"] == g.id.as_str() && c.body["adminOnlyMessage"] == true),
            "{name}"
        );
    }
    for o in outcomes {
        assert!(o["group"]["invite_link"]
            .as_str()
            .unwrap()
            .starts_with("https://chat.whatsapp.com/"));
    }
    assert_eq!(lb.violations(), vec![]);

    // Export links: every group with its link, as Excel opens it (UTF-16, tabs).
    let links = dir.path().join("links.csv");
    let out = run(cli(
        &data,
        &[],
        &["export", "2", "--links", links.to_str().unwrap()],
    ));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("3 groups"), "{}", stdout(&out));
    let bytes = std::fs::read(&links).unwrap();
    let units: Vec<u16> = bytes[2..]
        .chunks(2)
        .map(|b| u16::from_le_bytes([b[0], b[1]]))
        .collect();
    let text = String::from_utf16(&units).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "{text}");
    for (line, o) in lines[1..].iter().zip(outcomes) {
        let cells: Vec<&str> = line.split('\t').collect();
        assert_eq!(cells[0], o["group"]["name"].as_str().unwrap());
        assert_eq!(cells[1], o["group"]["invite_link"].as_str().unwrap());
        assert_eq!(
            cells[2],
            o["added"].as_array().unwrap().len().to_string(),
            "{line}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twochat_group_by_keeps_its_rules_and_a_bad_column_is_refused_before_anything_is_sent() {
    let lb = Loopback::start(Kind::TwoChat).await;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let file = school(dir.path());
    let mut args = create_args("2chat", "{value} parents", file.to_str().unwrap());
    args.extend(["--group-by", "Class"]);
    let out = run(cli(&data, &lb.env(), &args));
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("\"Class\"") && err.contains("Nome, Celular, Turma"),
        "{err}"
    );
    assert_eq!(lb.seen().len(), 0, "nothing sent for a wrong column");

    let mut args = create_args("2chat", "Parents", file.to_str().unwrap());
    args.extend(["--group-by", "C"]);
    let out = run(cli(&data, &lb.env(), &args));
    assert!(!out.status.success());
    assert!(stderr(&out).contains("{value}"), "{}", stderr(&out));
    assert_eq!(lb.creates(), 0, "colliding names refused before any create");

    let mut args = create_args("2chat", "{value} parents", file.to_str().unwrap());
    args.extend([
        "--group-by",
        "C",
        "--description",
        "Avisos da turma",
        "--admin",
        "(11) 98765-0009",
    ]);
    let out = run(cli(&data, &lb.env(), &args));
    assert!(out.status.success(), "{}", stderr(&out));
    let list = json_out(&out);
    assert_eq!(list.as_array().unwrap().len(), 3);
    assert_eq!(lb.creates(), 3);
    for o in list.as_array().unwrap() {
        let steps = o["setup"].as_array().unwrap();
        assert_eq!(steps[0]["step"], "description");
        assert_eq!(steps[0]["status"], "done", "{o}");
        assert_eq!(steps[1]["step"], "admins");
        assert_eq!(steps[1]["status"], "not_offered", "{o}");
        assert!(
            steps[1]["reason"].as_str().unwrap().contains("2Chat"),
            "admins: a plain reason naming 2Chat: {o}"
        );
    }
    for create in lb.create_requests() {
        assert_eq!(create.body["group"]["description"], "Avisos da turma");
    }
    assert_eq!(lb.violations(), vec![]);
}

fn status_of(data: &Path, job: &str) -> Option<String> {
    let out = run(cli(data, &[], &["show", job, "--json"]));
    out.status
        .success()
        .then(|| json_out(&out)["status"].as_str().unwrap().to_string())
}

/// SIGKILL while the second group's create is in flight, then `resume 1` (group 1 finished
/// before the kill): the run goes on from group 2, and the provider ends up with each of the
/// three groups exactly once, with everyone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_in_a_many_group_run_resumes_with_each_group_once() {
    let lb = Loopback::start(Kind::Zapi).await;
    lb.delay_creates(Duration::from_millis(800));
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let file = school(dir.path());
    let mut args = create_args("zapi", "{value} parents", file.to_str().unwrap());
    args.extend(["--group-by", "Turma"]);
    let mut cmd = cli(&data, &lb.env(), &args);
    cmd.env("GROUPDROP_PACING_MS", "1000")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let mut child = cmd.spawn().unwrap();
    let start = Instant::now();
    while lb.creates() < 2 {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "second create never came"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    std::thread::sleep(Duration::from_millis(300)); // inside the 800 ms the create takes
    child.kill().unwrap();
    assert!(!child.wait().unwrap().success());
    assert_eq!(
        status_of(&data, "1").as_deref(),
        Some("partial"),
        "row 7 has no class"
    );
    assert_ne!(status_of(&data, "2").as_deref(), Some("done"));

    let out = run(cli(&data, &lb.env(), &["resume", "1", "--json"]));
    assert!(out.status.success(), "{}", stderr(&out));
    let resumed = json_out(&out);
    let resumed: Vec<&Value> = match resumed.as_array() {
        Some(list) => list.iter().collect(),
        None => vec![&resumed],
    };
    assert_eq!(resumed.len(), 2, "groups 2 and 3 went on: {resumed:?}");
    assert_eq!(lb.creates(), 3, "each group created once");
    let mut names: Vec<String> = lb.created_groups().into_iter().map(|g| g.name).collect();
    names.sort();
    assert_eq!(names, ["5A parents", "5B parents", "5C parents"]);
    assert_eq!(members_of(&lb, "5B parents").len(), 3);
    assert_eq!(members_of(&lb, "5C parents").len(), 2);
    for job in ["2", "3"] {
        assert_eq!(status_of(&data, job).as_deref(), Some("done"), "part {job}");
    }
    assert_eq!(lb.violations(), vec![]);
}
