//! What a column header (or a per-row phone label) says about the numbers under it, in
//! English, Portuguese, Spanish, German, French and Hindi/Hinglish.

/// How strongly a phone column (or vCard TEL) says "this is the person's WhatsApp". Per row the
/// best non-empty tier wins; lower is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Tier {
    WhatsApp,
    Mobile,
    Phone,
    /// Home / work / business phones: used only when a row has nothing better.
    Other,
    /// Fax, pager: the last resort, still better than dropping the row silently.
    Fax,
}

/// Lowercase, accents folded, punctuation turned into spaces: "Teléfono Móvil" → "telefono movil".
pub(crate) fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        let mapped = match c {
            'á' | 'à' | 'â' | 'ã' | 'ä' | 'å' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'õ' | 'ö' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            'ñ' => 'n',
            'ß' => 's',
            c if c.is_ascii_punctuation() || c.is_whitespace() => ' ',
            c => c,
        };
        out.push(mapped);
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn has_word(words: &[&str], list: &[&str]) -> bool {
    words.iter().any(|w| list.contains(w))
}

const WHATSAPP: &[&str] = &[
    "whatsapp",
    "whats",
    "wpp",
    "zap",
    "zapzap",
    "wa",
    "वॉट्सऐप",
    "व्हाट्सएप",
    "व्हाट्सऐप",
];
const MOBILE: &[&str] = &[
    "mobile",
    "mobil",
    "mob",
    "cell",
    "cellphone",
    "cellular",
    "celular",
    "cel",
    "handy",
    "movil",
    "portable",
    "portatil",
    "gsm",
    "mobiltelefon",
    "mobilnummer",
    "handynummer",
    "mobilfunk",
    "mobilfunknummer",
    "telemovel",
    "mobiel",
    "मोबाइल",
    "मोबाईल",
];
const PHONE: &[&str] = &[
    "phone",
    "phones",
    "telephone",
    "tel",
    "telefone",
    "telefono",
    "telefon",
    "telefonnummer",
    "fone",
    "rufnummer",
    "ph",
    "phn",
    "फ़ोन",
    "फोन",
    "दूरभाष",
    "telefones",
    "telefonos",
    "tél",
];
/// Generic words that make a phone column only together with a context word or phone-like cells.
const NUMBER: &[&str] = &[
    "number",
    "numero",
    "no",
    "nr",
    "nummer",
    "num",
    "contact",
    "contato",
    "contacto",
    "नंबर",
    "संपर्क",
];
const OTHER: &[&str] = &[
    "home",
    "work",
    "business",
    "office",
    "company",
    "main",
    "casa",
    "trabalho",
    "comercial",
    "residencial",
    "residencia",
    "empresa",
    "privat",
    "geschaftlich",
    "geschaft",
    "dienstlich",
    "bureau",
    "domicile",
    "travail",
    "oficina",
    "trabajo",
    "fixo",
    "fijo",
    "festnetz",
    "fixe",
    "landline",
    "arbeit",
    "buro",
    "zuhause",
    "other",
    "outro",
    "otro",
    "assistant",
    "callback",
    "car",
    "isdn",
    "radio",
    "telex",
];
const FAX: &[&str] = &["fax", "pager", "bip", "tty", "tdd", "telefax"];
/// Words that make a header *not* a phone column even if it names one ("Phone 1 - Label").
/// Not "e" (Portuguese "and": "Telefone e WhatsApp") nor "DDD"/"code" ("Celular com DDD"):
/// a column of country or area codes fails the content check instead.
const NOT_PHONE: &[&str] = &[
    "label",
    "type",
    "tipo",
    "email",
    "mail",
    "address",
    "endereco",
    "direccion",
    "adresse",
    "id",
    "cpf",
    "cnpj",
    "rg",
    "account",
    "order",
    "pedido",
    "postal",
    "zip",
    "cep",
    "pin",
    "date",
    "data",
    "fecha",
    "datum",
    "aadhaar",
    "aadhar",
    "pan",
    "gst",
    "passport",
    "ext",
    "extension",
    "ramal",
    "organizational",
    "government",
    "nome",
    "name",
    "nombre",
];

/// The tier a header names, if it names a phone column at all.
pub(crate) fn header_tier(header: &str) -> Option<Tier> {
    let folded = fold(header);
    let words: Vec<&str> = folded.split(' ').collect();
    let whatsapp = has_word(&words, WHATSAPP) || folded.contains("whatsapp");
    let mobile =
        has_word(&words, MOBILE) || folded.contains("mobile") || folded.contains("celular");
    let phone = has_word(&words, PHONE) || folded.contains("telefon") || folded.contains("phone");
    let number = has_word(&words, NUMBER);
    let fax = has_word(&words, FAX);
    if !(whatsapp || mobile || phone || number || fax) {
        return None;
    }
    // "Phone 1 - Label", "Telefone tipo", "CPF": describe a phone or hold another number.
    if has_word(&words, NOT_PHONE) {
        return None;
    }
    if fax {
        return Some(Tier::Fax);
    }
    if whatsapp {
        return Some(Tier::WhatsApp);
    }
    if mobile {
        return Some(Tier::Mobile);
    }
    if has_word(&words, OTHER) {
        return Some(Tier::Other);
    }
    if phone || (number && words.len() <= 3) {
        return Some(Tier::Phone);
    }
    None
}

/// The tier a per-row label names (Google Contacts' "Phone 1 - Label" = "Mobile", "* Work").
pub(crate) fn label_tier(label: &str) -> Tier {
    let folded = fold(label);
    let words: Vec<&str> = folded.split(' ').collect();
    if has_word(&words, WHATSAPP) || folded.contains("whatsapp") {
        Tier::WhatsApp
    } else if has_word(&words, FAX) {
        Tier::Fax
    } else if has_word(&words, MOBILE) || folded.contains("mobile") || folded.contains("iphone") {
        Tier::Mobile
    } else if has_word(&words, OTHER) {
        Tier::Other
    } else {
        Tier::Phone
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_in_many_languages() {
        for (h, tier) in [
            ("Mobile Phone", Some(Tier::Mobile)),
            ("Celular", Some(Tier::Mobile)),
            ("Teléfono móvil", Some(Tier::Mobile)),
            ("Handy", Some(Tier::Mobile)),
            ("Portable", Some(Tier::Mobile)),
            ("मोबाइल नंबर", Some(Tier::Mobile)),
            ("Mob No.", Some(Tier::Mobile)),
            ("WhatsApp", Some(Tier::WhatsApp)),
            ("Número de WhatsApp", Some(Tier::WhatsApp)),
            ("Telefone", Some(Tier::Phone)),
            ("Téléphone", Some(Tier::Phone)),
            ("Phone 1 - Value", Some(Tier::Phone)),
            ("Contact No", Some(Tier::Phone)),
            ("Business Phone", Some(Tier::Other)),
            ("Telefone Residencial", Some(Tier::Other)),
            ("Business Fax", Some(Tier::Fax)),
            ("Celular com DDD", Some(Tier::Mobile)),
            ("Telefone e WhatsApp", Some(Tier::WhatsApp)),
            ("Phone 1 - Label", None),
            ("E-mail 1 - Value", None),
            ("Organizational ID Number", None),
            ("First Name", None),
        ] {
            assert_eq!(header_tier(h), tier, "{h}");
        }
    }
}
