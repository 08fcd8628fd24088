//! From an imported contact list to a plan the engine can run: a checked group name, the members
//! in provider-sized batches, and everything that will not be sent with the reason why.
//!
//! The plan is pure: no I/O, no provider calls. It is what the "Create" screen and the CLI
//! preview show, and what a job is built from.

use crate::error::{CoreError, Result};
use groupdrop_providers::identity::same_identity;
use groupdrop_providers::{CheckStatus, Limits, ProviderKind};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::time::Duration;

/// WhatsApp's subject limit ("The subject can contain at most 100 characters").
pub const MAX_NAME_CHARS: usize = 100;

/// WhatsApp groups hold 1024 people including the creator.
pub const MAX_MEMBERS: usize = 1023;

/// One usable number from the import.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanContact {
    /// The row as the user sees it in the spreadsheet (header = row 1), or the vCard's index.
    pub row: u64,
    pub name: Option<String>,
    /// E.164 with `+`.
    pub phone: String,
}

/// A row the import could not use. Carried into the job so the result lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportRejection {
    pub row: u64,
    pub input: String,
    /// English, as the importer wrote it.
    pub reason: String,
    /// The importer's stable `RejectCode` (`too_short`, `letters`, ...), so a result read back
    /// from history can still be shown in the user's language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The country the reason is about (`BR` in "too short for a Brazilian number").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_country: Option<String>,
}

/// What the planner needs from an import (see `From<&ImportReport>`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanInput {
    pub contacts: Vec<PlanContact>,
    pub rejected: Vec<ImportRejection>,
    /// Rows the import already merged into an earlier row with the same number.
    pub duplicates: usize,
    /// "One group per…": each row's value in that column. `None`: one group of everyone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub groups: Option<GroupValues>,
    /// The rows the import merged as repeats, with their numbers: with `groups`, a person on
    /// several rows (a teacher in every class) joins each of those rows' groups. Empty otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub repeats: Vec<PlanContact>,
}

/// The "one group per…" column's values, by row.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupValues {
    pub column: String,
    pub rows: Vec<(u64, String)>,
}

impl From<&groupdrop_contacts::ImportReport> for PlanInput {
    fn from(r: &groupdrop_contacts::ImportReport) -> Self {
        PlanInput {
            contacts: r
                .contacts
                .iter()
                .map(|c| PlanContact {
                    row: u64::from(c.row),
                    name: c.name.clone(),
                    phone: c.phone.clone(),
                })
                .collect(),
            rejected: r
                .rejected
                .iter()
                .map(|x| ImportRejection {
                    row: u64::from(x.row),
                    input: x.input.clone(),
                    reason: x.reason.clone(),
                    code: serde_json::to_value(x.code)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned)),
                    reason_country: x.reason_country.clone(),
                })
                .collect(),
            duplicates: r.duplicates.len(),
            groups: r.group.as_ref().map(|g| GroupValues {
                column: g.column.clone(),
                rows: g
                    .rows
                    .iter()
                    .map(|c| (u64::from(c.row), c.value.clone()))
                    .collect(),
            }),
            repeats: if r.group.is_some() {
                r.duplicates
                    .iter()
                    .map(|d| PlanContact {
                        row: u64::from(d.row),
                        name: d.name.clone(),
                        phone: d.phone.clone(),
                    })
                    .collect()
            } else {
                Vec::new()
            },
        }
    }
}

/// What the user chose.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanOptions {
    /// The group's name; with "one group per…", the template every group's name is made from
    /// (`{value} parents 2026`).
    pub name: String,
    /// "One group per…": names the user typed for some groups, by the column's value; the
    /// others come from the template.
    pub group_names: BTreeMap<String, String>,
    /// Z-API `autoInvite`; stored for every provider so a resume repeats the same choice.
    pub auto_invite: bool,
    /// EazyBe `create`: create the group when none has this name.
    pub create_if_missing: bool,
    /// Split a list over [`MAX_MEMBERS`] into "Name (1)", "Name (2)", ...
    pub split: bool,
    /// The account's own number (E.164), never added: Z-API refuses it, others ignore it.
    pub own_number: Option<String>,
    /// What to set up once the members are in (admins already E.164).
    pub setup: SetupRequest,
}

/// "Set up after create": what the user asked for. Stored with the job (in [`JobOptions`]) so a
/// resume repeats exactly the same choice. Only what is asked for is run and reported.
///
/// Admins must be members: a number the file does not have (or that the provider did not let
/// in) is not added behind the user's back; the admins step is reported failed for it, with the
/// reason ("not in the group"), and the others are still made admins.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", default)]
pub struct SetupRequest {
    /// The group's description; `None` or blank: not asked.
    pub description: Option<String>,
    /// Numbers to make admins. In a plan and a job: E.164 with `+` (the flow reads typed ones
    /// with the import's country).
    pub admins: Vec<String>,
    /// Only admins can send messages.
    pub admins_only_messages: bool,
    /// Only admins can edit the group's info.
    pub admins_only_settings: bool,
}

impl SetupRequest {
    /// The description as it will be sent: trimmed, `None` when blank.
    pub fn description(&self) -> Option<&str> {
        self.description
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty())
    }

    /// The steps asked for, in the order they run.
    pub fn steps(&self) -> Vec<groupdrop_providers::SetupStepKind> {
        use groupdrop_providers::SetupStepKind as K;
        let mut steps = Vec::new();
        if self.description().is_some() {
            steps.push(K::Description);
        }
        if !self.admins.is_empty() {
            steps.push(K::Admins);
        }
        if self.admins_only_messages {
            steps.push(K::AdminsOnlyMessages);
        }
        if self.admins_only_settings {
            steps.push(K::AdminsOnlySettings);
        }
        steps
    }

    pub fn is_empty(&self) -> bool {
        self.steps().is_empty()
    }
}

/// Options a job keeps for its whole life (resume uses exactly these).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobOptions {
    pub auto_invite: bool,
    pub create_if_missing: bool,
    /// `(k, n)`: this job is group k of n of a split list.
    pub part: Option<(usize, usize)>,
    /// Set up after create. Jobs written before it have none (`default`).
    #[serde(default, skip_serializing_if = "SetupRequest::is_empty")]
    pub setup: SetupRequest,
}

/// A number that will be sent, with the batch it goes in (0 = the create call).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedMember {
    pub row: u64,
    pub name: Option<String>,
    pub phone: String,
    pub batch: usize,
}

/// One group to create.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanPart {
    pub name: String,
    pub members: Vec<PlannedMember>,
    /// Number of batches: 1 create + `batches - 1` adds.
    pub batches: usize,
    pub options: JobOptions,
    /// "One group per…": the column's value this group was made for.
    pub group: Option<String>,
}

/// A number the plan refused: the account's own number, or one a number check found not on
/// WhatsApp.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanRejection {
    pub row: u64,
    pub name: Option<String>,
    pub phone: String,
    pub reason: String,
    /// Why, stably: [`OWN_NUMBER`], [`NOT_ON_WHATSAPP`] or [`NO_GROUP`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

pub const OWN_NUMBER_REASON: &str = "this is the account's own number";
pub const OWN_NUMBER: &str = "own_number";
pub const NOT_ON_WHATSAPP_REASON: &str =
    "not on WhatsApp (the provider's number check said so), so it was not sent";
pub const NOT_ON_WHATSAPP: &str = "not_on_whatsapp";
/// "One group per…": the row has no value in the column, so it belongs to no group.
pub const NO_GROUP: &str = "no_group";

/// What a number check said about one number, as planning uses it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckVerdict {
    pub status: CheckStatus,
    /// The number as WhatsApp registered it (E.164), when the provider said.
    pub whatsapp_id: Option<String>,
}

impl PlanInput {
    /// Applies a number check (`verdicts` by E.164 number): a number not on WhatsApp is taken
    /// out and returned as a rejection; a number on WhatsApp under another spelling of the same
    /// identity (Brazil's ninth digit) is sent as WhatsApp registered it. A provider's answer
    /// naming a different person is ignored: only the ninth digit may change. Unknown and
    /// unchecked numbers stay as they are.
    pub fn apply_checks(
        &mut self,
        verdicts: &std::collections::HashMap<String, CheckVerdict>,
    ) -> Vec<PlanRejection> {
        let mut out = Vec::new();
        // With "one group per…", the repeats join groups too: the same answer applies to them.
        for list in [&mut self.contacts, &mut self.repeats] {
            let mut kept = Vec::with_capacity(list.len());
            for mut c in std::mem::take(list) {
                match verdicts.get(&compact(&c.phone)) {
                    Some(v) if v.status == CheckStatus::NotOnWhatsapp => {
                        out.push(PlanRejection {
                            row: c.row,
                            name: c.name,
                            phone: compact(&c.phone),
                            reason: NOT_ON_WHATSAPP_REASON.into(),
                            code: Some(NOT_ON_WHATSAPP.into()),
                        });
                        continue;
                    }
                    Some(CheckVerdict {
                        status: CheckStatus::OnWhatsapp,
                        whatsapp_id: Some(id),
                    }) if same_identity(id, &c.phone) => c.phone = compact(id),
                    _ => {}
                }
                kept.push(c);
            }
            *list = kept;
        }
        out
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    pub provider: ProviderKind,
    pub parts: Vec<PlanPart>,
    /// Import-side rejections (stage "import"), attached to the first part's job.
    pub import_rejections: Vec<ImportRejection>,
    /// Numbers the plan took out (own number), attached to the first part's job.
    pub plan_rejections: Vec<PlanRejection>,
    /// Rows merged because they repeat a number already in the list.
    pub duplicates: usize,
    pub create_max: usize,
    pub add_max: usize,
    pub min_gap: Duration,
    /// "One group per…": the column the groups were made by.
    pub group_column: Option<String>,
}

impl Plan {
    pub fn build(
        provider: ProviderKind,
        limits: &Limits,
        input: PlanInput,
        options: &PlanOptions,
    ) -> Result<Plan> {
        // With "one group per…" the name is a template: each group's own name is checked once
        // `{value}` is filled in.
        let name = match input.groups {
            Some(_) => options.name.trim().to_string(),
            None => check_name(&options.name)?,
        };
        let own = options.own_number.as_deref().map(compact);
        let mut duplicates = input.duplicates;
        let mut plan_rejections = Vec::new();
        let own_number = |c: &PlanContact, phone: &str, out: &mut Vec<PlanRejection>| {
            let is_own = own.as_deref() == Some(phone);
            if is_own {
                out.push(PlanRejection {
                    row: c.row,
                    name: c.name.clone(),
                    phone: phone.to_string(),
                    reason: OWN_NUMBER_REASON.into(),
                    code: Some(OWN_NUMBER.into()),
                });
            }
            is_own
        };
        // (group value, name, members) in the order the groups first appear in the file.
        let mut groups: Vec<(Option<String>, String, Vec<PlanContact>)> = Vec::new();
        match &input.groups {
            None => {
                let mut seen = HashSet::new();
                let mut members = Vec::with_capacity(input.contacts.len());
                for c in input.contacts {
                    let phone = compact(&c.phone);
                    if !seen.insert(phone.clone()) {
                        duplicates += 1;
                        continue;
                    }
                    if own_number(&c, &phone, &mut plan_rejections) {
                        continue;
                    }
                    members.push(PlanContact { phone, ..c });
                }
                groups.push((None, name.clone(), members));
            }
            Some(by) => {
                let value_of: HashMap<u64, &str> =
                    by.rows.iter().map(|(row, v)| (*row, v.as_str())).collect();
                // Everyone, repeats included: a teacher on one row per class joins every class.
                let mut everyone: Vec<PlanContact> = input.contacts;
                everyone.extend(input.repeats.iter().cloned());
                everyone.sort_by_key(|c| c.row);
                let mut index: HashMap<String, usize> = HashMap::new();
                let mut seen: Vec<HashSet<String>> = Vec::new();
                // The import merged repeats over the whole file; here only repeats within one
                // group are merged, so the count starts again.
                duplicates = 0;
                for c in everyone {
                    let phone = compact(&c.phone);
                    let Some(value) = value_of.get(&c.row).copied() else {
                        plan_rejections.push(PlanRejection {
                            row: c.row,
                            name: c.name,
                            phone,
                            reason: no_group_reason(&by.column),
                            code: Some(NO_GROUP.into()),
                        });
                        continue;
                    };
                    if own_number(&c, &phone, &mut plan_rejections) {
                        continue;
                    }
                    let g = *index.entry(value.to_string()).or_insert_with(|| {
                        let group_name = options
                            .group_names
                            .get(value)
                            .map(String::as_str)
                            .unwrap_or(&name)
                            .replace(VALUE_PLACEHOLDER, value);
                        groups.push((Some(value.to_string()), group_name, Vec::new()));
                        seen.push(HashSet::new());
                        groups.len() - 1
                    });
                    if !seen[g].insert(phone.clone()) {
                        duplicates += 1;
                        continue;
                    }
                    groups[g].2.push(PlanContact { phone, ..c });
                }
                check_group_names(&mut groups)?;
            }
        }
        let member_total: usize = groups.iter().map(|g| g.2.len()).sum();
        if member_total == 0 {
            let detail = match (input.rejected.len(), plan_rejections.len()) {
                (0, 0) => String::new(),
                (r, 0) => format!(" ({r} rows were rejected by the import)"),
                (0, _) if input.groups.is_some() => {
                    " (no row has a value in the column the groups are made by)".into()
                }
                (0, _) => " (the only number is the account's own)".into(),
                (r, _) => {
                    format!(" ({r} rows were rejected and the rest is the account's own number)")
                }
            };
            return Err(CoreError::NoMembers { detail });
        }
        if let Some(biggest) = groups.iter().map(|g| g.2.len()).max() {
            if biggest > MAX_MEMBERS && !options.split {
                return Err(CoreError::TooManyMembers {
                    count: biggest,
                    max: MAX_MEMBERS,
                });
            }
        }
        let create_max = limits.create_max.max(1);
        let add_max = limits.add_max.max(1);
        let part_count: usize = groups.iter().map(|g| g.2.len().div_ceil(MAX_MEMBERS)).sum();
        let mut parts = Vec::with_capacity(part_count);
        for (value, group_name, members) in groups {
            let pieces = members.len().div_ceil(MAX_MEMBERS);
            let total = members.len();
            let mut rest = members.into_iter();
            for k in 0..pieces {
                // Even sizes (1100 → 550 + 550) rather than 1023 + 77: friendlier groups, same
                // call count.
                let size = total / pieces + usize::from(k < total % pieces);
                let part_name = if pieces > 1 {
                    check_name(&format!("{group_name} ({})", k + 1))?
                } else {
                    group_name.clone()
                };
                let members: Vec<PlannedMember> = rest
                    .by_ref()
                    .take(size)
                    .enumerate()
                    .map(|(i, c)| PlannedMember {
                        row: c.row,
                        name: c.name,
                        phone: c.phone,
                        batch: batch_of(i, create_max, add_max),
                    })
                    .collect();
                let batches = members.last().map_or(0, |m| m.batch + 1);
                let index = parts.len();
                parts.push(PlanPart {
                    name: part_name,
                    members,
                    batches,
                    options: JobOptions {
                        auto_invite: options.auto_invite,
                        create_if_missing: options.create_if_missing,
                        part: (part_count > 1).then_some((index + 1, part_count)),
                        setup: options.setup.clone(),
                    },
                    group: value.clone(),
                });
            }
        }
        Ok(Plan {
            provider,
            parts,
            import_rejections: input.rejected,
            plan_rejections,
            duplicates,
            create_max,
            add_max,
            min_gap: limits.min_gap,
            group_column: input.groups.map(|g| g.column),
        })
    }

    /// [`Plan::build`] after a number check: numbers not on WhatsApp become rejections with
    /// [`NOT_ON_WHATSAPP`] and are never sent; Brazilian numbers go as WhatsApp registered them.
    pub fn build_checked(
        provider: ProviderKind,
        limits: &Limits,
        mut input: PlanInput,
        options: &PlanOptions,
        verdicts: &std::collections::HashMap<String, CheckVerdict>,
    ) -> Result<Plan> {
        let not_on = input.apply_checks(verdicts);
        match Plan::build(provider, limits, input, options) {
            Ok(mut plan) => {
                plan.plan_rejections.extend(not_on);
                Ok(plan)
            }
            Err(CoreError::NoMembers { .. }) if !not_on.is_empty() => Err(CoreError::NoMembers {
                detail: format!(
                    " (the number check found {} of them not on WhatsApp)",
                    not_on.len()
                ),
            }),
            Err(e) => Err(e),
        }
    }

    /// Everyone who will be sent, over all parts.
    pub fn member_count(&self) -> usize {
        self.parts.iter().map(|p| p.members.len()).sum()
    }

    /// Provider calls the plan needs (creates + adds), not counting lookups or link fetches.
    pub fn call_count(&self) -> usize {
        self.parts.iter().map(|p| p.batches).sum()
    }

    /// Roughly how long the calls take at the provider's pace: the gaps between them.
    pub fn estimated_duration(&self) -> Duration {
        self.min_gap * (self.call_count().saturating_sub(1) as u32)
    }

    /// How long the run will take with the ban-safe pacing, for "About 2 minutes" before Create:
    /// each add waits the larger of the provider's gap and the mean add jitter, and each group
    /// after the first waits out what is left of the creation spacing when its turn comes.
    pub fn estimated_duration_with(&self, pacing: &crate::pacing::PacingSettings) -> Duration {
        let mean_jitter = Duration::from_millis(
            (u64::from(pacing.add_jitter_min_ms) + u64::from(pacing.add_jitter_max_ms)) / 2,
        );
        let add_gap = self.min_gap.max(mean_jitter);
        let spacing = pacing.creation_spacing();
        let mut total = Duration::ZERO;
        for (k, part) in self.parts.iter().enumerate() {
            let part_time = add_gap * (part.batches.saturating_sub(1) as u32);
            total += part_time;
            if k + 1 < self.parts.len() {
                total += spacing.saturating_sub(part_time).max(self.min_gap);
            }
        }
        total
    }

    /// One or two lines for the preview, e.g. "1 create + 3 batches of 10, about 8 s at 2Chat's pace".
    pub fn summary(&self) -> String {
        let mut lines = Vec::new();
        let pace = format!(
            "{} at {}'s pace",
            human_duration(self.estimated_duration()),
            self.provider.display_name()
        );
        if self.parts.len() == 1 {
            let p = &self.parts[0];
            lines.push(format!(
                "\"{}\": {} — {}, {pace}.",
                p.name,
                people(p.members.len()),
                self.calls_phrase(p)
            ));
        } else {
            lines.push(match &self.group_column {
                Some(column) => format!(
                    "{} numbers in {} groups, one per \"{column}\", {pace}:",
                    self.member_count(),
                    self.parts.len()
                ),
                None => format!(
                    "{} numbers split into {} groups, {pace}:",
                    self.member_count(),
                    self.parts.len()
                ),
            });
            for p in &self.parts {
                lines.push(format!(
                    "  \"{}\": {} — {}",
                    p.name,
                    people(p.members.len()),
                    self.calls_phrase(p)
                ));
            }
        }
        let mut left_out = Vec::new();
        if !self.import_rejections.is_empty() {
            left_out.push(format!(
                "{} rejected by the import",
                rows(self.import_rejections.len())
            ));
        }
        if self.duplicates > 0 {
            left_out.push(format!("{} merged as duplicates", rows(self.duplicates)));
        }
        let with_code = |code: &str| {
            self.plan_rejections
                .iter()
                .filter(|r| r.code.as_deref() == Some(code))
                .count()
        };
        if with_code(OWN_NUMBER) > 0 {
            left_out.push("the account's own number left out".into());
        }
        let not_on = with_code(NOT_ON_WHATSAPP);
        if not_on > 0 {
            left_out.push(format!("{} not on WhatsApp (number check)", people(not_on)));
        }
        let no_group = with_code(NO_GROUP);
        if no_group > 0 {
            left_out.push(format!(
                "{} with no value in the \"{}\" column",
                rows(no_group),
                self.group_column.as_deref().unwrap_or_default()
            ));
        }
        if !left_out.is_empty() {
            lines.push(format!("Not sent: {}.", left_out.join(", ")));
        }
        lines.join("\n")
    }

    fn calls_phrase(&self, p: &PlanPart) -> String {
        let adds = p.batches.saturating_sub(1);
        if adds == 0 {
            return "1 create".into();
        }
        let add_sizes: Vec<usize> = (1..p.batches)
            .map(|b| p.members.iter().filter(|m| m.batch == b).count())
            .collect();
        let uniform = add_sizes.iter().all(|&s| s == self.add_max);
        let of = if uniform {
            format!("of {}", self.add_max)
        } else {
            format!("of up to {}", self.add_max)
        };
        let word = if adds == 1 { "batch" } else { "batches" };
        format!("1 create + {adds} {word} {of}")
    }
}

/// Where a group's value goes in the name template: `{value} parents 2026`.
pub const VALUE_PLACEHOLDER: &str = "{value}";

/// The reason a row with no value in the "one group per…" column is not sent.
pub fn no_group_reason(column: &str) -> String {
    format!("no value in the \"{column}\" column, so it belongs to no group")
}

/// Every group's name checked, and no two alike: "5A" and "5B" both called "Parents" would be
/// two groups nobody can tell apart.
fn check_group_names(groups: &mut [(Option<String>, String, Vec<PlanContact>)]) -> Result<()> {
    let mut by_name: HashMap<String, &str> = HashMap::new();
    for (value, name, _) in groups.iter_mut() {
        let value = value.as_deref().unwrap_or_default();
        *name = check_name(name).map_err(|e| match e {
            CoreError::BadName(why) => CoreError::BadName(format!("Group \"{value}\": {why}")),
            other => other,
        })?;
        if let Some(other) = by_name.insert(name.to_lowercase(), value) {
            return Err(CoreError::BadName(format!(
                "The groups \"{other}\" and \"{value}\" would both be called \"{name}\". Put {VALUE_PLACEHOLDER} in the name, or give each group its own name."
            )));
        }
    }
    Ok(())
}

/// Trims the name and checks it against WhatsApp's subject rules.
pub fn check_name(raw: &str) -> Result<String> {
    let name = raw.trim();
    if name.is_empty() {
        return Err(CoreError::BadName(
            "The group name is empty. Type a name for the group.".into(),
        ));
    }
    let chars = name.chars().count();
    if chars > MAX_NAME_CHARS {
        return Err(CoreError::BadName(format!(
            "The group name has {chars} characters, {} over WhatsApp's limit of {MAX_NAME_CHARS}. Shorten it.",
            chars - MAX_NAME_CHARS
        )));
    }
    if name.chars().any(|c| c.is_control()) {
        return Err(CoreError::BadName(
            "The group name contains a line break or another invisible control character. Type it on one line.".into(),
        ));
    }
    Ok(name.to_string())
}

/// Batch of the i-th member: 0 for the first `create_max`, then groups of `add_max`.
fn batch_of(i: usize, create_max: usize, add_max: usize) -> usize {
    if i < create_max {
        0
    } else {
        1 + (i - create_max) / add_max
    }
}

fn compact(phone: &str) -> String {
    phone.chars().filter(|c| !c.is_whitespace()).collect()
}

fn people(n: usize) -> String {
    if n == 1 {
        "1 number".into()
    } else {
        format!("{n} numbers")
    }
}

fn rows(n: usize) -> String {
    if n == 1 {
        "1 row".into()
    } else {
        format!("{n} rows")
    }
}

/// "about 8 s", "about 3 min", "about 1 h 10 min".
pub fn human_duration(d: Duration) -> String {
    let s = d.as_secs_f64().round() as u64;
    if s < 1 {
        "under a second".into()
    } else if s < 90 {
        format!("about {s} s")
    } else if s < 90 * 60 {
        format!("about {} min", (s + 30) / 60)
    } else {
        let m = (s + 30) / 60;
        format!("about {} h {} min", m / 60, m % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(create_max: usize, add_max: usize, gap_ms: u64) -> Limits {
        Limits {
            create_max,
            add_max,
            min_gap: Duration::from_millis(gap_ms),
            list_lag: Duration::ZERO,
            per_number_results: true,
            invite_link_call: true,
            member_list: true,
        }
    }

    fn contacts(n: usize) -> PlanInput {
        PlanInput {
            contacts: (0..n)
                .map(|i| PlanContact {
                    row: i as u64 + 2,
                    name: Some(format!("P{i}")),
                    phone: format!("+55119{:08}", i),
                })
                .collect(),
            rejected: vec![],
            duplicates: 0,
            ..Default::default()
        }
    }

    /// Rows 2..: (name, phone, class); repeats of a number become `repeats`, as the import does.
    fn classes(rows: &[(&str, &str, &str)]) -> PlanInput {
        let mut input = PlanInput {
            groups: Some(GroupValues {
                column: "Class".into(),
                rows: Vec::new(),
            }),
            ..Default::default()
        };
        let mut seen = HashSet::new();
        for (i, (name, phone, class)) in rows.iter().enumerate() {
            let row = i as u64 + 2;
            let c = PlanContact {
                row,
                name: Some(name.to_string()),
                phone: phone.to_string(),
            };
            if seen.insert(phone.to_string()) {
                input.contacts.push(c);
            } else {
                input.repeats.push(c);
                input.duplicates += 1;
            }
            if !class.is_empty() {
                let g = input.groups.as_mut().unwrap();
                g.rows.push((row, class.to_string()));
            }
        }
        input
    }

    #[test]
    fn one_group_per_value_with_a_teacher_in_each_and_ungrouped_rows_listed() {
        let input = classes(&[
            ("Ana", "+5511900000001", "5A"),
            ("Bia", "+5511900000002", "5B"),
            ("Rao", "+5511900000009", "5A"),
            ("Rao", "+5511900000009", "5B"),
            ("Caio", "+5511900000003", ""),
            ("Ana again", "+5511900000001", "5A"),
            ("Dudu", "+5511900000004", "5C"),
        ]);
        let mut o = opts("{value} parents 2026");
        o.group_names
            .insert("5C".into(), "Class 5C (Ms Lee)".into());
        let plan = Plan::build(ProviderKind::Zapi, &limits(3, 2, 0), input, &o).unwrap();
        let names: Vec<&str> = plan.parts.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(
            names,
            ["5A parents 2026", "5B parents 2026", "Class 5C (Ms Lee)"]
        );
        let phones = |k: usize| -> Vec<&str> {
            plan.parts[k]
                .members
                .iter()
                .map(|m| m.phone.as_str())
                .collect()
        };
        assert_eq!(phones(0), ["+5511900000001", "+5511900000009"]);
        assert_eq!(
            phones(1),
            ["+5511900000002", "+5511900000009"],
            "the teacher joins 5B too"
        );
        assert_eq!(phones(2), ["+5511900000004"]);
        assert_eq!(plan.parts[1].members[1].row, 5, "from the teacher's 5B row");
        assert_eq!(
            plan.parts
                .iter()
                .map(|p| p.options.part)
                .collect::<Vec<_>>(),
            [Some((1, 3)), Some((2, 3)), Some((3, 3))]
        );
        assert_eq!(plan.parts[2].group.as_deref(), Some("5C"));
        assert_eq!(plan.duplicates, 1, "Ana twice in 5A is one member");
        assert_eq!(plan.plan_rejections.len(), 1);
        assert_eq!(plan.plan_rejections[0].row, 6);
        assert_eq!(
            plan.plan_rejections[0].reason,
            no_group_reason("Class"),
            "Caio has no class: listed with his row, never dropped"
        );
        assert!(
            plan.summary().contains("one per \"Class\""),
            "{}",
            plan.summary()
        );
        assert!(
            plan.summary().contains("1 row with no value"),
            "{}",
            plan.summary()
        );
    }

    #[test]
    fn group_names_that_collide_or_break_whatsapps_rules_are_refused_by_value() {
        let input = || {
            classes(&[
                ("Ana", "+5511900000001", "5A"),
                ("Bia", "+5511900000002", "5B"),
            ])
        };
        let err = Plan::build(
            ProviderKind::Zapi,
            &limits(3, 2, 0),
            input(),
            &opts("Parents"),
        )
        .unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("\"5A\"") && msg.contains("\"5B\""), "{msg}");
        assert!(msg.contains("{value}"), "{msg}");
        let long = format!("{{value}} {}", "x".repeat(99));
        let err =
            Plan::build(ProviderKind::Zapi, &limits(3, 2, 0), input(), &opts(&long)).unwrap_err();
        assert!(err.to_string().starts_with("Group \"5A\""), "{err}");
    }

    #[test]
    fn a_file_where_no_row_has_a_value_says_so() {
        let input = classes(&[("Ana", "+5511900000001", ""), ("Bia", "+5511900000002", "")]);
        let err = Plan::build(
            ProviderKind::Zapi,
            &limits(3, 2, 0),
            input,
            &opts("{value}"),
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("no row has a value in the column"),
            "{err}"
        );
    }

    fn opts(name: &str) -> PlanOptions {
        PlanOptions {
            name: name.into(),
            auto_invite: false,
            create_if_missing: true,
            split: false,
            own_number: None,
            group_names: Default::default(),
            setup: Default::default(),
        }
    }

    #[test]
    fn a_check_takes_out_numbers_not_on_whatsapp_and_sends_the_registered_ninth_digit() {
        let input = PlanInput {
            contacts: [
                "+5511987650001",
                "+5511987650002",
                "+5511987650003",
                "+5511987650004",
            ]
            .iter()
            .enumerate()
            .map(|(i, p)| PlanContact {
                row: i as u64 + 2,
                name: None,
                phone: p.to_string(),
            })
            .collect(),
            rejected: vec![],
            duplicates: 0,
            ..Default::default()
        };
        let verdict = |status, id: Option<&str>| CheckVerdict {
            status,
            whatsapp_id: id.map(str::to_string),
        };
        let verdicts = std::collections::HashMap::from([
            (
                "+5511987650002".to_string(),
                verdict(CheckStatus::NotOnWhatsapp, None),
            ),
            // Registered without the ninth digit: sent that way.
            (
                "+5511987650003".to_string(),
                verdict(CheckStatus::OnWhatsapp, Some("+551187650003")),
            ),
            // An answer naming someone else is not trusted.
            (
                "+5511987650004".to_string(),
                verdict(CheckStatus::OnWhatsapp, Some("+5511900000000")),
            ),
        ]);
        let plan = Plan::build_checked(
            ProviderKind::Zapi,
            &limits(20, 20, 0),
            input,
            &opts("Checked"),
            &verdicts,
        )
        .unwrap();
        let sent: Vec<&str> = plan.parts[0]
            .members
            .iter()
            .map(|m| m.phone.as_str())
            .collect();
        assert_eq!(sent, ["+5511987650001", "+551187650003", "+5511987650004"]);
        assert_eq!(
            plan.plan_rejections,
            vec![PlanRejection {
                row: 3,
                name: None,
                phone: "+5511987650002".into(),
                reason: NOT_ON_WHATSAPP_REASON.into(),
                code: Some(NOT_ON_WHATSAPP.into()),
            }]
        );

        // Nobody left: said as the check's doing.
        let only_gone = PlanInput {
            contacts: vec![PlanContact {
                row: 2,
                name: None,
                phone: "+5511987650002".into(),
            }],
            rejected: vec![],
            duplicates: 0,
            ..Default::default()
        };
        let err = Plan::build_checked(
            ProviderKind::Zapi,
            &limits(20, 20, 0),
            only_gone,
            &opts("Checked"),
            &verdicts,
        )
        .unwrap_err();
        assert!(err.to_string().contains("not on WhatsApp"), "{err}");
    }

    #[test]
    fn twochat_25_numbers_is_one_create_and_two_batches() {
        let plan = Plan::build(
            ProviderKind::TwoChat,
            &limits(10, 10, 4000),
            contacts(25),
            &opts("  Team  "),
        )
        .unwrap();
        let p = &plan.parts[0];
        assert_eq!(p.name, "Team");
        assert_eq!(p.batches, 3);
        let sizes: Vec<usize> = (0..3)
            .map(|b| p.members.iter().filter(|m| m.batch == b).count())
            .collect();
        assert_eq!(sizes, vec![10, 10, 5]);
        assert_eq!(
            plan.summary(),
            "\"Team\": 25 numbers — 1 create + 2 batches of up to 10, about 8 s at 2Chat's pace."
        );
    }

    #[test]
    fn summary_says_batches_of_n_when_uniform() {
        let plan = Plan::build(
            ProviderKind::TwoChat,
            &limits(10, 10, 2000),
            contacts(40),
            &opts("T"),
        )
        .unwrap();
        assert!(
            plan.summary()
                .contains("1 create + 3 batches of 10, about 6 s at 2Chat's pace"),
            "{}",
            plan.summary()
        );
    }

    #[test]
    fn name_rules() {
        assert!(matches!(check_name("   "), Err(CoreError::BadName(_))));
        let long = "é".repeat(112);
        let msg = check_name(&long).unwrap_err().to_string();
        assert!(msg.contains("112 characters, 12 over"), "{msg}");
        // 100 multi-byte characters are fine: the limit counts characters, not bytes.
        assert_eq!(check_name(&"é".repeat(100)).unwrap().chars().count(), 100);
        // The same counts as the UI's counter (ui/src/lib/format.test.ts): code points.
        assert_eq!("👨\u{200d}👩\u{200d}👧 Família".chars().count(), 13);
        assert_eq!("नमस्ते".chars().count(), 6);
        assert!(check_name(&"नमस्ते".repeat(17)).is_err(), "102 code points");
        assert!(
            check_name(&format!("{}abcd", "नमस्ते".repeat(16))).is_ok(),
            "100 code points"
        );
        assert!(check_name("a\nb").is_err());
    }

    #[test]
    fn own_number_and_duplicates_are_taken_out_and_reported() {
        let mut input = contacts(3);
        input.contacts.push(PlanContact {
            row: 9,
            name: None,
            phone: "+5511900000001".into(),
        });
        input.duplicates = 2;
        let mut o = opts("T");
        o.own_number = Some("+55 11 900000000".into());
        let plan = Plan::build(ProviderKind::Zapi, &limits(50, 50, 0), input, &o).unwrap();
        assert_eq!(plan.member_count(), 2);
        assert_eq!(plan.duplicates, 3);
        assert_eq!(plan.plan_rejections.len(), 1);
        assert_eq!(plan.plan_rejections[0].row, 2);
        assert_eq!(plan.plan_rejections[0].reason, OWN_NUMBER_REASON);
        assert!(plan
            .summary()
            .contains("3 rows merged as duplicates, the account's own number left out"));
    }

    #[test]
    fn no_members_says_why() {
        let mut input = contacts(1);
        input.rejected.push(ImportRejection {
            row: 3,
            input: "123".into(),
            reason: "too short".into(),
            code: None,
            reason_country: None,
        });
        let mut o = opts("T");
        o.own_number = Some(input.contacts[0].phone.clone());
        let e = Plan::build(ProviderKind::Zapi, &limits(10, 10, 0), input, &o).unwrap_err();
        assert!(matches!(e, CoreError::NoMembers { .. }));
        assert!(e.to_string().contains("1 rows were rejected"), "{e}");
    }

    #[test]
    fn over_1023_needs_split_and_split_numbers_the_parts() {
        let e = Plan::build(
            ProviderKind::Zapi,
            &limits(10, 10, 0),
            contacts(1100),
            &opts("Big"),
        )
        .unwrap_err();
        assert!(matches!(e, CoreError::TooManyMembers { count: 1100, .. }));
        assert!(e.to_string().contains("--split"));

        let mut o = opts("Big");
        o.split = true;
        let plan = Plan::build(ProviderKind::Zapi, &limits(10, 10, 0), contacts(2100), &o).unwrap();
        let names: Vec<&str> = plan.parts.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["Big (1)", "Big (2)", "Big (3)"]);
        let sizes: Vec<usize> = plan.parts.iter().map(|p| p.members.len()).collect();
        assert_eq!(sizes, [700, 700, 700]);
        assert!(plan.parts.iter().all(|p| p.members.len() <= MAX_MEMBERS));
        assert_eq!(plan.parts[1].options.part, Some((2, 3)));
        // Order is kept and nobody is lost or repeated.
        let all: Vec<&str> = plan
            .parts
            .iter()
            .flat_map(|p| p.members.iter().map(|m| m.phone.as_str()))
            .collect();
        assert_eq!(all.len(), 2100);
        assert_eq!(all.iter().collect::<HashSet<_>>().len(), 2100);
        assert_eq!(all[0], "+5511900000000");
    }

    #[test]
    fn exactly_1023_fits_one_group() {
        let plan = Plan::build(
            ProviderKind::Zapi,
            &limits(10, 10, 0),
            contacts(1023),
            &opts("X"),
        )
        .unwrap();
        assert_eq!(plan.parts.len(), 1);
    }

    #[test]
    fn the_estimate_counts_add_jitter_and_the_creation_spacing_between_parts() {
        let mut o = opts("Big");
        o.split = true;
        // 2,100 numbers → 3 groups of 700 → 69 adds each; 2 s provider gap.
        let plan = Plan::build(
            ProviderKind::TwoChat,
            &limits(10, 10, 2000),
            contacts(2100),
            &o,
        )
        .unwrap();
        assert_eq!(plan.parts.len(), 3);
        // Adds wait the mean jitter (6.5 s > 2 s): 448.5 s a part, longer than the 5-minute
        // spacing, so the next group only waits the provider's gap.
        let pacing = crate::pacing::PacingSettings::default();
        assert_eq!(
            plan.estimated_duration_with(&pacing),
            Duration::from_millis(3 * 448_500 + 2 * 2_000)
        );
        // A 30-minute spacing dominates: each later group waits what is left of it.
        let slow = crate::pacing::PacingSettings {
            creation_spacing_ms: 30 * 60 * 1000,
            ..pacing
        };
        assert_eq!(
            plan.estimated_duration_with(&slow),
            Duration::from_millis(3 * 448_500 + 2 * (1_800_000 - 448_500))
        );
        // No waits at all (practice): only the provider's gap between calls.
        assert_eq!(
            plan.estimated_duration_with(&pacing.without_waits()),
            Duration::from_millis((3 * 69 + 2) * 2_000)
        );
    }

    #[test]
    fn split_suffix_counts_against_the_name_limit() {
        let mut o = opts(&"n".repeat(98));
        o.split = true;
        let e =
            Plan::build(ProviderKind::Zapi, &limits(10, 10, 0), contacts(1100), &o).unwrap_err();
        assert!(e.to_string().contains("over WhatsApp's limit"), "{e}");
    }

    #[test]
    fn human_durations() {
        assert_eq!(human_duration(Duration::from_millis(300)), "under a second");
        assert_eq!(human_duration(Duration::from_secs(8)), "about 8 s");
        assert_eq!(human_duration(Duration::from_secs(200)), "about 3 min");
        assert_eq!(human_duration(Duration::from_secs(4200)), "about 70 min");
        assert_eq!(
            human_duration(Duration::from_secs(6000)),
            "about 1 h 40 min"
        );
    }
}
