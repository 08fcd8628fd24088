//! Finding the country a file's numbers belong to, so the Preview can offer it instead of making
//! the user guess why "(11) 98765-4321" is "too short for a number in the United States".
//!
//! The default country starts as the OS locale's region, which is wrong whenever the office's
//! computer is set to English (US) and its contacts are Brazilian. The evidence, strongest first:
//! - national numbers (written without a country code) that are invalid for the default country
//!   but valid for another one — re-normalised with each candidate on a bounded sample;
//! - numbers written with `+` (or read as international) and the country they belong to;
//! - the file's own country columns (Google's "Address 1 - Country", Outlook's
//!   "Home Country/Region", "País").
//!
//! Runs after the import, on its report: nothing here touches the import's hot loop, and a file
//! whose national numbers are mostly valid for the default country costs one pass over it.

use crate::cells::excel_number;
use crate::columns::Layout;
use crate::headers::fold;
use crate::phone::{clean, normalise, Cleaned, DefaultRegion, Outcome};
use crate::region_names::REGION_NAMES;
use crate::report::{Contact, CountrySuggestion, RejectCode, RejectedRow};
use crate::table::Table;
use std::collections::HashMap;
use std::sync::OnceLock;

/// At most this many national numbers are re-normalised per candidate country: enough for a clear
/// majority, bounded so a 100,000-row file of foreign numbers still previews at once.
const SAMPLE: usize = 300;

/// Countries always tried, most WhatsApp users first; the file's own evidence adds others.
const POPULAR: &[&str] = &[
    "BR", "IN", "US", "MX", "ID", "PK", "NG", "AR", "CO", "ES", "PT", "GB", "DE", "IT", "FR", "TR",
    "ZA", "EG", "SA", "AE", "PE", "CL", "VE", "EC", "BO", "PY", "UY", "KE", "BD", "PH", "MY", "RU",
    "CA", "AU", "NL", "CH", "GH", "MA", "NP", "LK",
];

/// Header words that name a country column ("Address 1 - Country", "Home Country/Region", "País").
const COUNTRY_HEADER_WORDS: &[&str] = &["country", "pais", "land", "pays", "paese", "देश"];

/// Country names in the languages GroupDrop's users write, besides CLDR's English names.
const LOCAL_NAMES: &[(&str, &str)] = &[
    ("brasil", "BR"),
    ("bresil", "BR"),
    ("brasilien", "BR"),
    ("india", "IN"),
    ("bharat", "IN"),
    ("भारत", "IN"),
    ("usa", "US"),
    ("us", "US"),
    ("eua", "US"),
    ("estados unidos", "US"),
    ("united states of america", "US"),
    ("uk", "GB"),
    ("reino unido", "GB"),
    ("inglaterra", "GB"),
    ("england", "GB"),
    ("great britain", "GB"),
    ("espana", "ES"),
    ("espanha", "ES"),
    ("mexico", "MX"),
    ("alemanha", "DE"),
    ("alemania", "DE"),
    ("deutschland", "DE"),
    ("franca", "FR"),
    ("francia", "FR"),
    ("italia", "IT"),
    ("paraguai", "PY"),
    ("uruguai", "UY"),
    ("peru", "PE"),
    ("colombia", "CO"),
    ("argentina", "AR"),
    ("chile", "CL"),
    ("bolivia", "BO"),
];

/// How many rows each region is named in by the file's country columns, most named first.
pub(crate) type CountryVotes = Vec<(String, u32)>;

/// Folded country name (or ISO code, lower-case) → region code.
fn names() -> &'static HashMap<String, &'static str> {
    static NAMES: OnceLock<HashMap<String, &'static str>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let mut map = HashMap::new();
        for (code, name) in REGION_NAMES {
            map.insert(fold(name), *code);
            map.insert(code.to_ascii_lowercase(), *code);
        }
        for (name, code) in LOCAL_NAMES {
            map.insert(fold(name), *code);
        }
        map
    })
}

/// The region a country cell names ("Brazil", "Brasil", "BR"), if any.
fn region_of_cell(cell: &str) -> Option<&'static str> {
    let key = fold(cell);
    if key.is_empty() {
        return None;
    }
    names().get(&key).copied()
}

fn is_country_header(header: &str) -> bool {
    let folded = fold(header);
    folded.split(' ').any(|w| COUNTRY_HEADER_WORDS.contains(&w))
}

/// How many rows each country column names each region, most named first. Empty when the table
/// has no header or no country column.
pub(crate) fn column_votes(table: &Table, layout: &Layout) -> CountryVotes {
    let Some(header) = layout.header_row else {
        return Vec::new();
    };
    let columns: Vec<usize> = layout
        .columns
        .iter()
        .enumerate()
        .filter(|(_, h)| is_country_header(h))
        .map(|(i, _)| i)
        .collect();
    if columns.is_empty() {
        return Vec::new();
    }
    let mut votes: HashMap<&'static str, u32> = HashMap::new();
    for row in table.rows_from(header + 1) {
        // One vote per row: Outlook has Home, Business and Other country columns.
        let region = columns
            .iter()
            .find_map(|&i| row.get(i).and_then(region_of_cell));
        if let Some(r) = region {
            *votes.entry(r).or_default() += 1;
        }
    }
    let mut out: Vec<(String, u32)> = votes.into_iter().map(|(r, n)| (r.to_string(), n)).collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    out
}

/// A written number as the import cleans it (Excel's "5.51199E+12" rendering included).
fn cleaned(input: &str) -> Option<Cleaned> {
    match excel_number(input) {
        Ok(Some(digits)) => clean(&digits).ok(),
        Ok(None) => clean(input).ok(),
        Err(_) => None,
    }
}

/// The cheap test of the first pass: the cell does not start with `+` or `00` (wrappers such as
/// wa.me links are sorted out by the exact second pass).
fn looks_national(input: &str) -> bool {
    let t = input.trim_start();
    !t.is_empty() && !t.starts_with('+') && !t.starts_with("00")
}

/// Written without any country code: no `+`, no international prefix.
fn is_national(c: &Cleaned) -> bool {
    !c.plus && !c.digits().starts_with("00")
}

/// Whether `region` as the default country reads `c` as one of its own national numbers that can
/// be on WhatsApp: a valid number that is not certainly a landline. (Indian 10-digit mobiles are
/// valid Brazilian *landlines* — "98 7654-3210" in Maranhão — so validity alone would keep Brazil.)
fn fits(c: &Cleaned, region: &DefaultRegion) -> bool {
    matches!(normalise(c, Some(region)), Outcome::Valid(v)
        if !v.assumed_international && !v.kind.is_landline_like())
}

/// Up to `SAMPLE` items spread evenly over `all` (so a file sorted by country is sampled fairly).
fn spread<T: Copy>(all: &[T]) -> Vec<T> {
    if all.len() <= SAMPLE {
        return all.to_vec();
    }
    (0..SAMPLE).map(|i| all[i * all.len() / SAMPLE]).collect()
}

/// The country the file's numbers most likely belong to, when it is not `default` and switching
/// to it would make most of the national numbers usable. `None` when the default is right (most
/// national numbers are valid for it), when there is no national number, or when no country
/// makes most of them valid.
pub(crate) fn suggest(
    contacts: &[Contact],
    rejected: &[RejectedRow],
    default: Option<&DefaultRegion>,
    column_votes: &[(String, u32)],
) -> Option<CountrySuggestion> {
    // A first pass without re-reading any number, so the common case (the default fits) costs
    // next to nothing on a 100,000-row file: most national numbers must fail the default.
    let fixable = |r: &RejectedRow| {
        matches!(
            r.code,
            RejectCode::TooShort
                | RejectCode::TooLong
                | RejectCode::InvalidNumber
                | RejectCode::NeedsCountry
        ) && looks_national(&r.input)
    };
    let national_contacts = contacts
        .iter()
        .filter(|c| !c.assumed_international && looks_national(&c.input));
    let (mut quick_total, mut quick_fit) = (0usize, 0usize);
    for c in national_contacts {
        quick_total += 1;
        quick_fit += usize::from(!c.kind.is_landline_like());
    }
    quick_total += rejected.iter().filter(|r| fixable(r)).count();
    if quick_total == 0 || quick_fit * 2 >= quick_total {
        return None;
    }

    // Every national number with whether it fits the default country (a valid number that can be
    // a mobile); international ones vote.
    let mut national: Vec<(Cleaned, bool)> = Vec::new();
    let mut valid_default_any = 0usize;
    let mut international: HashMap<&str, u32> = HashMap::new();
    for c in contacts {
        let Some(clean) = cleaned(&c.input) else {
            continue;
        };
        if is_national(&clean) && !c.assumed_international {
            valid_default_any += 1;
            national.push((clean, !c.kind.is_landline_like()));
        } else if let Some(country) = c.country.as_deref() {
            *international.entry(country).or_default() += 1;
        }
    }
    for r in rejected.iter().filter(|r| fixable(r)) {
        if let Some(clean) = cleaned(&r.input).filter(is_national) {
            national.push((clean, false));
        }
    }
    let total = national.len();
    let fit_default = national.iter().filter(|(_, ok)| *ok).count();
    if total == 0 || fit_default * 2 >= total {
        return None;
    }

    let sample = spread(&national);
    let sample_default = sample.iter().filter(|(_, ok)| *ok).count();
    let mut candidates: Vec<&str> = Vec::new();
    let mut by_evidence: Vec<(&str, u32)> = international.iter().map(|(k, v)| (*k, *v)).collect();
    by_evidence.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    let evidence = by_evidence
        .iter()
        .map(|(r, _)| *r)
        .chain(column_votes.iter().map(|(r, _)| r.as_str()))
        .take(10);
    for region in evidence.chain(POPULAR.iter().copied()) {
        if Some(region) != default.map(DefaultRegion::code) && !candidates.contains(&region) {
            candidates.push(region);
        }
    }

    let votes_of = |region: &str| -> (u32, u32) {
        let plus = international.get(region).copied().unwrap_or(0);
        let column = column_votes
            .iter()
            .find(|(r, _)| r == region)
            .map_or(0, |(_, n)| *n);
        (plus, column)
    };
    // (valid in the sample, other evidence, candidate order) — the best is the largest, then the
    // earliest candidate (file evidence first, then popularity).
    let mut best: Option<(usize, u32, usize, DefaultRegion)> = None;
    for (order, code) in candidates.iter().enumerate() {
        let Some(region) = DefaultRegion::new(code) else {
            continue;
        };
        let valid = sample.iter().filter(|(c, _)| fits(c, &region)).count();
        let (plus, column) = votes_of(code);
        let better = match &best {
            None => true,
            Some((v, e, _, _)) => valid > *v || (valid == *v && plus + column > *e),
        };
        if better {
            best = Some((valid, plus + column, order, region));
        }
    }
    let (valid, _, _, region) = best?;
    // Most of the sample must fit the candidate, and more of it than the default reads as valid
    // at all (landlines included): an office's list of Brazilian landlines stays Brazilian.
    let sample_default_any = if sample.len() == total {
        valid_default_any
    } else {
        (valid_default_any * sample.len()).div_ceil(total)
    };
    if valid * 2 <= sample.len() || valid <= sample_default_any.max(sample_default) {
        return None;
    }
    let (plus, column) = votes_of(region.code());
    Some(CountrySuggestion {
        country: region.code().to_string(),
        checked: sample.len() as u32,
        valid_checked: valid as u32,
        valid_default: sample_default as u32,
        international: plus,
        country_column: column,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::NumberKind;

    fn rejected(input: &str, code: RejectCode) -> RejectedRow {
        RejectedRow {
            row: 2,
            name: None,
            input: input.to_string(),
            reason: String::new(),
            code,
            reason_country: None,
        }
    }

    fn contact(input: &str, country: &str) -> Contact {
        Contact {
            row: 2,
            name: None,
            phone: String::new(),
            input: input.to_string(),
            kind: NumberKind::Mobile,
            country: Some(country.to_string()),
            assumed_international: false,
        }
    }

    #[test]
    fn brazilian_numbers_read_as_us_suggest_brazil() {
        let us = DefaultRegion::new("US");
        let rej: Vec<_> = [
            "(11) 98765-4321",
            "(21) 99876-5432",
            "(31) 3456-7890",
            "11 91234-5678",
        ]
        .iter()
        .map(|n| rejected(n, RejectCode::InvalidNumber))
        .collect();
        let s = suggest(
            &[contact("+55 11 97777-1111", "BR")],
            &rej,
            us.as_ref(),
            &[],
        )
        .unwrap();
        assert_eq!(s.country, "BR");
        assert_eq!(
            (s.checked, s.valid_checked, s.valid_default),
            (4, 3, 0),
            "the landline is not a WhatsApp number"
        );
        assert_eq!(s.international, 1);
    }

    #[test]
    fn indian_mobiles_without_country_code_suggest_india() {
        let rej: Vec<_> = ["98765 43210", "9123456789", "70123 45678"]
            .iter()
            .map(|n| rejected(n, RejectCode::NeedsCountry))
            .collect();
        assert_eq!(suggest(&[], &rej, None, &[]).unwrap().country, "IN");
    }

    #[test]
    fn no_suggestion_when_the_default_is_right_or_nothing_fits() {
        let br = DefaultRegion::new("BR");
        let ok = [
            contact("(11) 98765-4321", "BR"),
            contact("(21) 99876-5432", "BR"),
        ];
        let bad = [rejected("12345", RejectCode::TooShort)];
        assert_eq!(suggest(&ok, &bad, br.as_ref(), &[]), None);
        // Junk that no country reads.
        let junk: Vec<_> = ["1", "12", "123"]
            .iter()
            .map(|n| rejected(n, RejectCode::TooShort))
            .collect();
        assert_eq!(suggest(&[], &junk, br.as_ref(), &[]), None);
        // Only international numbers: the default country does not matter.
        assert_eq!(
            suggest(&[contact("+91 98765 43210", "IN")], &[], br.as_ref(), &[]),
            None
        );
    }

    #[test]
    fn the_country_column_breaks_a_tie() {
        // NANP numbers are valid for the US and Canada alike; the file says Canada.
        let rej: Vec<_> = ["(416) 979-1234", "(647) 346-2222", "416 368 0111"]
            .iter()
            .map(|n| rejected(n, RejectCode::NeedsCountry))
            .collect();
        let votes = vec![("CA".to_string(), 3)];
        let s = suggest(&[], &rej, None, &votes).unwrap();
        assert_eq!((s.country.as_str(), s.country_column), ("CA", 3));
    }

    #[test]
    fn country_cells_in_several_languages() {
        assert_eq!(region_of_cell("Brazil"), Some("BR"));
        assert_eq!(region_of_cell(" brasil "), Some("BR"));
        assert_eq!(region_of_cell("BR"), Some("BR"));
        assert_eq!(region_of_cell("España"), Some("ES"));
        assert_eq!(region_of_cell("भारत"), Some("IN"));
        assert_eq!(region_of_cell("Springfield"), None);
        assert!(is_country_header("Address 1 - Country"));
        assert!(is_country_header("Home Country/Region"));
        assert!(is_country_header("País"));
        assert!(!is_country_header("Landline"));
    }
}
