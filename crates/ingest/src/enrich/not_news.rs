//! Why a sentence that names an agreement and a trigger verb is not news of that agreement (the
//! rules of `reports.rs` listed in its module docs): a hedge, a wish or a plan before the verb,
//! a verb that reports another document or enrolment, a signing spoken of in the future, an
//! agreement that is only the basis of something else, the subject of another document, or
//! defined, a draft, an approval, a headline's "to sign", or history.

use chrono::Datelike;

use super::dates;
use super::report_words::{BASES, HEDGES, HISTORY, NOT_THE_DOCUMENT, WISHES};
use super::scan::{Hit, Tag};
use super::text::{Segment, lower_words};

/// Whether the words before an agreement's name make it the basis of something else:
/// "under the", "pursuant to the", "in accordance with the" among the three words before.
pub(crate) fn is_basis(before: &str) -> bool {
    let words = lower_words(before);
    words[words.len().saturating_sub(3)..].iter().any(|word| BASES.contains(&word.as_str()))
}

/// Whether a trigger preceded by `before` (its sentence up to it) reports an act.
pub(crate) fn reports(before: &str) -> bool {
    reports_allowing(before, &[])
}

/// [`reports`], the wish words `allowed` excepted ("will" for an entry into force on a named
/// day).
pub(crate) fn reports_allowing(before: &str, allowed: &[&str]) -> bool {
    let original: Vec<&str> = before
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|word| !word.is_empty())
        .collect();
    let words: Vec<String> = original.iter().map(|word| word.to_lowercase()).collect();
    let near = &words[words.len().saturating_sub(3)..];
    let hedged = near.iter().any(|word| HEDGES.contains(&word.as_str()) || word.ends_with("n't"));
    // "is to sign", "are to sign", "are set to implement": a plan; so is "with a view to
    // signing" anywhere before.
    let planned = matches!(
        near.iter().map(String::as_str).collect::<Vec<_>>().as_slice(),
        [.., "is" | "are" | "am" | "was" | "were" | "set", "to"]
    ) || words.windows(3).any(|three| three == ["a", "view", "to"]);
    // "May" the month is not "may" the modal: the words were lower-cased, so look again.
    let wished = words.iter().enumerate().any(|(at, word)| {
        WISHES.contains(&word.as_str())
            && word != "may"
            && !allowed.contains(&word.as_str())
            && !names_a_body(&original, at)
            && !names_a_plan(&words, at)
    }) || original.contains(&"may");
    !hedged && !wished && !planned
}

/// Whether the wish word at `at` of a sentence's lower-cased `words` names a work plan, a
/// document of the facet ("a joint work plan was signed"; an action plan stays a plan: "MRA
/// Action Plans were adopted" reports no MRA).
fn names_a_plan(words: &[String], at: usize) -> bool {
    matches!(words[at].as_str(), "plan" | "plans")
        && at.checked_sub(1).is_some_and(|previous| words[previous] == "work")
}

/// Whether the wish word at `at` of a sentence's `words` is part of a name, not a wish: written
/// with a capital inside the sentence and not followed by "to" ("the Minister of State, Finance
/// and Economic Planning, today signed", "the National Planning Commission signed"; but "CBP
/// Plans to Sign ..." in a headline, and "Plans to sign ..." opening a sentence, are wishes).
fn names_a_body(words: &[&str], at: usize) -> bool {
    let capital = words[at].starts_with(|c: char| c.is_uppercase());
    let to = words.get(at + 1).is_some_and(|next| next.eq_ignore_ascii_case("to"));
    at > 0 && capital && !to
}

/// Whether a trigger preceded by `before`, in a title when `in_title`, reports the approval of
/// a document or, in a headline, a signing to come ([`is_approval`], [`is_headline_future`]).
pub(crate) fn is_approval_or_plan(before: &str, in_title: bool) -> bool {
    is_approval(before) || (in_title && is_headline_future(before))
}

/// Whether the words before a trigger or an agreement's name make it the approval of a document
/// by a cabinet, a president or a parliament, not its signing: "approve", "approves", "approved",
/// "approving" or "approval" among the three words before, not followed by "and" ("The Union
/// Cabinet has approved the signing of an agreement ...", "The Cabinet on Wednesday approved the
/// Memorandum of Understanding (MoU) signed between ..."; but "approved and signed the MOU").
pub(crate) fn is_approval(before: &str) -> bool {
    let words = lower_words(before);
    let from = words.len().saturating_sub(3);
    words[from..].iter().enumerate().any(|(at, word)| {
        word.starts_with("approv")
            && !word.starts_with("approx")
            && words.get(from + at + 1).is_none_or(|next| next != "and")
    })
}

/// Whether a title's trigger preceded by `before` is a headline's infinitive, which tells the
/// future ("Ukraine and US to sign agreement ...", "Nigeria, Benin to implement MoU ..."), unless
/// an ordinal or "only" makes it a record ("ICE First US Agency to Sign Agreement with ...").
pub(crate) fn is_headline_future(before: &str) -> bool {
    let words = lower_words(before);
    let record = |word: &String| {
        matches!(word.as_str(), "first" | "second" | "third" | "only" | "last" | "latest")
    };
    words.last().is_some_and(|word| word == "to") && !words.iter().any(record)
}

/// Whether the words before an agreement's name make it a draft: "the draft memorandum of
/// understanding", "a draft MoU", "the draft of the preliminary agreement" (a text still being
/// negotiated or approved, not one signed).
pub(crate) fn is_draft(before: &str) -> bool {
    let words = lower_words(before);
    let near = &words[words.len().saturating_sub(4)..];
    near.iter().enumerate().any(|(at, word)| {
        matches!(word.as_str(), "draft" | "drafts")
            && (at + 2 >= near.len() || near[at + 1] == "of")
    })
}

/// Whether `hit` is a plain "memorandum" that ends a capitalised title ("the “Cooperation
/// Memorandum between ...”", "an Explanatory Memorandum"): a document of its own name, of any
/// kind, not a memorandum of understanding by another name ("signed a memorandum", "The
/// Memorandum was signed").
pub(crate) fn ends_a_title(segment: &Segment<'_>, hit: &Hit) -> bool {
    let name = &segment.text[hit.start..hit.end];
    let plain = ["memorandum", "memoranda", "memorandums"]
        .iter()
        .any(|word| name.eq_ignore_ascii_case(word));
    let previous = segment.text[..hit.start]
        .split(|c: char| !c.is_alphanumeric())
        .rfind(|word| !word.is_empty());
    plain
        && previous.is_some_and(|word| {
            word.starts_with(|c: char| c.is_uppercase())
                && !["a", "an", "the", "this", "that", "each", "its", "their"]
                    .iter()
                    .any(|article| word.eq_ignore_ascii_case(article))
        })
}

/// Whether the words after a trigger make it another verb: "sign up" (enrol).
pub(crate) fn is_phrasal(after: &str) -> bool {
    lower_words(after).first().is_some_and(|word| word == "up")
}

/// Whether a trigger, with the rest of its sentence, is a noun whose sentence speaks of the
/// future: "The signing of MRAs with them will boost ..." (signings to come, not one done).
pub(crate) fn is_future_subject(rest: &str) -> bool {
    let words = lower_words(rest);
    let Some(trigger) = words.first() else { return false };
    let noun = trigger.ends_with("ing") || matches!(trigger.as_str(), "signature" | "renewal");
    noun && words.get(1).is_some_and(|word| word == "of")
        && words[1..].iter().any(|word| matches!(word.as_str(), "will" | "would"))
}

/// Whether the trigger `hits[position]` reports another document: the next match is one, at
/// most three words on ("following the signing of an Action Plan").
pub(crate) fn signs_another_document(
    segment: &Segment<'_>,
    hits: &[&Hit],
    position: usize,
) -> bool {
    let trigger = hits[position];
    hits.get(position + 1).is_some_and(|next| {
        next.tag == Tag::Document
            && segment.text[trigger.end..next.start].split_whitespace().count() <= 3
    })
}

/// Whether the agreement name between `before` and `after` (its sentence around it) is the
/// subject of another document or event: "MRA Action Plan", "Action Plans for the AEO MRA",
/// "MRA negotiations".
pub(crate) fn names_another_document(before: &str, after: &str) -> bool {
    let mut after = after.trim_start().to_lowercase();
    // Past an acronym in brackets: "Mutual Recognition Arrangement (MRA) Action Plans".
    if after.starts_with('(')
        && let Some(close) = after.find(')')
    {
        after = after[close + 1..].trim_start().to_owned();
    }
    // Or inside the brackets: "(MRA) Action Plans" for the acronym.
    if let Some(rest) = after.strip_prefix(')') {
        after = rest.trim_start().to_owned();
    }
    let follows = NOT_THE_DOCUMENT.iter().any(|name| {
        after.strip_prefix(name).is_some_and(|rest| !rest.starts_with(char::is_alphanumeric))
    });
    let words = lower_words(before);
    let near = &words[words.len().saturating_sub(6)..];
    let plan_for = near.windows(3).any(|three| {
        three[0] == "action" && matches!(three[1].as_str(), "plan" | "plans") && three[2] == "for"
    });
    follows || plan_for
}

/// Whether the text right after an agreement name makes the sentence a definition.
pub(crate) fn defines(after: &str) -> bool {
    let after = after.trim_start().to_lowercase();
    after.starts_with("are ") || after.starts_with("is a ") || after.starts_with("is an ")
}

/// Whether `sentence` says "today".
pub(crate) fn says_today(sentence: &str) -> bool {
    sentence.split(|c: char| !c.is_alphanumeric()).any(|word| word.eq_ignore_ascii_case("today"))
}

/// Whether `sentence` tells history rather than news: it names a year before the release's
/// ("first signed a CMAA in 2002") or says "last year", "previously", "years ago", unless it
/// also says "today" ("The MRA, first signed in 2014, was renewed today").
pub(crate) fn is_history(sentence: &str, year: Option<i32>) -> bool {
    if says_today(sentence) {
        return false;
    }
    let earlier_year =
        year.is_some_and(|year| years_as_dates(sentence).any(|(named, _)| named < year));
    let history = earlier_year || {
        let lower = sentence.to_lowercase();
        HISTORY.iter().any(|phrase| lower.contains(phrase))
    };
    // A full date of the release's own year makes the sentence news, whatever else it recalls
    // (read last: reading dates is the costly part).
    history
        && !year.is_some_and(|year| {
            dates::event_date(sentence, None).is_some_and(|date| date.year() == year)
        })
}

/// The years `sentence` names as dates ("in 2002", "since 2014", "January 2021", "Nov. 21,
/// 2008"; not a model year, "a 2013 Nissan"), each with whether a preposition alone dates it
/// (a year without a day: "in 2015").
fn years_as_dates(sentence: &str) -> impl Iterator<Item = (i32, bool)> + '_ {
    let words: Vec<&str> =
        sentence.split(|c: char| !c.is_alphanumeric()).filter(|word| !word.is_empty()).collect();
    (0..words.len()).filter_map(move |at| {
        let named = (words[at].len() == 4).then(|| words[at].parse::<i32>().ok()).flatten()?;
        let previous = words[at.checked_sub(1)?];
        let alone = YEAR_PREPOSITIONS.iter().any(|word| word.eq_ignore_ascii_case(previous));
        let dated = alone
            || dates::month(previous).is_some()
            || (previous.len() <= 2 && previous.bytes().all(|byte| byte.is_ascii_digit()));
        ((1900..2100).contains(&named) && dated).then_some((named, alone))
    })
}

/// Whether `sentence` dates what it tells by a year alone, without a day ("Discussions ...
/// began in 2015 with the signing of the joint work plan", "the meeting in 2024 in Minsk, when a
/// joint declaration ... was signed").
pub(crate) fn names_a_year_alone(sentence: &str) -> bool {
    years_as_dates(sentence).any(|(_, alone)| alone) && dates::event_date(sentence, None).is_none()
}

/// Whether `sentence` names no year as a date.
pub(crate) fn names_no_year(sentence: &str) -> bool {
    years_as_dates(sentence).next().is_none()
}

/// Words before a year that make it the date of something: "in 2002", "since 2014".
const YEAR_PREPOSITIONS: &[&str] =
    &["in", "since", "of", "from", "until", "by", "during", "between", "and", "to", "year"];

#[cfg(test)]
mod tests {
    use crate::enrich::testing::release;

    /// The codes found in a release with `title` and `body`.
    fn codes(title: &str, body: &str) -> Vec<&'static str> {
        let mut press_release = release(title, body);
        crate::enrich::enrich(&mut press_release);
        press_release.agreements.iter().map(|agreement| agreement.kind.code()).collect()
    }

    #[test]
    fn a_plain_memorandum_signed_is_an_mou() {
        assert_eq!(
            codes("News", "Both ports signed a memorandum on joint inspections today."),
            ["MOU"]
        );
        assert_eq!(
            codes("News", "The Memorandum on staff training was signed by both ministers."),
            ["MOU"]
        );
        assert_eq!(codes("News", "The two services inked memoranda on data exchange."), ["MOU"]);
        // Named, not signed: nothing.
        assert!(codes("News", "The memorandum sets out how officers will cooperate.").is_empty());
    }

    #[test]
    fn in_an_undated_release_a_signing_dated_by_a_year_alone_beside_an_undated_one_is_history() {
        // `release` is dated; these need a release without a day.
        let undated = |body: &str| {
            let mut press_release = release("News", body);
            press_release.published = None;
            crate::enrich::enrich(&mut press_release);
            press_release
                .agreements
                .iter()
                .map(|agreement| agreement.kind.code())
                .collect::<Vec<_>>()
        };
        let body = "Chile and Peru signed a mutual recognition arrangement. Talks began in 2015 \
                    with the signing of a joint work plan.";
        assert_eq!(undated(body), ["MRA"]);
        // Alone, or with a day, a year's signing is the news.
        assert_eq!(undated("Talks began in 2015 with the signing of a joint work plan."), ["JWP"]);
        let body = "Chile and Peru signed a mutual recognition arrangement. They also signed a \
                    joint work plan on 5 May 2015.";
        assert_eq!(undated(body), ["MRA", "JWP"]);
    }

    #[test]
    fn a_draft_named_before_its_agreement_is_not_signed() {
        let body = "Egypt finalized the draft of the preliminary agreement on mutual assistance in \
                    customs matters with Peru.";
        assert!(codes("News", body).is_empty());
        // Agreements in the plural are not typed by a purpose they may not share.
        let body = "The ministry announced signing a number of agreements related to mutual \
                    assistance in customs matters with countries including Peru and Chile.";
        assert!(codes("News", body).is_empty());
    }

    #[test]
    fn an_approval_is_not_a_signing() {
        assert!(
            codes(
                "News",
                "The Union Cabinet has approved the signing of an MOU between India and Peru."
            )
            .is_empty()
        );
        assert!(
            codes(
                "News",
                "The Cabinet on Wednesday approved the Memorandum of Understanding (MoU) signed \
                 between India and Peru."
            )
            .is_empty()
        );
        assert_eq!(codes("News", "The ministers approved and signed the MOU with Peru."), ["MOU"]);
    }

    #[test]
    fn a_headline_infinitive_and_a_preparation_tell_the_future() {
        assert!(codes("Ukraine and US to sign customs mutual assistance agreement", "").is_empty());
        assert!(codes("Nigeria, Benin to implement MoU on border security", "").is_empty());
        // A record is not a plan.
        assert_eq!(codes("ICE first U.S. agency to sign MOU with Russia", ""), ["MOU"]);
        assert!(
            codes(
                "News",
                "The sides met in preparation for the signing of an MOU on customs cooperation."
            )
            .is_empty()
        );
    }

    #[test]
    fn a_wish_word_inside_a_name_is_no_wish() {
        // A ministry's or body's name that holds "Planning" or "Hope" signs as anyone does.
        assert_eq!(
            codes(
                "News",
                "Commissioner Lee and Ms. Osei, Minister of Finance and Economic Planning, today \
                 signed a Customs Mutual Assistance Agreement with Ghana."
            ),
            ["CMAA"]
        );
        assert_eq!(
            codes("News", "The National Planning Commission of Nepal signed an MOU with CBP."),
            ["MOU"]
        );
        // The wish itself, capitalised in a headline or opening a sentence, is still one.
        assert!(codes("Mexico Plans to Sign Customs Mutual Assistance Agreement", "").is_empty());
        assert!(
            codes("News", "Planning to sign an MRA, the two agencies met in Ottawa.").is_empty()
        );
        assert!(codes("News", "Officials are planning to sign an MRA with Peru.").is_empty());
        assert!(codes("News", "Both are set to sign an MRA with Peru.").is_empty());
        assert!(
            codes(
                "News",
                "With a view to signing a treaty, they will also sign a Letter of Intent."
            )
            .is_empty()
        );
        // Nor is the plan a document's name.
        assert_eq!(codes("News", "A joint work plan was signed on 5 May."), ["JWP"]);
    }

    #[test]
    fn a_memorandum_ending_a_title_is_another_document() {
        assert!(
            codes(
                "News",
                "The sides signed the \u{201c}Trade Cooperation Memorandum on Transit\u{201d}."
            )
            .is_empty()
        );
        assert!(codes("News", "The bill was signed with its Explanatory Memorandum.").is_empty());
    }

    #[test]
    fn a_draft_is_not_signed() {
        assert!(
            codes(
                "News",
                "The minister signed an order approving the draft memorandum of understanding."
            )
            .is_empty()
        );
        assert!(
            codes("News", "Experts are finalizing a draft MoU on customs cooperation.").is_empty()
        );
        assert_eq!(codes("News", "The ministers signed the MoU they drafted together."), ["MOU"]);
    }
}
