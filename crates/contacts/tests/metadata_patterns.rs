//! Every pattern of the `phonenumber` metadata compiles. `regex-cache` (the drop-in behind the
//! crate's metadata) checks only the syntax tree at load and compiles each pattern on first use,
//! with ASCII classes where valid (see `crates/regex-cache`); this forces every one of them, so a
//! metadata update with a pattern Rust's regex cannot compile fails here, not in a user's import.

use phonenumber::metadata::DATABASE;

#[test]
fn every_metadata_pattern_compiles() {
    let mut compiled = 0usize;
    // Matching forces the compile; an invalid pattern panics with its text.
    macro_rules! check {
        ($re:expr) => {{
            let _ = $re.is_match("0");
            compiled += 1;
        }};
    }
    for code in 1..1000u16 {
        for meta in DATABASE.by_code(&code).unwrap_or_default() {
            let d = meta.descriptors();
            for desc in [
                Some(d.general()),
                d.fixed_line(),
                d.mobile(),
                d.toll_free(),
                d.premium_rate(),
                d.shared_cost(),
                d.personal_number(),
                d.voip(),
                d.pager(),
                d.uan(),
                d.voicemail(),
            ]
            .into_iter()
            .flatten()
            {
                check!(desc.national_number());
            }
            for re in [
                meta.international_prefix(),
                meta.national_prefix_for_parsing(),
                meta.leading_digits(),
            ]
            .into_iter()
            .flatten()
            {
                check!(re);
            }
            for f in meta.formats().iter().chain(meta.international_formats()) {
                check!(f.pattern());
                for re in f.leading_digits() {
                    check!(re);
                }
            }
        }
    }
    assert!(compiled > 4_000, "only {compiled} patterns found");
}
