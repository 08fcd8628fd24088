//! Helpers to run the `groupdrop-cli` binary with a private data dir, against the loopback
//! provider servers in `standin.rs`.

#![allow(dead_code)]

mod standin;
pub use standin::*;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// `n` valid Brazilian mobiles as a CSV with a header; returns the file and the E.164 numbers.
pub fn contacts_csv(dir: &Path, n: usize, extra_rows: &[&str]) -> (PathBuf, Vec<String>) {
    let mut text = String::from("Name,Mobile\n");
    let mut phones = Vec::new();
    for i in 0..n {
        let national = format!("9{:04}{:04}", 8765 - (i / 10000), i % 10000);
        text.push_str(&format!(
            "Person {i},(11) {}-{}\n",
            &national[..5],
            &national[5..]
        ));
        phones.push(format!("+5511{national}"));
    }
    for row in extra_rows {
        text.push_str(row);
        text.push('\n');
    }
    let path = dir.join("contacts.csv");
    std::fs::write(&path, text).unwrap();
    (path, phones)
}

/// Every GROUPDROP_* variable the CLI reads, so a developer's shell cannot leak into a test.
const ALL_VARS: &[&str] = &[
    "GROUPDROP_DATA_DIR",
    "GROUPDROP_PACING_MS",
    "GROUPDROP_EAZYBE_TOKEN",
    "GROUPDROP_2CHAT_API_KEY",
    "GROUPDROP_2CHAT_FROM_NUMBER",
    "GROUPDROP_ZAPI_INSTANCE_ID",
    "GROUPDROP_ZAPI_INSTANCE_TOKEN",
    "GROUPDROP_ZAPI_CLIENT_TOKEN",
    "GROUPDROP_EAZYBE_BASE_URL",
    "GROUPDROP_2CHAT_BASE_URL",
    "GROUPDROP_ZAPI_BASE_URL",
    "GROUPDROP_PRACTICE_DELAY_MS",
    "GROUPDROP_PRACTICE_FAULT",
    "RUST_LOG",
];

/// `groupdrop-cli ARGS` with a private data dir, fast pacing and the given extra environment.
pub fn cli(data_dir: &Path, env: &[(&str, String)], args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_groupdrop-cli"));
    for var in ALL_VARS {
        cmd.env_remove(var);
    }
    cmd.env("GROUPDROP_DATA_DIR", data_dir)
        .env("GROUPDROP_PACING_MS", "5")
        .env("NO_PROXY", "127.0.0.1,localhost")
        .args(args)
        .stdin(Stdio::null());
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd
}

pub fn run(mut cmd: Command) -> Output {
    cmd.output().expect("run groupdrop-cli")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn json_out(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not one JSON value ({e}):\n{}\nstderr:\n{}",
            stdout(o),
            stderr(o)
        )
    })
}

/// Every phone in the outcome's lists, each list's entries as (list, phone-or-input).
pub fn listed(outcome: &Value) -> Vec<(String, String)> {
    let mut out = vec![];
    for list in ["added", "invited", "sent", "pending", "rejected"] {
        for e in outcome[list].as_array().unwrap() {
            let id = e["phone"]
                .as_str()
                .or_else(|| e["input"].as_str())
                .unwrap()
                .to_string();
            out.push((list.to_string(), id));
        }
    }
    out
}

/// Asserts each of `phones` appears exactly once across the outcome's lists.
pub fn assert_each_once(outcome: &Value, phones: &[String]) {
    let listed = listed(outcome);
    for p in phones {
        let n = listed.iter().filter(|(_, x)| x == p).count();
        assert_eq!(n, 1, "{p} listed {n} times in {outcome}");
    }
}
