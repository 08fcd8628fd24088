//! The practice provider: the whole flow without an account. "Practice — no real WhatsApp group
//! is created."
//!
//! Outcomes are realistic and deterministic: a hash of the number puts about 80 % in the group,
//! 10 % "invited" (privacy settings) and 10 % "not on WhatsApp", always the same for the same
//! number, so a user trying twice sees the same result and tests can predict it. The groups it
//! "creates" are kept in `practice-groups.json` in the directory it is given, so a lookup works
//! from another process (the job engine's crash-and-resume path uses it).

use crate::config::{pacing_override, PracticeConfig};
use crate::error::ProviderError;
use crate::model::*;
use crate::phone_format::{digits, plus_e164};
use crate::recency::{found, pick};
use crate::Provider;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Shown wherever the provider is named, so nobody mistakes it for the real thing.
pub const PRACTICE_LABEL: &str = "Practice — no real WhatsApp group is created";
const NAME: &str = "Practice";
const FILE_NAME: &str = "practice-groups.json";
const BATCH_MAX: usize = 20;
/// `GROUPDROP_PRACTICE_FAULT=lose-create-answer`: see [`PracticeFault`].
pub const FAULT_ENV: &str = "GROUPDROP_PRACTICE_FAULT";

/// Failures the practice provider can pretend to have, so the engine's recovery paths can be
/// tried (and tested) without a network.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PracticeFault {
    /// The group is created (and saved) but the answer "never arrives": the create returns
    /// `Timeout { sent: true }`, as a real provider would after a dropped connection.
    LoseCreateAnswer,
}

impl PracticeFault {
    /// From `GROUPDROP_PRACTICE_FAULT`, when set to a known value.
    pub fn from_env() -> Option<PracticeFault> {
        match std::env::var(FAULT_ENV).ok()?.trim() {
            "lose-create-answer" => Some(PracticeFault::LoseCreateAnswer),
            _ => None,
        }
    }
}

/// The in-process provider.
#[derive(Debug)]
pub struct Practice {
    dir: PathBuf,
    delay: Duration,
    fault: Option<PracticeFault>,
    /// Serialises read-modify-write of the group file within this process.
    file_lock: Mutex<()>,
}

#[derive(Serialize, Deserialize, Default)]
struct Store {
    groups: Vec<StoredGroup>,
}

#[derive(Serialize, Deserialize, Clone)]
struct StoredGroup {
    name: String,
    id: String,
    invite_link: String,
    /// E.164 of everyone "in" the group.
    members: Vec<String>,
    /// When the group was "created". Files written before lookups compared creation times lack
    /// it; such a group's age is unknown, as with a provider that does not say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    created_unix_ms: Option<u64>,
    /// "Set up after create", kept so a rehearsal shows every step (files written before it
    /// lack these).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    admins: Vec<String>,
    #[serde(default)]
    admins_only: AdminsOnly,
}

impl StoredGroup {
    fn group_ref(&self) -> GroupRef {
        GroupRef {
            name: self.name.clone(),
            id: Some(self.id.clone()),
            handle: self.id.clone(),
            invite_link: Some(self.invite_link.clone()),
        }
    }
}

/// FNV-1a: tiny, stable across versions and platforms (std's hasher is neither promised).
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// What would happen to this number, always the same for the same number.
pub fn practice_outcome(phone: &str) -> (MemberStatus, Option<String>) {
    let d = digits(phone);
    if !(8..=15).contains(&d.len()) {
        return (
            MemberStatus::Rejected,
            Some("not a valid number (practice)".into()),
        );
    }
    match fnv1a(d.as_bytes()) % 100 {
        0..=9 => (
            MemberStatus::Rejected,
            Some("not on WhatsApp (practice)".into()),
        ),
        10..=19 => (
            MemberStatus::Invited,
            Some(
                "their privacy settings only allow invitations; a private invite would be sent (practice)"
                    .into(),
            ),
        ),
        _ => (MemberStatus::Added, None),
    }
}

/// `PRACTICE` + 14 letters/digits: 22 characters like a real invite code, plainly fake.
fn fake_code(seed: u64) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    // xorshift must not start at 0; mixing keeps neighbouring seeds apart.
    let mut x = (seed ^ 0x9e37_79b9_7f4a_7c15).max(1);
    let mut code = String::from("PRACTICE");
    for _ in 0..14 {
        // xorshift64: enough spread for a fake code.
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        code.push(ALPHABET[(x % ALPHABET.len() as u64) as usize] as char);
    }
    code
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

impl Practice {
    pub fn new(config: PracticeConfig) -> Practice {
        Practice {
            dir: config.dir,
            delay: config.delay,
            fault: PracticeFault::from_env(),
            file_lock: Mutex::new(()),
        }
    }

    /// Pretend to fail in a particular way (overrides `GROUPDROP_PRACTICE_FAULT`).
    pub fn with_fault(mut self, fault: Option<PracticeFault>) -> Practice {
        self.fault = fault;
        self
    }

    /// Where the practice groups are kept.
    pub fn file(&self) -> PathBuf {
        self.dir.join(FILE_NAME)
    }

    async fn pause(&self) {
        if !self.delay.is_zero() {
            tokio::time::sleep(self.delay).await;
        }
    }

    fn io_error(&self, what: &str, e: std::io::Error) -> ProviderError {
        ProviderError::Config(format!(
            "The practice provider could not {what} its groups in {} ({e}). Check that the folder exists and is writable.",
            self.dir.display()
        ))
    }

    fn load(&self) -> Result<Store, ProviderError> {
        let path = self.file();
        match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|_| {
                ProviderError::Config(format!(
                    "The practice groups file {} is damaged. Delete it to start practising afresh.",
                    path.display()
                ))
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Store::default()),
            Err(e) => Err(self.io_error("read", e)),
        }
    }

    /// Write-then-rename, so a crash mid-write never leaves half a file.
    fn save(&self, store: &Store) -> Result<(), ProviderError> {
        std::fs::create_dir_all(&self.dir).map_err(|e| self.io_error("save", e))?;
        let tmp = self
            .dir
            .join(format!("{FILE_NAME}.{}.tmp", std::process::id()));
        let bytes = serde_json::to_vec_pretty(store).expect("plain data serialises");
        write_synced(&tmp, &bytes).map_err(|e| self.io_error("save", e))?;
        std::fs::rename(&tmp, self.file()).map_err(|e| self.io_error("save", e))
    }

    fn update<T>(&self, change: impl FnOnce(&mut Store) -> T) -> Result<T, ProviderError> {
        let _guard = self.file_lock.lock().expect("lock");
        let mut store = self.load()?;
        let out = change(&mut store);
        self.save(&store)?;
        Ok(out)
    }

    fn read<T>(&self, look: impl FnOnce(&Store) -> T) -> Result<T, ProviderError> {
        let _guard = self.file_lock.lock().expect("lock");
        Ok(look(&self.load()?))
    }
}

fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut file = std::fs::File::create(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Outcomes for a batch joining `members` (which is updated).
fn join(members: &mut Vec<String>, phones: &[String]) -> Vec<MemberResult> {
    phones
        .iter()
        .map(|p| {
            let phone = plus_e164(p);
            let (status, reason) = if members.contains(&phone) {
                (MemberStatus::Added, Some("already in the group".into()))
            } else {
                let outcome = practice_outcome(&phone);
                if outcome.0 == MemberStatus::Added {
                    members.push(phone.clone());
                }
                outcome
            };
            MemberResult {
                phone,
                status,
                reason,
            }
        })
        .collect()
}

impl Practice {
    /// Applies `f` to the stored group `group` addresses; unknown group → `GroupNotFound`.
    fn change(
        &self,
        group: &GroupRef,
        f: impl FnOnce(&mut StoredGroup) -> Result<(), ProviderError>,
    ) -> Result<(), ProviderError> {
        self.update(|store| {
            store
                .groups
                .iter_mut()
                .find(|g| g.id == group.handle)
                .map(f)
        })?
        .unwrap_or_else(|| {
            Err(ProviderError::GroupNotFound {
                provider: NAME,
                name: group.name.clone(),
            })
        })
    }

    /// What the rehearsal set up on a group: (description, admins, admins-only settings). For
    /// tests and the practice result.
    pub fn setup_of(&self, handle: &str) -> Option<(Option<String>, Vec<String>, AdminsOnly)> {
        self.read(|store| {
            store
                .groups
                .iter()
                .find(|g| g.id == handle)
                .map(|g| (g.description.clone(), g.admins.clone(), g.admins_only))
        })
        .ok()
        .flatten()
    }
}

impl Provider for Practice {
    fn kind(&self) -> ProviderKind {
        ProviderKind::Practice
    }

    fn limits(&self) -> Limits {
        Limits {
            create_max: BATCH_MAX,
            add_max: BATCH_MAX,
            // The artificial delay already paces it.
            min_gap: pacing_override().unwrap_or(Duration::ZERO),
            list_lag: Duration::ZERO,
            per_number_results: true,
            invite_link_call: true,
            member_list: true,
        }
    }

    async fn check(&self) -> Result<AccountCheck, ProviderError> {
        self.pause().await;
        Ok(AccountCheck {
            summary: format!(
                "{PRACTICE_LABEL}. Results are made up, the same for the same number every time."
            ),
            own_number: None,
            numbers: Vec::new(),
            verified: true,
        })
    }

    async fn create_group(&self, req: &CreateRequest) -> Result<CreateAnswer, ProviderError> {
        self.pause().await;
        if req.phones.len() > BATCH_MAX {
            return Err(ProviderError::Config(format!(
                "The practice provider takes at most {BATCH_MAX} numbers per create and was given {}. This is a GroupDrop bug: please report it.",
                req.phones.len()
            )));
        }
        let created = now_ms();
        let (group, members) = self.update(|store| {
            let seed =
                fnv1a(format!("{}\u{0}{}\u{0}{created}", req.name, store.groups.len()).as_bytes());
            let mut stored = StoredGroup {
                name: req.name.clone(),
                id: format!("practice-{seed:016x}@g.us"),
                invite_link: format!("https://chat.whatsapp.com/{}", fake_code(seed)),
                members: Vec::new(),
                created_unix_ms: Some(created),
                description: None,
                admins: Vec::new(),
                admins_only: AdminsOnly::default(),
            };
            let members = join(&mut stored.members, &req.phones);
            let group = stored.group_ref();
            store.groups.push(stored);
            (group, members)
        })?;
        if self.fault == Some(PracticeFault::LoseCreateAnswer) {
            return Err(ProviderError::Timeout {
                provider: NAME,
                sent: true,
            });
        }
        Ok(CreateAnswer {
            group,
            members,
            note: Some(format!("{PRACTICE_LABEL}.")),
        })
    }

    async fn add_members(
        &self,
        group: &GroupRef,
        phones: &[String],
        _auto_invite: bool,
    ) -> Result<Vec<MemberResult>, ProviderError> {
        self.pause().await;
        let result = self.update(|store| {
            store
                .groups
                .iter_mut()
                .find(|g| g.id == group.handle)
                .map(|g| join(&mut g.members, phones))
        })?;
        result.ok_or_else(|| ProviderError::GroupNotFound {
            provider: NAME,
            name: group.name.clone(),
        })
    }

    async fn find_group(
        &self,
        name: &str,
        _probe_phones: &[String],
        created_after: Option<i64>,
    ) -> Result<Lookup, ProviderError> {
        self.pause().await;
        // Like the real providers: same-name groups known to be older than the lost create are
        // someone else's; without a bound, the newest. Later in the file is newer.
        let chosen = self.read(|store| {
            let candidates: Vec<(GroupRef, Option<i64>)> = store
                .groups
                .iter()
                .rev()
                .filter(|g| g.name == name)
                .map(|g| {
                    let created = g.created_unix_ms.and_then(|t| i64::try_from(t).ok());
                    (g.group_ref(), created)
                })
                .collect();
            pick(candidates, created_after.unwrap_or(i64::MIN))
        })?;
        Ok(found(chosen))
    }

    async fn invite_link(&self, group: &GroupRef) -> Result<Option<String>, ProviderError> {
        self.pause().await;
        self.read(|store| {
            store
                .groups
                .iter()
                .find(|g| g.id == group.handle)
                .map(|g| g.invite_link.clone())
        })
    }

    /// The offline rehearsal offers every step, so the window can show them all.
    fn setup_support(&self, _step: SetupStepKind) -> SetupSupport {
        SetupSupport::Call
    }

    async fn set_description(
        &self,
        group: &GroupRef,
        description: &str,
    ) -> Result<(), ProviderError> {
        self.pause().await;
        self.change(group, |g| {
            g.description = Some(description.to_string());
            Ok(())
        })
    }

    async fn promote_admins(
        &self,
        group: &GroupRef,
        phones: &[String],
    ) -> Result<(), ProviderError> {
        self.pause().await;
        self.change(group, |g| {
            // Like WhatsApp: only a member can be made admin.
            if let Some(outsider) = phones.iter().find(|p| !g.members.contains(p)) {
                return Err(ProviderError::InvalidRequest {
                    provider: NAME,
                    status: 400,
                    detail: format!("{outsider} is not in the group (practice)"),
                });
            }
            for p in phones {
                if !g.admins.contains(p) {
                    g.admins.push(p.clone());
                }
            }
            Ok(())
        })
    }

    async fn set_admins_only(
        &self,
        group: &GroupRef,
        admins_only: AdminsOnly,
    ) -> Result<(), ProviderError> {
        self.pause().await;
        self.change(group, |g| {
            g.admins_only = admins_only;
            Ok(())
        })
    }

    async fn members(&self, group: &GroupRef) -> Result<Option<Vec<String>>, ProviderError> {
        self.pause().await;
        self.read(|store| {
            store
                .groups
                .iter()
                .find(|g| g.id == group.handle)
                .map(|g| g.members.clone())
        })
    }

    fn number_check(&self) -> NumberCheckOffer {
        NumberCheckOffer {
            offered: true,
            why_not: None,
            per_call: 1_000,
            gap_ms: 0,
            remaining: None,
        }
    }

    /// The same verdict a practice create gives: the numbers it would call "not on WhatsApp"
    /// are reported so here (about 10 %), a number it would not accept is unknown.
    async fn check_numbers(&self, phones: &[String]) -> Result<Vec<NumberCheck>, ProviderError> {
        self.pause().await;
        Ok(phones
            .iter()
            .map(|p| {
                let phone = plus_e164(p);
                match practice_outcome(&phone) {
                    (MemberStatus::Rejected, Some(r)) if r.starts_with("not on WhatsApp") => {
                        NumberCheck {
                            phone,
                            status: CheckStatus::NotOnWhatsapp,
                            whatsapp_id: None,
                            reason: Some(r),
                        }
                    }
                    (MemberStatus::Rejected, r) => NumberCheck {
                        phone,
                        status: CheckStatus::Unknown,
                        whatsapp_id: None,
                        reason: r,
                    },
                    _ => NumberCheck {
                        whatsapp_id: Some(phone.clone()),
                        phone,
                        status: CheckStatus::OnWhatsapp,
                        reason: None,
                    },
                }
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fake_codes_look_like_invite_codes() {
        let code = fake_code(42);
        assert_eq!(code.len(), 22);
        assert!(code.starts_with("PRACTICE"));
        assert!(code.chars().all(|c| c.is_ascii_alphanumeric()));
        assert_ne!(fake_code(42), fake_code(43));
    }

    #[test]
    fn hash_is_stable_across_builds() {
        // Pinned: changing the hash would change every practice result users have seen.
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
