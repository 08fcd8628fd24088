//! Text exports: decoding (BOMs, UTF-16 "Unicode Text", Windows-1252) and delimited files
//! (`,` `;` tab `|`, sniffed, quotes honoured).

use crate::table::Table;

/// Text and the name of the encoding it was decoded from.
pub(crate) struct Decoded {
    pub text: String,
    pub encoding: &'static str,
}

/// Why bytes are not text.
#[derive(Debug)]
pub(crate) enum NotText {
    /// Control characters or NULs throughout: a binary file.
    Binary,
    /// A declared encoding (a BOM) that the bytes then violate badly.
    Undecodable(String),
}

/// Guesses UTF-16 without a BOM: every other byte is 0 in text that is mostly ASCII.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    if sample.len() < 4 {
        return None;
    }
    let pairs = sample.len() / 2;
    let even_zero = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_zero = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    if odd_zero * 10 >= pairs * 7 && even_zero * 20 <= pairs {
        Some(encoding_rs::UTF_16LE)
    } else if even_zero * 10 >= pairs * 7 && odd_zero * 20 <= pairs {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

fn looks_binary(text: &str) -> bool {
    let sample: Vec<char> = text.chars().take(8192).collect();
    if sample.is_empty() {
        return false;
    }
    let control = sample
        .iter()
        .filter(|&&c| {
            (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0C')) || c == '\u{FFFD}'
        })
        .count();
    sample.contains(&'\0') || control * 20 > sample.len()
}

/// [`decode`] taking ownership: valid UTF-8 (the common case) becomes the `String` without a
/// copy or a second validation. A UTF-8 BOM stays at the start of the text.
pub(crate) fn decode_owned(bytes: Vec<u8>) -> Result<Decoded, NotText> {
    let utf8_bom = bytes.starts_with(b"\xEF\xBB\xBF");
    let other_bom = !utf8_bom && encoding_rs::Encoding::for_bom(&bytes).is_some();
    if other_bom || (!utf8_bom && utf16_without_bom(&bytes).is_some()) {
        return decode(&bytes);
    }
    match String::from_utf8(bytes) {
        Ok(text) if looks_binary(&text) => Err(NotText::Binary),
        Ok(text) => Ok(Decoded {
            text,
            encoding: "utf-8",
        }),
        Err(e) => decode(e.as_bytes()),
    }
}

/// Decodes a text export. The encoding comes from a BOM, else UTF-16 shape, else UTF-8
/// validity, else `chardetng` (Windows-1252 for Western European exports, as Excel writes them).
pub(crate) fn decode(bytes: &[u8]) -> Result<Decoded, NotText> {
    let (encoding, body) = if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        (enc, &bytes[bom_len..])
    } else if let Some(enc) = utf16_without_bom(bytes) {
        (enc, bytes)
    } else if std::str::from_utf8(bytes).is_ok() {
        (encoding_rs::UTF_8, bytes)
    } else {
        let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        detector.feed(bytes, true);
        (detector.guess(None, chardetng::Utf8Detection::Deny), bytes)
    };
    let (text, had_errors) = encoding.decode_without_bom_handling(body);
    let text = text.into_owned();
    if looks_binary(&text) {
        return Err(NotText::Binary);
    }
    if had_errors {
        let bad = text.chars().filter(|&c| c == '\u{FFFD}').count();
        if bad * 100 > text.chars().count().max(1) {
            return Err(NotText::Undecodable(format!(
                "it is not valid {}",
                encoding.name()
            )));
        }
    }
    Ok(Decoded {
        text,
        encoding: encoding_label(encoding),
    })
}

fn encoding_label(e: &'static encoding_rs::Encoding) -> &'static str {
    match e.name() {
        "UTF-8" => "utf-8",
        "UTF-16LE" => "utf-16le",
        "UTF-16BE" => "utf-16be",
        "windows-1252" => "windows-1252",
        "ISO-8859-2" => "iso-8859-2",
        "windows-1250" => "windows-1250",
        "windows-1251" => "windows-1251",
        "Shift_JIS" => "shift_jis",
        "GBK" => "gbk",
        "Big5" => "big5",
        "EUC-KR" => "euc-kr",
        other => other,
    }
}

/// Counts `delimiter` outside double quotes on one line.
fn count_outside_quotes(line: &str, delimiter: char) -> usize {
    let mut quoted = false;
    let mut n = 0;
    for c in line.chars() {
        if c == '"' {
            quoted = !quoted;
        } else if c == delimiter && !quoted {
            n += 1;
        }
    }
    n
}

/// Picks the delimiter that splits the first lines most consistently; `None` for a plain list.
/// A comma inside "1,234" style numbers would fool a raw count, so a candidate must give the
/// same field count on most lines, and tab and semicolon win ties (Excel's choices).
pub(crate) fn sniff_delimiter(text: &str) -> Option<char> {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(50)
        .collect();
    if lines.is_empty() {
        return None;
    }
    let mut best: Option<(char, f64, usize)> = None;
    for delimiter in ['\t', ';', ',', '|'] {
        let counts: Vec<usize> = lines
            .iter()
            .map(|l| count_outside_quotes(l, delimiter))
            .collect();
        let mut freq = std::collections::HashMap::new();
        for &c in counts.iter().filter(|&&c| c > 0) {
            *freq.entry(c).or_insert(0usize) += 1;
        }
        let Some((&mode, &hits)) = freq.iter().max_by_key(|(c, n)| (**n, **c)) else {
            continue;
        };
        let consistency = hits as f64 / lines.len() as f64;
        if consistency < 0.5 {
            continue;
        }
        let better = match best {
            None => true,
            Some((_, c, m)) => {
                consistency > c + 0.1 || (consistency >= c - 0.1 && mode > m && consistency >= c)
            }
        };
        if better {
            best = Some((delimiter, consistency, mode));
        }
    }
    best.map(|(d, _, _)| d)
}

/// Splits decoded text into rows of cells. Row numbers are the line each record starts on, as a
/// spreadsheet program opening the file would number it; an Excel `sep=;` hint line is honoured
/// and not counted (Excel hides it).
pub(crate) fn parse_delimited(text: &str) -> (Table, Option<char>) {
    let mut body = text;
    let mut hinted = None;
    if let Some(first) = text.lines().next() {
        let t = first.trim().trim_matches('"');
        if let Some(sep) = t.strip_prefix("sep=").or_else(|| t.strip_prefix("SEP=")) {
            if let Some(c) = sep.chars().next().filter(|_| sep.chars().count() == 1) {
                hinted = Some(c);
                // Excel hides the hint line, so the line after it is row 1.
                body = text[first.len()..].trim_start_matches(['\r', '\n']);
            }
        }
    }
    let delimiter = hinted.or_else(|| sniff_delimiter(body));
    // Sized up front: growing 100k-row buffers by doubling made glibc consolidate its heap.
    let mut table = Table::new(0);
    table.reserve(body.bytes().filter(|&b| b == b'\n').count() + 1, body.len());
    match delimiter {
        Some(d) if d.is_ascii() => {
            let mut reader = csv::ReaderBuilder::new()
                .delimiter(d as u8)
                .has_headers(false)
                .flexible(true)
                .from_reader(body.as_bytes());
            let mut record = csv::StringRecord::new();
            // The csv crate numbers a record after blank lines by where the blank lines began,
            // so lines are counted here from the record's first byte of content.
            let bytes = body.as_bytes();
            let (mut counted_to, mut line) = (0usize, 1u64);
            loop {
                match reader.read_record(&mut record) {
                    Ok(true) => {
                        let mut start = record
                            .position()
                            .map_or(0, |p| p.byte() as usize)
                            .min(bytes.len());
                        while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
                            start += 1;
                        }
                        if start > counted_to {
                            line += bytes[counted_to..start]
                                .iter()
                                .filter(|&&b| b == b'\n')
                                .count() as u64;
                            counted_to = start;
                        }
                        table.push_row(u32::try_from(line).unwrap_or(u32::MAX), record.iter());
                    }
                    Ok(false) => break,
                    // The body is valid UTF-8 already, so this is only a malformed quote: keep
                    // what was read; the rows after it follow the csv crate's recovery.
                    Err(_) => continue,
                }
            }
        }
        _ => {
            for (i, line) in body.lines().enumerate() {
                table.push_row(u32::try_from(i + 1).unwrap_or(u32::MAX), [line]);
            }
        }
    }
    (table, delimiter)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters_are_sniffed() {
        assert_eq!(sniff_delimiter("a;b;c\n1;2;3\n"), Some(';'));
        assert_eq!(sniff_delimiter("a\tb\n1\t2\n"), Some('\t'));
        assert_eq!(sniff_delimiter("\"x, y\",b\n\"1,2\",3\n"), Some(','));
        assert_eq!(
            sniff_delimiter("+55 11 98765-4321\n(11) 91234-5678\n"),
            None
        );
        assert_eq!(
            sniff_delimiter("Nome;Telefone\nAna, Bia;11 98765-4321\nCarla;1191234\n"),
            Some(';')
        );
    }

    #[test]
    fn encodings_are_detected() {
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Nome\tCelular\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let d = decode(&utf16).unwrap();
        assert_eq!(
            (d.encoding, d.text.as_str()),
            ("utf-16le", "Nome\tCelular\n")
        );
        let latin = b"Nome;Telefone\nJo\xE3o;11 98765-4321\nAndr\xE9;11 91234-5678\n";
        let d = decode(latin).unwrap();
        assert_eq!(d.encoding, "windows-1252");
        assert!(d.text.contains("João"));
        assert!(matches!(
            decode(&[0u8, 1, 2, 3, 0, 5, 6, 7, 8, 9]),
            Err(NotText::Binary)
        ));
    }

    #[test]
    fn rows_keep_their_line_numbers() {
        let (t, d) = parse_delimited("sep=;\nName;Phone\n\n\"Ana\nMaria\";1\nBia;2\n");
        assert_eq!(d, Some(';'));
        let numbers: Vec<u32> = t.rows().map(|r| r.number).collect();
        assert_eq!(numbers, vec![1, 3, 5]);
        assert_eq!(t.row(1).get(0), Some("Ana\nMaria"));
    }
}
