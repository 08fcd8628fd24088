//! `groupdrop-cli create|history|show|resume|export` (owned by the jobs work).
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct CreateArgs {}
#[derive(clap::Args)]
pub struct HistoryArgs {}
#[derive(clap::Args)]
pub struct ShowArgs {}
#[derive(clap::Args)]
pub struct ResumeArgs {}
#[derive(clap::Args)]
pub struct ExportArgs {}

pub fn create(_: CreateArgs) -> Result<ExitCode, String> {
    Err("not implemented yet".into())
}
pub fn history(_: HistoryArgs) -> Result<ExitCode, String> {
    Err("not implemented yet".into())
}
pub fn show(_: ShowArgs) -> Result<ExitCode, String> {
    Err("not implemented yet".into())
}
pub fn resume(_: ResumeArgs) -> Result<ExitCode, String> {
    Err("not implemented yet".into())
}
pub fn export(_: ExportArgs) -> Result<ExitCode, String> {
    Err("not implemented yet".into())
}
