//! Hostile workbooks built at test time (never committed): minimal .xlsx packages written by
//! hand so a test controls what a spreadsheet program would never write — a declared range of
//! the whole sheet, a cell at XFD1048576, a gigabyte of sheet XML in a megabyte of ZIP.
#![allow(dead_code)]

use flate2::{Compress, Compression, FlushCompress};

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Contacts" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;

pub const SHEET_HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#;

/// One ZIP member: name, raw deflate bytes, CRC-32 and size of what they inflate to.
struct Member {
    name: &'static str,
    deflated: Vec<u8>,
    crc: u32,
    size: u64,
    /// The uncompressed size the headers claim, when it is a lie.
    declared: Option<u32>,
}

/// Raw deflate of `data`, ended by a full flush (byte-aligned, not final), with back-references
/// only into `data`: such pieces can be concatenated, and repeated, into one valid stream.
fn deflate_piece(data: &[u8]) -> Vec<u8> {
    let mut c = Compress::new(Compression::best(), false);
    let mut out = Vec::with_capacity(data.len() / 2 + 1024);
    loop {
        let consumed = c.total_in() as usize;
        out.reserve(64 * 1024);
        c.compress_vec(&data[consumed..], &mut out, FlushCompress::Full)
            .unwrap();
        if c.total_in() as usize == data.len() && out.capacity() > out.len() {
            break;
        }
    }
    out
}

/// The empty final block that ends a deflate stream.
const FINAL_BLOCK: [u8; 2] = [0x03, 0x00];

/// A member made of `head`, then `body` repeated `times`, then `tail`, deflated without ever
/// holding the inflated whole in memory.
fn repeated(name: &'static str, head: &[u8], body: &[u8], times: u64, tail: &[u8]) -> Member {
    let mut deflated = deflate_piece(head);
    let piece = deflate_piece(body);
    for _ in 0..times {
        deflated.extend_from_slice(&piece);
    }
    deflated.extend_from_slice(&deflate_piece(tail));
    deflated.extend_from_slice(&FINAL_BLOCK);
    let crc_of = |b: &[u8]| {
        let mut h = crc32fast::Hasher::new();
        h.update(b);
        h
    };
    let mut crc = crc_of(head);
    let one = crc_of(body);
    for _ in 0..times {
        crc.combine(&one);
    }
    crc.combine(&crc_of(tail));
    Member {
        name,
        deflated,
        crc: crc.finalize(),
        size: head.len() as u64 + body.len() as u64 * times + tail.len() as u64,
        declared: None,
    }
}

fn plain(name: &'static str, data: &str) -> Member {
    repeated(name, data.as_bytes(), b"", 0, b"")
}

fn zip(members: &[Member]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for m in members {
        let offset = out.len() as u32;
        let size = m
            .declared
            .unwrap_or_else(|| u32::try_from(m.size).expect("members stay under 4 GiB"));
        let fields = |v: &mut Vec<u8>| {
            v.extend_from_slice(&20u16.to_le_bytes()); // version needed
            v.extend_from_slice(&0u16.to_le_bytes()); // flags
            v.extend_from_slice(&8u16.to_le_bytes()); // deflate
            v.extend_from_slice(&0u16.to_le_bytes()); // time
            v.extend_from_slice(&0x21u16.to_le_bytes()); // 1980-01-01
            v.extend_from_slice(&m.crc.to_le_bytes());
            v.extend_from_slice(&(m.deflated.len() as u32).to_le_bytes());
            v.extend_from_slice(&size.to_le_bytes());
            v.extend_from_slice(&(m.name.len() as u16).to_le_bytes());
            v.extend_from_slice(&0u16.to_le_bytes()); // extra
        };
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        fields(&mut out);
        out.extend_from_slice(m.name.as_bytes());
        out.extend_from_slice(&m.deflated);
        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        central.extend_from_slice(&20u16.to_le_bytes()); // made by
        fields(&mut central);
        central.extend_from_slice(&[0; 6]); // comment len, disk, internal attrs
        central.extend_from_slice(&0u32.to_le_bytes()); // external attrs
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(m.name.as_bytes());
    }
    let cd_offset = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&(members.len() as u16).to_le_bytes());
    out.extend_from_slice(&(members.len() as u16).to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&cd_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

/// An .xlsx whose one sheet is `head` + `body` × `times` + `tail` (sheet XML after the
/// `<worksheet>` tag). The sheet member is built in pieces, so a gigabyte costs no memory here.
pub fn xlsx_repeated(head: &str, body: &str, times: u64, tail: &str) -> Vec<u8> {
    xlsx_claiming(head, body, times, tail, None)
}

/// [`xlsx_repeated`] whose ZIP headers claim the sheet unpacks to `declared` bytes.
pub fn xlsx_claiming(
    head: &str,
    body: &str,
    times: u64,
    tail: &str,
    declared: Option<u32>,
) -> Vec<u8> {
    let head = format!("{SHEET_HEAD}{head}");
    let tail = format!("{tail}</worksheet>");
    let mut sheet = repeated(
        "xl/worksheets/sheet1.xml",
        head.as_bytes(),
        body.as_bytes(),
        times,
        tail.as_bytes(),
    );
    sheet.declared = declared;
    zip(&[
        plain("[Content_Types].xml", CONTENT_TYPES),
        plain("_rels/.rels", RELS),
        plain("xl/workbook.xml", WORKBOOK),
        plain("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
        sheet,
    ])
}

/// An .xlsx with this sheet XML (after the `<worksheet>` tag).
pub fn xlsx(sheet: &str) -> Vec<u8> {
    xlsx_repeated(sheet, "", 0, "")
}

/// An inline-string cell.
pub fn text_cell(r: &str, text: &str) -> String {
    format!(r#"<c r="{r}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

/// An OpenDocument spreadsheet holding this content.xml.
pub fn ods(content: &str) -> Vec<u8> {
    zip(&[
        plain("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
        plain("content.xml", content),
    ])
}
