//! `groupdrop-cli import`, run as the built binary.

use std::path::Path;
use std::process::{Command, Output};

const CSV: &str = "\u{FEFF}Nome;Celular\r\nJoão da Silva;(11) 98765-4321\r\nMaria;11 98765-4321\r\n;\r\n;\r\nZé;12345\r\n";

fn cli(args: &[&str], locale: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_groupdrop-cli"));
    cmd.arg("import").args(args);
    for var in ["LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"] {
        cmd.env_remove(var);
    }
    if let Some(l) = locale {
        cmd.env("LANG", l);
    }
    cmd.output().unwrap()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_str().unwrap().to_string()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

#[test]
fn json_is_exactly_one_object_in_the_documented_shape() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "contatos.csv", CSV.as_bytes());
    let o = cli(&[&file, "--country", "BR", "--json"], None);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stderr(&o), "");
    let out = stdout(&o);
    assert_eq!(out.trim_end().lines().count(), 1, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["file"], "contatos.csv");
    assert_eq!(v["format"], "csv");
    assert_eq!(v["encoding"], "utf-8");
    assert_eq!(v["delimiter"], ";");
    assert_eq!(v["phone_columns"], serde_json::json!(["Celular"]));
    assert_eq!(v["country"], "BR");
    assert_eq!(
        v["contacts"][0],
        serde_json::json!({"row": 2, "name": "João da Silva", "phone": "+5511987654321",
            "input": "(11) 98765-4321", "kind": "mobile", "country": "BR", "assumed_international": false})
    );
    assert_eq!(v["duplicates"][0]["row"], 3);
    assert_eq!(v["duplicates"][0]["phone"], "+5511987654321");
    assert_eq!(v["duplicates"][0]["same_as_row"], 2);
    assert_eq!(v["rejected"][0]["row"], 6);
    assert_eq!(v["rejected"][0]["input"], "12345");
    assert_eq!(
        v["rejected"][0]["reason"],
        "too short for a Brazilian number"
    );
}

#[test]
fn the_summary_is_readable() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "contatos.csv", CSV.as_bytes());
    let o = cli(&[&file, "--country", "br"], None);
    assert!(o.status.success());
    let out = stdout(&o);
    assert!(
        out.contains("contatos.csv: CSV, utf-8, separated by \";\""),
        "{out}"
    );
    assert!(
        out.contains("1 usable number, 1 duplicate, 1 rejected"),
        "{out}"
    );
    assert!(
        out.contains("row 3: +5511987654321 (same as row 2)"),
        "{out}"
    );
    assert!(
        out.contains("row 6: \"12345\": too short for a Brazilian number"),
        "{out}"
    );
}

#[test]
fn the_country_defaults_to_the_locale_region() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "c.csv", CSV.as_bytes());
    let o = cli(&[&file, "--json"], Some("pt_BR.UTF-8"));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["country"], "BR");
    assert_eq!(v["contacts"].as_array().unwrap().len(), 1);
    // No region in the locale (or --country none): national numbers are rejected, not guessed.
    for (args, locale) in [
        (vec![&file[..], "--json"], Some("C")),
        (
            vec![&file[..], "--json", "--country", "none"],
            Some("pt_BR.UTF-8"),
        ),
    ] {
        let o = cli(&args, locale);
        assert!(o.status.success());
        let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
        assert_eq!(v["country"], serde_json::Value::Null);
        assert_eq!(v["contacts"].as_array().unwrap().len(), 0);
        assert!(v["rejected"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("choose the country"));
    }
}

#[test]
fn column_and_sheet_options_reach_the_importer() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "c.csv",
        b"Nome,Celular,Recado\nAna,(11) 98765-4321,(11) 91234-5678\n",
    );
    let o = cli(&[&file, "--country", "BR", "--column", "C", "--json"], None);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["contacts"][0]["phone"], "+5511912345678");
    let o = cli(&[&file, "--column", "Fax"], None);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("There is no column \"Fax\""),
        "{}",
        stderr(&o)
    );
}

#[test]
fn unreadable_files_fail_with_one_human_line() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            dir.path().join("missing.csv").to_str().unwrap().to_string(),
            "was not found",
        ),
        (write(dir.path(), "empty.csv", b""), "is empty"),
        (
            write(dir.path(), "scan.pdf", b"%PDF-1.7\n"),
            "a PDF document",
        ),
        (
            write(
                dir.path(),
                "junk.csv",
                &[
                    0u8, 159, 146, 150, 0, 1, 2, 3, 4, 5, 6, 7, 0, 0, 255, 254, 0, 3,
                ],
            ),
            "binary data",
        ),
    ];
    for (path, expected) in cases {
        for json in [false, true] {
            let mut args = vec![path.as_str()];
            if json {
                args.push("--json");
            }
            let o = cli(&args, None);
            assert_eq!(o.status.code(), Some(2), "{path}");
            assert_eq!(stdout(&o), "", "{path}");
            let err = stderr(&o);
            assert_eq!(err.lines().count(), 1, "{err}");
            assert!(
                err.starts_with("groupdrop-cli: ") && err.contains(expected),
                "{err}"
            );
        }
    }
}
