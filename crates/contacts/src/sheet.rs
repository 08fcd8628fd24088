//! Workbooks (.xlsx, .xls, .ods) through calamine.

use crate::error::ContactsError;
use crate::report::Format;
use crate::table::Table;
use crate::unpacked::{self, Refusal, MAX_SHEET_CELLS, MAX_UNPACKED_BYTES};
use calamine::{Data, DataRef, Ods, Range, Reader, Xls, Xlsx};
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

/// The table of a sheet calamine already built. Room is reserved for the cells that hold
/// something, never for the sheet's declared extent: a file may declare `A1:XFD1048576`.
fn to_table(range: &Range<Data>) -> Result<Table, ReadError> {
    let cells = (range.height() as u64).saturating_mul(range.width() as u64);
    if cells > MAX_SHEET_CELLS {
        return Err(ReadError::Cells(cells));
    }
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let mut table = Table::new(first_col as usize);
    table.reserve(range.height(), range.used_cells().count() * 8);
    for (i, cells) in range.rows().enumerate() {
        table.push_row(first_row + i as u32 + 1, cells.iter().map(cell_text));
    }
    Ok(table)
}

/// One non-empty cell streamed from an .xlsx sheet; its text ends at `end` in the shared buffer.
struct Slot {
    row: u32,
    col: u32,
    end: usize,
}

/// Streams one .xlsx sheet into a table, cell by cell, without calamine's dense grid: memory
/// follows the cells the file really holds, and a sheet whose data spans more than
/// [`MAX_SHEET_CELLS`] (one stray cell at XFD1048576 is enough) is refused before any grid is
/// built. `Ok(None)`: the sheet holds no text.
fn xlsx_table(book: &mut Xlsx<Cursor<Vec<u8>>>, name: &str) -> Result<Option<Table>, ReadError> {
    let mut reader = match book.worksheet_cells_reader(name) {
        Ok(r) => r,
        // A chart sheet or macro sheet: nothing to read.
        Err(calamine::XlsxError::NotAWorksheet(_)) => return Ok(None),
        Err(e) => return Err(ReadError::Other(e.to_string())),
    };
    let mut text = String::new();
    let mut slots: Vec<Slot> = Vec::new();
    let (mut r0, mut c0, mut r1, mut c1) = (u32::MAX, u32::MAX, 0u32, 0u32);
    let mut has_text = false;
    loop {
        let cell = match reader.next_cell() {
            Ok(Some(cell)) => cell,
            Ok(None) => break,
            Err(calamine::XlsxError::Password) => return Err(ReadError::Password),
            Err(e) => return Err(ReadError::Other(e.to_string())),
        };
        if matches!(cell.get_value(), DataRef::Empty) {
            continue;
        }
        let (row, col) = cell.get_position();
        let value = cell_text(&Data::from(cell.get_value().clone()));
        if value.is_empty() {
            continue;
        }
        if slots.len() as u64 >= MAX_SHEET_CELLS {
            return Err(ReadError::Cells(slots.len() as u64 + 1));
        }
        has_text |= !value.trim().is_empty();
        text.push_str(&value);
        slots.push(Slot {
            row,
            col,
            end: text.len(),
        });
        (r0, c0, r1, c1) = (r0.min(row), c0.min(col), r1.max(row), c1.max(col));
    }
    if !has_text {
        return Ok(None);
    }
    let (height, width) = ((r1 - r0) as u64 + 1, (c1 - c0) as u64 + 1);
    if height.saturating_mul(width) > MAX_SHEET_CELLS {
        return Err(ReadError::Cells(height * width));
    }
    let mut order: Vec<usize> = (0..slots.len()).collect();
    order.sort_by_key(|&i| (slots[i].row, slots[i].col));
    let start = |i: usize| if i == 0 { 0 } else { slots[i - 1].end };
    let mut table = Table::new(c0 as usize);
    table.reserve(height as usize, text.len());
    let mut next = order.iter().peekable();
    let mut cells: Vec<&str> = Vec::with_capacity(width as usize);
    for row in r0..=r1 {
        cells.clear();
        for col in c0..=c1 {
            let mut value = "";
            // The first cell written at a position wins; a repeat of it is ignored.
            while let Some(&&i) = next.peek() {
                let s = &slots[i];
                if (s.row, s.col) > (row, col) {
                    break;
                }
                if (s.row, s.col) == (row, col) && value.is_empty() {
                    value = &text[start(i)..s.end];
                }
                next.next();
            }
            cells.push(value);
        }
        table.push_row(row + 1, cells.iter());
    }
    Ok(Some(table))
}

trait Opened {
    fn names(&self) -> Vec<String>;
    fn range(&mut self, name: &str) -> Result<Range<Data>, ReadError>;
}

enum ReadError {
    Password,
    /// The sheet's data spans at least this many cells (rows × columns).
    Cells(u64),
    /// The workbook unpacks to more than this many bytes.
    Unpacked(u64),
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

/// An opened workbook: .xlsx sheets are streamed ([`xlsx_table`]); .xls and .ods are read
/// whole by calamine when opened, after [`unpacked`] has bounded what that can cost (for an
/// .xls, what its DIMENSIONS records declare and the grid its cells span).
enum Book {
    Xlsx(Box<Xlsx<Cursor<Vec<u8>>>>),
    Other(Box<dyn Opened>),
}

impl Book {
    fn names(&self) -> Vec<String> {
        match self {
            Book::Xlsx(b) => b.sheet_names(),
            Book::Other(b) => b.names(),
        }
    }

    /// The sheet's table, or `None` when it holds no text.
    fn table(&mut self, name: &str) -> Result<Option<Table>, ReadError> {
        match self {
            Book::Xlsx(b) => xlsx_table(b, name),
            Book::Other(b) => {
                let range = b.range(name)?;
                if !range_has_data(&range) {
                    return Ok(None);
                }
                to_table(&range).map(Some)
            }
        }
    }
}

fn refused(r: Refusal) -> ReadError {
    match r {
        Refusal::Unpacked(limit) => ReadError::Unpacked(limit),
        Refusal::Cells(n) => ReadError::Cells(n),
        Refusal::Damaged(detail) => ReadError::Other(detail),
    }
}

fn open(bytes: Vec<u8>, format: Format) -> Result<Book, ReadError> {
    match format {
        Format::Xlsx => unpacked::check_xlsx(&bytes, MAX_UNPACKED_BYTES).map_err(refused)?,
        Format::Ods => {
            unpacked::check_ods(&bytes, MAX_UNPACKED_BYTES, MAX_SHEET_CELLS).map_err(refused)?
        }
        Format::Xls => unpacked::check_xls(&bytes, MAX_SHEET_CELLS).map_err(refused)?,
        _ => {}
    }
    let cursor = Cursor::new(bytes);
    let password = |s: String| {
        if s.to_ascii_lowercase().contains("password") {
            ReadError::Password
        } else {
            ReadError::Other(s)
        }
    };
    Ok(match format {
        Format::Xlsx => Book::Xlsx(Box::new(
            calamine::open_workbook_from_rs::<Xlsx<_>, _>(cursor)
                .map_err(|e| password(e.to_string()))?,
        )),
        Format::Xls => Book::Other(Box::new(
            calamine::open_workbook_from_rs::<Xls<_>, _>(cursor)
                .map_err(|e| password(e.to_string()))?,
        )),
        _ => Book::Other(Box::new(
            calamine::open_workbook_from_rs::<Ods<_>, _>(cursor)
                .map_err(|e| password(e.to_string()))?,
        )),
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
        ReadError::Cells(cells) => ContactsError::TooManyCells {
            file: file.to_string(),
            cells,
            limit: MAX_SHEET_CELLS,
        },
        ReadError::Unpacked(limit) => ContactsError::UnpacksTooLarge {
            file: file.to_string(),
            limit_mb: limit / (1024 * 1024),
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
        let table = book.table(&name).map_err(fail)?.unwrap_or_default();
        return Ok(Workbook {
            table,
            sheets,
            sheet: name,
        });
    }
    for name in &sheets {
        if let Some(table) = book.table(name).map_err(fail)? {
            return Ok(Workbook {
                table,
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
