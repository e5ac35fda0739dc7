//! The parties to an agreement: the countries (or the European Union) its evidence names, the
//! United States left out (it is the other party of every U.S. release; a foreign agency's
//! release names both of its parties). Where the evidence names none ("Earlier, Secretary
//! Johnson joined Secretary Videgaray to sign the Declaration of Principles"), the next
//! sentences that report the same agreement, then the title, then a foreign dateline say who.
//! A release that is a Joint Statement takes its parties from the sentence after its heading
//! ("The Department of Homeland Security ..., the Ministry of Justice of the Republic of El
//! Salvador, ..."), or after its title: the body's first sentence ("The text of the following
//! statement was released by the Governments of the United States of America, Guatemala, and
//! Mexico").
//!
//! In an evidence sentence that names several documents, an agreement's parties are first
//! looked for in its own clause, from its name to the next document named ("the conclusion of
//! the MRA with the South African Customs, AEO MRA Action Plans with Chilean Customs and
//! Peruvian Customs, and a MOU with Saudi Arabia Customs": the MRA is South Africa's, the MOU
//! Saudi Arabia's); the whole sentence when the clause names none.
//!
//! A release that never names the United States nor a U.S. agency is a foreign agency's (Hong
//! Kong Customs, the CBSA): its own country is a party to each agreement it reports even where
//! the evidence does not name it ("The Commissioner of Customs and Excise signed an MRA with the
//! New Zealand Customs Service"). That country is the one the release names most often (at least
//! twice, more often than any other) among those that are no agreement's party.
//!
//! Where nothing names a party, the release's own subject is: the country it names most often
//! (at least twice, and more often than any other), as in remarks at a signing that say "the
//! agreement the Minister and I signed" and name Chad throughout.
//!
//! Parties named outside the evidence (round 7, kind (b)): a pair name attached to the
//! agreement's name in any sentence reporting it names both sides ("signed a Canada-Australia
//! Customs Mutual Assistance Agreement": Canada too, where the evidence, a title, named only
//! Australia); and an evidence that names its parties only by a group ("The 10 ASEAN Member
//! States signed ...") takes the list another sentence gives of that same group after "namely"
//! ("six ASEAN Member States, namely Brunei Darussalam, Indonesia, ...").
//!
//! A country named as the place of the signing is not a party ("signed at the WCO Council in
//! Brussels, Belgium"): one preceded by "in", "at" or "near", directly or after a city and a
//! comma. It still counts when no other country is named ("a preclearance agreement in
//! Ireland").

use std::ops::Range;

use super::agreement::{AgreementKind, Party};
use super::country::Country;
use super::reports::Found;
use super::scan::{Hit, Tag};
use super::text::{Accepted, ReleaseText, Section, Segment, lower_words};

/// The parties of `found`, in order of mention.
pub(crate) fn parties(
    text: &ReleaseText<'_>,
    accepted: &Accepted,
    found: &Found,
    dateline: Option<Country>,
) -> Vec<Party> {
    let evidence = match &found.antecedent {
        Some(before) => before.start..found.sentence.end,
        None => found.sentence.clone(),
    };
    let mut ranges: Vec<(usize, Range<usize>)> = Vec::new();
    // The parties that sign every document of the sentence: named before the first document,
    // with the verb that signs them ("Hong Kong Customs ... sign the CCA and the AEO MRA with
    // ... Macao Customs").
    let mut shared = Vec::new();
    if found.antecedent.is_none()
        && let Some(clause) = clause(text, found)
    {
        let segment = &text.segments[found.segment];
        let first_document = segment
            .hits_in(&found.sentence)
            .map(|(_, hit)| hit)
            .find(|hit| matches!(hit.tag, Tag::Agreement(_) | Tag::Document | Tag::Generic))
            .map_or(found.at, |hit| hit.start);
        let head = found.sentence.start..first_document.min(found.at);
        let acts = segment.hits_in(&head).any(|(_, hit)| matches!(hit.tag, Tag::Trigger(_)));
        // A plural names one document per counterpart; its signer is the release's issuer.
        if acts && !found.plural && !named_in(text, accepted, found.segment, &clause).0.is_empty() {
            shared = named_in(text, accepted, found.segment, &head).0;
        }
        ranges.push((found.segment, clause));
    }
    ranges.push((found.segment, evidence.clone()));
    // The evidence names its parties by a group ("The 10 ASEAN Member States signed ..."):
    // the list another sentence gives of that group ("six ASEAN Member States, namely ...").
    ranges.extend(listed(text, found.segment, &evidence));
    if found.statement {
        let segment = &text.segments[found.segment];
        let next = segment.sentences.iter().find(|range| range.start >= found.sentence.end);
        match next {
            Some(next) => ranges.push((found.segment, next.clone())),
            None => {
                // The title names the statement: the body's first sentence says who issued it.
                let body =
                    text.segments.iter().position(|segment| segment.section == Section::Body);
                let first = body.and_then(|index| {
                    text.segments[index].sentences.first().map(|first| (index, first.clone()))
                });
                ranges.extend(first);
            }
        }
    }
    for (index, sentence) in &found.support {
        ranges.extend(support_clause(text, found, *index, sentence).map(|clause| (*index, clause)));
        ranges.push((*index, sentence.clone()));
    }
    if let Some(title) = text.segments.iter().position(|segment| segment.section == Section::Title)
        && title != found.segment
    {
        ranges.push((title, 0..text.segments[title].text.len()));
    }
    let mut named = first_named(text, accepted, &ranges)
        .or_else(|| dateline.map(|country| vec![Party::Country(country)]))
        .unwrap_or_else(|| dominant(accepted).map(Party::Country).into_iter().collect());
    for party in shared {
        if !named.contains(&party) {
            named.push(party);
        }
    }
    // A pair name attached to the agreement in a sentence reporting it names both parties.
    if !found.plural {
        let reporting = std::iter::once((found.segment, found.sentence.clone()))
            .chain(found.support.iter().cloned());
        for (index, sentence) in reporting {
            for party in paired(&text.segments[index], &sentence, found) {
                if !named.contains(&party) {
                    named.push(party);
                }
            }
        }
    }
    named
}

/// The parties (else the places) named in the first of `ranges` that names any.
fn first_named(
    text: &ReleaseText<'_>,
    accepted: &Accepted,
    ranges: &[(usize, Range<usize>)],
) -> Option<Vec<Party>> {
    ranges.iter().find_map(|(index, range)| {
        let (parties, places) = named_in(text, accepted, *index, range);
        if !parties.is_empty() {
            Some(parties)
        } else if !places.is_empty() {
            Some(places)
        } else {
            None
        }
    })
}

/// Group nouns by which a sentence can name the parties it lists elsewhere.
const GROUPS: &[&str] =
    &["states", "countries", "economies", "nations", "administrations", "members"];

/// The list, after "namely", that another sentence of segment `index` gives of a group the
/// `evidence` names: "six ASEAN Member States, namely Brunei Darussalam, Indonesia, ...". The
/// group noun must be the same ("States" and "States"), within three words before "namely".
fn listed(
    text: &ReleaseText<'_>,
    index: usize,
    evidence: &Range<usize>,
) -> Option<(usize, Range<usize>)> {
    let segment = &text.segments[index];
    let said = &segment.text[evidence.clone()];
    let groups: Vec<&str> = GROUPS
        .iter()
        .copied()
        .filter(|group| {
            said.split(|c: char| !c.is_alphanumeric()).any(|word| word.eq_ignore_ascii_case(group))
        })
        .collect();
    if groups.is_empty() {
        return None;
    }
    segment.text.match_indices("namely").find_map(|(at, _)| {
        let sentence = segment.sentence_at(at)?;
        let before: Vec<&str> = segment.text[sentence.start..at]
            .split(|c: char| !c.is_alphanumeric())
            .filter(|word| !word.is_empty())
            .collect();
        let near = &before[before.len().saturating_sub(3)..];
        near.iter()
            .any(|word| groups.iter().any(|group| word.eq_ignore_ascii_case(group)))
            .then_some((index, at..sentence.end))
    })
}

/// The countries of a pair name ("Canada-Australia", "the Australia-Singapore") attached to a
/// name of `found`'s type in `sentence`: two country matches joined by a hyphen or a dash, the
/// type's name right after the second. The United States is never a party.
fn paired(segment: &Segment<'_>, sentence: &Range<usize>, found: &Found) -> Vec<Party> {
    let hits: Vec<&Hit> = segment.hits_in(sentence).map(|(_, hit)| hit).collect();
    let mut pairs = Vec::new();
    for window in hits.windows(3) {
        let [first, second, name] = window else { continue };
        let (Tag::Country(one, _), Tag::Country(other, _)) = (first.tag, second.tag) else {
            continue;
        };
        let joined = matches!(segment.text[first.end..second.start].trim(), "-" | "–" | "—");
        let attached = segment.text[second.end..name.start].trim().is_empty();
        if joined && attached && name.tag == Tag::Agreement(found.kind) {
            for country in [one, other] {
                let party = Party::Country(country);
                if country.alpha2() != "US" && !pairs.contains(&party) {
                    pairs.push(party);
                }
            }
        }
    }
    pairs
}

/// Whether `text` names the United States or one of its border agencies anywhere.
pub(crate) fn names_united_states(text: &ReleaseText<'_>) -> bool {
    const AGENCIES: &[&str] = &[
        "CBP",
        "DHS",
        "HSI",
        "Homeland Security",
        "Customs and Border Protection",
        "Immigration and Customs Enforcement",
        "State Department",
        "Department of State",
    ];
    text.segments.iter().any(|segment| {
        segment
            .hits
            .iter()
            .any(|hit| matches!(hit.tag, Tag::Country(country, _) if country.alpha2() == "US"))
            || AGENCIES.iter().any(|agency| segment.text.contains(agency))
    })
}

/// How many words may separate the two U.S. bodies joined by "and" in [`joins_two_us_bodies`].
const US_BODY_WORDS: usize = 8;

/// Whether `evidence` joins two U.S. bodies with "and" as the ones acting: "The U.S. Coast
/// Guard and the U.S. Agency for International Development ... signed an MOU", "United States
/// Agency for International Development and United States Customs and Border Protection Sign
/// Memorandum of Understanding". A document between two U.S. agencies has no foreign party, and
/// the facet is about agreements with other countries.
pub(crate) fn joins_two_us_bodies(evidence: &str) -> bool {
    let words: Vec<&str> = evidence.split_whitespace().collect();
    let is_us = |at: usize| {
        words.get(at).is_some_and(|word| {
            *word == "U.S." || (*word == "United" && words.get(at + 1) == Some(&"States"))
        })
    };
    (0..words.len()).filter(|&at| is_us(at)).any(|first| {
        (first + 1..words.len().min(first + 1 + US_BODY_WORDS))
            .filter(|&and| words[and] == "and")
            .any(|and| is_us(and + 1) || (words.get(and + 1) == Some(&"the") && is_us(and + 2)))
    })
}

/// The country of a foreign agency's release (see the module docs): named most often, at least
/// twice and more often than any other, among the countries that are not in `taken` (the
/// parties of its agreements).
pub(crate) fn issuer(accepted: &Accepted, taken: &[Party]) -> Option<Country> {
    let rest: Accepted = accepted
        .iter()
        .map(|hits| {
            hits.iter()
                .map(|country| country.filter(|country| !taken.contains(&Party::Country(*country))))
                .collect()
        })
        .collect();
    dominant(&rest)
}

/// The clause of `found` in its evidence sentence when the sentence names another document:
/// from its name to the next document named, or to the sentence's end.
fn clause(text: &ReleaseText<'_>, found: &Found) -> Option<Range<usize>> {
    clause_in(text, found, found.segment, &found.sentence, found.at)
}

/// [`clause`] in another sentence reporting `found` (a support): from the first name of its
/// type there.
fn support_clause(
    text: &ReleaseText<'_>,
    found: &Found,
    index: usize,
    sentence: &Range<usize>,
) -> Option<Range<usize>> {
    let segment = &text.segments[index];
    let at = segment
        .hits_in(sentence)
        .map(|(_, hit)| hit)
        .find(|hit| hit.tag == Tag::Agreement(found.kind))?
        .start;
    clause_in(text, found, index, sentence, at)
}

/// The clause from `at` in `sentence` of segment `index` to the next other document named,
/// when the sentence names one.
fn clause_in(
    text: &ReleaseText<'_>,
    found: &Found,
    index: usize,
    sentence: &Range<usize>,
    at: usize,
) -> Option<Range<usize>> {
    let segment = &text.segments[index];
    // A memorandum typed by its purpose is named by the memorandum's words (and acronym).
    let other = |hit: &&Hit| match hit.tag {
        Tag::Agreement(kind) => {
            kind != found.kind && !(found.by_purpose && kind == AgreementKind::Mou)
        }
        Tag::Document => true,
        _ => false,
    };
    let mut others = segment.hits_in(sentence).map(|(_, hit)| hit).filter(other).peekable();
    others.peek()?;
    let end = others.find(|hit| hit.start > at).map_or(sentence.end, |hit| hit.start);
    Some(at..end)
}

/// The country `text` names most often, when it is named at least twice and more often than
/// any other.
fn dominant(accepted: &Accepted) -> Option<Country> {
    let mut counts: Vec<(Country, usize)> = Vec::new();
    for country in accepted.iter().flatten().flatten() {
        match counts.iter_mut().find(|(seen, _)| seen == country) {
            Some((_, count)) => *count += 1,
            None => counts.push((*country, 1)),
        }
    }
    counts.sort_by_key(|(_, count)| std::cmp::Reverse(*count));
    match counts.as_slice() {
        [(country, count), rest @ ..]
            if *count >= 2 && rest.first().is_none_or(|(_, next)| next < count) =>
        {
            Some(*country)
        }
        _ => None,
    }
}

/// The parties named in `range` of segment `index`, and apart the countries named as places.
fn named_in(
    text: &ReleaseText<'_>,
    accepted: &Accepted,
    index: usize,
    range: &Range<usize>,
) -> (Vec<Party>, Vec<Party>) {
    let segment = &text.segments[index];
    let (mut parties, mut places) = (Vec::new(), Vec::new());
    for (position, hit) in segment.hits_in(range) {
        let party = match (hit.tag, accepted[index][position]) {
            (Tag::Union, _) => Party::EuropeanUnion,
            (_, Some(country)) => Party::Country(country),
            _ => continue,
        };
        let place = is_place(&segment.text[range.start..hit.start]);
        let list = if place { &mut places } else { &mut parties };
        if !list.contains(&party) {
            list.push(party);
        }
    }
    places.retain(|place| !parties.contains(place));
    (parties, places)
}

/// Whether the text before a country makes it a place: "in", "at", "near" right before it
/// (after "the"), or before a city and a comma ("in Brussels, Belgium").
fn is_place(before: &str) -> bool {
    let mut head = before.trim_end();
    if let Some(city) = head.strip_suffix(',') {
        // Drop the city: its capitalised words.
        let words: Vec<&str> = city.split_whitespace().collect();
        let kept = words.iter().rev().skip_while(|word| word.starts_with(char::is_uppercase));
        let count = kept.count();
        let joined = words[..count].join(" ");
        return lower_words(&joined).last().is_some_and(|word| is_place_word(word));
    }
    head = head.strip_suffix("the").or_else(|| head.strip_suffix("The")).unwrap_or(head);
    lower_words(head).last().is_some_and(|word| is_place_word(word))
}

fn is_place_word(word: &str) -> bool {
    matches!(word, "in" | "at" | "near")
}

#[cfg(test)]
mod tests {
    use crate::enrich::testing::release;

    /// (code, parties) of each agreement found in a release with `title` and `body`.
    fn check(title: &str, body: &str, expected: &[(&str, &[&str])]) {
        let mut press_release = release(title, body);
        crate::enrich::enrich(&mut press_release);
        let got: Vec<(String, Vec<String>)> = press_release
            .agreements
            .iter()
            .map(|agreement| {
                let parties = agreement.parties.iter().map(|party| party.code().to_owned());
                (agreement.kind.code().to_owned(), parties.collect())
            })
            .collect();
        let expected: Vec<(String, Vec<String>)> = expected
            .iter()
            .map(|(code, parties)| {
                ((*code).to_owned(), parties.iter().map(|party| (*party).to_owned()).collect())
            })
            .collect();
        assert_eq!(got, expected, "{title:?} / {body:?}");
    }

    #[test]
    fn a_customs_assistance_agreement_named_with_its_co_operation_is_a_cmaa() {
        check(
            "News",
            "An agreement on cooperation and mutual assistance in customs matters was signed today by Chile and Peru.",
            &[("CMAA", &["CL", "PE"])],
        );
        check(
            "News",
            "Chile and Peru signed the Co-operative and Mutual Assistance Arrangement today.",
            &[("CMAA", &["CL", "PE"])],
        );
    }

    #[test]
    fn a_document_between_two_us_agencies_is_no_agreement() {
        check(
            "News",
            "The U.S. Marshals Service and the U.S. Secret Service signed an MOU on Tuesday.",
            &[],
        );
        check(
            "United States Fish and Wildlife Service and United States Forest Service Sign MOU",
            "",
            &[],
        );
        // With a foreign party, or one U.S. body, it is one.
        check(
            "News",
            "The U.S. Coast Guard and the Chilean Navy signed an MOU on Tuesday.",
            &[("MOU", &["CL"])],
        );
    }

    #[test]
    fn parties_come_from_the_evidence() {
        check("U.S., Israel Sign Mutual Recognition Arrangement", "", &[("MRA", &["IL"])]);
        check(
            "News",
            "The MRA between Singapore and Hong Kong was signed in Brussels, Belgium, on 27 June 2023.",
            &[("MRA", &["SG", "HK"])],
        );
        check(
            "News",
            "The Commissioner signed a joint statement with the European Commission today.",
            &[("JSD", &["EU"])],
        );
        check(
            "News",
            "CBP signed a preclearance agreement in Ireland today.",
            &[("Preclearance", &["IE"])],
        );
    }

    #[test]
    fn plural_agreements_are_one_per_party() {
        check(
            "News",
            "The United States signed two Customs Mutual Assistance Agreements today with Bolivia and with Georgia.",
            &[("CMAA", &["BO"]), ("CMAA", &["GE"])],
        );
    }

    #[test]
    fn without_a_party_in_the_evidence_look_further() {
        check(
            "Napolitano and Mexican Finance Secretary sign accord",
            "Today we have signed an agreement on customs. This document is called a letter of intent.",
            &[("LOI", &["MX"])],
        );
        check(
            "News",
            "Earlier, the Secretary joined the Minister to sign the Declaration of Principles. \
             \"The Declaration of Principles we signed today reaffirms the commitment of the United States and Mexico,\" he said.",
            &[("JSD", &["MX"])],
        );
    }

    #[test]
    fn each_document_of_a_sentence_has_its_own_clause() {
        check(
            "News",
            "The Commissioner concluded the MRA with the South African Customs, MRA Action Plans with Chilean Customs, and a Memorandum of Understanding (MOU) with Saudi Arabia Customs.",
            &[("MRA", &["ZA"]), ("MOU", &["SA"])],
        );
        check(
            "Hong Kong Customs signs MRAs with Israel and Canada and Action Plan with Indonesia",
            "",
            &[("MRA", &["IL"]), ("MRA", &["CA"])],
        );
        // A later sentence that names several documents gives each its own clause too.
        check(
            "New AEO Mutual Recognition Arrangements signed",
            "CBP signed an AEO Mutual Recognition Arrangement (MRA) with Uruguay and also signed \
             a Joint Work Plan (JWP) with Guatemala and Colombia.",
            &[("MRA", &["UY"]), ("JWP", &["GT", "CO"])],
        );
        // Who signs every document of the sentence is a party to each.
        check(
            "News",
            "Chile's customs director visited Peru Customs today to sign the Joint Work Plan and \
             the AEO Mutual Recognition Arrangement (MRA) with Peru's customs chief.",
            &[("JWP", &["CL", "PE"]), ("MRA", &["PE", "CL"])],
        );
    }

    #[test]
    fn a_pair_name_attached_to_the_agreement_names_both_parties() {
        check(
            "Ministry announces Mutual Recognition Arrangement with Peru",
            "Officials of the two signed a Chile-Peru Mutual Recognition Arrangement in Lima today.",
            &[("MRA", &["PE", "CL"])],
        );
        check("News", "The Australia–Singapore MRA was signed today.", &[("MRA", &["AU", "SG"])]);
        // A pair name not attached to the agreement's name is no party.
        check(
            "News",
            "Chile signed an MRA with Bolivia today. The MRA was signed at the Chile-Peru trade dialogue.",
            &[("MRA", &["CL", "BO"])],
        );
    }

    #[test]
    fn a_group_named_in_the_evidence_takes_its_list_from_namely() {
        check(
            "News",
            "The Andean Member States signed the MRA today. Four Member States, namely Peru, Chile, Bolivia and Ecuador, will start first.",
            &[("MRA", &["PE", "CL", "BO", "EC"])],
        );
        // Another group's list is not the parties'.
        check(
            "News",
            "The Andean Member States signed the MRA today with Peru. Four economies, namely Chile, Bolivia and Ecuador, trade most.",
            &[("MRA", &["PE"])],
        );
    }

    #[test]
    fn a_statement_named_in_the_title_takes_its_parties_from_the_body() {
        check(
            "Joint Statement on Migration",
            "The text of the following statement was released by the Governments of the United States, Guatemala, and Mexico.",
            &[("JSD", &["GT", "MX"])],
        );
    }

    #[test]
    fn a_foreign_release_adds_its_own_country() {
        check(
            "News",
            "The Commissioner of Customs and Excise signed an MRA with the New Zealand Customs Service yesterday. Hong Kong traders will benefit. Hong Kong Customs welcomed it.",
            &[("MRA", &["NZ", "HK"])],
        );
        // Not when the release names the United States.
        check(
            "News",
            "CBP signed an MRA with the New Zealand Customs Service. Hong Kong traders and Hong Kong Customs watched.",
            &[("MRA", &["NZ"])],
        );
    }

    #[test]
    fn with_no_party_named_the_release_subject_is() {
        check(
            "Signature of Memorandum of Understanding",
            "It is a privilege to sign this with the Minister. Chad is a partner. We will help Chad.",
            &[("MOU", &["TD"])],
        );
    }
}
