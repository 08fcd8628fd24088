//! How big a workbook is once unpacked, measured before a spreadsheet library sees it.
//!
//! An .xlsx or .ods is a ZIP of XML: a 1 MB file can hold 1 GB of sheet XML (a "zip bomb"), and
//! calamine loads the shared strings and every OpenDocument sheet whole, so the file's own size
//! says nothing about the memory reading it takes. Each member is inflated into a counter up to
//! the limit — declared sizes can lie — and the file is refused past it. The OpenDocument
//! content is then scanned for how many cells its repeat counts expand to, because calamine
//! materialises every sheet of an .ods as a dense grid when the file is opened.

use quick_xml::events::{BytesStart, Event};
use std::io::{Cursor, Read};

/// The most XML a workbook may unpack to, all members together. A 1,000,000-row, three-column
/// export is about 150 MB of XML; past this the file is refused with [`Refusal::Unpacked`].
pub const MAX_UNPACKED_BYTES: u64 = 256 * 1024 * 1024;

/// The most cells (rows × columns of the area holding data) GroupDrop builds from one sheet, or
/// from all sheets of an OpenDocument file (which are read together). 1,000,000 rows of five
/// columns, or 100,000 rows of fifty.
pub const MAX_SHEET_CELLS: u64 = 5_000_000;

/// Why a workbook is refused before it is read.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// It unpacks to more than this many bytes.
    Unpacked(u64),
    /// Its sheets expand to at least this many cells.
    Cells(u64),
    /// The ZIP itself is broken; the text is the library's, for logs.
    Damaged(String),
}

/// Inflates every member of the ZIP into a counter, stopping at `limit` bytes in all. Returns
/// the content of `content.xml` when `keep_content` (OpenDocument), for [`ods_cells`].
fn inflate_all(bytes: &[u8], limit: u64, keep_content: bool) -> Result<Vec<u8>, Refusal> {
    let damaged = |e: &dyn std::fmt::Display| Refusal::Damaged(e.to_string());
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| damaged(&e))?;
    let mut total: u64 = 0;
    let mut content = Vec::new();
    for i in 0..zip.len() {
        let mut member = match zip.by_index(i) {
            Ok(m) => m,
            // An encrypted or exotic member: calamine will say what it makes of it.
            Err(zip::result::ZipError::UnsupportedArchive(_)) => continue,
            Err(e) => return Err(damaged(&e)),
        };
        if member.is_dir() {
            continue;
        }
        let left = limit.saturating_sub(total);
        if member.size() > left {
            return Err(Refusal::Unpacked(limit));
        }
        let is_content = keep_content && member.name().is_ok_and(|n| n == "content.xml");
        let mut bounded = (&mut member).take(left + 1);
        let read = if is_content {
            content.clear();
            bounded
                .read_to_end(&mut content)
                .map(|n| n as u64)
                .map_err(|e| damaged(&e))?
        } else {
            std::io::copy(&mut bounded, &mut std::io::sink()).map_err(|e| damaged(&e))?
        };
        total += read;
        if total > limit {
            return Err(Refusal::Unpacked(limit));
        }
    }
    Ok(content)
}

/// Refuses an .xlsx that unpacks to more than `limit` bytes.
pub(crate) fn check_xlsx(bytes: &[u8], limit: u64) -> Result<(), Refusal> {
    inflate_all(bytes, limit, false).map(|_| ())
}

/// Refuses an .ods that unpacks to more than `limit` bytes or whose sheets expand to more than
/// `max_cells` cells.
pub(crate) fn check_ods(bytes: &[u8], limit: u64, max_cells: u64) -> Result<(), Refusal> {
    let content = inflate_all(bytes, limit, true)?;
    let cells = ods_cells(&content);
    if cells > max_cells {
        return Err(Refusal::Cells(cells));
    }
    Ok(())
}

/// Refuses an .xls whose sheets would cost calamine more than `max_cells` cells. calamine reads
/// every sheet of an .xls when the file is opened: it reserves room for the rows × columns a
/// sheet's DIMENSIONS record *declares* (a lie there asks for terabytes, and a failed allocation
/// aborts the process), then builds a dense grid over the cells it found (one stray cell at
/// IV65536 is 16.7 million). Both are measured here from the records, before calamine runs.
pub(crate) fn check_xls(bytes: &[u8], max_cells: u64) -> Result<(), Refusal> {
    let damaged = |e: &dyn std::fmt::Display| Refusal::Damaged(e.to_string());
    let mut cfb = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| damaged(&e))?;
    let name = if cfb.is_stream("/Workbook") {
        "/Workbook"
    } else if cfb.is_stream("/Book") {
        "/Book"
    } else {
        return Err(Refusal::Damaged("no Workbook stream".into()));
    };
    let mut stream = Vec::new();
    cfb.open_stream(name)
        .and_then(|s| s.take(MAX_UNPACKED_BYTES + 1).read_to_end(&mut stream))
        .map_err(|e| damaged(&e))?;
    if stream.len() as u64 > MAX_UNPACKED_BYTES {
        return Err(Refusal::Unpacked(MAX_UNPACKED_BYTES));
    }
    let cells = xls_cells(&stream);
    if cells > max_cells {
        return Err(Refusal::Cells(cells));
    }
    Ok(())
}

/// The row/column box of one kind of cell record in a sheet.
#[derive(Default)]
struct CellBox(Option<(u32, u32, u32, u32)>);

impl CellBox {
    fn add(&mut self, row: u32, first_col: u32, last_col: u32) {
        let (r0, r1, c0, c1) = self.0.unwrap_or((row, row, first_col, last_col));
        self.0 = Some((
            r0.min(row),
            r1.max(row),
            c0.min(first_col),
            c1.max(last_col),
        ));
    }

    fn cells(&self) -> u64 {
        self.0.map_or(0, |(r0, r1, c0, c1)| {
            (u64::from(r1 - r0) + 1) * (u64::from(c1 - c0) + 1)
        })
    }
}

fn u16_at(d: &[u8], i: usize) -> u32 {
    d.get(i..i + 2)
        .map_or(0, |b| u32::from(u16::from_le_bytes([b[0], b[1]])))
}

fn u32_at(d: &[u8], i: usize) -> u32 {
    d.get(i..i + 4)
        .map_or(0, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// The BIFF records of a stream from `at`: type and data (CONTINUE records are left as they
/// are; they carry no cells). Ends at a record cut short, as calamine does.
fn records(stream: &[u8], at: usize) -> impl Iterator<Item = (u16, &[u8])> {
    let mut rest = stream.get(at..).unwrap_or(&[]);
    std::iter::from_fn(move || {
        let head = rest.get(..4)?;
        let typ = u16::from_le_bytes([head[0], head[1]]);
        let len = usize::from(u16::from_le_bytes([head[2], head[3]]));
        let data = rest.get(4..4 + len)?;
        rest = &rest[4 + len..];
        Some((typ, data))
    })
}

/// What one sheet costs calamine, read from the sheet's BOF at `at` to its EOF the way calamine
/// reads it: what its DIMENSIONS records declare (computed as calamine does, wrapping
/// included) or the dense grid of its values, whichever is larger, plus the grid of its
/// formulas. Embedded substreams
/// (charts) are skipped, as calamine skips them.
fn xls_sheet_cells(stream: &[u8], at: usize) -> u64 {
    let mut total: u64 = 0;
    let (mut values, mut formulas) = (CellBox::default(), CellBox::default());
    let (mut seen_bof, mut depth) = (false, 0u32);
    for (typ, data) in records(stream, at) {
        if depth > 0 {
            match typ {
                0x0809 => depth += 1,
                0x000A => depth -= 1,
                _ => {}
            }
            continue;
        }
        match typ {
            0x0809 if seen_bof => depth += 1,
            0x0809 => seen_bof = true,
            0x000A => break,
            0x0200 => {
                let (rf, rl, cf, cl) = match data.len() {
                    10 => (
                        u16_at(data, 0),
                        u16_at(data, 2),
                        u16_at(data, 4),
                        u16_at(data, 6),
                    ),
                    14 | 16 => (
                        u32_at(data, 0),
                        u32_at(data, 4),
                        u16_at(data, 8),
                        u16_at(data, 10),
                    ),
                    _ => continue,
                };
                let cf = if cf > 0xFF || cl < cf { 0 } else { cf };
                let declared = if rl >= 1 && cl >= 1 {
                    let rows = (rl - 1).wrapping_sub(rf).wrapping_add(1);
                    let cols = (cl - 1).wrapping_sub(cf).wrapping_add(1);
                    u64::from(rows) * u64::from(cols)
                } else {
                    1
                };
                total = total.saturating_add(declared);
            }
            // Number, Label, RString, BoolErr, Rk, LabelSst: row, then column.
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD => {
                let col = u16_at(data, 2);
                values.add(u16_at(data, 0), col, col);
            }
            // MulRk: row, first column, …, last column in the last two bytes.
            0x00BD if data.len() >= 6 => {
                let (first, last) = (u16_at(data, 2), u16_at(data, data.len() - 2));
                values.add(u16_at(data, 0), first.min(last), first.max(last));
            }
            0x0006 => {
                let col = u16_at(data, 2);
                values.add(u16_at(data, 0), col, col);
                formulas.add(u16_at(data, 0), col, col);
            }
            _ => {}
        }
    }
    // What is reserved and what is built are alike in size: the larger one names the sheet's
    // extent in a message that says how many cells it spans.
    total.max(values.cells()).saturating_add(formulas.cells())
}

/// How many cells calamine reserves and builds when it opens an .xls: every sheet the workbook
/// globals list (BOUNDSHEET records, each read from the position it names, as calamine reads
/// them, so a sheet listed twice counts twice). Stops at a FILEPASS record: an encrypted file's
/// record data is ciphertext, and calamine refuses the file as password-protected there.
pub(crate) fn xls_cells(stream: &[u8]) -> u64 {
    let mut sheets: Vec<usize> = Vec::new();
    for (typ, data) in records(stream, 0) {
        match typ {
            0x002F if u16_at(data, 0) != 0 => return 0,
            0x0085 => sheets.push(u32_at(data, 0) as usize),
            0x000A => break,
            _ => {}
        }
    }
    let mut seen: std::collections::HashMap<usize, u64> = std::collections::HashMap::new();
    let mut total: u64 = 0;
    for at in sheets {
        let cells = *seen
            .entry(at)
            .or_insert_with(|| xls_sheet_cells(stream, at));
        total = total.saturating_add(cells);
    }
    total
}

fn repeats(e: &BytesStart, attr: &str, cap: u64) -> u64 {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == attr)
        .and_then(|a| a.value.trim().parse::<u64>().ok())
        .unwrap_or(1)
        .clamp(1, cap)
}

fn has_value(e: &BytesStart) -> bool {
    e.attributes()
        .flatten()
        .any(|a| a.key.as_ref() == "office:value-type" || a.key.as_ref() == "table:formula")
}

/// How many cells calamine's OpenDocument reader will build: for each sheet, the rows up to the
/// last one holding data times the widest data row (repeat counts expanded, capped as calamine
/// caps them). An over-estimate is fine; an under-estimate is what this exists to prevent, so a
/// cell with any content at all counts as data.
pub(crate) fn ods_cells(content: &[u8]) -> u64 {
    const MAX_ROWS: u64 = 1_048_576;
    const MAX_COLUMNS: u64 = 16_384;
    let mut reader = quick_xml::Reader::from_reader(content);
    let mut buf = Vec::new();
    let mut total: u64 = 0;
    // Per sheet: rows seen, rows up to the last data row, widest data row.
    let (mut rows, mut data_rows, mut width) = (0u64, 0u64, 0u64);
    // Per row: its repeat count, column reached, last data column, and the open cell.
    let mut row: Option<(u64, u64, u64)> = None;
    let mut cell: Option<(u64, bool)> = None;
    let mut depth_in_cell = 0u32;
    loop {
        let event = match reader.read_event_into(&mut buf) {
            Ok(Event::Eof) => break,
            // Broken XML: calamine will refuse it; count what was seen.
            Err(_) => break,
            Ok(e) => e,
        };
        match event {
            Event::Start(_) | Event::Empty(_) if depth_in_cell > 0 => {
                if let Some((_, data)) = cell.as_mut() {
                    *data = true;
                }
                if matches!(event, Event::Start(_)) {
                    depth_in_cell += 1;
                }
            }
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                match e.name().as_ref() {
                    "table:table" => {
                        total = total.saturating_add(data_rows.saturating_mul(width));
                        (rows, data_rows, width) = (0, 0, 0);
                    }
                    "table:table-row" => {
                        let r = repeats(e, "table:number-rows-repeated", MAX_ROWS);
                        row = Some((r, 0, 0));
                        if empty {
                            rows = (rows + r).min(MAX_ROWS);
                            row = None;
                        }
                    }
                    "table:table-cell" | "table:covered-table-cell" => {
                        let c = repeats(e, "table:number-columns-repeated", MAX_COLUMNS);
                        let data = has_value(e);
                        if empty {
                            end_cell(&mut row, c, data);
                        } else {
                            cell = Some((c, data));
                            depth_in_cell = 1;
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(ref t) if depth_in_cell > 0 && !t.trim().is_empty() => {
                if let Some((_, data)) = cell.as_mut() {
                    *data = true;
                }
            }
            Event::End(_) if depth_in_cell > 1 => depth_in_cell -= 1,
            Event::End(_) if depth_in_cell == 1 => {
                depth_in_cell = 0;
                if let Some((c, data)) = cell.take() {
                    end_cell(&mut row, c, data);
                }
            }
            Event::End(ref e) if e.name().as_ref() == "table:table-row" => {
                if let Some((r, _, last)) = row.take() {
                    rows = (rows + r).min(MAX_ROWS);
                    if last > 0 {
                        data_rows = rows;
                        width = width.max(last);
                    }
                }
            }
            _ => {}
        }
        buf.clear();
    }
    total.saturating_add(data_rows.saturating_mul(width))
}

fn end_cell(row: &mut Option<(u64, u64, u64)>, repeat: u64, data: bool) {
    const MAX_COLUMNS: u64 = 16_384;
    if let Some((_, col, last)) = row.as_mut() {
        *col = (*col + repeat).min(MAX_COLUMNS);
        if data {
            *last = *col;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(rows: &str) -> Vec<u8> {
        format!(
            "<office:document-content><office:body><office:spreadsheet>\
             <table:table table:name=\"S\">{rows}</table:table>\
             </office:spreadsheet></office:body></office:document-content>"
        )
        .into_bytes()
    }

    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut r = typ.to_le_bytes().to_vec();
        r.extend_from_slice(&(data.len() as u16).to_le_bytes());
        r.extend_from_slice(data);
        r
    }

    fn number(row: u16, col: u16) -> Vec<u8> {
        let mut d = row.to_le_bytes().to_vec();
        d.extend_from_slice(&col.to_le_bytes());
        d.extend_from_slice(&[0; 10]); // xf, value
        record(0x0203, &d)
    }

    /// A Workbook stream: globals listing the one sheet `times` times (and a FILEPASS first when
    /// `encrypted`), then the sheet's records between BOF and EOF.
    fn stream(sheet: &[Vec<u8>], times: usize, encrypted: bool) -> Vec<u8> {
        let bof = record(0x0809, &[0; 16]);
        let eof = record(0x000A, &[]);
        let bound_len = 4 + 10; // BOUNDSHEET: position, state, type, a 2-character name
        let mut globals = bof.clone();
        if encrypted {
            globals.extend(record(0x002F, &[1, 0, 0, 0]));
        }
        let sheet_at = globals.len() + times * bound_len + eof.len();
        for _ in 0..times {
            let mut d = (sheet_at as u32).to_le_bytes().to_vec();
            d.extend_from_slice(&[0, 0, 2, 0, b'S', b'1']);
            globals.extend(record(0x0085, &d));
        }
        globals.extend(&eof);
        assert_eq!(globals.len(), sheet_at);
        globals.extend(&bof);
        for r in sheet {
            globals.extend(r);
        }
        globals.extend(&eof);
        globals
    }

    #[test]
    fn xls_sheets_count_what_calamine_reserves_and_builds() {
        // Two cells: A1 and D3, a 3 × 4 grid.
        let cells = [number(0, 0), number(2, 3)];
        assert_eq!(xls_cells(&stream(&cells, 1, false)), 12);
        // A sheet listed twice is built twice.
        assert_eq!(xls_cells(&stream(&cells, 2, false)), 24);
        // A DIMENSIONS record claiming rows 0..65536 × columns 0..256 is reserved as declared.
        let mut dims = 0u32.to_le_bytes().to_vec();
        dims.extend_from_slice(&65_536u32.to_le_bytes());
        dims.extend_from_slice(&[0, 0, 0, 1, 0, 0]);
        let declared = [record(0x0200, &dims), number(0, 0)];
        assert_eq!(xls_cells(&stream(&declared, 1, false)), 65_536 * 256);
        // A chart substream's cells are not the sheet's.
        let chart = [
            number(0, 0),
            record(0x0809, &[0; 16]),
            number(60_000, 200),
            record(0x000A, &[]),
        ];
        assert_eq!(xls_cells(&stream(&chart, 1, false)), 1);
        // Encrypted: the data is ciphertext and calamine stops at FILEPASS; nothing is counted.
        assert_eq!(xls_cells(&stream(&cells, 1, true)), 0);
    }

    #[test]
    fn counts_the_area_holding_data() {
        let xml = sheet(
            "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>a</text:p></table:table-cell>\
             <table:table-cell office:value-type=\"float\" office:value=\"1\"/></table:table-row>\
             <table:table-row table:number-rows-repeated=\"2\"><table:table-cell><text:p>b</text:p></table:table-cell></table:table-row>\
             <table:table-row table:number-rows-repeated=\"1048000\"><table:table-cell table:number-columns-repeated=\"1024\"/></table:table-row>",
        );
        assert_eq!(ods_cells(&xml), 3 * 2);
    }

    #[test]
    fn repeated_cells_with_a_value_expand() {
        let xml = sheet(
            "<table:table-row table:number-rows-repeated=\"1048576\">\
             <table:table-cell table:number-columns-repeated=\"16384\" office:value-type=\"float\" office:value=\"1\"/>\
             </table:table-row>",
        );
        assert_eq!(ods_cells(&xml), 1_048_576 * 16_384);
    }
}
