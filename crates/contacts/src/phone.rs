//! Turning one written phone number into E.164: what surrounds the number in real files is
//! cleaned off here, then `libphone` applies libphonenumber's rules over the `phonenumber`
//! crate's metadata (the crate's own parser diverges from libphonenumber: see `libphone`).
//!
//! GroupDrop's deliberate differences from libphonenumber, each listed in
//! `tests/differential_divergences.tsv` or pinned by unit tests:
//! - Digits that are not ASCII (full-width, Arabic-Indic, Devanagari) are mapped first, and
//!   wrappers are removed: Excel's `="…"` and `'`, `tel:` URIs, wa.me links, "Cel:" labels,
//!   extensions.
//! - Letters are refused ("letters in the number") instead of being read as a vanity keypad:
//!   a WhatsApp number is never written as 1-800-FLOWERS, and a cell with letters is far more
//!   often a note or a typo.
//! - A long number without `+` that is not valid for the default country but valid with its
//!   leading digits read as a country code ("5511987654321", how wa.me links and many exports
//!   write numbers) is accepted and flagged `assumed_international`.

use crate::libphone::{self, Length, ParseFail, Parsed};
use crate::regions::{a_number_of, parse_region};
use crate::report::{NumberKind, RejectCode};
use crate::short::{Short, SHORT_MAX};
use phonenumber::metadata::{Metadata, DATABASE};

/// What one number became.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Outcome {
    Valid(Valid),
    Rejected(Rejection),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Valid {
    /// `+` and digits.
    pub e164: Short,
    pub kind: NumberKind,
    pub country: Option<&'static str>,
    pub assumed_international: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Rejection {
    pub code: RejectCode,
    pub reason: String,
    pub country: Option<String>,
}

impl Rejection {
    fn new(code: RejectCode, reason: impl Into<String>, country: Option<&str>) -> Rejection {
        Rejection {
            code,
            reason: reason.into(),
            country: country.map(str::to_string),
        }
    }
}

/// A written number reduced to what matters: a leading `+` (or an equivalent such as a wa.me
/// link) and its digits. Two inputs with the same `Cleaned` always normalise the same way, which
/// is what the import memoises on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Cleaned {
    pub plus: bool,
    digits: Short,
}

impl Cleaned {
    #[cfg(test)]
    pub fn new(plus: bool, digits: &str) -> Option<Cleaned> {
        Some(Cleaned {
            plus,
            digits: Short::new(digits)?,
        })
    }

    /// The ASCII digits.
    pub fn digits(&self) -> &str {
        self.digits.as_str()
    }
}

/// The default country, resolved once per import.
#[derive(Debug, Clone)]
pub(crate) struct DefaultRegion {
    code: &'static str,
    calling_code: String,
    meta: &'static Metadata,
}

impl DefaultRegion {
    pub fn new(code: &str) -> Option<DefaultRegion> {
        let id = parse_region(code)?;
        let meta = DATABASE.by_id(id.as_ref())?;
        Some(DefaultRegion {
            code: meta.id(),
            calling_code: meta.country_code().to_string(),
            meta,
        })
    }

    pub fn code(&self) -> &'static str {
        self.code
    }
}

/// Zeros of the Unicode decimal digit blocks people actually type phone numbers in.
const DIGIT_ZEROS: &[u32] = &[
    0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66,
    0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x17E0, 0x1810, 0xFF10,
];

fn digit_value(c: char) -> Option<u8> {
    if c.is_ascii_digit() {
        return Some(c as u8 - b'0');
    }
    let cp = c as u32;
    DIGIT_ZEROS
        .iter()
        .find(|&&zero| (zero..zero + 10).contains(&cp))
        .map(|&zero| (cp - zero) as u8)
}

/// Punctuation libphonenumber allows inside a number (its VALID_PUNCTUATION, plus the invisible
/// characters spreadsheets and phones insert).
fn is_phone_punctuation(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '-' | '‐'
                | '‑'
                | '‒'
                | '–'
                | '—'
                | '―'
                | '−'
                | 'ー'
                | '－'
                | '.'
                | '('
                | ')'
                | '（'
                | '）'
                | '['
                | ']'
                | '［'
                | '］'
                | '/'
                | '／'
                | '~'
                | '⁓'
                | '∼'
                | '～'
                | '_'
                | '\''
                | '"'
                | '\u{00AD}'
                | '\u{200B}'
                | '\u{200C}'
                | '\u{200D}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{2060}'
                | '\u{202A}'
                | '\u{202B}'
                | '\u{202C}'
                | '\u{202D}'
                | '\u{202E}'
                | '\u{2066}'
                | '\u{2067}'
                | '\u{2068}'
                | '\u{2069}'
                | '\u{FEFF}'
        )
}

/// Strips what surrounds a number in real files: an Excel text marker (`'0123`, `="0123"`), a
/// `tel:` URI, a wa.me / WhatsApp link (which always holds an international number), a label
/// ("Cel: …"), an extension ("ext. 12", "ramal 3"). Returns the core text and whether the
/// wrapper itself says the number is international.
fn unwrap(input: &str) -> (&str, bool) {
    let mut s = input.trim();
    if let Some(inner) = s.strip_prefix("=\"").and_then(|r| r.strip_suffix('"')) {
        s = inner.trim();
    }
    s = s.strip_prefix('\'').unwrap_or(s).trim();
    let lower = s.to_ascii_lowercase();
    for marker in ["wa.me/", "phone=", "whatsapp.com/send/?phone="] {
        if let Some(pos) = lower.find(marker) {
            let rest = &s[pos + marker.len()..];
            let end = rest.find(['&', '?', '#', '/']).unwrap_or(rest.len());
            return (&rest[..end], true);
        }
    }
    for scheme in ["tel:", "callto:", "sms:"] {
        if lower.starts_with(scheme) {
            s = s[scheme.len()..].trim();
            // RFC 3966 parameters (";phone-context=…", ";ext=…") are not part of the number.
            s = s.split(';').next().unwrap_or(s);
            break;
        }
    }
    // A short label ending in a colon: "Cel: 11 98765-4321", "Tel.: …", "WhatsApp: …".
    if let Some(colon) = s.find(':') {
        let label = &s[..colon];
        if !label.is_empty()
            && label.chars().count() <= 20
            && label
                .chars()
                .all(|c| c.is_alphabetic() || c == ' ' || c == '.' || c == '/')
        {
            s = s[colon + 1..].trim();
        }
    }
    (strip_label_words(strip_extension(s)), false)
}

/// A word that labels a number rather than being part of it: "Tel", "(WhatsApp)", "casa".
fn is_label_word(token: &str) -> bool {
    token.chars().any(char::is_alphabetic)
        && token.chars().all(|c| {
            c.is_alphabetic() || matches!(c, '(' | ')' | '[' | ']' | '.' | '-' | ':' | '/')
        })
}

/// Removes label words before and after a number: "Tel 11 98765-4321",
/// "11 98765-4321 (WhatsApp)", "98765 43210 casa". Only when what is left has the digits of a
/// whole number, so "0800 FALE CONOSCO" still reads as letters in the number.
fn strip_label_words(s: &str) -> &str {
    if s.chars().filter(char::is_ascii_digit).count() < 8 {
        return s;
    }
    let mut core = s.trim();
    while let Some((first, rest)) = core.split_once(char::is_whitespace) {
        if !is_label_word(first) {
            break;
        }
        core = rest.trim_start();
    }
    while let Some((rest, last)) = core.rsplit_once(char::is_whitespace) {
        if !is_label_word(last) {
            break;
        }
        core = rest.trim_end();
    }
    core.trim_end_matches(['-', '–', ',', ';'])
}

/// Removes a trailing extension: "… ext. 123", "… x123", "… ramal 12", "… #12". WhatsApp
/// numbers have no extensions, and libphonenumber drops them from E.164 too.
fn strip_extension(s: &str) -> &str {
    // ASCII lowering keeps byte offsets, so positions found in `lower` are valid in `s`.
    let lower = s.to_ascii_lowercase();
    let trimmed = lower.trim_end_matches(|c: char| c.is_ascii_digit());
    let ext_digits = lower.len() - trimmed.len();
    if ext_digits == 0 || ext_digits > 7 {
        return s;
    }
    let head = trimmed.trim_end_matches([' ', '.', ':']);
    for marker in [
        "extension",
        "ext",
        "extn",
        "ramal",
        "anexo",
        "durchwahl",
        "poste",
        "x",
        "#",
    ] {
        if let Some(before) = head.strip_suffix(marker) {
            // "x" and "ext" must stand on their own, not end a word ("fax123" is not an extension).
            let ok = before.is_empty()
                || before.ends_with(|c: char| !c.is_alphabetic())
                || marker == "#";
            if ok && before.chars().any(|c| c.is_ascii_digit()) {
                return s[..before.len()].trim_end_matches([' ', ',', ';']);
            }
        }
    }
    s
}

/// Reads the digits and a leading `+`, or says why the text is not a number at all.
pub(crate) fn clean(input: &str) -> Result<Cleaned, Rejection> {
    // Most cells are digits and the usual punctuation: no wrapper to look for.
    let plain = input
        .bytes()
        .all(|b| matches!(b, b'0'..=b'9' | b' ' | b'+' | b'-' | b'(' | b')' | b'.'));
    let (core, international) = if plain {
        (input.trim(), false)
    } else {
        unwrap(input)
    };
    // Brazil's "0xx11 98765-4321": xx stands for the carrier code the caller picks; 0 + area
    // code is the plain national form.
    let core: std::borrow::Cow<str> = match core.find(['x', 'X']).filter(|_| !plain) {
        Some(x)
            if x <= 2
                && core
                    .get(x.saturating_sub(1)..x + 2)
                    .is_some_and(|s| s.eq_ignore_ascii_case("0xx")) =>
        {
            format!("{}0{}", &core[..x - 1], &core[x + 2..]).into()
        }
        _ => core.into(),
    };
    let mut digits = [0u8; SHORT_MAX];
    let mut len = 0usize;
    let mut overflow = false;
    let mut plus = international;
    let mut letters = false;
    let mut bad = None;
    for c in core.chars() {
        if let Some(d) = digit_value(c) {
            match digits.get_mut(len) {
                Some(slot) => *slot = b'0' + d,
                None => overflow = true,
            }
            len += 1;
        } else if c == '+' || c == '＋' {
            if len == 0 {
                plus = true;
            } else {
                bad.get_or_insert(c);
            }
        } else if is_phone_punctuation(c) {
        } else if c.is_alphabetic() {
            letters = true;
        } else {
            bad.get_or_insert(c);
        }
    }
    if len == 0 {
        return Err(Rejection::new(
            RejectCode::NoNumber,
            "no phone number in this row",
            None,
        ));
    }
    if letters {
        return Err(Rejection::new(
            RejectCode::Letters,
            "letters in the number",
            None,
        ));
    }
    if let Some(c) = bad {
        return Err(Rejection::new(
            RejectCode::BadCharacters,
            format!("the character \"{c}\" does not belong in a phone number"),
            None,
        ));
    }
    if overflow {
        return Err(Rejection::new(
            RejectCode::TooLong,
            "too long to be a phone number",
            None,
        ));
    }
    let digits = std::str::from_utf8(&digits[..len])
        .ok()
        .and_then(Short::new);
    match digits {
        Some(digits) => Ok(Cleaned { plus, digits }),
        None => Err(Rejection::new(
            RejectCode::TooLong,
            "too long to be a phone number",
            None,
        )),
    }
}

/// Why a parsed number is not valid, from its length in the country it belongs to.
fn invalid_reason(parsed: &Parsed, fallback: Option<&'static Metadata>) -> Rejection {
    let meta = libphone::main_meta(parsed.code).or(fallback);
    let region = meta.and_then(region_code);
    let what = a_number_of(region);
    match meta.map(|m| libphone::test_length(&parsed.nsn, m)) {
        Some(Length::TooShort) => Rejection::new(
            RejectCode::TooShort,
            format!("too short for {what}"),
            region,
        ),
        Some(Length::TooLong) => {
            Rejection::new(RejectCode::TooLong, format!("too long for {what}"), region)
        }
        _ => Rejection::new(
            RejectCode::InvalidNumber,
            format!("not {what}: check the area code and the digits"),
            region,
        ),
    }
}

fn region_code(meta: &'static Metadata) -> Option<&'static str> {
    let id = meta.id();
    (id.len() == 2).then_some(id)
}

fn valid(parsed: &Parsed, assumed_international: bool) -> Option<Valid> {
    let (meta, kind) = libphone::validate(parsed)?;
    Some(Valid {
        e164: parsed.e164(),
        kind,
        country: region_code(meta),
        assumed_international,
    })
}

fn parse_fail_reason(fail: &ParseFail, digits: &str, region: Option<&str>) -> Rejection {
    let what = a_number_of(region);
    match fail {
        ParseFail::InvalidCountryCode => {
            let shown: String = digits.trim_start_matches('0').chars().take(3).collect();
            Rejection::new(
                RejectCode::InvalidCountryCode,
                format!("+{shown}… does not start with a country code"),
                None,
            )
        }
        ParseFail::NeedsRegion => Rejection::new(
            RejectCode::NeedsCountry,
            "no country code (+…) and no default country: choose the country of your contacts",
            None,
        ),
        ParseFail::TooLong => {
            Rejection::new(RejectCode::TooLong, format!("too long for {what}"), region)
        }
        ParseFail::NotANumber | ParseFail::TooShortAfterIdd | ParseFail::TooShortNsn => {
            Rejection::new(
                RejectCode::TooShort,
                format!("too short for {what}"),
                region,
            )
        }
    }
}

/// A number without `+` that was not valid nationally: valid once its leading digits are read
/// as a country code? For 11+ digits not starting with 0, the shape of "5511987654321" and
/// "919876543210" (shorter ones are far more likely mistyped national numbers); and after "00",
/// the international prefix of most of the world, even where the default country's own differs
/// (Brazil's needs a carrier code, so libphonenumber reads "0091 99016 79721" as national).
fn as_international_without_plus(digits: &str) -> Option<Valid> {
    let rest = match digits.strip_prefix("00") {
        Some(rest) if rest.len() >= 8 && !rest.starts_with('0') => rest,
        _ if digits.len() >= 11 && !digits.starts_with('0') => digits,
        _ => return None,
    };
    libphone::parse(true, rest, None)
        .ok()
        .and_then(|p| valid(&p, true))
}

/// Normalise one cleaned number with the import's default region.
pub(crate) fn normalise(cleaned: &Cleaned, region: Option<&DefaultRegion>) -> Outcome {
    let digits = cleaned.digits();
    let meta = region.map(|r| r.meta);
    let idd_rest = if cleaned.plus {
        None
    } else {
        meta.and_then(|m| libphone::after_idd(m, digits))
    };
    let national = !cleaned.plus && idd_rest.is_none();
    match libphone::parse_with_idd(cleaned.plus, digits, meta, idd_rest) {
        Ok(parsed) => {
            if let Some(v) = valid(&parsed, false) {
                return Outcome::Valid(v);
            }
            if national && !region.is_some_and(|r| digits.starts_with(&r.calling_code)) {
                if let Some(v) = as_international_without_plus(digits) {
                    return Outcome::Valid(v);
                }
            }
            Outcome::Rejected(invalid_reason(&parsed, if national { meta } else { None }))
        }
        Err(fail) => {
            if national {
                if let Some(v) = as_international_without_plus(digits) {
                    return Outcome::Valid(v);
                }
            }
            let reason_region = if national {
                region.map(|r| r.code)
            } else {
                None
            };
            Outcome::Rejected(parse_fail_reason(&fail, digits, reason_region))
        }
    }
}

/// Pays the metadata load and compiles the patterns the common countries need, so the first
/// real import does not.
pub fn warm_up() {
    for (region, number) in [
        ("BR", "11987654321"),
        ("IN", "9876543210"),
        ("US", "2025550123"),
        ("GB", "07911123456"),
    ] {
        if let (Some(r), Ok(c)) = (DefaultRegion::new(region), clean(number)) {
            let _ = normalise(&c, Some(&r));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e164(input: &str, region: Option<&str>) -> Result<String, RejectCode> {
        let region = region.map(|r| DefaultRegion::new(r).unwrap());
        let cleaned = clean(input).map_err(|r| r.code)?;
        match normalise(&cleaned, region.as_ref()) {
            Outcome::Valid(v) => Ok(v.e164.to_string()),
            Outcome::Rejected(r) => Err(r.code),
        }
    }

    #[test]
    fn wrappers_are_removed() {
        assert_eq!(
            clean("=\"011 98765-4321\"").unwrap().digits(),
            "01198765 4321".replace(' ', "")
        );
        assert_eq!(
            clean("tel:+1-202-555-0123;ext=4").unwrap(),
            Cleaned::new(true, "12025550123").unwrap()
        );
        assert_eq!(
            clean("https://wa.me/5511987654321?text=oi").unwrap(),
            Cleaned::new(true, "5511987654321").unwrap()
        );
        assert_eq!(
            clean("Cel: (11) 98765-4321").unwrap().digits(),
            "11987654321"
        );
        assert_eq!(
            clean("+44 20 7946 0958 ext. 123").unwrap().digits(),
            "442079460958"
        );
        assert_eq!(
            clean("(11) 3333-4444 ramal 12").unwrap().digits(),
            "1133334444"
        );
        assert_eq!(
            clean("９８７６５４３２１０").unwrap().digits(),
            "9876543210"
        );
        assert_eq!(clean("९८७६५४३२१०").unwrap().digits(), "9876543210");
    }

    #[test]
    fn label_words_around_a_number_are_ignored() {
        for input in [
            "Tel 11 98765-4321",
            "11 98765-4321 (WhatsApp)",
            "(cel) 11 98765-4321",
            "11 98765-4321 - casa",
        ] {
            assert_eq!(clean(input).unwrap().digits(), "11987654321", "{input}");
        }
        assert_eq!(
            clean("0800 FALE CONOSCO").unwrap_err().code,
            RejectCode::Letters
        );
        assert_eq!(
            clean("1-800-FLOWERS").unwrap_err().code,
            RejectCode::Letters
        );
        assert_eq!(
            clean("İİİ 12345 ext 12").unwrap_err().code,
            RejectCode::Letters
        );
    }

    #[test]
    fn non_numbers_get_a_plain_reason() {
        assert_eq!(clean("n/a").unwrap_err().code, RejectCode::NoNumber);
        assert_eq!(clean("11 9876 ABCD").unwrap_err().code, RejectCode::Letters);
        assert_eq!(
            clean("11*98765@4321").unwrap_err().code,
            RejectCode::BadCharacters
        );
    }

    #[test]
    fn international_numbers_ignore_the_default_region() {
        // The crate alone, with default US, mangles these (see the module docs).
        for region in [None, Some("US"), Some("BR"), Some("DE")] {
            assert_eq!(
                e164("+55 11 98765-4321", region).as_deref(),
                Ok("+5511987654321")
            );
            assert_eq!(
                e164("+49 1512 3456789", region).as_deref(),
                Ok("+4915123456789")
            );
        }
        assert_eq!(
            e164("00 49 1512 3456789", Some("GB")).as_deref(),
            Ok("+4915123456789")
        );
        // Brazil's IDD carries a carrier code (0021 = Embratel); a bare 00 is not an IDD there.
        assert_eq!(
            e164("0021 49 1512 3456789", Some("BR")).as_deref(),
            Ok("+4915123456789")
        );
        assert_eq!(
            e164("011 55 11 98765 4321", Some("US")).as_deref(),
            Ok("+5511987654321")
        );
    }

    #[test]
    fn national_numbers_need_a_country() {
        assert_eq!(e164("(11) 98765-4321", None), Err(RejectCode::NeedsCountry));
        assert_eq!(
            e164("(11) 98765-4321", Some("BR")).as_deref(),
            Ok("+5511987654321")
        );
        assert_eq!(e164("12345", Some("BR")), Err(RejectCode::TooShort));
    }

    #[test]
    fn long_numbers_without_plus_are_read_as_international() {
        assert_eq!(e164("5511987654321", None).as_deref(), Ok("+5511987654321"));
        assert_eq!(
            e164("0091 99016 79721", Some("BR")).as_deref(),
            Ok("+919901679721")
        );
        assert_eq!(
            e164("4915123456789", Some("US")).as_deref(),
            Ok("+4915123456789")
        );
        // Valid nationally wins: an Indian default keeps 91… as India's own code.
        assert_eq!(
            e164("919876543210", Some("IN")).as_deref(),
            Ok("+919876543210")
        );
    }

    #[test]
    fn reasons_name_the_country() {
        let region = DefaultRegion::new("BR").unwrap();
        let Outcome::Rejected(r) = normalise(&clean("123456").unwrap(), Some(&region)) else {
            panic!("accepted a 6-digit Brazilian number")
        };
        assert_eq!(r.reason, "too short for a Brazilian number");
        assert_eq!(r.country.as_deref(), Some("BR"));
    }
}
