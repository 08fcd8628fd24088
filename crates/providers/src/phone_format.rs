//! Phone numbers on the wire. Inside GroupDrop every phone is E.164 with `+`; each provider wants
//! its own rendering (2Chat `+E164`, Z-API and EazyBe digits only) and answers in its own
//! (`5511…`, `5511…@c.us`, `…@lid`). These helpers convert both ways so comparisons never depend
//! on punctuation.

/// Digits only: `+55 (11) 98765-4321` → `5511987654321`.
pub fn digits(phone: &str) -> String {
    phone.chars().filter(char::is_ascii_digit).collect()
}

/// `+` and digits, for 2Chat.
pub fn plus_e164(phone: &str) -> String {
    format!("+{}", digits(phone))
}

/// Accepts a number a person typed in international form (`+55 11 98765-4321`, `0055…`) and
/// returns `+5511987654321`; `None` when it has letters or a plausible length is missing.
pub fn parse_e164(raw: &str) -> Option<String> {
    let raw = raw.trim();
    let rest = if let Some(r) = raw.strip_prefix('+') {
        r
    } else if let Some(r) = raw.strip_prefix("00") {
        r
    } else {
        raw
    };
    if rest
        .chars()
        .any(|c| !(c.is_ascii_digit() || " -.()".contains(c)))
    {
        return None;
    }
    let d = digits(rest);
    (8..=15).contains(&d.len()).then(|| format!("+{d}"))
}

/// A provider's identifier for a person back to E.164: `5511…@c.us`, `5511…@s.whatsapp.net`,
/// `+5511…`, `5511…`. `@lid` identifiers (WhatsApp's hidden-number ids) and group ids are not
/// phone numbers and give `None`.
pub fn from_wire(id: &str) -> Option<String> {
    let id = id.trim();
    let (user, domain) = match id.split_once('@') {
        Some((u, d)) => (u, Some(d)),
        None => (id, None),
    };
    if let Some(domain) = domain {
        if !matches!(domain, "c.us" | "s.whatsapp.net") {
            return None;
        }
    }
    // Multi-device ids look like `5511…:12@s.whatsapp.net`.
    let user = user.split(':').next().unwrap_or(user);
    let user = user.strip_prefix('+').unwrap_or(user);
    if user.is_empty() || !user.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    (6..=15).contains(&user.len()).then(|| format!("+{user}"))
}

/// Splits the account's own number off a batch: it is the group's creator, never a participant
/// (Z-API forbids it; 2Chat lists it as the creator), and comes back as added with `reason`.
/// The rest are rendered for the wire with `render`.
pub fn split_own(
    phones: &[String],
    own: Option<&str>,
    render: fn(&str) -> String,
    reason: &str,
) -> (Vec<String>, Vec<crate::model::MemberResult>) {
    let own = own.map(digits);
    let mut wire = Vec::new();
    let mut creator = Vec::new();
    for phone in phones {
        if own.as_deref() == Some(digits(phone).as_str()) {
            creator.push(crate::model::MemberResult {
                phone: plus_e164(phone),
                status: crate::model::MemberStatus::Added,
                reason: Some(reason.to_string()),
            });
        } else {
            wire.push(render(phone));
        }
    }
    (wire, creator)
}

/// For logs: country code and last digits only (`+55…4321`), never the full number.
pub fn mask(phone: &str) -> String {
    let d = digits(phone);
    if d.len() <= 6 {
        return "+…".to_string();
    }
    format!("+{}…{}", &d[..2], &d[d.len() - 4..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_and_parses() {
        assert_eq!(digits("+55 (11) 98765-4321"), "5511987654321");
        assert_eq!(plus_e164("5511987654321"), "+5511987654321");
        assert_eq!(
            parse_e164("0055 11 98765 4321").as_deref(),
            Some("+5511987654321")
        );
        assert_eq!(parse_e164("+55abc"), None);
        assert_eq!(parse_e164("+123"), None);
    }

    #[test]
    fn wire_ids_back_to_e164() {
        assert_eq!(
            from_wire("5511987654321@c.us").as_deref(),
            Some("+5511987654321")
        );
        assert_eq!(
            from_wire("5511987654321:3@s.whatsapp.net").as_deref(),
            Some("+5511987654321")
        );
        assert_eq!(from_wire("+447700176576").as_deref(), Some("+447700176576"));
        assert_eq!(from_wire("2111897971174599@lid"), None);
        assert_eq!(from_wire("120363019502650977-group"), None);
        assert_eq!(from_wire("120363019502650977@g.us"), None);
    }

    #[test]
    fn masks_for_logs() {
        assert_eq!(mask("+5511987654321"), "+55…4321");
        assert!(!mask("+5511987654321").contains("98765"));
    }
}
