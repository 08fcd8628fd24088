//! Contact import: read the files office staff really have (CSV and text exports in any common
//! encoding, Excel and OpenDocument workbooks, vCards) and turn them into WhatsApp-ready E.164
//! numbers, with every unusable row reported in plain language.
//!
//! Entry points: [`import_path`], [`import_bytes`] (fuzz-safe), [`warm_up`],
//! [`default_country_from_locale`].

mod cells;
mod columns;
mod country_guess;
mod entry;
mod error;
mod fxhash;
mod headers;
mod html;
mod import;
mod libphone;
mod phone;
mod region_names;
mod regions;
mod report;
mod sheet;
mod short;
mod sniff;
mod table;
mod text;
mod unpacked;
mod vcard;

pub use error::ContactsError;
pub use import::{
    import_bytes, import_path, import_path_with_limit, ImportOptions, MAX_FILE_BYTES,
};
#[doc(hidden)]
pub use import::{import_bytes_tuned, Tuning};
pub use regions::{default_country_from_locale, regions};
pub use report::{
    Contact, CountrySuggestion, Duplicate, Format, GroupCell, GroupColumn, ImportReport,
    NumberKind, RejectCode, RejectedRow,
};
pub use unpacked::{MAX_SHEET_CELLS, MAX_UNPACKED_BYTES};

/// Pays `phonenumber`'s metadata load (~140 ms) and compiles the patterns of the common countries
/// once, e.g. on a background thread at app start, so the first preview is not the slow one.
pub fn warm_up() {
    phone::warm_up();
}

/// One typed number (an admin's, say) read exactly as an import with `region` as its default
/// country would read it: E.164 with `+`, or the import's reason code.
pub fn normalise_number(input: &str, region: Option<&str>) -> Result<String, RejectCode> {
    testing::normalise_one(input, region).map(|n| n.e164)
}

/// One number normalised exactly as an import would, for the differential test and benches.
/// Not part of the app's API: the UI always goes through a whole import.
#[doc(hidden)]
pub mod testing {
    use crate::phone::{clean, normalise, DefaultRegion, Outcome};
    use crate::report::{NumberKind, RejectCode};

    /// A number an import would keep.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Normalised {
        pub e164: String,
        pub kind: NumberKind,
        pub country: Option<String>,
        pub assumed_international: bool,
    }

    /// The import's verdict on one written number, with `region` as the default country.
    pub fn normalise_one(input: &str, region: Option<&str>) -> Result<Normalised, RejectCode> {
        let region = region.and_then(DefaultRegion::new);
        let cleaned = clean(input).map_err(|r| r.code)?;
        match normalise(&cleaned, region.as_ref()) {
            Outcome::Valid(v) => Ok(Normalised {
                e164: v.e164.to_string(),
                kind: v.kind,
                country: v.country.map(str::to_string),
                assumed_international: v.assumed_international,
            }),
            Outcome::Rejected(r) => Err(r.code),
        }
    }
}
