//! Agreement types (CMAA, MRA, ...) that a release reports as signed, renewed or announced.
//!
//! The rule works sentence by sentence (title, summary, body, captions): a sentence tags every
//! agreement type it names (full name in any case, acronym, plural) when it also holds a trigger
//! verb (sign, conclude, renew, enter into force, finalize, ink, execute, adopt, issue, announce
//! and their forms, the present tense included for headlines: "U.S., Canada issue joint
//! statement") that is
//! - not hypothetical: no "once", "if", "when", "until", "unless" in the three words before it
//!   ("Once entered into force, the CMAA will allow ..." reports nothing new);
//! - not negated: no "not", "never", "yet" ("yet to sign"), "without" in the three words before;
//! - not a wish: no "hope", "plan", "intend", "expect", "aim", "seek", "look forward", "would",
//!   "could", "may", "might", "should", "negotiate", "toward" earlier in the sentence. Decision:
//!   a future wish ("hopes to sign an MRA next year") is not tagged, even when the release is
//!   about it, because the facet answers "which agreements were signed or announced"; but an
//!   announcement of intent is news and is tagged ("announced plans to sign an MRA"), since the
//!   trigger "announced" comes before the wish;
//! - not history: the sentence names no year before the release's own ("first signed a CMAA in
//!   2002", in a 2022 release) and no "last year", "previously", "years ago", unless it says
//!   "today" ("The MRA, first signed in 2014, was renewed today");
//! - not a definition: the type is not followed by "are" / "is a" ("CMAAs are bilateral
//!   agreements that ...").
//!
//! Passing mentions without a trigger (a menu of links, background) are never tagged. The
//! evidence of a type is the first sentence that tags it, in text order.

use std::ops::Range;

use chrono::{Datelike, NaiveDate};

use super::ReleaseText;
use super::scan::{Tag, Trigger};

/// A type of international customs agreement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AgreementKind {
    /// Customs Mutual Assistance Agreement.
    Cmaa,
    /// Mutual Recognition Arrangement or Agreement.
    Mra,
    /// Joint Work Plan.
    Jwp,
    /// Memorandum of Understanding or of Cooperation.
    Mou,
    /// Preclearance agreement.
    Preclearance,
    /// Letter of Intent.
    Loi,
    /// Joint Statement or Declaration of Principles.
    Jsd,
}

impl AgreementKind {
    /// Every kind, in a stable order.
    pub const ALL: [AgreementKind; 7] = [
        AgreementKind::Cmaa,
        AgreementKind::Mra,
        AgreementKind::Jwp,
        AgreementKind::Mou,
        AgreementKind::Preclearance,
        AgreementKind::Loi,
        AgreementKind::Jsd,
    ];

    /// The canonical code: `CMAA`, `MRA`, `JWP`, `MOU`, `Preclearance`, `LOI`, `JSD`.
    pub fn code(self) -> &'static str {
        match self {
            AgreementKind::Cmaa => "CMAA",
            AgreementKind::Mra => "MRA",
            AgreementKind::Jwp => "JWP",
            AgreementKind::Mou => "MOU",
            AgreementKind::Preclearance => "Preclearance",
            AgreementKind::Loi => "LOI",
            AgreementKind::Jsd => "JSD",
        }
    }

    /// The full name, e.g. "Customs Mutual Assistance Agreement".
    pub fn full_name(self) -> &'static str {
        match self {
            AgreementKind::Cmaa => "Customs Mutual Assistance Agreement",
            AgreementKind::Mra => "Mutual Recognition Arrangement",
            AgreementKind::Jwp => "Joint Work Plan",
            AgreementKind::Mou => "Memorandum of Understanding",
            AgreementKind::Preclearance => "Preclearance agreement",
            AgreementKind::Loi => "Letter of Intent",
            AgreementKind::Jsd => "Joint Statement or Declaration of Principles",
        }
    }

    /// The kind whose code or full name is `text`, in any case.
    pub fn from_code(text: &str) -> Option<AgreementKind> {
        let text = text.trim();
        AgreementKind::ALL.into_iter().find(|kind| {
            kind.code().eq_ignore_ascii_case(text) || kind.full_name().eq_ignore_ascii_case(text)
        })
    }
}

/// One detected agreement, with the sentence that triggered it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Agreement {
    /// Which type.
    pub kind: AgreementKind,
    /// The sentence of the release that reports it.
    pub evidence: String,
}

/// Agreement names, acronyms and plurals. Full names are lower case so they match in any case;
/// acronyms keep their capitals ("MoU" matches "MOU" and "MoU").
pub(crate) const AGREEMENT_PATTERNS: &[(&str, AgreementKind)] = &[
    ("customs mutual assistance agreement", AgreementKind::Cmaa),
    ("customs mutual assistance agreements", AgreementKind::Cmaa),
    ("agreement on mutual assistance in customs matters", AgreementKind::Cmaa),
    ("CMAA", AgreementKind::Cmaa),
    ("CMAAs", AgreementKind::Cmaa),
    ("mutual recognition arrangement", AgreementKind::Mra),
    ("mutual recognition arrangements", AgreementKind::Mra),
    ("mutual recognition agreement", AgreementKind::Mra),
    ("mutual recognition agreements", AgreementKind::Mra),
    ("MRA", AgreementKind::Mra),
    ("MRAs", AgreementKind::Mra),
    ("joint work plan", AgreementKind::Jwp),
    ("joint work plans", AgreementKind::Jwp),
    ("joint workplan", AgreementKind::Jwp),
    ("joint workplans", AgreementKind::Jwp),
    ("JWP", AgreementKind::Jwp),
    ("JWPs", AgreementKind::Jwp),
    ("memorandum of understanding", AgreementKind::Mou),
    ("memoranda of understanding", AgreementKind::Mou),
    ("memorandums of understanding", AgreementKind::Mou),
    ("memorandum of cooperation", AgreementKind::Mou),
    ("memoranda of cooperation", AgreementKind::Mou),
    ("memorandums of cooperation", AgreementKind::Mou),
    ("MoU", AgreementKind::Mou),
    ("MoUs", AgreementKind::Mou),
    ("MoC", AgreementKind::Mou),
    ("MoCs", AgreementKind::Mou),
    ("preclearance agreement", AgreementKind::Preclearance),
    ("preclearance agreements", AgreementKind::Preclearance),
    ("pre-clearance agreement", AgreementKind::Preclearance),
    ("pre-clearance agreements", AgreementKind::Preclearance),
    ("agreement on preclearance", AgreementKind::Preclearance),
    ("letter of intent", AgreementKind::Loi),
    ("letters of intent", AgreementKind::Loi),
    ("LOI", AgreementKind::Loi),
    ("LOIs", AgreementKind::Loi),
    ("joint statement", AgreementKind::Jsd),
    ("joint statements", AgreementKind::Jsd),
    ("declaration of principles", AgreementKind::Jsd),
    ("declarations of principles", AgreementKind::Jsd),
];

/// Verbs that report an agreement as news, in any case.
pub(crate) const TRIGGER_PATTERNS: &[(&str, Trigger)] = &[
    ("sign", Trigger::Act),
    ("signs", Trigger::Act),
    ("signed", Trigger::Act),
    ("signing", Trigger::Act),
    ("signature", Trigger::Act),
    ("conclude", Trigger::Act),
    ("concludes", Trigger::Act),
    ("concluded", Trigger::Act),
    ("concluding", Trigger::Act),
    ("renew", Trigger::Act),
    ("renews", Trigger::Act),
    ("renewed", Trigger::Act),
    ("renewing", Trigger::Act),
    ("renewal", Trigger::Act),
    ("enter into force", Trigger::Act),
    ("enters into force", Trigger::Act),
    ("entered into force", Trigger::Act),
    ("entering into force", Trigger::Act),
    ("entry into force", Trigger::Act),
    ("came into force", Trigger::Act),
    ("comes into force", Trigger::Act),
    ("finalize", Trigger::Act),
    ("finalizes", Trigger::Act),
    ("finalized", Trigger::Act),
    ("finalizing", Trigger::Act),
    ("finalise", Trigger::Act),
    ("finalised", Trigger::Act),
    ("ink", Trigger::Act),
    ("inks", Trigger::Act),
    ("inked", Trigger::Act),
    ("execute", Trigger::Act),
    ("executes", Trigger::Act),
    ("executed", Trigger::Act),
    ("adopt", Trigger::Act),
    ("adopts", Trigger::Act),
    ("adopted", Trigger::Act),
    ("issue", Trigger::Act),
    ("issues", Trigger::Act),
    ("issued", Trigger::Act),
    ("issuing", Trigger::Act),
    ("announce", Trigger::Announce),
    ("announces", Trigger::Announce),
    ("announced", Trigger::Announce),
    ("announcing", Trigger::Announce),
    ("announcement", Trigger::Announce),
];

/// Words that, among the three before a trigger, make it hypothetical or negated.
const HEDGES: &[&str] =
    &["once", "if", "when", "until", "unless", "whether", "not", "never", "yet", "without", "no"];

/// Phrases that date a sentence to the past.
const HISTORY: &[&str] = &["last year", "previously", "years ago", "in the past", "decades ago"];

/// Words that, anywhere before a trigger in its sentence, make it a wish, not a report.
const WISHES: &[&str] = &[
    "hope",
    "hopes",
    "hoped",
    "hoping",
    "plan",
    "plans",
    "planned",
    "planning",
    "intend",
    "intends",
    "intended",
    "intending",
    "expect",
    "expects",
    "expected",
    "expecting",
    "aim",
    "aims",
    "aiming",
    "seek",
    "seeks",
    "seeking",
    "forward",
    "would",
    "could",
    "may",
    "might",
    "should",
    "wish",
    "wishes",
    "want",
    "wants",
    "negotiate",
    "negotiates",
    "negotiating",
    "negotiation",
    "negotiations",
    "toward",
    "towards",
    "proposed",
];

/// One tagged type: where its evidence sentence is.
pub(crate) struct Found {
    pub(crate) kind: AgreementKind,
    /// Index into [`ReleaseText::segments`].
    pub(crate) segment: usize,
    /// Byte range of the evidence sentence in that segment's text.
    pub(crate) sentence: Range<usize>,
}

/// The agreement types `text` reports, each with its first evidence sentence, in order of
/// evidence. `dated` is the release's date, for the history rule.
pub(crate) fn extract_agreements(text: &ReleaseText<'_>, dated: Option<NaiveDate>) -> Vec<Found> {
    let mut found: Vec<Found> = Vec::new();
    for (index, segment) in text.segments.iter().enumerate() {
        for sentence in &segment.sentences {
            let hits: Vec<_> = segment
                .hits
                .iter()
                .filter(|hit| hit.start >= sentence.start && hit.end <= sentence.end)
                .collect();
            let kinds: Vec<(AgreementKind, usize)> = hits
                .iter()
                .filter_map(|hit| match hit.tag {
                    Tag::Agreement(kind) => Some((kind, hit.end)),
                    _ => None,
                })
                .collect();
            if kinds.is_empty() {
                continue;
            }
            let words = &segment.text[sentence.clone()];
            let reported = hits.iter().any(|hit| {
                matches!(hit.tag, Tag::Trigger(_))
                    && reports(&segment.text[sentence.start..hit.start])
            });
            if !reported || is_history(words, dated) {
                continue;
            }
            for (kind, end) in kinds {
                if defines(&segment.text[end..sentence.end]) {
                    continue;
                }
                if !found.iter().any(|done| done.kind == kind) {
                    found.push(Found { kind, segment: index, sentence: sentence.clone() });
                }
            }
        }
    }
    found
}

/// Whether a trigger preceded by `before` (its sentence up to it) reports an act.
fn reports(before: &str) -> bool {
    let words: Vec<String> = before
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect();
    let near = &words[words.len().saturating_sub(3)..];
    let hedged = near.iter().any(|word| HEDGES.contains(&word.as_str()) || word.ends_with("n't"));
    // "May" the month is not "may" the modal: the words were lower-cased, so look again.
    let wished = words.iter().any(|word| WISHES.contains(&word.as_str()) && word != "may")
        || before.split(|c: char| !c.is_alphanumeric()).any(|word| word == "may");
    !hedged && !wished
}

/// Whether the text right after an agreement name makes the sentence a definition.
fn defines(after: &str) -> bool {
    let after = after.trim_start().to_lowercase();
    after.starts_with("are ") || after.starts_with("is a ") || after.starts_with("is an ")
}

/// Whether `sentence` tells history rather than news: it names a year before the release's
/// ("first signed a CMAA in 2002") or says "last year", "previously", "years ago", unless it
/// also says "today" ("The MRA, first signed in 2014, was renewed today").
fn is_history(sentence: &str, dated: Option<NaiveDate>) -> bool {
    let lower = sentence.to_lowercase();
    if lower.split(|c: char| !c.is_alphanumeric()).any(|word| word == "today") {
        return false;
    }
    let earlier_year = dated.is_some_and(|dated| {
        sentence
            .split(|c: char| !c.is_ascii_digit())
            .filter(|digits| digits.len() == 4)
            .filter_map(|digits| digits.parse::<i32>().ok())
            .any(|year| (1900..dated.year()).contains(&year))
    });
    earlier_year || HISTORY.iter().any(|phrase| lower.contains(phrase))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::enrich::testing::release;

    /// The codes and evidence sentences found in a release with `title` and `body`.
    fn check(title: &str, body: &str, expected: &[(&str, &str)]) {
        let mut press_release = release(title, body);
        crate::enrich::enrich(&mut press_release);
        let got: Vec<(&str, &str)> = press_release
            .agreements
            .iter()
            .map(|agreement| (agreement.kind.code(), agreement.evidence.as_str()))
            .collect();
        assert_eq!(got, expected, "{title:?} / {body:?}");
    }

    #[test]
    fn signed_in_the_title() {
        check(
            "CBP, Cabo Verde sign Customs Mutual Assistance Agreement",
            "",
            &[("CMAA", "CBP, Cabo Verde sign Customs Mutual Assistance Agreement")],
        );
        check(
            "CBP signs Mutual Recognition Arrangement with Brazil",
            "",
            &[("MRA", "CBP signs Mutual Recognition Arrangement with Brazil")],
        );
    }

    #[test]
    fn every_type_by_name_acronym_and_plural() {
        let body = "Today CBP signed a JWP. Officials inked two MOUs. The agencies issued a joint \
                    statement. Mexico and CBP concluded a preclearance agreement. A Letter of \
                    Intent was signed. The CMAAs were renewed. The Declaration of Principles \
                    entered into force.";
        check(
            "News",
            body,
            &[
                ("JWP", "Today CBP signed a JWP."),
                ("MOU", "Officials inked two MOUs."),
                ("JSD", "The agencies issued a joint statement."),
                ("Preclearance", "Mexico and CBP concluded a preclearance agreement."),
                ("LOI", "A Letter of Intent was signed."),
                ("CMAA", "The CMAAs were renewed."),
            ],
        );
        check(
            "News",
            "A memorandum of cooperation was signed.",
            &[("MOU", "A memorandum of cooperation was signed.")],
        );
        check(
            "News",
            "CBP SIGNS MUTUAL RECOGNITION AGREEMENT.",
            &[("MRA", "CBP SIGNS MUTUAL RECOGNITION AGREEMENT.")],
        );
    }

    #[test]
    fn passing_mentions_are_not_tagged() {
        check(
            "International Initiatives",
            "Initiatives\nCBP Attaches\nCustoms Mutual Assistance Agreements\nWorld Customs Organization",
            &[],
        );
        check(
            "News",
            "CMAAs are bilateral agreements that are signed by customs administrations.",
            &[],
        );
        check(
            "News",
            "At the completion of a JWP, both administrations will determine if an MRA is feasible.",
            &[],
        );
        check(
            "News",
            "Once entered into force, the CMAA will allow the exchange of information.",
            &[],
        );
        check("News", "The mra was discussed.", &[]);
    }

    #[test]
    fn history_is_not_news() {
        check("News", "The two first signed a Customs Mutual Assistance Agreement in 2002.", &[]);
        check(
            "News",
            "The signing in January 2021 of the Memorandum of Understanding was a success.",
            &[],
        );
        check(
            "News",
            "The MOU signed in 2023 takes effect.",
            &[("MOU", "The MOU signed in 2023 takes effect.")],
        );
    }

    #[test]
    fn wishes_and_negations_are_not_reports() {
        check("News", "CBP hopes to sign an MRA with Peru next year.", &[]);
        check("News", "The agencies plan to sign a Joint Work Plan.", &[]);
        check("News", "Peru has not signed the MRA.", &[]);
        check("News", "Peru has yet to sign the MRA.", &[]);
        check("News", "Peru didn't sign the MRA.", &[]);
        check(
            "News",
            "CBP announced plans to sign an MRA with Peru next year.",
            &[("MRA", "CBP announced plans to sign an MRA with Peru next year.")],
        );
    }

    #[test]
    fn from_code_accepts_codes_and_names() {
        assert_eq!(AgreementKind::from_code("cmaa"), Some(AgreementKind::Cmaa));
        assert_eq!(AgreementKind::from_code("Joint Work Plan"), Some(AgreementKind::Jwp));
        assert_eq!(AgreementKind::from_code("preclearance"), Some(AgreementKind::Preclearance));
        assert_eq!(AgreementKind::from_code("nope"), None);
    }
}
