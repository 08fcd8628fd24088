//! Choosing among same-name groups after a create whose answer was lost.
//!
//! Group names are not unique: a school makes "Class 5B parents" every year. When the lookup sees
//! several groups with the name, the one a lost create made cannot be older than that create, so
//! a group whose creation time is known and older is never the answer — adopting it would add
//! hundreds of people to last year's group. A group whose time the provider does not tell is kept
//! (that is all a lookup could do before it knew times) but ranks below one whose time is known
//! and recent.

use crate::model::{GroupRef, Lookup};

/// How many same-name groups a lookup reads in detail. Each costs one more call; the lost create's
/// group is among the newest listed, so a few are enough, and a user with dozens of namesakes
/// does not make the recovery path spend dozens of calls.
pub(crate) const LOOKUP_CANDIDATES: usize = 5;

/// Picks from `candidates`, given newest-listed first, each with its creation time (Unix ms) if
/// known: the newest of those created at or after `created_after`, else the first whose time is
/// unknown, else nothing (every namesake is known to be older).
pub(crate) fn pick<T>(candidates: Vec<(T, Option<i64>)>, created_after: i64) -> Option<T> {
    let mut recent: Option<(T, i64)> = None;
    let mut unknown: Option<T> = None;
    for (candidate, created) in candidates {
        match created {
            Some(t) if t >= created_after => {
                if recent.as_ref().is_none_or(|(_, best)| t > *best) {
                    recent = Some((candidate, t));
                }
            }
            Some(_) => {}
            None => {
                if unknown.is_none() {
                    unknown = Some(candidate);
                }
            }
        }
    }
    recent.map(|(c, _)| c).or(unknown)
}

/// The lookup's answer among the namesakes read in detail (2Chat get-group, Z-API metadata), with
/// one log line saying how many were weighed.
pub(crate) fn choose(
    provider: &'static str,
    candidates: Vec<(GroupRef, Option<i64>)>,
    created_after: i64,
) -> Lookup {
    let checked = candidates.len();
    let chosen = pick(candidates, created_after);
    tracing::info!(
        provider,
        checked,
        found = chosen.is_some(),
        "looked for the group among same-name groups by creation time"
    );
    found(chosen)
}

/// The lookup's answer for the chosen group, if any. Members are not known from a lookup (only
/// EazyBe's probe settles any).
pub(crate) fn found(group: Option<GroupRef>) -> Lookup {
    match group {
        Some(group) => Lookup::Found {
            group,
            members: None,
        },
        None => Lookup::NotFound,
    }
}

#[cfg(test)]
mod tests {
    use super::pick;

    #[test]
    fn known_recent_beats_unknown_and_older_is_never_picked() {
        assert_eq!(
            pick(vec![("old", Some(10)), ("new", Some(100))], 50),
            Some("new")
        );
        assert_eq!(pick(vec![("old", Some(10))], 50), None);
        assert_eq!(pick(vec![("?", None), ("new", Some(60))], 50), Some("new"));
        assert_eq!(pick(vec![("old", Some(10)), ("?", None)], 50), Some("?"));
        assert_eq!(pick(vec![("a", None), ("b", None)], 50), Some("a"));
        assert_eq!(
            pick(
                vec![("n1", Some(60)), ("n2", Some(90)), ("n3", Some(90))],
                50
            ),
            Some("n2"),
            "newest wins; on a tie the newer-listed"
        );
        assert_eq!(pick(vec![("edge", Some(50))], 50), Some("edge"));
        assert_eq!(pick::<&str>(vec![], 50), None);
    }
}
