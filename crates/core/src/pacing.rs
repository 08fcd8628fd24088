//! One call at a time per account, at least `min_gap` apart (start to start), and never before a
//! provider's `Retry-After` has passed.
//!
//! Start-to-start is the rate-limit floor: providers count requests by arrival, so spacing the
//! starts by exactly `min_gap` is as fast as the account may go and no faster. The pacer is
//! cheap to clone and meant to be shared (the app keeps one for all its jobs) so two jobs on the
//! same account take turns instead of doubling the rate.

use crate::cancel::{CancelToken, Cancelled};
use serde::{Deserialize, Serialize};
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

/// `GROUPDROP_PACING_SCALE`: multiplies every wait (a provider's gap between calls, the creation
/// spacing, the add jitter) by a factor in (0, 1], keeping their proportions: how a real-window
/// test watches a three-part run's spacing and countdown in seconds instead of minutes.
/// `GROUPDROP_PACING_MS` wins when both are set.
pub const PACING_SCALE_ENV: &str = "GROUPDROP_PACING_SCALE";

/// Reads [`PACING_SCALE_ENV`]; `None` when unset, not a number, or outside (0, 1] (a scale can
/// only shrink the waits for a test, never stretch or remove them).
pub fn scale_from_env() -> Option<f64> {
    std::env::var(PACING_SCALE_ENV)
        .ok()
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|s| *s > 0.0 && *s <= 1.0)
}

/// How GroupDrop spaces the calls that WhatsApp watches for spam, per sending number
/// (providers.md §8: "≥5 min between group creations", "3–10 s jittered delay" between adds, a
/// daily cap on creations). One type, so the Settings screen, the CLI flags and the engine agree.
/// Milliseconds, so tests can scale every wait down; the UI shows minutes and seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PacingSettings {
    /// The least time between two group creations from one sending number.
    pub creation_spacing_ms: u32,
    /// Each add call waits a random time between these two after the previous call.
    pub add_jitter_min_ms: u32,
    pub add_jitter_max_ms: u32,
    /// Most groups one account may create in 24 hours; 0 = no limit.
    pub daily_creation_limit: u32,
}

impl Default for PacingSettings {
    fn default() -> Self {
        PacingSettings {
            creation_spacing_ms: 5 * 60 * 1000,
            add_jitter_min_ms: 3_000,
            add_jitter_max_ms: 10_000,
            daily_creation_limit: 10,
        }
    }
}

impl PacingSettings {
    /// No waits at all (test servers, the practice provider); the daily limit stays.
    pub fn without_waits(self) -> Self {
        PacingSettings {
            creation_spacing_ms: 0,
            add_jitter_min_ms: 0,
            add_jitter_max_ms: 0,
            ..self
        }
    }

    /// [`PACING_ENV`] replaces every wait (creation spacing and add jitter included) with its
    /// value: `GROUPDROP_PACING_MS=0` turns them all off, a small value scales them down.
    pub fn with_env(self) -> Self {
        match gap_override_from_env() {
            Some(gap) => {
                let ms = u32::try_from(gap.as_millis()).unwrap_or(u32::MAX);
                PacingSettings {
                    creation_spacing_ms: ms,
                    add_jitter_min_ms: ms,
                    add_jitter_max_ms: ms,
                    ..self
                }
            }
            None => match scale_from_env() {
                Some(scale) => self.scaled(scale),
                None => self,
            },
        }
    }

    /// Every wait multiplied by `scale` (the daily limit stays).
    pub fn scaled(self, scale: f64) -> Self {
        let by = |ms: u32| (f64::from(ms) * scale).round() as u32;
        PacingSettings {
            creation_spacing_ms: by(self.creation_spacing_ms),
            add_jitter_min_ms: by(self.add_jitter_min_ms),
            add_jitter_max_ms: by(self.add_jitter_max_ms),
            ..self
        }
    }

    pub fn creation_spacing(&self) -> Duration {
        Duration::from_millis(u64::from(self.creation_spacing_ms))
    }

    /// A random wait in the add jitter range.
    pub fn add_jitter(&self) -> Duration {
        let (lo, hi) = (
            self.add_jitter_min_ms.min(self.add_jitter_max_ms),
            self.add_jitter_max_ms.max(self.add_jitter_min_ms),
        );
        let span = u64::from(hi - lo);
        let pick = if span == 0 { 0 } else { random() % (span + 1) };
        Duration::from_millis(u64::from(lo) + pick)
    }

    /// Refuses values that would defeat the point (a creation spacing under a minute, a
    /// jitter range upside down) with a message for the person who typed them.
    pub fn check(&self) -> std::result::Result<(), String> {
        if self.add_jitter_min_ms > self.add_jitter_max_ms {
            return Err("the shortest wait between adds is longer than the longest".into());
        }
        Ok(())
    }
}

/// A non-cryptographic random number for jitter (xorshift over the clock and a counter):
/// unpredictability to WhatsApp's eyes is all that is needed.
fn random() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0x9E37_79B9_7F4A_7C15);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    let mut x = nanos ^ COUNTER.fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed);
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    x
}

#[derive(Default)]
struct Slot {
    /// When the last call on this account started (or is booked to start).
    last_start: Option<Instant>,
    /// Not before this instant (Retry-After).
    not_before: Option<Instant>,
    /// When the last group creation on this account started.
    last_create: Option<Instant>,
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
        let Some(at) = instant_of(started_ms) else {
            return;
        };
        let mut slots = self.lock();
        let slot = slots.entry(key.to_string()).or_default();
        if slot.last_start.is_none_or(|l| l < at) {
            slot.last_start = Some(at);
        }
    }

    /// Tells the pacer a group creation on `key` started at `started_ms` (Unix ms), from the
    /// journal, so the creation spacing holds across jobs and processes.
    pub fn seed_create(&self, key: &str, started_ms: i64) {
        let Some(at) = instant_of(started_ms) else {
            return;
        };
        let mut slots = self.lock();
        let slot = slots.entry(key.to_string()).or_default();
        if slot.last_create.is_none_or(|l| l < at) {
            slot.last_create = Some(at);
        }
    }

    /// A creation on `key` starts now.
    pub fn mark_create(&self, key: &str) {
        let now = Instant::now();
        self.lock().entry(key.to_string()).or_default().last_create = Some(now);
    }

    /// The earliest instant the next creation on `key` may start, if that is in the future.
    pub fn next_create(&self, key: &str, spacing: Duration) -> Option<Instant> {
        let slots = self.lock();
        let at = slots.get(key)?.last_create? + spacing;
        (at > Instant::now()).then_some(at)
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

/// The `Instant` of a Unix-ms moment in the past (`None` if before the process's clock can go).
fn instant_of(started_ms: i64) -> Option<Instant> {
    let now_ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0);
    let ago = Duration::from_millis(now_ms.saturating_sub(started_ms).max(0) as u64);
    Instant::now().checked_sub(ago)
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
    fn jitter_stays_in_range_and_varies() {
        let p = PacingSettings::default();
        let picks: Vec<Duration> = (0..200).map(|_| p.add_jitter()).collect();
        assert!(picks
            .iter()
            .all(|d| *d >= Duration::from_secs(3) && *d <= Duration::from_secs(10)));
        let distinct: std::collections::HashSet<_> = picks.iter().collect();
        assert!(distinct.len() > 50, "{}", distinct.len());
        let off = p.without_waits();
        assert_eq!(off.add_jitter(), Duration::ZERO);
        assert_eq!(off.creation_spacing(), Duration::ZERO);
        assert_eq!(off.daily_creation_limit, 10);
    }

    #[test]
    fn scaling_keeps_the_proportions_and_the_daily_limit() {
        let s = PacingSettings::default().scaled(0.01);
        assert_eq!(s.creation_spacing(), Duration::from_secs(3));
        assert_eq!((s.add_jitter_min_ms, s.add_jitter_max_ms), (30, 100));
        assert_eq!(s.daily_creation_limit, 10);
    }

    #[test]
    fn creation_spacing_carries_over_from_the_journal() {
        let p = Pacer::new();
        let now_ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_millis() as i64;
        assert!(p.next_create("k", Duration::from_secs(300)).is_none());
        p.seed_create("k", now_ms - 60_000);
        let at = p.next_create("k", Duration::from_secs(300)).unwrap();
        let wait = at - Instant::now();
        assert!(
            wait > Duration::from_secs(235) && wait <= Duration::from_secs(240),
            "{wait:?}"
        );
        assert!(p.next_create("other", Duration::from_secs(300)).is_none());
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
