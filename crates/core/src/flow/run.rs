//! Starting, running and resuming a whole run: every part of a split list, one after the other,
//! each journaled by the engine, with progress through one [`Observer`].

use super::{Connection, Planned, ResumeFrom, Session};
use crate::cancel::CancelToken;
use crate::error::Result;
use crate::history::NewJob;
use crate::job::{Engine, EngineConfig, Progress, Stage};
use crate::outcome::{JobStatus, Outcome};
use crate::pacing::PacingSettings;
use serde::{Deserialize, Serialize};

/// How far a run is: the part being worked on and its counts. One type for the CLI's progress
/// lines and the app's progress bar.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RunProgress {
    /// The run: the id of its first part (what `start`/`resume` returned). Every part reports
    /// under it, so the window, which tracks this id, follows a split run past group 1.
    pub job: u32,
    /// The part being worked on now (its own run number in history).
    pub part: u32,
    /// What the engine is doing (creating, adding, waiting out a Retry-After, ...).
    pub stage: Stage,
    /// 1-based batch being worked on (0 outside the create/add stages), of `batches`.
    pub batch: u32,
    pub batches: u32,
    /// Numbers with an answer so far, of all numbers in this part.
    pub numbers_done: u32,
    pub numbers_total: u32,
    /// Of the numbers done so far: in the group, invited, rejected (incl. import-side), and
    /// handed over without confirmation (EazyBe).
    pub added: u32,
    pub invited: u32,
    pub rejected: u32,
    pub sent: u32,
    /// Which numbered group (1-based) of a split list, and of how many.
    pub group_index: u32,
    pub group_count: u32,
    /// While waiting between two group creations (ban-safe spacing): seconds left when this was
    /// sent, for the countdown. `null` otherwise.
    pub wait_seconds: Option<u32>,
}

impl RunProgress {
    pub fn new(run: i64, p: &Progress, group_index: usize, group_count: usize) -> RunProgress {
        let c = p.counts;
        let total = c.added + c.invited + c.sent + c.rejected + c.pending;
        RunProgress {
            job: to_u32(run),
            part: to_u32(p.job),
            stage: p.stage,
            batch: p.batch,
            batches: p.batches,
            numbers_done: total - c.pending,
            numbers_total: total,
            added: c.added,
            invited: c.invited,
            rejected: c.rejected,
            sent: c.sent,
            group_index: group_index as u32,
            group_count: group_count as u32,
            wait_seconds: p.wait_until.map(|until| {
                let left_ms = (until - crate::history::now_ms()).max(0);
                u32::try_from((left_ms + 999) / 1000).unwrap_or(u32::MAX)
            }),
        }
    }
}

/// Where progress goes: the CLI prints a line, the app emits an event.
pub trait Observer: Send + Sync {
    fn progress(&self, progress: &RunProgress);
}

impl<F: Fn(&RunProgress) + Send + Sync> Observer for F {
    fn progress(&self, progress: &RunProgress) {
        self(progress)
    }
}

/// The parts a run will work through, in order; `ids[0]` is the run's id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Started {
    pub ids: Vec<i64>,
}

impl Started {
    pub fn run(&self) -> i64 {
        self.ids[0]
    }
}

pub(crate) fn to_u32(id: i64) -> u32 {
    u32::try_from(id).unwrap_or(u32::MAX)
}

impl Session {
    /// Writes the run to history, one job per part, every member pending. Nothing is sent yet.
    /// Import-side and plan-side rejections belong to the first part's result only.
    #[tracing::instrument(skip(self, planned), err(level = "info"))]
    pub fn start(&self, conn: &Connection, planned: &Planned) -> Result<Started> {
        let plan = &planned.plan;
        let ids = plan
            .parts
            .iter()
            .enumerate()
            .map(|(k, part)| {
                let first = k == 0;
                self.history.create_job(&NewJob {
                    provider: plan.provider,
                    account_id: conn.account_id,
                    account_label: &conn.label,
                    part,
                    import_rejections: if first { &plan.import_rejections } else { &[] },
                    plan_rejections: if first { &plan.plan_rejections } else { &[] },
                    source: Some(&planned.source),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        tracing::info!("run {} written ({} part(s))", ids[0], ids.len());
        Ok(Started { ids })
    }

    /// The engine's knobs: `pacing` (the app's Settings → Pace, the CLI's flags) unless
    /// `GROUPDROP_PACING_MS`/`GROUPDROP_PACING_SCALE` say otherwise. The one place both shells
    /// get them from.
    pub fn engine_config(&self, pacing: PacingSettings) -> EngineConfig {
        EngineConfig::from_env_with(pacing)
    }

    /// The pacing the app runs with: Settings → Pace.
    pub fn pacing(&self) -> PacingSettings {
        self.settings().pacing
    }

    /// Runs the parts one after another; stops at the first that does not finish (the others
    /// stay planned and resumable), or when `cancel` fires. Returns every part's outcome so far.
    #[tracing::instrument(skip(self, observer, cancel), err(level = "info"))]
    pub async fn run(
        &self,
        conn: &Connection,
        started: &Started,
        pacing: PacingSettings,
        observer: &dyn Observer,
        cancel: &CancelToken,
    ) -> Result<Vec<Outcome>> {
        let run = started.run();
        let mut outcomes = Vec::new();
        for (i, &id) in started.ids.iter().enumerate() {
            // A resumed part of a split list keeps its place ("group 2 of 3").
            let (index, count) = match self.history.job(id)?.options.part {
                Some((k, n)) => (k, n),
                None => (i + 1, started.ids.len()),
            };
            let sink = |p: &Progress| observer.progress(&RunProgress::new(run, p, index, count));
            let outcome = Engine::new(&self.history, conn.provider())
                .with_config(self.engine_config(pacing))
                .with_pacer(self.pacer.clone())
                .with_cancel(cancel.clone())
                .with_redactor(conn.redactor().clone())
                .with_progress(&sink)
                .run(id)
                .await?;
            let stop = !outcome.status.is_finished() || cancel.is_cancelled();
            outcomes.push(outcome);
            if stop {
                break;
            }
        }
        Ok(outcomes)
    }

    /// Every part of the run `job` belongs to, in order (just `job` for a one-group run): the
    /// parts of a split or "one group per…" list were written one after another, in one go (see
    /// [`Session::start`]), each knowing its place `(k, n)`.
    pub fn run_parts(&self, job: i64) -> Result<Vec<i64>> {
        let record = self.history.job(job)?;
        let Some((k, n)) = record.options.part else {
            return Ok(vec![job]);
        };
        let first = job - (k as i64 - 1);
        let mut ids = Vec::with_capacity(n);
        for (offset, part) in (1..=n).enumerate() {
            let id = first + offset as i64;
            if id == job {
                ids.push(id);
                continue;
            }
            let Ok(other) = self.history.job(id) else {
                continue;
            };
            let same_run = other.options.part == Some((part, n))
                && other.provider == record.provider
                && other.account_label == record.account_label;
            if same_run {
                ids.push(id);
            }
        }
        Ok(ids)
    }

    /// What resuming `job` means: nothing (every part of its run finished: here is the job's
    /// outcome), or the parts of its run that have not finished, in order, with the credentials
    /// the run was started with. Any part's number resumes the whole run.
    #[tracing::instrument(skip(self), err(level = "info"))]
    pub fn resume(&self, job: i64, from: ResumeFrom) -> Result<Resume> {
        let record = self.history.job(job)?;
        let mut ids = Vec::new();
        for id in self.run_parts(job)? {
            let part = if id == job {
                record.clone()
            } else {
                self.history.job(id)?
            };
            if self.history.effective_status(&part).is_resumable() {
                ids.push(id);
            }
        }
        if ids.is_empty() {
            return Ok(Resume::Finished(self.history.outcome(job)?));
        }
        let conn = self.connect_for_job(&record, from)?;
        Ok(Resume::Continue {
            conn,
            started: Started { ids },
        })
    }
}

/// See [`Session::resume`].
#[derive(Debug)]
pub enum Resume {
    Finished(Outcome),
    Continue { conn: Connection, started: Started },
}

/// Whether a run's parts all ended with every number settled.
pub fn all_finished(outcomes: &[Outcome]) -> bool {
    outcomes.iter().all(|o| o.status.is_finished())
}

/// The status a run shows: the first unfinished part's, else the last part's.
pub fn run_status(outcomes: &[Outcome]) -> JobStatus {
    outcomes
        .iter()
        .find(|o| !o.status.is_finished())
        .or(outcomes.last())
        .map_or(JobStatus::Failed, |o| o.status)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::Counts;

    // Moved from src-tauri/commands/jobs.rs (`progress_event`) with the progress mapping itself.
    #[test]
    fn progress_counts_everything_settled_as_done_under_the_runs_id() {
        let p = Progress {
            job: 9,
            stage: Stage::Adding,
            batch: 2,
            batches: 3,
            counts: Counts {
                added: 8,
                invited: 1,
                sent: 0,
                rejected: 1,
                pending: 15,
            },
            wait_until: None,
        };
        // Part 2 (job 9) of the run that started at job 7: reported under 7.
        let e = RunProgress::new(7, &p, 2, 3);
        assert_eq!((e.job, e.part, e.batch, e.batches), (7, 9, 2, 3));
        assert_eq!((e.numbers_done, e.numbers_total), (10, 25));
        assert_eq!((e.added, e.invited, e.rejected, e.sent), (8, 1, 1, 0));
        assert_eq!((e.group_index, e.group_count), (2, 3));
        assert_eq!(e.wait_seconds, None);

        // The wait between two group creations becomes whole seconds left, for the countdown.
        let waiting = Progress {
            stage: Stage::Waiting,
            wait_until: Some(crate::history::now_ms() + 90_000),
            ..p
        };
        let left = RunProgress::new(7, &waiting, 2, 3).wait_seconds.unwrap();
        assert!((89..=90).contains(&left), "{left}");
    }
}
