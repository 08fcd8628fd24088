//! What every import target checks besides "no panic, no abort": the report accounts for what it
//! read (nothing silently dropped) and every kept number is E.164.

// Each target uses part of this module.
#![allow(dead_code)]

use groupdrop_contacts::testing::normalise_one;
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
    // "One group per…": one value per data row, in file order, never blank or padded.
    if let Some(g) = &report.group {
        assert!(
            g.rows.windows(2).all(|w| w[0].row < w[1].row),
            "rows out of order"
        );
        for c in &g.rows {
            assert!(c.row >= 1);
            assert!(
                !c.value.is_empty() && c.value.trim() == c.value,
                "{:?}",
                c.value
            );
        }
    }
}

pub fn brazil() -> ImportOptions {
    ImportOptions {
        country: Some("BR".into()),
        ..ImportOptions::default()
    }
}

/// The column pickers: the first line is the column the user forced (a header name or a
/// letter) as the phone column and as the "one group per…" column, the rest a CSV; a bad choice
/// must be an error with a message, never a panic.
pub fn column(data: &[u8]) {
    let split = data.iter().position(|&b| b == b'\n').unwrap_or(data.len());
    let picked = String::from_utf8_lossy(&data[..split]).into_owned();
    let opts = ImportOptions {
        column: Some(picked.clone()),
        group_by: Some(picked),
        ..brazil()
    };
    import(
        "contacts.csv",
        data.get(split + 1..).unwrap_or_default(),
        &opts,
    );
}

const REGIONS: [Option<&str>; 8] = [
    None,
    Some("BR"),
    Some("IN"),
    Some("MX"),
    Some("ES"),
    Some("US"),
    Some("AR"),
    Some("ZZ"),
];

/// One written number with a default country (the first byte picks it): a verdict, never a panic,
/// and a kept number is E.164 that normalises to itself.
pub fn phone(data: &[u8]) {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let Ok(input) = std::str::from_utf8(rest) else {
        return;
    };
    if let Ok(n) = normalise_one(input, REGIONS[pick as usize % REGIONS.len()]) {
        let digits = n.e164.strip_prefix('+').expect("E.164 starts with +");
        assert!(digits.bytes().all(|b| b.is_ascii_digit()), "{:?}", n.e164);
        let again = normalise_one(&n.e164, None).expect("a kept number is valid on its own");
        assert_eq!(again.e164, n.e164, "E.164 is a fixed point");
    }
}
