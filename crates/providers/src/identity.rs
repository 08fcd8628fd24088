//! Matching members the way WhatsApp reports them.
//!
//! A number GroupDrop sent and the number WhatsApp lists for the same person need not be the same
//! digit string: a Brazilian mobile is registered with or without its ninth digit (`55 11 9
//! 8765-4321` vs `55 11 8765-4321`; Z-API's `phone-exists` `outputPhone` shows the registered
//! form), and WhatsApp lists some members only by a hidden `…@lid` id. So a member is compared by
//! [`whatsapp_key`], and a list holding `@lid` entries leaves unmatched members *unconfirmed*
//! rather than absent.

use crate::phone_format::digits;

/// The digits WhatsApp identifies a phone by: Brazilian mobiles (`55` + two-digit area + `9` +
/// eight digits) without the ninth digit, so both spellings give the same key; everything else
/// as its digits.
pub fn whatsapp_key(phone: &str) -> String {
    let d = digits(phone);
    if d.len() == 13 && d.starts_with("55") && d.as_bytes()[4] == b'9' {
        return format!("{}{}", &d[..4], &d[5..]);
    }
    d
}

/// Whether two phones are the same WhatsApp identity.
pub fn same_identity(a: &str, b: &str) -> bool {
    whatsapp_key(a) == whatsapp_key(b)
}

/// A hidden WhatsApp id (`2111897971174599@lid`): a member whose number is not shown.
pub fn is_lid(id: &str) -> bool {
    id.trim().ends_with("@lid")
}

/// A group's member list split into identity keys of the numbers it shows and the count of
/// members it lists only by `@lid`.
pub struct Roster {
    keys: std::collections::HashSet<String>,
    pub hidden: usize,
}

impl Roster {
    pub fn new(listed: &[String]) -> Roster {
        let hidden = listed.iter().filter(|m| is_lid(m)).count();
        let keys = listed
            .iter()
            .filter(|m| !is_lid(m))
            .map(|m| whatsapp_key(m))
            .collect();
        Roster { keys, hidden }
    }

    pub fn contains(&self, phone: &str) -> bool {
        self.keys.contains(&whatsapp_key(phone))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brazil_ninth_digit_is_one_identity() {
        assert!(same_identity("+5511987654321", "551187654321"));
        assert!(same_identity("+5511987654321", "5511987654321@c.us"));
        assert!(!same_identity("+5511987654321", "+5511987654322"));
        // A landline and other countries keep every digit.
        assert_eq!(whatsapp_key("+551132654321"), "551132654321");
        assert_eq!(whatsapp_key("+447700176576"), "447700176576");
        assert_eq!(whatsapp_key("+4915712345678"), "4915712345678");
    }

    #[test]
    fn roster_counts_hidden_members() {
        let r = Roster::new(&["551187654321".into(), "2111897971174599@lid".into()]);
        assert!(r.contains("+5511987654321"));
        assert_eq!(r.hidden, 1);
    }
}
