//! Secrets never leave the keyring/environment: run create, resume, history, show and export
//! with distinctive credentials and `RUST_LOG=trace`, with a provider that even echoes the
//! credentials back in an error, and look for them in stdout, stderr (where logs go) and every
//! byte of every file in the data dir (the SQLite file and its -wal/-shm, locks, exports).

mod jobs_support;

use jobs_support::*;
use serde_json::json;
use std::path::Path;

fn all_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            all_files(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn assert_no_secret(what: &str, bytes: &[u8], secrets: &[&str]) {
    for s in secrets {
        assert!(
            !bytes.windows(s.len()).any(|w| w == s.as_bytes()),
            "secret {s:?} found in {what}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_token_in_output_logs_or_database() {
    for kind in [Kind::Zapi, Kind::TwoChat] {
        let lb = Loopback::start(kind).await;
        let secrets: Vec<&str> = match kind {
            Kind::Zapi => vec![ZAPI_ID, ZAPI_TOKEN, ZAPI_CLIENT],
            Kind::TwoChat => vec![TWOCHAT_KEY],
            Kind::EazyBe => vec![EAZYBE_TOKEN],
        };
        // The provider's first add fails with a message that repeats every credential.
        let echo = format!("credentials {} are not allowed here", secrets.join(" / "));
        lb.fail_next_add(
            422,
            json!({"success": false, "message": echo, "error": echo}),
        );
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let (file, phones) = contacts_csv(dir.path(), 45, &["Bad,12345"]);
        let mut env = lb.env();
        env.push(("RUST_LOG", "trace".into()));
        let f = file.to_str().unwrap();
        let csv = dir.path().join("rejected.csv");
        let mut transcript: Vec<u8> = Vec::new();
        let step = |args: &[&str], transcript: &mut Vec<u8>| {
            let out = run(cli(&data, &env, args));
            transcript.extend_from_slice(&out.stdout);
            transcript.extend_from_slice(&out.stderr);
            out
        };

        let first = step(
            &[
                "create",
                "--provider",
                lb.provider_arg(),
                "--name",
                "Leak check",
                "--contacts",
                f,
                "--country",
                "BR",
                "--yes",
                "--json",
            ],
            &mut transcript,
        );
        assert_eq!(
            first.status.code(),
            Some(5),
            "the add failure stops the run"
        );
        let o = json_out(&first);
        assert_eq!(o["status"], json!("incomplete"), "{o}");
        // The provider's echo was shown (so the test is not vacuous), with the secrets blanked.
        let stderr_text = stderr(&first);
        assert!(
            stderr_text.contains("are not allowed here"),
            "{stderr_text}"
        );
        assert!(
            stderr_text.contains("[hidden]") || stderr_text.contains("[redacted]"),
            "{stderr_text}"
        );
        // Trace logging really was on.
        assert!(
            stderr_text.contains("TRACE") || stderr_text.contains("DEBUG"),
            "logs went to stderr"
        );

        let resumed = step(&["resume", "1", "--json"], &mut transcript);
        assert!(resumed.status.success(), "{}", stderr(&resumed));
        assert_each_once(&json_out(&resumed), &phones);
        step(&["resume", "1"], &mut transcript);
        step(&["history"], &mut transcript);
        step(&["history", "--json"], &mut transcript);
        step(&["show", "1"], &mut transcript);
        step(&["show", "1", "--json"], &mut transcript);
        step(&["show", "1", "--calls"], &mut transcript);
        let export = step(
            &["export", "1", "--rejected", csv.to_str().unwrap()],
            &mut transcript,
        );
        assert!(export.status.success());

        assert!(transcript.len() > 2000, "there was output to check");
        if std::env::var_os("GROUPDROP_DUMP_TRANSCRIPT").is_some() {
            eprintln!("{}", String::from_utf8_lossy(&transcript));
        }
        assert_no_secret("the output and logs", &transcript, &secrets);
        // Log lines (RUST_LOG=trace, so every request and answer) never hold a whole phone number:
        // at most its last 4 digits. The command output itself lists numbers on purpose.
        let text = String::from_utf8_lossy(&transcript);
        let log_lines: Vec<&str> = text
            .lines()
            .filter(|l| {
                [" TRACE ", " DEBUG ", " INFO ", " WARN ", " ERROR "]
                    .iter()
                    .any(|level| l.contains(level))
            })
            .collect();
        assert!(
            log_lines.len() > 20,
            "there were log lines: {}",
            log_lines.len()
        );
        for phone in &phones {
            let digits = phone.trim_start_matches('+');
            let national = &digits[2..];
            for line in &log_lines {
                assert!(
                    !line.contains(digits) && !line.contains(national),
                    "a whole number ({phone}) in a log line: {line}"
                );
            }
        }
        let mut files = vec![csv.clone()];
        all_files(&data, &mut files);
        assert!(
            files.iter().any(|p| p.ends_with("history.sqlite3")),
            "{files:?}"
        );
        for p in files {
            let bytes = std::fs::read(&p).unwrap();
            assert_no_secret(&p.display().to_string(), &bytes, &secrets);
        }
        // The credentials did reach the server (the test used them for real).
        assert_eq!(lb.unauthorised(), 0);
        assert!(lb.creates() == 1);
    }
}

/// A kill leaves the -wal file behind un-checkpointed: look there too.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_token_in_the_wal_of_a_killed_run() {
    let lb = Loopback::start(Kind::Zapi).await;
    lb.delay_adds(std::time::Duration::from_secs(30));
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let (file, _) = contacts_csv(dir.path(), 30, &[]);
    let mut env = lb.env();
    env.push(("RUST_LOG", "trace".into()));
    let mut cmd = cli(
        &data,
        &env,
        &[
            "create",
            "--provider",
            "zapi",
            "--name",
            "Wal",
            "--contacts",
            file.to_str().unwrap(),
            "--country",
            "BR",
            "--yes",
        ],
    );
    cmd.stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    let start = std::time::Instant::now();
    while lb.calls("POST", "/add-participant").is_empty() {
        assert!(start.elapsed() < std::time::Duration::from_secs(30));
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    child.kill().unwrap();
    let out = child.wait_with_output().unwrap();
    let mut files = vec![];
    all_files(&data, &mut files);
    assert!(
        files.iter().any(|p| p.to_string_lossy().ends_with("-wal")),
        "{files:?}"
    );
    let secrets = [ZAPI_ID, ZAPI_TOKEN, ZAPI_CLIENT];
    for p in files {
        assert_no_secret(
            &p.display().to_string(),
            &std::fs::read(&p).unwrap(),
            &secrets,
        );
    }
    assert_no_secret("stdout", &out.stdout, &secrets);
    assert_no_secret("stderr", &out.stderr, &secrets);
}
