//! Reading provider JSON leniently. Their documentation shows one example per endpoint and the
//! real replies vary (`"status": true` vs `"success"`, codes as numbers or strings), so fields
//! whose type is not certain are read as `serde_json::Value` and interpreted here.

use serde_json::Value;

/// `true`, `"true"`, `"success"`, `"ok"`, `1` → true; `false`, `"false"`, `"error"`, `0` → false.
pub(crate) fn flag(value: Option<&Value>) -> Option<bool> {
    match value? {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => n.as_i64().map(|n| n != 0),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "success" | "ok" | "1" => Some(true),
            "false" | "error" | "fail" | "failed" | "failure" | "0" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// A status code given as a number or a string.
pub(crate) fn code(value: Option<&Value>) -> Option<u16> {
    match value? {
        Value::Number(n) => n.as_u64().and_then(|n| u16::try_from(n).ok()),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A string field, or a number rendered as text (ids sometimes arrive as numbers).
pub(crate) fn text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The first field of `obj` among `keys` that holds text.
pub(crate) fn first_text(obj: &Value, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| text(obj.get(*k)))
}

/// A list that may come bare or wrapped (`{"data": [...]}`, `{"groups": [...]}`, …).
pub(crate) fn list<'a>(value: &'a Value, wrappers: &[&str]) -> Option<&'a Vec<Value>> {
    if let Some(items) = value.as_array() {
        return Some(items);
    }
    for key in wrappers {
        if let Some(inner) = value.get(*key) {
            if let Some(items) = inner.as_array() {
                return Some(items);
            }
            if let Some(items) = list(inner, wrappers) {
                return Some(items);
            }
        }
    }
    None
}

/// A moment as Unix milliseconds, from whatever the provider sends: epoch seconds or
/// milliseconds (as a number or as digits in a string; microseconds are scaled down too), or an
/// ISO-8601 / `YYYY-MM-DD HH:MM:SS` date-time, which is UTC unless it carries an offset.
///
/// `None` for anything else, including `0` and a bare date: a value that only names the day could
/// make a group created today look older than the moment we compare it with, and an unknown time
/// is handled more safely than a wrong one.
pub(crate) fn unix_ms(value: Option<&Value>) -> Option<i64> {
    match value? {
        Value::Number(n) => n
            .as_i64()
            .or_else(|| n.as_f64().filter(|f| f.is_finite()).map(|f| f as i64))
            .and_then(epoch_ms),
        Value::String(s) => {
            let s = s.trim();
            if !s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || c == '.') {
                return s.parse::<f64>().ok().and_then(|f| epoch_ms(f as i64));
            }
            date_time_ms(s)
        }
        _ => None,
    }
}

/// The earliest moment among `keys` of `obj`: any one of them being old proves the thing existed
/// by then.
#[cfg(test)]
pub(crate) fn earliest_ms(obj: &Value, keys: &[&str]) -> Option<i64> {
    keys.iter().filter_map(|k| unix_ms(obj.get(*k))).min()
}

/// An epoch number in whichever unit it came: below 10^11 it can only be seconds (as
/// milliseconds it would be 1973), below 10^14 milliseconds, below 10^17 microseconds.
fn epoch_ms(n: i64) -> Option<i64> {
    match n {
        ..=0 => None,
        1..100_000_000_000 => Some(n * 1000),
        100_000_000_000..100_000_000_000_000 => Some(n),
        100_000_000_000_000..100_000_000_000_000_000 => Some(n / 1000),
        _ => None,
    }
}

/// Whether `value` is a date-time written without any zone (`2025-06-01 10:00:00`): such a time
/// is the provider's local wall-clock time in a zone it does not name, so it cannot be compared
/// with an absolute moment closer than the widest zone offsets (−12 h … +14 h).
pub(crate) fn is_naive(value: Option<&Value>) -> bool {
    match value {
        Some(Value::String(s)) => {
            let s = s.trim();
            // Appending an offset still parses only when there was none.
            !s.chars().all(|c| c.is_ascii_digit() || c == '.')
                && date_time_ms(s).is_some()
                && date_time_ms(&format!("{s}+01:00")).is_some()
        }
        _ => false,
    }
}

/// `YYYY-MM-DD(T| )HH:MM[:SS[.fff]][Z|±HH[:MM]|±HHMM| UTC]`.
fn date_time_ms(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    let num = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = b.get(range)?;
        if part.iter().all(u8::is_ascii_digit) {
            std::str::from_utf8(part).ok()?.parse().ok()
        } else {
            None
        }
    };
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if b.get(4) != Some(&b'-')
        || b.get(7) != Some(&b'-')
        || !matches!(b.get(10), Some(b'T' | b't' | b' '))
    {
        return None;
    }
    let (hour, minute) = (num(11..13)?, num(14..16)?);
    if b.get(13) != Some(&b':') {
        return None;
    }
    let mut i = 16;
    let mut second = 0;
    let mut millis = 0;
    if b.get(i) == Some(&b':') {
        second = num(17..19)?;
        i = 19;
        if matches!(b.get(i), Some(b'.' | b',')) {
            i += 1;
            let start = i;
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            if i == start {
                return None;
            }
            let frac: String = s[start..i.min(start + 3)].to_string();
            millis = format!("{frac:0<3}").parse().ok()?;
        }
    }
    let offset_minutes = match s[i..].trim() {
        "" | "Z" | "z" | "UTC" | "GMT" | "+00:00" => 0,
        zone => {
            let (sign, rest) = match zone.as_bytes().first()? {
                b'+' => (1, &zone[1..]),
                b'-' => (-1, &zone[1..]),
                _ => return None,
            };
            let digits: String = rest.chars().filter(|c| *c != ':').collect();
            if !(digits.len() == 2 || digits.len() == 4)
                || !digits.chars().all(|c| c.is_ascii_digit())
            {
                return None;
            }
            let h: i64 = digits[..2].parse().ok()?;
            let m: i64 = if digits.len() == 4 {
                digits[2..].parse().ok()?
            } else {
                0
            };
            if h > 23 || m > 59 {
                return None;
            }
            sign * (h * 60 + m)
        }
    };
    let valid = (1970..=9999).contains(&year)
        && (1..=12).contains(&month)
        && (1..=days_in_month(year, month)).contains(&day)
        && hour < 24
        && minute < 60
        && second < 61;
    if !valid {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset_minutes * 60;
    (seconds > 0).then(|| seconds * 1000 + millis)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn naive_times_are_told_apart_from_zoned_ones() {
        assert!(is_naive(Some(&json!("2025-06-01 10:00:00"))));
        assert!(is_naive(Some(&json!("2025-06-01T10:00:00.25"))));
        for zoned in [
            json!("2025-06-01 10:00:00Z"),
            json!("2025-06-01T07:00:00-03:00"),
            json!("2025-06-01 10:00:00 UTC"),
            json!(1_748_772_000_000i64),
            json!("1748772000"),
            json!("yesterday"),
        ] {
            assert!(!is_naive(Some(&zoned)), "{zoned}");
        }
    }

    #[test]
    fn flags_in_all_their_spellings() {
        assert_eq!(flag(Some(&json!(true))), Some(true));
        assert_eq!(flag(Some(&json!("success"))), Some(true));
        assert_eq!(flag(Some(&json!("false"))), Some(false));
        assert_eq!(flag(Some(&json!(0))), Some(false));
        assert_eq!(flag(Some(&json!("maybe"))), None);
        assert_eq!(flag(None), None);
    }

    #[test]
    fn codes_and_lists() {
        assert_eq!(code(Some(&json!(403))), Some(403));
        assert_eq!(code(Some(&json!("408"))), Some(408));
        assert_eq!(code(Some(&json!(99999))), None);
        let wrapped = json!({"success": true, "data": {"groups": [1, 2]}});
        assert_eq!(list(&wrapped, &["data", "groups"]).unwrap().len(), 2);
        assert_eq!(list(&json!([1]), &[]).unwrap().len(), 1);
        assert!(list(&json!({"x": 1}), &["data"]).is_none());
    }

    #[test]
    fn moments_in_every_shape_providers_send() {
        // 2025-06-01T10:00:00Z
        let ms = 1_748_772_000_000;
        assert_eq!(unix_ms(Some(&json!(ms))), Some(ms));
        assert_eq!(unix_ms(Some(&json!(ms / 1000))), Some(ms));
        assert_eq!(unix_ms(Some(&json!(ms * 1000))), Some(ms));
        assert_eq!(unix_ms(Some(&json!(1_748_772_000.5))), Some(ms));
        assert_eq!(unix_ms(Some(&json!("1748772000"))), Some(ms));
        assert_eq!(unix_ms(Some(&json!(ms.to_string()))), Some(ms));
        for text in [
            "2025-06-01 10:00:00",
            "2025-06-01T10:00:00",
            "2025-06-01T10:00:00Z",
            "2025-06-01T10:00:00.000Z",
            "2025-06-01T10:00Z",
            "2025-06-01T07:00:00-03:00",
            "2025-06-01T12:00:00+0200",
            "2025-06-01T12:00:00+02",
            " 2025-06-01 10:00:00 UTC ",
        ] {
            assert_eq!(unix_ms(Some(&json!(text))), Some(ms), "{text}");
        }
        assert_eq!(
            unix_ms(Some(&json!("2025-06-01T10:00:00.25Z"))),
            Some(ms + 250)
        );
        assert_eq!(
            unix_ms(Some(&json!("2024-02-29 00:00:00"))),
            Some(1_709_164_800_000)
        );
        assert_eq!(
            unix_ms(Some(&json!("1970-01-02T00:00:00Z"))),
            Some(86_400_000)
        );
        for bad in [
            json!(0),
            json!(-5),
            json!(""),
            json!("2025-06-01"),
            json!("2025-02-30 10:00:00"),
            json!("2025-06-01 25:00:00"),
            json!("01/06/2025 10:00"),
            json!("2025-06-01T10:00:00+5"),
            json!("yesterday"),
            json!(null),
            json!(true),
        ] {
            assert_eq!(unix_ms(Some(&bad)), None, "{bad}");
        }
        assert_eq!(unix_ms(None), None);
        let both = json!({"wa_created_at": "2025-06-01 10:00:00", "created_at": ms + 5_000});
        assert_eq!(
            earliest_ms(&both, &["wa_created_at", "created_at"]),
            Some(ms)
        );
        assert_eq!(earliest_ms(&json!({}), &["created_at"]), None);
    }
}
