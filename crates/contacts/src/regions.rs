//! Region codes: validating the user's default country, naming countries in reasons, and the
//! OS locale's region.

use crate::region_names::REGION_NAMES;
use phonenumber::country;
use std::str::FromStr;

/// A region libphonenumber has metadata for, from a user-typed code ("br", " BR ").
pub(crate) fn parse_region(code: &str) -> Option<country::Id> {
    let code = code.trim().to_ascii_uppercase();
    if code.len() != 2 {
        return None;
    }
    let id = country::Id::from_str(&code).ok()?;
    // The crate's enum may hold codes without metadata (e.g. "001"): only accept usable ones.
    phonenumber::metadata::DATABASE.by_id(id.as_ref())?;
    Some(id)
}

/// The English name of a region ("BR" → "Brazil").
pub(crate) fn region_name(code: &str) -> Option<&'static str> {
    REGION_NAMES
        .binary_search_by(|(c, _)| (*c).cmp(code))
        .ok()
        .map(|i| REGION_NAMES[i].1)
}

/// Adjectives for the countries GroupDrop's users mostly come from, so reasons read naturally
/// ("too short for a Brazilian number"); every other country falls back to "a number in Ghana".
const ADJECTIVES: &[(&str, &str)] = &[
    ("AR", "an Argentine"),
    ("AU", "an Australian"),
    ("BD", "a Bangladeshi"),
    ("BO", "a Bolivian"),
    ("BR", "a Brazilian"),
    ("CA", "a Canadian"),
    ("CH", "a Swiss"),
    ("CL", "a Chilean"),
    ("CN", "a Chinese"),
    ("CO", "a Colombian"),
    ("DE", "a German"),
    ("EC", "an Ecuadorian"),
    ("EG", "an Egyptian"),
    ("ES", "a Spanish"),
    ("FR", "a French"),
    ("GB", "a UK"),
    ("ID", "an Indonesian"),
    ("IN", "an Indian"),
    ("IT", "an Italian"),
    ("JP", "a Japanese"),
    ("KE", "a Kenyan"),
    ("MX", "a Mexican"),
    ("NG", "a Nigerian"),
    ("NL", "a Dutch"),
    ("PE", "a Peruvian"),
    ("PK", "a Pakistani"),
    ("PT", "a Portuguese"),
    ("PY", "a Paraguayan"),
    ("RU", "a Russian"),
    ("SA", "a Saudi"),
    ("TR", "a Turkish"),
    ("US", "a US"),
    ("UY", "a Uruguayan"),
    ("VE", "a Venezuelan"),
    ("ZA", "a South African"),
];

/// "a Brazilian number" / "a number in Ghana" / "a phone number" (no region).
pub(crate) fn a_number_of(region: Option<&str>) -> String {
    let Some(region) = region else {
        return "a phone number".to_string();
    };
    if let Some((_, adj)) = ADJECTIVES.iter().find(|(c, _)| *c == region) {
        return format!("{adj} number");
    }
    match region_name(region) {
        Some(name) => format!("a number in {name}"),
        None => "a phone number".to_string(),
    }
}

/// The region part of a locale tag: "pt-BR" → "BR", "en_US.UTF-8" → "US", "hi-Latn-IN" → "IN".
/// `None` when the tag has no region ("C", "POSIX", "fr") or names one without phone metadata.
pub(crate) fn region_of_locale(tag: &str) -> Option<String> {
    let tag = tag.split(['.', '@']).next().unwrap_or("");
    tag.split(['-', '_'])
        .skip(1)
        .find(|part| part.len() == 2 && part.chars().all(|c| c.is_ascii_alphabetic()))
        .and_then(parse_region)
        .map(|id| id.as_ref().to_string())
}

/// The OS locale's region ("pt-BR" → "BR"), used as the default country; `None` if there is none.
pub fn default_country_from_locale() -> Option<String> {
    sys_locale::get_locales().find_map(|tag| region_of_locale(&tag))
}

/// Every region with phone metadata, as `(ISO 3166-1 alpha-2, calling code)`, sorted by code: the
/// country pickers' list (the UI names them in its own language). Non-geographic entries ("001")
/// are left out.
pub fn regions() -> Vec<(String, u32)> {
    let mut list: Vec<(String, u32)> = phonenumber::metadata::DATABASE
        .iter()
        .filter(|m| m.id().len() == 2 && m.id().chars().all(|c| c.is_ascii_uppercase()))
        .map(|m| (m.id().to_string(), u32::from(m.country_code())))
        .collect();
    list.sort();
    list.dedup_by(|a, b| a.0 == b.0);
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_tags_yield_their_region() {
        assert_eq!(region_of_locale("pt-BR").as_deref(), Some("BR"));
        assert_eq!(region_of_locale("en_US.UTF-8").as_deref(), Some("US"));
        assert_eq!(region_of_locale("hi-Latn-IN").as_deref(), Some("IN"));
        assert_eq!(region_of_locale("de_DE@euro").as_deref(), Some("DE"));
        assert_eq!(region_of_locale("C"), None);
        assert_eq!(region_of_locale("fr"), None);
        assert_eq!(region_of_locale("en-ZZ"), None);
    }

    #[test]
    fn regions_are_checked_against_the_metadata() {
        assert_eq!(
            parse_region(" br ")
                .map(|i| i.as_ref().to_string())
                .as_deref(),
            Some("BR")
        );
        assert!(parse_region("XX").is_none());
        assert!(parse_region("BRA").is_none());
    }

    #[test]
    fn every_metadata_region_has_a_name() {
        for meta in phonenumber::metadata::DATABASE.iter() {
            let id = meta.id();
            if id.len() == 2 {
                assert!(region_name(id).is_some(), "no name for {id}");
            }
        }
        assert_eq!(a_number_of(Some("BR")), "a Brazilian number");
        assert_eq!(a_number_of(Some("GH")), "a number in Ghana");
    }
}
