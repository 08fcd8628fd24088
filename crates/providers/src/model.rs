//! The one result model every provider maps into. Plain data, serialisable, shared with the UI.

use serde::{Deserialize, Serialize};
use std::time::Duration;

/// Which provider an account belongs to. Serialised as `eazybe`, `2chat`, `zapi`, `practice`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
pub enum ProviderKind {
    #[serde(rename = "eazybe")]
    EazyBe,
    #[serde(rename = "2chat")]
    TwoChat,
    #[serde(rename = "zapi")]
    Zapi,
    #[serde(rename = "practice")]
    Practice,
}

impl ProviderKind {
    pub const ALL: [ProviderKind; 4] = [
        ProviderKind::EazyBe,
        ProviderKind::TwoChat,
        ProviderKind::Zapi,
        ProviderKind::Practice,
    ];

    /// The wire/CLI name: `eazybe`, `2chat`, `zapi`, `practice`.
    pub fn as_str(self) -> &'static str {
        match self {
            ProviderKind::EazyBe => "eazybe",
            ProviderKind::TwoChat => "2chat",
            ProviderKind::Zapi => "zapi",
            ProviderKind::Practice => "practice",
        }
    }

    /// The name a user knows.
    pub fn display_name(self) -> &'static str {
        match self {
            ProviderKind::EazyBe => "EazyBe",
            ProviderKind::TwoChat => "2Chat",
            ProviderKind::Zapi => "Z-API",
            ProviderKind::Practice => "Practice",
        }
    }
}

impl std::str::FromStr for ProviderKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "eazybe" => Ok(ProviderKind::EazyBe),
            "2chat" | "twochat" => Ok(ProviderKind::TwoChat),
            "zapi" | "z-api" => Ok(ProviderKind::Zapi),
            "practice" => Ok(ProviderKind::Practice),
            other => Err(format!(
                "unknown provider \"{other}\": use eazybe, 2chat, zapi or practice"
            )),
        }
    }
}

/// A group as the provider knows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct GroupRef {
    /// The name the group was created with.
    pub name: String,
    /// WhatsApp's group id as the provider reports it (`120363…@g.us`, `120363…-group`), if any.
    pub id: Option<String>,
    /// What later calls address the group by: 2Chat's `uuid` (`WAG…`), Z-API's group `phone`,
    /// EazyBe's group name. Opaque to everyone but the provider module.
    pub handle: String,
    /// `https://chat.whatsapp.com/…` when known.
    pub invite_link: Option<String>,
}

/// What happened to one number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum MemberStatus {
    /// In the group.
    Added,
    /// Not added directly; a private invite was sent (or is pending).
    Invited,
    /// Not added and not invited.
    Rejected,
    /// Handed to the provider, which gives no per-number confirmation (EazyBe).
    Sent,
}

/// One number's outcome from a provider call.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct MemberResult {
    /// E.164 with `+`.
    pub phone: String,
    pub status: MemberStatus,
    /// Plain-language reason for invited/rejected/sent, e.g. "their privacy settings only allow
    /// invitations; a private invite was sent".
    pub reason: Option<String>,
}

/// One step of setting a group up after it is created. The names are stable codes (the CLI's
/// `--json`, the history, the UI's message keys): `description`, `admins`,
/// `admins_only_messages`, `admins_only_settings`.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, specta::Type,
)]
#[serde(rename_all = "snake_case")]
pub enum SetupStepKind {
    /// The group's description.
    Description,
    /// Chosen members made group admins.
    Admins,
    /// "Only admins can send messages".
    AdminsOnlyMessages,
    /// "Only admins can edit group info".
    AdminsOnlySettings,
}

impl SetupStepKind {
    /// In the order the engine runs them.
    pub const ALL: [SetupStepKind; 4] = [
        SetupStepKind::Description,
        SetupStepKind::Admins,
        SetupStepKind::AdminsOnlyMessages,
        SetupStepKind::AdminsOnlySettings,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SetupStepKind::Description => "description",
            SetupStepKind::Admins => "admins",
            SetupStepKind::AdminsOnlyMessages => "admins_only_messages",
            SetupStepKind::AdminsOnlySettings => "admins_only_settings",
        }
    }

    pub fn parse(s: &str) -> Option<SetupStepKind> {
        SetupStepKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// What the step is, in plain English ("only admins can send messages").
    pub fn label(self) -> &'static str {
        match self {
            SetupStepKind::Description => "description",
            SetupStepKind::Admins => "admins",
            SetupStepKind::AdminsOnlyMessages => "only admins can send messages",
            SetupStepKind::AdminsOnlySettings => "only admins can edit group info",
        }
    }
}

/// How a provider honours one setup step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SetupSupport {
    /// A call of its own after the group exists ([`crate::Provider::set_description`],
    /// [`crate::Provider::promote_admins`], [`crate::Provider::set_admins_only`]).
    Call,
    /// Carried by the create call itself ([`CreateRequest::description`]; 2Chat).
    AtCreate,
    /// The provider offers no way to do it. `why` is one sentence for the disabled control and
    /// the result ("2Chat has no documented way to make a member admin").
    NotOffered { why: String },
}

/// One step and how the provider honours it: what the Create screen shows next to each control.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct SetupCapability {
    pub step: SetupStepKind,
    pub support: SetupSupport,
}

/// "Only admins can …" as one settings call carries them (Z-API sets both at once).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminsOnly {
    /// Only admins can send messages.
    pub messages: bool,
    /// Only admins can edit the group's info (name, description, photo).
    pub settings: bool,
}

/// What the job asks a provider to create.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateRequest {
    pub name: String,
    /// E.164 with `+`; already without the account's own number; at most `create_max`.
    pub phones: Vec<String>,
    /// Z-API `autoInvite`: send a private invite to those who cannot be added directly.
    pub auto_invite: bool,
    /// EazyBe `create`: create the group when no group with this name exists.
    pub create_if_missing: bool,
    /// The group's description, for providers that take it in the create call
    /// ([`SetupSupport::AtCreate`]: 2Chat). Others ignore it and set it with a call of its own.
    #[serde(default)]
    pub description: Option<String>,
}

/// The answer to a create.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateAnswer {
    pub group: GroupRef,
    /// One entry per phone in the request (providers that say nothing give `Sent`).
    pub members: Vec<MemberResult>,
    /// Something the user should read, e.g. "EazyBe gives no invite link".
    pub note: Option<String>,
}

/// The answer to "does this group exist?" after an unknown outcome.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Lookup {
    /// It exists. `members` is set when the lookup itself settled the probe batch (EazyBe).
    Found {
        group: GroupRef,
        members: Option<Vec<MemberResult>>,
    },
    /// It does not exist (as far as the provider can see right now).
    NotFound,
}

/// Per-provider limits the planner and pacer use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Most members a create may carry (2Chat: 10).
    pub create_max: usize,
    /// Most members one add call may carry (2Chat: 10).
    pub add_max: usize,
    /// Minimum gap between two calls to this account (overridable with `GROUPDROP_PACING_MS`).
    pub min_gap: Duration,
    /// How long after a create the provider may still not list the group (2Chat: "a few
    /// minutes"). A lookup that finds nothing sooner than this is not proof of absence.
    pub list_lag: Duration,
    /// Whether the provider gives per-number results for adds.
    pub per_number_results: bool,
    /// Whether [`crate::Provider::invite_link`] can return a link the create did not carry
    /// (Z-API's `group-invitation-link`). When false the engine does not spend a call, or a
    /// pacing gap, asking: 2Chat and EazyBe have no such endpoint.
    pub invite_link_call: bool,
    /// Whether [`crate::Provider::members`] can list who is in the group (Z-API's group
    /// metadata). When false, members the provider could not confirm stay "sent" without a call.
    pub member_list: bool,
}

/// Whether a number is on WhatsApp, as the provider's number check answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum CheckStatus {
    /// WhatsApp knows the number (`whatsapp_id` says under which form, when the provider tells).
    OnWhatsapp,
    /// WhatsApp does not know it: a group add would fail.
    NotOnWhatsapp,
    /// Not known: not asked (a trial's cap, a stopped check) or the answer said nothing.
    Unknown,
}

impl CheckStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CheckStatus::OnWhatsapp => "onWhatsapp",
            CheckStatus::NotOnWhatsapp => "notOnWhatsapp",
            CheckStatus::Unknown => "unknown",
        }
    }

    pub fn parse(s: &str) -> Option<CheckStatus> {
        Some(match s {
            "onWhatsapp" => CheckStatus::OnWhatsapp,
            "notOnWhatsapp" => CheckStatus::NotOnWhatsapp,
            "unknown" => CheckStatus::Unknown,
            _ => return None,
        })
    }
}

/// One number's answer from [`crate::Provider::check_numbers`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NumberCheck {
    /// The number as asked, E.164 with `+`.
    pub phone: String,
    pub status: CheckStatus,
    /// The number as WhatsApp registered it (E.164 with `+`), when the provider says: Z-API's
    /// `outputPhone`, which settles Brazil's ninth digit. Sending this form is what reaches the
    /// person.
    pub whatsapp_id: Option<String>,
    /// Why the status is `unknown` (or a note on the others), plain English.
    pub reason: Option<String>,
}

impl NumberCheck {
    pub fn unknown(phone: &str, reason: impl Into<String>) -> NumberCheck {
        NumberCheck {
            phone: crate::phone_format::plus_e164(phone),
            status: CheckStatus::Unknown,
            whatsapp_id: None,
            reason: Some(reason.into()),
        }
    }
}

/// What a provider offers for "Check numbers on WhatsApp", so the cost can be said before: how
/// many numbers one call checks, how far apart the calls go at the documented limit, and a cap on
/// the number of checks, if any.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NumberCheckOffer {
    pub offered: bool,
    /// One sentence for a disabled control, e.g. "EazyBe offers no number check."
    pub why_not: Option<String>,
    /// Most numbers one call checks (Z-API 50,000; 2Chat 1).
    pub per_call: u32,
    /// The least time between two check calls (2Chat: 6 s on trial, 1.2 s on paid plans).
    pub gap_ms: u32,
    /// Checks the account may still make in total (2Chat trial: 100), when capped.
    pub remaining: Option<u32>,
}

impl NumberCheckOffer {
    pub fn not_offered(kind: ProviderKind) -> NumberCheckOffer {
        NumberCheckOffer {
            offered: false,
            why_not: Some(format!(
                "{} offers no way to check whether a number is on WhatsApp.",
                kind.display_name()
            )),
            per_call: 0,
            gap_ms: 0,
            remaining: None,
        }
    }
}

/// A WhatsApp number connected to the account (2Chat `get-numbers`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct ConnectedNumber {
    /// `+E164`.
    pub phone: String,
    pub label: Option<String>,
    /// Connected and usable for WhatsApp now.
    pub usable: bool,
}

/// The result of "Test connection".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct AccountCheck {
    /// Plain-language summary, e.g. "Connected. Sending from +55 11 98765-4321."
    pub summary: String,
    /// The account's own WhatsApp number (E.164) when known: never added to a group.
    pub own_number: Option<String>,
    /// 2Chat: the numbers to pick `from_number` from.
    pub numbers: Vec<ConnectedNumber>,
    /// False when the provider has no read endpoint that proves the credentials.
    pub verified: bool,
}

/// Settles members an add call could only report as `Sent` (Z-API's `{value: true}`) against
/// who is in the group now (`Provider::members`), matched by WhatsApp identity
/// ([`crate::identity`]: Brazil's ninth digit either way): present → added; absent → invited when
/// auto-invite was on (WhatsApp sends a private invite to those it cannot add), else rejected.
/// When the list shows members only by a hidden `@lid` id, an unmatched number may be one of
/// them: it stays `Sent` ("unconfirmed"), never rejected. Every other status is kept as it was:
/// a provider's own per-number answer beats an inference.
pub fn reconcile(
    results: &[MemberResult],
    present: &[String],
    auto_invite: bool,
) -> Vec<MemberResult> {
    let roster = crate::identity::Roster::new(present);
    results
        .iter()
        .map(|m| {
            if m.status != MemberStatus::Sent {
                return m.clone();
            }
            let (status, reason) = settle(&roster, &m.phone, auto_invite);
            MemberResult {
                phone: m.phone.clone(),
                status,
                reason,
            }
        })
        .collect()
}

/// Why a number could not be matched while the list hides some members behind `@lid` ids.
pub const UNCONFIRMED_HIDDEN: &str = "WhatsApp lists some members of this group only by a hidden id, so GroupDrop cannot confirm whether this number joined: check the group in WhatsApp";

/// One `Sent` member against the group's roster: (status, reason).
pub fn settle(
    roster: &crate::identity::Roster,
    phone: &str,
    auto_invite: bool,
) -> (MemberStatus, Option<String>) {
    if roster.contains(phone) {
        (MemberStatus::Added, None)
    } else if roster.hidden > 0 {
        (MemberStatus::Sent, Some(UNCONFIRMED_HIDDEN.to_string()))
    } else if auto_invite {
        (
            MemberStatus::Invited,
            Some("not in the group yet; they were sent a private invite".to_string()),
        )
    } else {
        (
            MemberStatus::Rejected,
            Some(
                "not in the group: WhatsApp did not let them be added (privacy settings, or not on WhatsApp); turn on auto-invite to send them a private invite"
                    .to_string(),
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sent(phone: &str) -> MemberResult {
        MemberResult {
            phone: phone.into(),
            status: MemberStatus::Sent,
            reason: Some("sent".into()),
        }
    }

    #[test]
    fn reconcile_settles_only_unconfirmed_members() {
        let rejected = MemberResult {
            phone: "+5511900000003".into(),
            status: MemberStatus::Rejected,
            reason: Some("not on WhatsApp".into()),
        };
        let results = vec![
            sent("+5511900000001"),
            sent("+5511900000002"),
            rejected.clone(),
        ];
        let present = vec!["+5511900000001".to_string(), "+5511900000003".to_string()];

        let with_invite = reconcile(&results, &present, true);
        assert_eq!(with_invite[0].status, MemberStatus::Added);
        assert_eq!(with_invite[1].status, MemberStatus::Invited);
        assert_eq!(with_invite[2], rejected);

        let without = reconcile(&results, &present, false);
        assert_eq!(without[1].status, MemberStatus::Rejected);
        assert!(without[1]
            .reason
            .as_deref()
            .unwrap()
            .contains("auto-invite"));
    }
}
