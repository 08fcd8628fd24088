//! `groupdrop-cli`: the GroupDrop flow without a window. A translator over
//! `groupdrop_core::flow`, the same use cases the app calls: arguments in, a flow call, English
//! text or JSON out.
//!
//! Exit status (also in the README): 0 the work was done (an import read the file; a create left
//! every group in existence with every number settled); otherwise one line on stderr and
//! [`exit::BAD_INPUT`] (2), [`exit::CREDENTIALS`] (3), [`exit::PROVIDER`] (4),
//! [`exit::OUTCOME_UNKNOWN`] (5), [`exit::IN_USE`] (6) or [`exit::OTHER`] (1).

use clap::{Parser, Subcommand};
use std::process::ExitCode;

mod exit;
mod import;
mod jobs;

#[derive(Parser)]
#[command(
    name = "groupdrop-cli",
    version,
    about = "Turn a contact list into a WhatsApp group",
    after_help = exit::HELP
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read a contact file and show the usable numbers, duplicates and rejected rows.
    Import(import::ImportArgs),
    /// Create a WhatsApp group from a contact file.
    Create(jobs::CreateArgs),
    /// List past runs, newest first.
    History(jobs::HistoryArgs),
    /// Show one run's result.
    Show(jobs::ShowArgs),
    /// Continue a run that did not finish.
    Resume(jobs::ResumeArgs),
    /// Export a run's rejected numbers to CSV.
    Export(jobs::ExportArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Import(args) => import::run(args),
        Command::Create(args) => jobs::create(args),
        Command::History(args) => jobs::history(args),
        Command::Show(args) => jobs::show(args),
        Command::Resume(args) => jobs::resume(args),
        Command::Export(args) => jobs::export(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("groupdrop-cli: {}", failure.message);
            ExitCode::from(failure.code)
        }
    }
}
