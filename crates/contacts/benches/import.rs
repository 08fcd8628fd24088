//! Import + normalise of a generated 100k-row CSV (see `bench_data.rs`), with each speed idea
//! switched on and off, and the per-number cost of the `phonenumber` crate's own parser next to
//! GroupDrop's. Whole-process ratios to Python and C++ on the same rows: `scripts/bench`.

#[path = "bench_data.rs"]
mod bench_data;

use criterion::{criterion_group, criterion_main, Criterion};
use groupdrop_contacts::{import_bytes_tuned, ImportOptions, Tuning};
use std::hint::black_box;

fn import_100k(c: &mut Criterion) {
    let csv = bench_data::contacts_csv(100_000);
    let opts = ImportOptions {
        country: Some("BR".into()),
        ..Default::default()
    };
    groupdrop_contacts::warm_up();
    let mut group = c.benchmark_group("import_100k_rows");
    group.sample_size(10);
    for (name, memoise, parallel) in [
        ("memoised, all cores (default)", true, true),
        ("memoised, one thread", true, false),
        ("not memoised, all cores", false, true),
        ("not memoised, one thread", false, false),
    ] {
        let tuning = Tuning { memoise, parallel };
        group.bench_function(name, |b| {
            b.iter(|| {
                import_bytes_tuned("contacts.csv", black_box(csv.as_bytes()), &opts, tuning)
                    .unwrap()
            })
        });
    }
    group.finish();
}

fn per_number(c: &mut Criterion) {
    let csv = bench_data::contacts_csv(12_000);
    let cells: Vec<String> = csv
        .lines()
        .skip(1)
        .filter_map(|l| l.split(';').nth(1).map(str::to_string))
        .filter(|p| !p.is_empty())
        .take(10_000)
        .collect();
    groupdrop_contacts::warm_up();
    let mut group = c.benchmark_group("normalise_10k_cells_one_thread");
    group.sample_size(10);
    group.bench_function("groupdrop (libphonenumber port)", |b| {
        b.iter(|| {
            cells
                .iter()
                .filter_map(|s| groupdrop_contacts::testing::normalise_one(s, Some("BR")).ok())
                .map(|n| n.e164.len())
                .sum::<usize>()
        })
    });
    group.bench_function("phonenumber crate parse + is_valid + E.164", |b| {
        b.iter(|| {
            cells
                .iter()
                .filter_map(|s| phonenumber::parse(Some(phonenumber::country::Id::BR), s).ok())
                .filter(|n| n.is_valid())
                .map(|n| n.format().mode(phonenumber::Mode::E164).to_string().len())
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, import_100k, per_number);
criterion_main!(benches);
