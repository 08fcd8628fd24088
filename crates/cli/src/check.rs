//! `groupdrop-cli check`: "Check numbers on WhatsApp" without a window. Per number: on WhatsApp
//! (with the number as WhatsApp registered it), not on WhatsApp, or unknown (with why). The cost
//! goes to stderr first; with `--json`, stdout holds exactly the report.

use crate::failure::Result;
use crate::file_args::FileArgs;
use crate::jobs::{connect, open, other, parse_provider, runtime};
use clap::Args;
use groupdrop_core::flow::{self, CheckCost, CheckReport, CheckStatus, ProviderKind};

#[derive(Args)]
pub struct CheckArgs {
    /// 2chat, zapi or practice (EazyBe offers no number check).
    #[arg(long, value_parser = parse_provider)]
    pub provider: Option<ProviderKind>,
    #[command(flatten)]
    pub file: FileArgs,
    /// A saved account instead of the GROUPDROP_* environment variables.
    #[arg(long)]
    pub account: Option<String>,
    /// Print the per-number result as JSON on stdout.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: CheckArgs) -> Result {
    let session = open()?;
    let conn = connect(&session, &args.account, args.provider)?;
    let report = args.file.import(&session, None)?;
    let rt = runtime()?;
    let cost = rt.block_on(session.check_cost(&conn, &report))?;
    eprintln!("{}", cost_line(&cost));
    let checked = rt.block_on(session.check_numbers(&conn, &report))?;
    if args.json {
        let value =
            serde_json::to_string(&checked).map_err(|e| other("could not write the result", e))?;
        println!("{value}");
    } else {
        for n in &checked.numbers {
            println!("{}", number_line(n));
        }
        println!("{}", summary_line(&checked));
    }
    Ok(())
}

/// "Checking 12 numbers with Z-API: 2 from earlier checks (free), 10 to ask in 1 call, about 0 s."
pub fn cost_line(c: &CheckCost) -> String {
    let provider = c.provider.display_name();
    if !c.offered {
        return c
            .why_not
            .clone()
            .unwrap_or_else(|| format!("{provider} offers no number check."));
    }
    let mut line = format!(
        "Checking {} with {provider}: {} from earlier checks (free), {} to ask in {} {}, about {}.",
        count(c.numbers, "number"),
        c.cached,
        c.to_ask,
        c.calls,
        if c.calls == 1 { "call" } else { "calls" },
        duration(c.estimated_secs)
    );
    if let Some(left) = c.remaining {
        line.push_str(&format!(" The account has {left} checks left in total"));
        if c.beyond_cap > 0 {
            line.push_str(&format!(
                "; {} will stay unknown",
                count(c.beyond_cap, "number")
            ));
        }
        line.push('.');
    }
    line
}

/// "3 on WhatsApp, 1 not on WhatsApp, 1 unknown (2 from earlier checks, 3 asked)."
pub fn summary_line(r: &CheckReport) -> String {
    format!(
        "{} on WhatsApp, {} not on WhatsApp, {} unknown ({} from earlier checks, {} asked).",
        r.on_whatsapp, r.not_on_whatsapp, r.unknown, r.cached, r.asked
    )
}

fn number_line(n: &flow::CheckedNumber) -> String {
    let row = n.row.map(|r| format!("row {r}: ")).unwrap_or_default();
    let what = match n.status {
        CheckStatus::OnWhatsapp => match n.whatsapp_id.as_deref() {
            Some(id) if id != n.phone => format!("on WhatsApp as {id}"),
            _ => "on WhatsApp".to_string(),
        },
        CheckStatus::NotOnWhatsapp => "not on WhatsApp".to_string(),
        CheckStatus::Unknown => {
            format!("unknown ({})", n.reason.as_deref().unwrap_or("not checked"))
        }
    };
    let cached = match (n.cached, n.checked_at_ms) {
        (true, Some(at)) => format!(" [earlier check, {}]", age(at)),
        (true, None) => " [earlier check]".to_string(),
        _ => String::new(),
    };
    format!("{row}{}  {what}{cached}", n.phone)
}

/// How long ago a Unix-ms moment was, roughly: "5 min ago", "3 h ago", "2 days ago".
fn age(at_ms: f64) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as f64)
        .unwrap_or(at_ms);
    let secs = ((now - at_ms) / 1000.0).max(0.0) as u64;
    match secs {
        0..=59 => "just now".into(),
        60..=3599 => format!("{} min ago", secs / 60),
        3600..=86_399 => format!("{} h ago", secs / 3600),
        _ => format!("{} days ago", secs / 86_400),
    }
}

fn count(n: u32, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

fn duration(secs: u32) -> String {
    match secs {
        0..=59 => format!("{secs} s"),
        _ => format!("{} min {} s", secs / 60, secs % 60),
    }
}
