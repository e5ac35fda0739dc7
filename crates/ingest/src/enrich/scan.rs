//! The single pass over a release's text: one Aho-Corasick automaton, built once, that finds
//! every country name, alias and demonym, every agreement name, the trigger verbs, and the
//! phrases that look like a country but are not ("New Mexico", "Mexico City", "Indian Ocean").
//!
//! Matching is ASCII-case-insensitive and leftmost-longest (so "Papua New Guinea" beats
//! "Guinea" and "Dominican Republic" beats "Dominica"), then each match must stand on word
//! boundaries and keep the pattern's capitals: wherever a pattern has an upper-case letter the
//! text must have one too, so "turkey" is not Turkey and "DRC" is not "drc", while full
//! agreement names, written in lower case here, match in any case.

use std::collections::HashSet;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, Input, MatchKind};

use super::agreement::AgreementKind;
use super::city_table::CITIES;
use super::country::Country;
use super::names;
use super::report_words::{
    AGREEMENT_PATTERNS, EUROPEAN_UNION, GENERIC_AGREEMENTS, OTHER_DOCUMENTS, TRIGGER_PATTERNS,
    Trigger,
};
use super::words::{NOT_COUNTRIES, US_STATE_NAMES};

/// How a country was named.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Form {
    /// Its name or an alias ("Cabo Verde", "Cape Verde").
    Name,
    /// A demonym or adjective ("Cabo Verdean", "Mexicans").
    Demonym,
}

/// What a pattern stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tag {
    /// A country, by name or demonym.
    Country(Country, Form),
    /// A cue that makes an ambiguous name mean this country ("Tbilisi" for Georgia); not a
    /// mention by itself.
    Cue(Country),
    /// A phrase that contains a country word but names something else.
    NotCountry,
    /// An agreement type, by name, acronym or plural.
    Agreement(AgreementKind),
    /// "agreement", "arrangement", "accord": an agreement whose type the word does not say.
    Generic,
    /// A document of a kind the facet does not tag ("Action Plan"): it bounds an agreement's
    /// clause.
    Document,
    /// The European Union, a possible party.
    Union,
    /// A verb that reports an agreement as signed, renewed, announced...
    Trigger(Trigger),
}

/// One accepted match: a byte range of the scanned text and what it stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Hit {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) tag: Tag,
}

struct Automaton {
    matcher: AhoCorasick,
    patterns: Vec<(String, Tag)>,
}

static AUTOMATON: LazyLock<Automaton> = LazyLock::new(build);

/// Every match in `text`, in order, non-overlapping.
pub(crate) fn scan(text: &str) -> Vec<Hit> {
    let automaton = &*AUTOMATON;
    let mut hits = Vec::new();
    let mut position = 0;
    while position < text.len() {
        let input = Input::new(text).span(position..text.len());
        let Some(found) = automaton.matcher.find(input) else { break };
        let (pattern, tag) = &automaton.patterns[found.pattern().as_usize()];
        let (start, end) = (found.start(), found.end());
        if on_word_boundaries(text, start, end) && keeps_capitals(pattern, &text[start..end]) {
            hits.push(Hit { start, end, tag: *tag });
            position = end;
        } else {
            // A rejected match may hide a shorter one starting later inside it.
            position = start + text[start..].chars().next().map_or(1, char::len_utf8);
        }
    }
    hits
}

fn build() -> Automaton {
    let mut patterns: Vec<(String, Tag)> = Vec::new();
    let mut seen = HashSet::new();
    let mut add = |text: &str, tag: Tag| {
        for variant in spellings(text) {
            if seen.insert(variant.to_lowercase()) {
                patterns.push((variant, tag));
            }
        }
    };
    // Order matters only for equal spellings: the first one wins.
    for text in NOT_COUNTRIES.iter().chain(US_STATE_NAMES) {
        add(text, Tag::NotCountry);
    }
    for (text, kind) in AGREEMENT_PATTERNS {
        add(text, Tag::Agreement(*kind));
    }
    for (text, trigger) in TRIGGER_PATTERNS {
        add(text, Tag::Trigger(*trigger));
    }
    for text in GENERIC_AGREEMENTS {
        add(text, Tag::Generic);
    }
    for text in OTHER_DOCUMENTS {
        add(text, Tag::Document);
    }
    for text in EUROPEAN_UNION {
        add(text, Tag::Union);
    }
    let georgia = Country::lookup("GE").expect("Georgia is in ISO 3166-1");
    for cue in ["Tbilisi", "Batumi", "Kutaisi"] {
        add(cue, Tag::Cue(georgia));
    }
    for &(alpha2, common, aliases, demonyms) in names::NAMES {
        let Some(country) = Country::lookup(alpha2) else { continue };
        add(common.unwrap_or(country.name()), Tag::Country(country, Form::Name));
        for alias in aliases {
            add(alias, Tag::Country(country, Form::Name));
        }
        for demonym in demonyms {
            add(demonym, Tag::Country(country, Form::Demonym));
            if let Some(plural) = plural(demonym) {
                add(&plural, Tag::Country(country, Form::Demonym));
            }
        }
    }
    // ISO names last: a formal name ("Congo") yields to an alias decided above.
    for country in Country::all() {
        let iso = country.iso_name();
        if !iso.contains(['(', ',']) {
            add(iso, Tag::Country(country, Form::Name));
        }
    }
    // A customs administration named after a foreign city is that city's country's ("Dubai
    // Customs" is the United Arab Emirates' issuer or counterpart, as "Japan Customs" is
    // Japan's): a body that carries the place's name, like the bodies that carry a country's.
    // Not a city a U.S. one shares its name with, and only with "Customs" capitalised.
    for &(city, alpha2, _, us_namesake) in CITIES {
        let Some(country) = Country::lookup(alpha2).filter(|_| !us_namesake && alpha2 != "US")
        else {
            continue;
        };
        add(&format!("{} Customs", title_case(city)), Tag::Country(country, Form::Name));
    }
    let matcher = AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .kind(Some(AhoCorasickKind::DFA))
        .build(patterns.iter().map(|(text, _)| text))
        .expect("the patterns are a few thousand short strings, well within DFA limits");
    Automaton { matcher, patterns }
}

/// The spellings of a pattern as feeds write it: straight and curly apostrophes.
fn spellings(text: &str) -> Vec<String> {
    let mut variants = vec![text.to_owned()];
    if text.contains('\'') {
        variants.push(text.replace('\'', "\u{2019}"));
    }
    variants
}

/// "Mexican" -> "Mexicans"; none for words that do not take an -s ("Swiss", "Chinese").
fn plural(demonym: &str) -> Option<String> {
    let invariable = ["s", "sh", "ch", "ese", "x", "z", "ois"];
    if invariable.iter().any(|ending| demonym.ends_with(ending)) {
        return None;
    }
    Some(format!("{demonym}s"))
}

fn on_word_boundaries(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

fn keeps_capitals(pattern: &str, found: &str) -> bool {
    // ASCII-case-insensitive matching only equates ASCII letters, so the bytes line up.
    pattern
        .bytes()
        .zip(found.bytes())
        .all(|(want, got)| !want.is_ascii_uppercase() || got.is_ascii_uppercase())
}

/// "abu dhabi" as "Abu Dhabi": each word's first letter in capitals.
fn title_case(name: &str) -> String {
    name.split(' ')
        .map(|word| {
            let mut letters = word.chars();
            letters.next().map_or_else(String::new, |first| {
                first.to_ascii_uppercase().to_string() + letters.as_str()
            })
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The matched texts of `text`, with `N` for a non-country, `A` for an agreement, `T` for a
    /// trigger and `C` for a cue, or the country's alpha-2 code.
    fn check(text: &str, expected: &[&str]) {
        let got: Vec<String> = scan(text)
            .iter()
            .map(|hit| {
                let label = match hit.tag {
                    Tag::Country(country, _) => country.alpha2().to_owned(),
                    Tag::Cue(_) => "C".to_owned(),
                    Tag::NotCountry => "N".to_owned(),
                    Tag::Agreement(kind) => kind.code().to_owned(),
                    Tag::Trigger(_) => "T".to_owned(),
                    Tag::Generic => "G".to_owned(),
                    Tag::Document => "D".to_owned(),
                    Tag::Union => "EU".to_owned(),
                };
                format!("{}={label}", &text[hit.start..hit.end])
            })
            .collect();
        assert_eq!(got, expected, "{text:?}");
    }

    #[test]
    fn longest_name_wins() {
        check("Papua New Guinea", &["Papua New Guinea=PG"]);
        check("Equatorial Guinea and Guinea-Bissau", &["Equatorial Guinea=GQ", "Guinea-Bissau=GW"]);
        check("Nigeria, not Niger", &["Nigeria=NG", "Niger=NE"]);
        check("the Dominican Republic and Dominica", &["Dominican Republic=DO", "Dominica=DM"]);
        check("South Sudan and Sudan", &["South Sudan=SS", "Sudan=SD"]);
        check("American Samoa and Samoa", &["American Samoa=AS", "Samoa=WS"]);
        check("Democratic Republic of the Congo", &["Democratic Republic of the Congo=CD"]);
        check("Republic of the Congo", &["Republic of the Congo=CG"]);
    }

    #[test]
    fn a_customs_administration_named_after_a_city_is_its_country() {
        check("Officers of Sharjah Customs met the delegation.", &["Sharjah Customs=AE"]);
        check("the Busan Customs office", &["Busan Customs=KR"]);
        // The city alone, a lower-case "customs" or a U.S. city are not countries.
        check("a flight from Sharjah", &[]);
        check("Sharjah customs", &[]);
        check("Houston Customs", &[]);
    }

    #[test]
    fn words_inside_words_are_not_matches() {
        check("a woman from Indianapolis", &[]);
        check("Omani and Iranian officials", &["Omani=OM", "Iranian=IR"]);
        check("U.S.-Cabo Verde Trade Conference", &["U.S.=US", "Cabo Verde=CV"]);
    }

    #[test]
    fn capitals_must_be_kept() {
        check("smoked turkey and fine china", &[]);
        check("Turkey and China", &["Turkey=TR", "China=CN"]);
        check("SAN JOSE, COSTA RICA", &["COSTA RICA=CR"]);
        check("the drc or the DRC", &["DRC=CD"]);
        check(
            "a CUSTOMS MUTUAL ASSISTANCE AGREEMENT",
            &["CUSTOMS MUTUAL ASSISTANCE AGREEMENT=CMAA"],
        );
        check(
            "a customs mutual assistance agreement",
            &["customs mutual assistance agreement=CMAA"],
        );
    }

    #[test]
    fn non_countries_absorb_their_country_word() {
        check("New Mexico and New Jersey", &["New Mexico=N", "New Jersey=N"]);
        check("Mexico City", &["Mexico City=N"]);
        check("Port of Spain and Spain", &["Port of Spain=N", "Spain=ES"]);
        check("the Indian Ocean", &["Indian Ocean=N"]);
    }

    #[test]
    fn demonyms_and_plurals() {
        check("Mexicans and Salvadorans", &["Mexicans=MX", "Salvadorans=SV"]);
        check("Emiratis and Swiss", &["Emiratis=AE", "Swiss=CH"]);
        check("Côte d’Ivoire", &["Côte d’Ivoire=CI"]);
    }

    #[test]
    fn agreements_and_triggers() {
        check("signed an MOU", &["signed=T", "MOU=MOU"]);
        check("CMAAs are", &["CMAAs=CMAA"]);
        check("Memoranda of Understanding", &["Memoranda of Understanding=MOU"]);
        check("entered into force", &["entered into force=T"]);
        check("signed an agreement with the EU", &["signed=T", "agreement=G", "EU=EU"]);
        check(
            "a Preclearance Agreement and a Work Plan",
            &["Preclearance Agreement=Preclearance", "Work Plan=JWP"],
        );
        check("the European Commission and the eu", &["European Commission=EU"]);
    }

    #[test]
    fn plurals_follow_english() {
        assert_eq!(plural("Mexican").as_deref(), Some("Mexicans"));
        assert_eq!(plural("Emirati").as_deref(), Some("Emiratis"));
        assert_eq!(plural("Thai").as_deref(), Some("Thais"));
        assert_eq!(plural("Chinese"), None);
        assert_eq!(plural("Swiss"), None);
        assert_eq!(plural("Dutch"), None);
        assert_eq!(plural("Seychellois"), None);
    }
}
