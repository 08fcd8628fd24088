//! Start and Preview screens: read a contact file and show what GroupDrop made of it.

use std::path::PathBuf;

use groupdrop_contacts::{ContactsError, ImportOptions, ImportReport};
use serde::{Deserialize, Serialize};
use tauri::State;

use crate::error::{UiError, UiErrorKind};
use crate::state::AppState;

/// What the user changed on the Preview screen; `None` = let the importer decide.
#[derive(Clone, Debug, Default, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportChoices {
    /// ISO region for numbers without a country code.
    pub country: Option<String>,
    /// Phone column by header name or letter (`C`).
    pub column: Option<String>,
    /// Spreadsheet sheet by name.
    pub sheet: Option<String>,
}

/// Everything the Preview screen shows. The import itself stays in Rust under `import_id`, so
/// Create never sends 50,000 numbers back over IPC.
#[derive(Clone, Debug, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Preview {
    pub import_id: u32,
    /// The full path, to re-read the file with other choices.
    pub path: String,
    pub report: ImportReport,
}

/// A region the phone library knows, for the country pickers.
#[derive(Clone, Debug, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Country {
    /// ISO 3166-1 alpha-2, e.g. `BR`.
    pub code: String,
    /// E.g. 55.
    pub calling_code: u32,
}

/// Which [`UiErrorKind`] an import failure is: a choice the user made on the Preview screen
/// (column, sheet, country) is `invalidInput`; everything about the file itself is `badFile`.
pub fn import_error(e: ContactsError) -> UiError {
    let kind = match &e {
        ContactsError::ColumnNotFound { .. }
        | ContactsError::SheetNotFound { .. }
        | ContactsError::UnknownCountry { .. } => UiErrorKind::InvalidInput,
        ContactsError::Unreadable { detail, .. } => {
            // The library's own words are for the log only.
            tracing::warn!("import: unreadable file: {detail}");
            UiErrorKind::BadFile
        }
        _ => UiErrorKind::BadFile,
    };
    UiError::new(kind, e.to_string())
}

/// The file the app was started with (`groupdrop contacts.csv`, "Open with"), once: the UI asks
/// at start-up and opens its preview straight away.
#[tauri::command]
#[specta::specta]
pub fn startup_file(state: State<'_, AppState>) -> Option<String> {
    state.take_startup_file()
}

/// Reads a contact file (off the UI thread: a 100,000-row workbook takes a moment) and keeps the
/// report for Create.
#[tauri::command]
#[specta::specta]
pub async fn import_file(
    path: String,
    choices: ImportChoices,
    state: State<'_, AppState>,
) -> Result<Preview, UiError> {
    let clean = |s: Option<String>| s.map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
    let opts = ImportOptions {
        country: clean(choices.country).map(|c| c.to_ascii_uppercase()),
        column: clean(choices.column),
        sheet: clean(choices.sheet),
    };
    let file = PathBuf::from(&path);
    let report =
        tauri::async_runtime::spawn_blocking(move || groupdrop_contacts::import_path(&file, &opts))
            .await
            .map_err(UiError::internal)?
            .map_err(import_error)?;
    tracing::info!(
        "imported a {:?} file: {} usable, {} duplicates, {} rejected",
        report.format,
        report.contacts.len(),
        report.duplicates.len(),
        report.rejected.len()
    );
    let import_id = state.keep_import(report.clone());
    Ok(Preview {
        import_id,
        path,
        report,
    })
}

/// Every region with phone metadata, for the country pickers (the UI names them in its own
/// language with `Intl.DisplayNames`).
///
/// A thin adapter over the phone metadata: groupdrop-contacts has no public region list yet.
#[tauri::command]
#[specta::specta]
pub fn countries() -> Vec<Country> {
    let mut list: Vec<Country> = phonenumber::metadata::DATABASE
        .iter()
        .filter(|m| m.id().len() == 2 && m.id().chars().all(|c| c.is_ascii_uppercase()))
        .map(|m| Country {
            code: m.id().to_string(),
            calling_code: u32::from(m.country_code()),
        })
        .collect();
    list.sort_by(|a, b| a.code.cmp(&b.code));
    list.dedup_by(|a, b| a.code == b.code);
    list
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn import_errors_are_classified_and_keep_the_human_message() {
        let e = import_error(ContactsError::Empty {
            file: "a.csv".into(),
        });
        assert_eq!(e.kind, UiErrorKind::BadFile);
        assert!(e.message.contains("\"a.csv\" is empty"), "{}", e.message);
        let e = import_error(ContactsError::ColumnNotFound {
            file: "a.csv".into(),
            column: "Fone".into(),
            columns: "Name, Mobile".into(),
        });
        assert_eq!(e.kind, UiErrorKind::InvalidInput);
        let e = import_error(ContactsError::Unreadable {
            file: "a.xlsx".into(),
            format: "Excel".into(),
            detail: "zip: invalid central directory at 0x1f".into(),
        });
        assert!(!e.message.contains("central directory"), "{}", e.message);
    }
}
