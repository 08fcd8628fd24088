//! One written number with a default country (the first byte picks it): a verdict, never a panic,
//! and a kept number is E.164 that normalises to itself.
#![no_main]

use groupdrop_contacts::testing::normalise_one;

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

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let Ok(input) = std::str::from_utf8(rest) else {
        return;
    };
    let region = REGIONS[pick as usize % REGIONS.len()];
    if let Ok(n) = normalise_one(input, region) {
        let digits = n.e164.strip_prefix('+').expect("E.164 starts with +");
        assert!(digits.bytes().all(|b| b.is_ascii_digit()), "{:?}", n.e164);
        let again = normalise_one(&n.e164, None).expect("a kept number is valid on its own");
        assert_eq!(again.e164, n.e164, "E.164 is a fixed point");
    }
});
