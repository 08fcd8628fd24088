//! Files that cannot be imported get a clear error with a stable kind, never a panic.

mod common;

use common::*;
use groupdrop_contacts::{
    import_path, import_path_with_limit, ContactsError, ImportOptions, MAX_FILE_BYTES,
};

fn kind_and_message(e: ContactsError) -> (&'static str, String) {
    (e.kind(), e.to_string())
}

#[test]
fn empty_files() {
    for bytes in [&b""[..], b"   \r\n\n", b"\xEF\xBB\xBF", b";;;\n;;\n"] {
        let (kind, message) = kind_and_message(import_err("contatos.csv", bytes));
        assert_eq!(kind, "empty", "{bytes:?}");
        assert!(message.contains("\"contatos.csv\" is empty"), "{message}");
    }
}

#[test]
fn binary_junk() {
    let junk: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let (kind, message) = kind_and_message(import_err("contatos.csv", &junk));
    assert_eq!(kind, "binary");
    assert!(message.contains("CSV, Excel (.xlsx) or vCard"), "{message}");
}

#[test]
fn unsupported_types_are_named() {
    for (name, bytes, what) in [
        (
            "lista.pdf",
            &b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj"[..],
            "a PDF document",
        ),
        ("foto.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "an image"),
        (
            "doc.docx",
            b"PK\x03\x04\x14\0\0\0\x08\0word/document.xml",
            "a word-processor document",
        ),
        (
            "backup.zip",
            b"PK\x03\x04\x14\0\0\0\x08\0notes.txt",
            "a ZIP archive",
        ),
        (
            "export.xls",
            b"<!DOCTYPE html><html><body><p>Session expired</p></body></html>",
            "a web page (HTML) without a table",
        ),
    ] {
        let (kind, message) = kind_and_message(import_err(name, bytes));
        assert_eq!(kind, "unsupported", "{name}");
        assert!(message.contains(what), "{name}: {message}");
    }
}

#[test]
fn password_protected_workbook() {
    let (kind, message) = kind_and_message(import_err("senha.xlsx", &fixture("encrypted.xlsx")));
    assert_eq!(kind, "password_protected");
    assert!(message.contains("remove the password"), "{message}");
}

#[test]
fn damaged_workbook() {
    let mut bytes = b"PK\x03\x04\x14\0\0\0\x08\0xl/workbook.xml".to_vec();
    bytes.extend(std::iter::repeat_n(0x5Au8, 300));
    let (kind, message) = kind_and_message(import_err("quebrado.xlsx", &bytes));
    assert_eq!(kind, "unreadable");
    assert!(
        message.contains("looks damaged") && !message.contains("Zip"),
        "{message}"
    );
}

#[test]
fn undecodable_text() {
    // Declared UTF-16 (BOM), then lone surrogates and a stray odd byte.
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend((0..301u32).map(|i| if i % 2 == 0 { 0x00 } else { 0xD8 }));
    let kind = import_err("x.txt", &bytes).kind();
    assert!(kind == "encoding" || kind == "binary", "{kind}");
}

#[test]
fn no_phone_column() {
    let (kind, message) = kind_and_message(import_err(
        "x.csv",
        b"Nome,Cidade\nAna,Santos\nBia,Recife\n",
    ));
    assert_eq!(kind, "no_phone_column");
    assert!(message.contains("Nome, Cidade"), "{message}");
}

#[test]
fn vanished_file_and_folder() {
    let dir = tempfile::tempdir().unwrap();
    let gone = dir.path().join("gone.csv");
    std::fs::write(&gone, "Phone\n+5511987654321\n").unwrap();
    std::fs::remove_file(&gone).unwrap();
    let e = import_path(&gone, &ImportOptions::default()).unwrap_err();
    assert_eq!(e.kind(), "not_found");
    assert!(e.to_string().contains("\"gone.csv\" was not found"), "{e}");
    let e = import_path(dir.path(), &ImportOptions::default()).unwrap_err();
    assert_eq!(e.kind(), "cannot_open");
    assert!(e.to_string().contains("folder"), "{e}");
}

/// The limit is exact: a file of `limit` bytes is read, one byte more is refused, and the
/// message states the limit.
#[test]
fn a_file_one_byte_over_the_limit_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let limit: u64 = 2 * 1024 * 1024;
    let mut csv = b"Phone\n+5511987654321\n".to_vec();
    csv.resize(limit as usize, b' ');
    let exact = dir.path().join("exact.csv");
    std::fs::write(&exact, &csv).unwrap();
    let report = import_path_with_limit(&exact, &ImportOptions::default(), limit).unwrap();
    assert_eq!(report.contacts.len(), 1);
    csv.push(b' ');
    let over = dir.path().join("over.csv");
    std::fs::write(&over, &csv).unwrap();
    let e = import_path_with_limit(&over, &ImportOptions::default(), limit).unwrap_err();
    assert_eq!(e.kind(), "too_large");
    assert!(
        e.to_string()
            .contains("\"over.csv\" is 3 MB, more than the 2 MB GroupDrop reads. Split it"),
        "{e}"
    );
}

#[test]
fn files_over_the_limit_are_refused_before_reading() {
    // A sparse file: 201 MB on paper, nothing on disk, and never read.
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("huge.csv");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(MAX_FILE_BYTES + 1024 * 1024).unwrap();
    let e = import_path(&big, &ImportOptions::default()).unwrap_err();
    assert_eq!(e.kind(), "too_large");
    assert!(
        e.to_string().contains("201 MB, more than the 200 MB"),
        "{e}"
    );
    // The limit is a parameter for callers that want a smaller one.
    let small = dir.path().join("small.csv");
    std::fs::write(&small, vec![b'1'; 3 * 1024 * 1024]).unwrap();
    assert_eq!(
        import_path_with_limit(&small, &ImportOptions::default(), 1024 * 1024)
            .unwrap_err()
            .kind(),
        "too_large"
    );
}

#[test]
fn every_kind_is_listed() {
    let samples = [
        import_err("a.csv", b""),
        import_err("a.pdf", b"%PDF-1.4"),
        import_err("a.xlsx", &fixture("encrypted.xlsx")),
        import_err("a.csv", b"Nome\nAna\n"),
    ];
    for e in samples {
        assert!(ContactsError::KINDS.contains(&e.kind()), "{}", e.kind());
    }
}
