//! From an imported contact list to a plan the engine can run: a checked group name, the members
//! in provider-sized batches, and everything that will not be sent with the reason why.
//!
//! The plan is pure: no I/O, no provider calls. It is what the "Create" screen and the CLI
//! preview show, and what a job is built from.

use crate::error::{CoreError, Result};
use groupdrop_providers::identity::same_identity;
use groupdrop_providers::{CheckStatus, Limits, ProviderKind};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
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
        }
    }
}

/// What the user chose.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanOptions {
    pub name: String,
    /// Z-API `autoInvite`; stored for every provider so a resume repeats the same choice.
    pub auto_invite: bool,
    /// EazyBe `create`: create the group when none has this name.
    pub create_if_missing: bool,
    /// Split a list over [`MAX_MEMBERS`] into "Name (1)", "Name (2)", ...
    pub split: bool,
    /// The account's own number (E.164), never added: Z-API refuses it, others ignore it.
    pub own_number: Option<String>,
}

/// Options a job keeps for its whole life (resume uses exactly these).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobOptions {
    pub auto_invite: bool,
    pub create_if_missing: bool,
    /// `(k, n)`: this job is group k of n of a split list.
    pub part: Option<(usize, usize)>,
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
}

/// A number the plan refused: the account's own number, or one a number check found not on
/// WhatsApp.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanRejection {
    pub row: u64,
    pub name: Option<String>,
    pub phone: String,
    pub reason: String,
    /// Why, stably: [`OWN_NUMBER`] or [`NOT_ON_WHATSAPP`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

pub const OWN_NUMBER_REASON: &str = "this is the account's own number";
pub const OWN_NUMBER: &str = "own_number";
pub const NOT_ON_WHATSAPP_REASON: &str =
    "not on WhatsApp (the provider's number check said so), so it was not sent";
pub const NOT_ON_WHATSAPP: &str = "not_on_whatsapp";

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
        let mut kept = Vec::with_capacity(self.contacts.len());
        for mut c in std::mem::take(&mut self.contacts) {
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
        self.contacts = kept;
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
}

impl Plan {
    pub fn build(
        provider: ProviderKind,
        limits: &Limits,
        input: PlanInput,
        options: &PlanOptions,
    ) -> Result<Plan> {
        let name = check_name(&options.name)?;
        let own = options.own_number.as_deref().map(compact);
        let mut seen = HashSet::new();
        let mut duplicates = input.duplicates;
        let mut plan_rejections = Vec::new();
        let mut members = Vec::with_capacity(input.contacts.len());
        for c in input.contacts {
            let phone = compact(&c.phone);
            if !seen.insert(phone.clone()) {
                duplicates += 1;
                continue;
            }
            if own.as_deref() == Some(phone.as_str()) {
                plan_rejections.push(PlanRejection {
                    row: c.row,
                    name: c.name,
                    phone,
                    reason: OWN_NUMBER_REASON.into(),
                    code: Some(OWN_NUMBER.into()),
                });
                continue;
            }
            members.push(PlanContact { phone, ..c });
        }
        if members.is_empty() {
            let detail = match (input.rejected.len(), plan_rejections.len()) {
                (0, 0) => String::new(),
                (r, 0) => format!(" ({r} rows were rejected by the import)"),
                (0, _) => " (the only number is the account's own)".into(),
                (r, _) => {
                    format!(" ({r} rows were rejected and the rest is the account's own number)")
                }
            };
            return Err(CoreError::NoMembers { detail });
        }
        let part_count = members.len().div_ceil(MAX_MEMBERS);
        if part_count > 1 && !options.split {
            return Err(CoreError::TooManyMembers {
                count: members.len(),
                max: MAX_MEMBERS,
            });
        }
        let create_max = limits.create_max.max(1);
        let add_max = limits.add_max.max(1);
        let mut parts = Vec::with_capacity(part_count);
        let mut rest = members.into_iter();
        let total = rest.len();
        for k in 0..part_count {
            // Even sizes (1100 → 550 + 550) rather than 1023 + 77: friendlier groups, same call count.
            let size = total / part_count + usize::from(k < total % part_count);
            let part_name = if part_count > 1 {
                check_name(&format!("{name} ({})", k + 1))?
            } else {
                name.clone()
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
            parts.push(PlanPart {
                name: part_name,
                members,
                batches,
                options: JobOptions {
                    auto_invite: options.auto_invite,
                    create_if_missing: options.create_if_missing,
                    part: (part_count > 1).then_some((k + 1, part_count)),
                },
            });
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
            lines.push(format!(
                "{} numbers split into {} groups, {pace}:",
                self.member_count(),
                self.parts.len()
            ));
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
        if !self.plan_rejections.is_empty() {
            left_out.push("the account's own number left out".into());
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
        }
    }

    fn opts(name: &str) -> PlanOptions {
        PlanOptions {
            name: name.into(),
            auto_invite: false,
            create_if_missing: true,
            split: false,
            own_number: None,
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
