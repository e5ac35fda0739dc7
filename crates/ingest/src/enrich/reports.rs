//! Which sentences report an agreement type (CMAA, MRA, ...) as signed, renewed or announced.
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
//!   2002", in a 2022 release) and no "last year", "previously", "years ago", "over the past
//!   year", unless it says "today" or names a full date of the release's own year ("The MRA, first
//!   signed in 2014, was renewed today", "The MRA signed in June 2018 came into effect on 22
//!   February 2019");
//! - not a definition: the type is not followed by "are" / "is a" ("CMAAs are bilateral
//!   agreements that ...");
//! - not a count: a type named in the plural with a quantity among the four words before it
//!   (since the previous match), a number ("80", "two"), "a dozen", "more than", "over",
//!   "several"..., is a tally of agreements signed over time, not a signing, when a trigger of
//!   the sentence is in the perfect tense ("has", "have", "had" among the three words before
//!   it: "CBP has signed more than 80 Customs Mutual Assistance Agreements and a dozen mutual
//!   recognition arrangements", "80 CMAAs have been signed"), or whatever the tense when the
//!   quantity is a multitude no single event produces ("dozens of", "hundreds of",
//!   "numerous", "many"). A signing of several at once in the past tense still counts ("signed
//!   two Letters of Intent"), as does a singular type in the perfect ("Peru has signed a
//!   CMAA"), and "today" overrides the rule as it does the history rule ("have signed two
//!   MOUs today");
//! - not a basis: "under the CMAA", "pursuant to the MOU" name an agreement something else
//!   rests on;
//! - not the subject of another document or event: "MRA Action Plans", "the Action Plan for the
//!   AEO MRA", "MRA negotiations", "a joint MRA conference" (an action plan starts talks on an
//!   MRA; it is not one; nor is an "MRA programme");
//! - not another verb: "sign up to our programme" is enrolling;
//! - not a plan stated as "is to sign", "are to sign" ("The Government is to sign a CMAA"), nor
//!   a signing spoken of in the future ("The signing of MRAs with them will boost ...");
//!
//! Beyond a sentence that names the type:
//! - by purpose (`purpose.rs`): a reported "agreement", "arrangement" or "accord" whose clause
//!   names preclearance is a Preclearance agreement ("signed an agreement to open a preclearance
//!   facility", "an amended agreement allowing for preclearance expansion"), one to recognize
//!   each other's programs or operators an MRA, one on mutual (administrative) assistance in a
//!   customs release a CMAA; a memorandum on any of these is of that type too, and then the
//!   memoranda the release reports without a purpose are the same documents (not MOUs again);
//!   a Letter of Intent stays one;
//! - by the next sentence: a reported generic agreement whose next sentence refers back to it
//!   and names its type ("Today we have signed an agreement ... This document is called a letter
//!   of intent."), or opens with a determiner and the type's name ("The Customs Mutual
//!   Assistance Agreement ...", `object.rs`);
//! - a plain "memorandum" is a Memorandum of Understanding, unless it ends a capitalised title
//!   ("Cooperation Memorandum", "Explanatory Memorandum"); a "draft" one is not signed
//!   (`not_news.rs`);
//! - the statement itself: a title that names a Joint Statement or Declaration, or a body line
//!   that is only its heading ("Joint Statement"), makes the release the statement: news.
//!
//! Passing mentions without a trigger (a menu of links, background) are never tagged. The
//! evidence of a type is the first sentence that tags it, in text order (the title first); the
//! later sentences that report it are kept as support, for its date and parties.

use std::ops::Range;

use chrono::{Datelike, NaiveDate};

use super::agreement::AgreementKind;
use super::dates;
use super::not_news::{
    defines, ends_a_title, is_approval, is_approval_or_plan, is_basis, is_draft, is_future_subject,
    is_history, is_phrasal, names_a_year_alone, names_another_document, names_no_year, reports,
    reports_allowing, says_today, signs_another_document,
};
use super::object;
use super::purpose::{mentions_customs, purpose};
use super::report_words::{HEDGES, MULTITUDES, QUANTITIES, Trigger, WISHES};
use super::scan::{Hit, Tag};
use super::text::{ReleaseText, Section, Segment, lower_words};

/// One tagged type: where its evidence sentence is.
pub(crate) struct Found {
    pub(crate) kind: AgreementKind,
    /// Index into [`ReleaseText::segments`].
    pub(crate) segment: usize,
    /// Byte range of the evidence sentence in that segment's text.
    pub(crate) sentence: Range<usize>,
    /// Where the type is named in the evidence sentence (its start; the sentence's start for
    /// an agreement named by purpose or in the next sentence).
    pub(crate) at: usize,
    /// The sentence before, when it reported the agreement and this one only named its type.
    pub(crate) antecedent: Option<Range<usize>>,
    /// Later sentences reporting the same type: (segment, sentence).
    pub(crate) support: Vec<(usize, Range<usize>)>,
    /// Named in the plural ("two CMAAs"): one agreement per party.
    pub(crate) plural: bool,
    /// The release is the document (a Joint Statement's title or heading).
    pub(crate) statement: bool,
    /// A memorandum typed by its stated purpose ("an MOU regarding ... mutual administrative
    /// assistance in customs matters": a CMAA).
    pub(crate) by_purpose: bool,
}

impl Found {
    /// Makes the first later report the evidence; false when there is none.
    fn take_support(&mut self) -> bool {
        if self.support.is_empty() {
            return false;
        }
        let (segment, sentence) = self.support.remove(0);
        (self.segment, self.at, self.sentence, self.antecedent) =
            (segment, sentence.start, sentence, None);
        true
    }

    /// The evidence: the antecedent (when there is one) and the sentence.
    pub(crate) fn evidence<'a>(&self, text: &ReleaseText<'a>) -> String {
        let segment = &text.segments[self.segment];
        match &self.antecedent {
            Some(before) => segment.text[before.start..self.sentence.end].to_owned(),
            None => segment.text[self.sentence.clone()].to_owned(),
        }
    }
}

/// The agreement types `text` reports, each with its first evidence sentence, in order of
/// evidence. `dated` is the release's date, for the history rule.
pub(crate) fn extract_agreements(text: &ReleaseText<'_>, dated: Option<NaiveDate>) -> Vec<Found> {
    let mut found: Vec<Found> = Vec::new();
    // Read once, and only when a purpose clause names mutual assistance.
    let names_customs = std::cell::OnceCell::new();
    let customs = || {
        *names_customs
            .get_or_init(|| text.segments.iter().any(|segment| mentions_customs(segment.text)))
    };
    // A type already found is reported again (support), unless the same sentence names a second
    // document of that type ("a Memorandum of Understanding (MOU) and a Memorandum of
    // Cooperation (MOC)", "signed the Joint Statement on ... and signed a Joint Statement to
    // ..."): that one is an agreement of its own.
    let mut add = |new: Found| match found.iter_mut().find(|done| done.kind == new.kind) {
        Some(done) if done.segment == new.segment && done.sentence == new.sentence => {
            found.push(new);
        }
        Some(done) => done.support.push((new.segment, new.sentence)),
        None => found.push(new),
    };
    for (index, segment) in text.segments.iter().enumerate() {
        // A sentence that reported an agreement without naming its type.
        let mut pending: Option<Range<usize>> = None;
        for sentence in &segment.sentences {
            let hits: Vec<&Hit> = segment.hits_in(sentence).map(|(_, hit)| hit).collect();
            let antecedent = pending.take();
            let words = &segment.text[sentence.clone()];
            let before = |hit: &Hit| &segment.text[sentence.start..hit.start];
            let reported = hits.iter().enumerate().any(|(position, hit)| {
                matches!(hit.tag, Tag::Trigger(_))
                    && (reports(before(hit)) || is_scheduled(hit, before(hit), words))
                    && !is_approval_or_plan(before(hit), segment.section == Section::Title)
                    && !is_phrasal(&segment.text[hit.end..sentence.end])
                    && !signs_another_document(segment, &hits, position)
                    && !is_future_subject(&segment.text[hit.start..sentence.end])
            }) && !is_history(words, dated.map(|day| day.year()));
            let one = |kind, plural, statement, antecedent, at| Found {
                kind,
                segment: index,
                sentence: sentence.clone(),
                at,
                antecedent,
                support: Vec::new(),
                plural,
                statement,
                by_purpose: false,
            };
            let kinds: Vec<&&Hit> =
                hits.iter().filter(|hit| matches!(hit.tag, Tag::Agreement(_))).collect();
            if kinds.is_empty() {
                if reported
                    && let Some(generic) = hits.iter().find(|hit| hit.tag == Tag::Generic)
                    && !is_plural(&segment.text[generic.start..generic.end])
                    && !is_draft(before(generic))
                    && !is_approval(before(generic))
                {
                    match purpose(&segment.text[generic.end..sentence.end], &customs) {
                        Some(kind) => add(one(kind, false, false, None, generic.start)),
                        None => pending = Some(sentence.clone()),
                    }
                }
                continue;
            }
            if !reported {
                let first = kinds[0];
                let Tag::Agreement(kind) = first.tag else { continue };
                let wished = lower_words(words).iter().any(|word| WISHES.contains(&word.as_str()));
                // What a statement says may be a wish; that it was said is news.
                let spoken = speaks_through(&segment.text[sentence.start..first.start]);
                if kind == AgreementKind::Jsd
                    && (spoken || (!wished && is_statement(segment, sentence, first)))
                    && !object::is_subject(&segment.text[sentence.start..first.start])
                {
                    add(one(kind, false, true, None, first.start));
                } else if let Some(antecedent) = antecedent.filter(|_| {
                    object::refers_back(words, &segment.text[sentence.start..first.start])
                }) {
                    add(one(kind, false, false, Some(antecedent), first.start));
                }
                continue;
            }
            let perfect = hits
                .iter()
                .any(|hit| matches!(hit.tag, Tag::Trigger(_)) && is_perfect(before(hit)));
            let today = says_today(words);
            for (position, hit) in hits.iter().enumerate() {
                let Tag::Agreement(mut kind) = hit.tag else { continue };
                if names_again(segment, &hits, position) || ends_a_title(segment, hit) {
                    continue;
                }
                let after = &segment.text[hit.end..sentence.end];
                if defines(after)
                    || is_basis(before(hit))
                    || is_draft(before(hit))
                    || is_approval(before(hit))
                    || names_another_document(before(hit), after)
                    || object::is_not_the_object(segment, &hits, position, sentence.start)
                {
                    continue;
                }
                let name = &segment.text[hit.start..hit.end];
                if is_tally(segment, &hits, position, sentence, perfect, false) && !today {
                    continue;
                }
                // A memorandum named by its purpose is of the purpose's type, up to the next
                // document the sentence names ("the MoU on the implementation of the agreement
                // on mutual assistance ..." is about that agreement).
                let clause_end = hits[position + 1..]
                    .iter()
                    .find(|next| match next.tag {
                        Tag::Agreement(other) => other != kind,
                        Tag::Generic | Tag::Document => true,
                        _ => false,
                    })
                    .map_or(sentence.end, |next| next.start);
                let mut typed = false;
                if kind == AgreementKind::Mou
                    && let Some(by_purpose) = purpose(&segment.text[hit.end..clause_end], &customs)
                {
                    (kind, typed) = (by_purpose, true);
                }
                add(Found {
                    by_purpose: typed,
                    ..one(kind, is_plural(name), false, None, hit.start)
                });
            }
        }
    }
    // Memoranda named by their purpose elsewhere: the ones reported without it are the same
    // documents named more briefly ("signed memorandums of understanding with ... Saudi Arabia
    // ... and South Africa ..." then "the MOU on the Mutual Recognition of ... with ... Saudi
    // Arabia" and "the MOU Regarding Cooperation and Mutual Administrative Assistance with
    // ... South African Revenue Service").
    // With one such memorandum, their sentences report it again (for its date and parties).
    let typed: Vec<usize> = (0..found.len()).filter(|&at| found[at].by_purpose).collect();
    if let Some(&first) = typed.first() {
        let briefer: Vec<(usize, Range<usize>)> = found
            .iter()
            .filter(|one| one.kind == AgreementKind::Mou)
            .flat_map(|one| {
                std::iter::once((one.segment, one.sentence.clone())).chain(one.support.clone())
            })
            .collect();
        if typed.len() == 1 {
            found[first].support.extend(briefer);
        }
        found.retain(|one| one.kind != AgreementKind::Mou);
    }
    // A release without a day cannot tell history by its year: there, a signing dated by a year
    // alone is history when another agreement is reported with no year at all ("... signed a
    // mutual recognition agreement with the US customs." and "Discussions ... began in 2015 with
    // the signing of the joint work plan").
    if dated.is_none() {
        let sentence = |one: &Found| &text.segments[one.segment].text[one.sentence.clone()];
        if found.iter().any(|one| !one.statement && names_no_year(sentence(one))) {
            found.retain(|one| !names_a_year_alone(sentence(one)));
        }
    }
    // The title against the lead: the lead's object wins (`object.rs`).
    if let Some(title) = object::title_yields_to_lead(text) {
        found.retain_mut(|one| one.segment != title || one.statement || one.take_support());
    }
    found
}

/// Whether the type at `position` names the same document as the type named before it in the
/// sentence: its acronym in brackets right after its name ("Memorandum of Understanding
/// (MOU)"), or the same words again not introduced as another one ("the MOU ... the MOU", but
/// "the Joint Statement on ... and a Joint Statement to ..." are two).
fn names_again(segment: &Segment<'_>, hits: &[&Hit], position: usize) -> bool {
    let hit = hits[position];
    let Tag::Agreement(kind) = hit.tag else { return false };
    let name = &segment.text[hit.start..hit.end];
    let article = lower_words(&segment.text[..hit.start]).pop();
    let another = article.is_some_and(|word| matches!(word.as_str(), "a" | "an" | "another"));
    hits[..position].iter().enumerate().rev().any(|(at, previous)| {
        previous.tag == Tag::Agreement(kind)
            && ((at + 1 == position && segment.text[previous.end..hit.start].trim() == "(")
                || (!another
                    && segment.text[previous.start..previous.end].eq_ignore_ascii_case(name)))
    })
}

/// Whether the Joint Statement named by `first` makes the release the statement: it is named
/// in the title, or its sentence is a line of its own of at most eight words (a heading).
fn is_statement(segment: &Segment<'_>, sentence: &Range<usize>, first: &Hit) -> bool {
    if segment.section == Section::Title {
        return true;
    }
    let text = segment.text;
    let line_start = text[..sentence.start].ends_with('\n') || sentence.start == 0;
    let line_end = text[sentence.end..].starts_with('\n') || sentence.end == text.len();
    let short = text[sentence.clone()].split_whitespace().count() <= 8;
    line_start && line_end && short && first.start == sentence.start
}

/// Whether the words before a Joint Statement say its issuers spoke through it: "said in a",
/// "stated in their" right before ("the six countries said in a joint statement"): the
/// statement is issued, as "issued a joint statement" says.
fn speaks_through(before: &str) -> bool {
    let words = lower_words(before);
    matches!(
        words.iter().map(String::as_str).collect::<Vec<_>>().as_slice(),
        [.., "said" | "stated" | "declared", "in", "a" | "the" | "their" | "its"]
    )
}

/// Whether the entry into force `hit` reports, told in the future tense, is scheduled for a day
/// the sentence names ("The Arrangement will go into effect as of Monday", "will come into force
/// on 1 July"): news, as its past would be. Only "will" or "shall" may stand before it of the
/// wish words, and no hedge anywhere before it ("Once ratified, the MRA will ...").
fn is_scheduled(hit: &Hit, before: &str, sentence: &str) -> bool {
    let conditional = lower_words(before).iter().any(|word| HEDGES.contains(&word.as_str()));
    hit.tag == Tag::Trigger(Trigger::Force)
        && !conditional
        && reports_allowing(before, &["will", "shall"])
        && dates::names_a_day(sentence)
}

/// Whether a trigger preceded by `before` (its sentence up to it) is in the perfect tense:
/// "has signed", "have now signed", "have been signed", "they've signed".
fn is_perfect(before: &str) -> bool {
    let words = lower_words(before);
    words[words.len().saturating_sub(3)..]
        .iter()
        .any(|word| matches!(word.as_str(), "has" | "have" | "had" | "ve") || word.ends_with("'ve"))
}

/// Whether `sentence` of `segment` counts agreements signed over time ("has signed 79 CMAAs",
/// "has signed similar arrangements with 24 customs administrations": a type or a generic word).
pub(crate) fn counts_agreements(segment: &Segment<'_>, sentence: &Range<usize>) -> bool {
    let hits: Vec<&Hit> = segment.hits_in(sentence).map(|(_, hit)| hit).collect();
    let perfect = hits.iter().any(|hit| {
        matches!(hit.tag, Tag::Trigger(_)) && is_perfect(&segment.text[sentence.start..hit.start])
    });
    hits.iter().enumerate().any(|(position, hit)| {
        matches!(hit.tag, Tag::Agreement(_) | Tag::Generic)
            && is_tally(segment, &hits, position, sentence, perfect, true)
    })
}

/// Whether the agreement named by `hits[position]` in `sentence` is tallied rather than
/// reported (`perfect`: a trigger of the sentence is in the perfect): counted by the words
/// before its name ([`counts`]), or by its partners after it, in the perfect or, when
/// `possession` counts (for salience, where no trigger is needed), with a possession ("has a
/// Mutual Recognition Arrangement with 20 countries", [`tallies_partners`]).
fn is_tally(
    segment: &Segment<'_>,
    hits: &[&Hit],
    position: usize,
    sentence: &Range<usize>,
    perfect: bool,
    possession: bool,
) -> bool {
    let hit = hits[position];
    let phrase_start =
        position.checked_sub(1).map_or(sentence.start, |previous| hits[previous].end);
    let before = &segment.text[sentence.start..hit.start];
    counts(&segment.text[phrase_start..hit.start], &segment.text[hit.start..hit.end], perfect)
        || ((perfect || (possession && is_perfect(before)))
            && tallies_partners(&segment.text[hit.end..sentence.end]))
}

/// Whether the words after an agreement's name count its partners ("... had signed the “Mutual
/// Recognition Arrangement” with eight countries, including ...", "has similar agreements in
/// place with countries such as ..."): with a possession or a perfect, a tally of agreements
/// signed over time, whatever the name's number. Between "with" and the group noun only a
/// number, "other" or "partner" may stand.
fn tallies_partners(after: &str) -> bool {
    let words = lower_words(after);
    let near = &words[..words.len().min(8)];
    near.iter().position(|word| word == "with").is_some_and(|with| {
        near[with + 1..]
            .iter()
            .take_while(|word| {
                QUANTITIES.contains(&word.as_str())
                    || word.chars().all(|c| c.is_ascii_digit())
                    || matches!(word.as_str(), "other" | "partner" | "more" | "than")
                    || is_group(word)
            })
            .any(|word| is_group(word))
    })
}

/// Whether `word` names partners as a group: "countries", "nations", "economies", ...
fn is_group(word: &str) -> bool {
    matches!(word, "countries" | "nations" | "economies" | "administrations" | "partners")
}

/// Whether the agreement name `found`, preceded by `phrase` (the text since the previous match
/// of its sentence), is a count of agreements rather than a report of a signing: plural, and
/// either a multitude among the four words before it, or `perfect` with a quantity or no
/// determiner there ("has signed MRAs with ...").
fn counts(phrase: &str, found: &str, perfect: bool) -> bool {
    let words = lower_words(phrase);
    let near = &words[words.len().saturating_sub(4)..];
    let multitude = near.iter().any(|word| MULTITUDES.contains(&word.as_str()));
    let quantity = near.iter().any(|word| {
        QUANTITIES.contains(&word.as_str()) || word.chars().any(|c| c.is_ascii_digit())
    });
    // A plural type in the perfect is a tally even without a number: "has ratified MRAs with
    // the Mainland, India, ...", "Similar agreements have been signed with Aruba and Ireland".
    let bare = !near.iter().any(|word| matches!(word.as_str(), "the" | "these" | "both" | "its"));
    // "similar agreements", "similar AEO agreements": a comparison with others, not these.
    let similar = near.iter().any(|word| word == "similar");
    is_plural(found) && (multitude || similar || (perfect && (quantity || bare)))
}

/// Whether an agreement name as matched is plural: "CMAAs", "mutual recognition arrangements",
/// "Memoranda of Understanding", "Letters of Intent"; not "Declaration of Principles" nor
/// "Agreement on Mutual Assistance in Customs Matters".
fn is_plural(found: &str) -> bool {
    let words = lower_words(found);
    let (Some(first), Some(last)) = (words.first(), words.last()) else { return false };
    matches!(first.as_str(), "memoranda" | "memorandums" | "letters" | "declarations")
        || (last.ends_with('s') && !matches!(last.as_str(), "principles" | "matters"))
}

#[cfg(test)]
#[path = "reports_tests.rs"]
mod tests;
