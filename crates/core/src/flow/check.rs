//! "Check numbers on WhatsApp": an explicit, optional step before a run. For each usable number
//! of a file it asks the account's provider whether the number is on WhatsApp, keeping the
//! answers per account in the history with their age, so a second check of the same numbers asks
//! the provider nothing. The cost (calls, time at the documented limit) is said before
//! ([`Session::check_cost`]); the result feeds [`Session::plan_checked`], which leaves out the
//! numbers not on WhatsApp and sends Brazilian numbers as WhatsApp registered them.
//!
//! Never a routine step: Z-API advises against checking before every send, and 2Chat's trial
//! allows 100 checks in all.

use super::{Connection, Session};
use crate::error::{CoreError, Result};
use crate::history::{now_ms, StoredCheck};
use crate::plan::CheckVerdict;
use groupdrop_contacts::ImportReport;
use groupdrop_providers::{CheckStatus, NumberCheckOffer, Provider, ProviderKind};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::time::Duration;

/// How long a kept answer is trusted: people join and leave WhatsApp, so a month-old "not on
/// WhatsApp" is asked again.
pub const CHECK_CACHE_MAX_AGE: Duration = Duration::from_secs(30 * 24 * 3600);

/// What a check of a file will cost, said before it runs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CheckCost {
    pub provider: ProviderKind,
    pub account: String,
    /// False: the provider has no check; `why_not` says so in one sentence.
    pub offered: bool,
    pub why_not: Option<String>,
    /// Usable numbers in the file.
    pub numbers: u32,
    /// Answered from earlier checks (free).
    pub cached: u32,
    /// To ask the provider.
    pub to_ask: u32,
    /// Provider calls that takes.
    pub calls: u32,
    /// How long, at the provider's documented limit, in seconds.
    pub estimated_secs: u32,
    /// Checks the account has left in total (a 2Chat trial), when capped.
    pub remaining: Option<u32>,
    /// Numbers beyond that cap: they will stay unknown.
    pub beyond_cap: u32,
}

/// One number's answer, for Preview's "Not on WhatsApp" tab and `groupdrop-cli check`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CheckedNumber {
    /// E.164, as in the file.
    pub phone: String,
    pub row: Option<u32>,
    pub name: Option<String>,
    pub status: CheckStatus,
    /// The number as WhatsApp registered it, when the provider said (Brazil's ninth digit).
    pub whatsapp_id: Option<String>,
    /// Why unknown, plain English.
    pub reason: Option<String>,
    /// Answered from an earlier check, asking nothing.
    pub cached: bool,
    /// When the answer was given (Unix ms); `None` for unknown.
    pub checked_at_ms: Option<f64>,
}

/// The result of a check of one file for one account.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CheckReport {
    pub provider: ProviderKind,
    pub account: String,
    pub numbers: Vec<CheckedNumber>,
    pub on_whatsapp: u32,
    pub not_on_whatsapp: u32,
    pub unknown: u32,
    /// Answers taken from earlier checks.
    pub cached: u32,
    /// Numbers asked of the provider this time.
    pub asked: u32,
}

impl CheckReport {
    /// The verdicts planning uses, by E.164 number.
    pub fn verdicts(&self) -> HashMap<String, CheckVerdict> {
        self.numbers
            .iter()
            .map(|n| {
                (
                    n.phone.clone(),
                    CheckVerdict {
                        status: n.status,
                        whatsapp_id: n.whatsapp_id.clone(),
                    },
                )
            })
            .collect()
    }
}

/// The cache's key for an account: one per saved account, one for the environment's account of
/// each provider, one for practice. Never a secret.
fn cache_key(conn: &Connection) -> String {
    match conn.account_id {
        Some(id) => format!("{}:account:{id}", conn.kind.as_str()),
        None => format!("{}:{}", conn.kind.as_str(), conn.label),
    }
}

/// The file's usable numbers, each once, in file order, with their row and name.
fn usable(report: &ImportReport) -> Vec<(String, Option<u32>, Option<String>)> {
    let mut seen = HashSet::new();
    report
        .contacts
        .iter()
        .filter(|c| seen.insert(c.phone.clone()))
        .map(|c| (c.phone.clone(), Some(c.row), c.name.clone()))
        .collect()
}

fn secs(d: Duration) -> u32 {
    u32::try_from(d.as_secs()).unwrap_or(u32::MAX)
}

impl Session {
    /// What checking `report`'s numbers would cost on this account, asking the provider nothing
    /// about the numbers (the connection check may run: 2Chat's plan comes from `/info`).
    #[tracing::instrument(skip(self, report), fields(file = %report.file), err(level = "info"))]
    pub async fn check_cost(&self, conn: &Connection, report: &ImportReport) -> Result<CheckCost> {
        let numbers = usable(report);
        let offer = conn.provider().number_check();
        let mut cost = CheckCost {
            provider: conn.kind,
            account: conn.label.clone(),
            offered: offer.offered,
            why_not: offer.why_not.clone(),
            numbers: numbers.len() as u32,
            cached: 0,
            to_ask: 0,
            calls: 0,
            estimated_secs: 0,
            remaining: None,
            beyond_cap: 0,
        };
        if !offer.offered {
            return Ok(cost);
        }
        // 2Chat learns its plan (trial or paid) and the checks left from `/info`.
        self.recent_check(conn).await?;
        let offer = conn.provider().number_check();
        let phones: Vec<String> = numbers.into_iter().map(|n| n.0).collect();
        let cached = self.cached(conn, &phones)?;
        let to_ask = (phones.len() - cached.len()) as u32;
        let (calls, beyond) = calls_for(&offer, to_ask);
        cost.cached = cached.len() as u32;
        cost.to_ask = to_ask;
        cost.calls = calls;
        cost.estimated_secs =
            secs(Duration::from_millis(u64::from(offer.gap_ms)) * calls.saturating_sub(1));
        cost.remaining = offer.remaining;
        cost.beyond_cap = beyond;
        Ok(cost)
    }

    /// Checks `report`'s usable numbers on this account: earlier answers (at most
    /// [`CHECK_CACHE_MAX_AGE`] old) are reused, the rest asked of the provider at its documented
    /// pace, and every definite answer kept for next time. A provider without a check is an
    /// error saying so.
    #[tracing::instrument(skip(self, report), fields(file = %report.file), err(level = "info"))]
    pub async fn check_numbers(
        &self,
        conn: &Connection,
        report: &ImportReport,
    ) -> Result<CheckReport> {
        self.check_with(conn, report, true).await
    }

    /// What earlier checks of this account say about `report`'s numbers, asking the provider
    /// nothing (numbers never checked are unknown): how a plan made after "Check numbers on
    /// WhatsApp" uses the answers without a shell keeping them.
    #[tracing::instrument(skip(self, report), fields(file = %report.file), err(level = "info"))]
    pub async fn checked_before(
        &self,
        conn: &Connection,
        report: &ImportReport,
    ) -> Result<CheckReport> {
        self.check_with(conn, report, false).await
    }

    async fn check_with(
        &self,
        conn: &Connection,
        report: &ImportReport,
        ask_provider: bool,
    ) -> Result<CheckReport> {
        let offer = conn.provider().number_check();
        if !offer.offered && ask_provider {
            return Err(CoreError::InvalidInput(
                offer
                    .why_not
                    .unwrap_or_else(|| "This provider offers no number check.".into()),
            ));
        }
        let numbers = usable(report);
        let phones: Vec<String> = numbers.iter().map(|n| n.0.clone()).collect();
        let cached: HashMap<String, StoredCheck> = self
            .cached(conn, &phones)?
            .into_iter()
            .map(|c| (c.phone.clone(), c))
            .collect();
        let ask: Vec<String> = phones
            .iter()
            .filter(|p| ask_provider && !cached.contains_key(*p))
            .cloned()
            .collect();
        let mut reasons: HashMap<String, String> = HashMap::new();
        let answers: HashMap<String, StoredCheck> = if ask.is_empty() {
            HashMap::new()
        } else {
            let got = conn.provider().check_numbers(&ask).await?;
            let at = now_ms();
            let stored: Vec<StoredCheck> = got
                .into_iter()
                .map(|c| {
                    if let Some(reason) = c.reason.filter(|_| c.status == CheckStatus::Unknown) {
                        reasons.insert(c.phone.clone(), reason);
                    }
                    StoredCheck {
                        phone: c.phone,
                        status: c.status,
                        whatsapp_id: c.whatsapp_id,
                        checked_at: at,
                    }
                })
                .collect();
            self.history().save_checks(&cache_key(conn), &stored)?;
            stored.into_iter().map(|c| (c.phone.clone(), c)).collect()
        };
        let mut out = CheckReport {
            provider: conn.kind,
            account: conn.label.clone(),
            numbers: Vec::with_capacity(numbers.len()),
            on_whatsapp: 0,
            not_on_whatsapp: 0,
            unknown: 0,
            cached: cached.len() as u32,
            asked: ask.len() as u32,
        };
        for (phone, row, name) in numbers {
            let (found, from_cache) = match cached.get(&phone) {
                Some(c) => (Some(c), true),
                None => (answers.get(&phone), false),
            };
            let status = found.map_or(CheckStatus::Unknown, |c| c.status);
            match status {
                CheckStatus::OnWhatsapp => out.on_whatsapp += 1,
                CheckStatus::NotOnWhatsapp => out.not_on_whatsapp += 1,
                CheckStatus::Unknown => out.unknown += 1,
            }
            let reason = (status == CheckStatus::Unknown).then(|| {
                reasons.get(&phone).cloned().unwrap_or_else(|| {
                    if ask_provider {
                        "the provider did not answer for this number".into()
                    } else {
                        "not checked yet".into()
                    }
                })
            });
            out.numbers.push(CheckedNumber {
                row,
                name,
                status,
                whatsapp_id: found.and_then(|c| c.whatsapp_id.clone()),
                reason,
                cached: from_cache,
                checked_at_ms: found
                    .filter(|c| c.status != CheckStatus::Unknown)
                    .map(|c| c.checked_at as f64),
                phone,
            });
        }
        Ok(out)
    }

    fn cached(&self, conn: &Connection, phones: &[String]) -> Result<Vec<StoredCheck>> {
        let since = now_ms() - CHECK_CACHE_MAX_AGE.as_millis() as i64;
        self.history()
            .cached_checks(&cache_key(conn), phones, since)
    }
}

/// Calls to check `n` numbers, and how many of them fall beyond a cap.
fn calls_for(offer: &NumberCheckOffer, n: u32) -> (u32, u32) {
    let askable = offer.remaining.map_or(n, |left| n.min(left));
    let per_call = offer.per_call.max(1);
    (askable.div_ceil(per_call), n - askable)
}
