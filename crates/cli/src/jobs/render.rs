//! Text for people: the preview, progress lines, a result, the history table, the call journal.

use groupdrop_core::flow::{
    CallRecord, JobRecord, JobStatus, JobSummary, Outcome, Plan, ProviderKind, RejectStage,
    RunProgress, SetupCapability, SetupRequest, SetupStatus, SetupStep, SetupSupport, Stage,
    PRACTICE_NOTICE,
};
use std::fmt::Write;

pub fn preview(plan: &Plan, account: &str, kind: ProviderKind, file: &str) -> String {
    let mut s = String::new();
    if kind == ProviderKind::Practice {
        let _ = writeln!(s, "{PRACTICE_NOTICE}.");
    }
    let _ = writeln!(
        s,
        "From {file}, with {} (account \"{account}\"):",
        kind.display_name()
    );
    s.push_str(&plan.summary());
    s
}

/// What will be set up after the create, each step with how the provider honours it; a step the
/// provider does not offer is said so here, before anything is sent. Empty when none is asked.
pub fn setup_preview(setup: &SetupRequest, offers: &[SetupCapability]) -> String {
    let mut s = String::new();
    for step in setup.steps() {
        let how = match offers.iter().find(|o| o.step == step).map(|o| &o.support) {
            Some(SetupSupport::Call) => "after the members are added".to_string(),
            Some(SetupSupport::AtCreate) => "with the create".to_string(),
            Some(SetupSupport::NotOffered { why }) => format!("will not be set — {why}"),
            None => "will not be set".to_string(),
        };
        let _ = write!(s, "\n  {}: {how}", step.label());
    }
    if s.is_empty() {
        return s;
    }
    format!("\nSet up:{s}")
}

pub fn ids(ids: &[i64]) -> String {
    match ids {
        [one] => one.to_string(),
        [first, .., last] => format!("{first}–{last}"),
        [] => String::new(),
    }
}

pub fn progress(p: &RunProgress) -> Option<String> {
    let tally = format!(
        "{} added, {} invited, {} rejected{}",
        p.added,
        p.invited,
        p.rejected,
        if p.sent > 0 {
            format!(", {} sent", p.sent)
        } else {
            String::new()
        }
    );
    let part = if p.group_count > 1 {
        format!("group {} of {}: ", p.group_index, p.group_count)
    } else {
        String::new()
    };
    Some(match p.stage {
        Stage::Creating => format!("  {part}creating the group ({tally})"),
        Stage::LookingUp => format!("  {part}checking whether the group was created"),
        Stage::Adding => format!("  {part}batch {} of {} ({tally})", p.batch, p.batches),
        Stage::Waiting => match p.wait_seconds {
            // The creation spacing: say how long, so nobody thinks the CLI hung (Ctrl+C stops).
            Some(secs) => format!(
                "  {part}waiting {}:{:02} before creating the next group, so the number is not flagged as spam (Ctrl+C stops; resume later)",
                secs / 60,
                secs % 60
            ),
            None => format!("  {part}the provider asked to wait; retrying shortly"),
        },
        Stage::FetchingLink => format!("  {part}fetching the invite link"),
        Stage::Confirming => format!("  {part}confirming who joined"),
        Stage::SettingUp => format!("  {part}setting the group up"),
        Stage::Finished => return None,
    })
}

fn status_word(status: JobStatus) -> &'static str {
    match status {
        JobStatus::Planned => "not started",
        JobStatus::Running => "running",
        JobStatus::Unknown => "outcome unknown",
        JobStatus::Incomplete => "not finished",
        JobStatus::Done => "done",
        JobStatus::Partial => "done, some numbers rejected",
        JobStatus::Failed => "failed",
    }
}

pub fn outcome(o: &Outcome) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "Run {} · {} · {}",
        o.job,
        o.provider.display_name(),
        status_word(o.status)
    );
    if o.group_exists {
        let id = o
            .group
            .id
            .as_deref()
            .map(|id| format!(" (id {id})"))
            .unwrap_or_default();
        let _ = writeln!(s, "Group \"{}\"{id}", o.group.name);
        match &o.group.invite_link {
            Some(link) => {
                let _ = writeln!(s, "Invite link: {link}");
            }
            None => {
                let _ = writeln!(s, "No invite link.");
            }
        }
    } else {
        let _ = writeln!(s, "Group \"{}\": not created", o.group.name);
    }
    if let Some(note) = &o.group.note {
        let _ = writeln!(s, "Note: {note}");
    }
    let import = o
        .rejected
        .iter()
        .filter(|r| r.stage == RejectStage::Import)
        .count();
    let _ = write!(
        s,
        "Added: {}  Invited: {}  Rejected: {}",
        o.added.len(),
        o.invited.len(),
        o.rejected.len()
    );
    if import > 0 {
        let _ = write!(s, " ({import} by the import)");
    }
    if !o.sent.is_empty() {
        let _ = write!(s, "  Sent, not confirmed: {}", o.sent.len());
    }
    if !o.pending.is_empty() {
        let _ = write!(s, "  Not done yet: {}", o.pending.len());
    }
    s.push('\n');
    if !o.invited.is_empty() {
        s.push_str("Invited:\n");
        for m in &o.invited {
            let _ = writeln!(
                s,
                "  {}  {}  {}",
                row(m.row),
                m.phone,
                m.reason.as_deref().unwrap_or("")
            );
        }
    }
    if !o.rejected.is_empty() {
        s.push_str("Rejected:\n");
        for r in &o.rejected {
            let what = match (&r.phone, &r.input) {
                (Some(p), _) => p.clone(),
                (None, Some(i)) => format!("\"{i}\""),
                (None, None) => String::new(),
            };
            let _ = writeln!(
                s,
                "  {}  {what}  ({}) {}",
                row(r.row),
                r.stage.as_str(),
                r.reason
            );
        }
    }
    if !o.setup.is_empty() {
        s.push_str("Set up:\n");
        for step in &o.setup {
            let _ = writeln!(s, "  {}", setup_line(step, o.provider));
        }
    }
    if !o.pending.is_empty() {
        let _ = writeln!(
            s,
            "Continue with `groupdrop-cli resume {}` to settle the rest.",
            o.job
        );
    }
    s.trim_end().to_string()
}

/// "Description: done", "Admins: not offered by 2Chat: …", "Only admins can send messages:
/// failed — Z-API did not answer in time."
pub fn setup_line(step: &SetupStep, provider: ProviderKind) -> String {
    let label = step.step.label();
    let mut chars = label.chars();
    let label: String = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    let reason = step.reason.as_deref().unwrap_or("").trim();
    match step.status {
        SetupStatus::Done => format!("{label}: done"),
        SetupStatus::NotOffered if reason.is_empty() => {
            format!("{label}: not offered by {}", provider.display_name())
        }
        SetupStatus::NotOffered => format!("{label}: {reason}"),
        SetupStatus::Failed => format!("{label}: failed — {reason}"),
        SetupStatus::Skipped => format!("{label}: skipped — {reason}"),
    }
}

fn row(r: Option<u64>) -> String {
    r.map(|r| format!("row {r}")).unwrap_or_else(|| "-".into())
}

/// The one line for stderr when a run did not finish.
pub fn failure_line(o: &Outcome) -> String {
    let note = o.group.note.as_deref().unwrap_or("").trim();
    let sep = if note.is_empty() { "" } else { ": " };
    match o.status {
        JobStatus::Unknown => format!(
            "run {} — it is not known yet whether the group was created{sep}{note} (check again with `groupdrop-cli resume {}`)",
            o.job, o.job
        ),
        JobStatus::Failed => format!(
            "run {} failed, no group was created{sep}{note} (after fixing it: `groupdrop-cli resume {}`)",
            o.job, o.job
        ),
        _ => format!(
            "run {} is not finished{sep}{note} (continue with `groupdrop-cli resume {}`)",
            o.job, o.job
        ),
    }
}

pub fn history(list: &[JobSummary], search: Option<&str>) -> String {
    if list.is_empty() {
        return match search {
            Some(q) => format!("No runs with \"{q}\" in the group name.\n"),
            None => "No runs yet. Create a group with `groupdrop-cli create`.\n".into(),
        };
    }
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{:>5}  {:<16}  {:<8}  {:<28}  {:>5} {:>5} {:>5} {:>5}  group",
        "run", "started (UTC)", "provider", "status", "added", "sent", "invit", "rejec"
    );
    for j in list {
        let rejected = j.counts.rejected + j.import_rejected;
        let _ = writeln!(
            s,
            "{:>5}  {:<16}  {:<8}  {:<28}  {:>5} {:>5} {:>5} {:>5}  {}",
            j.job,
            utc(j.created_at),
            j.provider.display_name(),
            status_word(j.status),
            j.counts.added,
            j.counts.sent,
            j.counts.invited,
            rejected,
            j.group_name
        );
    }
    s
}

pub fn job_header(job: &JobRecord) -> String {
    let from = job
        .source
        .as_deref()
        .map(|f| format!(" · from {f}"))
        .unwrap_or_default();
    format!(
        "Started {} UTC · account \"{}\"{from}",
        utc(job.created_at),
        job.account_label
    )
}

pub fn calls(calls: &[CallRecord]) -> String {
    let mut s = String::from("Provider calls:\n");
    for c in calls {
        let batch = c
            .batch
            .map(|b| format!(" batch {}", b + 1))
            .unwrap_or_default();
        let _ = writeln!(
            s,
            "  #{} {} {}{batch} try {} · {:?} · {}",
            c.seq,
            time_of_day(c.started_at),
            c.kind.as_str(),
            c.attempt,
            c.state,
            c.summary.as_deref().unwrap_or("no answer recorded")
        );
    }
    s
}

/// `2026-11-24 10:31` from Unix milliseconds, without a date-time dependency.
pub fn utc(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}",
        rem / 3600,
        rem % 3600 / 60
    )
}

fn time_of_day(ms: i64) -> String {
    let rem = ms.div_euclid(1000).rem_euclid(86_400);
    format!("{:02}:{:02}:{:02}", rem / 3600, rem % 3600 / 60, rem % 60)
}

/// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_dates() {
        assert_eq!(utc(0), "1970-01-01 00:00");
        assert_eq!(utc(951_782_400_000), "2000-02-29 00:00");
        assert_eq!(utc(1_795_516_260_000), "2026-11-24 10:31");
    }
}
