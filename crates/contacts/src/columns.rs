//! Which columns hold the phone numbers and the names: from the headers (see `headers`),
//! confirmed (or found, without headers) by what the cells hold.

use crate::entry::Entry;
use crate::error::ContactsError;
use crate::headers::{fold, header_tier, label_tier, Tier};
use crate::report::{GroupCell, GroupColumn};
use crate::table::{column_index, column_letter, Row, Table};

fn digit_count(s: &str) -> usize {
    s.chars().filter(char::is_ascii_digit).count()
}

/// A cell that could be a phone number: enough digits and mostly digits.
pub(crate) fn looks_like_phone(cell: &str) -> bool {
    let digits = digit_count(cell);
    let letters = cell.chars().filter(|c| c.is_alphabetic()).count();
    digits >= 6 && letters <= digits / 2
}

/// A phone column and where its row-by-row label lives (Google Contacts).
#[derive(Debug, Clone)]
pub(crate) struct PhoneColumn {
    pub index: usize,
    pub tier: Tier,
    pub label_index: Option<usize>,
}

/// How the name of a row is made.
#[derive(Debug, Clone, Default)]
pub(crate) struct NameColumns {
    pub full: Option<usize>,
    pub parts: Vec<usize>,
}

impl NameColumns {
    fn indexes(&self) -> Vec<usize> {
        match self.full {
            Some(i) => vec![i],
            None => self.parts.clone(),
        }
    }

    fn name(&self, row: &Row) -> Option<String> {
        let get = |i: usize| row.get(i).map(|s| s.trim()).unwrap_or("");
        if let Some(full) = self.full {
            let name = get(full);
            return (!name.is_empty()).then(|| name.to_string());
        }
        let joined = self
            .indexes()
            .into_iter()
            .map(get)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        (!joined.is_empty()).then_some(joined)
    }
}

fn name_columns(headers: &[String], phone: &[PhoneColumn]) -> NameColumns {
    let folded: Vec<String> = headers.iter().map(|h| fold(h)).collect();
    let is_phone = |i: usize| phone.iter().any(|p| p.index == i);
    let find =
        |pred: &dyn Fn(&str) -> bool| (0..folded.len()).find(|&i| !is_phone(i) && pred(&folded[i]));
    let any = |list: &[&str]| (0..folded.len()).any(|i| list.contains(&folded[i].as_str()));
    let french = any(&["prenom"]);
    let first = find(&|h| {
        matches!(
            h,
            "first name"
                | "given name"
                | "firstname"
                | "first"
                | "primeiro nome"
                | "prenom"
                | "vorname"
                | "nombre de pila"
                | "pehla naam"
                | "पहला नाम"
        ) || ((h == "nome" && any(&["sobrenome", "ultimo nome"]))
            || (h == "nombre" && any(&["apellido", "apellidos"])))
    });
    let middle = find(&|h| {
        matches!(
            h,
            "middle name" | "additional name" | "segundo nome" | "middle"
        )
    });
    let last = find(&|h| {
        matches!(
            h,
            "last name"
                | "family name"
                | "surname"
                | "lastname"
                | "last"
                | "sobrenome"
                | "ultimo nome"
                | "apellido"
                | "apellidos"
                | "nachname"
                | "familienname"
                | "upnaam"
                | "उपनाम"
        ) || (h == "nom" && french)
    });
    let full = find(&|h| {
        let words: Vec<&str> = h.split(' ').collect();
        let naming = matches!(
            h,
            "name"
                | "full name"
                | "nome"
                | "nombre"
                | "nom"
                | "nome completo"
                | "nombre completo"
                | "display name"
                | "contact name"
                | "contact"
                | "contato"
                | "contacto"
                | "naam"
                | "नाम"
                | "पूरा नाम"
                | "cliente"
                | "customer"
                | "client"
                | "kunde"
                | "member"
                | "membro"
                | "participant"
                | "participante"
                | "aluno"
                | "student"
                | "vollstandiger name"
                | "nom complet"
                | "customer name"
                | "client name"
                | "nome do cliente"
                | "nombre del cliente"
        );
        // "Nome do aluno", "Nome do responsável", "Name of member", "Nombre y apellidos".
        let starts_with_name =
            matches!(words.first(), Some(&("nome" | "name" | "nombre" | "naam")));
        (naming || starts_with_name)
            && !words.iter().any(|w| {
                [
                    "first", "last", "middle", "company", "file", "nick", "user", "prefix",
                    "suffix", "yomi", "phonetic", "empresa", "mae", "pai",
                ]
                .contains(w)
            })
    });
    let parts: Vec<usize> = [first, middle, last].into_iter().flatten().collect();
    // "Nome" next to "Sobrenome" is the first name, not a full name.
    let full = full.filter(|f| !parts.contains(f));
    if full.is_some() {
        NameColumns {
            full,
            parts: vec![],
        }
    } else {
        NameColumns { full: None, parts }
    }
}

/// Where Google Contacts keeps the label of "Phone 1 - Value": "Phone 1 - Label" (or "- Type").
fn label_column(headers: &[String], value_header: &str) -> Option<usize> {
    let folded = fold(value_header);
    let stem = folded.strip_suffix(" value")?;
    headers.iter().position(|h| {
        let f = fold(h);
        f == format!("{stem} label") || f == format!("{stem} type")
    })
}

/// The BR habit of an area code ("DDD") in its own column next to an 8-9 digit number.
fn area_code_column(headers: &[String]) -> Option<usize> {
    headers.iter().position(|h| {
        matches!(
            fold(h).as_str(),
            "ddd" | "area code" | "codigo de area" | "vorwahl"
        )
    })
}

/// The layout of a table: where the header is, which columns hold what.
pub(crate) struct Layout {
    pub header_row: Option<usize>,
    pub columns: Vec<String>,
    pub phone: Vec<PhoneColumn>,
    pub names: NameColumns,
    pub area_code: Option<usize>,
}

impl Layout {
    pub fn phone_column_names(&self) -> Vec<String> {
        self.phone
            .iter()
            .map(|p| self.columns[p.index].clone())
            .collect()
    }

    pub fn name_column_names(&self) -> Vec<String> {
        self.names
            .indexes()
            .into_iter()
            .map(|i| self.columns[i].clone())
            .collect()
    }
}

fn width(table: &Table) -> usize {
    table.rows().map(|r| r.len()).max().unwrap_or(0)
}

fn is_blank(row: &Row) -> bool {
    row.iter().all(|c| c.trim().is_empty())
}

/// Share of the non-empty cells of column `i` (in up to 500 data rows) that look like phones;
/// `None` when the column is empty.
fn phone_share(table: &Table, start: usize, i: usize) -> Option<f64> {
    let (mut filled, mut phoney) = (0usize, 0usize);
    for row in table.rows_from(start).take(500) {
        let cell = row.get(i).map(|s| s.trim()).unwrap_or("");
        if cell.is_empty() {
            continue;
        }
        filled += 1;
        if looks_like_phone(cell) {
            phoney += 1;
        }
    }
    (filled > 0).then(|| phoney as f64 / filled as f64)
}

/// Finds the header row (the first of the first 10 non-blank rows that names a phone column and
/// holds no phone-like cell, which skips title lines above the header), else treats a first row
/// without numbers as the header, else decides there is no header.
fn find_header(table: &Table) -> Option<usize> {
    let candidates: Vec<usize> = (0..table.len())
        .filter(|&i| !is_blank(&table.row(i)))
        .take(10)
        .collect();
    let no_phones = |i: usize| !table.row(i).iter().any(|c| digit_count(c) >= 5);
    if let Some(&i) = candidates
        .iter()
        .find(|&&i| no_phones(i) && table.row(i).iter().any(|c| header_tier(c).is_some()))
    {
        return Some(i);
    }
    let first = *candidates.first()?;
    let has_letters = table
        .row(first)
        .iter()
        .any(|c| c.chars().any(char::is_alphabetic));
    (no_phones(first) && has_letters).then_some(first)
}

/// The index of a column the user named by its header (any case and accents) or its letter.
fn find_column(table: &Table, columns: &[String], wanted: &str) -> Option<usize> {
    let key = fold(wanted);
    columns.iter().position(|c| fold(c) == key).or_else(|| {
        column_index(wanted)
            .and_then(|abs| abs.checked_sub(table.first_col))
            .filter(|&i| i < columns.len())
    })
}

/// The "one group per…" column's value on every data row that has one: the same rows
/// [`entries`] reads, so each row's people and its group line up by row number.
pub(crate) fn group_values(
    table: &Table,
    layout: &Layout,
    wanted: &str,
    file: &str,
) -> Result<GroupColumn, ContactsError> {
    let index = find_column(table, &layout.columns, wanted.trim()).ok_or_else(|| {
        ContactsError::ColumnNotFound {
            file: file.to_string(),
            column: wanted.to_string(),
            columns: layout.columns.join(", "),
        }
    })?;
    let start = layout.header_row.map_or(0, |h| h + 1);
    let rows = table
        .rows_from(start)
        .filter(|row| !is_blank(row))
        .filter_map(|row| {
            let value = row
                .get(index)?
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            (!value.is_empty()).then_some(GroupCell {
                row: row.number,
                value,
            })
        })
        .collect();
    Ok(GroupColumn {
        column: layout.columns[index].clone(),
        rows,
    })
}

/// Works out the layout, honouring a forced phone column (header name or letter).
pub(crate) fn layout(
    table: &Table,
    forced: Option<&str>,
    file: &str,
) -> Result<Layout, ContactsError> {
    let header_row = find_header(table);
    let data_start = header_row.map_or(0, |h| h + 1);
    let n = width(table);
    let columns: Vec<String> = (0..n)
        .map(|i| match header_row {
            Some(h) => {
                let text = table.row(h).get(i).map(|s| s.trim()).unwrap_or("");
                if text.is_empty() {
                    column_letter(table.first_col + i)
                } else {
                    text.to_string()
                }
            }
            None => column_letter(table.first_col + i),
        })
        .collect();
    let listed = || columns.join(", ");

    let phone: Vec<PhoneColumn> = if let Some(wanted) = forced {
        let index =
            find_column(table, &columns, wanted).ok_or_else(|| ContactsError::ColumnNotFound {
                file: file.to_string(),
                column: wanted.to_string(),
                columns: listed(),
            })?;
        vec![PhoneColumn {
            index,
            tier: Tier::Phone,
            label_index: None,
        }]
    } else {
        let mut by_header: Vec<PhoneColumn> = match header_row {
            Some(_) => columns
                .iter()
                .enumerate()
                .filter_map(|(i, h)| {
                    let tier = header_tier(h)?;
                    // A "WhatsApp" column of yes/no, a "Contact" column of names: not numbers.
                    if phone_share(table, data_start, i).is_some_and(|share| share < 0.3) {
                        return None;
                    }
                    Some(PhoneColumn {
                        index: i,
                        tier,
                        label_index: label_column(&columns, h),
                    })
                })
                .collect(),
            None => Vec::new(),
        };
        if by_header.is_empty() {
            let best = (0..n)
                .filter_map(|i| phone_share(table, data_start, i).map(|s| (i, s)))
                .filter(|&(_, s)| s >= 0.5)
                .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
            if let Some((index, _)) = best {
                by_header.push(PhoneColumn {
                    index,
                    tier: Tier::Phone,
                    label_index: None,
                });
            }
        }
        by_header.sort_by_key(|p| (p.label_index.is_some(), p.tier, p.index));
        by_header
    };
    if phone.is_empty() {
        return Err(ContactsError::NoPhoneColumn {
            file: file.to_string(),
            columns: if header_row.is_some() {
                listed()
            } else {
                format!("{} (no header row)", listed())
            },
        });
    }
    let mut names = match header_row {
        Some(_) => name_columns(&columns, &phone),
        None => NameColumns::default(),
    };
    if names.full.is_none() && names.parts.is_empty() {
        // No name header (or no header at all): the first column of mostly-letter cells.
        names.full = (0..n).find(|&i| {
            !phone.iter().any(|p| p.index == i) && {
                let cells: Vec<&str> = table
                    .rows_from(data_start)
                    .take(200)
                    .filter_map(|r| r.get(i))
                    .map(|s| s.trim())
                    .filter(|s| !s.is_empty())
                    .collect();
                !cells.is_empty()
                    && cells
                        .iter()
                        .filter(|c| {
                            c.chars().filter(|ch| ch.is_alphabetic()).count() >= 2
                                && digit_count(c) == 0
                        })
                        .count()
                        * 2
                        > cells.len()
            }
        });
    }
    let area_code = header_row.and_then(|_| area_code_column(&columns));
    Ok(Layout {
        header_row,
        columns,
        phone,
        names,
        area_code,
    })
}

/// One entry per non-blank data row: its name and the cells of its best phone tier.
pub(crate) fn entries(table: &Table, layout: &Layout) -> Vec<Entry> {
    let start = layout.header_row.map_or(0, |h| h + 1);
    let mut out = Vec::with_capacity(table.len().saturating_sub(start));
    for row in table.rows_from(start) {
        if is_blank(&row) {
            continue;
        }
        let cell = |i: usize| row.get(i).map(|s| s.trim()).unwrap_or("");
        let mut best: Option<Tier> = None;
        let mut phones = String::new();
        for col in &layout.phone {
            let value = cell(col.index);
            if value.is_empty() {
                continue;
            }
            let tier = match col.label_index {
                Some(l) if !cell(l).is_empty() => label_tier(cell(l)).max(col.tier),
                _ => col.tier,
            };
            match best {
                Some(b) if tier > b => continue,
                Some(b) if tier == b => {}
                _ => {
                    best = Some(tier);
                    phones.clear();
                }
            }
            if !phones.is_empty() {
                phones.push('\n');
            }
            match layout.area_code.map(cell) {
                Some(ddd)
                    if (2..=3).contains(&ddd.len())
                        && ddd.chars().all(|c| c.is_ascii_digit())
                        && (8..=9).contains(&digit_count(value))
                        && !value.starts_with('+') =>
                {
                    phones.push_str(ddd);
                    phones.push(' ');
                }
                _ => {}
            }
            phones.push_str(value);
        }
        out.push(Entry {
            row: row.number,
            name: layout.names.name(&row),
            phones,
        });
    }
    out
}
