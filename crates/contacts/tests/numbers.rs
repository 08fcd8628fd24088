//! Table tests of numbers from 16 countries, as people write them, against what libphonenumber
//! (Python `phonenumbers` 9.0.33, the version the `phonenumber` crate's metadata comes from)
//! says. The expected values were produced by `phonenumbers.parse` + `is_valid_number` +
//! `format_number(E164)` + `number_type`, and are hard-coded so this test needs no Python.

use groupdrop_contacts::testing::normalise_one;
use groupdrop_contacts::{NumberKind as K, RejectCode};

#[test]
fn valid_numbers_across_countries() {
    #[rustfmt::skip]
    let table: &[(&str, &str, &str, K)] = &[
        ("BR", "(11) 98765-4321", "+5511987654321", K::Mobile),
        ("BR", "011 98765-4321", "+5511987654321", K::Mobile),
        ("BR", "0xx11 98765-4321", "+5511987654321", K::Mobile),
        ("BR", "+55 (11) 98765-4321", "+5511987654321", K::Mobile),
        ("BR", "0 21 11 98765-4321", "+5511987654321", K::Mobile),
        ("BR", "(11) 3333-4444", "+551133334444", K::FixedLine),
        ("IN", "098765 43210", "+919876543210", K::Mobile),
        ("IN", "+91 98765 43210", "+919876543210", K::Mobile),
        ("IN", "919876543210", "+919876543210", K::Mobile),
        ("IN", "022 2345 6789", "+912223456789", K::FixedLine),
        ("US", "(202) 555-0123", "+12025550123", K::FixedLineOrMobile),
        ("US", "1-202-555-0123", "+12025550123", K::FixedLineOrMobile),
        ("US", "011 44 7911 123456", "+447911123456", K::Mobile),
        ("US", "+1 800 723 3456", "+18007233456", K::TollFree),
        ("GB", "07911 123456", "+447911123456", K::Mobile),
        ("GB", "+44 (0)7911 123456", "+447911123456", K::Mobile),
        ("GB", "020 7946 0958", "+442079460958", K::FixedLine),
        ("GB", "00 49 1512 3456789", "+4915123456789", K::Mobile),
        ("DE", "01512 3456789", "+4915123456789", K::Mobile),
        ("DE", "030 12345678", "+493012345678", K::FixedLine),
        ("DE", "+49 (0)151 23456789", "+4915123456789", K::Mobile),
        ("DE", "0049 1512 3456789", "+4915123456789", K::Mobile),
        ("MX", "55 1234 5678", "+525512345678", K::FixedLineOrMobile),
        ("MX", "+52 55 1234 5678", "+525512345678", K::FixedLineOrMobile),
        ("ES", "612 34 56 78", "+34612345678", K::Mobile),
        ("ES", "+34 91 123 45 67", "+34911234567", K::FixedLine),
        ("ES", "0034 612345678", "+34612345678", K::Mobile),
        ("FR", "06 12 34 56 78", "+33612345678", K::Mobile),
        ("FR", "+33 (0)6 12 34 56 78", "+33612345678", K::Mobile),
        ("FR", "01 23 45 67 89", "+33123456789", K::FixedLine),
        ("AR", "011 15-1234-5678", "+5491112345678", K::Mobile),
        ("AR", "+54 9 11 1234-5678", "+5491112345678", K::Mobile),
        ("IT", "333 123 4567", "+393331234567", K::Mobile),
        ("IT", "+39 06 1234 5678", "+390612345678", K::FixedLine),
        ("NG", "0803 123 4567", "+2348031234567", K::Mobile),
        ("ZA", "082 123 4567", "+27821234567", K::Mobile),
        ("ID", "0812-3456-7890", "+6281234567890", K::Mobile),
        ("CO", "321 1234567", "+573211234567", K::Mobile),
        ("PT", "912 345 678", "+351912345678", K::Mobile),
    ];
    for &(region, input, e164, kind) in table {
        let got = normalise_one(input, Some(region))
            .unwrap_or_else(|e| panic!("{region} {input:?} rejected: {e:?}"));
        assert_eq!(
            (got.e164.as_str(), got.kind),
            (e164, kind),
            "{region} {input:?}"
        );
        assert!(!got.assumed_international, "{region} {input:?}");
    }
}

#[test]
fn invalid_numbers_across_countries() {
    #[rustfmt::skip]
    let table: &[(&str, &str, RejectCode)] = &[
        // libphonenumber: parses but is not valid; the code follows its
        // is_possible_number_with_reason (TOO_SHORT / TOO_LONG / IS_POSSIBLE → invalid_number).
        ("BR", "98765-4321", RejectCode::InvalidNumber),
        ("BR", "+55 11 8765-4321", RejectCode::InvalidNumber),
        ("IN", "98765 4321", RejectCode::InvalidNumber),
        ("US", "202-555-012", RejectCode::TooShort),
        ("MX", "+52 1 55 1234 5678", RejectCode::TooLong),
        ("MX", "044 55 1234 5678", RejectCode::TooLong),
        ("BR", "12345", RejectCode::TooShort),
        ("DE", "+49 1512 3456789 1234 5678", RejectCode::TooLong),
        ("GB", "+999 1234 5678", RejectCode::InvalidCountryCode),
        // GroupDrop's own pre-checks.
        ("BR", "11 9876 ABCD", RejectCode::Letters),
        ("BR", "sem telefone", RejectCode::NoNumber),
        ("BR", "11*98765@4321", RejectCode::BadCharacters),
    ];
    for &(region, input, code) in table {
        assert_eq!(
            normalise_one(input, Some(region)).map(|n| n.e164),
            Err(code),
            "{region} {input:?}"
        );
    }
}

#[test]
fn without_a_default_country() {
    assert_eq!(
        normalise_one("+55 11 98765-4321", None).unwrap().e164,
        "+5511987654321"
    );
    assert_eq!(
        normalise_one("(11) 98765-4321", None),
        Err(RejectCode::NeedsCountry)
    );
    // An international number written without + is recognised, and flagged.
    let n = normalise_one("5511987654321", None).unwrap();
    assert_eq!(
        (n.e164.as_str(), n.assumed_international),
        ("+5511987654321", true)
    );
}

#[test]
fn international_forms_do_not_depend_on_the_default_country() {
    // The phonenumber crate alone gets these wrong with default US (see src/libphone.rs).
    for region in ["US", "BR", "IN", "GB", "DE", "CA", "MX"] {
        for (input, e164) in [
            ("+55 11 98765-4321", "+5511987654321"),
            ("+49 1512 3456789", "+4915123456789"),
            ("+1 202 555 0123", "+12025550123"),
            ("+91 98765 43210", "+919876543210"),
        ] {
            assert_eq!(
                normalise_one(input, Some(region)).unwrap().e164,
                e164,
                "{region} {input}"
            );
        }
    }
}
