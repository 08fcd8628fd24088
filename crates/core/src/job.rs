//! The job engine: runs one planned group through a provider, one journaled call at a time, so
//! that a crash, a kill or a lost answer at any instant can be resumed without creating the
//! group twice and without losing any answer that arrived.
//!
//! Rules (the reasons are in the comments where they apply):
//! 1. Every call's intent is committed before the call leaves; its answer, with every member
//!    outcome it settles, is committed in one transaction after it arrives.
//! 2. A create is never repeated blindly. If it may have reached the provider (timeout after
//!    sending, 5xx, reset, malformed 200) or its intent has no answer (a crash), the job is
//!    `unknown` and the engine first asks `find_group`, for a group with the job's name created
//!    no earlier than that create (less [`CREATE_CLOCK_ALLOWANCE`]): an older group with the same
//!    name is someone's earlier group, never the one to add the list to. Found → carry on with
//!    that group. Not found → create again only when the uncertain create is older than the
//!    provider's `list_lag` (2Chat lists new groups minutes late); otherwise stay `unknown`.
//! 3. Add batches are safe to repeat; retry-safe errors (429, busy, connect failure before
//!    sending) are retried after `Retry-After` or a backoff, a bounded number of times.
//! 4. Calls on one account are paced by the shared [`Pacer`], and by [`PacingSettings`]: group
//!    creations from one sending number are spaced (a countdown the user can cancel), add
//!    calls wait a random 3–10 s, creations per account and day are capped, and a provider that
//!    says "too many" twice in a row (or WhatsApp's `rate-overlimit`) stops the run with the
//!    time to resume (providers.md §8).
//! 5. After the adds: fetch the invite link if missing; confirm "sent" members via `members()`
//!    where the provider gives no per-number result.
//! 6. Set up after create (description, admins, admins-only settings), each asked-for step
//!    journaled with the answer of its call: a step that is done (or that the provider does not
//!    offer) is never repeated by a resume. A step that failed for a passing reason (timeout,
//!    provider down, too many requests) leaves the job incomplete so a resume tries it again;
//!    one the provider refused (a bad request, an admin who is not in the group) is reported
//!    failed with the reason and makes the job partial.
//! 7. Final status: done / partial / failed / unknown (or incomplete when stopped).

use crate::cancel::CancelToken;
use crate::error::Result;
use crate::history::{
    CallAnswer, CallKind, CallRecord, CallState, History, JobRecord, MemberRecord, MemberUpdate,
};
use crate::outcome::{Counts, JobStatus, MemberState, Outcome, SetupStatus, SetupStep};
use crate::pacing::{backoff, gap_override_from_env, scale_from_env, Pacer, PacingSettings};
use crate::plan::human_duration;
use crate::redact::Redactor;
use groupdrop_providers::identity::{whatsapp_key, Roster};
use groupdrop_providers::{
    settle, AdminsOnly, CreateRequest, ErrorKind, GroupRef, Limits, Lookup, MemberResult,
    MemberStatus, Provider, ProviderError, ProviderKind, SetupStepKind, SetupSupport,
};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use std::future::Future;
use std::time::Duration;

/// How much earlier than the journaled create a group may look created and still be the one it
/// made. The create's start is read from this machine's clock, the group's creation time from the
/// provider's (or WhatsApp's), and either can be minutes off; a group made by someone else in
/// those few minutes before the create, with the very same name, is far less likely than a clock
/// being a few minutes wrong.
pub const CREATE_CLOCK_ALLOWANCE: Duration = Duration::from_secs(10 * 60);

/// Knobs with defaults from the docs; tests and power users override them.
#[derive(Clone, Debug)]
pub struct EngineConfig {
    /// Replaces every provider's `min_gap` (`GROUPDROP_PACING_MS`).
    pub min_gap_override: Option<Duration>,
    /// Multiplies the provider's `min_gap` when it is not replaced (`GROUPDROP_PACING_SCALE`).
    pub min_gap_scale: Option<f64>,
    /// Attempts per call for retry-safe errors (the first try included).
    pub max_attempts: u32,
    /// First backoff when the provider gave no `Retry-After`; doubles per attempt.
    pub backoff_base: Option<Duration>,
    /// Longest pause the engine waits out by itself; a longer `Retry-After` stops the job
    /// (resumable) with a note saying when to try again.
    pub max_wait: Duration,
    /// How many creates one run may send. A create is only ever repeated after a lookup proved
    /// the group absent; this bounds even that, so a provider that keeps timing out cannot
    /// make us loop.
    pub max_creates_per_run: u32,
    /// Creation spacing, add jitter and the daily creation limit (the user's Settings).
    pub pacing: PacingSettings,
    /// How long to hold off after a provider said "too many requests" twice in a row, or
    /// WhatsApp's `rate-overlimit`: the run stops and says when to resume.
    pub overlimit_pause: Duration,
}

impl Default for EngineConfig {
    fn default() -> Self {
        EngineConfig {
            min_gap_override: None,
            min_gap_scale: None,
            max_attempts: 5,
            backoff_base: None,
            max_wait: Duration::from_secs(300),
            max_creates_per_run: 2,
            pacing: PacingSettings::default(),
            overlimit_pause: Duration::from_secs(3600),
        }
    }
}

impl EngineConfig {
    /// Defaults plus `GROUPDROP_PACING_MS`, which also sets the backoff base so tests that shrink
    /// the pace do not sit out multi-second backoffs.
    pub fn from_env() -> EngineConfig {
        EngineConfig::from_env_with(PacingSettings::default())
    }

    /// [`Self::from_env`] with the user's pacing settings; `GROUPDROP_PACING_MS` still wins.
    pub fn from_env_with(pacing: PacingSettings) -> EngineConfig {
        let gap = gap_override_from_env();
        EngineConfig {
            min_gap_override: gap,
            min_gap_scale: scale_from_env(),
            backoff_base: gap.map(|g| g.max(Duration::from_millis(1))),
            pacing: pacing.with_env(),
            ..EngineConfig::default()
        }
    }
}

/// What the engine is doing, for a progress bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Creating,
    LookingUp,
    Adding,
    FetchingLink,
    Confirming,
    /// Setting the group up: description, admins, admins-only settings.
    SettingUp,
    /// Waiting out a `Retry-After` or backoff before trying again.
    Waiting,
    Finished,
}

/// Sent after every answered call (and when waiting), e.g. "adding, batch 2 of 3, 14 added".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Progress {
    pub job: i64,
    pub stage: Stage,
    /// 1-based batch being worked on (0 outside the create/add stages).
    pub batch: u32,
    pub batches: u32,
    pub counts: Counts,
    /// While waiting (creation spacing, Retry-After): when the next call may go, Unix ms, for a
    /// countdown. `None` otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wait_until: Option<i64>,
}

/// Where progress goes: a closure the CLI prints from, or a channel sender the app forwards.
pub type ProgressSink<'a> = &'a (dyn Fn(&Progress) + Send + Sync);

/// The outcome of one attempt loop.
enum Attempt<T> {
    Answered {
        seq: i64,
        value: T,
    },
    /// Not retried (or out of attempts). The caller journals the answer.
    Failed {
        seq: i64,
        error: ProviderError,
    },
    /// The cancel token fired between calls, or a pause is longer than `max_wait`.
    Stopped {
        note: String,
    },
}

pub struct Engine<'a, P: Provider> {
    history: &'a History,
    provider: &'a P,
    pacer: Pacer,
    cancel: CancelToken,
    config: EngineConfig,
    redactor: Redactor,
    progress: Option<ProgressSink<'a>>,
}

impl<'a, P: Provider> Engine<'a, P> {
    pub fn new(history: &'a History, provider: &'a P) -> Self {
        Engine {
            history,
            provider,
            pacer: Pacer::new(),
            cancel: CancelToken::new(),
            config: EngineConfig::default(),
            redactor: Redactor::default(),
            progress: None,
        }
    }

    pub fn with_config(mut self, config: EngineConfig) -> Self {
        self.config = config;
        self
    }

    /// Share the app's pacer so parallel jobs on one account take turns.
    pub fn with_pacer(mut self, pacer: Pacer) -> Self {
        self.pacer = pacer;
        self
    }

    pub fn with_cancel(mut self, cancel: CancelToken) -> Self {
        self.cancel = cancel;
        self
    }

    /// The account's secrets, blanked out of everything the engine writes.
    pub fn with_redactor(mut self, redactor: Redactor) -> Self {
        self.redactor = redactor;
        self
    }

    pub fn with_progress(mut self, sink: ProgressSink<'a>) -> Self {
        self.progress = Some(sink);
        self
    }

    /// Runs (or resumes) job `id` as far as it can go and returns its outcome. Provider
    /// trouble is not an `Err`: it ends in the job's status and note. `Err` means the job could
    /// not be run at all (no such job, database trouble, another process is running it).
    pub async fn run(&self, id: i64) -> Result<Outcome> {
        let _lock = self.history.lock_job(id)?;
        let job = self.history.job(id)?;
        if job.status.is_finished() {
            return self.history.outcome(id);
        }
        let mut run = Run {
            engine: self,
            job,
            limits: self.limits(),
            creates_sent: 0,
            soft_notes: Vec::new(),
        };
        if let Some(last) = self
            .history
            .last_call_started(run.job.provider, &run.job.account_label)?
        {
            self.pacer.seed(&run.job.pacing_key(), last);
        }
        if let Some(last) = last_create_done(self.history, &run.job)? {
            self.pacer.seed_create(&run.job.pacing_key(), last);
        }
        self.history.set_status(id, JobStatus::Running, Some(""))?;
        run.drive().await?;
        let outcome = self.history.outcome(id)?;
        self.emit(id, Stage::Finished, 0, 0)?;
        Ok(outcome)
    }

    /// The provider's limits; under `GROUPDROP_PACING_SCALE` its listing delay shrinks with every
    /// other wait, so a test can watch "not listed yet → check again later → found or absent"
    /// in seconds instead of minutes.
    fn limits(&self) -> Limits {
        let mut limits = self.provider.limits();
        if let Some(scale) = self.config.min_gap_scale {
            limits.list_lag = limits.list_lag.mul_f64(scale);
        }
        limits
    }

    fn gap(&self, limits: &Limits) -> Duration {
        match (self.config.min_gap_override, self.config.min_gap_scale) {
            (Some(gap), _) => gap,
            (None, Some(scale)) => limits.min_gap.mul_f64(scale),
            (None, None) => limits.min_gap,
        }
    }

    /// The pacing rules for this provider: none for the practice provider (no real number).
    fn pacing(&self) -> PacingSettings {
        if self.provider.kind() == ProviderKind::Practice {
            self.config.pacing.without_waits()
        } else {
            self.config.pacing
        }
    }

    fn emit(&self, job: i64, stage: Stage, batch: usize, batches: usize) -> Result<()> {
        self.emit_wait(job, stage, batch, batches, None)
    }

    fn emit_wait(
        &self,
        job: i64,
        stage: Stage,
        batch: usize,
        batches: usize,
        wait_until: Option<i64>,
    ) -> Result<()> {
        if let Some(sink) = self.progress {
            let counts = counts(&self.history.members(job)?);
            sink(&Progress {
                job,
                stage,
                batch: batch as u32,
                batches: batches as u32,
                counts,
                wait_until,
            });
        }
        Ok(())
    }
}

fn counts(members: &[MemberRecord]) -> Counts {
    let mut c = Counts::default();
    for m in members {
        match m.state {
            MemberState::Added => c.added += 1,
            MemberState::Invited => c.invited += 1,
            MemberState::Sent => c.sent += 1,
            MemberState::Rejected => c.rejected += 1,
            MemberState::Pending => c.pending += 1,
        }
    }
    c
}

/// The group as the journal knows it.
enum GroupState {
    Known(GroupRef),
    /// No create has been sent, or the last one failed cleanly: creating is safe.
    Absent,
    /// A create may have happened; `since` is when it started (Unix ms).
    Uncertain {
        since: i64,
    },
}

/// One run of one job.
struct Run<'e, 'a, P: Provider> {
    engine: &'e Engine<'a, P>,
    job: JobRecord,
    limits: Limits,
    creates_sent: u32,
    /// Problems that do not stop the job (no link, no member list); shown in the final note.
    soft_notes: Vec<String>,
}

impl<P: Provider> Run<'_, '_, P> {
    fn history(&self) -> &History {
        self.engine.history
    }

    fn id(&self) -> i64 {
        self.job.id
    }

    async fn drive(&mut self) -> Result<()> {
        let Some(group) = self.ensure_group().await? else {
            return Ok(());
        };
        if !self.add_pending(&group).await? {
            return Ok(());
        }
        self.fetch_link(&group).await?;
        self.confirm_sent(&group).await?;
        if !self.set_up(&group).await? {
            return Ok(());
        }
        self.finish()
    }

    /// Reads the journal to learn whether the group exists, may exist, or certainly does not.
    fn group_state(&mut self) -> Result<GroupState> {
        self.job = self.history().job(self.id())?;
        if let Some(g) = self.job.group_ref() {
            return Ok(GroupState::Known(g));
        }
        let calls = self.history().calls(self.id())?;
        Ok(group_state_from_calls(&calls))
    }

    /// Phase A: make sure the group exists, creating it at most as the rules allow. `None` when
    /// the run must stop here (status and note already written).
    async fn ensure_group(&mut self) -> Result<Option<GroupRef>> {
        loop {
            match self.group_state()? {
                GroupState::Known(g) => return Ok(Some(g)),
                GroupState::Absent => {
                    if self.creates_sent >= self.engine.config.max_creates_per_run {
                        self.stop(
                            JobStatus::Unknown,
                            "The group could not be created in this run. Run resume to try again; GroupDrop will look for the group first.",
                        )?;
                        return Ok(None);
                    }
                    if !self.create().await? {
                        return Ok(None);
                    }
                }
                GroupState::Uncertain { since } => {
                    if !self.look_up(since).await? {
                        return Ok(None);
                    }
                }
            }
        }
    }

    /// Sends the create with batch 0. `false` when the run must stop.
    async fn create(&mut self) -> Result<bool> {
        let members = self.history().members(self.id())?;
        let phones = batch_phones(&members, 0);
        let batches = batch_count(&members);
        let req = CreateRequest {
            name: self.job.group_name.clone(),
            phones: phones.clone(),
            auto_invite: self.job.options.auto_invite,
            create_if_missing: self.job.options.create_if_missing,
            // Taken by providers that set the description with the create (2Chat).
            description: self.job.options.setup.description().map(str::to_string),
        };
        if !self.creation_allowed().await? {
            return Ok(false);
        }
        self.engine.emit(self.id(), Stage::Creating, 1, batches)?;
        self.creates_sent += 1;
        self.engine.pacer.mark_create(&self.job.pacing_key());
        let provider = self.engine.provider;
        let attempt = self
            .attempt(CallKind::Create, Some(0), false, || {
                provider.create_group(&req)
            })
            .await?;
        // The spacing runs from when the create was done, not sent: the provider sees the next
        // create at least the spacing after this one arrived, however long the request took.
        self.engine.pacer.mark_create(&self.job.pacing_key());
        match attempt {
            Attempt::Answered { seq, value } => {
                let updates = self.updates(&value.members, &phones, None);
                let summary = format!(
                    "created group {}; {}",
                    value.group.handle,
                    describe(&updates)
                );
                let provider_note = value.note.as_deref().map(|n| self.clean(n));
                self.history().answer_call(
                    self.id(),
                    seq,
                    &CallAnswer {
                        summary: Some(&self.clean(&summary)),
                        group: Some(&value.group),
                        members: &updates,
                        status: Some(JobStatus::Running),
                        note: Some(""),
                        provider_note: provider_note.as_deref(),
                        ..CallAnswer::default()
                    },
                )?;
                self.engine.emit(self.id(), Stage::Creating, 1, batches)?;
                Ok(true)
            }
            Attempt::Failed { seq, error } if error.may_have_reached() => {
                let note = format!(
                    "{} It is not certain whether {} created the group, so GroupDrop will look for it before creating anything.",
                    error,
                    self.provider_name()
                );
                self.fail_call(
                    seq,
                    &error,
                    CallState::Unknown,
                    Some(JobStatus::Unknown),
                    Some(&note),
                )?;
                // Loop on: the journal now says "uncertain", so the next step is a lookup.
                Ok(true)
            }
            Attempt::Failed { seq, error } => {
                let note = error.to_string();
                self.fail_call(
                    seq,
                    &error,
                    CallState::Failed,
                    Some(JobStatus::Failed),
                    Some(&note),
                )?;
                Ok(false)
            }
            Attempt::Stopped { note } => {
                self.stop(JobStatus::Incomplete, &note)?;
                Ok(false)
            }
        }
    }

    /// The daily limit and the creation spacing, before a create. `false` when the run stops
    /// here (status and note written).
    async fn creation_allowed(&mut self) -> Result<bool> {
        let pacing = self.engine.pacing();
        let key = self.job.pacing_key();
        let limit = pacing.daily_creation_limit;
        if limit > 0 {
            let creates = recent_creates(self.history(), &self.job)?;
            if creates.len() >= limit as usize {
                let oldest = creates
                    .iter()
                    .copied()
                    .min()
                    .unwrap_or_else(crate::history::now_ms);
                let resume = oldest + DAY_MS;
                let note = format!(
                    "This account has already created {} groups in the last 24 hours, the daily limit set in Settings ({limit}). Creating more from one number in a day is what gets WhatsApp numbers banned. GroupDrop stopped before creating; run resume after {} ({}), or raise the limit in Settings.",
                    creates.len(),
                    clock_time(resume),
                    human_duration(Duration::from_millis((resume - crate::history::now_ms()).max(0) as u64)).trim_start_matches("about "),
                );
                self.stop(JobStatus::Incomplete, &note)?;
                return Ok(false);
            }
        }
        let Some(at) = self
            .engine
            .pacer
            .next_create(&key, pacing.creation_spacing())
        else {
            return Ok(true);
        };
        let wait = at.saturating_duration_since(std::time::Instant::now());
        let until = crate::history::now_ms() + wait.as_millis() as i64;
        tracing::info!(
            job = self.id(),
            wait_ms = wait.as_millis() as u64,
            "waiting out the creation spacing"
        );
        self.engine
            .emit_wait(self.id(), Stage::Waiting, 0, 0, Some(until))?;
        if self.engine.cancel.sleep_until(at).await.is_err() {
            self.stop(
                JobStatus::Incomplete,
                "Stopped while waiting between two group creations; nothing was created. Run resume to continue.",
            )?;
            return Ok(false);
        }
        Ok(true)
    }

    /// After an uncertain create (journaled at `since`, Unix ms): ask the provider whether the
    /// group exists. `false` to stop.
    async fn look_up(&mut self, since: i64) -> Result<bool> {
        self.engine.emit(self.id(), Stage::LookingUp, 0, 0)?;
        let members = self.history().members(self.id())?;
        let probe = batch_phones(&members, 0);
        let name = self.job.group_name.clone();
        let created_after = Some(created_after(since));
        let provider = self.engine.provider;
        let attempt = self
            .attempt(CallKind::Lookup, Some(0), true, || {
                provider.find_group(&name, &probe, created_after)
            })
            .await?;
        match attempt {
            Attempt::Answered {
                seq,
                value:
                    Lookup::Found {
                        group,
                        members: settled,
                    },
            } => {
                let updates = match &settled {
                    Some(results) => self.updates(results, &probe, None),
                    None => vec![],
                };
                let summary = format!("found group {}; {}", group.handle, describe(&updates));
                self.history().answer_call(
                    self.id(),
                    seq,
                    &CallAnswer {
                        summary: Some(&self.clean(&summary)),
                        group: Some(&group),
                        members: &updates,
                        status: Some(JobStatus::Running),
                        note: Some(""),
                        ..CallAnswer::default()
                    },
                )?;
                Ok(true)
            }
            Attempt::Answered {
                seq,
                value: Lookup::NotFound,
            } => {
                let lookup_started = self
                    .history()
                    .calls(self.id())?
                    .into_iter()
                    .find(|c| c.seq == seq)
                    .map_or(since, |c| c.started_at);
                let age = Duration::from_millis((lookup_started - since).max(0) as u64);
                if age >= self.limits.list_lag {
                    // Old enough that the provider would list it: the create did not happen.
                    self.history().answer_call(
                        self.id(),
                        seq,
                        &CallAnswer {
                            summary: Some(LOOKUP_SETTLED_ABSENT),
                            ..CallAnswer::default()
                        },
                    )?;
                    Ok(true)
                } else {
                    let wait = self.limits.list_lag - age;
                    let note = format!(
                        "{} has not listed the group yet; it can take up to {} to list a new group. Run resume again in {} to check; GroupDrop will not create a second group before then.",
                        self.provider_name(),
                        human_duration(self.limits.list_lag).trim_start_matches("about "),
                        human_duration(wait).trim_start_matches("about "),
                    );
                    self.history().answer_call(
                        self.id(),
                        seq,
                        &CallAnswer {
                            summary: Some("not found yet (the provider lists new groups late)"),
                            status: Some(JobStatus::Unknown),
                            note: Some(&note),
                            ..CallAnswer::default()
                        },
                    )?;
                    Ok(false)
                }
            }
            Attempt::Failed { seq, error } => {
                let note = format!(
                    "{} GroupDrop could not check whether the group was created; run resume later to check again.",
                    error
                );
                self.fail_call(
                    seq,
                    &error,
                    CallState::Failed,
                    Some(JobStatus::Unknown),
                    Some(&note),
                )?;
                Ok(false)
            }
            Attempt::Stopped { note } => {
                self.stop(JobStatus::Unknown, &note)?;
                Ok(false)
            }
        }
    }

    /// Phase B: every pending member, batch by batch. `false` when the run must stop.
    async fn add_pending(&mut self, group: &GroupRef) -> Result<bool> {
        let members = self.history().members(self.id())?;
        let batches = batch_count(&members);
        let mut pending: BTreeMap<usize, Vec<String>> = BTreeMap::new();
        for m in &members {
            if let (MemberState::Pending, Some(b)) = (m.state, m.batch) {
                pending.entry(b).or_default().push(m.phone.clone());
            }
        }
        let auto_invite = self.job.options.auto_invite;
        let provider = self.engine.provider;
        for (batch, phones) in pending {
            self.engine
                .emit(self.id(), Stage::Adding, batch + 1, batches)?;
            let attempt = self
                .attempt(CallKind::Add, Some(batch), true, || {
                    provider.add_members(group, &phones, auto_invite)
                })
                .await?;
            match attempt {
                Attempt::Answered { seq, value } => {
                    let missing = Some("the provider gave no result for this number");
                    let updates = self.updates(&value, &phones, missing);
                    let summary = format!("batch {}: {}", batch + 1, describe(&updates));
                    self.history().answer_call(
                        self.id(),
                        seq,
                        &CallAnswer {
                            summary: Some(&summary),
                            members: &updates,
                            ..CallAnswer::default()
                        },
                    )?;
                    self.engine
                        .emit(self.id(), Stage::Adding, batch + 1, batches)?;
                }
                Attempt::Failed { seq, error } => {
                    let state = if error.may_have_reached() {
                        CallState::Unknown
                    } else {
                        CallState::Failed
                    };
                    let note = format!(
                        "Stopped at batch {} of {}: {} The group exists; run resume to add the rest.",
                        batch + 1,
                        batches,
                        error
                    );
                    self.fail_call(seq, &error, state, Some(JobStatus::Incomplete), Some(&note))?;
                    return Ok(false);
                }
                Attempt::Stopped { note } => {
                    self.stop(JobStatus::Incomplete, &note)?;
                    return Ok(false);
                }
            }
        }
        Ok(true)
    }

    /// Phase C: the invite link, when the create did not bring one. Never fatal.
    async fn fetch_link(&mut self, group: &GroupRef) -> Result<()> {
        self.job = self.history().job(self.id())?;
        if self.job.invite_link.is_some() {
            return Ok(());
        }
        let asked = self
            .history()
            .calls(self.id())?
            .iter()
            .any(|c| c.kind == CallKind::Link && c.state == CallState::Answered);
        if asked || !self.limits.invite_link_call {
            return Ok(());
        }
        self.engine.emit(self.id(), Stage::FetchingLink, 0, 0)?;
        let provider = self.engine.provider;
        let attempt = self
            .attempt(CallKind::Link, None, true, || provider.invite_link(group))
            .await?;
        match attempt {
            Attempt::Answered { seq, value } => {
                let summary = if value.is_some() {
                    "got the invite link"
                } else {
                    "the provider has no invite link for this group"
                };
                self.history().answer_call(
                    self.id(),
                    seq,
                    &CallAnswer {
                        summary: Some(summary),
                        invite_link: value.as_deref(),
                        ..CallAnswer::default()
                    },
                )?;
            }
            Attempt::Failed { seq, error } => {
                self.fail_call(seq, &error, CallState::Failed, None, None)?;
                let note = format!("The invite link could not be fetched: {error}");
                self.soft_notes.push(self.clean(&note));
            }
            Attempt::Stopped { .. } => {}
        }
        Ok(())
    }

    /// Phase D: where adds gave no per-number result, ask who is in the group now.
    async fn confirm_sent(&mut self, group: &GroupRef) -> Result<()> {
        if self.limits.per_number_results || !self.limits.member_list {
            return Ok(());
        }
        let members = self.history().members(self.id())?;
        let sent: Vec<&MemberRecord> = members
            .iter()
            .filter(|m| m.state == MemberState::Sent && m.batch.is_some())
            .collect();
        if sent.is_empty() {
            return Ok(());
        }
        self.engine.emit(self.id(), Stage::Confirming, 0, 0)?;
        let provider = self.engine.provider;
        let attempt = self
            .attempt(CallKind::Members, None, true, || provider.members(group))
            .await?;
        match attempt {
            Attempt::Answered { seq, value: None } => {
                self.history().answer_call(
                    self.id(),
                    seq,
                    &CallAnswer {
                        summary: Some("the provider cannot list members"),
                        ..CallAnswer::default()
                    },
                )?;
            }
            Attempt::Answered {
                seq,
                value: Some(list),
            } => {
                // Matched by WhatsApp identity (Brazil's ninth digit either way); members listed
                // only by a hidden `@lid` id leave unmatched numbers unconfirmed, not rejected.
                let roster = Roster::new(&list);
                let auto_invite = self.job.options.auto_invite;
                let updates: Vec<MemberUpdate> = sent
                    .iter()
                    .filter_map(|m| {
                        let (status, reason) = settle(&roster, &m.phone, auto_invite);
                        let reason = match status {
                            MemberStatus::Invited => Some("not in the group yet; a private invitation was sent".into()),
                            MemberStatus::Rejected => Some("not in the group after the add: WhatsApp did not let them in (privacy settings, or not on WhatsApp)".into()),
                            MemberStatus::Sent if m.reason.as_deref() == reason.as_deref() => return None,
                            _ => reason,
                        };
                        Some(MemberUpdate {
                            phone: m.phone.clone(),
                            state: status.into(),
                            reason,
                        })
                    })
                    .collect();
                let summary = format!("confirmed from the member list: {}", describe(&updates));
                self.history().answer_call(
                    self.id(),
                    seq,
                    &CallAnswer {
                        summary: Some(&summary),
                        members: &updates,
                        ..CallAnswer::default()
                    },
                )?;
            }
            Attempt::Failed { seq, error } => {
                self.fail_call(seq, &error, CallState::Failed, None, None)?;
                let note = format!(
                    "GroupDrop could not read the member list to confirm who got in ({error}); those numbers are listed as sent."
                );
                self.soft_notes.push(self.clean(&note));
            }
            Attempt::Stopped { .. } => {}
        }
        Ok(())
    }

    /// Phase E: set the group up as asked. Steps already done (or not offered) are skipped;
    /// the others run in order, each its own journaled, paced call. `false` when the run stops
    /// here (status and note written).
    async fn set_up(&mut self, group: &GroupRef) -> Result<bool> {
        let request = self.job.options.setup.clone();
        let asked = request.steps();
        if asked.is_empty() {
            return Ok(true);
        }
        let journaled = self.history().setup_steps(self.id())?;
        let settled = |step: SetupStepKind| {
            journaled.iter().any(|s| {
                s.step == step && matches!(s.status, SetupStatus::Done | SetupStatus::NotOffered)
            })
        };
        let provider = self.engine.provider;
        let mut calls: Vec<SetupStepKind> = Vec::new();
        let mut without_call = Vec::new();
        for step in asked.into_iter().filter(|s| !settled(*s)) {
            match provider.setup_support(step) {
                SetupSupport::Call => calls.push(step),
                SetupSupport::AtCreate => without_call.push(SetupStep {
                    step,
                    status: SetupStatus::Done,
                    reason: Some("set with the create".into()),
                }),
                SetupSupport::NotOffered { why } => without_call.push(SetupStep {
                    step,
                    status: SetupStatus::NotOffered,
                    reason: Some(why),
                }),
            }
        }
        if !without_call.is_empty() {
            self.history().set_setup_steps(self.id(), &without_call)?;
        }
        if calls.is_empty() {
            return Ok(true);
        }
        self.engine.emit(self.id(), Stage::SettingUp, 0, 0)?;
        let mut passing: Vec<String> = Vec::new();
        if calls.contains(&SetupStepKind::Description) {
            let text = request.description().unwrap_or_default().to_string();
            let attempt = self
                .attempt(CallKind::Setup, None, true, || {
                    provider.set_description(group, &text)
                })
                .await?;
            if !self.setup_answer(attempt, &[SetupStepKind::Description], None, &mut passing)? {
                return Ok(false);
            }
        }
        if calls.contains(&SetupStepKind::Admins) {
            let (in_group, outside) = self.admins_in_group(&request.admins)?;
            // One group of several (a split list, one group per class): each admin is made admin
            // of the groups they are in — the 5A teacher of 5A — and not being in the others is
            // no failure.
            let one_of_many = self.job.options.part.is_some();
            let problem = (!outside.is_empty() && !one_of_many).then(|| {
                format!(
                    "not in the group, so not made admin: {}",
                    outside.join(", ")
                )
            });
            if in_group.is_empty() {
                let (status, reason) = match problem {
                    Some(p) => (SetupStatus::Failed, p),
                    None => (
                        SetupStatus::Skipped,
                        format!(
                            "none of the admins is in this group: {}",
                            outside.join(", ")
                        ),
                    ),
                };
                self.history().set_setup_steps(
                    self.id(),
                    &[SetupStep {
                        step: SetupStepKind::Admins,
                        status,
                        reason: Some(reason),
                    }],
                )?;
            } else {
                let attempt = self
                    .attempt(CallKind::Setup, None, true, || {
                        provider.promote_admins(group, &in_group)
                    })
                    .await?;
                if !self.setup_answer(
                    attempt,
                    &[SetupStepKind::Admins],
                    problem.as_deref(),
                    &mut passing,
                )? {
                    return Ok(false);
                }
            }
        }
        let settings: Vec<SetupStepKind> = calls
            .iter()
            .copied()
            .filter(|s| {
                matches!(
                    s,
                    SetupStepKind::AdminsOnlyMessages | SetupStepKind::AdminsOnlySettings
                )
            })
            .collect();
        if !settings.is_empty() {
            // The whole choice every time: a settings call sets both, so re-sending one that is
            // done keeps it rather than undoing it.
            let choice = AdminsOnly {
                messages: request.admins_only_messages,
                settings: request.admins_only_settings,
            };
            let attempt = self
                .attempt(CallKind::Setup, None, true, || {
                    provider.set_admins_only(group, choice)
                })
                .await?;
            if !self.setup_answer(attempt, &settings, None, &mut passing)? {
                return Ok(false);
            }
        }
        if !passing.is_empty() {
            let note = format!(
                "The group and its members are in place, but setting it up did not finish: {} Run resume to try again; steps already done are not repeated.",
                passing.join(" ")
            );
            self.stop(JobStatus::Incomplete, &note)?;
            return Ok(false);
        }
        Ok(true)
    }

    /// Journals a setup call's answer for `steps`. `problem`: the call went through but did not
    /// do all that was asked (an admin who is not in the group): the step is failed with it.
    /// Errors that may pass are added to `passing`; `false` when the run was stopped.
    fn setup_answer(
        &mut self,
        attempt: Attempt<()>,
        steps: &[SetupStepKind],
        problem: Option<&str>,
        passing: &mut Vec<String>,
    ) -> Result<bool> {
        let names = steps
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        match attempt {
            Attempt::Answered { seq, value: () } => {
                let (status, reason) = match problem {
                    Some(p) => (SetupStatus::Failed, Some(self.clean(p))),
                    None => (SetupStatus::Done, None),
                };
                let setup: Vec<SetupStep> = steps
                    .iter()
                    .map(|&step| SetupStep {
                        step,
                        status,
                        reason: reason.clone(),
                    })
                    .collect();
                let summary = format!("set up {names}: {}", status.as_str());
                self.history().answer_call(
                    self.id(),
                    seq,
                    &CallAnswer {
                        summary: Some(&summary),
                        setup: &setup,
                        ..CallAnswer::default()
                    },
                )?;
                Ok(true)
            }
            Attempt::Failed { seq, error } => {
                let reason = self.clean(&error.to_string());
                let setup: Vec<SetupStep> = steps
                    .iter()
                    .map(|&step| SetupStep {
                        step,
                        status: SetupStatus::Failed,
                        reason: Some(reason.clone()),
                    })
                    .collect();
                let kind = serde_json::to_value(error.kind())
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string));
                self.history().answer_call(
                    self.id(),
                    seq,
                    &CallAnswer {
                        state: if error.may_have_reached() {
                            CallState::Unknown
                        } else {
                            CallState::Failed
                        },
                        summary: Some(&reason),
                        error_kind: kind.as_deref(),
                        setup: &setup,
                        ..CallAnswer::default()
                    },
                )?;
                // A refusal stays a refusal on the next try; anything else may pass.
                let refused = matches!(
                    error.kind(),
                    ErrorKind::InvalidRequest | ErrorKind::Config | ErrorKind::GroupNotFound
                );
                if !refused {
                    let labels = steps
                        .iter()
                        .map(|s| s.label())
                        .collect::<Vec<_>>()
                        .join(", ");
                    passing.push(format!("{labels}: {reason}"));
                }
                Ok(true)
            }
            Attempt::Stopped { note } => {
                self.stop(JobStatus::Incomplete, &note)?;
                Ok(false)
            }
        }
    }

    /// The asked-for admins split into those who are in the group now (added, or sent and not
    /// known to be out) and those who are not, by WhatsApp identity. The account's own number
    /// created the group and is its admin already: it counts as in and is not sent.
    fn admins_in_group(&self, admins: &[String]) -> Result<(Vec<String>, Vec<String>)> {
        let members = self.history().members(self.id())?;
        let own = Roster::new(
            &members
                .iter()
                .filter(|m| {
                    m.batch.is_none() && m.reason.as_deref() == Some(crate::plan::OWN_NUMBER_REASON)
                })
                .map(|m| m.phone.clone())
                .collect::<Vec<_>>(),
        );
        let mut in_group: Vec<String> = Vec::new();
        let mut outside = Vec::new();
        for admin in admins {
            if own.contains(admin) {
                continue;
            }
            let key = whatsapp_key(admin);
            // The member's own spelling, so the provider is sent the number it added.
            let member = members.iter().find(|m| {
                matches!(m.state, MemberState::Added | MemberState::Sent)
                    && whatsapp_key(&m.phone) == key
            });
            match member {
                Some(m) if !in_group.contains(&m.phone) => in_group.push(m.phone.clone()),
                Some(_) => {}
                None => outside.push(admin.clone()),
            }
        }
        Ok((in_group, outside))
    }

    /// Phase F: the final status from the members and the setup.
    fn finish(&mut self) -> Result<()> {
        let members = self.history().members(self.id())?;
        let c = counts(&members);
        let import_rejected = !self.history().import_rejections(self.id())?.is_empty();
        let setup_failed = self
            .history()
            .setup_steps(self.id())?
            .iter()
            .any(|s| s.status == SetupStatus::Failed);
        if setup_failed {
            self.soft_notes
                .push("Some of the group's setup could not be done; see the setup steps.".into());
        }
        let status = if c.pending > 0 {
            JobStatus::Incomplete
        } else if c.rejected > 0 || import_rejected || setup_failed {
            JobStatus::Partial
        } else {
            JobStatus::Done
        };
        let note = self.soft_notes.join(" ");
        self.history().set_status(self.id(), status, Some(&note))
    }

    /// Paces, journals and sends one call, retrying what is safe to retry.
    async fn attempt<T, F, Fut>(
        &self,
        kind: CallKind,
        batch: Option<usize>,
        repeatable: bool,
        mut call: F,
    ) -> Result<Attempt<T>>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = std::result::Result<T, ProviderError>>,
    {
        let cfg = &self.engine.config;
        let key = self.job.pacing_key();
        let base_gap = self.engine.gap(&self.limits);
        let base = cfg
            .backoff_base
            .unwrap_or_else(|| base_gap.max(Duration::from_secs(2)));
        let mut attempt = 1u32;
        let mut rate_limited = 0u32;
        loop {
            // Adds wait a random 3–10 s (by default) after the previous call: a fixed rhythm
            // is what anti-spam systems look for.
            let gap = if kind == CallKind::Add {
                base_gap.max(self.engine.pacing().add_jitter())
            } else {
                base_gap
            };
            if self.engine.cancel.is_cancelled()
                || self
                    .engine
                    .pacer
                    .wait(&key, gap, &self.engine.cancel)
                    .await
                    .is_err()
            {
                return Ok(Attempt::Stopped {
                    note: "Stopped before the next call was sent. Run resume to continue.".into(),
                });
            }
            let seq = self.history().begin_call(self.id(), kind, batch, attempt)?;
            tracing::info!(
                job = self.id(),
                kind = kind.as_str(),
                ?batch,
                attempt,
                "provider call"
            );
            self.engine.pacer.mark_started(&key);
            let error = match call().await {
                Ok(value) => return Ok(Attempt::Answered { seq, value }),
                Err(e) => e,
            };
            tracing::info!(job = self.id(), kind = kind.as_str(), error = ?error.kind(), "provider call failed");
            // A create that may have happened is never retried here (rule 2); everything else
            // that the provider marks safe, or that is an idempotent add/lookup/read, is.
            let retry = error.retry_safe() || (repeatable && error.may_have_reached());
            if !retry || attempt >= cfg.max_attempts {
                return Ok(Attempt::Failed { seq, error });
            }
            let mut wait = error
                .retry_after()
                .unwrap_or_else(|| backoff(base, attempt));
            let state = if error.may_have_reached() {
                CallState::Unknown
            } else {
                CallState::Failed
            };
            self.fail_call(seq, &error, state, None, None)?;
            if error.kind() == ErrorKind::RateLimited {
                rate_limited += 1;
                // A second "too many" in a row means the number is being watched: stop the
                // whole run and come back much later rather than keep knocking.
                if rate_limited >= 2 {
                    wait = wait.max(cfg.overlimit_pause);
                }
            }
            if wait > cfg.max_wait {
                let resume = crate::history::now_ms() + wait.as_millis() as i64;
                return Ok(Attempt::Stopped {
                    note: format!(
                        "{} said too many requests were made (\"slow down\"). To protect the WhatsApp number, GroupDrop stopped this run: run resume after {} ({}).",
                        self.provider_name(),
                        clock_time(resume),
                        human_duration(wait).trim_start_matches("about ")
                    ),
                });
            }
            self.engine.pacer.defer(&key, wait);
            self.engine.emit(self.id(), Stage::Waiting, 0, 0)?;
            attempt += 1;
        }
    }

    /// Journals a failed call (and optionally the job's status and note).
    fn fail_call(
        &self,
        seq: i64,
        error: &ProviderError,
        state: CallState,
        status: Option<JobStatus>,
        note: Option<&str>,
    ) -> Result<()> {
        let summary = self.clean(&error.to_string());
        let note = note.map(|n| self.clean(n));
        let kind = serde_json::to_value(error.kind())
            .ok()
            .and_then(|v| v.as_str().map(str::to_string));
        self.history().answer_call(
            self.id(),
            seq,
            &CallAnswer {
                state,
                summary: Some(&summary),
                error_kind: kind.as_deref(),
                status,
                note: note.as_deref(),
                ..CallAnswer::default()
            },
        )
    }

    fn stop(&self, status: JobStatus, note: &str) -> Result<()> {
        self.history()
            .set_status(self.id(), status, Some(&self.clean(note)))
    }

    /// Member updates for `phones` from a provider's results. Phones the provider did not
    /// mention stay pending (`missing == None`, the adds will settle them) or become `sent`
    /// with the given reason.
    fn updates(
        &self,
        results: &[MemberResult],
        phones: &[String],
        missing: Option<&str>,
    ) -> Vec<MemberUpdate> {
        let asked: HashSet<&str> = phones.iter().map(String::as_str).collect();
        let mut seen = HashSet::new();
        let mut out: Vec<MemberUpdate> = results
            .iter()
            .filter(|r| asked.contains(r.phone.as_str()) && seen.insert(r.phone.clone()))
            .map(|r| MemberUpdate {
                phone: r.phone.clone(),
                state: r.status.into(),
                reason: r.reason.as_deref().map(|s| self.clean(s)).or_else(|| {
                    (r.status == MemberStatus::Rejected).then(|| "refused by the provider".into())
                }),
            })
            .collect();
        if let Some(reason) = missing {
            out.extend(
                phones
                    .iter()
                    .filter(|p| !seen.contains(*p))
                    .map(|p| MemberUpdate {
                        phone: p.clone(),
                        state: MemberState::Sent,
                        reason: Some(reason.into()),
                    }),
            );
        }
        out
    }

    fn clean(&self, s: &str) -> String {
        self.engine.redactor.clean(s)
    }

    fn provider_name(&self) -> &'static str {
        self.job.provider.display_name()
    }
}

/// The group's existence from the journal alone (rule 2). A create intent with no answer, or
/// one answered "unknown", leaves the group uncertain until a lookup settles it: found, or not
/// found at least `list_lag` after that create started (the engine only then writes a
/// "not found; the earlier create did not happen" answer, which is what settles it here).
fn group_state_from_calls(calls: &[CallRecord]) -> GroupState {
    let mut state = GroupState::Absent;
    for c in calls {
        match (c.kind, c.state) {
            (CallKind::Create, CallState::Intent | CallState::Unknown) => {
                state = GroupState::Uncertain {
                    since: c.started_at,
                }
            }
            (CallKind::Lookup, CallState::Answered)
                if c.summary.as_deref() == Some(LOOKUP_SETTLED_ABSENT) =>
            {
                state = GroupState::Absent
            }
            // A create that failed cleanly changed nothing; answered creates and found lookups
            // set the job's group, which the caller checks first.
            _ => {}
        }
    }
    state
}

const DAY_MS: i64 = 24 * 3600 * 1000;

/// When each group creation of this job's account started in the last 24 hours (Unix ms), from
/// the journal of every job on the account: creates that were sent, answered or not.
fn recent_creates(history: &History, job: &JobRecord) -> Result<Vec<i64>> {
    creations_last_day(history, job.provider, &job.account_label)
}

/// When (Unix ms) the latest group creation from this account in the last 24 hours was done
/// (answered, or started when no answer was journaled): the creation spacing counts from there.
fn last_create_done(history: &History, job: &JobRecord) -> Result<Option<i64>> {
    let creates = creates_last_day(history, job.provider, &job.account_label)?;
    Ok(creates
        .into_iter()
        .map(|(started, finished)| finished.unwrap_or(started).max(started))
        .max())
}

/// When (Unix ms) each group creation sent from this account in the last 24 hours started:
/// what the daily creation limit counts, and what the Create screen shows ("2 of 10 today").
pub fn creations_last_day(
    history: &History,
    provider: groupdrop_providers::ProviderKind,
    account_label: &str,
) -> Result<Vec<i64>> {
    let creates = creates_last_day(history, provider, account_label)?;
    Ok(creates.into_iter().map(|(started, _)| started).collect())
}

/// Every group creation sent (answered or not) from this account in the last 24 hours, as
/// (started, finished) Unix ms, from the journal of every job on the account.
fn creates_last_day(
    history: &History,
    provider: groupdrop_providers::ProviderKind,
    account_label: &str,
) -> Result<Vec<(i64, Option<i64>)>> {
    let since = crate::history::now_ms() - DAY_MS;
    let mut creates = Vec::new();
    for summary in history.list(None, 200)? {
        if summary.provider != provider || summary.account != account_label {
            continue;
        }
        for call in history.calls(summary.job)? {
            let sent = call.kind == CallKind::Create && call.state != CallState::Failed;
            if sent && call.started_at >= since {
                creates.push((call.started_at, call.finished_at));
            }
        }
    }
    Ok(creates)
}

/// `14:35 UTC` for a Unix-ms moment (the CLI and the notes speak UTC; the window shows a
/// countdown).
fn clock_time(unix_ms: i64) -> String {
    let secs = unix_ms.div_euclid(1000).rem_euclid(86_400);
    format!("{:02}:{:02} UTC", secs / 3600, (secs % 3600) / 60)
}

/// The earliest creation time (Unix ms) a group made by a create journaled at `create_started`
/// (Unix ms, as `calls.started_at`) can show: the journal time less [`CREATE_CLOCK_ALLOWANCE`].
fn created_after(create_started: i64) -> i64 {
    create_started.saturating_sub(CREATE_CLOCK_ALLOWANCE.as_millis() as i64)
}

/// The summary the engine writes when a lookup proves an uncertain create did not happen.
const LOOKUP_SETTLED_ABSENT: &str = "not found; the earlier create did not happen";

fn batch_phones(members: &[MemberRecord], batch: usize) -> Vec<String> {
    members
        .iter()
        .filter(|m| m.batch == Some(batch))
        .map(|m| m.phone.clone())
        .collect()
}

fn batch_count(members: &[MemberRecord]) -> usize {
    members
        .iter()
        .filter_map(|m| m.batch)
        .max()
        .map_or(0, |b| b + 1)
}

/// "8 added, 2 invited" — counts only, never numbers.
fn describe(updates: &[MemberUpdate]) -> String {
    let mut n = BTreeMap::new();
    for u in updates {
        *n.entry(u.state.as_str()).or_insert(0) += 1;
    }
    if n.is_empty() {
        return "no member results".into();
    }
    n.iter()
        .map(|(k, v)| format!("{v} {k}"))
        .collect::<Vec<_>>()
        .join(", ")
}
