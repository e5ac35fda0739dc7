//! The parties to an agreement: the countries (or the European Union) its evidence names, the
//! United States left out (it is the other party of every U.S. release; a foreign agency's
//! release names both of its parties). Where the evidence names none ("Earlier, Secretary
//! Johnson joined Secretary Videgaray to sign the Declaration of Principles"), the next
//! sentences that report the same agreement, then the title, then a foreign dateline say who.
//! A release that is a Joint Statement takes its parties from the sentence after its heading
//! ("The Department of Homeland Security ..., the Ministry of Justice of the Republic of El
//! Salvador, ...").
//!
//! A country named as the place of the signing is not a party ("signed at the WCO Council in
//! Brussels, Belgium"): one preceded by "in", "at" or "near", directly or after a city and a
//! comma. It still counts when no other country is named ("a preclearance agreement in
//! Ireland").

use std::ops::Range;

use super::agreement::Party;
use super::country::Country;
use super::reports::{Found, lower_words};
use super::salience::qualifies_a_place;
use super::scan::Tag;
use super::text::{Accepted, ReleaseText, Section};

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
    let mut ranges: Vec<(usize, Range<usize>)> = vec![(found.segment, evidence)];
    if found.statement {
        let segment = &text.segments[found.segment];
        let next = segment.sentences.iter().find(|range| range.start >= found.sentence.end);
        ranges.extend(next.map(|next| (found.segment, next.clone())));
    }
    ranges.extend(found.support.iter().cloned());
    if let Some(title) = text.segments.iter().position(|segment| segment.section == Section::Title)
        && title != found.segment
    {
        ranges.push((title, 0..text.segments[title].text.len()));
    }
    for (index, range) in ranges {
        let (parties, places) = named_in(text, accepted, index, &range);
        if !parties.is_empty() {
            return parties;
        }
        if !places.is_empty() {
            return places;
        }
    }
    dateline.map(Party::Country).into_iter().collect()
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
            (_, Some(country)) if !qualifies_a_place(text, index, position) => {
                Party::Country(country)
            }
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
}
