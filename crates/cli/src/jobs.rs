//! `groupdrop-cli create|history|show|resume|export`: the app's flow without a window, on the
//! same core (plan, journaled engine, history) and the same data dir.
//!
//! Output contract: with `--json`, stdout holds exactly one JSON value once a run exists (an
//! outcome object, or an array of them when `--split` made several groups) and nothing else.
//! Without `--json`, stdout is for people: the plan, progress, the result. The y/N question
//! (and the preview it asks about) goes to stderr, as prompts do.
//! Exit 0 when every group exists and every number has its final outcome (done or partial);
//! otherwise one line on stderr saying what happened and what to do, and a status per kind of
//! failure (`failure::Exit`). Logs, when asked for with RUST_LOG, also go to stderr.

mod render;

use crate::failure::{Exit, Failure, Result};
use crate::file_args::FileArgs;
use clap::Args;
use groupdrop_core::flow::{
    self, AccountChoice, CancelToken, Outcome, PacingSettings, PlanRequest, ProviderKind, Resume,
    ResumeFrom, RunProgress, Session, SetupRequest, Started,
};
use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;

#[derive(Args)]
pub struct CreateArgs {
    /// eazybe, 2chat, zapi or practice (practice needs no account and creates nothing real).
    #[arg(long, value_parser = parse_provider)]
    pub provider: Option<ProviderKind>,
    /// The group's name (at most 100 characters). With --group-by, the pattern every group's
    /// name is made from: {value} stands for the column's value ("{value} parents 2026").
    #[arg(long)]
    pub name: String,
    /// Make one group per value of this column (header name or letter), e.g. --group-by Class.
    /// A person on several rows joins each of their rows' groups; rows with no value join none
    /// and are listed.
    #[arg(long, value_name = "COLUMN")]
    pub group_by: Option<String>,
    /// With --group-by: one group's own name instead of the pattern, as VALUE=NAME
    /// (repeatable), e.g. --group-name "5A=Class 5A parents (Ms Rao)".
    #[arg(long, value_name = "VALUE=NAME", requires = "group_by", value_parser = parse_group_name)]
    pub group_name: Vec<(String, String)>,
    #[command(flatten)]
    pub file: FileArgs,
    /// Z-API: send a private invite to those who cannot be added directly.
    #[arg(long)]
    pub auto_invite: bool,
    /// EazyBe: create the group when no group has this name (otherwise add to the existing one).
    #[arg(long)]
    pub create_if_missing: bool,
    /// Over 1023 numbers: make "Name (1)", "Name (2)", ... instead of refusing.
    #[arg(long)]
    pub split: bool,
    /// Set the group's description after creating it (2Chat: with the create; EazyBe: not
    /// offered).
    #[arg(long, value_name = "TEXT")]
    pub description: Option<String>,
    /// Make this number a group admin once it is in the group (repeatable; read with the same
    /// country as the contact file). It must be in the contact file: an admin who is not in the
    /// group is reported, not added. Z-API (and the practice provider) only.
    #[arg(long = "admin", value_name = "NUMBER")]
    pub admins: Vec<String>,
    /// Only admins can send messages. Z-API (and the practice provider) only.
    #[arg(long)]
    pub admins_only: bool,
    /// Only admins can edit the group's info. Z-API (and the practice provider) only.
    #[arg(long)]
    pub admins_only_edit: bool,
    /// First check which numbers are on WhatsApp (Z-API, 2Chat, practice) and leave out those
    /// that are not; Brazilian numbers are sent as WhatsApp registered them.
    #[arg(long)]
    pub check: bool,
    /// Do not ask before creating.
    #[arg(long)]
    pub yes: bool,
    /// Print the result as JSON on stdout.
    #[arg(long)]
    pub json: bool,
    /// A saved account (from the app's Accounts screen; secrets in the system keyring) instead of
    /// the GROUPDROP_* environment variables.
    #[arg(long)]
    pub account: Option<String>,
    #[command(flatten)]
    pub pacing: PacingArgs,
}

/// The pacing that keeps a business number from being banned (see the README). Defaults:
/// 5 minutes between group creations, 3–10 s between adds, 10 groups a day per account.
/// `GROUPDROP_PACING_MS` (test servers) replaces every wait.
#[derive(Args, Clone, Copy)]
pub struct PacingArgs {
    /// Minutes between two group creations from the same number.
    #[arg(long, value_name = "MINUTES")]
    pub creation_spacing: Option<u32>,
    /// Most groups one account may create in 24 hours (0: no limit).
    #[arg(long, value_name = "GROUPS")]
    pub daily_limit: Option<u32>,
}

impl PacingArgs {
    pub(crate) fn settings(self) -> PacingSettings {
        let mut s = PacingSettings::default();
        if let Some(m) = self.creation_spacing {
            s.creation_spacing_ms = m.saturating_mul(60_000);
        }
        if let Some(d) = self.daily_limit {
            s.daily_creation_limit = d;
        }
        s
    }
}

#[derive(Args)]
pub struct HistoryArgs {
    /// Only runs whose group name contains this text.
    #[arg(long)]
    pub search: Option<String>,
    /// At most this many runs.
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct ShowArgs {
    /// The run number (see `groupdrop-cli history`).
    pub job: i64,
    #[arg(long)]
    pub json: bool,
    /// Also list every provider call the run made.
    #[arg(long)]
    pub calls: bool,
}

#[derive(Args)]
pub struct ResumeArgs {
    /// The run number (see `groupdrop-cli history`).
    pub job: i64,
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub pacing: PacingArgs,
}

#[derive(Args)]
pub struct ExportArgs {
    /// The run number (see `groupdrop-cli history`).
    pub job: i64,
    /// Where to write the rejected numbers (CSV, safe to open in a spreadsheet).
    #[arg(long, value_name = "FILE.csv", required_unless_present = "links")]
    pub rejected: Option<PathBuf>,
    /// Where to write every group of the run with its invite link and member count (CSV:
    /// group, link, members), e.g. for a run made with --group-by.
    #[arg(long, value_name = "FILE.csv")]
    pub links: Option<PathBuf>,
}

fn parse_group_name(s: &str) -> std::result::Result<(String, String), String> {
    match s.split_once('=') {
        Some((value, name)) if !value.trim().is_empty() => {
            Ok((value.trim().to_string(), name.trim().to_string()))
        }
        _ => Err(format!(
            "\"{s}\" is not VALUE=NAME: write the column's value, an equals sign and the group's name, e.g. \"5A=Class 5A parents\""
        )),
    }
}

pub(crate) fn parse_provider(s: &str) -> std::result::Result<ProviderKind, String> {
    s.parse()
}

pub(crate) fn other(what: &str, e: impl std::fmt::Display) -> Failure {
    Failure::new(Exit::Other, format!("{what}: {e}"))
}

pub(crate) fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| other("could not start", e))
}

/// Logs go to stderr, filtered by RUST_LOG (default: warnings only).
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_target(true)
        .try_init();
}

pub(crate) fn open() -> Result<Session> {
    init_logging();
    Ok(Session::open_default()?)
}

/// `--account NAME`, else `--provider KIND` from the environment.
fn account_choice(
    account: &Option<String>,
    provider: Option<ProviderKind>,
) -> Result<AccountChoice> {
    match (account, provider) {
        (Some(label), _) => Ok(AccountChoice::Named(label.clone())),
        (None, Some(kind)) => Ok(AccountChoice::Environment(kind)),
        (None, None) => Err(Failure::new(
            Exit::BadInput,
            "say which provider to use: --provider eazybe, 2chat, zapi or practice (or a saved account with --account NAME)",
        )),
    }
}

/// The account `--account`/`--provider` name, refusing a saved account of another provider.
pub(crate) fn connect(
    session: &Session,
    account: &Option<String>,
    provider: Option<ProviderKind>,
) -> Result<flow::Connection> {
    let conn = session.connect(&account_choice(account, provider)?)?;
    if let Some(kind) = provider.filter(|k| *k != conn.kind) {
        return Err(Failure::new(
            Exit::BadInput,
            format!(
                "the account \"{}\" is a {} account, but --provider says {}. Drop --provider or choose another account.",
                conn.label,
                conn.kind.display_name(),
                kind.display_name()
            ),
        ));
    }
    Ok(conn)
}

pub fn create(args: CreateArgs) -> Result {
    let session = open()?;
    let conn = connect(&session, &args.account, args.provider)?;
    let report = args.file.import(&session, args.group_by.clone())?;
    let rt = runtime()?;
    // `--check`: ask first which numbers are on WhatsApp; those that are not are never sent.
    let checked = if args.check {
        let cost = rt.block_on(session.check_cost(&conn, &report))?;
        eprintln!("{}", crate::check::cost_line(&cost));
        let checked = rt.block_on(session.check_numbers(&conn, &report))?;
        if !args.json {
            println!("{}", crate::check::summary_line(&checked));
        }
        Some(checked)
    } else {
        None
    };
    // The connection check comes first (a wrong key fails here, with no run left behind) and
    // yields the account's own number, which the plan leaves out.
    let planned = rt.block_on(session.plan_checked(
        &conn,
        &report,
        &PlanRequest {
            name: args.name.clone(),
            auto_invite: args.auto_invite,
            create_if_missing: args.create_if_missing,
            split: args.split,
            group_names: args.group_name.iter().cloned().collect(),
            setup: SetupRequest {
                description: args.description.clone(),
                admins: args.admins.clone(),
                admins_only_messages: args.admins_only,
                admins_only_settings: args.admins_only_edit,
            },
        },
        checked.as_ref(),
    ))?;

    let mut preview = render::preview(&planned.plan, &conn.label, conn.kind, &report.file);
    if let Some(part) = planned.plan.parts.first() {
        preview.push_str(&render::setup_preview(
            &part.options.setup,
            &conn.setup_capabilities(),
        ));
    }
    if !args.yes {
        eprintln!("{preview}");
        if !confirm()? {
            return Err(Failure::new(
                Exit::Other,
                "cancelled: nothing was sent. Answer y to create the group, or add --yes.",
            ));
        }
    } else if !args.json {
        println!("{preview}");
    }

    let started = session.start(&conn, &planned)?;
    if !args.json {
        println!(
            "Run {} started. If it is interrupted, continue it with `groupdrop-cli resume {}`.",
            render::ids(&started.ids),
            started.run()
        );
    }
    let outcomes = rt.block_on(run_parts(
        &session,
        &conn,
        &started,
        args.pacing.settings(),
        args.json,
    ))?;
    let list = args.group_by.is_some() || outcomes.len() > 1;
    finish_as(&outcomes, args.json, list)
}

pub fn resume(args: ResumeArgs) -> Result {
    let session = open()?;
    match session.resume(args.job, ResumeFrom::SavedOrEnvironment)? {
        Resume::Finished(outcome) => {
            if !args.json {
                println!("Run {} had already finished; nothing to do.", args.job);
            }
            finish(&[outcome], args.json)
        }
        Resume::Continue { conn, started } => {
            let rt = runtime()?;
            let outcomes = rt.block_on(run_parts(
                &session,
                &conn,
                &started,
                args.pacing.settings(),
                args.json,
            ))?;
            finish(&outcomes, args.json)
        }
    }
}

/// Runs every part; Ctrl-C stops after the call in flight (the run stays resumable).
pub(crate) async fn run_parts(
    session: &Session,
    conn: &flow::Connection,
    started: &Started,
    pacing: PacingSettings,
    json: bool,
) -> Result<Vec<Outcome>> {
    let cancel = CancelToken::new();
    let on_ctrl_c = cancel.clone();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            eprintln!("Stopping after the current call (the run stays resumable)...");
            on_ctrl_c.cancel();
        }
    });
    let observer = move |p: &RunProgress| {
        if !json {
            if let Some(line) = render::progress(p) {
                println!("{line}");
            }
        }
    };
    Ok(session
        .run(conn, started, pacing, &observer, &cancel)
        .await?)
}

/// Prints the result(s) and picks the exit status.
fn finish(outcomes: &[Outcome], json: bool) -> Result {
    finish_as(outcomes, json, outcomes.len() > 1)
}

/// [`finish`]; `list`: JSON is an array even of one outcome (`--group-by` always gives a list,
/// one per group, however many groups the file had).
fn finish_as(outcomes: &[Outcome], json: bool, list: bool) -> Result {
    if json {
        // Straight from the structs (not via `Value`) so keys keep the documented order.
        let value = if !list && outcomes.len() == 1 {
            serde_json::to_string(&outcomes[0])
        } else {
            serde_json::to_string(outcomes)
        }
        .map_err(|e| other("could not write the result", e))?;
        let mut out = std::io::stdout().lock();
        writeln!(out, "{value}").map_err(|e| other("could not write the result", e))?;
    } else {
        for o in outcomes {
            println!("{}", render::outcome(o));
        }
    }
    match outcomes.iter().find(|o| !o.status.is_finished()) {
        None => Ok(()),
        Some(o) => Err(Failure::unfinished(o, render::failure_line(o))),
    }
}

/// The result as people read it (shared with `sync`).
pub(crate) fn render_outcome(o: &Outcome) -> String {
    render::outcome(o)
}

/// The one line that says why a run did not finish and what to do.
pub(crate) fn failure_line(o: &Outcome) -> String {
    render::failure_line(o)
}

/// Asks on stderr, reads one line from stdin. End of input counts as "no".
pub(crate) fn confirm() -> Result<bool> {
    confirm_with("Create it now? [y/N] ")
}

/// Asks `question` on stderr, reads one line from stdin. End of input counts as "no".
pub(crate) fn confirm_with(question: &str) -> Result<bool> {
    eprint!("{question}");
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| other("could not read the answer", e))?;
    if !std::io::stdin().is_terminal() {
        // Nobody typed a newline: end the prompt line ourselves.
        eprintln!();
    }
    Ok(matches!(
        line.trim().to_ascii_lowercase().as_str(),
        "y" | "yes"
    ))
}

pub fn history(args: HistoryArgs) -> Result {
    let session = open()?;
    let list = session.history().list(args.search.as_deref(), args.limit)?;
    if args.json {
        let value = serde_json::to_string(&list).map_err(|e| other("could not write", e))?;
        println!("{value}");
    } else {
        print!("{}", render::history(&list, args.search.as_deref()));
    }
    Ok(())
}

pub fn show(args: ShowArgs) -> Result {
    let session = open()?;
    let history = session.history();
    let outcome = history.outcome(args.job)?;
    if args.json {
        let value = serde_json::to_string(&outcome).map_err(|e| other("could not write", e))?;
        println!("{value}");
    } else {
        let job = history.job(args.job)?;
        println!("{}", render::job_header(&job));
        println!("{}", render::outcome(&outcome));
        if args.calls {
            print!("{}", render::calls(&history.calls(args.job)?));
        }
    }
    Ok(())
}

pub fn export(args: ExportArgs) -> Result {
    let session = open()?;
    if let Some(file) = &args.rejected {
        let (path, n) = session.export_rejected(args.job, file)?;
        let what = if n == 1 { "number" } else { "numbers" };
        println!(
            "Wrote {n} rejected {what} of run {} to {}.",
            args.job,
            path.display()
        );
    }
    if let Some(file) = &args.links {
        let (path, n) = session.export_links(args.job, file)?;
        let what = if n == 1 { "group" } else { "groups" };
        println!(
            "Wrote {n} {what} of run {} with their links to {}.",
            args.job,
            path.display()
        );
    }
    Ok(())
}
