//! What every import target checks besides "no panic, no abort": the report accounts for what it
//! read (nothing silently dropped) and every kept number is E.164.

use groupdrop_contacts::{import_bytes, ImportOptions, ImportReport};

pub fn import(name: &str, data: &[u8], opts: &ImportOptions) {
    if let Ok(report) = import_bytes(name, data, opts) {
        check(&report);
    }
}

pub fn check(report: &ImportReport) {
    for c in &report.contacts {
        let digits = c.phone.strip_prefix('+').expect("E.164 starts with +");
        assert!(
            (7..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()),
            "not E.164: {:?}",
            c.phone
        );
        assert!(c.row >= 1);
    }
    for r in &report.rejected {
        assert!(!r.reason.is_empty(), "a rejection without a reason");
    }
}

pub fn brazil() -> ImportOptions {
    ImportOptions {
        country: Some("BR".into()),
        ..ImportOptions::default()
    }
}
