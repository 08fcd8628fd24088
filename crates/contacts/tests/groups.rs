//! "Make one group per…": the chosen column's value on every row, lined up with the rows the
//! numbers come from, in every format that has columns.

mod common;

use groupdrop_contacts::{import_bytes, ContactsError, GroupCell, ImportOptions};
use rust_xlsxwriter::Workbook;

fn by(column: &str) -> ImportOptions {
    ImportOptions {
        country: Some("BR".into()),
        group_by: Some(column.into()),
        ..Default::default()
    }
}

fn cells(rows: &[(u32, &str)]) -> Vec<GroupCell> {
    rows.iter()
        .map(|&(row, value)| GroupCell {
            row,
            value: value.into(),
        })
        .collect()
}

#[test]
fn excel_semicolon_csv_gives_each_rows_class_and_skips_blank_values() {
    // Excel in Brazil: BOM, semicolons, Windows line ends; class cells with stray spaces.
    let csv = "\u{FEFF}Nome;Celular;Turma\r\nAna;(11) 98765-4321;5º A\r\nRao;(11) 98765-4300; 5º  A \r\n;;\r\nRao;(11) 98765-4300;5º B\r\nCaio;(11) 98765-4323;\r\n";
    let r = import_bytes("turmas.csv", csv.as_bytes(), &by("turma")).unwrap();
    let g = r.group.expect("group column read");
    assert_eq!(g.column, "Turma", "the header as the file spells it");
    assert_eq!(g.rows, cells(&[(2, "5º A"), (3, "5º A"), (5, "5º B")]));
    // The rows line up with the numbers: Rao's 5B row is a duplicate of row 3 with its own row.
    assert_eq!(r.duplicates.len(), 1);
    assert_eq!(r.duplicates[0].row, 5);
    assert!(
        r.contacts.iter().any(|c| c.row == 6),
        "Caio is still a contact"
    );
}

#[test]
fn xlsx_column_by_letter_and_numeric_values() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["Name", "Mobile", "Year"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "Asha").unwrap();
    ws.write_string(1, 1, "+91 98765 43210").unwrap();
    ws.write_number(1, 2, 2026.0).unwrap();
    ws.write_string(2, 0, "Ravi").unwrap();
    ws.write_string(2, 1, "+91 98765 43211").unwrap();
    ws.write_number(2, 2, 2027.0).unwrap();
    let bytes = wb.save_to_buffer().unwrap();
    let r = import_bytes("list.xlsx", &bytes, &by("C")).unwrap();
    let g = r.group.unwrap();
    assert_eq!(g.column, "Year");
    assert_eq!(g.rows, cells(&[(2, "2026"), (3, "2027")]));
}

#[test]
fn a_missing_column_names_the_columns_there_are() {
    let csv = "Name,Phone\nAna,+5511987654321\n";
    match import_bytes("a.csv", csv.as_bytes(), &by("Class")) {
        Err(e @ ContactsError::ColumnNotFound { .. }) => {
            let msg = e.to_string();
            assert!(
                msg.contains("\"Class\"") && msg.contains("Name, Phone"),
                "{msg}"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_vcard_has_no_columns_to_group_by_and_says_what_to_do() {
    let vcf = "BEGIN:VCARD\nVERSION:3.0\nFN:Ana\nTEL:+5511987654321\nEND:VCARD\n";
    match import_bytes("c.vcf", vcf.as_bytes(), &by("Class")) {
        Err(e @ ContactsError::NoColumns { .. }) => {
            assert_eq!(e.kind(), "no_columns");
            assert!(e.to_string().contains("spreadsheet or CSV"), "{e}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn without_group_by_there_is_no_group_column() {
    let r = common::import("a.csv", b"Name,Phone,Class\nAna,+5511987654321,5A\n", None);
    assert!(r.group.is_none());
}
