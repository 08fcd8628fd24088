//! vCard 2.1 (Android, old Nokia/Outlook), 3.0 (iPhone/macOS Contacts, Google) and 4.0.

mod common;

use common::*;
use groupdrop_contacts::Format;

/// An Android-style 2.1 export: quoted-printable UTF-8 names with soft line breaks, bare TYPE
/// parameters, CRLF line ends.
const ANDROID_21: &str = "BEGIN:VCARD\r\n\
VERSION:2.1\r\n\
N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Concei=C3=A7=C3=A3o;Jo=C3=A3o;;;\r\n\
FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Jo=C3=A3o Concei=C3=A7=C3=A3o da Silva =\r\n\
J=C3=BAnior\r\n\
TEL;HOME:+55 11 3333-4444\r\n\
TEL;CELL;PREF:+55 11 98765-4321\r\n\
END:VCARD\r\n\
BEGIN:VCARD\r\n\
VERSION:2.1\r\n\
N:;Ana;;;\r\n\
TEL;WORK;VOICE:(21) 3232-1010\r\n\
TEL;HOME;VOICE:(21) 3131-4141\r\n\
END:VCARD\r\n";

/// An iPhone-style 3.0 export: grouped item1.TEL with an X-ABLabel, folded lines.
const IPHONE_30: &str = "BEGIN:VCARD\n\
VERSION:3.0\n\
PRODID:-//Apple Inc.//iPhone OS 17.0//EN\n\
N:Kumar;Ravi;;;\n\
FN:Ravi Kumar\n\
TEL;type=HOME;type=VOICE;type=pref:022 2345 6789\n\
item1.TEL:+91 98765 4\n 3210\n\
item1.X-ABLabel:WhatsApp\n\
TEL;type=CELL;type=VOICE:+91 91234 56789\n\
END:VCARD\n\
BEGIN:VCARD\n\
VERSION:3.0\n\
FN:Sem número\n\
EMAIL;type=INTERNET:x@example.com\n\
END:VCARD\n\
BEGIN:VCARD\n\
VERSION:3.0\n\
FN:Duas Linhas\n\
TEL;TYPE=CELL:+55 11 91234-5678\n\
TEL;TYPE=CELL:+55 21 99876-5432\n\
TEL;TYPE=FAX:+55 11 3535-4545\n\
END:VCARD\n";

/// A 4.0 card: tel: URIs, quoted multi-valued TYPE.
const V40: &str = "BEGIN:VCARD\r\n\
VERSION:4.0\r\n\
FN:Jane Doe\r\n\
TEL;VALUE=uri;TYPE=\"voice,home\":tel:+1-202-555-0199\r\n\
TEL;VALUE=uri;PREF=1;TYPE=\"cell,voice\":tel:+1-202-555-0123;ext=102\r\n\
END:VCARD\r\n\
BEGIN:VCARD\r\n\
VERSION:4.0\r\n\
FN:Dup\r\n\
TEL;TYPE=cell:+12025550123\r\n\
END:VCARD\r\n";

#[test]
fn vcard_21_quoted_printable_and_bare_types() {
    let r = import("contacts.vcf", ANDROID_21.as_bytes(), Some("BR"));
    assert_eq!(r.format, Format::Vcard);
    assert_eq!(
        phones(&r),
        vec![
            (1, "+5511987654321"),
            (2, "+552132321010"),
            (2, "+552131314141")
        ]
    );
    assert_eq!(
        r.contacts[0].name.as_deref(),
        Some("João Conceição da Silva Júnior")
    );
    assert_eq!(r.contacts[1].name.as_deref(), Some("Ana"));
}

#[test]
fn vcard_30_grouped_labels_folding_and_several_cards() {
    let r = import("iphone.vcf", IPHONE_30.as_bytes(), Some("IN"));
    // The WhatsApp-labelled item1.TEL beats the CELL and HOME numbers.
    assert_eq!(phones(&r)[0], (1, "+919876543210"));
    assert_eq!(r.contacts[0].name.as_deref(), Some("Ravi Kumar"));
    // Card 2 has no number: reported with its index and name.
    assert_eq!(rejected(&r), vec![(2, "no_number".to_string())]);
    assert_eq!(r.rejected[0].name.as_deref(), Some("Sem número"));
    // Card 3: both CELL numbers, not the fax.
    assert_eq!(
        &phones(&r)[1..],
        &[(3, "+5511912345678"), (3, "+5521998765432")]
    );
}

#[test]
fn vcard_40_uris_and_duplicates_across_cards() {
    let r = import("v4.vcf", V40.as_bytes(), None);
    assert_eq!(phones(&r), vec![(1, "+12025550123")]);
    assert_eq!((r.duplicates[0].row, r.duplicates[0].same_as_row), (2, 1));
}

#[test]
fn vcard_in_utf16_and_with_a_bom() {
    let r = import("c.vcf", &utf16le(IPHONE_30), Some("IN"));
    assert_eq!(r.encoding.as_deref(), Some("utf-16le"));
    assert_eq!(r.contacts.len(), 3);
    let with_bom = format!("\u{FEFF}{V40}");
    assert_eq!(import("c.vcf", with_bom.as_bytes(), None).contacts.len(), 1);
}
