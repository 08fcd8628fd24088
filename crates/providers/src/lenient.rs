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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
}
