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
