//! `groupdrop-cli`: the GroupDrop flow without a window. A translator over
//! `groupdrop_core::flow`, the same use cases the app calls: arguments in, a flow call, English
//! text or JSON out.
//!
//! Exit status (also in the README): 0 when the work was done (an import read the file; a create
//! left every group in existence with every number settled), otherwise one human line on stderr
//! and a status per kind of failure ([`failure::Exit`]: bad input, credentials,
//! provider/network, unfinished run, in use, storage), so a script can tell a wrong key from a
//! lost network from a bad file.

use clap::{Parser, Subcommand};
use std::process::ExitCode;

mod check;
mod failure;
mod file_args;
mod import;
mod jobs;
mod sync;

#[derive(Parser)]
#[command(
    name = "groupdrop-cli",
    version,
    about = "Turn a contact list into a WhatsApp group",
    after_help = failure::HELP
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
    /// Ask the provider which numbers of a contact file are on WhatsApp (answers are kept, so
    /// checking the same numbers again is free).
    Check(check::CheckArgs),
    /// List past runs, newest first.
    History(jobs::HistoryArgs),
    /// Show one run's result.
    Show(jobs::ShowArgs),
    /// Continue a run that did not finish.
    Resume(jobs::ResumeArgs),
    /// Keep a run's group in step with a new version of the list: add who is new, list who left.
    Sync(sync::SyncArgs),
    /// Export a run's rejected numbers to CSV.
    Export(jobs::ExportArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Import(args) => import::run(args),
        Command::Create(args) => jobs::create(args),
        Command::Check(args) => check::run(args),
        Command::History(args) => jobs::history(args),
        Command::Show(args) => jobs::show(args),
        Command::Resume(args) => jobs::resume(args),
        Command::Export(args) => jobs::export(args),
        Command::Sync(args) => sync::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("groupdrop-cli: {}", failure.message);
            failure.code()
        }
    }
}
