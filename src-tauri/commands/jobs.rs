//! Create screen: plan the group, start the job, follow its progress, cancel, resume.
//!
//! The rules (batching, journaling, never creating twice, pacing) are groupdrop-core's; this
//! module picks the account, hands core the import kept from the Preview, runs the engine on a
//! background task and forwards its progress as events.

use std::sync::Arc;

use groupdrop_core::history::NewJob;
use groupdrop_core::plan::{PlanInput, MAX_MEMBERS};
use groupdrop_core::redact::Redactor;
use groupdrop_core::{
    CoreError, Engine, EngineConfig, History, JobStatus, Plan, PlanOptions, Progress,
};
use groupdrop_providers::{AnyProvider, Provider, ProviderKind};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Manager, Runtime, State};
use tauri_specta::Event;

use crate::commands::accounts::{account, blocking};
use crate::error::{UiError, UiErrorKind};
use crate::events::{JobFinished, JobProgress};
use crate::provider::{self, PRACTICE_ACCOUNT_ID, PRACTICE_ACCOUNT_LABEL};
use crate::state::{AppState, RunningJob};

/// What the user chose on the Create screen.
#[derive(Clone, Debug, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct JobRequest {
    pub import_id: u32,
    pub account_id: u32,
    pub name: String,
    /// Z-API: send a private invite to those who cannot be added directly.
    pub auto_invite: bool,
    /// EazyBe: create the group when no group with this name exists.
    pub create_if_missing: bool,
    /// More members than one group holds: split into numbered groups.
    pub split: bool,
}

/// One group the job will make.
#[derive(Clone, Debug, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PlannedGroup {
    pub name: String,
    pub members: u32,
    /// Members the create call carries.
    pub first_batch: u32,
    /// Further add calls, and how many numbers each carries at most.
    pub add_batches: u32,
    pub batch_size: u32,
}

/// "What will happen" before anything is sent.
#[derive(Clone, Debug, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PlanSummary {
    pub members: u32,
    pub groups: Vec<PlannedGroup>,
    /// More members than one group holds and `split` is off: Create stays disabled.
    pub needs_split: bool,
    /// Most members one group can have (WhatsApp's 1024 minus the creator).
    pub max_members: u32,
    /// The account's own number was in the list and is left out.
    pub own_number_skipped: bool,
    /// Practice provider: nothing real will be created.
    pub practice: bool,
    /// Roughly how long the run takes with the ban-safe pacing (provider gap, add jitter,
    /// creation spacing between groups), in seconds.
    pub estimated_secs: u32,
}

/// A client for the chosen account, with what the engine needs to keep its secrets out of
/// everything it writes.
struct Chosen {
    provider: AnyProvider,
    account_id: Option<i64>,
    account_label: String,
    redactor: Redactor,
    /// The account's own WhatsApp number when known (2Chat's sending number, Z-API's connected
    /// number): left out of the plan, as the CLI does, so it is never sent as a member.
    own_number: Option<String>,
}

async fn choose(state: &AppState, account_id: u32) -> Result<Chosen, UiError> {
    if account_id == PRACTICE_ACCOUNT_ID {
        return Ok(Chosen {
            provider: provider::practice(state.data_dir()),
            account_id: None,
            account_label: PRACTICE_ACCOUNT_LABEL.to_string(),
            redactor: Redactor::default(),
            own_number: None,
        });
    }
    let history = state.history()?;
    let data_dir = state.data_dir().to_path_buf();
    blocking(history, move |accounts| {
        let a = account(accounts, account_id)?;
        let (config, redactor) = accounts.provider_config(&a, &data_dir)?;
        Ok(Chosen {
            provider: AnyProvider::from_config(config)?,
            account_id: Some(a.id),
            account_label: a.label.clone(),
            redactor,
            own_number: a.settings.from_number.clone(),
        })
    })
    .await
}

/// The plan for `req`. The outer error is ours (the import is gone); the inner one is core's
/// verdict on the plan, which `plan_job` partly turns into a summary instead of an error.
fn build_plan(
    state: &AppState,
    chosen: &Chosen,
    req: &JobRequest,
) -> Result<Result<Plan, CoreError>, UiError> {
    let report = state.import(req.import_id).ok_or_else(|| {
        UiError::not_found(
            "The contact file is no longer open. Open it again from the Start screen.",
        )
    })?;
    Ok(Plan::build(
        chosen.provider.kind(),
        &chosen.provider.limits(),
        PlanInput::from(&*report),
        &PlanOptions {
            name: req.name.clone(),
            auto_invite: req.auto_invite,
            create_if_missing: req.create_if_missing,
            split: req.split,
            own_number: chosen.own_number.clone(),
        },
    ))
}

fn summary(plan: &Plan, pacing: &groupdrop_core::pacing::PacingSettings) -> PlanSummary {
    PlanSummary {
        members: plan.member_count() as u32,
        groups: plan
            .parts
            .iter()
            .map(|p| PlannedGroup {
                name: p.name.clone(),
                members: p.members.len() as u32,
                first_batch: p.members.iter().filter(|m| m.batch == 0).count() as u32,
                add_batches: p.batches.saturating_sub(1) as u32,
                batch_size: plan.add_max as u32,
            })
            .collect(),
        needs_split: false,
        max_members: MAX_MEMBERS as u32,
        own_number_skipped: !plan.plan_rejections.is_empty(),
        practice: plan.provider == ProviderKind::Practice,
        estimated_secs: plan.estimated_duration_with(pacing).as_secs() as u32,
    }
}

#[tauri::command]
#[specta::specta]
pub async fn plan_job(
    request: JobRequest,
    state: State<'_, AppState>,
) -> Result<PlanSummary, UiError> {
    let chosen = choose(&state, request.account_id).await?;
    match build_plan(&state, &chosen, &request)? {
        Ok(plan) => {
            // The pacing the run will use: Settings → Pace (and the test overrides); none for
            // the practice provider.
            let pacing = EngineConfig::from_env_with(state.settings().pacing).pacing;
            let pacing = if plan.provider == ProviderKind::Practice {
                pacing.without_waits()
            } else {
                pacing
            };
            Ok(summary(&plan, &pacing))
        }
        // Not an error on this screen: the summary says so and offers "split".
        Err(CoreError::TooManyMembers { count, max }) => Ok(PlanSummary {
            members: count as u32,
            groups: Vec::new(),
            needs_split: true,
            max_members: max as u32,
            own_number_skipped: false,
            practice: chosen.provider.kind() == ProviderKind::Practice,
            estimated_secs: 0,
        }),
        Err(e) => Err(e.into()),
    }
}

/// Starts the job in the background and returns its id at once; progress arrives as
/// `JobProgress` events and the end as `JobFinished`. A split list becomes one job per group,
/// run one after the other; the returned id is the first.
#[tauri::command]
#[specta::specta]
pub async fn start_job<R: Runtime>(
    request: JobRequest,
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<u32, UiError> {
    if state.running_job().is_some() {
        return Err(busy());
    }
    let chosen = choose(&state, request.account_id).await?;
    let plan = build_plan(&state, &chosen, &request)??;
    let source = state
        .import(request.import_id)
        .map(|r| r.file.clone())
        .unwrap_or_default();
    let history = state.history()?;
    let ids = {
        let history = Arc::clone(&history);
        let label = chosen.account_label.clone();
        let account_id = chosen.account_id;
        tauri::async_runtime::spawn_blocking(move || -> Result<Vec<i64>, CoreError> {
            plan.parts
                .iter()
                .enumerate()
                .map(|(k, part)| {
                    // Import-side rejections belong to the first group's result only.
                    let first = k == 0;
                    history.create_job(&NewJob {
                        provider: plan.provider,
                        account_id,
                        account_label: &label,
                        part,
                        import_rejections: if first { &plan.import_rejections } else { &[] },
                        plan_rejections: if first { &plan.plan_rejections } else { &[] },
                        source: Some(&source),
                    })
                })
                .collect()
        })
        .await
        .map_err(UiError::internal)??
    };
    let first = to_u32(ids[0]);
    let running = state.begin_job(first).ok_or_else(busy)?;
    tracing::info!("starting job {first} ({} group(s))", ids.len());
    spawn_run(app, history, ids, chosen, running);
    Ok(first)
}

/// Stops after the call in flight; the job stays resumable from History.
#[tauri::command]
#[specta::specta]
pub async fn cancel_job(job: u32, state: State<'_, AppState>) -> Result<(), UiError> {
    match state.running_job() {
        Some(running) if running == job => {
            state.cancel_running();
            Ok(())
        }
        _ => Err(UiError::not_found(
            "This group is not being created right now.",
        )),
    }
}

/// Continues an unfinished job where its journal says it stopped (core looks before it
/// creates again, so nothing is sent twice).
#[tauri::command]
#[specta::specta]
pub async fn resume_job<R: Runtime>(
    job: u32,
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<u32, UiError> {
    if state.running_job().is_some() {
        return Err(busy());
    }
    let history = state.history()?;
    let record = {
        let history = Arc::clone(&history);
        tauri::async_runtime::spawn_blocking(move || history.job(i64::from(job)))
            .await
            .map_err(UiError::internal)??
    };
    if !history.effective_status(&record).is_resumable() {
        return Err(UiError::invalid(
            "This group is finished; there is nothing left to resume.",
        ));
    }
    let chosen = match (record.provider, record.account_id) {
        (ProviderKind::Practice, _) => choose(&state, PRACTICE_ACCOUNT_ID).await?,
        (_, Some(id)) => choose(&state, to_u32(id)).await.map_err(|e| {
            if e.kind == UiErrorKind::NotFound {
                UiError::not_found(format!(
                    "The account \"{}\" this group was created with has been removed. Add it again in Accounts, then resume.",
                    record.account_label
                ))
            } else {
                e
            }
        })?,
        (_, None) => {
            return Err(UiError::not_found(
                "This run was made without a saved account (from the command line). Resume it with groupdrop-cli resume.",
            ))
        }
    };
    let running = state.begin_job(job).ok_or_else(busy)?;
    spawn_run(app, history, vec![i64::from(job)], chosen, running);
    Ok(job)
}

/// The job running now, if any (the UI re-attaches its progress view after a reload).
#[tauri::command]
#[specta::specta]
pub fn running_job(state: State<'_, AppState>) -> Option<u32> {
    state.running_job()
}

/// The user confirmed closing while a job runs: stop it (it stays resumable) and exit.
#[tauri::command]
#[specta::specta]
pub fn confirm_close<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) {
    state.cancel_running();
    app.exit(0);
}

fn busy() -> UiError {
    UiError::new(
        UiErrorKind::JobRunning,
        "A group is already being created. Wait for it to finish (or stop it), then try again.",
    )
}

fn to_u32(id: i64) -> u32 {
    u32::try_from(id).unwrap_or(u32::MAX)
}

/// Maps core's progress to the event the progress bar listens to.
pub fn progress_event(p: &Progress, group_index: usize, group_count: usize) -> JobProgress {
    let c = p.counts;
    let total = c.added + c.invited + c.sent + c.rejected + c.pending;
    JobProgress {
        job: to_u32(p.job),
        stage: p.stage,
        batch: p.batch,
        batches: p.batches,
        numbers_done: total - c.pending,
        numbers_total: total,
        added: c.added,
        invited: c.invited,
        rejected: c.rejected,
        sent: c.sent,
        group_index: group_index as u32 + 1,
        group_count: group_count as u32,
        wait_seconds: p.wait_until.map(|until| {
            let left_ms = (until - groupdrop_core::history::now_ms()).max(0);
            u32::try_from((left_ms + 999) / 1000).unwrap_or(u32::MAX)
        }),
    }
}

fn spawn_run<R: Runtime>(
    app: AppHandle<R>,
    history: Arc<History>,
    ids: Vec<i64>,
    chosen: Chosen,
    running: RunningJob,
) {
    let pacer = app.state::<AppState>().pacer();
    // The user's Settings → Pacing (GROUPDROP_PACING_MS still overrides it, for test servers).
    let pacing = app.state::<AppState>().settings().pacing;
    tauri::async_runtime::spawn(async move {
        let count = ids.len();
        let mut status = JobStatus::Failed;
        let mut error = None;
        for (k, id) in ids.iter().enumerate() {
            let sink_app = app.clone();
            let run_id = running.id;
            let sink = move |p: &Progress| {
                // Every part reports under the run's id (the one the window tracks), so a split
                // run's progress goes on past group 1.
                let event = JobProgress {
                    job: run_id,
                    ..progress_event(p, k, count)
                };
                if let Err(e) = event.emit(&sink_app) {
                    tracing::warn!("progress event not delivered: {e}");
                }
            };
            let engine = Engine::new(&history, &chosen.provider)
                .with_config(EngineConfig::from_env_with(pacing))
                .with_pacer(pacer.clone())
                .with_cancel(running.cancel.clone())
                .with_redactor(chosen.redactor.clone())
                .with_progress(&sink);
            match engine.run(*id).await {
                Ok(outcome) => {
                    status = outcome.status;
                    // The next numbered group only after this one is settled.
                    if !status.is_finished() || running.cancel.is_cancelled() {
                        break;
                    }
                }
                Err(e) => {
                    tracing::warn!("job {id} could not run: {e}");
                    error = Some(UiError::from(e));
                    break;
                }
            }
        }
        app.state::<AppState>().end_job(running.id);
        tracing::info!("job {} stopped: {}", running.id, status.as_str());
        let finished = JobFinished {
            job: running.id,
            status,
            error,
        };
        if let Err(e) = finished.emit(&app) {
            tracing::warn!("finished event not delivered: {e}");
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use groupdrop_core::job::Stage;
    use groupdrop_core::outcome::Counts;

    #[test]
    fn progress_counts_everything_settled_as_done() {
        let p = Progress {
            job: 7,
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
        let e = progress_event(&p, 0, 1);
        assert_eq!((e.job, e.batch, e.batches), (7, 2, 3));
        assert_eq!((e.numbers_done, e.numbers_total), (10, 25));
        assert_eq!((e.added, e.invited, e.rejected, e.sent), (8, 1, 1, 0));
        assert_eq!((e.group_index, e.group_count), (1, 1));
        assert_eq!(e.wait_seconds, None);

        // The wait between two group creations becomes whole seconds left, for the countdown.
        let waiting = Progress {
            stage: Stage::Waiting,
            wait_until: Some(groupdrop_core::history::now_ms() + 90_000),
            ..p
        };
        let left = progress_event(&waiting, 1, 3).wait_seconds.unwrap();
        assert!((89..=90).contains(&left), "{left}");
    }
}
