//! The result of a job, as the CLI's `--json`, the app's result screen and `show` see it.

use groupdrop_providers::{MemberStatus, ProviderKind, SetupStepKind};
use serde::{Deserialize, Serialize};

/// Where a job stands. Stored as its snake_case name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum JobStatus {
    /// Written, no call made yet.
    Planned,
    /// A process is working on it now (or was killed while doing so: reads as `Incomplete` then).
    Running,
    /// A create may or may not have happened; the next resume looks before it creates again.
    Unknown,
    /// Stopped between calls (cancelled, interrupted, or an error that needs the user); resumable.
    Incomplete,
    /// The group exists and every number was added, invited or sent.
    Done,
    /// The group exists and some numbers were rejected (by the import or the provider).
    Partial,
    /// No group was created.
    Failed,
}

impl JobStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            JobStatus::Planned => "planned",
            JobStatus::Running => "running",
            JobStatus::Unknown => "unknown",
            JobStatus::Incomplete => "incomplete",
            JobStatus::Done => "done",
            JobStatus::Partial => "partial",
            JobStatus::Failed => "failed",
        }
    }

    pub fn parse(s: &str) -> Option<JobStatus> {
        Some(match s {
            "planned" => JobStatus::Planned,
            "running" => JobStatus::Running,
            "unknown" => JobStatus::Unknown,
            "incomplete" => JobStatus::Incomplete,
            "done" => JobStatus::Done,
            "partial" => JobStatus::Partial,
            "failed" => JobStatus::Failed,
            _ => return None,
        })
    }

    /// Whether `resume` has anything left to do.
    pub fn is_resumable(self) -> bool {
        !matches!(self, JobStatus::Done | JobStatus::Partial)
    }

    /// Done or partial: the group exists and every number has its final outcome.
    pub fn is_finished(self) -> bool {
        matches!(self, JobStatus::Done | JobStatus::Partial)
    }
}

/// A member's state in the job. `Pending` until a provider answer (or the plan) settles it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum MemberState {
    Pending,
    Added,
    Invited,
    Rejected,
    Sent,
}

impl MemberState {
    pub fn as_str(self) -> &'static str {
        match self {
            MemberState::Pending => "pending",
            MemberState::Added => "added",
            MemberState::Invited => "invited",
            MemberState::Rejected => "rejected",
            MemberState::Sent => "sent",
        }
    }

    pub fn parse(s: &str) -> Option<MemberState> {
        Some(match s {
            "pending" => MemberState::Pending,
            "added" => MemberState::Added,
            "invited" => MemberState::Invited,
            "rejected" => MemberState::Rejected,
            "sent" => MemberState::Sent,
            _ => return None,
        })
    }
}

impl From<MemberStatus> for MemberState {
    fn from(s: MemberStatus) -> Self {
        match s {
            MemberStatus::Added => MemberState::Added,
            MemberStatus::Invited => MemberState::Invited,
            MemberStatus::Rejected => MemberState::Rejected,
            MemberStatus::Sent => MemberState::Sent,
        }
    }
}

/// Who turned a number down: the import/plan (bad row, own number) or the provider.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum RejectStage {
    Import,
    Provider,
}

impl RejectStage {
    pub fn as_str(self) -> &'static str {
        match self {
            RejectStage::Import => "import",
            RejectStage::Provider => "provider",
        }
    }

    pub fn parse(s: &str) -> Option<RejectStage> {
        match s {
            "import" => Some(RejectStage::Import),
            "provider" => Some(RejectStage::Provider),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct OutcomeGroup {
    pub name: String,
    pub id: Option<String>,
    pub invite_link: Option<String>,
    pub note: Option<String>,
}

/// One number in the added / invited / sent / pending lists.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct OutcomeMember {
    pub phone: String,
    pub row: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub reason: Option<String>,
}

/// One rejected number (provider or own number: `phone`) or row (import: `input`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct OutcomeRejection {
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub phone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub input: Option<String>,
    pub row: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub name: Option<String>,
    pub stage: RejectStage,
    pub reason: String,
    /// Import-side only: the importer's stable reject code (see `plan::ImportRejection`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub reason_country: Option<String>,
}

/// The result shape, plus `sent` (handed over, not confirmed: EazyBe) and `pending`
/// (not settled yet: the job is unfinished), so every number appears in exactly one list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Outcome {
    pub job: i64,
    pub provider: ProviderKind,
    pub status: JobStatus,
    pub group: OutcomeGroup,
    pub added: Vec<OutcomeMember>,
    pub invited: Vec<OutcomeMember>,
    pub sent: Vec<OutcomeMember>,
    pub pending: Vec<OutcomeMember>,
    pub rejected: Vec<OutcomeRejection>,
    /// "Set up after create": one entry per step the user asked for, in the order they run.
    #[serde(default)]
    pub setup: Vec<SetupStep>,
    /// Whether the group exists at the provider (the CLI exits 0). Not part of the wire shape:
    /// EazyBe groups have no id, so `group.id` cannot tell.
    #[serde(skip)]
    pub group_exists: bool,
}

/// Where one "set up after create" step stands. Stable codes: `done`, `failed`,
/// `not_offered`, `skipped`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum SetupStatus {
    /// The provider did it (or took it with the create).
    Done,
    /// The provider was asked and refused or could not be reached; `reason` says why. A resume
    /// tries it again.
    Failed,
    /// This provider has no way to do it; `reason` is the one sentence why.
    NotOffered,
    /// Not tried (yet): the group does not exist, or the members are still being added.
    Skipped,
}

impl SetupStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            SetupStatus::Done => "done",
            SetupStatus::Failed => "failed",
            SetupStatus::NotOffered => "not_offered",
            SetupStatus::Skipped => "skipped",
        }
    }

    pub fn parse(s: &str) -> Option<SetupStatus> {
        Some(match s {
            "done" => SetupStatus::Done,
            "failed" => SetupStatus::Failed,
            "not_offered" => SetupStatus::NotOffered,
            "skipped" => SetupStatus::Skipped,
            _ => return None,
        })
    }
}

/// One asked-for setup step and what became of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct SetupStep {
    pub step: SetupStepKind,
    pub status: SetupStatus,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub reason: Option<String>,
}

/// Counts for the history list and progress.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Counts {
    pub added: u32,
    pub invited: u32,
    pub sent: u32,
    pub rejected: u32,
    pub pending: u32,
}
