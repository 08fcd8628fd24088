//! The fuzz targets' inputs on every test run, without libFuzzer: the seeds (`fuzz/seeds/<target>`)
//! and every input that once crashed a target (`fuzz/regressions/<target>`) go through the same
//! code and the same checks as `scripts/fuzz` (fuzz/fuzz_targets/common.rs).

#[path = "../../../fuzz/fuzz_targets/common.rs"]
mod common;

use std::path::{Path, PathBuf};

fn inputs(target: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz");
    let mut out = vec![];
    for dir in ["seeds", "regressions"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir).join(target)) else {
            continue;
        };
        out.extend(entries.map(|e| e.unwrap().path()).filter(|p| p.is_file()));
    }
    out.sort();
    out
}

#[test]
fn every_seed_and_regression_goes_through_its_target() {
    let mut replayed = 0;
    for (target, name) in [
        ("csv", "contacts.csv"),
        ("xlsx", "contacts.xlsx"),
        ("ods", "contacts.ods"),
        ("vcard", "contacts.vcf"),
    ] {
        let files = inputs(target);
        assert!(!files.is_empty(), "no seeds for {target}");
        for f in files {
            let data = std::fs::read(&f).unwrap();
            common::import(name, &data, &common::brazil());
            replayed += 1;
        }
    }
    for f in inputs("column") {
        common::column(&std::fs::read(&f).unwrap());
        replayed += 1;
    }
    for f in inputs("phone") {
        common::phone(&std::fs::read(&f).unwrap());
        replayed += 1;
    }
    assert!(replayed >= 13, "replayed {replayed}");
}

/// The seeds are real contact files: each import keeps numbers (so the fuzzer starts from inputs
/// that reach the normaliser, not from ones refused at the first byte).
#[test]
fn the_seeds_reach_the_numbers() {
    for (target, name) in [
        ("csv", "contacts.csv"),
        ("xlsx", "contacts.xlsx"),
        ("ods", "contacts.ods"),
        ("vcard", "contacts.vcf"),
    ] {
        for f in inputs(target).into_iter().filter(|f| {
            f.starts_with(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/seeds"))
        }) {
            let data = std::fs::read(&f).unwrap();
            let report = groupdrop_contacts::import_bytes(name, &data, &common::brazil())
                .unwrap_or_else(|e| panic!("{f:?}: {e}"));
            assert!(!report.contacts.is_empty(), "{f:?} kept no number");
        }
    }
}
