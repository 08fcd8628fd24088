//! "Export rejected…": the numbers and rows that did not make it into the group, as CSV that is
//! safe to open in a spreadsheet.
//!
//! Contact files come from anywhere, so a rejected row's raw input may be `=HYPERLINK(...)` or
//! `+1-555...`: opened in Excel/LibreOffice such a cell would run as a formula (CSV injection,
//! OWASP). Every cell that starts with `=`, `+`, `-`, `@`, tab or CR gets a leading `'`, which
//! spreadsheets show as text. That also covers our own `+55…` phone numbers, which would
//! otherwise be turned into numbers and lose their `+`.

use crate::error::{CoreError, Result};
use crate::flow::PartView;
use crate::outcome::Outcome;
use std::io::Write;
use std::path::Path;

/// The header row of the export.
pub const HEADER: [&str; 6] = ["row", "phone", "input", "name", "stage", "reason"];

/// Makes a cell inert in spreadsheets.
pub fn formula_safe(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

/// Writes the rejected list (import and provider) of `outcome` as CSV to `out`.
pub fn write_rejected<W: Write>(outcome: &Outcome, out: W) -> std::result::Result<(), csv::Error> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(HEADER)?;
    for r in &outcome.rejected {
        let row = r.row.map(|v| v.to_string()).unwrap_or_default();
        w.write_record([
            row.as_str(),
            &formula_safe(r.phone.as_deref().unwrap_or("")),
            &formula_safe(r.input.as_deref().unwrap_or("")),
            &formula_safe(r.name.as_deref().unwrap_or("")),
            r.stage.as_str(),
            &formula_safe(&r.reason),
        ])?;
    }
    w.flush()?;
    Ok(())
}

/// Writes the rejected list to `path` (replacing it). Returns how many rows were written.
pub fn export_rejected(outcome: &Outcome, path: &Path) -> Result<usize> {
    let err = |detail: String| CoreError::Export {
        path: path.to_path_buf(),
        detail,
    };
    let file = std::fs::File::create(path).map_err(|e| err(e.to_string()))?;
    write_rejected(outcome, std::io::BufWriter::new(file)).map_err(|e| err(e.to_string()))?;
    Ok(outcome.rejected.len())
}

/// The header row of "Export links".
pub const LINKS_HEADER: [&str; 6] = ["group", "link", "members", "invited", "rejected", "run"];

/// Writes every group of a run with its link and counts: UTF-16LE with a byte-order mark and
/// tabs between cells. That is the one CSV form Excel opens straight into columns with every
/// accent intact whatever the computer's language: a comma file lands in one column where the
/// list separator is `;` (Brazil, Spain, much of Europe), and a UTF-8 file without a mark shows
/// "MÃ£e" for "Mãe". LibreOffice and Google Sheets read it too. Cells are formula-safe.
pub fn write_links<W: Write>(parts: &[PartView], mut out: W) -> std::io::Result<()> {
    let mut text = String::new();
    let mut line = |cells: &[&str]| {
        let cells: Vec<String> = cells
            .iter()
            .map(|c| formula_safe(&c.replace(['\t', '\r', '\n'], " ")))
            .collect();
        text.push_str(&cells.join("\t"));
        text.push_str("\r\n");
    };
    line(&LINKS_HEADER);
    for p in parts {
        line(&[
            &p.name,
            p.invite_link.as_deref().unwrap_or(""),
            &(p.added + p.sent).to_string(),
            &p.invited.to_string(),
            &p.rejected.to_string(),
            &p.id.to_string(),
        ]);
    }
    let mut bytes = Vec::with_capacity(2 + text.len() * 2);
    bytes.extend_from_slice(&[0xFF, 0xFE]);
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    out.write_all(&bytes)?;
    out.flush()
}

/// Writes the links file to `path` (replacing it).
pub fn export_links(parts: &[PartView], path: &Path) -> Result<()> {
    let err = |detail: String| CoreError::Export {
        path: path.to_path_buf(),
        detail,
    };
    let file = std::fs::File::create(path).map_err(|e| err(e.to_string()))?;
    write_links(parts, std::io::BufWriter::new(file)).map_err(|e| err(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::{JobStatus, OutcomeGroup, OutcomeRejection, RejectStage};
    use groupdrop_providers::ProviderKind;

    fn outcome(rejected: Vec<OutcomeRejection>) -> Outcome {
        Outcome {
            job: 1,
            provider: ProviderKind::Practice,
            status: JobStatus::Partial,
            group: OutcomeGroup {
                name: "G".into(),
                id: None,
                invite_link: None,
                note: None,
            },
            added: vec![],
            invited: vec![],
            sent: vec![],
            pending: vec![],
            rejected,
            setup: vec![],
            group_exists: true,
        }
    }

    #[test]
    fn dangerous_leading_characters_are_neutralised() {
        for (raw, safe) in [
            ("=1+1", "'=1+1"),
            ("+5511987654321", "'+5511987654321"),
            ("-2", "'-2"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("João", "João"),
            ("", ""),
            ("1=1", "1=1"),
        ] {
            assert_eq!(formula_safe(raw), safe, "{raw:?}");
        }
    }

    #[test]
    fn csv_has_header_quotes_and_no_live_formulas() {
        let o = outcome(vec![
            OutcomeRejection {
                phone: None,
                input: Some("=HYPERLINK(\"http://x\",\"a, b\")".into()),
                row: Some(6),
                name: None,
                stage: RejectStage::Import,
                reason: "letters in the number".into(),
                code: Some("letters".into()),
                reason_country: None,
            },
            OutcomeRejection {
                phone: Some("+5511987654321".into()),
                input: None,
                row: Some(9),
                name: Some("@ana".into()),
                stage: RejectStage::Provider,
                reason: "not on WhatsApp".into(),
                code: None,
                reason_country: None,
            },
        ]);
        let mut buf = Vec::new();
        write_rejected(&o, &mut buf).unwrap();
        let text = String::from_utf8(buf).unwrap();
        let mut r = csv::Reader::from_reader(text.as_bytes());
        assert_eq!(r.headers().unwrap(), HEADER.as_slice());
        let rows: Vec<csv::StringRecord> = r.records().map(|r| r.unwrap()).collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(&rows[0][2], "'=HYPERLINK(\"http://x\",\"a, b\")");
        assert_eq!(&rows[0][4], "import");
        assert_eq!(&rows[1][1], "'+5511987654321");
        assert_eq!(&rows[1][3], "'@ana");
        for row in &rows {
            for cell in row {
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{cell:?}"
                );
            }
        }
    }

    /// The leading `'` keeps Excel from reading `+55…` as a formula or a number, and GroupDrop
    /// itself reads the exported file back to the same numbers (a user fixes the rows and drops
    /// the file again).
    #[test]
    fn exported_numbers_read_back_to_the_same_e164() {
        let phones = [
            "+5511987654321",
            "+14155552671",
            "+919876543210",
            "+4915123456789",
        ];
        let o = outcome(
            phones
                .iter()
                .enumerate()
                .map(|(i, p)| OutcomeRejection {
                    phone: Some((*p).into()),
                    input: Some(format!("-{p}")),
                    row: Some(i as u64 + 2),
                    name: Some(format!("Pessoa {i}")),
                    stage: RejectStage::Provider,
                    reason: "not on WhatsApp".into(),
                    code: None,
                    reason_country: None,
                })
                .collect(),
        );
        let mut buf = Vec::new();
        write_rejected(&o, &mut buf).unwrap();
        let opts = groupdrop_contacts::ImportOptions {
            column: Some("phone".into()),
            ..Default::default()
        };
        let report = groupdrop_contacts::import_bytes("rejected.csv", &buf, &opts).unwrap();
        let back: Vec<&str> = report.contacts.iter().map(|c| c.phone.as_str()).collect();
        assert_eq!(back, phones, "{report:?}");
        assert!(report.rejected.is_empty(), "{:?}", report.rejected);
    }

    #[test]
    fn export_to_an_unwritable_place_says_where() {
        let o = outcome(vec![]);
        let e = export_rejected(&o, Path::new("/nonexistent-dir/x.csv")).unwrap_err();
        assert!(e.to_string().contains("/nonexistent-dir/x.csv"), "{e}");
    }
}

#[cfg(test)]
mod links_tests {
    use super::*;
    use crate::outcome::JobStatus;

    fn part(id: u32, name: &str, link: Option<&str>, added: u32) -> PartView {
        PartView {
            id,
            name: name.into(),
            status: JobStatus::Done,
            invite_link: link.map(str::to_string),
            added,
            invited: 1,
            sent: 0,
            rejected: 2,
            pending: 0,
        }
    }

    #[test]
    fn links_file_is_utf16_tab_separated_with_every_group_and_safe_cells() {
        let mut out = Vec::new();
        write_links(
            &[
                part(7, "Mães 5º A", Some("https://chat.whatsapp.com/AbC123"), 12),
                part(8, "=cmd|' /C calc'!A0", None, 3),
            ],
            &mut out,
        )
        .unwrap();
        assert_eq!(&out[..2], &[0xFF, 0xFE], "byte-order mark first");
        let units: Vec<u16> = out[2..]
            .chunks(2)
            .map(|b| u16::from_le_bytes([b[0], b[1]]))
            .collect();
        let text = String::from_utf16(&units).unwrap();
        let lines: Vec<&str> = text.split("\r\n").collect();
        assert_eq!(lines[0], "group\tlink\tmembers\tinvited\trejected\trun");
        assert_eq!(
            lines[1],
            "Mães 5º A\thttps://chat.whatsapp.com/AbC123\t12\t1\t2\t7"
        );
        assert_eq!(lines[2], "'=cmd|' /C calc'!A0\t\t3\t1\t2\t8");
        assert_eq!(lines[3], "", "ends with a line break");
    }
}
