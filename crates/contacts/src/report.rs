//! What an import returns: plain, serialisable types that the CLI prints as JSON and the app
//! sends to the UI through tauri-specta (hence `u32`, never `usize`: specta refuses `usize`).

use serde::{Deserialize, Serialize};

/// The kind of file that was read, as the user would name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Csv,
    Xlsx,
    Xls,
    Ods,
    Vcard,
    Text,
}

impl Format {
    /// How the summary names the format ("CSV", "Excel workbook (.xlsx)", ...).
    pub fn label(self) -> &'static str {
        match self {
            Format::Csv => "CSV",
            Format::Xlsx => "Excel workbook (.xlsx)",
            Format::Xls => "Excel 97-2003 workbook (.xls)",
            Format::Ods => "OpenDocument spreadsheet (.ods)",
            Format::Vcard => "vCard",
            Format::Text => "text",
        }
    }
}

/// libphonenumber's number type. The UI warns about landlines (they usually have no WhatsApp)
/// without rejecting them: some businesses do run WhatsApp on a fixed line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum NumberKind {
    Mobile,
    FixedLine,
    FixedLineOrMobile,
    TollFree,
    PremiumRate,
    SharedCost,
    Voip,
    PersonalNumber,
    Pager,
    Uan,
    Voicemail,
    Unknown,
}

impl NumberKind {
    /// True for the kinds that are certainly not mobiles, for a "this may not be on WhatsApp" warning.
    pub fn is_landline_like(self) -> bool {
        !matches!(
            self,
            NumberKind::Mobile | NumberKind::FixedLineOrMobile | NumberKind::Unknown
        )
    }
}

/// Why a row (or one number in it) could not be used. Stable, so the UI can translate the reason;
/// [`RejectedRow::reason`] is the English text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum RejectCode {
    /// The row has no phone number at all (empty cell, "n/a", a card without TEL).
    NoNumber,
    /// Letters mixed into the number ("11 9876 ABC").
    Letters,
    /// Symbols that are not phone punctuation ("11*9876@").
    BadCharacters,
    /// Fewer digits than any number of that country has.
    TooShort,
    /// More digits than any number of that country has.
    TooLong,
    /// Right length, but no such number exists (wrong area code, wrong first digit).
    InvalidNumber,
    /// Written with `+` or `00`, but what follows is not a country calling code.
    InvalidCountryCode,
    /// A national number (no `+`) while no default country was chosen.
    NeedsCountry,
    /// Excel turned a long number into "9.19877E+11" and the last digits are lost.
    ExcelRounded,
}

/// One usable number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct Contact {
    /// The row as the user sees it in the spreadsheet (header = row 1), or the vCard's 1-based index.
    pub row: u32,
    pub name: Option<String>,
    /// E.164 with `+`.
    pub phone: String,
    /// The number exactly as written in the file (one part of the cell when a cell held several).
    pub input: String,
    pub kind: NumberKind,
    /// ISO 3166 alpha-2 region of the number; `None` for non-geographic numbers (+800, +882, ...).
    pub country: Option<String>,
    /// The number had neither `+` nor an international prefix, was not valid as a national number
    /// of the default country, and its leading digits were read as a country code
    /// ("5511987654321" → +55 11 98765-4321). The UI may ask the user to glance at these.
    pub assumed_international: bool,
}

/// A number already seen in an earlier row (or earlier in the same cell).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct Duplicate {
    pub row: u32,
    pub name: Option<String>,
    pub phone: String,
    pub input: String,
    /// The row of the first occurrence, which is the one kept.
    pub same_as_row: u32,
}

/// A row, or one number in a row, that cannot be used.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct RejectedRow {
    pub row: u32,
    pub name: Option<String>,
    /// The raw text of the cell (or of the part of it); empty when the row had no number.
    pub input: String,
    /// Plain English a non-technical person understands.
    pub reason: String,
    pub code: RejectCode,
    /// The country the reason refers to, if any ("too short for a Brazilian number" → "BR"),
    /// so a translated reason can name it too.
    pub reason_country: Option<String>,
}

/// Everything an import found. Nothing is dropped silently: every row with content ends up in
/// `contacts`, `duplicates` or `rejected`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct ImportReport {
    /// The file name as given (no directories).
    pub file: String,
    pub format: Format,
    /// The text encoding ("utf-8", "utf-16le", "windows-1252"); `None` for binary workbooks.
    pub encoding: Option<String>,
    /// The field separator of a delimited text file (",", ";", "\t", "|").
    pub delimiter: Option<String>,
    /// The columns numbers were taken from, best first.
    pub phone_columns: Vec<String>,
    /// The column(s) names were taken from.
    pub name_columns: Vec<String>,
    /// Every column header (or letter, when the file has no header row), for a column picker.
    pub columns: Vec<String>,
    /// The sheet that was read (workbooks only).
    pub sheet: Option<String>,
    /// Every sheet of the workbook (workbooks only), for a sheet picker.
    pub sheets: Vec<String>,
    /// The default country national numbers were read with.
    pub country: Option<String>,
    pub contacts: Vec<Contact>,
    pub duplicates: Vec<Duplicate>,
    pub rejected: Vec<RejectedRow>,
    /// Another default country that would read this file's numbers better (see
    /// [`CountrySuggestion`]); `None` when the one used fits.
    pub country_suggestion: Option<CountrySuggestion>,
    /// The "one group per…" column's values ([`crate::ImportOptions::group_by`]), else `None`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<GroupColumn>,
}

/// The values of the column a list is split into groups by ("Class", "Team", "Branch").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct GroupColumn {
    /// The column's header (or letter, when the file has no header row).
    pub column: String,
    /// Every data row that has a value in that column, in file order. A row that is missing
    /// here has none: its people belong to no group, and the planner says so, row by row.
    pub rows: Vec<GroupCell>,
}

/// One row's value in the "one group per…" column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct GroupCell {
    pub row: u32,
    /// Trimmed, inner runs of spaces made one: "5 A " and "5  A" are the same class.
    pub value: String,
}

/// "These look like Brazilian numbers — use Brazil?": a better default country for this file,
/// with the evidence the Preview shows. Found only when most national numbers (those written
/// without a country code) are invalid for the default country and valid for this one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct CountrySuggestion {
    /// ISO 3166 alpha-2, e.g. "BR".
    pub country: String,
    /// National numbers checked (all of them, or an even sample of a few hundred).
    pub checked: u32,
    /// Of those, how many are valid numbers of `country` that can be mobiles (WhatsApp numbers).
    pub valid_checked: u32,
    /// Of those, how many are such numbers of the default country the file was read with.
    pub valid_default: u32,
    /// Numbers written with `+` (or a country code) that belong to `country`.
    pub international: u32,
    /// Rows whose own country column names `country` (Google/Outlook exports have one).
    pub country_column: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_are_stable() {
        assert_eq!(serde_json::to_value(Format::Vcard).unwrap(), "vcard");
        assert_eq!(
            serde_json::to_value(NumberKind::FixedLineOrMobile).unwrap(),
            "fixed_line_or_mobile"
        );
        assert_eq!(
            serde_json::to_value(RejectCode::InvalidCountryCode).unwrap(),
            "invalid_country_code"
        );
    }
}
