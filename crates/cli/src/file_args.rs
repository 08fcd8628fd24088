//! The contact file and how to read it: the same four options for `create`, `check` and `sync`,
//! read by one rule (an absent country is the system locale's region; `none` is no country).

use crate::failure::Result;
use clap::Args;
use groupdrop_core::flow::{self, ImportChoices, ImportReport, Session};
use std::path::PathBuf;

#[derive(Args)]
pub struct FileArgs {
    /// The contact file (CSV, TXT, XLSX, XLS, ODS, VCF).
    #[arg(long)]
    pub contacts: PathBuf,
    /// Default country for numbers written without +, e.g. BR (default: from the system locale).
    #[arg(long)]
    pub country: Option<String>,
    /// The phone column, by header name or letter (default: detected).
    #[arg(long)]
    pub column: Option<String>,
    /// The sheet to read in a workbook (default: the first with data).
    #[arg(long)]
    pub sheet: Option<String>,
}

impl FileArgs {
    /// Reads the file; `group_by`: the "one group per…" column, if any.
    pub fn import(&self, session: &Session, group_by: Option<String>) -> Result<ImportReport> {
        Ok(session.import(
            &self.contacts,
            &ImportChoices {
                country: self.country.clone().or_else(flow::system_country),
                column: self.column.clone(),
                sheet: self.sheet.clone(),
                group_by,
            },
        )?)
    }
}
