//! What the journal costs. Every provider call is two committed, fsynced SQLite transactions
//! (intent before, answer after); this measures that pair and a whole 1023-member run through an
//! instant in-memory provider, so the cost can be set against the providers' pacing (2Chat 2 s,
//! Z-API and EazyBe 3 s between calls): the journal must be noise next to the gap.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use groupdrop_core::history::{CallAnswer, CallKind, History, MemberUpdate, NewJob};
use groupdrop_core::outcome::MemberState;
use groupdrop_core::plan::{Plan, PlanContact, PlanInput, PlanOptions};
use groupdrop_core::{Engine, JobStatus};
use groupdrop_providers::*;
use std::time::Duration;

/// Answers instantly: everyone added, the group always exists.
struct Instant;

fn limits() -> Limits {
    Limits {
        create_max: 10,
        add_max: 10,
        min_gap: Duration::ZERO,
        list_lag: Duration::ZERO,
        per_number_results: true,
        invite_link_call: true,
        member_list: true,
    }
}

fn added(phones: &[String]) -> Vec<MemberResult> {
    phones
        .iter()
        .map(|p| MemberResult {
            phone: p.clone(),
            status: MemberStatus::Added,
            reason: None,
        })
        .collect()
}

impl Provider for Instant {
    fn kind(&self) -> ProviderKind {
        ProviderKind::Practice
    }
    fn setup_support(&self, _step: SetupStepKind) -> SetupSupport {
        SetupSupport::NotOffered {
            why: "the bench offers no setup".into(),
        }
    }
    fn limits(&self) -> Limits {
        limits()
    }
    async fn check(&self) -> Result<AccountCheck, ProviderError> {
        unreachable!()
    }
    async fn create_group(&self, req: &CreateRequest) -> Result<CreateAnswer, ProviderError> {
        Ok(CreateAnswer {
            group: GroupRef {
                name: req.name.clone(),
                id: Some("g@g.us".into()),
                handle: "g".into(),
                invite_link: Some("https://chat.whatsapp.com/x".into()),
            },
            members: added(&req.phones),
            note: None,
        })
    }
    async fn add_members(
        &self,
        _: &GroupRef,
        phones: &[String],
        _: bool,
    ) -> Result<Vec<MemberResult>, ProviderError> {
        Ok(added(phones))
    }
    async fn find_group(
        &self,
        _: &str,
        _: &[String],
        _: Option<i64>,
    ) -> Result<Lookup, ProviderError> {
        Ok(Lookup::NotFound)
    }
    async fn invite_link(&self, _: &GroupRef) -> Result<Option<String>, ProviderError> {
        Ok(None)
    }
    async fn members(&self, _: &GroupRef) -> Result<Option<Vec<String>>, ProviderError> {
        Ok(None)
    }
}

fn input(n: usize) -> PlanInput {
    PlanInput {
        contacts: (0..n)
            .map(|i| PlanContact {
                row: i as u64 + 2,
                name: Some(format!("Person {i}")),
                phone: format!("+55119{i:08}"),
            })
            .collect(),
        rejected: vec![],
        duplicates: 0,
        ..Default::default()
    }
}

fn new_job(h: &History, n: usize) -> i64 {
    let plan = Plan::build(
        ProviderKind::Practice,
        &limits(),
        input(n),
        &PlanOptions {
            name: "Bench".into(),
            auto_invite: false,
            create_if_missing: true,
            split: false,
            own_number: None,
            group_names: Default::default(),
            setup: Default::default(),
        },
    )
    .unwrap();
    h.create_job(&NewJob {
        provider: ProviderKind::Practice,
        account_id: None,
        account_label: "bench",
        part: &plan.parts[0],
        import_rejections: &[],
        plan_rejections: &[],
        source: None,
    })
    .unwrap()
}

fn journal_pair(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let h = History::open(&dir.path().join("history.sqlite3")).unwrap();
    let job = new_job(&h, 1023);
    let phones: Vec<String> = (0..1023).map(|i| format!("+55119{i:08}")).collect();
    let mut k = 0usize;
    c.bench_function(
        "journal: intent + answer with 10 member outcomes (2 fsynced commits)",
        |b| {
            b.iter(|| {
                let batch = &phones[(k * 10) % 1020..(k * 10) % 1020 + 10];
                k += 1;
                let seq = h.begin_call(job, CallKind::Add, Some(1), 1).unwrap();
                let updates: Vec<MemberUpdate> = batch
                    .iter()
                    .map(|p| MemberUpdate {
                        phone: p.clone(),
                        state: MemberState::Added,
                        reason: None,
                    })
                    .collect();
                h.answer_call(
                    job,
                    seq,
                    &CallAnswer {
                        summary: Some("batch: 10 added"),
                        members: &updates,
                        ..CallAnswer::default()
                    },
                )
                .unwrap();
            })
        },
    );
}

fn whole_run(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut group = c.benchmark_group("engine");
    group.sample_size(10);
    group.bench_function("1023 members, 103 calls, instant provider", |b| {
        b.iter_batched(
            || {
                let dir = tempfile::tempdir().unwrap();
                let h = History::open(&dir.path().join("history.sqlite3")).unwrap();
                let job = new_job(&h, 1023);
                (dir, h, job)
            },
            |(_dir, h, job)| {
                let o = rt.block_on(Engine::new(&h, &Instant).run(job)).unwrap();
                assert_eq!(o.status, JobStatus::Done);
                assert_eq!(o.added.len(), 1023);
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(benches, journal_pair, whole_run);
criterion_main!(benches);
