//! libphonenumber's parsing and validation (`PhoneNumberUtil.parseHelper`, `isValidNumber`,
//! `getNumberType`), ported over the `phonenumber` crate's metadata.
//!
//! Why not the crate's own `parse`/`is_valid`: the differential test against Python
//! `phonenumbers` found these divergences in it (phonenumber 0.3.10+9.0.33):
//! - patterns are matched as prefixes (`find` starting at 0), not whole-number matches, so a
//!   number with extra digits passes as valid (BR "27 711 2335 13", +86 1012 37709);
//! - with a default region it strips that region's national prefix after an explicit country
//!   code (default US: `+55 11 9…` loses its `1`), the bug in the shared notes;
//! - its "number starts with the default country code" rule has an inverted length test, so
//!   Indian mobiles starting with 91 lose those digits (IN "91 2345 6784");
//! - number type and region are computed from the national number without its leading zeros,
//!   so Italian fixed lines (+39 02…) get no type and no region;
//! - the national prefix is stripped by plain string prefix, ignoring
//!   `national_prefix_for_parsing` and its transform rule (carrier codes in BR, AR's 15).
//!
//! The metadata is the crate's; the matching is ours, with whole-number matches from the
//! workspace's `regex-cache` drop-in (`is_full_match`, `captures_at_start`).

use crate::report::NumberKind;
use crate::short::Short;
use phonenumber::metadata::{Descriptor, Metadata, DATABASE};
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

/// libphonenumber's limits on a national significant number.
const MIN_LENGTH_FOR_NSN: usize = 2;
const MAX_LENGTH_FOR_NSN: usize = 17;
const MAX_LENGTH_COUNTRY_CODE: usize = 3;

/// A number split into country calling code and national significant number (leading zeros kept).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Parsed {
    pub code: u16,
    pub nsn: Short,
}

impl Parsed {
    pub fn e164(&self) -> Short {
        let mut code = [0u8; 5];
        let code = fmt_u16(self.code, &mut code);
        Short::concat(&["+", code, &self.nsn]).unwrap_or(self.nsn)
    }
}

/// `n` in decimal, without allocating.
fn fmt_u16(mut n: u16, buf: &mut [u8; 5]) -> &str {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    std::str::from_utf8(&buf[i..]).unwrap_or("")
}

/// Why parsing failed (libphonenumber's `NumberParseException` types, plus "no default region").
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ParseFail {
    NotANumber,
    InvalidCountryCode,
    TooShortAfterIdd,
    TooShortNsn,
    TooLong,
    /// A national number and no default region to read it with.
    NeedsRegion,
}

/// `testNumberLength` results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Length {
    IsPossible,
    LocalOnly,
    TooShort,
    TooLong,
    Invalid,
}

fn descriptors(meta: &Metadata) -> [Option<&Descriptor>; 11] {
    let d = meta.descriptors();
    [
        Some(d.general()),
        d.fixed_line(),
        d.mobile(),
        d.toll_free(),
        d.premium_rate(),
        d.shared_cost(),
        d.personal_number(),
        d.voip(),
        d.pager(),
        d.uan(),
        d.voicemail(),
    ]
}

/// Possible lengths and local-only lengths of a region's national numbers, sorted.
pub(crate) type Lengths = (Vec<u16>, Vec<u16>);

/// The general descriptor's possible lengths (and local-only lengths). libphonenumber's build
/// tools fill them with the union of the number types' lengths; the crate leaves them empty, so
/// the union is made here, once per region (it is needed several times per number).
pub(crate) fn possible_lengths(meta: &Metadata) -> Cow<'static, Lengths> {
    static LENGTHS: OnceLock<HashMap<usize, Lengths>> = OnceLock::new();
    let table = LENGTHS.get_or_init(|| {
        DATABASE
            .iter()
            .map(|m| (key(m), union_of_lengths(m)))
            .collect()
    });
    match table.get(&key(meta)) {
        Some(l) => Cow::Borrowed(l),
        // The database's id index keeps one of the non-geographic ("001") entries; the others
        // are reached by calling code and computed when needed.
        None => Cow::Owned(union_of_lengths(meta)),
    }
}

/// Metadata lives in the crate's static database for the life of the process, so its address
/// identifies it (region ids do not: every non-geographic code is "001").
fn key(meta: &Metadata) -> usize {
    meta as *const Metadata as usize
}

fn union_of_lengths(meta: &Metadata) -> Lengths {
    let mut lengths: Vec<u16> = Vec::new();
    let mut local: Vec<u16> = Vec::new();
    for desc in descriptors(meta).into_iter().flatten() {
        lengths.extend(desc.possible_length());
        local.extend(desc.possible_local_length());
    }
    lengths.sort_unstable();
    lengths.dedup();
    local.sort_unstable();
    local.dedup();
    local.retain(|l| !lengths.contains(l));
    (lengths, local)
}

/// `testNumberLength(number, metadata, UNKNOWN)`.
pub(crate) fn test_length(number: &str, meta: &Metadata) -> Length {
    let lengths_and_local = possible_lengths(meta);
    let (lengths, local) = &*lengths_and_local;
    let Some(&min) = lengths.first() else {
        return Length::Invalid;
    };
    let len = number.len() as u16;
    if local.contains(&len) {
        Length::LocalOnly
    } else if len == min {
        Length::IsPossible
    } else if len < min {
        Length::TooShort
    } else if lengths.last().is_some_and(|&max| len > max) {
        Length::TooLong
    } else if lengths[1..].contains(&len) {
        Length::IsPossible
    } else {
        Length::Invalid
    }
}

/// `matchNationalNumber`: the pattern alone, matching the whole number.
fn pattern_matches(desc: &Descriptor, number: &str) -> bool {
    desc.national_number().is_full_match(number)
}

/// `isNumberMatchingDesc`: the descriptor's lengths, then its pattern on the whole number.
fn matches_desc(desc: Option<&Descriptor>, number: &str) -> bool {
    let Some(desc) = desc else { return false };
    let lengths = desc.possible_length();
    if !lengths.is_empty() && !lengths.contains(&(number.len() as u16)) {
        return false;
    }
    pattern_matches(desc, number)
}

/// `getNumberTypeHelper`.
pub(crate) fn number_type(meta: &Metadata, nsn: &str) -> NumberKind {
    let d = meta.descriptors();
    if !matches_desc(Some(d.general()), nsn) {
        return NumberKind::Unknown;
    }
    for (desc, kind) in [
        (d.premium_rate(), NumberKind::PremiumRate),
        (d.toll_free(), NumberKind::TollFree),
        (d.shared_cost(), NumberKind::SharedCost),
        (d.voip(), NumberKind::Voip),
        (d.personal_number(), NumberKind::PersonalNumber),
        (d.pager(), NumberKind::Pager),
        (d.uan(), NumberKind::Uan),
        (d.voicemail(), NumberKind::Voicemail),
    ] {
        if matches_desc(desc, nsn) {
            return kind;
        }
    }
    let same_pattern = match (d.fixed_line(), d.mobile()) {
        (Some(f), Some(m)) => f.national_number().as_str() == m.national_number().as_str(),
        _ => false,
    };
    if matches_desc(d.fixed_line(), nsn) {
        if same_pattern || matches_desc(d.mobile(), nsn) {
            return NumberKind::FixedLineOrMobile;
        }
        return NumberKind::FixedLine;
    }
    if !same_pattern && matches_desc(d.mobile(), nsn) {
        return NumberKind::Mobile;
    }
    NumberKind::Unknown
}

/// Every region sharing a calling code, main country first. The crate's `by_code` builds a new
/// `Vec` on every call (several per number, on every worker thread); this table is built once.
pub(crate) fn metas_for_code(code: u16) -> Option<&'static [&'static Metadata]> {
    static BY_CODE: OnceLock<Vec<Vec<&'static Metadata>>> = OnceLock::new();
    let table = BY_CODE.get_or_init(|| {
        (0..1000u16)
            .map(|c| DATABASE.by_code(&c).unwrap_or_default())
            .collect()
    });
    table
        .get(usize::from(code))
        .map(Vec::as_slice)
        .filter(|m| !m.is_empty())
}

/// The metadata of a calling code's main country (`getRegionCodeForCountryCode`).
pub(crate) fn main_meta(code: u16) -> Option<&'static Metadata> {
    metas_for_code(code)?.first().copied()
}

/// `getRegionCodeForNumber`: which region sharing the calling code the number belongs to.
pub(crate) fn region_meta(parsed: &Parsed) -> Option<&'static Metadata> {
    let metas = metas_for_code(parsed.code)?;
    if metas.len() == 1 {
        return metas.first().copied();
    }
    metas.iter().copied().find(|m| match m.leading_digits() {
        Some(leading) => leading.match_end_at_start(&parsed.nsn).is_some(),
        None => number_type(m, &parsed.nsn) != NumberKind::Unknown,
    })
}

/// `isValidNumber` + `getNumberType`: the number's region metadata and type, if valid.
pub(crate) fn validate(parsed: &Parsed) -> Option<(&'static Metadata, NumberKind)> {
    let meta = region_meta(parsed)?;
    match number_type(meta, &parsed.nsn) {
        NumberKind::Unknown => None,
        kind => Some((meta, kind)),
    }
}

/// `maybeStripNationalPrefixAndCarrierCode`: the number without its national (trunk) prefix and
/// carrier code, transformed by the region's rule; `None` when nothing applies or stripping
/// would turn a viable number into a non-viable one.
pub(crate) fn strip_national_prefix(number: &str, meta: &Metadata) -> Option<Short> {
    let general = meta.descriptors().general();
    let Some(prefix) = meta.national_prefix_for_parsing() else {
        // libphonenumber's metadata inherits the national prefix here when the pattern is
        // absent; the crate does not, so the plain prefix (always digits) is used.
        let rest = number.strip_prefix(meta.national_prefix().filter(|p| !p.is_empty())?)?;
        if pattern_matches(general, number) && !pattern_matches(general, rest) {
            return None;
        }
        return Short::new(rest);
    };
    // Most numbers carry no prefix: the capture-free check first, captures only on a match.
    prefix.match_end_at_start(number)?;
    let viable = pattern_matches(general, number);
    let caps = prefix.captures_at_start(number)?;
    let end = caps.get(0)?.end();
    let last_group = caps
        .len()
        .checked_sub(1)
        .filter(|&n| n > 0)
        .and_then(|n| caps.get(n));
    match meta
        .national_prefix_transform_rule()
        .filter(|r| !r.is_empty())
    {
        Some(rule) if last_group.is_some() => {
            // Java's "$1" group syntax; Rust's would read "$15" as group 15, so brace them.
            let mut transformed = String::new();
            caps.expand(&brace_groups(rule), &mut transformed);
            transformed.push_str(&number[end..]);
            if viable && !pattern_matches(general, &transformed) {
                return None;
            }
            Short::new(&transformed)
        }
        _ => {
            let rest = &number[end..];
            if viable && !pattern_matches(general, rest) {
                return None;
            }
            Short::new(rest)
        }
    }
}

/// "9$1" → "9${1}".
fn brace_groups(rule: &str) -> String {
    let mut out = String::with_capacity(rule.len() + 4);
    let mut chars = rule.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '$' && chars.peek().is_some_and(char::is_ascii_digit) {
            out.push_str("${");
            out.push(chars.next().unwrap_or('0'));
            out.push('}');
        } else {
            out.push(c);
        }
    }
    out
}

/// `extractCountryCode`: the shortest leading digits that are a calling code.
fn extract_country_code(full: &str) -> Option<(u16, &str)> {
    if full.starts_with('0') {
        return None;
    }
    (1..=MAX_LENGTH_COUNTRY_CODE.min(full.len())).find_map(|len| {
        let code: u16 = full[..len].parse().ok()?;
        metas_for_code(code).map(|_| (code, &full[len..]))
    })
}

/// The digits after the default region's international prefix, as `maybeStripInternationalPrefix`:
/// a match at the start, and not when the next digit is 0 (no country code starts with 0).
pub(crate) fn after_idd<'d>(meta: &Metadata, digits: &'d str) -> Option<&'d str> {
    let idd = meta.international_prefix()?;
    let end = idd.match_end_at_start(digits)?;
    let rest = &digits[end..];
    (!rest.starts_with('0')).then_some(rest)
}

/// `parseHelper` for digits already extracted from the text, with `plus` for a leading `+`.
pub(crate) fn parse(
    plus: bool,
    digits: &str,
    region: Option<&'static Metadata>,
) -> Result<Parsed, ParseFail> {
    let idd_rest = if plus {
        None
    } else {
        region.and_then(|r| after_idd(r, digits))
    };
    parse_with_idd(plus, digits, region, idd_rest)
}

/// [`parse`] when the caller already looked for the default region's IDD (`idd_rest` is what
/// follows it), so the hot path matches that pattern once.
pub(crate) fn parse_with_idd(
    plus: bool,
    digits: &str,
    region: Option<&'static Metadata>,
    idd_rest: Option<&str>,
) -> Result<Parsed, ParseFail> {
    if digits.len() < MIN_LENGTH_FOR_NSN {
        return Err(ParseFail::NotANumber);
    }
    let international = if plus { Some(digits) } else { idd_rest };
    let short = |s: &str| Short::new(s).ok_or(ParseFail::TooLong);
    let (code, mut nsn, meta): (u16, Short, &Metadata) = if let Some(full) = international {
        if full.len() <= MIN_LENGTH_FOR_NSN {
            return Err(ParseFail::TooShortAfterIdd);
        }
        match extract_country_code(full) {
            Some((code, rest)) => (
                code,
                short(rest)?,
                main_meta(code).ok_or(ParseFail::InvalidCountryCode)?,
            ),
            // "+00 44 …", "+011 44 …": libphonenumber retries without the plus, which lets the
            // default region's IDD apply.
            None if plus => match region.and_then(|r| after_idd(r, digits)) {
                Some(rest) if rest.len() > MIN_LENGTH_FOR_NSN => {
                    let (code, rest) =
                        extract_country_code(rest).ok_or(ParseFail::InvalidCountryCode)?;
                    (
                        code,
                        short(rest)?,
                        main_meta(code).ok_or(ParseFail::InvalidCountryCode)?,
                    )
                }
                _ => return Err(ParseFail::InvalidCountryCode),
            },
            None => return Err(ParseFail::InvalidCountryCode),
        }
    } else {
        let Some(meta) = region else {
            return Err(ParseFail::NeedsRegion);
        };
        let code = meta.country_code();
        let mut code_buf = [0u8; 5];
        let code_text = fmt_u16(code, &mut code_buf);
        let from_number = digits.strip_prefix(code_text).and_then(|potential| {
            let general = meta.descriptors().general();
            let stripped =
                strip_national_prefix(potential, meta).or_else(|| Short::new(potential))?;
            let better = !pattern_matches(general, digits) && pattern_matches(general, &stripped);
            (better || test_length(digits, meta) == Length::TooLong).then_some(stripped)
        });
        match from_number {
            Some(stripped) => {
                let main = main_meta(code).unwrap_or(meta);
                (
                    code,
                    stripped,
                    if main.id() == meta.id() { meta } else { main },
                )
            }
            None => (code, short(digits)?, meta),
        }
    };
    if let Some(potential) = strip_national_prefix(&nsn, meta) {
        if !matches!(
            test_length(&potential, meta),
            Length::TooShort | Length::LocalOnly | Length::Invalid
        ) {
            nsn = potential;
        }
    }
    if nsn.len() < MIN_LENGTH_FOR_NSN {
        return Err(ParseFail::TooShortNsn);
    }
    if nsn.len() > MAX_LENGTH_FOR_NSN {
        return Err(ParseFail::TooLong);
    }
    Ok(Parsed { code, nsn })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(id: &str) -> Option<&'static Metadata> {
        DATABASE.by_id(id)
    }

    fn e164(plus: bool, digits: &str, region: &str) -> Option<String> {
        let p = parse(plus, digits, meta(region)).ok()?;
        validate(&p).map(|_| p.e164().to_string())
    }

    #[test]
    fn the_crates_divergences_are_fixed() {
        // Prefix matching accepted extra digits.
        assert_eq!(e164(false, "27711233513", "BR"), None);
        // The default region's national prefix was stripped after +55.
        assert_eq!(
            e164(true, "5511987654321", "US").as_deref(),
            Some("+5511987654321")
        );
        // An Indian mobile starting with 91 lost those digits.
        assert_eq!(
            e164(false, "9123456784", "IN").as_deref(),
            Some("+919123456784")
        );
        // Leading zeros kept for type and region.
        let p = parse(true, "390212345678", None).unwrap();
        let (m, kind) = validate(&p).unwrap();
        assert_eq!((m.id(), kind), ("IT", NumberKind::FixedLine));
    }

    #[test]
    fn national_prefix_rules_apply() {
        // Brazilian carrier selection: 0 + carrier 21 + area code.
        assert_eq!(
            e164(false, "02111987654321" /* 0 21 11 98765-4321 */, "BR").as_deref(),
            Some("+5511987654321")
        );
        // Argentina: 0 + area + 15 + number becomes 9 + area + number.
        assert_eq!(
            e164(false, "0111512345678", "AR").as_deref(),
            Some("+5491112345678")
        );
        // The number already carries the default country code.
        assert_eq!(
            e164(false, "5511987654321", "BR").as_deref(),
            Some("+5511987654321")
        );
    }
}
