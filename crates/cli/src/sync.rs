//! `groupdrop-cli sync RUN --contacts FILE`: keep the group run RUN made in step with a new
//! version of the list. Shows who is new (to add), who is already in, and who is in the group but
//! not in the file (listed: GroupDrop removes nobody); asks; then adds only the new people, as a
//! journaled run on the same group (`resume` continues it like any run).
//!
//! With `--json`, stdout holds exactly one object: `{"plan": …, "outcome": … | null}`.

use crate::failure::{Exit, Failure, Result};
use crate::file_args::FileArgs;
use crate::jobs::{confirm_with, open, other, run_parts, runtime, PacingArgs};
use clap::Args;
use groupdrop_core::flow::{Outcome, ResumeFrom, SyncPerson, SyncPlan};
use serde::Serialize;
use std::io::Write;

#[derive(Args)]
pub struct SyncArgs {
    /// The run that made the group (see `groupdrop-cli history`).
    pub job: i64,
    /// The new version of the contact list, and how to read it.
    #[command(flatten)]
    pub file: FileArgs,
    /// Do not ask before adding.
    #[arg(long)]
    pub yes: bool,
    /// Print the plan and the result as JSON on stdout.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub pacing: PacingArgs,
}

#[derive(Serialize)]
struct SyncJson<'a> {
    plan: &'a SyncPlan,
    outcome: Option<&'a Outcome>,
}

fn people(list: &[SyncPerson]) -> String {
    list.iter()
        .map(|p| match (p.row, &p.name) {
            (Some(row), Some(name)) => format!("    row {row}  {}  {name}", p.phone),
            (Some(row), None) => format!("    row {row}  {}", p.phone),
            _ => format!("    {}", p.phone),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn describe(plan: &SyncPlan) -> String {
    let mut out = format!(
        "Group \"{}\" (run {}, {}): {} new in the file, {} already in, {} in the group but not in the file.",
        plan.group_name,
        plan.job,
        plan.provider.display_name(),
        plan.to_add.len(),
        plan.already_in.len(),
        plan.missing.len()
    );
    if !plan.to_add.is_empty() {
        out.push_str(&format!("\nTo add:\n{}", people(&plan.to_add)));
    }
    if !plan.missing.is_empty() {
        out.push_str(&format!(
            "\nIn the group but not in the file (GroupDrop removes nobody; remove them in WhatsApp if they left):\n{}",
            people(&plan.missing)
        ));
    }
    if plan.hidden > 0 {
        out.push_str(&format!(
            "\n{} member(s) WhatsApp shows only by a hidden id: whether they are in the file cannot be told.",
            plan.hidden
        ));
    }
    if plan.import_rejected > 0 {
        out.push_str(&format!(
            "\n{} row(s) of the file could not be used (see `groupdrop-cli import`).",
            plan.import_rejected
        ));
    }
    out
}

pub fn run(args: SyncArgs) -> Result {
    let session = open()?;
    let report = args.file.import(&session, None)?;
    let rt = runtime()?;
    let planned =
        rt.block_on(session.sync_plan(args.job, &report, ResumeFrom::SavedOrEnvironment))?;
    let text = describe(&planned.plan);
    let print = |outcome: Option<&Outcome>| -> Result {
        if args.json {
            let value = serde_json::to_string(&SyncJson {
                plan: &planned.plan,
                outcome,
            })
            .map_err(|e| other("could not write the result", e))?;
            let mut out = std::io::stdout().lock();
            writeln!(out, "{value}").map_err(|e| other("could not write the result", e))?;
        }
        Ok(())
    };
    if planned.plan.to_add.is_empty() {
        if !args.json {
            println!("{text}\nNobody is new: nothing to send.");
        }
        return print(None);
    }
    if !args.yes {
        eprintln!("{text}");
        if !confirm_with(&format!(
            "Add the {} new people now? [y/N] ",
            planned.plan.to_add.len()
        ))? {
            return Err(Failure::new(
                Exit::Other,
                "cancelled: nothing was sent. Answer y to add them, or add --yes.",
            ));
        }
    } else if !args.json {
        println!("{text}");
    }
    let Some(started) = session.sync_start(&planned)? else {
        return print(None);
    };
    if !args.json {
        println!(
            "Run {} started. If it is interrupted, continue it with `groupdrop-cli resume {}`.",
            started.run(),
            started.run()
        );
    }
    let outcomes = rt.block_on(run_parts(
        &session,
        &planned.conn,
        &started,
        args.pacing.settings(),
        args.json,
    ))?;
    let outcome = outcomes.first();
    print(outcome)?;
    if !args.json {
        if let Some(o) = outcome {
            println!("{}", crate::jobs::render_outcome(o));
        }
    }
    match outcome {
        Some(o) if !o.status.is_finished() => {
            Err(Failure::unfinished(o, crate::jobs::failure_line(o)))
        }
        _ => Ok(()),
    }
}
