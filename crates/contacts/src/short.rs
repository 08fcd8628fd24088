//! Short ASCII strings (digits, E.164) stored inline. A 100k-row import handles a few hundred
//! thousand of them on worker threads; heap strings there meant as many allocations, freed
//! later on another thread, which showed as a quarter of the import's time in profiles.

use std::fmt;

/// Longest text a `Short` holds: more digits than this is never a phone number (E.164 allows
/// 15; libphonenumber parses at most 17 after a 3-digit country code, plus the `+`).
pub(crate) const SHORT_MAX: usize = 24;

/// An ASCII string of at most [`SHORT_MAX`] bytes, by value.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Short {
    len: u8,
    buf: [u8; SHORT_MAX],
}

impl Short {
    /// `None` when `s` is longer than [`SHORT_MAX`] or not ASCII.
    pub fn new(s: &str) -> Option<Short> {
        if !s.is_ascii() {
            return None;
        }
        let mut buf = [0u8; SHORT_MAX];
        buf.get_mut(..s.len())?.copy_from_slice(s.as_bytes());
        Some(Short {
            len: s.len() as u8,
            buf,
        })
    }

    /// `prefix` then `rest`, e.g. "+" and the country code and number.
    pub fn concat(parts: &[&str]) -> Option<Short> {
        let mut buf = [0u8; SHORT_MAX];
        let mut len = 0;
        for p in parts {
            if !p.is_ascii() {
                return None;
            }
            buf.get_mut(len..len + p.len())?
                .copy_from_slice(p.as_bytes());
            len += p.len();
        }
        Some(Short {
            len: len as u8,
            buf,
        })
    }

    pub fn as_str(&self) -> &str {
        // Only ASCII is ever stored.
        std::str::from_utf8(&self.buf[..self.len as usize]).unwrap_or("")
    }
}

impl fmt::Debug for Short {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl std::ops::Deref for Short {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holds_up_to_the_limit() {
        assert_eq!(
            Short::new("5511987654321").unwrap().as_str(),
            "5511987654321"
        );
        assert!(Short::new(&"9".repeat(SHORT_MAX)).is_some());
        assert!(Short::new(&"9".repeat(SHORT_MAX + 1)).is_none());
        assert_eq!(
            Short::concat(&["+", "55", "11987654321"]).unwrap().as_str(),
            "+5511987654321"
        );
        assert!(Short::new("é").is_none());
    }
}
