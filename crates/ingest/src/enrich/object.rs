//! Whether a type named in a sentence that reports a signing is the document signed (the object
//! of the signing verb) or only what that document is about (round 7, kind (a)):
//! - *the goal of another document*: a type named after a goal phrase ("pathway to", "towards",
//!   "with a view to", "paving the way for") that follows another document the verb takes is
//!   where that document leads, not what was signed ("signed a joint work plan, establishing a
//!   pathway to signing a mutual recognition agreement": the JWP was signed, the MRA not);
//! - *the subject of another document*: a type named right after a document noun and "of",
//!   "for" or "on" ("the Action Plan of the MRA", "a communiqué on ..."), or after
//!   "the implementation of" / "implementing" ("a Joint Communiqué on the implementation of the
//!   Joint Declaration", "a plan for implementing a Memorandum of Understanding"), is that
//!   document's subject;
//! - *the title against the lead*: when the title reports a type but the lead (the body's first
//!   sentence) signs another document and names no document of that type ("China Customs Signs
//!   AEO Mutual Recognition Arrangement" over "the delegation signed the Action Plan of AEO
//!   Mutual Recognition"), the lead's object wins: the title's words name the same signing
//!   loosely, and the type is dropped unless a later sentence reports it.
//!
//! - *a type named after a determiner refers back*: a sentence that opens with "The" or "This",
//!   at most two capitalised words and a type ("The Customs Mutual Administrative Assistance
//!   Agreement (CMAA) was signed ...", "This MOU ...") names the type of the generic agreement
//!   ("a cooperation agreement ... comes into effect") the sentence before reported, as "This
//!   document is ..." does (round 9).
//!
//! The rules read the words around a match only (ASCII case folded in place); they never take
//! a type away from a sentence whose verb takes it directly ("signed an MRA and a JWP").

use std::ops::Range;

use super::scan::{Hit, Tag};
use super::text::{ReleaseText, Section, Segment, lower_words};

/// Phrases that make what follows them the goal of the document named before them.
const GOALS: &[&str] = &[
    "pathway to",
    "pathway towards",
    "path to",
    "path towards",
    "way to",
    "way for",
    "towards",
    "toward",
    "with a view to",
    "leading to",
    "lead to",
    "prelude to",
    "step to",
    "steps to",
    "road to",
];

/// Nouns of documents that have a subject: "the Action Plan of", "a communiqué on".
const SUBJECT_DOCUMENTS: &[&str] = &[
    "plan",
    "plans",
    "communique",
    "communiqué",
    "communiques",
    "communiqués",
    "roadmap",
    "map",
    "report",
    "minutes",
    "study",
];

/// Whether the agreement named by `hits[position]` in `sentence` of `segment` is the goal or the
/// subject of another document rather than the document itself.
pub(crate) fn is_not_the_object(
    segment: &Segment<'_>,
    hits: &[&Hit],
    position: usize,
    sentence_start: usize,
) -> bool {
    let hit = hits[position];
    let phrase_start =
        position.checked_sub(1).map_or(sentence_start, |previous| hits[previous].end);
    is_subject(&segment.text[phrase_start..hit.start]) || is_goal(segment, hits, position)
}

/// Whether the words right before an agreement's name (`phrase`, since the previous match)
/// make it the subject of another document: "the Action Plan of", "a communiqué on the
/// implementation of the", "a plan for implementing a".
pub(crate) fn is_subject(phrase: &str) -> bool {
    let words: Vec<&str> =
        phrase.split(|c: char| !c.is_alphanumeric()).filter(|word| !word.is_empty()).collect();
    // Drop the article before the name.
    let end = match words.last() {
        Some(word)
            if ["the", "a", "an", "its", "their"].iter().any(|a| word.eq_ignore_ascii_case(a)) =>
        {
            words.len() - 1
        }
        _ => words.len(),
    };
    let words = &words[..end];
    let is = |at: usize, list: &[&str]| {
        words.get(at).is_some_and(|word| list.iter().any(|item| word.eq_ignore_ascii_case(item)))
    };
    let Some(last) = words.len().checked_sub(1) else { return false };
    // "implementing a MoU", "the implementation of the Joint Declaration".
    if is(last, &["implementing"])
        || (last >= 1 && is(last, &["of"]) && is(last - 1, &["implementation"]))
    {
        return true;
    }
    // "the Action Plan of the MRA", "a communiqué on", "a plan for".
    last >= 1 && is(last, &["of", "for", "on"]) && is(last - 1, SUBJECT_DOCUMENTS)
}

/// Whether the agreement named by `hits[position]` is the goal of a document named before it:
/// a goal phrase lies between that document and it, after the sentence's first trigger.
fn is_goal(segment: &Segment<'_>, hits: &[&Hit], position: usize) -> bool {
    let Some(trigger) = hits[..position].iter().position(|hit| matches!(hit.tag, Tag::Trigger(_)))
    else {
        return false;
    };
    let Some(document) = hits[trigger + 1..position]
        .iter()
        .position(|hit| matches!(hit.tag, Tag::Agreement(_) | Tag::Document))
        .map(|at| hits[trigger + 1 + at])
    else {
        return false;
    };
    let between = &segment.text[document.end..hits[position].start];
    contains_phrase(between, GOALS)
}

/// Whether `text` holds one of `phrases` as whole words, ASCII case folded.
fn contains_phrase(text: &str, phrases: &[&str]) -> bool {
    let bytes = text.as_bytes();
    phrases.iter().any(|phrase| {
        let needle = phrase.as_bytes();
        (0..bytes.len().saturating_sub(needle.len() - 1)).any(|at| {
            bytes[at..at + needle.len()].eq_ignore_ascii_case(needle)
                && (at == 0 || !bytes[at - 1].is_ascii_alphanumeric())
                && bytes.get(at + needle.len()).is_none_or(|next| !next.is_ascii_alphanumeric())
        })
    })
}

/// Whether the lead sentence `lead` of `segment` signs another document: a trigger whose next
/// match, at most three words on, is a document of no labelled kind ("signed the Action Plan
/// of ..."), and names no document of a labelled kind.
fn lead_signs_another_document(segment: &Segment<'_>, lead: &Range<usize>) -> bool {
    let hits: Vec<&Hit> = segment.hits_in(lead).map(|(_, hit)| hit).collect();
    let names_a_type = hits.iter().any(|hit| matches!(hit.tag, Tag::Agreement(_)));
    !names_a_type
        && hits.iter().enumerate().any(|(at, hit)| {
            matches!(hit.tag, Tag::Trigger(_))
                && hits.get(at + 1).is_some_and(|next| {
                    next.tag == Tag::Document
                        && segment.text[hit.end..next.start].split_whitespace().count() <= 3
                })
        })
}

/// The title's segment, when the title yields to the lead (see the module docs): the body's
/// first sentence signs another document and names no type, so a type whose evidence is the
/// title keeps only its later reports, or is dropped (`reports.rs`).
pub(crate) fn title_yields_to_lead(text: &ReleaseText<'_>) -> Option<usize> {
    let title = text.segments.iter().position(|segment| segment.section == Section::Title)?;
    let (body, lead) = text.segments.iter().enumerate().find_map(|(index, segment)| {
        (segment.section == Section::Body)
            .then(|| segment.sentences.first().map(|lead| (index, lead)))?
    })?;
    lead_signs_another_document(&text.segments[body], lead).then_some(title)
}

/// Whether a sentence that names a type (`before`: its words up to the first one) refers back to
/// the agreement the sentence before reported without naming its type: "This document is ...",
/// "The agreement is ...", "It is ...", or the type's own name after a determiner ("The Customs
/// Mutual Administrative Assistance Agreement (CMAA) was signed ...").
pub(crate) fn refers_back(sentence: &str, before: &str) -> bool {
    refers_back_generically(sentence) || opens_with(before)
}

fn refers_back_generically(sentence: &str) -> bool {
    let words = lower_words(sentence);
    matches!(words.first().map(String::as_str), Some("this" | "that" | "it" | "the"))
        && words.get(1).is_some_and(|word| {
            matches!(
                word.as_str(),
                "document" | "agreement" | "arrangement" | "accord" | "is" | "was" | "one"
            )
        })
}

/// Whether the words before a sentence's first type are only a determiner and the capitalised
/// start of its name: "The Customs Mutual Administrative Assistance Agreement (CMAA) was signed
/// ...", "This MOU ..." name the document the sentence before reported.
fn opens_with(before: &str) -> bool {
    let mut words = before.split(|c: char| !c.is_alphanumeric()).filter(|word| !word.is_empty());
    words
        .next()
        .is_some_and(|word| word.eq_ignore_ascii_case("the") || word.eq_ignore_ascii_case("this"))
        && words.clone().count() <= 2
        && words.all(|word| word.starts_with(|c: char| c.is_uppercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The codes found in a release with `title` and `body`.
    fn codes(title: &str, body: &str) -> Vec<&'static str> {
        let mut press_release = crate::enrich::testing::release(title, body);
        crate::enrich::enrich(&mut press_release);
        press_release.agreements.iter().map(|agreement| agreement.kind.code()).collect()
    }

    #[test]
    fn a_goal_of_the_document_signed_is_not_signed() {
        assert_eq!(
            codes(
                "News",
                "Peru and Chile signed a joint work plan today, establishing a pathway to signing a mutual recognition arrangement."
            ),
            ["JWP"]
        );
        assert_eq!(
            codes(
                "News",
                "Officials from Peru signed an MOU towards a Customs Mutual Assistance Agreement."
            ),
            ["MOU"]
        );
        // Both signed: no goal phrase between them.
        assert_eq!(
            codes("News", "Peru signed a joint work plan and a mutual recognition arrangement."),
            ["JWP", "MRA"]
        );
    }

    #[test]
    fn a_subject_of_another_document_is_not_signed() {
        assert_eq!(
            codes("Joint Communique on the implementation of the Joint Declaration of 2 May", ""),
            Vec::<&str>::new()
        );
        assert_eq!(
            codes(
                "News",
                "Chile and Peru formalised a plan for implementing a Memorandum of Understanding."
            ),
            Vec::<&str>::new()
        );
        assert_eq!(codes("Joint Statement on Borders", ""), ["JSD"]);
    }

    #[test]
    fn the_lead_object_wins_over_the_title() {
        assert_eq!(
            codes(
                "Chile Signs Mutual Recognition Arrangement with Peru",
                "On May 2, Chile signed the Action Plan of AEO Mutual Recognition with Peru. Trade will grow."
            ),
            Vec::<&str>::new()
        );
        // A lead that signs the type itself, or a later report of it, keeps it.
        assert_eq!(
            codes(
                "Chile Signs Mutual Recognition Arrangement with Peru",
                "On May 2, Chile signed a Mutual Recognition Arrangement with Peru."
            ),
            ["MRA"]
        );
        assert_eq!(
            codes(
                "Chile Signs Mutual Recognition Arrangement with Peru",
                "On May 2, Chile signed the Action Plan with Peru. In June the two signed the Mutual Recognition Arrangement."
            ),
            ["MRA"]
        );
    }

    #[test]
    fn subjects_of_other_documents() {
        assert!(is_subject("signed the Action Plan of the "));
        assert!(is_subject("issued a Joint Communiqué on the implementation of the "));
        assert!(is_subject("formalised a plan for implementing a "));
        assert!(is_subject("a road map for the "));
        assert!(!is_subject("signed the "));
        assert!(!is_subject("signed an "));
        assert!(!is_subject("the implementation team signed the "));
    }

    #[test]
    fn goal_phrases_are_whole_words() {
        assert!(contains_phrase(", establishing a pathway to signing a ", GOALS));
        assert!(contains_phrase(" Towards an ", GOALS));
        assert!(!contains_phrase(" the pathways of ", &["pathway to"]));
        assert!(!contains_phrase(" Toronto ", GOALS));
    }

    #[test]
    fn a_type_named_after_a_determiner_names_the_agreement_before() {
        // The first sentence reports a generic agreement; the next names its type.
        assert_eq!(
            codes(
                "News",
                "Chile and Peru signed an agreement on Tuesday in Lima. The Customs Mutual Assistance Agreement lets officers share records."
            ),
            ["CMAA"]
        );
        assert_eq!(
            codes(
                "News",
                "An arrangement with Peru took effect today. This MOU was first signed in 2019."
            ),
            ["MOU"]
        );
        // Without the report before, a type named so is background.
        assert!(
            codes("News", "The Customs Mutual Assistance Agreement lets officers share records.")
                .is_empty()
        );
        assert!(refers_back("The Customs Mutual ...", "The Customs "));
        assert!(refers_back("This MOU ...", "This "));
        assert!(!refers_back("The new Chile MOU ...", "The new Chile "));
        assert!(!refers_back("Officials said the MOU ...", "Officials said the "));
    }
}
