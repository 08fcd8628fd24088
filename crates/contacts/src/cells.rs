//! Cell-level fixes before a number is parsed: several numbers in one cell, and what Excel does
//! to long digit strings when it saves them as text.

use crate::phone::Rejection;
use crate::report::RejectCode;

fn digits(s: &str) -> usize {
    s.chars().filter(char::is_ascii_digit).count()
}

/// Whether a cell cannot hold more than one number (no separator at all): the common case,
/// checked without building a vector.
pub(crate) fn is_single(cell: &str) -> bool {
    !cell
        .bytes()
        .any(|b| matches!(b, b':' | b';' | b'|' | b'\n' | b'\r' | b'/' | b',' | b'o'))
}

/// The numbers in one cell. Google's ` ::: `, `;`, `|` and line breaks always separate numbers;
/// `/`, `,` and "or"/"ou"/"o" only when every part is long enough to be a number by itself,
/// because Germans write "030/1234567" and that is one number.
pub(crate) fn split_numbers(cell: &str) -> Vec<&str> {
    if is_single(cell) {
        let cell = cell.trim();
        return if cell.is_empty() {
            Vec::new()
        } else {
            vec![cell]
        };
    }
    let mut parts: Vec<&str> = Vec::new();
    for chunk in cell.split(":::") {
        for piece in chunk.split([';', '|', '\n', '\r']) {
            let soft: Vec<&str> = piece
                .split(['/', ','])
                .flat_map(|p| {
                    p.split(" or ")
                        .flat_map(|p| p.split(" ou "))
                        .flat_map(|p| p.split(" o "))
                })
                .collect();
            if soft.len() > 1 && soft.iter().all(|p| digits(p) >= 7) {
                parts.extend(soft);
            } else {
                parts.push(piece);
            }
        }
    }
    parts
        .into_iter()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

/// Undoes what spreadsheets write for long digit strings. `Ok(Some(digits))` when the cell is a
/// float or scientific rendering of an integer with every digit present ("919876543210.0",
/// "9.1987654321E+11"); `Err` when Excel kept too few digits to recover the number
/// ("9.19877E+11"); `Ok(None)` when the cell is something else.
pub(crate) fn excel_number(cell: &str) -> Result<Option<String>, Rejection> {
    let s = cell.trim();
    if let Some(int) = s.strip_suffix(".0").or_else(|| s.strip_suffix(",0")) {
        if int.len() >= 6 && int.chars().all(|c| c.is_ascii_digit()) {
            return Ok(Some(int.to_string()));
        }
    }
    let Some((mantissa, exponent)) = s.split_once(['e', 'E']) else {
        return Ok(None);
    };
    let Ok(exponent) = exponent.trim_start_matches('+').parse::<usize>() else {
        return Ok(None);
    };
    let (int, frac) = mantissa.split_once(['.', ',']).unwrap_or((mantissa, ""));
    if int.len() != 1
        || !int.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
        || exponent < frac.len()
        || !(5..=17).contains(&exponent)
    {
        return Ok(None);
    }
    let significant = 1 + frac.len();
    if significant < 8 {
        return Err(Rejection {
            code: RejectCode::ExcelRounded,
            reason: format!(
                "Excel shortened this number to {s} and its last digits are lost: format the column as Text in Excel, type the number again and export again"
            ),
            country: None,
        });
    }
    let mut out = String::with_capacity(exponent + 1);
    out.push_str(int);
    out.push_str(frac);
    out.extend(std::iter::repeat_n('0', exponent - frac.len()));
    Ok(Some(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn several_numbers_in_one_cell() {
        assert_eq!(
            split_numbers("+55 11 98765-4321 ::: +55 11 91234-5678"),
            vec!["+55 11 98765-4321", "+55 11 91234-5678"]
        );
        assert_eq!(
            split_numbers("11 98765-4321; 11 91234-5678"),
            vec!["11 98765-4321", "11 91234-5678"]
        );
        assert_eq!(
            split_numbers("(11) 98765-4321 / (11) 91234-5678"),
            vec!["(11) 98765-4321", "(11) 91234-5678"]
        );
        assert_eq!(split_numbers("030/1234567"), vec!["030/1234567"]);
        assert_eq!(
            split_numbers("9876543210 or 9123456780"),
            vec!["9876543210", "9123456780"]
        );
    }

    #[test]
    fn excel_renderings() {
        assert_eq!(
            excel_number("919876543210.0").unwrap().as_deref(),
            Some("919876543210")
        );
        assert_eq!(
            excel_number("9.1987654321E+11").unwrap().as_deref(),
            Some("919876543210")
        );
        assert_eq!(
            excel_number("9.1987654321E11").unwrap().as_deref(),
            Some("919876543210")
        );
        assert_eq!(
            excel_number("5.511987654321e12").unwrap().as_deref(),
            Some("5511987654321")
        );
        assert_eq!(
            excel_number("9.19877E+11").unwrap_err().code,
            RejectCode::ExcelRounded
        );
        assert_eq!(excel_number("+55 11 98765-4321").unwrap(), None);
        assert_eq!(excel_number("1.5").unwrap(), None);
    }
}
