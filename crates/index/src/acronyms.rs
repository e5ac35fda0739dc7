//! Agency acronyms and what they stand for, expanded both ways at query time: `CMAA` also
//! searches "Customs Mutual Assistance Agreement", and the phrase also searches `CMAA`.
//!
//! The table is the one place these live; README's acronym table is written from it.

use crate::query::{Group, Term, TermKind};

/// An acronym and the phrases it stands for (the first is the canonical expansion).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Acronym {
    /// The acronym as agencies write it, e.g. `CMAA`.
    pub acronym: &'static str,
    /// The phrases it stands for, canonical first.
    pub expansions: &'static [&'static str],
}

/// Every acronym the searcher expands.
pub const ACRONYMS: &[Acronym] = &[
    acronym("CMAA", &["Customs Mutual Assistance Agreement"]),
    acronym("MRA", &["Mutual Recognition Arrangement", "Mutual Recognition Agreement"]),
    acronym("JWP", &["Joint Work Plan"]),
    acronym("MOU", &["Memorandum of Understanding"]),
    acronym("CBP", &["Customs and Border Protection"]),
    acronym("DHS", &["Department of Homeland Security"]),
    acronym("WCO", &["World Customs Organization"]),
    acronym("CTPAT", &["Customs Trade Partnership Against Terrorism"]),
    acronym("AEO", &["Authorized Economic Operator"]),
    acronym("OFO", &["Office of Field Operations"]),
    acronym("USBP", &["U.S. Border Patrol", "United States Border Patrol"]),
    acronym("AMO", &["Air and Marine Operations"]),
    acronym("ICE", &["Immigration and Customs Enforcement"]),
    acronym("TSA", &["Transportation Security Administration"]),
    acronym("NTC", &["National Targeting Center"]),
];

const fn acronym(acronym: &'static str, expansions: &'static [&'static str]) -> Acronym {
    Acronym { acronym, expansions }
}

/// The acronym entry for `word` (any case), if it is one.
pub(crate) fn find_acronym(word: &str) -> Option<&'static Acronym> {
    ACRONYMS.iter().find(|entry| entry.acronym.eq_ignore_ascii_case(word))
}

/// Adds the other spelling of every acronym or expansion in `groups`:
/// - a word that is an acronym gains its expansions as phrase alternatives;
/// - a phrase that is an expansion gains the acronym as a word alternative;
/// - consecutive single words that spell an expansion ("mutual recognition arrangement") are
///   merged into one group: the phrase, or the acronym.
///
/// `normalize` maps a word to the form the index compares (the analyzer's stem), so
/// "agreements" still spells "Customs Mutual Assistance Agreement".
pub(crate) fn expand_acronyms(
    groups: Vec<Group>,
    normalize: &dyn Fn(&str) -> String,
) -> Vec<Group> {
    let words_of = |text: &str| -> Vec<String> {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(normalize)
            .collect()
    };
    let single_word = |group: &Group| -> Option<String> {
        match group.alternatives.as_slice() {
            [term] if term.kind == TermKind::Word => Some(normalize(&term.text)),
            _ => None,
        }
    };
    let mut expanded = Vec::with_capacity(groups.len());
    let mut index = 0;
    while index < groups.len() {
        if let Some((entry, len)) = spelled_expansion(&groups[index..], &words_of, &single_word) {
            let first = &groups[index].alternatives[0];
            let text = groups[index..index + len]
                .iter()
                .map(|group| group.alternatives[0].text.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            let mut alternatives =
                vec![Term { kind: TermKind::Phrase, text, position: first.position }];
            add_acronym_alternatives(entry, first.position, &mut alternatives);
            expanded.push(Group { alternatives });
            index += len;
            continue;
        }
        let mut group = groups[index].clone();
        let mut extra = Vec::new();
        for term in &group.alternatives {
            match term.kind {
                TermKind::Word => {
                    if let Some(entry) =
                        find_acronym(term.text.trim_matches(|c: char| !c.is_alphanumeric()))
                    {
                        extra.extend(entry.expansions.iter().map(|phrase| Term {
                            kind: TermKind::Phrase,
                            text: (*phrase).to_string(),
                            position: term.position,
                        }));
                    }
                }
                TermKind::Phrase => {
                    let words = words_of(&term.text);
                    if let Some(entry) = ACRONYMS.iter().find(|entry| {
                        entry.expansions.iter().any(|phrase| words_of(phrase) == words)
                    }) {
                        add_acronym_alternatives(entry, term.position, &mut extra);
                    }
                }
                TermKind::Prefix => {}
            }
        }
        for term in extra {
            if !group.alternatives.iter().any(|existing| same_term(existing, &term)) {
                group.alternatives.push(term);
            }
        }
        expanded.push(group);
        index += 1;
    }
    expanded
}

/// The entry and the number of groups when `groups` starts with the words of an expansion.
fn spelled_expansion(
    groups: &[Group],
    words_of: &dyn Fn(&str) -> Vec<String>,
    single_word: &dyn Fn(&Group) -> Option<String>,
) -> Option<(&'static Acronym, usize)> {
    ACRONYMS.iter().find_map(|entry| {
        entry.expansions.iter().find_map(|phrase| {
            let words = words_of(phrase);
            let matches = words.len() >= 2
                && groups.len() >= words.len()
                && words
                    .iter()
                    .zip(groups)
                    .all(|(word, group)| single_word(group).as_deref() == Some(word.as_str()));
            matches.then_some((entry, words.len()))
        })
    })
}

fn add_acronym_alternatives(entry: &Acronym, position: usize, alternatives: &mut Vec<Term>) {
    alternatives.push(Term { kind: TermKind::Word, text: entry.acronym.to_string(), position });
    for phrase in entry.expansions {
        let term = Term { kind: TermKind::Phrase, text: (*phrase).to_string(), position };
        if !alternatives.iter().any(|existing| same_term(existing, &term)) {
            alternatives.push(term);
        }
    }
}

fn same_term(left: &Term, right: &Term) -> bool {
    left.kind == right.kind && left.text.eq_ignore_ascii_case(&right.text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::Query;

    /// Expands `input` and renders the groups as `a|"b c"` joined by spaces.
    fn check(input: &str, expected: &str) {
        let query = Query::parse(input).expect("valid query");
        // A crude stemmer is enough to show that normalisation is applied.
        let normalize = |word: &str| word.to_lowercase().trim_end_matches('s').to_string();
        let groups = expand_acronyms(query.groups, &normalize);
        let rendered = groups
            .iter()
            .map(|group| {
                group
                    .alternatives
                    .iter()
                    .map(|term| match term.kind {
                        TermKind::Phrase => format!("\"{}\"", term.text),
                        TermKind::Word => term.text.clone(),
                        TermKind::Prefix => format!("{}*", term.text),
                    })
                    .collect::<Vec<_>>()
                    .join("|")
            })
            .collect::<Vec<_>>()
            .join(" ");
        assert_eq!(rendered, expected, "query: {input:?}");
    }

    #[test]
    fn acronyms_expand_both_ways() {
        check("trade", "trade");
        check("CMAA", "CMAA|\"Customs Mutual Assistance Agreement\"");
        check("cmaa signings", "cmaa|\"Customs Mutual Assistance Agreement\" signings");
        check(
            "\"customs mutual assistance agreement\"",
            "\"customs mutual assistance agreement\"|CMAA",
        );
        check(
            "customs mutual assistance agreements signed",
            "\"customs mutual assistance agreements\"|CMAA|\"Customs Mutual Assistance Agreement\" signed",
        );
        check("MRA", "MRA|\"Mutual Recognition Arrangement\"|\"Mutual Recognition Agreement\"");
        check(
            "\"Mutual Recognition Agreement\"",
            "\"Mutual Recognition Agreement\"|MRA|\"Mutual Recognition Arrangement\"",
        );
        check("mutual recognition", "mutual recognition");
        check(
            "CBP OR DHS",
            "CBP|DHS|\"Customs and Border Protection\"|\"Department of Homeland Security\"",
        );
        check(
            "\"U.S. Border Patrol\"",
            "\"U.S. Border Patrol\"|USBP|\"United States Border Patrol\"",
        );
        check("ctpat*", "ctpat*");
    }

    #[test]
    fn every_acronym_has_an_expansion_of_two_words_or_more() {
        for entry in ACRONYMS {
            assert!(!entry.expansions.is_empty(), "{}", entry.acronym);
            for phrase in entry.expansions {
                assert!(phrase.split_whitespace().count() >= 2, "{phrase}");
            }
        }
        assert_eq!(find_acronym("ntc").map(|entry| entry.acronym), Some("NTC"));
    }
}
