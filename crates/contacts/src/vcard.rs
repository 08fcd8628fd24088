//! vCard 2.1, 3.0 and 4.0 (`.vcf`): folded lines, quoted-printable values, TYPE parameters in
//! every dialect phones and mail programs write, and Apple's `item1.TEL` + `item1.X-ABLabel`.

use crate::entry::Entry;
use crate::headers::Tier;

/// One `NAME;PARAMS:VALUE` line after unfolding.
struct Property<'a> {
    group: Option<&'a str>,
    name: String,
    params: Vec<(String, String)>,
    value: &'a str,
}

/// Splits at `sep` outside double quotes.
fn split_outside_quotes(s: &str, sep: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut quoted = false;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        if c == '"' {
            quoted = !quoted;
        } else if c == sep && !quoted {
            parts.push(&s[start..i]);
            start = i + c.len_utf8();
        }
    }
    parts.push(&s[start..]);
    parts
}

fn parse_property(line: &str) -> Option<Property<'_>> {
    let mut quoted = false;
    let colon = line.char_indices().find_map(|(i, c)| {
        if c == '"' {
            quoted = !quoted;
        }
        (c == ':' && !quoted).then_some(i)
    })?;
    let (head, value) = (&line[..colon], &line[colon + 1..]);
    let mut parts = split_outside_quotes(head, ';').into_iter();
    let full_name = parts.next()?.trim();
    let (group, name) = match full_name.rsplit_once('.') {
        Some((g, n)) => (Some(g), n),
        None => (None, full_name),
    };
    let mut params = Vec::new();
    for p in parts {
        match p.split_once('=') {
            Some((k, v)) => {
                for v in split_outside_quotes(v, ',') {
                    params.push((
                        k.trim().to_ascii_uppercase(),
                        v.trim().trim_matches('"').to_string(),
                    ));
                }
            }
            // vCard 2.1 bare parameters: "TEL;CELL;PREF:…", "FN;QUOTED-PRINTABLE:…".
            None => params.push(("TYPE".to_string(), p.trim().to_string())),
        }
    }
    Some(Property {
        group,
        name: name.to_ascii_uppercase(),
        params,
        value,
    })
}

impl Property<'_> {
    fn param_values(&self, key: &str) -> impl Iterator<Item = String> + '_ {
        let key = key.to_string();
        self.params
            .iter()
            .filter(move |(k, _)| *k == key)
            .flat_map(|(_, v)| {
                v.split(',')
                    .map(|s| s.trim().to_ascii_lowercase())
                    .collect::<Vec<_>>()
            })
    }

    fn is_quoted_printable(&self) -> bool {
        self.params.iter().any(|(k, v)| {
            (k == "ENCODING" || k == "TYPE") && v.eq_ignore_ascii_case("QUOTED-PRINTABLE")
        })
    }

    /// The value decoded: quoted-printable with its CHARSET (vCard 2.1), then backslash escapes.
    fn text(&self) -> String {
        let raw = if self.is_quoted_printable() {
            let bytes = decode_quoted_printable(self.value);
            let charset = self
                .params
                .iter()
                .find(|(k, _)| k == "CHARSET")
                .and_then(|(_, v)| encoding_rs::Encoding::for_label(v.as_bytes()))
                .unwrap_or(encoding_rs::UTF_8);
            charset.decode_without_bom_handling(&bytes).0.into_owned()
        } else {
            self.value.to_string()
        };
        raw
    }
}

fn decode_quoted_printable(s: &str) -> Vec<u8> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok());
            if let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(v);
                i += 3;
                continue;
            }
            // A soft line break that survived unfolding, or a stray '=': drop it.
            i += 1;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

/// Undoes vCard 3.0/4.0 escapes (`\,` `\;` `\n` `\\`).
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') | Some('N') => out.push(' '),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Splits a structured value (N) at unescaped semicolons.
fn split_structured(s: &str) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(n) = chars.next() {
                    parts
                        .last_mut()
                        .unwrap()
                        .push(if n == 'n' { ' ' } else { n });
                }
            }
            ';' => parts.push(String::new()),
            c => parts.last_mut().unwrap().push(c),
        }
    }
    parts
}

/// Joins folded lines: a line starting with a space or tab continues the previous one, and a
/// quoted-printable line ending in `=` continues on the next (vCard 2.1 soft line breaks).
fn unfold(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut qp_continues = false;
    for raw in text.split('\n') {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if qp_continues {
            if let Some(last) = lines.last_mut() {
                last.pop(); // the soft-break '='
                last.push_str(line.trim_start());
                qp_continues = last.ends_with('=');
                continue;
            }
        }
        if (line.starts_with(' ') || line.starts_with('\t')) && !lines.is_empty() {
            lines.last_mut().unwrap().push_str(&line[1..]);
        } else {
            lines.push(line.to_string());
        }
        let last = lines.last().unwrap();
        let upper_head = last.split(':').next().unwrap_or("").to_ascii_uppercase();
        qp_continues = upper_head.contains("QUOTED-PRINTABLE") && last.ends_with('=');
    }
    lines
}

/// How much a phone's TYPE / label says it is the person's WhatsApp.
fn tel_tier(types: &[String], label: Option<&str>) -> Tier {
    let label = label.map(|l| {
        l.trim_start_matches("_$!<")
            .trim_end_matches(">!$_")
            .to_lowercase()
    });
    let all: Vec<&str> = types
        .iter()
        .map(String::as_str)
        .chain(label.as_deref())
        .collect();
    let has = |words: &[&str]| all.iter().any(|t| words.iter().any(|w| t.contains(w)));
    if has(&["whatsapp", "zap"]) {
        Tier::WhatsApp
    } else if has(&[
        "cell", "mobile", "iphone", "celular", "handy", "móvil", "movil", "portable",
    ]) {
        Tier::Mobile
    } else if has(&["fax", "pager", "tty", "textphone", "modem", "bbs", "isdn"]) {
        Tier::Fax
    } else if has(&["home", "work", "business"]) {
        Tier::Other
    } else {
        Tier::Phone
    }
}

struct CardBuilder {
    fn_name: Option<String>,
    n_name: Option<String>,
    tels: Vec<(Option<String>, Vec<String>, String)>,
    labels: Vec<(String, String)>,
}

impl CardBuilder {
    fn new() -> CardBuilder {
        CardBuilder {
            fn_name: None,
            n_name: None,
            tels: Vec::new(),
            labels: Vec::new(),
        }
    }

    fn finish(self, index: u32) -> Entry {
        let name = self
            .fn_name
            .filter(|s| !s.trim().is_empty())
            .or(self.n_name)
            .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "));
        let tiered: Vec<(Tier, String)> = self
            .tels
            .into_iter()
            .map(|(group, types, value)| {
                let label = group.and_then(|g| {
                    self.labels
                        .iter()
                        .find(|(lg, _)| lg.eq_ignore_ascii_case(&g))
                        .map(|(_, l)| l.clone())
                });
                (tel_tier(&types, label.as_deref()), value)
            })
            .filter(|(_, v)| !v.trim().is_empty())
            .collect();
        let best = tiered.iter().map(|(t, _)| *t).min();
        Entry {
            row: index,
            name,
            phones: tiered
                .into_iter()
                .filter(|(t, _)| Some(*t) == best)
                .map(|(_, v)| v)
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }
}

/// Reads every card; a card's row is its 1-based position in the file.
pub(crate) fn read(text: &str) -> Vec<Entry> {
    let mut entries = Vec::new();
    let mut card: Option<CardBuilder> = None;
    let mut index = 0u32;
    for line in unfold(text) {
        let Some(prop) = parse_property(&line) else {
            continue;
        };
        match prop.name.as_str() {
            "BEGIN" if prop.value.trim().eq_ignore_ascii_case("VCARD") => {
                index += 1;
                card = Some(CardBuilder::new());
            }
            "END" if prop.value.trim().eq_ignore_ascii_case("VCARD") => {
                if let Some(c) = card.take() {
                    entries.push(c.finish(index));
                }
            }
            _ => {
                let Some(c) = card.as_mut() else { continue };
                match prop.name.as_str() {
                    "FN" => c.fn_name = Some(unescape(&prop.text())),
                    "N" => {
                        let parts = split_structured(&prop.text());
                        let pick = |i: usize| parts.get(i).map(|s| s.trim()).unwrap_or("");
                        let joined = [pick(3), pick(1), pick(2), pick(0), pick(4)]
                            .iter()
                            .filter(|s| !s.is_empty())
                            .copied()
                            .collect::<Vec<_>>()
                            .join(" ");
                        if !joined.is_empty() {
                            c.n_name = Some(joined);
                        }
                    }
                    "TEL" => {
                        let types: Vec<String> = prop.param_values("TYPE").collect();
                        c.tels.push((
                            prop.group.map(str::to_string),
                            types,
                            unescape(&prop.text()).trim().to_string(),
                        ));
                    }
                    "X-ABLABEL" => {
                        if let Some(g) = prop.group {
                            c.labels.push((g.to_string(), unescape(&prop.text())));
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    // A last card without END:VCARD (a truncated export) still counts.
    if let Some(c) = card.take() {
        entries.push(c.finish(index));
    }
    entries
}

/// Whether decoded text is a vCard file.
pub(crate) fn is_vcard(text: &str) -> bool {
    text.trim_start_matches('\u{FEFF}')
        .trim_start()
        .get(..11)
        .is_some_and(|h| h.eq_ignore_ascii_case("BEGIN:VCARD"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_printable_names_and_folded_lines() {
        let text = "BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Silva;Jo=C3=A3o;;;\r\nFN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Jo=C3=A3o da =\r\nSilva\r\nTEL;CELL:+55 11 9876\r\n 5-4321\r\nEND:VCARD\r\n";
        let e = read(text);
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].name.as_deref(), Some("João da Silva"));
        assert_eq!(e[0].phones, "+55 11 98765-4321");
    }

    #[test]
    fn mobile_wins_and_labels_count() {
        let text = "BEGIN:VCARD\nVERSION:3.0\nFN:Ana\nTEL;TYPE=HOME:+55 11 3333-4444\nitem1.TEL:+55 11 98765-4321\nitem1.X-ABLabel:_$!<Mobile>!$_\nEND:VCARD\n";
        let e = read(text);
        assert_eq!(e[0].phones, "+55 11 98765-4321");
    }

    #[test]
    fn n_is_used_when_fn_is_missing() {
        let e = read("BEGIN:VCARD\nVERSION:4.0\nN:Doe;Jane;;Dr.;\nTEL;VALUE=uri;TYPE=\"cell,voice\":tel:+1-202-555-0123\nEND:VCARD\n");
        assert_eq!(e[0].name.as_deref(), Some("Dr. Jane Doe"));
        assert_eq!(e[0].phones, "tel:+1-202-555-0123");
    }
}
