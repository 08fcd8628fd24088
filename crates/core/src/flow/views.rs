//! The history as the shells show it: the run list and one run in full, as plain data the UI
//! renders in the user's language and the CLI in English.

use super::Session;
use crate::error::Result;
use crate::outcome::{JobStatus, OutcomeMember, OutcomeRejection, RejectStage};
use groupdrop_contacts::RejectCode;
use groupdrop_providers::ProviderKind;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// One line of the run list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct HistoryRow {
    pub id: u32,
    pub provider: ProviderKind,
    pub account_label: String,
    pub group_name: String,
    pub status: JobStatus,
    /// Unix milliseconds (a JS `Date` takes them as they are).
    pub started_at_ms: f64,
    pub added: u32,
    pub invited: u32,
    /// Handed over without per-number confirmation (EazyBe): shown as they are, never as 0.
    pub sent: u32,
    /// Import- and provider-side together.
    pub rejected: u32,
    /// Not settled yet (an unfinished run).
    pub pending: u32,
    /// Unfinished: Resume continues it.
    pub resumable: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct GroupView {
    pub name: String,
    pub id: Option<String>,
    pub invite_link: Option<String>,
    /// E.g. "EazyBe gives no invite link", or why the run stopped (English: "details").
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct MemberRow {
    pub phone: String,
    pub row: Option<u32>,
    pub name: Option<String>,
    pub reason: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RejectedMember {
    pub stage: RejectStage,
    /// The number (provider-side, own number), or `None` for an import row that never became one.
    pub phone: Option<String>,
    /// What the file said (import-side).
    pub input: Option<String>,
    pub row: Option<u32>,
    pub name: Option<String>,
    /// English; the UI words import-side reasons from `code` in its own language.
    pub reason: String,
    /// Import-side: the importer's stable code, so the Result screen can translate the reason.
    pub code: Option<RejectCode>,
    /// A number the plan took out: why, stably, so the Result words it in the user's language.
    pub plan_code: Option<PlanCode>,
    /// The country the reason is about.
    pub reason_country: Option<String>,
}

/// Why the plan took a number out (see `crate::plan::OWN_NUMBER` and its siblings).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum PlanCode {
    /// The account's own number.
    OwnNumber,
    /// A number check said it is not on WhatsApp.
    NotOnWhatsapp,
    /// "One group per…": no value in the column, so it joins no group.
    NoGroup,
}

/// One run in full, for the Result screen and `groupdrop-cli show`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct JobResult {
    pub id: u32,
    pub provider: ProviderKind,
    pub account_label: String,
    pub status: JobStatus,
    pub started_at_ms: f64,
    pub group: GroupView,
    pub added: Vec<MemberRow>,
    pub invited: Vec<MemberRow>,
    /// Handed over, but the provider gives no per-number confirmation (EazyBe).
    pub sent: Vec<MemberRow>,
    pub rejected: Vec<RejectedMember>,
    /// Numbers not yet settled (an unfinished run).
    pub pending: u32,
    pub resumable: bool,
    /// "Set up after create": each step asked for, done / failed / not offered / skipped.
    pub setup: Vec<crate::outcome::SetupStep>,
    /// Every group of the run this job is part of (a split or "one group per…" list), this one
    /// included, in order; empty for a one-group run.
    pub parts: Vec<PartView>,
}

/// One group of a many-group run, for the Result's list of groups and "Export links".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PartView {
    /// Its own run number (opens its full result).
    pub id: u32,
    pub name: String,
    pub status: JobStatus,
    pub invite_link: Option<String>,
    pub added: u32,
    pub invited: u32,
    pub sent: u32,
    pub rejected: u32,
    pub pending: u32,
}

fn row_u32(row: Option<u64>) -> Option<u32> {
    row.and_then(|r| u32::try_from(r).ok())
}

fn member(m: OutcomeMember) -> MemberRow {
    MemberRow {
        phone: m.phone,
        row: row_u32(m.row),
        name: m.name,
        reason: m.reason,
    }
}

fn rejected(r: OutcomeRejection) -> RejectedMember {
    let parse = |c: &String| serde_json::from_value(serde_json::Value::String(c.clone())).ok();
    RejectedMember {
        plan_code: r.code.as_ref().and_then(parse),
        stage: r.stage,
        phone: r.phone,
        input: r.input,
        row: row_u32(r.row),
        name: r.name,
        reason: r.reason,
        code: r
            .code
            .and_then(|c| serde_json::from_value(serde_json::Value::String(c)).ok()),
        reason_country: r.reason_country,
    }
}

/// One group of a run, as the Result's list and "Export links" show it.
fn part_view(id: i64, o: crate::outcome::Outcome) -> PartView {
    PartView {
        id: super::run::to_u32(id),
        name: o.group.name,
        status: o.status,
        invite_link: o.group.invite_link,
        added: o.added.len() as u32,
        invited: o.invited.len() as u32,
        sent: o.sent.len() as u32,
        rejected: o.rejected.len() as u32,
        pending: o.pending.len() as u32,
    }
}

/// Resume is offered for an unfinished run that nobody is working on.
fn resumable(status: JobStatus) -> bool {
    status.is_resumable() && status != JobStatus::Running
}

impl Session {
    /// Runs, newest first; `search` narrows by group name.
    #[tracing::instrument(skip(self), err(level = "info"))]
    pub fn list_history(&self, search: Option<&str>, limit: usize) -> Result<Vec<HistoryRow>> {
        let search = search.map(str::trim).filter(|s| !s.is_empty());
        Ok(self
            .history
            .list(search, limit)?
            .into_iter()
            .map(|s| HistoryRow {
                id: super::run::to_u32(s.job),
                provider: s.provider,
                account_label: s.account,
                group_name: s.group_name,
                status: s.status,
                started_at_ms: s.created_at as f64,
                added: s.counts.added,
                invited: s.counts.invited,
                sent: s.counts.sent,
                rejected: s.counts.rejected + s.import_rejected,
                pending: s.counts.pending,
                resumable: resumable(s.status),
            })
            .collect())
    }

    /// One run in full.
    #[tracing::instrument(skip(self), err(level = "info"))]
    pub fn show(&self, job: i64) -> Result<JobResult> {
        let record = self.history.job(job)?;
        let outcome = self.history.outcome(job)?;
        let parts = match record.options.part {
            Some(_) => self.parts_of(job)?,
            None => Vec::new(),
        };
        Ok(JobResult {
            id: super::run::to_u32(job),
            provider: outcome.provider,
            account_label: record.account_label,
            status: outcome.status,
            started_at_ms: record.created_at as f64,
            group: GroupView {
                name: outcome.group.name,
                id: outcome.group.id,
                invite_link: outcome.group.invite_link,
                note: outcome.group.note,
            },
            added: outcome.added.into_iter().map(member).collect(),
            invited: outcome.invited.into_iter().map(member).collect(),
            sent: outcome.sent.into_iter().map(member).collect(),
            pending: outcome.pending.len() as u32,
            rejected: outcome.rejected.into_iter().map(rejected).collect(),
            resumable: resumable(outcome.status),
            setup: outcome.setup,
            parts,
        })
    }

    /// Every group of `job`'s run with its link and counts.
    pub fn parts_of(&self, job: i64) -> Result<Vec<PartView>> {
        self.run_parts(job)?
            .into_iter()
            .map(|id| Ok(part_view(id, self.history.outcome(id)?)))
            .collect()
    }

    /// "Export links": every group of `job`'s run with its invite link and counts, as a file
    /// Excel opens in columns in any language (see [`crate::export::write_links`]) (`.csv` added
    /// when the name has no extension). Returns the path written and how many groups.
    #[tracing::instrument(skip(self), err(level = "info"))]
    pub fn export_links(&self, job: i64, path: &Path) -> Result<(PathBuf, usize)> {
        let parts = match self.history.job(job)?.options.part {
            Some(_) => self.parts_of(job)?,
            None => vec![part_view(job, self.history.outcome(job)?)],
        };
        let mut path = path.to_path_buf();
        if path.extension().is_none() {
            path.set_extension("csv");
        }
        crate::export::export_links(&parts, &path)?;
        Ok((path, parts.len()))
    }

    /// Writes run `job`'s rejected numbers (import- and provider-side) to `path` as formula-safe
    /// CSV (`.csv` added when the name has no extension). Returns the path written and how many
    /// rows.
    #[tracing::instrument(skip(self), err(level = "info"))]
    pub fn export_rejected(&self, job: i64, path: &Path) -> Result<(PathBuf, usize)> {
        let outcome = self.history.outcome(job)?;
        let mut path = path.to_path_buf();
        if path.extension().is_none() {
            path.set_extension("csv");
        }
        let n = crate::export::export_rejected(&outcome, &path)?;
        Ok((path, n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_code(code: &str) -> RejectedMember {
        rejected(OutcomeRejection {
            phone: Some("+5511987650001".into()),
            input: None,
            row: Some(7),
            name: None,
            stage: RejectStage::Import,
            reason: "English reason".into(),
            code: Some(code.into()),
            reason_country: None,
        })
    }

    #[test]
    fn import_and_plan_codes_reach_the_ui_each_in_its_own_field() {
        let r = with_code("too_short");
        assert_eq!(r.code, Some(RejectCode::TooShort));
        assert_eq!(r.plan_code, None);
        for (code, plan) in [
            ("own_number", PlanCode::OwnNumber),
            ("not_on_whatsapp", PlanCode::NotOnWhatsapp),
            ("no_group", PlanCode::NoGroup),
        ] {
            let r = with_code(code);
            assert_eq!(r.plan_code, Some(plan), "{code}");
            assert_eq!(r.code, None, "{code}");
        }
        // The codes the planner writes are the ones this enum reads.
        for code in [
            crate::plan::OWN_NUMBER,
            crate::plan::NOT_ON_WHATSAPP,
            crate::plan::NO_GROUP,
        ] {
            assert!(with_code(code).plan_code.is_some(), "{code}");
        }
    }
}
