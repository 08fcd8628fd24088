//! Reading a contact file: one country rule, one panic guard, one column/sheet choice, for both
//! shells.

use super::Session;
use crate::error::{CoreError, Result};
use groupdrop_contacts::{ImportOptions, ImportReport};
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::sync::Once;

/// What the user chose about a file; `None` lets the importer decide.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportChoices {
    /// Region for numbers written without a country code (`BR`, ` br `). `None`, empty or
    /// `none`: no default country, numbers need `+country code`. A shell that wants the OS
    /// locale's region passes [`system_country`].
    pub country: Option<String>,
    /// Phone column by header name or letter (`C`).
    pub column: Option<String>,
    /// Spreadsheet sheet by name.
    pub sheet: Option<String>,
    /// "Make one group per…": the column (header or letter) whose values split the list into
    /// groups. `None`: one group.
    #[serde(default)]
    pub group_by: Option<String>,
}

impl ImportChoices {
    /// The one country rule: trimmed, upper-case, `none`/empty meaning "no default country".
    fn options(&self) -> ImportOptions {
        let clean = |s: &Option<String>| {
            s.as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_string)
        };
        ImportOptions {
            country: clean(&self.country)
                .filter(|c| !c.eq_ignore_ascii_case("none"))
                .map(|c| c.to_ascii_uppercase()),
            column: clean(&self.column),
            sheet: clean(&self.sheet),
            group_by: clean(&self.group_by),
        }
    }
}

/// A region the phone library knows, for the country pickers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Country {
    /// ISO 3166-1 alpha-2, e.g. `BR`.
    pub code: String,
    /// E.g. 55.
    pub calling_code: u32,
}

/// Every region with phone metadata (the UI names them with `Intl.DisplayNames`).
pub fn countries() -> Vec<Country> {
    groupdrop_contacts::regions()
        .into_iter()
        .map(|(code, calling_code)| Country { code, calling_code })
        .collect()
}

/// The OS locale's region (`pt-BR` → `BR`): the default country when the user chose none.
pub fn system_country() -> Option<String> {
    groupdrop_contacts::default_country_from_locale()
}

/// Loads the phone metadata (~140 ms) ahead of the first import.
pub fn warm_up() {
    groupdrop_contacts::warm_up()
}

/// calamine can panic on a damaged .xls (found by the fuzz test); the contacts crate catches that
/// and returns an "unreadable" error, but the default panic hook would still print a Rust panic on
/// stderr (the CLI) or in the log (the app). Only those are silenced.
fn silence_workbook_parser_panics() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let in_calamine = info
                .location()
                .is_some_and(|l| l.file().contains("calamine"));
            if !in_calamine {
                default(info);
            }
        }));
    });
}

impl Session {
    /// Reads a contact file. Blocking (a 100,000-row workbook takes a moment): the app calls it
    /// off its async runtime.
    #[tracing::instrument(skip(self), err(level = "info"))]
    pub fn import(&self, path: &Path, choice: &ImportChoices) -> Result<ImportReport> {
        import_file(path, choice)
    }
}

/// [`Session::import`] without a session (the CLI's `import` needs no history).
pub fn import_file(path: &Path, choice: &ImportChoices) -> Result<ImportReport> {
    silence_workbook_parser_panics();
    let report =
        groupdrop_contacts::import_path(path, &choice.options()).map_err(CoreError::from)?;
    tracing::info!(
        "imported a {:?} file: {} usable, {} duplicates, {} rejected",
        report.format,
        report.contacts.len(),
        report.duplicates.len(),
        report.rejected.len()
    );
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_country_rule() {
        let o = |c: Option<&str>| {
            ImportChoices {
                country: c.map(str::to_string),
                ..ImportChoices::default()
            }
            .options()
            .country
        };
        assert_eq!(o(Some(" br ")), Some("BR".into()));
        assert_eq!(o(Some("none")), None);
        assert_eq!(o(Some("NONE")), None);
        assert_eq!(o(Some("  ")), None);
        assert_eq!(o(None), None);
    }

    #[test]
    fn country_list_has_the_usual_suspects_and_no_non_geographic_entries() {
        let list = countries();
        assert!(list.len() > 200, "{}", list.len());
        let br = list.iter().find(|c| c.code == "BR").unwrap();
        assert_eq!(br.calling_code, 55);
        assert_eq!(
            list.iter().find(|c| c.code == "IN").unwrap().calling_code,
            91
        );
        assert!(list.iter().all(|c| c.code.len() == 2), "no \"001\"");
    }
}
