//! Planning a run: the connection check first (it yields the account's own number, which is left
//! out here, in one place, for both shells), then the batches, the parts of a split list and the
//! time estimate.

use super::{Connection, Session};
use crate::error::{CoreError, Result};
use crate::job::EngineConfig;
use crate::pacing::PacingSettings;
use crate::plan::{Plan, PlanInput, PlanOptions, SetupRequest, MAX_MEMBERS};
use groupdrop_contacts::ImportReport;
use groupdrop_providers::{AccountCheck, Provider, ProviderKind, SetupCapability};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What the user chose on the Create screen or the `create` command line.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PlanRequest {
    pub name: String,
    /// Z-API: send a private invite to those who cannot be added directly.
    pub auto_invite: bool,
    /// EazyBe: create the group when no group with this name exists.
    pub create_if_missing: bool,
    /// More members than one group holds: split into numbered groups.
    pub split: bool,
    /// "One group per…" (the file was imported with [`super::ImportChoices::group_by`]): names
    /// typed for some groups, by the column's value. The others are made from `name`, where
    /// `{value}` stands for the value.
    #[serde(default)]
    pub group_names: BTreeMap<String, String>,
    /// Set up after create. Admins as typed (or picked from the file): they are read with the
    /// import's country, like the file's numbers.
    #[serde(default)]
    pub setup: SetupRequest,
}

/// A plan ready to start, with the check it was made after and the file it came from.
#[derive(Clone, Debug)]
pub struct Planned {
    pub plan: Plan,
    pub check: AccountCheck,
    /// The contact file's name, kept in history.
    pub source: String,
}

/// One group the run will make.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PlannedGroup {
    pub name: String,
    /// "One group per…": the column's value this group is for.
    pub value: Option<String>,
    pub members: u32,
    /// Members the create call carries.
    pub first_batch: u32,
    /// Further add calls, and how many numbers each carries at most.
    pub add_batches: u32,
    pub batch_size: u32,
}

/// "What will happen" before anything is sent: what the Create screen and its confirmation show.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PlanSummary {
    pub provider: ProviderKind,
    /// The account's label (the practice account's is `practice`).
    pub account: String,
    pub members: u32,
    pub groups: Vec<PlannedGroup>,
    /// More members than one group holds and `split` is off: Create stays disabled.
    pub needs_split: bool,
    /// Most members one group can have (WhatsApp's 1024 minus the creator).
    pub max_members: u32,
    /// The account's own number was in the list and is left out.
    pub own_number_skipped: bool,
    /// "One group per…": the column the groups are made by.
    pub group_column: Option<String>,
    /// "One group per…": rows with no value in that column, which join no group.
    pub ungrouped: Vec<UngroupedRow>,
    /// Practice provider: nothing real will be created.
    pub practice: bool,
    /// Roughly how long the run takes with the ban-safe pacing (provider gap, add jitter,
    /// creation spacing between groups), in seconds.
    pub estimated_secs: u32,
    /// Which "set up after create" steps this provider offers; a step that is not offered
    /// carries the one sentence the disabled control shows.
    pub setup: Vec<SetupCapability>,
}

/// A row that joins no group: nothing in the "one group per…" column.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct UngroupedRow {
    pub row: u32,
    pub name: Option<String>,
    pub phone: String,
}

impl PlanSummary {
    /// `pacing` is what the run will use (see [`Session::engine_config`]); the practice provider
    /// waits for nothing.
    pub fn of(plan: &Plan, conn: &Connection, pacing: PacingSettings) -> PlanSummary {
        let pacing = EngineConfig::from_env_with(pacing).pacing;
        let pacing = if plan.provider == ProviderKind::Practice {
            pacing.without_waits()
        } else {
            pacing
        };
        PlanSummary {
            provider: plan.provider,
            account: conn.label.clone(),
            members: plan.member_count() as u32,
            groups: plan
                .parts
                .iter()
                .map(|p| PlannedGroup {
                    name: p.name.clone(),
                    value: p.group.clone(),
                    members: p.members.len() as u32,
                    first_batch: p.members.iter().filter(|m| m.batch == 0).count() as u32,
                    add_batches: p.batches.saturating_sub(1) as u32,
                    batch_size: plan.add_max as u32,
                })
                .collect(),
            needs_split: false,
            max_members: MAX_MEMBERS as u32,
            own_number_skipped: plan
                .plan_rejections
                .iter()
                .any(|r| r.code.as_deref() == Some(crate::plan::OWN_NUMBER)),
            group_column: plan.group_column.clone(),
            ungrouped: plan
                .plan_rejections
                .iter()
                .filter(|r| r.code.as_deref() == Some(crate::plan::NO_GROUP))
                .map(|r| UngroupedRow {
                    row: r.row as u32,
                    name: r.name.clone(),
                    phone: r.phone.clone(),
                })
                .collect(),
            practice: plan.provider == ProviderKind::Practice,
            estimated_secs: plan.estimated_duration_with(&pacing).as_secs() as u32,
            setup: conn.provider().setup_capabilities(),
        }
    }
}

/// The setup request with every admin read as an import with `country` reads a number (E.164
/// with `+`), deduplicated. A number that cannot be read stops the plan with what to fix.
pub fn setup_for_plan(setup: &SetupRequest, country: Option<&str>) -> Result<SetupRequest> {
    let mut admins: Vec<String> = Vec::new();
    for typed in &setup.admins {
        if typed.trim().is_empty() {
            continue;
        }
        let e164 = groupdrop_contacts::normalise_number(typed, country).map_err(|code| {
            let why = serde_json::to_value(code)
                .ok()
                .and_then(|v| v.as_str().map(|s| s.replace('_', " ")))
                .unwrap_or_default();
            CoreError::InvalidInput(format!(
                "The admin number \"{}\" cannot be used ({why}). Write it with its country code (+55 11 98765-4321) or as the contact file writes its numbers.",
                typed.trim()
            ))
        })?;
        if !admins.contains(&e164) {
            admins.push(e164);
        }
    }
    Ok(SetupRequest {
        description: setup.description().map(str::to_string),
        admins,
        ..setup.clone()
    })
}

impl Session {
    /// Checks the connection (reusing a check from the last two minutes), then plans: the
    /// account's own number is left out, the list batched to the provider's limits and split
    /// when asked.
    #[tracing::instrument(skip(self, report), fields(file = %report.file), err(level = "info"))]
    pub async fn plan(
        &self,
        conn: &Connection,
        report: &ImportReport,
        request: &PlanRequest,
    ) -> Result<Planned> {
        self.plan_checked(conn, report, request, None).await
    }

    /// [`Session::plan`] after "Check numbers on WhatsApp": the numbers the check found not on
    /// WhatsApp are left out (rejections with the code `not_on_whatsapp`, never sent), and a
    /// Brazilian number is sent as WhatsApp registered it (with or without the ninth digit).
    #[tracing::instrument(skip(self, report, numbers), fields(file = %report.file), err(level = "info"))]
    pub async fn plan_checked(
        &self,
        conn: &Connection,
        report: &ImportReport,
        request: &PlanRequest,
        numbers: Option<&super::CheckReport>,
    ) -> Result<Planned> {
        let check = self.recent_check(conn).await?;
        let provider = conn.provider();
        let verdicts = numbers.map(|n| n.verdicts()).unwrap_or_default();
        let plan = Plan::build_checked(
            provider.kind(),
            &provider.limits(),
            PlanInput::from(report),
            &PlanOptions {
                name: request.name.clone(),
                auto_invite: request.auto_invite,
                create_if_missing: request.create_if_missing,
                split: request.split,
                // What the provider reports, else what the account keeps (2Chat's sending
                // number, Z-API's connected number saved by an earlier check or typed in).
                own_number: check.own_number.clone().or_else(|| conn.own_number.clone()),
                group_names: request.group_names.clone(),
                setup: setup_for_plan(&request.setup, report.country.as_deref())?,
            },
            &verdicts,
        )?;
        Ok(Planned {
            plan,
            check,
            source: report.file.clone(),
        })
    }

    /// [`Session::plan`] as the Create screen shows it: too many members for one group is not
    /// an error there but a summary that offers "split".
    pub async fn plan_summary(
        &self,
        conn: &Connection,
        report: &ImportReport,
        request: &PlanRequest,
        pacing: PacingSettings,
    ) -> Result<PlanSummary> {
        self.plan_summary_checked(conn, report, request, pacing, None)
            .await
    }

    /// [`Session::plan_summary`] after a number check (see [`Session::plan_checked`]).
    pub async fn plan_summary_checked(
        &self,
        conn: &Connection,
        report: &ImportReport,
        request: &PlanRequest,
        pacing: PacingSettings,
        numbers: Option<&super::CheckReport>,
    ) -> Result<PlanSummary> {
        match self.plan_checked(conn, report, request, numbers).await {
            Ok(planned) => Ok(PlanSummary::of(&planned.plan, conn, pacing)),
            Err(CoreError::TooManyMembers { count, max }) => Ok(PlanSummary {
                provider: conn.kind,
                account: conn.label.clone(),
                members: count as u32,
                groups: Vec::new(),
                needs_split: true,
                max_members: max as u32,
                own_number_skipped: false,
                group_column: report.group.as_ref().map(|g| g.column.clone()),
                ungrouped: Vec::new(),
                practice: conn.is_practice(),
                estimated_secs: 0,
                setup: conn.provider().setup_capabilities(),
            }),
            Err(e) => Err(e),
        }
    }
}
