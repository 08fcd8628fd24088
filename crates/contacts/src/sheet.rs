//! Workbooks (.xlsx, .xls, .ods) through calamine.

use crate::error::ContactsError;
use crate::report::Format;
use crate::table::Table;
use calamine::{Data, Ods, Range, Reader, Xls, Xlsx};
use std::io::Cursor;

/// The sheet that was read, and the names of all of them for a picker.
pub(crate) struct Workbook {
    pub sheets: Vec<String>,
    pub sheet: String,
    pub table: Table,
}

/// A cell as the user sees it. Numbers Excel stored as floats come back as their exact digits:
/// `919876543210.0` (and the same value written `9.1987654321E11`) is "919876543210".
pub(crate) fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        // Every integer up to 2^53 is exact in an f64, and phone numbers have at most 17 digits
        // (E.164 caps them at 15), so formatting without a fraction restores the digits.
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e17 => format!("{f:.0}"),
        other => other.to_string(),
    }
}

fn range_has_data(range: &Range<Data>) -> bool {
    range
        .used_cells()
        .any(|(_, _, c)| !cell_text(c).trim().is_empty())
}

fn to_table(range: &Range<Data>) -> Table {
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let mut table = Table::new(first_col as usize);
    table.reserve(range.height(), range.height() * range.width() * 8);
    for (i, cells) in range.rows().enumerate() {
        table.push_row(first_row + i as u32 + 1, cells.iter().map(cell_text));
    }
    table
}

trait Opened {
    fn names(&self) -> Vec<String>;
    fn range(&mut self, name: &str) -> Result<Range<Data>, ReadError>;
}

enum ReadError {
    Password,
    Other(String),
}

macro_rules! opened {
    ($ty:ty, $err:path) => {
        impl Opened for $ty {
            fn names(&self) -> Vec<String> {
                self.sheet_names()
            }
            fn range(&mut self, name: &str) -> Result<Range<Data>, ReadError> {
                self.worksheet_range(name).map_err(|e| match e {
                    $err => ReadError::Password,
                    other => ReadError::Other(other.to_string()),
                })
            }
        }
    };
}

opened!(Xlsx<Cursor<Vec<u8>>>, calamine::XlsxError::Password);
opened!(Xls<Cursor<Vec<u8>>>, calamine::XlsError::Password);
opened!(Ods<Cursor<Vec<u8>>>, calamine::OdsError::Password);

fn open(bytes: Vec<u8>, format: Format) -> Result<Box<dyn Opened>, ReadError> {
    let cursor = Cursor::new(bytes);
    let password = |s: String| {
        if s.to_ascii_lowercase().contains("password") {
            ReadError::Password
        } else {
            ReadError::Other(s)
        }
    };
    Ok(match format {
        Format::Xlsx => Box::new(
            calamine::open_workbook_from_rs::<Xlsx<_>, _>(cursor)
                .map_err(|e| password(e.to_string()))?,
        ),
        Format::Xls => Box::new(
            calamine::open_workbook_from_rs::<Xls<_>, _>(cursor)
                .map_err(|e| password(e.to_string()))?,
        ),
        _ => Box::new(
            calamine::open_workbook_from_rs::<Ods<_>, _>(cursor)
                .map_err(|e| password(e.to_string()))?,
        ),
    })
}

fn read_inner(
    bytes: Vec<u8>,
    format: Format,
    sheet: Option<&str>,
    file: &str,
) -> Result<Workbook, ContactsError> {
    let fail = |e: ReadError| match e {
        ReadError::Password => ContactsError::PasswordProtected {
            file: file.to_string(),
        },
        ReadError::Other(detail) => ContactsError::Unreadable {
            file: file.to_string(),
            format: format.label().to_string(),
            detail,
        },
    };
    let mut book = open(bytes, format).map_err(fail)?;
    let sheets = book.names();
    if let Some(wanted) = sheet {
        let key = wanted.trim().to_lowercase();
        let name = sheets
            .iter()
            .find(|s| s.trim().to_lowercase() == key)
            .cloned()
            .ok_or_else(|| ContactsError::SheetNotFound {
                file: file.to_string(),
                sheet: wanted.to_string(),
                sheets: sheets.join(", "),
            })?;
        let range = book.range(&name).map_err(fail)?;
        return Ok(Workbook {
            table: to_table(&range),
            sheets,
            sheet: name,
        });
    }
    for name in &sheets {
        let range = book.range(name).map_err(fail)?;
        if range_has_data(&range) {
            return Ok(Workbook {
                table: to_table(&range),
                sheets: sheets.clone(),
                sheet: name.clone(),
            });
        }
    }
    Err(ContactsError::Empty {
        file: file.to_string(),
    })
}

/// Reads the chosen sheet, or the first one with data. A malformed workbook can make a parser
/// panic deep inside calamine; that becomes an `Unreadable` error, never a crash of the app.
pub(crate) fn read(
    bytes: Vec<u8>,
    format: Format,
    sheet: Option<&str>,
    file: &str,
) -> Result<Workbook, ContactsError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        read_inner(bytes, format, sheet, file)
    }))
    .unwrap_or_else(|_| {
        Err(ContactsError::Unreadable {
            file: file.to_string(),
            format: format.label().to_string(),
            detail: "the workbook parser failed".to_string(),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_floats_come_back_as_digits() {
        assert_eq!(cell_text(&Data::Float(919876543210.0)), "919876543210");
        assert_eq!(cell_text(&Data::Float(9.1987654321E11)), "919876543210");
        assert_eq!(cell_text(&Data::Float(5511987654321.0)), "5511987654321");
        assert_eq!(cell_text(&Data::Int(11987654321)), "11987654321");
        assert_eq!(cell_text(&Data::Float(1.5)), "1.5");
    }
}
