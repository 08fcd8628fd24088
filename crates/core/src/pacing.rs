//! One call at a time per account, at least `min_gap` apart (start to start), and never before a
//! provider's `Retry-After` has passed.
//!
//! Start-to-start is the rate-limit floor: providers count requests by arrival, so spacing the
//! starts by exactly `min_gap` is as fast as the account may go and no faster. The pacer is
//! cheap to clone and meant to be shared (the app keeps one for all its jobs) so two jobs on the
//! same account take turns instead of doubling the rate.

use crate::cancel::{CancelToken, Cancelled};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// `GROUPDROP_PACING_MS`: replaces every provider's minimum gap (tests, or a user who knows their
/// plan allows more).
pub const PACING_ENV: &str = "GROUPDROP_PACING_MS";

/// Reads [`PACING_ENV`]; `None` when unset or not a number.
pub fn gap_override_from_env() -> Option<Duration> {
    std::env::var(PACING_ENV)
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(Duration::from_millis)
}

#[derive(Default)]
struct Slot {
    /// When the last call on this account started (or is booked to start).
    last_start: Option<Instant>,
    /// Not before this instant (Retry-After).
    not_before: Option<Instant>,
}

#[derive(Clone, Default)]
pub struct Pacer {
    slots: Arc<Mutex<HashMap<String, Slot>>>,
}

impl Pacer {
    pub fn new() -> Pacer {
        Pacer::default()
    }

    /// Tells the pacer that a call on `key` started at `started_ms` (Unix ms), e.g. from the
    /// journal of a process that was killed, so a resume still keeps the gap.
    pub fn seed(&self, key: &str, started_ms: i64) {
        let now_ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or(0);
        let ago = Duration::from_millis(now_ms.saturating_sub(started_ms).max(0) as u64);
        let Some(at) = Instant::now().checked_sub(ago) else {
            return;
        };
        let mut slots = self.lock();
        let slot = slots.entry(key.to_string()).or_default();
        if slot.last_start.is_none_or(|l| l < at) {
            slot.last_start = Some(at);
        }
    }

    /// Waits for `key`'s turn and books it. Returns early with [`Cancelled`] if `cancel` fires.
    pub async fn wait(
        &self,
        key: &str,
        gap: Duration,
        cancel: &CancelToken,
    ) -> Result<(), Cancelled> {
        let at = self.book(key, gap);
        cancel.sleep_until(at).await
    }

    /// Books the next start for `key` and returns it, without sleeping.
    fn book(&self, key: &str, gap: Duration) -> Instant {
        let now = Instant::now();
        let mut slots = self.lock();
        let slot = slots.entry(key.to_string()).or_default();
        let mut at = now;
        if let Some(last) = slot.last_start {
            at = at.max(last + gap);
        }
        if let Some(nb) = slot.not_before {
            at = at.max(nb);
        }
        slot.last_start = Some(at);
        at
    }

    /// Records that the call on `key` really leaves now. The booking was made before the intent
    /// was journaled (an fsync), so the true start is a little later; spacing the next call from
    /// this instant keeps the provider-side gap at or above `min_gap`.
    pub fn mark_started(&self, key: &str) {
        let now = Instant::now();
        let mut slots = self.lock();
        let slot = slots.entry(key.to_string()).or_default();
        if slot.last_start.is_none_or(|l| l < now) {
            slot.last_start = Some(now);
        }
    }

    /// Nothing on `key` before `delay` from now (a provider's `Retry-After`, or a backoff).
    pub fn defer(&self, key: &str, delay: Duration) {
        let until = Instant::now() + delay;
        let mut slots = self.lock();
        let slot = slots.entry(key.to_string()).or_default();
        if slot.not_before.is_none_or(|nb| nb < until) {
            slot.not_before = Some(until);
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Slot>> {
        self.slots.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Backoff for a retry-safe error without `Retry-After`: `base`, 2×, 4×… capped at one minute.
pub fn backoff(base: Duration, attempt: u32) -> Duration {
    let base = base.max(Duration::from_millis(1));
    let factor = 1u32 << attempt.saturating_sub(1).min(16);
    (base * factor).min(Duration::from_secs(60))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bookings_are_spaced_by_exactly_the_gap() {
        let p = Pacer::new();
        let gap = Duration::from_millis(500);
        let a = p.book("k", gap);
        let b = p.book("k", gap);
        let c = p.book("k", gap);
        assert_eq!(b - a, gap);
        assert_eq!(c - b, gap);
        // Other accounts are not held up.
        let other = p.book("other", gap);
        assert!(other < b);
    }

    #[test]
    fn retry_after_pushes_the_next_booking() {
        let p = Pacer::new();
        let gap = Duration::from_millis(10);
        let first = p.book("k", gap);
        p.defer("k", Duration::from_secs(3));
        let next = p.book("k", gap);
        assert!(
            next - first >= Duration::from_millis(2900),
            "{:?}",
            next - first
        );
    }

    #[test]
    fn seed_from_the_journal_keeps_the_gap_across_processes() {
        let p = Pacer::new();
        let now_ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_millis() as i64;
        p.seed("k", now_ms - 200);
        let at = p.book("k", Duration::from_secs(1));
        let wait = at.saturating_duration_since(Instant::now());
        assert!(
            wait > Duration::from_millis(700) && wait <= Duration::from_millis(800),
            "{wait:?}"
        );
    }

    #[test]
    fn backoff_doubles_and_caps() {
        let b = Duration::from_millis(100);
        assert_eq!(backoff(b, 1), b);
        assert_eq!(backoff(b, 2), b * 2);
        assert_eq!(backoff(b, 4), b * 8);
        assert_eq!(backoff(b, 30), Duration::from_secs(60));
    }
}
