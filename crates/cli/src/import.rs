//! `groupdrop-cli import` (owned by the contacts work).
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct ImportArgs {
    /// The contact file (CSV, TXT, XLSX, XLS, ODS, VCF).
    pub file: std::path::PathBuf,
}

pub fn run(_args: ImportArgs) -> Result<ExitCode, String> {
    Err("not implemented yet".into())
}
