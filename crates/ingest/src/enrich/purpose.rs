//! An agreement named by what it is for: a generic "agreement", "arrangement" or "accord", or a
//! memorandum, whose purpose clause names a type (`reports.rs` uses it). Decided in
//! `tests/fixtures/labels/real/LABELLING.md` section 3: a document named by two kinds gets the
//! more specific, so a Memorandum of Understanding on preclearance is a Preclearance agreement,
//! one on mutual (administrative) assistance in customs matters a CMAA, one on the mutual
//! recognition of trusted-trader programmes an MRA.

use super::agreement::AgreementKind;
use super::text::lower_words;

/// Words that join the names of a formal title and its subject; they do not count towards the
/// purpose's reach.
const JOINING: &[&str] = &[
    "a",
    "an",
    "the",
    "of",
    "and",
    "on",
    "in",
    "between",
    "regarding",
    "concerning",
    "for",
    "with",
    "to",
    "its",
    "their",
];

/// The type an agreement's purpose clause (the text after "agreement" or "memorandum") names:
/// preclearance or recognizing each other's trusted-trader programs or operators (an MRA) among
/// its first twelve words; mutual (administrative) assistance among its first eight words that
/// are neither names nor joining words, in a release about customs (`customs`, asked only then):
/// a CMAA ("a Memorandum of Understanding regarding cooperation and mutual administrative
/// assistance in Customs matters", "an agreement in Beijing on Sunday on mutual assistance and
/// cooperation between their customs departments", "a memorandum of understanding between the
/// governments of Belarus and the Federal Republic of Nigeria on cooperation and mutual
/// assistance in customs matters"; not "mutual legal assistance", nor "mutual-assistance
/// arrangements for ... Ports", an adjective of other documents).
pub(crate) fn purpose(clause: &str, customs: &dyn Fn() -> bool) -> Option<AgreementKind> {
    let words = lower_words(clause);
    let near = &words[..words.len().min(12)];
    if near.iter().any(|word| word.contains("preclearance") || word == "pre") {
        let joined = near.join(" ");
        if joined.contains("preclearance") || joined.contains("pre clearance") {
            return Some(AgreementKind::Preclearance);
        }
    }
    let recognizes = near.iter().any(|word| word.starts_with("recogni"));
    let programs = near.iter().any(|word| {
        word.starts_with("program")
            || word.starts_with("operator")
            || word.starts_with("trader")
            || matches!(word.as_str(), "aeo" | "aeos")
    });
    if recognizes && programs {
        return Some(AgreementKind::Mra);
    }
    // Written apart, "mutual" then "assistance" or "administrative assistance", within eight
    // words that are neither names (capitalised: the parties of a formal title) nor the words
    // that join them ("between the governments of ... and ... on cooperation and mutual ...").
    let mut content = 0;
    let spaced: Vec<&str> = clause
        .split_whitespace()
        .map(|word| word.trim_matches(|c: char| !c.is_alphanumeric() && c != '-'))
        .take_while(|word| {
            let joins = JOINING.iter().any(|joining| word.eq_ignore_ascii_case(joining));
            content += usize::from(!word.starts_with(char::is_uppercase) && !joins);
            content <= 8
        })
        .collect();
    let is =
        |at: usize, word: &str| spaced.get(at).is_some_and(|got| got.eq_ignore_ascii_case(word));
    let assists = (0..spaced.len()).any(|at| {
        is(at, "mutual")
            && (is(at + 1, "assistance")
                || (is(at + 1, "administrative") && is(at + 2, "assistance")))
    });
    (assists && customs()).then_some(AgreementKind::Cmaa)
}

/// Whether `text` names customs ("Customs", "customs"), compared in place.
pub(crate) fn mentions_customs(text: &str) -> bool {
    text.as_bytes().windows(7).any(|window| window.eq_ignore_ascii_case(b"customs"))
}

#[cfg(test)]
mod tests {
    use crate::enrich::testing::release;

    /// The codes and parties found in a release with `title` and `body`.
    fn found(title: &str, body: &str) -> Vec<(&'static str, Vec<String>)> {
        let mut press_release = release(title, body);
        crate::enrich::enrich(&mut press_release);
        press_release
            .agreements
            .iter()
            .map(|agreement| {
                let parties = agreement.parties.iter().map(|party| party.code().to_owned());
                (agreement.kind.code(), parties.collect())
            })
            .collect()
    }

    fn codes(title: &str, body: &str) -> Vec<&'static str> {
        found(title, body).into_iter().map(|(code, _)| code).collect()
    }

    #[test]
    fn a_memorandum_on_mutual_assistance_in_customs_matters_is_a_cmaa() {
        assert_eq!(
            codes(
                "News",
                "Peru Customs signed a Memorandum of Understanding (MOU) on 4 May regarding \
                 co-operation and mutual administrative assistance in customs matters with Chile."
            ),
            ["CMAA"]
        );
        // The parties of a formal title are names: they do not push the purpose out of reach.
        assert_eq!(
            codes(
                "News",
                "A memorandum of understanding between the governments of the Republic of Peru \
                 and the Republic of Chile on cooperation and mutual assistance in customs \
                 matters was signed today."
            ),
            ["CMAA"]
        );
        // A generic agreement by the same purpose.
        assert_eq!(
            codes(
                "News",
                "Chile and Peru signed an agreement in Lima on Sunday on mutual assistance \
                 and cooperation between their customs services."
            ),
            ["CMAA"]
        );
        // Not legal assistance, not an adjective of other arrangements, not outside customs.
        assert_eq!(
            codes(
                "News",
                "Chile and Peru signed an MOU on mutual legal assistance in customs cases."
            ),
            ["MOU"]
        );
        assert_eq!(
            codes(
                "News",
                "Both customs services signed a memorandum on co-operative and mutual-assistance \
                 arrangements for the bridge ports."
            ),
            ["MOU"]
        );
        assert_eq!(
            codes(
                "News",
                "The two fire services signed an MOU on mutual assistance in emergencies."
            ),
            ["MOU"]
        );
    }

    #[test]
    fn a_memorandum_on_mutual_recognition_is_an_mra_and_a_road_map_is_not() {
        assert_eq!(
            codes(
                "News",
                "Chan signed the MOU on the Mutual Recognition of Authorized Economic Operator \
                 Programmes with Saudi Arabia."
            ),
            ["MRA"]
        );
        assert_eq!(
            codes(
                "News",
                "Chile and Peru signed an agreement to mutually recognize their authorized \
                 economic operators."
            ),
            ["MRA"]
        );
        assert_eq!(
            codes(
                "News",
                "Chile and Peru signed an MOU for a road map to apply bilateral recognition of \
                 AEO status."
            ),
            ["MOU"]
        );
    }

    #[test]
    fn memoranda_named_by_purpose_elsewhere_are_not_counted_again_as_mous() {
        let body = "Commissioner Chan signed memorandums of understanding with Chile and Peru. \
                    He signed the MOU on the Mutual Recognition of Authorized Economic Operator \
                    Programmes with Chile on June 26. On June 27, he also signed the MOU \
                    Regarding Cooperation and Mutual Administrative Assistance with Peru's \
                    revenue service.";
        let got = found("Customs news", body);
        assert_eq!(got, [("MRA", vec!["CL".to_owned()]), ("CMAA", vec!["PE".to_owned()])]);
    }

    #[test]
    fn a_memorandum_named_briefly_elsewhere_lends_its_sentences() {
        // The caption names the purpose; the body's "today" dates the same memorandum.
        let mut press_release = release(
            "News",
            "Chile Customs and Peru Customs sign a memorandum of understanding on co-operation \
             and mutual assistance.\n\nHe signed the memorandum of understanding with Peru's \
             commissioner in Santiago today.",
        );
        crate::enrich::enrich(&mut press_release);
        let got: Vec<_> = press_release
            .agreements
            .iter()
            .map(|agreement| {
                (agreement.kind.code(), agreement.event_date.map(|day| day.to_string()))
            })
            .collect();
        assert_eq!(got, [("CMAA", Some("2023-09-18".to_owned()))]);
    }

    #[test]
    fn a_memorandum_on_implementing_an_agreement_stays_an_mou() {
        assert_eq!(
            codes(
                "News",
                "Chile and Peru signed the Memorandum of Understanding on the implementation of \
                 the agreement on cooperation and mutual administrative assistance in customs \
                 matters."
            ),
            ["MOU"]
        );
    }
}
