//! A scriptable in-test provider: it keeps groups like a real one (so lookups work), can be told
//! to fail a given call in a given way — before or after it "processed" the request — and can
//! hide new groups from lookups for a while, like 2Chat's listing lag.

#![allow(dead_code)]

use groupdrop_core::history::{History, NewJob};
use groupdrop_core::plan::{ImportRejection, Plan, PlanContact, PlanInput, PlanOptions};
use groupdrop_providers::*;
use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// What the next call of a kind does.
#[derive(Debug)]
pub enum Step {
    /// Fail without doing anything.
    FailBefore(ProviderError),
    /// Do the work, then fail as if the answer was lost.
    FailAfter(ProviderError),
}

impl Clone for Step {
    fn clone(&self) -> Self {
        match self {
            Step::FailBefore(e) => Step::FailBefore(clone_error(e)),
            Step::FailAfter(e) => Step::FailAfter(clone_error(e)),
        }
    }
}

/// `ProviderError` is not `Clone` (nor should it be); tests need copies of scripted errors.
pub fn clone_error(e: &ProviderError) -> ProviderError {
    use ProviderError::*;
    match e {
        Credentials { provider, hint } => Credentials {
            provider,
            hint: hint.clone(),
        },
        Payment { provider } => Payment { provider },
        RateLimited {
            provider,
            retry_after,
        } => RateLimited {
            provider,
            retry_after: *retry_after,
        },
        Busy {
            provider,
            detail,
            retry_after,
        } => Busy {
            provider,
            detail: detail.clone(),
            retry_after: *retry_after,
        },
        NotConnected { provider, detail } => NotConnected {
            provider,
            detail: detail.clone(),
        },
        GroupNotFound { provider, name } => GroupNotFound {
            provider,
            name: name.clone(),
        },
        InvalidRequest {
            provider,
            status,
            detail,
        } => InvalidRequest {
            provider,
            status: *status,
            detail: detail.clone(),
        },
        ProviderDown { provider, status } => ProviderDown {
            provider,
            status: *status,
        },
        Malformed { provider, detail } => Malformed {
            provider,
            detail: detail.clone(),
        },
        ReplyTooLarge { provider, limit_mb } => ReplyTooLarge {
            provider,
            limit_mb: *limit_mb,
        },
        Timeout { provider, sent } => Timeout {
            provider,
            sent: *sent,
        },
        Network {
            provider,
            sent,
            detail,
        } => Network {
            provider,
            sent: *sent,
            detail: detail.clone(),
        },
        Config(s) => Config(s.clone()),
    }
}

#[derive(Clone, Debug)]
pub struct FakeGroup {
    pub name: String,
    pub handle: String,
    pub members: Vec<String>,
    pub created: Instant,
    /// Creation time as the provider reports it (Unix ms); `None` = it does not say.
    pub created_unix_ms: Option<i64>,
}

#[derive(Default)]
pub struct State {
    pub groups: Vec<FakeGroup>,
    /// Every call that reached the fake, in order: ("create", n phones) ...
    pub log: Vec<(&'static str, usize, Instant)>,
    pub script: HashMap<&'static str, VecDeque<Step>>,
    /// The `created_after` of every lookup, in order.
    pub lookup_bounds: Vec<Option<i64>>,
}

pub struct Fake {
    pub limits: Limits,
    pub state: Mutex<State>,
    /// Lookups do not see groups younger than this.
    pub hidden_for: Duration,
    /// Phone → (status, reason) for numbers that are not simply added.
    pub special: HashMap<String, MemberStatus>,
    /// Answer lookups with the probe batch settled (EazyBe style).
    pub lookup_settles_probe: bool,
    pub invite_links: bool,
}

pub fn limits(create_max: usize, add_max: usize) -> Limits {
    Limits {
        create_max,
        add_max,
        min_gap: Duration::ZERO,
        list_lag: Duration::ZERO,
        per_number_results: true,
        invite_link_call: true,
        member_list: true,
    }
}

impl Fake {
    pub fn new(limits: Limits) -> Fake {
        Fake {
            limits,
            state: Mutex::new(State::default()),
            hidden_for: Duration::ZERO,
            special: HashMap::new(),
            lookup_settles_probe: false,
            invite_links: true,
        }
    }

    pub fn script(&self, kind: &'static str, steps: Vec<Step>) {
        self.state
            .lock()
            .unwrap()
            .script
            .entry(kind)
            .or_default()
            .extend(steps);
    }

    pub fn count(&self, kind: &str) -> usize {
        self.state
            .lock()
            .unwrap()
            .log
            .iter()
            .filter(|(k, _, _)| *k == kind)
            .count()
    }

    pub fn groups(&self) -> Vec<FakeGroup> {
        self.state.lock().unwrap().groups.clone()
    }

    pub fn call_times(&self, kind: &str) -> Vec<Instant> {
        self.state
            .lock()
            .unwrap()
            .log
            .iter()
            .filter(|(k, _, _)| *k == kind)
            .map(|(_, _, t)| *t)
            .collect()
    }

    fn next_step(&self, kind: &'static str, n: usize) -> Option<Step> {
        let mut st = self.state.lock().unwrap();
        st.log.push((kind, n, Instant::now()));
        st.script.get_mut(kind).and_then(|q| q.pop_front())
    }

    fn result_for(&self, phone: &str, members: &mut Vec<String>) -> MemberResult {
        let status = self
            .special
            .get(phone)
            .copied()
            .unwrap_or(MemberStatus::Added);
        if status == MemberStatus::Added && !members.iter().any(|m| m == phone) {
            members.push(phone.to_string());
        }
        if status == MemberStatus::Sent {
            // "Sent" numbers silently get in unless marked otherwise by a rejection entry.
            members.push(phone.to_string());
        }
        MemberResult {
            phone: phone.to_string(),
            status,
            reason: match status {
                MemberStatus::Rejected => Some("not on WhatsApp".into()),
                MemberStatus::Invited => Some("privacy settings; invite sent".into()),
                MemberStatus::Sent => Some("sent, not confirmed".into()),
                MemberStatus::Added => None,
            },
        }
    }

    fn group_ref(g: &FakeGroup, links: bool) -> GroupRef {
        GroupRef {
            name: g.name.clone(),
            id: Some(format!("{}@g.us", g.handle)),
            handle: g.handle.clone(),
            invite_link: None.or(links.then(|| format!("https://chat.whatsapp.com/{}", g.handle))),
        }
    }
}

impl Provider for Fake {
    fn kind(&self) -> ProviderKind {
        ProviderKind::Practice
    }

    fn setup_support(&self, _step: SetupStepKind) -> SetupSupport {
        SetupSupport::NotOffered {
            why: "the fake offers no setup".into(),
        }
    }

    fn limits(&self) -> Limits {
        self.limits
    }

    async fn check(&self) -> Result<AccountCheck, ProviderError> {
        unreachable!("the engine never calls check")
    }

    async fn create_group(&self, req: &CreateRequest) -> Result<CreateAnswer, ProviderError> {
        assert!(req.phones.len() <= self.limits.create_max, "create too big");
        let step = self.next_step("create", req.phones.len());
        if let Some(Step::FailBefore(e)) = step {
            return Err(e);
        }
        let mut st = self.state.lock().unwrap();
        let handle = format!("G{}", st.groups.len() + 1);
        let mut g = FakeGroup {
            name: req.name.clone(),
            handle,
            members: vec![],
            created: Instant::now(),
            created_unix_ms: Some(groupdrop_core::history::now_ms()),
        };
        let members = req
            .phones
            .iter()
            .map(|p| self.result_for(p, &mut g.members))
            .collect();
        let group = Fake::group_ref(&g, false);
        st.groups.push(g);
        if let Some(Step::FailAfter(e)) = step {
            return Err(e);
        }
        Ok(CreateAnswer {
            group,
            members,
            note: Some("Fake provider note.".into()),
        })
    }

    async fn add_members(
        &self,
        group: &GroupRef,
        phones: &[String],
        _auto_invite: bool,
    ) -> Result<Vec<MemberResult>, ProviderError> {
        assert!(phones.len() <= self.limits.add_max, "add batch too big");
        let step = self.next_step("add", phones.len());
        if let Some(Step::FailBefore(e)) = step {
            return Err(e);
        }
        let mut st = self.state.lock().unwrap();
        let g = st
            .groups
            .iter_mut()
            .find(|g| g.handle == group.handle)
            .expect("add to a group that exists");
        let mut members = std::mem::take(&mut g.members);
        let out = phones
            .iter()
            .map(|p| self.result_for(p, &mut members))
            .collect();
        g.members = members;
        if let Some(Step::FailAfter(e)) = step {
            return Err(e);
        }
        Ok(out)
    }

    /// Like a real provider: the newest visible group with the name, skipping those whose known
    /// creation time is before `created_after`.
    async fn find_group(
        &self,
        name: &str,
        probe: &[String],
        created_after: Option<i64>,
    ) -> Result<Lookup, ProviderError> {
        let step = self.next_step("lookup", probe.len());
        self.state.lock().unwrap().lookup_bounds.push(created_after);
        if let Some(Step::FailBefore(e) | Step::FailAfter(e)) = step {
            return Err(e);
        }
        let mut st = self.state.lock().unwrap();
        let hidden_for = self.hidden_for;
        let old = |g: &FakeGroup| match (created_after, g.created_unix_ms) {
            (Some(after), Some(created)) => created < after,
            _ => false,
        };
        let Some(g) = st
            .groups
            .iter_mut()
            .rev()
            .find(|g| g.name == name && g.created.elapsed() >= hidden_for && !old(g))
        else {
            return Ok(Lookup::NotFound);
        };
        let group = Fake::group_ref(g, false);
        let members = if self.lookup_settles_probe {
            let mut m = std::mem::take(&mut g.members);
            let out = probe.iter().map(|p| self.result_for(p, &mut m)).collect();
            g.members = m;
            Some(out)
        } else {
            None
        };
        Ok(Lookup::Found { group, members })
    }

    async fn invite_link(&self, group: &GroupRef) -> Result<Option<String>, ProviderError> {
        let step = self.next_step("link", 0);
        if let Some(Step::FailBefore(e) | Step::FailAfter(e)) = step {
            return Err(e);
        }
        Ok(self
            .invite_links
            .then(|| format!("https://chat.whatsapp.com/{}", group.handle)))
    }

    async fn members(&self, group: &GroupRef) -> Result<Option<Vec<String>>, ProviderError> {
        let step = self.next_step("members", 0);
        if let Some(Step::FailBefore(e) | Step::FailAfter(e)) = step {
            return Err(e);
        }
        let st = self.state.lock().unwrap();
        Ok(st
            .groups
            .iter()
            .find(|g| g.handle == group.handle)
            .map(|g| g.members.clone()))
    }
}

pub fn phones(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("+55119{:08}", i)).collect()
}

pub fn input(n: usize) -> PlanInput {
    PlanInput {
        contacts: phones(n)
            .into_iter()
            .enumerate()
            .map(|(i, phone)| PlanContact {
                row: i as u64 + 2,
                name: Some(format!("Person {i}")),
                phone,
            })
            .collect(),
        rejected: vec![],
        duplicates: 0,
        ..Default::default()
    }
}

pub fn options(name: &str) -> PlanOptions {
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

pub fn open(dir: &tempfile::TempDir) -> History {
    History::open(&dir.path().join("history.sqlite3")).unwrap()
}

/// Plans `input` with the fake's limits and writes the (single) job.
pub fn job(history: &History, fake: &Fake, input: PlanInput, name: &str) -> i64 {
    let plan = Plan::build(ProviderKind::Practice, &fake.limits, input, &options(name)).unwrap();
    assert_eq!(plan.parts.len(), 1);
    history
        .create_job(&NewJob {
            provider: ProviderKind::Practice,
            account_id: None,
            account_label: "test",
            part: &plan.parts[0],
            import_rejections: &plan.import_rejections,
            plan_rejections: &plan.plan_rejections,
            source: Some("contacts.csv"),
        })
        .unwrap()
}

pub fn import_rejection(row: u64) -> ImportRejection {
    ImportRejection {
        row,
        input: "12345".into(),
        reason: "too short for a Brazilian number".into(),
        code: Some("too_short".into()),
        reason_country: Some("BR".into()),
    }
}

pub fn timeout_after_send() -> ProviderError {
    ProviderError::Timeout {
        provider: "Fake",
        sent: true,
    }
}

pub fn down() -> ProviderError {
    ProviderError::ProviderDown {
        provider: "Fake",
        status: 502,
    }
}

pub fn rate_limited(ms: u64) -> ProviderError {
    ProviderError::RateLimited {
        provider: "Fake",
        retry_after: Some(Duration::from_millis(ms)),
    }
}
