//! The common shape every tabular reader produces: rows of text cells with the row number the
//! user sees.

/// One row of cells.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    /// As the user sees it: the spreadsheet row, or the line in a text file (header = 1).
    pub number: u32,
    /// All the row's cells in one buffer (two allocations per row instead of one per cell,
    /// which mattered: freeing per-cell strings was a fifth of a 100k-row import).
    pub cells: csv::StringRecord,
}

/// Rows read from a sheet or a delimited file.
#[derive(Debug, Clone, Default)]
pub(crate) struct Table {
    pub rows: Vec<Row>,
    /// Index of the sheet column the first cell of each row is in (0 = A), so letters match
    /// what the user sees when a sheet starts at column C.
    pub first_col: usize,
}

/// "A", "B", …, "Z", "AA", … for a 0-based column index.
pub(crate) fn column_letter(mut index: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// The 0-based index of a column letter ("C" → 2, "aa" → 26); `None` if it is not letters.
pub(crate) fn column_index(letters: &str) -> Option<usize> {
    let letters = letters.trim();
    if letters.is_empty() || letters.len() > 3 || !letters.chars().all(|c| c.is_ascii_alphabetic())
    {
        return None;
    }
    let mut n = 0usize;
    for c in letters.chars() {
        n = n * 26 + (c.to_ascii_uppercase() as u8 - b'A') as usize + 1;
    }
    Some(n - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_round_trip() {
        for (i, l) in [
            (0, "A"),
            (2, "C"),
            (25, "Z"),
            (26, "AA"),
            (701, "ZZ"),
            (702, "AAA"),
        ] {
            assert_eq!(column_letter(i), l);
            assert_eq!(column_index(l), Some(i));
        }
        assert_eq!(column_index("c"), Some(2));
        assert_eq!(column_index("Phone"), None);
    }
}
