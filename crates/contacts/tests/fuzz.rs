//! `import_bytes` is the fuzzing entry point (a cargo-fuzz target will call it): whatever the
//! bytes and the file name, it returns a report or an error, and never panics.

mod common;

use common::fixture;
use groupdrop_contacts::{import_bytes, ImportOptions};
use proptest::prelude::*;

const EXTENSIONS: &[&str] = &["csv", "txt", "tsv", "xlsx", "xls", "ods", "vcf", "pdf", ""];

fn name(ext: &str) -> String {
    if ext.is_empty() {
        "contacts".to_string()
    } else {
        format!("contacts.{ext}")
    }
}

/// Seeds that reach deep into every reader.
fn seeds() -> Vec<Vec<u8>> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "Nome").unwrap();
    ws.write_string(0, 1, "Celular").unwrap();
    ws.write_string(1, 0, "Ana").unwrap();
    ws.write_number(1, 1, 5511987654321.0).unwrap();
    vec![
        wb.save_to_buffer().unwrap(),
        fixture("contacts.ods"),
        fixture("contacts.xls"),
        fixture("encrypted.xlsx"),
        b"\xEF\xBB\xBFNome;Celular;Obs\r\n\"Ana \"\"A\"\"\";(11) 98765-4321;x\r\nBia;+55 11 91234-5678 ::: 11 3333-4444;\r\n".to_vec(),
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN;ENCODING=QUOTED-PRINTABLE:Jo=C3=A3o =\r\nSilva\r\nitem1.TEL;CELL:+55 11\r\n 98765-4321\r\nitem1.X-ABLabel:Mobile\r\nEND:VCARD\r\n".to_vec(),
        common::utf16le("Name\tMobile\r\nA\t098765 43210\r\n"),
        b"<html><table><tr><th>Nome</th><th>Celular</th></tr><tr><td>Jo&atilde;o &#233;</td><td>(11) 98765-4321<br>+55 21 99876-5432</td></tr></table></html>".to_vec(),
    ]
}

fn options() -> impl Strategy<Value = ImportOptions> {
    (
        prop::option::of(prop::sample::select(vec![
            "BR", "IN", "US", "GB", "de", "XX", "",
        ])),
        prop::option::of(prop::sample::select(vec![
            "A",
            "C",
            "Celular",
            "ZZZ",
            "Phone 1 - Value",
        ])),
        prop::option::of(prop::sample::select(vec!["Sheet1", "contatos", "nope"])),
    )
        .prop_map(|(country, column, sheet)| ImportOptions {
            country: country.map(str::to_string),
            column: column.map(str::to_string),
            sheet: sheet.map(str::to_string),
            // The same pick as the "one group per…" column: any column, or one that is not there.
            group_by: column.map(str::to_string),
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..3000), ext in prop::sample::select(EXTENSIONS), opts in options()) {
        let _ = import_bytes(&name(ext), &bytes, &opts);
    }

    #[test]
    fn random_text_never_panics(text in "[ -~\\t\\r\\n;,:+()áçã\u{FEFF}\u{0966}-\u{096F}]{0,400}", ext in prop::sample::select(EXTENSIONS), opts in options()) {
        let _ = import_bytes(&name(ext), text.as_bytes(), &opts);
    }

    #[test]
    fn mutated_real_files_never_panic(
        seed in 0usize..8,
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..12),
        cut in any::<prop::sample::Index>(),
        truncate in any::<bool>(),
        ext in prop::sample::select(EXTENSIONS),
        opts in options(),
    ) {
        let mut bytes = seeds().swap_remove(seed);
        for (at, value) in edits {
            let i = at.index(bytes.len());
            bytes[i] = value;
        }
        if truncate {
            bytes.truncate(cut.index(bytes.len() + 1));
        }
        let _ = import_bytes(&name(ext), &bytes, &opts);
    }
}
