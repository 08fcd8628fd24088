//! The Rust side of `scripts/bench-import`.
//!
//! `bench_import gen FILE ROWS` writes the benchmark CSV; `bench_import time FILE COUNTRY RUNS`
//! pays the metadata load (`warm_up`, timed), imports once (the first run, timed), then RUNS
//! times, and prints one JSON line with the median.

#[path = "../benches/bench_data.rs"]
mod bench_data;

use groupdrop_contacts::{import_path, ImportOptions};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("gen") => {
            let rows: usize = args[2].parse().expect("ROWS");
            std::fs::write(&args[1], bench_data::contacts_csv(rows)).expect("write the CSV");
        }
        Some("time") => {
            let path = std::path::Path::new(&args[1]);
            let opts = ImportOptions {
                country: Some(args[2].clone()),
                ..Default::default()
            };
            let runs: usize = args[3].parse().expect("RUNS");
            let load = Instant::now();
            groupdrop_contacts::warm_up();
            let warm_up_ms = load.elapsed().as_secs_f64() * 1e3;
            let cold = Instant::now();
            let report = import_path(path, &opts).expect("import");
            let cold_ms = cold.elapsed().as_secs_f64() * 1e3;
            let mut times: Vec<f64> = (0..runs)
                .map(|_| {
                    let t = Instant::now();
                    std::hint::black_box(import_path(path, &opts).expect("import"));
                    t.elapsed().as_secs_f64() * 1e3
                })
                .collect();
            times.sort_by(f64::total_cmp);
            println!(
                "{{\"median_ms\": {:.1}, \"first_run_ms\": {cold_ms:.1}, \"warm_up_ms\": {warm_up_ms:.1}, \"contacts\": {}, \"duplicates\": {}, \"rejected\": {}, \"assumed_international\": {}}}",
                times[times.len() / 2],
                report.contacts.len(),
                report.duplicates.len(),
                report.rejected.len(),
                report
                    .contacts
                    .iter()
                    .filter(|c| c.assumed_international)
                    .count()
            );
        }
        _ => eprintln!("usage: bench_import gen FILE ROWS | time FILE COUNTRY RUNS"),
    }
}
