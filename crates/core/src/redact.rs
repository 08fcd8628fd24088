//! Last line of defence for secrets: every text the engine persists (call summaries, notes,
//! member reasons) passes through [`Redactor::clean`], which blanks out the account's secrets.
//!
//! Provider modules already never put a token in an error, but some of them put tokens in URLs
//! (Z-API's `/instances/{id}/token/{token}/…`), and one careless `{err}` of an HTTP error carrying
//! the URL would write it to history forever. This makes that mistake harmless.

use secrecy::{ExposeSecret, SecretString};

#[derive(Clone, Default)]
pub struct Redactor {
    secrets: Vec<SecretString>,
}

impl std::fmt::Debug for Redactor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Redactor({} secrets)", self.secrets.len())
    }
}

impl Redactor {
    /// Secrets shorter than 4 characters are ignored: blanking every "a" would ruin messages and
    /// such a value is no secret anyway.
    pub fn new(secrets: impl IntoIterator<Item = SecretString>) -> Redactor {
        Redactor {
            secrets: secrets
                .into_iter()
                .filter(|s| s.expose_secret().chars().count() >= 4)
                .collect(),
        }
    }

    pub fn clean(&self, text: &str) -> String {
        let mut out = text.to_string();
        for s in &self.secrets {
            let s = s.expose_secret();
            if out.contains(s) {
                out = out.replace(s, "[redacted]");
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_blanked_everywhere_they_appear() {
        let r = Redactor::new([
            SecretString::from("tok-SECRET-123"),
            SecretString::from("ab"),
        ]);
        assert_eq!(
            r.clean("GET /token/tok-SECRET-123/x failed; tok-SECRET-123 again; ab stays"),
            "GET /token/[redacted]/x failed; [redacted] again; ab stays"
        );
    }
}
