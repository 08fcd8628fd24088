//! Fixture builders: contact files made the way the real programs write them.
#![allow(dead_code)]

use groupdrop_contacts::{import_bytes, ContactsError, ImportOptions, ImportReport};

/// Google Contacts' current "Google CSV" export header (2023-), as contacts.google.com writes it.
pub const GOOGLE_HEADER: &str = "First Name,Middle Name,Last Name,Phonetic First Name,Phonetic Middle Name,Phonetic Last Name,Name Prefix,Name Suffix,Nickname,File As,Organization Name,Organization Title,Organization Department,Birthday,Notes,Photo,Labels,E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value,Phone 2 - Label,Phone 2 - Value,Address 1 - Label,Address 1 - Formatted,Address 1 - Street,Address 1 - City,Address 1 - PO Box,Address 1 - Region,Address 1 - Postal Code,Address 1 - Country,Address 1 - Extended Address";

/// The older Google CSV header (before 2023), with "Name" and "Phone N - Type".
pub const GOOGLE_LEGACY_HEADER: &str = "Name,Given Name,Additional Name,Family Name,Yomi Name,Given Name Yomi,Additional Name Yomi,Family Name Yomi,Name Prefix,Name Suffix,Initials,Nickname,Short Name,Maiden Name,Birthday,Gender,Location,Billing Information,Directory Server,Mileage,Occupation,Hobby,Sensitivity,Priority,Subject,Notes,Language,Photo,Group Membership,E-mail 1 - Type,E-mail 1 - Value,Phone 1 - Type,Phone 1 - Value,Phone 2 - Type,Phone 2 - Value";

/// Outlook's "Comma Separated Values" contacts export header.
pub const OUTLOOK_HEADER: &str = "\"Title\",\"First Name\",\"Middle Name\",\"Last Name\",\"Suffix\",\"Company\",\"Department\",\"Job Title\",\"Business Street\",\"Business Street 2\",\"Business Street 3\",\"Business City\",\"Business State\",\"Business Postal Code\",\"Business Country/Region\",\"Home Street\",\"Home Street 2\",\"Home Street 3\",\"Home City\",\"Home State\",\"Home Postal Code\",\"Home Country/Region\",\"Other Street\",\"Other Street 2\",\"Other Street 3\",\"Other City\",\"Other State\",\"Other Postal Code\",\"Other Country/Region\",\"Assistant's Phone\",\"Business Fax\",\"Business Phone\",\"Business Phone 2\",\"Callback\",\"Car Phone\",\"Company Main Phone\",\"Home Fax\",\"Home Phone\",\"Home Phone 2\",\"ISDN\",\"Mobile Phone\",\"Other Fax\",\"Other Phone\",\"Pager\",\"Primary Phone\",\"Radio Phone\",\"TTY/TDD Phone\",\"Telex\",\"Account\",\"Anniversary\",\"Assistant's Name\",\"Billing Information\",\"Birthday\",\"Business Address PO Box\",\"Categories\",\"Children\",\"Directory Server\",\"E-mail Address\",\"E-mail Type\",\"E-mail Display Name\",\"E-mail 2 Address\",\"E-mail 2 Type\",\"E-mail 2 Display Name\",\"E-mail 3 Address\",\"E-mail 3 Type\",\"E-mail 3 Display Name\",\"Gender\",\"Government ID Number\",\"Hobby\",\"Home Address PO Box\",\"Initials\",\"Internet Free Busy\",\"Keywords\",\"Language\",\"Location\",\"Manager's Name\",\"Mileage\",\"Notes\",\"Office Location\",\"Organizational ID Number\",\"Other Address PO Box\",\"Priority\",\"Private\",\"Profession\",\"Referred By\",\"Sensitivity\",\"Spouse\",\"User 1\",\"User 2\",\"User 3\",\"User 4\",\"Web Page\"";

/// A CSV row for `header` with the named fields set and every other field empty, quoted the
/// way the exporter quotes (Outlook quotes everything, Google only what needs it).
pub fn row(header: &str, fields: &[(&str, &str)], quote_all: bool) -> String {
    let names: Vec<String> = header
        .split(',')
        .map(|h| h.trim_matches('"').to_string())
        .collect();
    for (k, _) in fields {
        assert!(names.iter().any(|n| n == k), "no column {k} in the header");
    }
    names
        .iter()
        .map(|n| {
            let v = fields
                .iter()
                .find(|(k, _)| k == n)
                .map(|(_, v)| *v)
                .unwrap_or("");
            if quote_all || v.contains([',', '"', '\n']) {
                format!("\"{}\"", v.replace('"', "\"\""))
            } else {
                v.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

pub fn opts(country: Option<&str>) -> ImportOptions {
    ImportOptions {
        country: country.map(str::to_string),
        ..Default::default()
    }
}

pub fn import(name: &str, bytes: &[u8], country: Option<&str>) -> ImportReport {
    import_bytes(name, bytes, &opts(country)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

pub fn import_err(name: &str, bytes: &[u8]) -> ContactsError {
    match import_bytes(name, bytes, &opts(Some("BR"))) {
        Ok(r) => panic!("{name} was accepted: {r:?}"),
        Err(e) => e,
    }
}

/// `(row, phone)` of every contact, for compact assertions.
pub fn phones(r: &ImportReport) -> Vec<(u32, &str)> {
    r.contacts
        .iter()
        .map(|c| (c.row, c.phone.as_str()))
        .collect()
}

/// `(row, code as snake_case)` of every rejected row.
pub fn rejected(r: &ImportReport) -> Vec<(u32, String)> {
    r.rejected
        .iter()
        .map(|x| {
            (
                x.row,
                serde_json::to_value(x.code)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_string(),
            )
        })
        .collect()
}

/// UTF-16LE with a BOM: what Excel's "Unicode Text (*.txt)" writes.
pub fn utf16le(text: &str) -> Vec<u8> {
    let mut out = vec![0xFF, 0xFE];
    out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    out
}

pub fn utf16be(text: &str) -> Vec<u8> {
    let mut out = vec![0xFE, 0xFF];
    out.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    out
}

/// Windows-1252 bytes, as Excel's "CSV (Comma delimited)" writes on a Western Windows.
pub fn windows1252(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

pub fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
    )
    .unwrap()
}
