//! The import pipeline: bytes → format → rows → numbers → report.

use crate::cells::{excel_number, is_single, split_numbers};
use crate::columns;
use crate::country_guess;
use crate::entry::Entry;
use crate::error::ContactsError;
use crate::fxhash::FxHashMap;
use crate::phone::{clean, normalise, Cleaned, DefaultRegion, Outcome, Rejection};
use crate::report::{
    Contact, Duplicate, Format, GroupColumn, ImportReport, RejectCode, RejectedRow,
};
use crate::sniff::{self, Container};
use crate::table::Table;
use crate::{html, sheet, text, vcard};
use rayon::iter::Either;
use rayon::prelude::*;
use std::path::Path;

/// The largest file GroupDrop reads. A contact list is a few MB even at 100k rows; anything
/// much bigger is the wrong file, and reading it would freeze the app.
pub const MAX_FILE_BYTES: u64 = 200 * 1024 * 1024;

/// What the user asked for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// Default country for national numbers (ISO 3166 alpha-2, e.g. "BR"); `None` = none, and
    /// then numbers without `+` are rejected with a reason asking to pick a country.
    pub country: Option<String>,
    /// Force the phone column: a header name or a column letter ("C").
    pub column: Option<String>,
    /// The sheet to read in a workbook; default: the first one with data.
    pub sheet: Option<String>,
    /// "Make one group per…": a column (header name or letter) whose value, per row, names the
    /// group that row's people join. Its values come back in [`ImportReport::group`].
    pub group_by: Option<String>,
}

fn display_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Reads a contact file from disk.
pub fn import_path(path: &Path, opts: &ImportOptions) -> Result<ImportReport, ContactsError> {
    import_path_with_limit(path, opts, MAX_FILE_BYTES)
}

/// [`import_path`] with a size limit of the caller's choosing (tests; a caller with less memory).
pub fn import_path_with_limit(
    path: &Path,
    opts: &ImportOptions,
    max_bytes: u64,
) -> Result<ImportReport, ContactsError> {
    let file = display_name(path);
    let io_error = |e: std::io::Error| match e.kind() {
        std::io::ErrorKind::NotFound => ContactsError::NotFound { file: file.clone() },
        std::io::ErrorKind::PermissionDenied => ContactsError::CannotOpen {
            file: file.clone(),
            detail: "permission denied".to_string(),
        },
        _ => ContactsError::CannotOpen {
            file: file.clone(),
            detail: e.kind().to_string(),
        },
    };
    let bytes = read_bounded(path, &file, max_bytes).map_err(|e| match e {
        Bounded::Io(e) => io_error(e),
        Bounded::Refused(e) => e,
    })?;
    import_owned(&file, bytes, opts, max_bytes, Tuning::default())
}

/// Reads a contact file already in memory. Never panics, whatever the bytes (fuzzed).
pub fn import_bytes(
    file_name: &str,
    bytes: &[u8],
    opts: &ImportOptions,
) -> Result<ImportReport, ContactsError> {
    import_owned(
        file_name,
        bytes.to_vec(),
        opts,
        MAX_FILE_BYTES,
        Tuning::default(),
    )
}

/// [`import_bytes`] with the normalising stage tuned (benchmarks only).
#[doc(hidden)]
pub fn import_bytes_tuned(
    file_name: &str,
    bytes: &[u8],
    opts: &ImportOptions,
    tuning: Tuning,
) -> Result<ImportReport, ContactsError> {
    import_owned(file_name, bytes.to_vec(), opts, MAX_FILE_BYTES, tuning)
}

enum Bounded {
    Io(std::io::Error),
    Refused(ContactsError),
}

/// Opens without blocking: opening a FIFO for reading waits for a writer, and the app must
/// never hang on a file the user picked.
#[cfg(unix)]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

/// Reads a file of at most `max_bytes`, whatever its metadata claims. Only regular files are
/// read (a pipe, socket or device is refused by the type of the opened handle, so a swap after
/// a check cannot slip one in), and the read itself stops one byte past the limit: a `/proc`
/// file reports a length of 0, and a file can grow while it is read.
fn read_bounded(path: &Path, file: &str, max_bytes: u64) -> Result<Vec<u8>, Bounded> {
    use std::io::Read;
    let handle = open_nonblocking(path).map_err(Bounded::Io)?;
    let meta = handle.metadata().map_err(Bounded::Io)?;
    if meta.is_dir() {
        return Err(Bounded::Refused(ContactsError::CannotOpen {
            file: file.to_string(),
            detail: "it is a folder, not a file".to_string(),
        }));
    }
    if !meta.is_file() {
        return Err(Bounded::Refused(ContactsError::CannotOpen {
            file: file.to_string(),
            detail: "it is a pipe or a device, not a saved file".to_string(),
        }));
    }
    check_size(file, meta.len(), max_bytes).map_err(Bounded::Refused)?;
    let capacity = usize::try_from(meta.len().min(max_bytes)).unwrap_or(0);
    let mut bytes = Vec::with_capacity(capacity);
    handle
        .take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(Bounded::Io)?;
    if bytes.len() as u64 > max_bytes {
        // The real size is unknown (it grew, or its metadata said 0): say "more than".
        return Err(Bounded::Refused(ContactsError::TooLarge {
            file: file.to_string(),
            size_mb: max_bytes / (1024 * 1024) + 1,
            limit_mb: max_bytes / (1024 * 1024),
        }));
    }
    Ok(bytes)
}

fn check_size(file: &str, len: u64, max_bytes: u64) -> Result<(), ContactsError> {
    if len > max_bytes {
        const MB: u64 = 1024 * 1024;
        return Err(ContactsError::TooLarge {
            file: file.to_string(),
            size_mb: len.div_ceil(MB),
            limit_mb: max_bytes / MB,
        });
    }
    Ok(())
}

/// What the reading stage found, before numbers are normalised.
struct Read {
    format: Format,
    encoding: Option<String>,
    delimiter: Option<String>,
    sheet: Option<String>,
    sheets: Vec<String>,
    columns: Vec<String>,
    phone_columns: Vec<String>,
    name_columns: Vec<String>,
    entries: Vec<Entry>,
    /// What the file's own country columns say, for [`country_guess::suggest`].
    country_votes: country_guess::CountryVotes,
    /// The "one group per…" column's values, when asked for.
    group: Option<GroupColumn>,
}

type TableRead = (
    columns::Layout,
    Vec<Entry>,
    country_guess::CountryVotes,
    Option<GroupColumn>,
);

fn read_table(
    table: &Table,
    opts: &ImportOptions,
    file: &str,
) -> Result<(columns::Layout, Vec<Entry>), ContactsError> {
    if table.rows().all(|r| r.iter().all(|c| c.trim().is_empty())) {
        return Err(ContactsError::Empty {
            file: file.to_string(),
        });
    }
    let layout = columns::layout(table, opts.column.as_deref(), file)?;
    let entries = columns::entries(table, &layout);
    Ok((layout, entries))
}

/// [`read_table`] plus what the table's country columns say and the "one group per…" column.
fn read_table_voting(
    table: &Table,
    opts: &ImportOptions,
    file: &str,
) -> Result<TableRead, ContactsError> {
    let (layout, entries) = read_table(table, opts, file)?;
    let votes = country_guess::column_votes(table, &layout);
    let group = match opts.group_by.as_deref() {
        Some(wanted) => Some(columns::group_values(table, &layout, wanted, file)?),
        None => None,
    };
    Ok((layout, entries, votes, group))
}

fn read(file: &str, bytes: Vec<u8>, opts: &ImportOptions) -> Result<Read, ContactsError> {
    let ext = sniff::extension(file);
    let container = sniff::container(&bytes).map_err(|what| ContactsError::Unsupported {
        file: file.to_string(),
        what: what.0.to_string(),
    })?;
    let workbook_format = match container {
        Container::Xlsx => Some(Format::Xlsx),
        Container::Ods => Some(Format::Ods),
        Container::Xls => Some(Format::Xls),
        Container::EncryptedOoxml => {
            return Err(ContactsError::PasswordProtected {
                file: file.to_string(),
            })
        }
        Container::Text => None,
    };
    if let Some(format) = workbook_format {
        let book = sheet::read(bytes, format, opts.sheet.as_deref(), file)?;
        let (layout, entries, country_votes, group) = read_table_voting(&book.table, opts, file)?;
        return Ok(Read {
            format,
            encoding: None,
            delimiter: None,
            sheet: Some(book.sheet),
            sheets: book.sheets,
            columns: layout.columns.clone(),
            phone_columns: layout.phone_column_names(),
            name_columns: layout.name_column_names(),
            entries,
            country_votes,
            group,
        });
    }
    let decoded = text::decode_owned(bytes).map_err(|e| match e {
        text::NotText::Binary => match sniff::known_unsupported(&ext) {
            Some(what) => ContactsError::Unsupported {
                file: file.to_string(),
                what: what.to_string(),
            },
            None => ContactsError::Binary {
                file: file.to_string(),
            },
        },
        text::NotText::Undecodable(detail) => ContactsError::Encoding {
            file: file.to_string(),
            detail,
        },
    })?;
    let mut text = decoded.text;
    // Excel's "CSV (Macintosh)" ends lines with a lone CR.
    if text.contains('\r') && !text.contains('\n') {
        text = text.replace('\r', "\n");
    }
    let body = text.trim_start_matches('\u{FEFF}');
    if body.trim().is_empty() {
        return Err(ContactsError::Empty {
            file: file.to_string(),
        });
    }
    if vcard::is_vcard(body) {
        if let Some(column) = &opts.group_by {
            return Err(ContactsError::NoColumns {
                file: file.to_string(),
                column: column.clone(),
            });
        }
        return Ok(Read {
            format: Format::Vcard,
            encoding: Some(decoded.encoding.to_string()),
            delimiter: None,
            sheet: None,
            sheets: Vec::new(),
            columns: vec!["TEL".to_string()],
            phone_columns: vec!["TEL".to_string()],
            name_columns: vec!["FN".to_string()],
            entries: vcard::read(body),
            country_votes: Vec::new(),
            group: None,
        });
    }
    if html::is_html_table(body) {
        let table = html::read(body);
        let (layout, entries, country_votes, group) = read_table_voting(&table, opts, file)?;
        return Ok(Read {
            format: Format::Text,
            encoding: Some(decoded.encoding.to_string()),
            delimiter: None,
            sheet: None,
            sheets: Vec::new(),
            columns: layout.columns.clone(),
            phone_columns: layout.phone_column_names(),
            name_columns: layout.name_column_names(),
            entries,
            country_votes,
            group,
        });
    }
    let head = body
        .trim_start()
        .get(..200)
        .unwrap_or(body.trim_start())
        .to_ascii_lowercase();
    if head.starts_with("<!doctype html") || head.starts_with("<html") || head.starts_with("<?xml")
    {
        return Err(ContactsError::Unsupported {
            file: file.to_string(),
            what: if head.contains("<html") {
                "a web page (HTML) without a table"
            } else {
                "an XML document"
            }
            .to_string(),
        });
    }
    let (table, delimiter) = text::parse_delimited(body);
    let (layout, entries, country_votes, group) = read_table_voting(&table, opts, file)?;
    let format = if ext == "txt" || (delimiter.is_none() && ext != "csv") {
        Format::Text
    } else {
        Format::Csv
    };
    Ok(Read {
        format,
        encoding: Some(decoded.encoding.to_string()),
        delimiter: delimiter.map(|d| d.to_string()),
        sheet: None,
        sheets: Vec::new(),
        columns: layout.columns.clone(),
        phone_columns: layout.phone_column_names(),
        name_columns: layout.name_column_names(),
        entries,
        country_votes,
        group,
    })
}

/// One number to normalise, in file order.
struct Pending {
    row: u32,
    name: Option<String>,
    input: String,
    cleaned: Result<Cleaned, Rejection>,
}

fn pending_part(row: u32, name: Option<String>, input: String) -> Pending {
    let cleaned = match excel_number(&input) {
        Ok(Some(digits)) => clean(&digits),
        Ok(None) => clean(&input),
        Err(rejection) => Err(rejection),
    };
    Pending {
        row,
        name,
        input,
        cleaned,
    }
}

/// The numbers of one entry: each part of each chosen cell, cleaned; or one "no number" item.
/// The common case (one cell, one number) moves the cell's string instead of copying it.
fn entry_pending(entry: Entry) -> Either<std::iter::Once<Pending>, std::vec::IntoIter<Pending>> {
    let Entry { row, name, phones } = entry;
    if is_single(&phones) && !phones.trim().is_empty() {
        let input = if phones.trim().len() == phones.len() {
            phones
        } else {
            phones.trim().to_string()
        };
        return Either::Left(std::iter::once(pending_part(row, name, input)));
    }
    let parts = split_numbers(&phones);
    if parts.is_empty() {
        return Either::Left(std::iter::once(Pending {
            row,
            name,
            input: String::new(),
            cleaned: Err(Rejection {
                code: RejectCode::NoNumber,
                reason: "no phone number in this row".to_string(),
                country: None,
            }),
        }));
    }
    let last = parts.len() - 1;
    let mut name = name;
    let items: Vec<Pending> = parts
        .into_iter()
        .enumerate()
        .map(|(i, part)| {
            let name = if i == last { name.take() } else { name.clone() };
            pending_part(row, name, part.to_string())
        })
        .collect();
    Either::Right(items.into_iter())
}

/// Every number to normalise, in file order. Cleaning is per row, so it runs on all cores too.
fn pending(entries: Vec<Entry>, parallel: bool) -> Vec<Pending> {
    let capacity = entries.len() + entries.len() / 16;
    let extend = |mut acc: Vec<Pending>, e: Entry| {
        acc.extend(entry_pending(e));
        acc
    };
    if !parallel {
        return entries
            .into_iter()
            .fold(Vec::with_capacity(capacity), extend);
    }
    // One vector per split, in order, then one copy into place: rayon's flat-map collect
    // copied every item through linked chunks.
    let parts: Vec<Vec<Pending>> = entries
        .into_par_iter()
        .with_min_len(8192)
        .fold(Vec::new, extend)
        .collect();
    let mut out = Vec::with_capacity(parts.iter().map(Vec::len).sum());
    for part in parts {
        out.extend(part);
    }
    out
}

/// How the normalising stage runs. Only benchmarks change it, to measure what each idea buys.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tuning {
    /// Normalise each distinct (cleaned) number once and reuse the outcome for repeats.
    pub memoise: bool,
    /// Spread the normalising over all cores with rayon.
    pub parallel: bool,
}

impl Default for Tuning {
    fn default() -> Self {
        Tuning {
            memoise: true,
            parallel: true,
        }
    }
}

fn run_all<T: Sync>(
    items: &[T],
    parallel: bool,
    f: impl Fn(&T) -> Outcome + Sync + Send,
) -> Vec<Outcome> {
    if parallel {
        items.par_iter().with_min_len(256).map(f).collect()
    } else {
        items.iter().map(f).collect()
    }
}

/// Normalises the pending numbers. Returns, per pending number, its slot in the second vector
/// (`None` when cleaning already rejected it). By default every distinct number is normalised
/// once, on all cores: real lists repeat numbers, and the work per number (metadata regexes)
/// dwarfs the bookkeeping.
fn outcomes(
    pending: &[Pending],
    region: Option<&DefaultRegion>,
    tuning: Tuning,
) -> (Vec<Option<usize>>, Vec<Option<Outcome>>) {
    if !tuning.memoise {
        let done = run_all(pending, tuning.parallel, |p| match &p.cleaned {
            Ok(c) => normalise(c, region),
            Err(r) => Outcome::Rejected(r.clone()),
        });
        return (
            (0..pending.len()).map(Some).collect(),
            done.into_iter().map(Some).collect(),
        );
    }
    let mut unique: Vec<&Cleaned> = Vec::new();
    let mut index: FxHashMap<&Cleaned, usize> =
        FxHashMap::with_capacity_and_hasher(pending.len(), Default::default());
    let slots: Vec<Option<usize>> = pending
        .iter()
        .map(|p| {
            p.cleaned.as_ref().ok().map(|c| {
                *index.entry(c).or_insert_with(|| {
                    unique.push(c);
                    unique.len() - 1
                })
            })
        })
        .collect();
    let done = run_all(&unique, tuning.parallel, |c| normalise(c, region));
    (slots, done.into_iter().map(Some).collect())
}

fn import_owned(
    file: &str,
    bytes: Vec<u8>,
    opts: &ImportOptions,
    max_bytes: u64,
    tuning: Tuning,
) -> Result<ImportReport, ContactsError> {
    let region = match opts
        .country
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        Some(code) => {
            Some(
                DefaultRegion::new(code).ok_or_else(|| ContactsError::UnknownCountry {
                    country: code.to_string(),
                })?,
            )
        }
        None => None,
    };
    check_size(file, bytes.len() as u64, max_bytes)?;
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ContactsError::Empty {
            file: file.to_string(),
        });
    }
    let read = read(file, bytes, opts)?;
    let pending = pending(read.entries, tuning.parallel);
    let mut rejected = Vec::new();
    let (slots, mut done) = outcomes(&pending, region.as_ref(), tuning);

    let mut contacts: Vec<Contact> = Vec::with_capacity(pending.len());
    let mut duplicates = Vec::new();
    // The contact each distinct number ended up as, so its repeats need no lookup by E.164.
    let mut contact_of_slot: Vec<Option<usize>> = vec![None; done.len()];
    // The digits of an E.164 number (at most 20 here) fit a u128: a key without string copies.
    let mut contact_of_number: FxHashMap<u128, usize> =
        FxHashMap::with_capacity_and_hasher(pending.len(), Default::default());
    for (p, slot) in pending.into_iter().zip(slots) {
        let Pending {
            row,
            name,
            input,
            cleaned,
        } = p;
        let duplicate_of =
            |contacts: &[Contact], i: usize, duplicates: &mut Vec<Duplicate>, name, input| {
                let first = &contacts[i];
                duplicates.push(Duplicate {
                    row,
                    name,
                    phone: first.phone.clone(),
                    input,
                    same_as_row: first.row,
                });
            };
        let outcome = match (slot, cleaned) {
            (Some(s), cleaned) => {
                if let Some(i) = contact_of_slot[s] {
                    duplicate_of(&contacts, i, &mut duplicates, name, input);
                    continue;
                }
                match &done[s] {
                    Some(Outcome::Rejected(r)) => Outcome::Rejected(r.clone()),
                    // Taken only for a valid number, whose slot then points at its contact.
                    _ => match (done[s].take(), cleaned) {
                        (Some(outcome), _) => outcome,
                        (None, Ok(c)) => normalise(&c, region.as_ref()),
                        (None, Err(r)) => Outcome::Rejected(r),
                    },
                }
            }
            (None, Err(r)) => Outcome::Rejected(r),
            (None, Ok(c)) => normalise(&c, region.as_ref()),
        };
        match outcome {
            Outcome::Valid(v) => {
                let key = v
                    .e164
                    .get(1..)
                    .and_then(|d| d.parse::<u128>().ok())
                    .unwrap_or(u128::MAX);
                let i = match contact_of_number.get(&key) {
                    Some(&i) => {
                        duplicate_of(&contacts, i, &mut duplicates, name, input);
                        i
                    }
                    None => {
                        contacts.push(Contact {
                            row,
                            name,
                            phone: v.e164.to_string(),
                            input,
                            kind: v.kind,
                            country: v.country.map(str::to_string),
                            assumed_international: v.assumed_international,
                        });
                        contact_of_number.insert(key, contacts.len() - 1);
                        contacts.len() - 1
                    }
                };
                if let Some(s) = slot {
                    contact_of_slot[s] = Some(i);
                }
            }
            Outcome::Rejected(r) => rejected.push(RejectedRow {
                row,
                name,
                input,
                reason: r.reason,
                code: r.code,
                reason_country: r.country,
            }),
        }
    }
    rejected.sort_by_key(|r| r.row);
    let country_suggestion =
        country_guess::suggest(&contacts, &rejected, region.as_ref(), &read.country_votes);
    Ok(ImportReport {
        file: file.to_string(),
        format: read.format,
        encoding: read.encoding,
        delimiter: read.delimiter,
        phone_columns: read.phone_columns,
        name_columns: read.name_columns,
        columns: read.columns,
        sheet: read.sheet,
        sheets: read.sheets,
        country: region.map(|r| r.code().to_string()),
        contacts,
        duplicates,
        rejected,
        country_suggestion,
        group: read.group,
    })
}
