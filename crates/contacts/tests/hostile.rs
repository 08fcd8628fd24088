//! Hostile and huge files: each ends with a clear message or a correct result, quickly and without
//! building anything the size of what the file *claims*. Peak memory of full-size versions of
//! these files through the real CLI is measured by `scripts/hostile-files`.

mod common;
#[path = "common/hostile.rs"]
mod hostile_files;

use common::*;
use groupdrop_contacts::{
    import_bytes, import_path, import_path_with_limit, ImportOptions, MAX_SHEET_CELLS,
    MAX_UNPACKED_BYTES,
};
use hostile_files::{text_cell, xlsx, xlsx_claiming, xlsx_repeated};
use std::time::Duration;

fn import(name: &str, bytes: &[u8]) -> Result<groupdrop_contacts::ImportReport, (String, String)> {
    import_bytes(name, bytes, &ImportOptions::default())
        .map_err(|e| (e.kind().into(), e.to_string()))
}

/// One contact in A1:A2 and one stray character at XFD1048576, the last cell of a sheet: the
/// dense grid calamine would build is 17 billion cells (over 500 GB). Refused, with what to do.
#[test]
fn a_stray_cell_at_the_end_of_the_sheet_is_refused_not_allocated() {
    let sheet = format!(
        r#"<sheetData><row r="1">{}</row><row r="2">{}</row><row r="1048576">{}</row></sheetData>"#,
        text_cell("A1", "Phone"),
        text_cell("A2", "+5511987654321"),
        text_cell("XFD1048576", "x"),
    );
    let (kind, message) = import("far.xlsx", &xlsx(&sheet)).unwrap_err();
    assert_eq!(kind, "too_many_cells");
    assert!(message.contains("17179869184 cells"), "{message}");
    assert!(
        message.contains(&format!("more than the {MAX_SHEET_CELLS}")),
        "{message}"
    );
    assert!(
        message.contains("delete anything far below or to the right"),
        "{message}"
    );
}

/// A sheet that *declares* the whole grid as its used range but holds two cells is read
/// correctly: nothing is reserved from the declaration.
#[test]
fn a_declared_range_of_the_whole_sheet_costs_nothing() {
    let sheet = format!(
        r#"<dimension ref="A1:XFD1048576"/><sheetData><row r="1">{}{}</row><row r="2">{}{}</row></sheetData>"#,
        text_cell("A1", "Name"),
        text_cell("B1", "Phone"),
        text_cell("A2", "Ana"),
        text_cell("B2", "+5511987654321"),
    );
    let report = import("declared.xlsx", &xlsx(&sheet)).unwrap();
    assert_eq!(report.contacts.len(), 1);
    assert_eq!(report.contacts[0].phone, "+5511987654321");
    assert_eq!(report.contacts[0].name.as_deref(), Some("Ana"));
    assert_eq!(report.contacts[0].row, 2);
}

/// Sheets that start away from A1, and rows in any order, keep the letters and row numbers the
/// user sees (the streamed reader sorts what the file wrote).
#[test]
fn streamed_sheets_keep_positions() {
    let sheet = format!(
        r#"<sheetData><row r="5">{}{}</row><row r="3">{}{}</row></sheetData>"#,
        text_cell("C5", "Bia"),
        text_cell("D5", "+5511987650000"),
        text_cell("C3", "Nome"),
        text_cell("D3", "Celular"),
    );
    let report = import("offset.xlsx", &xlsx(&sheet)).unwrap();
    assert_eq!(report.phone_columns, vec!["Celular".to_string()]);
    assert_eq!(report.contacts.len(), 1);
    assert_eq!(report.contacts[0].row, 5);
    let forced = import_bytes(
        "offset.xlsx",
        &xlsx(&sheet),
        &ImportOptions {
            column: Some("D".into()),
            ..ImportOptions::default()
        },
    )
    .unwrap();
    assert_eq!(forced.contacts[0].phone, "+5511987650000");
}

/// A zip bomb: about 1 GiB of sheet XML in a file of about a megabyte. Refused once the
/// unpacked size passes the limit, without ever holding it.
#[test]
fn a_zip_bomb_xlsx_is_refused_by_its_unpacked_size() {
    let row = format!("<row>{}</row>", text_cell("A1", "+5511987654321"));
    let chunk = row.repeat((1 << 20) / row.len());
    let bytes = xlsx_repeated("<sheetData>", &chunk, 1024, "</sheetData>");
    assert!(bytes.len() < 4 << 20, "the bomb is {} bytes", bytes.len());
    let (kind, message) = import("bomb.xlsx", &bytes).unwrap_err();
    assert_eq!(kind, "unpacks_too_large");
    let limit_mb = MAX_UNPACKED_BYTES >> 20;
    assert!(
        message.contains(&format!("unpacks to more than {limit_mb} MB")),
        "{message}"
    );
    assert!(message.contains("Save the contacts as CSV"), "{message}");

    // The same bomb whose ZIP headers claim 1 KB: the ZIP reader stops at the claimed size and
    // the file is reported damaged, which it is; nothing past the claim is inflated.
    let liar = xlsx_claiming("<sheetData>", &chunk, 1024, "</sheetData>", Some(1024));
    let (kind, message) = import("liar.xlsx", &liar).unwrap_err();
    assert_eq!(kind, "unreadable", "{message}");
    assert!(message.contains("looks damaged"), "{message}");
}

fn ods(content: &str) -> Vec<u8> {
    // An OpenDocument package has a mimetype member and content.xml; deflating the mimetype is
    // off-spec, but the sniffer finds content.xml either way.
    let head = r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet>"#;
    let tail = "</office:spreadsheet></office:body></office:document-content>";
    hostile_files::ods(&format!("{head}{content}{tail}"))
}

/// An OpenDocument file of a few hundred bytes whose repeat counts expand to 17 billion cells.
#[test]
fn an_ods_whose_repeats_expand_to_billions_of_cells_is_refused() {
    let bytes = ods(
        r#"<table:table table:name="S"><table:table-row table:number-rows-repeated="1048576"><table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="5511987654321"/></table:table-row></table:table>"#,
    );
    assert!(bytes.len() < 2048);
    let (kind, message) = import("repeats.ods", &bytes).unwrap_err();
    assert_eq!(kind, "too_many_cells", "{message}");
}

/// The OpenDocument way of writing one stray cell at XFD1048576: 1,048,575 empty rows, then a
/// row of 16,383 empty cells and one holding "x". calamine would build all 17 billion cells.
#[test]
fn an_ods_with_a_stray_cell_at_the_end_of_the_sheet_is_refused() {
    let bytes = ods(
        r#"<table:table table:name="S"><table:table-row><table:table-cell office:value-type="string"><text:p>Phone</text:p></table:table-cell></table:table-row><table:table-row><table:table-cell office:value-type="string"><text:p>+5511987654321</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="1048573"><table:table-cell/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="16383"/><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row></table:table>"#,
    );
    let (kind, message) = import("far.ods", &bytes).unwrap_err();
    assert_eq!(kind, "too_many_cells", "{message}");
    assert!(message.contains("17179869184 cells"), "{message}");
}

#[test]
fn a_10_mb_single_cell_is_one_clear_rejection() {
    let mut csv = String::from("Name,Phone\nAna,+5511987654321\nBig,");
    csv.push_str(&"9".repeat(10 << 20));
    csv.push('\n');
    let report = import("cell.csv", csv.as_bytes()).unwrap();
    assert_eq!(report.contacts.len(), 1);
    assert_eq!(report.rejected.len(), 1);
    assert_eq!(report.rejected[0].row, 3);
    assert_eq!(report.rejected[0].name.as_deref(), Some("Big"));
    assert!(!report.rejected[0].reason.is_empty());
}

#[test]
fn deeply_nested_quotes_nul_bytes_and_mixed_line_endings() {
    // 200,000 quote characters in one field, unbalanced.
    let mut csv = String::from("Name,Phone\nAna,+5511987654321\n");
    csv.push_str(&"\"".repeat(200_001));
    csv.push_str(",+5511987650000\n");
    match import("quotes.csv", csv.as_bytes()) {
        Ok(r) => assert!(r.contacts.iter().any(|c| c.phone == "+5511987654321")),
        Err((kind, message)) => assert!(!message.is_empty(), "{kind}"),
    }

    let nul = b"Name,Phone\nAna\0,+5511987654321\nBia,+55119876\x0050000\n";
    match import("nul.csv", nul) {
        Ok(r) => assert!(r.contacts.iter().any(|c| c.phone == "+5511987654321")),
        Err((kind, message)) => {
            assert_eq!(kind, "binary", "{message}");
        }
    }

    let mixed = b"Name,Phone\r\nAna,+5511987654321\nBia,+5511987650000\rCai,+5511987651111\r\n";
    let r = import("mixed.csv", mixed).unwrap();
    let phones: Vec<&str> = r.contacts.iter().map(|c| c.phone.as_str()).collect();
    assert!(phones.contains(&"+5511987654321"), "{phones:?}");
    assert!(phones.contains(&"+5511987651111"), "{phones:?}");
}

/// A FIFO has no end and opening it for reading waits for a writer: refused at once, by type.
#[test]
fn a_fifo_is_refused_without_hanging() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("contacts.csv");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let (tx, rx) = std::sync::mpsc::channel();
    let path = fifo.clone();
    std::thread::spawn(move || {
        let r =
            import_path(&path, &ImportOptions::default()).map_err(|e| (e.kind(), e.to_string()));
        let _ = tx.send(r.map(|_| ()));
    });
    // A generous bound only on failure: the answer comes in microseconds.
    let (kind, message) = rx
        .recv_timeout(Duration::from_secs(60))
        .expect("importing a FIFO hung")
        .unwrap_err();
    assert_eq!(kind, "cannot_open");
    assert!(message.contains("pipe or a device"), "{message}");
}

/// `/proc` files say their length is 0: the read itself is bounded.
#[test]
fn a_file_whose_metadata_says_zero_is_still_bounded() {
    let status = std::path::Path::new("/proc/self/status");
    assert_eq!(std::fs::metadata(status).unwrap().len(), 0);
    let e = import_path_with_limit(status, &ImportOptions::default(), 64).unwrap_err();
    assert_eq!(e.kind(), "too_large");
    assert!(
        e.to_string().contains("more than the 0 MB") || e.to_string().contains("MB"),
        "{e}"
    );
    // Character devices are refused by type, not read forever.
    let e = import_path(std::path::Path::new("/dev/zero"), &ImportOptions::default()).unwrap_err();
    assert_eq!(e.kind(), "cannot_open");
}

#[test]
fn html_saved_as_xlsx_and_password_protected_workbooks_are_named() {
    let (kind, _) = import(
        "export.xlsx",
        b"<html><body><table><tr><td>Phone</td></tr><tr><td>+5511987654321</td></tr></table></body></html>",
    )
    .map(|r| ("ok".to_string(), r.contacts.len().to_string()))
    .unwrap_or_else(|e| e);
    assert_eq!(
        kind, "ok",
        "an HTML table saved as .xlsx is read as the table it is"
    );
    let (kind, message) = import("senha.xlsx", &fixture("encrypted.xlsx")).unwrap_err();
    assert_eq!(kind, "password_protected");
    assert!(message.contains("password"), "{message}");
}

/// Offsets of every BIFF record of type `typ` and data length `len` in a small .xls (the
/// fixture's Workbook stream lies in one run of sectors, so a byte search finds its records).
fn xls_records(bytes: &[u8], typ: u16, len: u16) -> Vec<usize> {
    let mut head = typ.to_le_bytes().to_vec();
    head.extend_from_slice(&len.to_le_bytes());
    bytes
        .windows(4)
        .enumerate()
        .filter(|(_, w)| *w == head.as_slice())
        .map(|(i, _)| i)
        .collect()
}

/// An .xls whose sheet *declares* 1,048,576 rows × 16,384 columns (XFD1048576) in its
/// DIMENSIONS record: calamine reserves room for every declared cell when it opens the file
/// (hundreds of GB; the failed allocation aborted the process). Refused before calamine runs.
#[test]
fn an_xls_declaring_the_whole_grid_is_refused_not_allocated() {
    let mut bytes = fixture("contacts.xls");
    let at = xls_records(&bytes, 0x0200, 14);
    assert_eq!(at.len(), 1, "the fixture has one sheet");
    let data = at[0] + 4;
    bytes[data..data + 4].copy_from_slice(&0u32.to_le_bytes()); // first row
    bytes[data + 4..data + 8].copy_from_slice(&1_048_576u32.to_le_bytes()); // past the last row
    bytes[data + 8..data + 10].copy_from_slice(&0u16.to_le_bytes()); // first column
    bytes[data + 10..data + 12].copy_from_slice(&16_384u16.to_le_bytes()); // past the last column
    let (kind, message) = import("declared.xls", &bytes).unwrap_err();
    assert_eq!(kind, "too_many_cells", "{message}");
    assert!(message.contains("17179869184 cells"), "{message}");
    assert!(
        message.contains("delete anything far below or to the right"),
        "{message}"
    );
    // The untouched fixture still reads.
    assert!(import("contacts.xls", &fixture("contacts.xls")).is_ok());
}

/// An .xls with one cell moved to IV65536, the last cell of an Excel 97 sheet: calamine would
/// build a dense grid of 16.7 million cells (over 500 MB) for it. Refused by the cells' extent.
#[test]
fn an_xls_with_a_stray_cell_at_the_end_of_the_sheet_is_refused() {
    let mut bytes = fixture("contacts.xls");
    let last = *xls_records(&bytes, 0x00FD, 10).last().unwrap();
    bytes[last + 4..last + 6].copy_from_slice(&65_535u16.to_le_bytes());
    bytes[last + 6..last + 8].copy_from_slice(&255u16.to_le_bytes());
    let (kind, message) = import("stray.xls", &bytes).unwrap_err();
    assert_eq!(kind, "too_many_cells", "{message}");
    assert!(message.contains("16777216 cells"), "{message}");
}
