//! Differential test: GroupDrop's normalising vs Python `phonenumbers` (libphonenumber's
//! reference port) on 120,000 generated numbers from 32 countries, seven default regions
//! (including none), national / `+` / `00` / `011` / country-code-without-plus forms, with
//! punctuation.
//!
//! Every disagreement must be either fixed in `src/phone.rs` or explained in
//! `tests/differential_divergences.tsv`; an unlisted one fails the test. The
//! `phonenumber` crate is known to diverge (see `/work/shared/phonenumber-notes.md` and the
//! module docs of `src/phone.rs`), which is why this test exists.

use groupdrop_contacts::testing::{normalise_one, Normalised};
use groupdrop_contacts::NumberKind;
use phonenumber::metadata::DATABASE;
use rayon::prelude::*;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};

const CASES: usize = 120_000;

const REGIONS: &[&str] = &[
    "BR", "IN", "US", "GB", "DE", "MX", "ES", "FR", "IT", "AR", "CO", "PT", "NG", "ZA", "ID", "PK",
    "CA", "AU", "JP", "CN", "RU", "TR", "EG", "KE", "NL", "CH", "SA", "AE", "PH", "CL", "PE", "BD",
];
const DEFAULTS: &[Option<&str>] = &[
    Some("US"),
    Some("BR"),
    Some("IN"),
    Some("GB"),
    Some("DE"),
    Some("MX"),
    None,
];

/// SplitMix64: deterministic, so a divergence found once is found again.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Groups digits the way people write them: chunks of 2-4 with one separator, maybe brackets.
fn punctuate(rng: &mut Rng, digits: &str) -> String {
    let sep = *rng.pick(&[" ", " ", "-", ".", "", " - "]);
    let mut chunks = Vec::new();
    let mut rest = digits;
    while !rest.is_empty() {
        let n = (2 + rng.below(3)).min(rest.len());
        chunks.push(&rest[..n]);
        rest = &rest[n..];
    }
    let mut out = String::new();
    for (i, c) in chunks.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        if i == 0 && chunks.len() > 2 && rng.chance(15) {
            out.push('(');
            out.push_str(c);
            out.push(')');
        } else {
            out.push_str(c);
        }
    }
    out
}

/// A national significant number near a real one: the metadata's example with its tail
/// randomised, sometimes a digit short or long.
fn national_number(rng: &mut Rng, region: &str) -> Option<String> {
    let meta = DATABASE.by_id(region)?;
    let d = meta.descriptors();
    let desc = if rng.chance(70) {
        d.mobile()
    } else {
        d.fixed_line()
    }
    .or(d.mobile())?;
    let example = desc.example()?;
    let mut digits: Vec<u8> = example.bytes().collect();
    let k = 1 + rng.below(6.min(digits.len().saturating_sub(2)).max(1));
    let len = digits.len();
    for d in &mut digits[len - k..] {
        *d = b'0' + rng.below(10) as u8;
    }
    if rng.chance(8) && digits.len() > 4 {
        let at = 1 + rng.below(digits.len() - 1);
        digits.remove(at);
    } else if rng.chance(5) {
        digits.push(b'0' + rng.below(10) as u8);
    }
    String::from_utf8(digits).ok()
}

struct Case {
    region: Option<&'static str>,
    input: String,
}

fn generate() -> Vec<Case> {
    let mut rng = Rng(0x6772_6f75_7064_726f);
    let mut cases = Vec::with_capacity(CASES);
    while cases.len() < CASES {
        let home = *rng.pick(REGIONS);
        let Some(meta) = DATABASE.by_id(home) else {
            continue;
        };
        let Some(nsn) = national_number(&mut rng, home) else {
            continue;
        };
        let cc = meta.country_code().to_string();
        let roll = rng.below(100);
        let default = |rng: &mut Rng| *rng.pick(DEFAULTS);
        let (region, input) = if roll < 30 {
            (
                default(&mut rng),
                format!("+{cc} {}", punctuate(&mut rng, &nsn)),
            )
        } else if roll < 40 {
            let idd = *rng.pick(&["00", "011", "00"]);
            (
                default(&mut rng),
                format!("{idd} {cc} {}", punctuate(&mut rng, &nsn)),
            )
        } else if roll < 50 {
            (
                default(&mut rng),
                punctuate(&mut rng, &format!("{cc}{nsn}")),
            )
        } else {
            let region = if rng.chance(65) {
                Some(home)
            } else {
                default(&mut rng)
            };
            let trunk = meta
                .national_prefix()
                .filter(|_| rng.chance(70))
                .unwrap_or("");
            (region, punctuate(&mut rng, &format!("{trunk}{nsn}")))
        };
        cases.push(Case { region, input });
    }
    cases
}

#[derive(Debug, Clone, PartialEq)]
enum Reference {
    Valid {
        e164: String,
        kind: String,
        region: Option<String>,
    },
    Invalid,
}

fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Runs the Python reference over every case (stdin fed from a thread so the pipe never fills).
fn reference(cases: &[Case]) -> Vec<Reference> {
    let root = workspace_root();
    let python = std::env::var_os("GROUPDROP_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join(".venv/bin/python"));
    let mut child = Command::new(&python)
        .arg(root.join("scripts/phonenumbers_ref.py"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run {} ({e}); run scripts/setup to create the venv",
                python.display()
            )
        });
    let mut stdin = child.stdin.take().unwrap();
    let input: String = cases
        .iter()
        .map(|c| format!("{}\t{}\n", c.region.unwrap_or("-"), c.input))
        .collect();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out: Vec<Reference> = BufReader::new(child.stdout.take().unwrap())
        .lines()
        .map(|l| {
            let l = l.unwrap();
            let f: Vec<&str> = l.split('\t').collect();
            match f[0] {
                "valid" => Reference::Valid {
                    e164: f[1].to_string(),
                    kind: f[2].to_string(),
                    region: (f[3] != "-").then(|| f[3].to_string()),
                },
                _ => Reference::Invalid,
            }
        })
        .collect();
    writer.join().unwrap().unwrap();
    assert!(
        child.wait().unwrap().success(),
        "the Python reference failed"
    );
    assert_eq!(
        out.len(),
        cases.len(),
        "the Python reference answered a different number of lines"
    );
    out
}

fn kind_name(k: NumberKind) -> String {
    serde_json::to_value(k)
        .unwrap()
        .as_str()
        .unwrap()
        .to_string()
}

/// The divergences explained in the TSV: `category<TAB>reason` lines (# comments allowed).
fn listed_categories() -> HashMap<String, String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/differential_divergences.tsv");
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .map(|(c, r)| (c.trim().to_string(), r.trim().to_string()))
        .collect()
}

/// Names the kind of a disagreement, so the TSV can explain whole classes.
fn classify(
    case: &Case,
    reference: &Reference,
    ours: &Result<Normalised, groupdrop_contacts::RejectCode>,
) -> Option<String> {
    match (reference, ours) {
        (Reference::Invalid, Err(_)) => None,
        (Reference::Valid { e164, kind, region }, Ok(n)) => {
            if *e164 != n.e164 {
                Some("different_e164".into())
            } else if *kind != kind_name(n.kind) {
                Some(format!("kind:{kind}->{}", kind_name(n.kind)))
            } else if *region != n.country {
                Some("different_region".into())
            } else {
                None
            }
        }
        (Reference::Invalid, Ok(n)) if n.assumed_international => {
            Some("international_without_plus".into())
        }
        (Reference::Invalid, Ok(_)) => {
            Some(format!("we_accept_invalid:{}", case.region.unwrap_or("-")))
        }
        (Reference::Valid { .. }, Err(code)) => Some(format!("we_reject_valid:{code:?}")),
    }
}

#[test]
#[ignore = "needs the Python venv; run by scripts/test"]
fn normalising_matches_python_phonenumbers() {
    let cases = generate();
    let (reference, ours) = rayon::join(
        || reference(&cases),
        || {
            cases
                .par_iter()
                .map(|c| normalise_one(&c.input, c.region))
                .collect::<Vec<_>>()
        },
    );
    let listed = listed_categories();
    let mut counts: HashMap<String, usize> = HashMap::new();
    let mut unlisted: Vec<String> = Vec::new();
    let mut agreed_valid = 0usize;
    for ((case, r), o) in cases.iter().zip(&reference).zip(&ours) {
        if matches!((r, o), (Reference::Valid { .. }, Ok(_))) {
            agreed_valid += 1;
        }
        if let Some(category) = classify(case, r, o) {
            *counts.entry(category.clone()).or_default() += 1;
            if !listed.contains_key(&category) {
                unlisted.push(format!(
                    "{category}\tdefault {}\t{:?}\tpython {r:?}\tours {o:?}",
                    case.region.unwrap_or("-"),
                    case.input
                ));
            }
        }
    }
    let mut summary: Vec<_> = counts.iter().collect();
    summary.sort();
    eprintln!(
        "{} cases, {agreed_valid} valid on both sides; divergences by category: {summary:?}",
        cases.len()
    );
    // Valid numbers must be a real share of the cases, or the generator has gone wrong.
    assert!(
        agreed_valid > CASES / 3,
        "only {agreed_valid} valid numbers: the generator is broken"
    );
    if !unlisted.is_empty() {
        let dump = std::env::temp_dir().join("groupdrop-differential.tsv");
        std::fs::write(&dump, unlisted.join("\n")).unwrap();
        panic!(
            "{} unlisted divergences from Python phonenumbers (all in {}), e.g.:\n{}",
            unlisted.len(),
            dump.display(),
            unlisted
                .iter()
                .take(25)
                .cloned()
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}
