//! `groupdrop-cli create|history|show|resume|export`: the app's flow without a window, on the
//! same core (plan, journaled engine, history) and the same data dir.
//!
//! Output contract: with `--json`, stdout holds exactly one JSON value once a run exists (an
//! outcome object, or an array of them when `--split` made several groups) and nothing else.
//! Without `--json`, stdout is for people: the plan, progress, the result. The y/N question
//! (and the preview it asks about) goes to stderr, as prompts do.
//! Exit 0 when every group exists and every number has its final outcome (done or partial);
//! otherwise exit 1 with one line on stderr saying what happened and what to do (logs, when
//! asked for with RUST_LOG, also go to stderr).

mod credentials;
mod render;

use clap::Args;
use groupdrop_core::export::export_rejected;
use groupdrop_core::history::{History, NewJob};
use groupdrop_core::job::{Engine, EngineConfig, Progress};
use groupdrop_core::outcome::Outcome;
use groupdrop_core::pacing::PacingSettings;
use groupdrop_core::plan::{Plan, PlanInput, PlanOptions};
use groupdrop_core::{paths, CancelToken};
use groupdrop_providers::{AnyProvider, Provider, ProviderKind};
use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use crate::failure::{Exit, Failure};

#[derive(Args)]
pub struct CreateArgs {
    /// eazybe, 2chat, zapi or practice (practice needs no account and creates nothing real).
    #[arg(long, value_parser = parse_provider)]
    pub provider: Option<ProviderKind>,
    /// The group's name (at most 100 characters).
    #[arg(long)]
    pub name: String,
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
    /// Z-API: send a private invite to those who cannot be added directly.
    #[arg(long)]
    pub auto_invite: bool,
    /// EazyBe: create the group when no group has this name (otherwise add to the existing one).
    #[arg(long)]
    pub create_if_missing: bool,
    /// Over 1023 numbers: make "Name (1)", "Name (2)", ... instead of refusing.
    #[arg(long)]
    pub split: bool,
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
    fn settings(self) -> PacingSettings {
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
    #[arg(long, value_name = "FILE.csv")]
    pub rejected: PathBuf,
}

fn parse_provider(s: &str) -> Result<ProviderKind, String> {
    s.parse()
}

fn open_history() -> Result<(History, PathBuf), Failure> {
    let dir = paths::data_dir()?;
    let history = History::open(&paths::history_db(&dir))?;
    Ok((history, dir))
}

fn runtime() -> Result<tokio::runtime::Runtime, Failure> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::new(Exit::Other, format!("could not start: {e}")))
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

pub fn create(args: CreateArgs) -> Result<ExitCode, Failure> {
    init_logging();
    let (history, data_dir) = open_history()?;
    let resolved =
        credentials::for_create(&history, &data_dir, args.provider, args.account.as_deref())?;
    let provider = AnyProvider::from_config(resolved.config)?;
    let kind = provider.kind();

    let country = args
        .country
        .clone()
        .or_else(groupdrop_contacts::default_country_from_locale);
    let report = groupdrop_contacts::import_path(
        &args.contacts,
        &groupdrop_contacts::ImportOptions {
            country,
            column: args.column.clone(),
            sheet: args.sheet.clone(),
        },
    )?;

    let rt = runtime()?;
    // "Test connection" before anything is written: a wrong key fails here, with no job left
    // behind, and the account's own number is learned so it is never added.
    let check = rt.block_on(provider.check())?;
    let plan = Plan::build(
        kind,
        &provider.limits(),
        PlanInput::from(&report),
        &PlanOptions {
            name: args.name.clone(),
            auto_invite: args.auto_invite,
            create_if_missing: args.create_if_missing,
            split: args.split,
            own_number: check.own_number.clone(),
        },
    )?;

    let preview = render::preview(&plan, &resolved.label, kind, &report.file);
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

    let mut ids = Vec::new();
    for (i, part) in plan.parts.iter().enumerate() {
        let first = i == 0;
        let id = history.create_job(&NewJob {
            provider: kind,
            account_id: resolved.account_id,
            account_label: &resolved.label,
            part,
            import_rejections: if first { &plan.import_rejections } else { &[] },
            plan_rejections: if first { &plan.plan_rejections } else { &[] },
            source: Some(&report.file),
        })?;
        ids.push(id);
    }
    if !args.json {
        println!(
            "Run {} started. If it is interrupted, continue it with `groupdrop-cli resume {}`.",
            render::ids(&ids),
            ids[0]
        );
    }
    let outcomes = rt.block_on(run_jobs(
        &history,
        &provider,
        &ids,
        resolved.redactor,
        args.json,
        args.pacing.settings(),
    ))?;
    finish(&outcomes, args.json)
}

pub fn resume(args: ResumeArgs) -> Result<ExitCode, Failure> {
    init_logging();
    let (history, data_dir) = open_history()?;
    let job = history.job(args.job)?;
    let status = history.effective_status(&job);
    if status.is_finished() {
        let outcome = history.outcome(args.job)?;
        if !args.json {
            println!("Run {} had already finished; nothing to do.", args.job);
        }
        return finish(&[outcome], args.json);
    }
    let resolved = credentials::for_job(&history, &data_dir, &job)?;
    let provider = AnyProvider::from_config(resolved.config)?;
    let rt = runtime()?;
    let outcomes = rt.block_on(run_jobs(
        &history,
        &provider,
        &[args.job],
        resolved.redactor,
        args.json,
        args.pacing.settings(),
    ))?;
    finish(&outcomes, args.json)
}

/// Runs the jobs one after another; stops at the first that does not finish (the others stay
/// planned and resumable).
async fn run_jobs(
    history: &History,
    provider: &AnyProvider,
    ids: &[i64],
    redactor: groupdrop_core::redact::Redactor,
    json: bool,
    pacing: PacingSettings,
) -> Result<Vec<Outcome>, Failure> {
    let cancel = CancelToken::new();
    let on_ctrl_c = cancel.clone();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            eprintln!("Stopping after the current call (the run stays resumable)...");
            on_ctrl_c.cancel();
        }
    });
    let show_progress = !json;
    let sink = move |p: &Progress| {
        if show_progress {
            if let Some(line) = render::progress(p) {
                println!("{line}");
            }
        }
    };
    let mut outcomes = Vec::new();
    for &id in ids {
        let outcome = Engine::new(history, provider)
            .with_config(EngineConfig::from_env_with(pacing))
            .with_redactor(redactor.clone())
            .with_cancel(cancel.clone())
            .with_progress(&sink)
            .run(id)
            .await?;
        let stop = !outcome.status.is_finished();
        outcomes.push(outcome);
        if stop {
            break;
        }
    }
    Ok(outcomes)
}

/// Prints the result(s) and picks the exit status.
fn finish(outcomes: &[Outcome], json: bool) -> Result<ExitCode, Failure> {
    if json {
        // Straight from the structs (not via `Value`) so keys keep the documented order.
        let value = if outcomes.len() == 1 {
            serde_json::to_string(&outcomes[0])
        } else {
            serde_json::to_string(outcomes)
        }
        .map_err(|e| Failure::new(Exit::Other, format!("could not write the result: {e}")))?;
        let mut out = std::io::stdout().lock();
        writeln!(out, "{value}")
            .map_err(|e| Failure::new(Exit::Other, format!("could not write the result: {e}")))?;
    } else {
        for o in outcomes {
            println!("{}", render::outcome(o));
        }
    }
    match outcomes.iter().find(|o| !o.status.is_finished()) {
        None => Ok(ExitCode::SUCCESS),
        Some(o) => Err(Failure::unfinished(o, render::failure_line(o))),
    }
}

/// Asks on stderr, reads one line from stdin. End of input counts as "no".
fn confirm() -> Result<bool, Failure> {
    eprint!("Create it now? [y/N] ");
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| Failure::new(Exit::Other, format!("could not read the answer: {e}")))?;
    if !std::io::stdin().is_terminal() {
        // Nobody typed a newline: end the prompt line ourselves.
        eprintln!();
    }
    Ok(matches!(
        line.trim().to_ascii_lowercase().as_str(),
        "y" | "yes"
    ))
}

pub fn history(args: HistoryArgs) -> Result<ExitCode, Failure> {
    init_logging();
    let (history, _) = open_history()?;
    let list = history.list(args.search.as_deref(), args.limit)?;
    if args.json {
        let value =
            serde_json::to_string(&list).map_err(|e| Failure::new(Exit::Other, e.to_string()))?;
        println!("{value}");
    } else {
        print!("{}", render::history(&list, args.search.as_deref()));
    }
    Ok(ExitCode::SUCCESS)
}

pub fn show(args: ShowArgs) -> Result<ExitCode, Failure> {
    init_logging();
    let (history, _) = open_history()?;
    let outcome = history.outcome(args.job)?;
    if args.json {
        let value = serde_json::to_string(&outcome)
            .map_err(|e| Failure::new(Exit::Other, e.to_string()))?;
        println!("{value}");
    } else {
        let job = history.job(args.job)?;
        println!("{}", render::job_header(&job));
        println!("{}", render::outcome(&outcome));
        if args.calls {
            print!("{}", render::calls(&history.calls(args.job)?));
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn export(args: ExportArgs) -> Result<ExitCode, Failure> {
    init_logging();
    let (history, _) = open_history()?;
    let outcome = history.outcome(args.job)?;
    let n = export_rejected(&outcome, &args.rejected)?;
    let what = if n == 1 { "number" } else { "numbers" };
    println!(
        "Wrote {n} rejected {what} of run {} to {}.",
        args.job,
        args.rejected.display()
    );
    Ok(ExitCode::SUCCESS)
}
