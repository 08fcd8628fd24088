//! The common shape every tabular reader produces: rows of text cells with the row number the
//! user sees.

/// Rows read from a sheet or a delimited file. Every cell's text lives in one buffer: a 100k-row
/// import used to spend a fifth of its time allocating and freeing per-cell strings.
#[derive(Debug, Clone, Default)]
pub(crate) struct Table {
    text: String,
    /// End offset in `text` of every cell, row after row; a cell starts where the previous ends.
    ends: Vec<u32>,
    rows: Vec<RowSpan>,
    /// Index of the sheet column the first cell of each row is in (0 = A), so letters match
    /// what the user sees when a sheet starts at column C.
    pub first_col: usize,
}

#[derive(Debug, Clone, Copy)]
struct RowSpan {
    number: u32,
    first: u32,
    count: u32,
}

/// One row of a [`Table`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct Row<'a> {
    /// As the user sees it: the spreadsheet row, or the line in a text file (header = 1).
    pub number: u32,
    table: &'a Table,
    first: usize,
    count: usize,
}

impl<'a> Row<'a> {
    /// Cell `i` of the row, untrimmed.
    pub fn get(&self, i: usize) -> Option<&'a str> {
        if i >= self.count {
            return None;
        }
        Some(self.table.cell(self.first + i))
    }

    pub fn len(&self) -> usize {
        self.count
    }

    pub fn iter(&self) -> impl Iterator<Item = &'a str> + 'a {
        let (table, first) = (self.table, self.first);
        (first..first + self.count).map(move |k| table.cell(k))
    }
}

impl Table {
    /// A table whose first cells are in sheet column `first_col` (0 = A).
    pub fn new(first_col: usize) -> Table {
        Table {
            first_col,
            ..Table::default()
        }
    }

    /// Room for about `rows` rows of `bytes` bytes of text in all.
    pub fn reserve(&mut self, rows: usize, bytes: usize) {
        self.rows.reserve(rows);
        self.ends.reserve(rows * 4);
        self.text.reserve(bytes);
    }

    pub fn push_row<S: AsRef<str>>(&mut self, number: u32, cells: impl IntoIterator<Item = S>) {
        let first = self.ends.len() as u32;
        for cell in cells {
            self.text.push_str(cell.as_ref());
            self.ends
                .push(u32::try_from(self.text.len()).unwrap_or(u32::MAX));
        }
        self.rows.push(RowSpan {
            number,
            first,
            count: self.ends.len() as u32 - first,
        });
    }

    fn cell(&self, k: usize) -> &str {
        let start = if k == 0 { 0 } else { self.ends[k - 1] as usize };
        self.text.get(start..self.ends[k] as usize).unwrap_or("")
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn row(&self, i: usize) -> Row<'_> {
        let span = self.rows[i];
        Row {
            number: span.number,
            table: self,
            first: span.first as usize,
            count: span.count as usize,
        }
    }

    /// Rows from index `start` on.
    pub fn rows_from(&self, start: usize) -> impl Iterator<Item = Row<'_>> + '_ {
        (start.min(self.len())..self.len()).map(move |i| self.row(i))
    }

    pub fn rows(&self) -> impl Iterator<Item = Row<'_>> + '_ {
        self.rows_from(0)
    }
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
