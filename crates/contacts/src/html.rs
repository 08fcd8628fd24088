//! HTML tables: what many web systems (school, clinic and CRM back-offices) download as
//! "relatorio.xls". Excel opens them as a sheet, so office staff believe they are spreadsheets.

use crate::table::Table;

/// Whether decoded text is an HTML document or fragment with a table in it.
pub(crate) fn is_html_table(text: &str) -> bool {
    let head: String = text
        .trim_start()
        .chars()
        .take(512)
        .collect::<String>()
        .to_ascii_lowercase();
    (head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || head.starts_with("<table")
        || head.starts_with("<meta"))
        && text.to_ascii_lowercase().contains("<td")
}

/// `&amp;`, `&nbsp;`, `&#233;`, `&#xE9;` → their characters.
fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        // Byte search: `;` is ASCII, so its index is a char boundary (a slice at byte 12 is not).
        let Some(semi) = rest.bytes().take(12).position(|b| b == b';') else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..semi];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some(' '),
            "aacute" => Some('á'),
            "agrave" => Some('à'),
            "acirc" => Some('â'),
            "atilde" => Some('ã'),
            "eacute" => Some('é'),
            "ecirc" => Some('ê'),
            "iacute" => Some('í'),
            "oacute" => Some('ó'),
            "ocirc" => Some('ô'),
            "otilde" => Some('õ'),
            "uacute" => Some('ú'),
            "uuml" => Some('ü'),
            "ccedil" => Some('ç'),
            "ntilde" => Some('ñ'),
            "Aacute" => Some('Á'),
            "Atilde" => Some('Ã'),
            "Eacute" => Some('É'),
            "Oacute" => Some('Ó'),
            "Ccedil" => Some('Ç'),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Every `<tr>` of the document as a row (numbered from 1, as Excel shows them), its `<td>` and
/// `<th>` cells as text. Script and style contents are skipped; `<br>` becomes a line break.
pub(crate) fn read(text: &str) -> Table {
    let mut table = Table::new(0);
    let mut row: Vec<String> = Vec::new();
    let mut cell: Option<String> = None;
    let mut in_row = false;
    let mut skip_until: Option<&str> = None;
    let mut number = 0u32;
    let mut rest = text;
    let finish_row = |row: &mut Vec<String>, table: &mut Table, number: &mut u32| {
        *number += 1;
        table.push_row(*number, row.iter().map(|c| decode_entities(c.trim())));
        row.clear();
    };
    while let Some(lt) = rest.find('<') {
        if let Some(c) = cell.as_mut() {
            if skip_until.is_none() {
                c.push_str(&rest[..lt]);
            }
        }
        let after = &rest[lt + 1..];
        let gt = after.find('>').unwrap_or(after.len());
        let tag = &after[..gt];
        rest = after.get(gt + 1..).unwrap_or("");
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if let Some(end) = skip_until {
            if closing && name == end {
                skip_until = None;
            }
            continue;
        }
        match (name.as_str(), closing) {
            ("script", false) => skip_until = Some("script"),
            ("style", false) => skip_until = Some("style"),
            ("tr", false) => {
                if in_row {
                    if let Some(c) = cell.take() {
                        row.push(c);
                    }
                    finish_row(&mut row, &mut table, &mut number);
                }
                in_row = true;
            }
            ("td" | "th", false) => {
                if let Some(c) = cell.take() {
                    row.push(c);
                }
                cell = Some(String::new());
            }
            ("td" | "th", true) => {
                if let Some(c) = cell.take() {
                    row.push(c);
                }
            }
            ("br", _) => {
                if let Some(c) = cell.as_mut() {
                    c.push('\n');
                }
            }
            ("tr" | "table", true) => {
                if let Some(c) = cell.take() {
                    row.push(c);
                }
                if in_row {
                    finish_row(&mut row, &mut table, &mut number);
                }
                in_row = false;
            }
            _ => {}
        }
    }
    if in_row {
        if let Some(c) = cell.take() {
            row.push(c);
        }
        finish_row(&mut row, &mut table, &mut number);
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_and_cells_with_entities() {
        let t = read("<html><head><style>td{color:red}</style></head><body><table>\n<tr><th>Nome</th><th>Celular</th></tr>\n<tr><td>Jo&atilde;o &amp; Ana</td><td>(11)&nbsp;98765-4321</td></tr><tr><td>Jos&#233;<td>+55 21 99876-5432</tr></table></body></html>");
        assert_eq!(t.len(), 3);
        assert_eq!(t.row(0).iter().collect::<Vec<_>>(), vec!["Nome", "Celular"]);
        assert_eq!(t.row(1).get(0), Some("João & Ana"));
        assert_eq!(t.row(1).get(1), Some("(11) 98765-4321"));
        assert_eq!(t.row(2).get(0), Some("José"));
        assert_eq!(t.row(2).get(1), Some("+55 21 99876-5432"));
        assert!(is_html_table(
            "<!DOCTYPE html><table><tr><td>1</td></tr></table>"
        ));
        assert!(!is_html_table("<html><body>no table</body></html>"));
        // Found by the fuzz test: a multi-byte character across the entity look-ahead window.
        assert_eq!(decode_entities("&aaaaaaaaaaé;x"), "&aaaaaaaaaaé;x");
    }
}
