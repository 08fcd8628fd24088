//! The default country is found, not asked: a file read with the wrong default country (an
//! English system, Brazilian contacts) carries a suggestion, and following it reads the file
//! exactly as starting with the right country would.

mod common;

use common::import;

/// What a Brazilian office exports from Excel: semicolons, Windows-1252, national numbers with
/// DDD in parentheses, a landline, one number already with +55, a blank and a broken one.
fn brazilian_excel_csv() -> Vec<u8> {
    let text = "Nome;Celular;E-mail\r\n\
        Jo\u{e3}o Silva;(11) 98765-4321;joao@example.com\r\n\
        Maria Souza;(21) 99876-5432;\r\n\
        Ana Lima;11 91234-5678;\r\n\
        Bruno Costa;(31) 3456-7890;\r\n\
        Carla Dias;+55 11 97777-1111;\r\n\
        Diego Reis;(85) 98888-2222;\r\n\
        Elisa Melo;;\r\n\
        F\u{e1}bio Rocha;12345;\r\n\
        Repetido;(11) 98765-4321;\r\n";
    encoding_rs::WINDOWS_1252.encode(text).0.into_owned()
}

fn counts(r: &groupdrop_contacts::ImportReport) -> (usize, usize, usize) {
    (r.contacts.len(), r.duplicates.len(), r.rejected.len())
}

#[test]
fn a_brazilian_file_on_an_english_system_suggests_brazil_and_following_it_matches_starting_there() {
    let bytes = brazilian_excel_csv();
    let us = import("contatos.csv", &bytes, Some("US"));
    let s = us
        .country_suggestion
        .clone()
        .expect("a suggestion for a Brazilian file read as US");
    assert_eq!(s.country, "BR");
    // 7 national numbers (the duplicate included, "12345" too): 5 Brazilian mobiles, a Brazilian
    // landline — which is also a valid number in Detroit, (313) 456-7890 — and junk.
    assert_eq!(s.checked, 7, "{s:?}");
    assert_eq!((s.valid_checked, s.valid_default), (5, 1), "{s:?}");
    assert_eq!(s.international, 1, "+55 11 97777-1111");
    assert!(
        counts(&us).0 <= 2,
        "as US almost nothing is usable: {:?}",
        counts(&us)
    );

    let accepted = import("contatos.csv", &bytes, Some(&s.country));
    let started_in_brazil = import("contatos.csv", &bytes, Some("BR"));
    assert_eq!(counts(&accepted), counts(&started_in_brazil));
    assert_eq!(counts(&started_in_brazil), (6, 1, 2));
    assert_eq!(
        accepted.country_suggestion, None,
        "Brazil fits: nothing more to suggest"
    );
}

#[test]
fn no_default_country_at_all_still_gets_a_suggestion() {
    let r = import("contatos.csv", &brazilian_excel_csv(), None);
    assert_eq!(
        r.country_suggestion.map(|s| s.country).as_deref(),
        Some("BR")
    );
}

#[test]
fn indian_mobiles_on_a_brazilian_system_suggest_india() {
    let csv = "Name,Phone\nAarav,98765 43210\nDiya,91234 56789\nIshaan,70123 45678\nKavya,+91 99887 76655\n";
    let r = import("class.csv", csv.as_bytes(), Some("BR"));
    let s = r.country_suggestion.expect("India");
    assert_eq!((s.country.as_str(), s.international), ("IN", 1));
    assert_eq!(
        counts(&import("class.csv", csv.as_bytes(), Some("IN"))).0,
        4
    );
}

#[test]
fn a_google_export_s_country_column_counts_as_evidence() {
    let csv = "Name,Phone 1 - Value,Address 1 - Country\n\
        Ana,(11) 98765-4321,Brazil\n\
        Bia,(21) 99876-5432,Brasil\n\
        Caio,(31) 99456-7890,BR\n";
    let s = import("contacts.csv", csv.as_bytes(), Some("US"))
        .country_suggestion
        .expect("Brazil");
    assert_eq!((s.country.as_str(), s.country_column), ("BR", 3));
}

#[test]
fn a_file_that_fits_its_default_country_has_no_suggestion() {
    let r = import("contatos.csv", &brazilian_excel_csv(), Some("BR"));
    assert_eq!(r.country_suggestion, None);
    let us = "Name,Phone\nAmy,(202) 456-1111\nBob,(415) 867-5309\n";
    assert_eq!(
        import("us.csv", us.as_bytes(), Some("US")).country_suggestion,
        None
    );
}
