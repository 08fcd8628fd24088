//! "Sync a group with a file": next month's version of the class list against the group a run
//! made. Who is new in the file (to add), who is in the group and the file (nothing to do), who
//! is in the group but not in the file (listed, never removed: GroupDrop does not remove people
//! yet, and WhatsApp has no undo for a removal). Then a run that adds only the new people to the
//! same group, journaled and paced like any run, and resumable the same way.
//!
//! The current members come from the provider's own group read (Z-API group metadata, 2Chat
//! get-group) and are matched by WhatsApp identity (Brazil's ninth digit either way); members
//! WhatsApp lists only by a hidden id are counted, not guessed.

use super::{Connection, ResumeFrom, Session, Started};
use crate::error::{CoreError, Result};
use crate::history::NewJob;
use crate::plan::{JobOptions, PlanPart, PlannedMember};
use groupdrop_contacts::ImportReport;
use groupdrop_providers::identity::{is_lid, whatsapp_key};
use groupdrop_providers::{GroupRef, Provider, ProviderKind};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// One person of a sync: from the file (with its row) or from the group (without).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SyncPerson {
    pub row: Option<u32>,
    pub name: Option<String>,
    /// E.164.
    pub phone: String,
}

/// What a sync will do, before anything is sent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SyncPlan {
    /// The run that made the group.
    pub job: u32,
    pub provider: ProviderKind,
    pub group_name: String,
    /// In the file, not in the group: the sync adds them.
    pub to_add: Vec<SyncPerson>,
    /// In the file and in the group.
    pub already_in: Vec<SyncPerson>,
    /// In the group, not in the file (the account's own number aside): listed, not removed.
    pub missing: Vec<SyncPerson>,
    /// Members WhatsApp lists only by a hidden id: whether they are in the file cannot be told.
    pub hidden: u32,
    /// Rows of the file that could not be used (the import's reasons, as in Preview).
    pub import_rejected: u32,
}

/// A planned sync with the connection and group it was made against.
#[derive(Debug)]
pub struct PlannedSync {
    pub plan: SyncPlan,
    pub conn: Connection,
    group: GroupRef,
    auto_invite: bool,
    source: String,
}

/// How many numbers one add call carries when the provider's own limit is unknown here.
fn add_max(conn: &Connection) -> usize {
    conn.provider().limits().add_max.max(1)
}

impl Session {
    /// Reads the group's members from the provider and compares them with `report` (the new
    /// version of the list). Sends nothing.
    #[tracing::instrument(skip(self, report), fields(file = %report.file), err(level = "info"))]
    pub async fn sync_plan(
        &self,
        job: i64,
        report: &ImportReport,
        from: ResumeFrom,
    ) -> Result<PlannedSync> {
        let record = self.history.job(job)?;
        let group = record.group_ref().ok_or_else(|| {
            CoreError::InvalidInput(format!(
                "Run {job} made no group, so there is nothing to sync. Open its result to see what happened, or resume it first."
            ))
        })?;
        let conn = self.connect_for_job(&record, from)?;
        let check = self.recent_check(&conn).await?;
        let own = check
            .own_number
            .clone()
            .or_else(|| conn.own_number.clone())
            .map(|n| whatsapp_key(&n));
        let Some(current) = conn.provider().members(&group).await? else {
            return Err(CoreError::InvalidInput(format!(
                "{} did not list the members of \"{}\", so GroupDrop cannot tell who is new. Try again later.",
                conn.kind.display_name(),
                group.name
            )));
        };
        let hidden = current.iter().filter(|m| is_lid(m)).count() as u32;
        let in_group: HashSet<String> = current
            .iter()
            .filter(|m| !is_lid(m))
            .map(|m| whatsapp_key(m))
            .collect();
        let mut in_file = HashSet::new();
        let mut to_add = Vec::new();
        let mut already_in = Vec::new();
        for c in &report.contacts {
            let key = whatsapp_key(&c.phone);
            if own.as_deref() == Some(key.as_str()) || !in_file.insert(key.clone()) {
                continue;
            }
            let person = SyncPerson {
                row: Some(c.row),
                name: c.name.clone(),
                phone: c.phone.clone(),
            };
            if in_group.contains(&key) {
                already_in.push(person);
            } else {
                to_add.push(person);
            }
        }
        let missing = current
            .iter()
            .filter(|m| !is_lid(m))
            .filter(|m| {
                let key = whatsapp_key(m);
                !in_file.contains(&key) && own.as_deref() != Some(key.as_str())
            })
            .map(|m| SyncPerson {
                row: None,
                name: None,
                phone: if m.starts_with('+') {
                    m.clone()
                } else {
                    format!("+{m}")
                },
            })
            .collect();
        Ok(PlannedSync {
            plan: SyncPlan {
                job: super::run::to_u32(job),
                provider: record.provider,
                group_name: record.group_name.clone(),
                to_add,
                already_in,
                missing,
                hidden,
                import_rejected: report.rejected.len() as u32,
            },
            conn,
            group,
            auto_invite: record.options.auto_invite,
            source: report.file.clone(),
        })
    }

    /// Writes the sync to history as a run on the same group with only the new people, every
    /// one pending; [`Session::run`] then adds them (the engine sees the group exists and never
    /// creates one). `None` when nobody is new.
    #[tracing::instrument(skip(self, planned), err(level = "info"))]
    pub fn sync_start(&self, planned: &PlannedSync) -> Result<Option<Started>> {
        if planned.plan.to_add.is_empty() {
            return Ok(None);
        }
        let size = add_max(&planned.conn);
        let members: Vec<PlannedMember> = planned
            .plan
            .to_add
            .iter()
            .enumerate()
            .map(|(i, p)| PlannedMember {
                row: u64::from(p.row.unwrap_or_default()),
                name: p.name.clone(),
                phone: p.phone.clone(),
                batch: i / size,
            })
            .collect();
        let batches = members.last().map_or(0, |m| m.batch + 1);
        let part = PlanPart {
            name: planned.group.name.clone(),
            members,
            batches,
            options: JobOptions {
                auto_invite: planned.auto_invite,
                create_if_missing: false,
                part: None,
                setup: Default::default(),
            },
            group: None,
        };
        let id = self.history.create_job(&NewJob {
            provider: planned.plan.provider,
            account_id: planned.conn.account_id,
            account_label: &planned.conn.label,
            part: &part,
            import_rejections: &[],
            plan_rejections: &[],
            source: Some(&planned.source),
        })?;
        self.history.adopt_group(id, &planned.group)?;
        tracing::info!("sync of run {} written as run {id}", planned.plan.job);
        Ok(Some(Started { ids: vec![id] }))
    }
}
