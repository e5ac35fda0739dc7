//! Which countries a release is about, and which it only mentions. For every country a release
//! names (or is given as a party or a foreign dateline's country) one record, `Candidate`, holds
//! what the release says of it: in the title, in a list, in the lead, in a role of the news, a
//! party, the number and share of its mentions, ... The rules decide from it ([`candidates`]),
//! [`split`] orders the countries by salience.
//!
//! The same record as numbers ([`features`]) is what `cargo run -p pressdex-ingest --example
//! salience` fits a logistic model on, over the development batches of the labelled real
//! releases (never the test half), scoring each batch with a model trained on the other batches
//! only: held out that way, no model beats the rules (`tests/fixtures/labels/README.md`, "Round
//! 11"), so the model is a measurement, not a step of the pipeline. Both read one record, so
//! they cannot drift apart.

use super::country::Country;
use super::mentions::in_a_role;
use super::reports::Found;
use super::salience;
use super::text::{Accepted, ReleaseText, Section, Segment, lower_words};

/// What a release says of one country it names: the inputs of the decision whether the release
/// is about the country or only mentions it.
#[derive(Clone, Debug)]
pub(crate) struct Candidate {
    pub(crate) country: Country,
    /// Named in the title outside a list of five or more.
    pub(crate) in_title: bool,
    /// Named in the title at all.
    pub(crate) in_title_any: bool,
    /// Named at least once outside background (`salience.rs`).
    pub(crate) foreground: bool,
    /// Named in the foreground in the lead (the summary or the body's first paragraph).
    pub(crate) in_lead: bool,
    /// Named in a role of the news, in the foreground: a place's country, a nationality, an
    /// origin or a destination ([`in_a_role`](super::mentions::in_a_role)).
    pub(crate) in_role: bool,
    /// How many times it is named.
    pub(crate) mentions: usize,
    /// How many of those are in a sentence listing five or more countries.
    pub(crate) listed: usize,
    /// A party to an agreement the release reports.
    pub(crate) party: bool,
    /// The country of a foreign dateline.
    pub(crate) dateline: bool,
    /// Where it is first named in an agreement's evidence sentence, if it is.
    pub(crate) in_evidence: Option<(usize, usize)>,
    /// Where it is first named (segment, byte).
    pub(crate) first: (usize, usize),
    /// The rules' decision: about the release (see [`candidates`]).
    pub(crate) rule: bool,
    /// The words around each mention, when asked for (see [`context_words`]).
    pub(crate) context: Vec<String>,
}

/// Every country `text` names, or that is given as a party (`parties`) or as a foreign
/// dateline's country (`dateline`), with what the release says of it. The rules' decision
/// (`Candidate::rule`): a country is about the release when it is named in the title (not only
/// in a list of five or more), is a party or a foreign dateline's country, or is named at least
/// once outside background (`salience.rs`); every other country named is a mention. So is one
/// named in passing: when the title, a party or a foreign dateline says what the release is
/// about, a country named only once, after the lead paragraph, neither in the title nor given
/// and in no role of the news ([`in_a_role`](super::mentions::in_a_role): a place's country, a nationality, an origin, a
/// destination) ("the people of the Pacific, Polynesia, New Caledonia", "their counterparts from
/// Paraguay", "the Mexican Emergency Services").
pub(crate) fn candidates(
    text: &ReleaseText<'_>,
    accepted: &Accepted,
    agreements: &[Found],
    parties: &[Country],
    dateline: Option<Country>,
    year: Option<i32>,
    with_context: bool,
) -> Vec<Candidate> {
    let mut seen: Vec<Candidate> = Vec::new();
    for (index, segment) in text.segments.iter().enumerate() {
        let lead_end = match segment.section {
            Section::Summary => segment.text.len(),
            Section::Body => segment.text.find("\n\n").unwrap_or(segment.text.len()),
            Section::Title | Section::Caption => 0,
        };
        for (position, hit) in segment.hits.iter().enumerate() {
            let Some(country) = accepted[index][position] else { continue };
            let at = (index, hit.start);
            let in_lead = hit.start < lead_end;
            let in_role = in_a_role(segment, position);
            let in_evidence = agreements
                .iter()
                .any(|found| {
                    found.segment == index
                        && found.sentence.start <= hit.start
                        && hit.end <= found.sentence.end
                })
                .then_some(at);
            let in_title = segment.section == Section::Title;
            let listed = salience::is_listed(text, accepted, index, position);
            let foreground = !salience::is_background(text, index, position, year, listed);
            let ctx = if with_context { context_words(segment, position) } else { Vec::new() };
            match seen.iter_mut().find(|candidate| candidate.country == country) {
                Some(candidate) => {
                    candidate.mentions += 1;
                    candidate.listed += usize::from(listed);
                    candidate.in_title |= in_title && foreground;
                    candidate.in_title_any |= in_title;
                    candidate.foreground |= foreground;
                    candidate.in_lead |= in_lead && foreground;
                    candidate.in_role |= in_role && foreground;
                    candidate.in_evidence = candidate.in_evidence.or(in_evidence);
                    candidate.context.extend(ctx);
                }
                None => seen.push(Candidate {
                    country,
                    in_title: in_title && foreground,
                    in_title_any: in_title,
                    foreground,
                    in_lead: in_lead && foreground,
                    in_role: in_role && foreground,
                    mentions: 1,
                    listed: usize::from(listed),
                    party: false,
                    dateline: false,
                    in_evidence,
                    first: at,
                    rule: false,
                    context: ctx,
                }),
            }
        }
    }
    for (country, is_party) in parties
        .iter()
        .map(|&country| (country, true))
        .chain(dateline.map(|country| (country, false)))
    {
        let candidate = match seen.iter_mut().position(|candidate| candidate.country == country) {
            Some(at) => &mut seen[at],
            None => {
                seen.push(Candidate {
                    country,
                    in_title: false,
                    in_title_any: false,
                    foreground: false,
                    in_lead: false,
                    in_role: false,
                    mentions: 0,
                    listed: 0,
                    party: false,
                    dateline: false,
                    in_evidence: None,
                    first: (usize::MAX, usize::MAX),
                    rule: false,
                    context: Vec::new(),
                });
                let last = seen.len() - 1;
                &mut seen[last]
            }
        };
        candidate.party |= is_party;
        candidate.dateline |= !is_party;
    }
    // Named once, in passing: when the title or a party or foreign dateline says what the
    // release is about, another country named only once, after the lead and in no role of the
    // news, is a mention.
    let subject = !parties.is_empty()
        || dateline.is_some()
        || seen.iter().any(|candidate| candidate.in_title);
    for candidate in &mut seen {
        let given = candidate.party || candidate.dateline;
        let passing = subject
            && !candidate.in_title
            && !candidate.in_lead
            && !candidate.in_role
            && candidate.mentions == 1;
        candidate.rule = given || (candidate.foreground && !passing);
    }
    seen
}

/// The words around the country hit at `position`, for a model that reads them: the four words
/// before it (`b:with`), the three after it (`a:and`), every word of its sentence (`s:signed`)
/// and its section (`sec:Title`).
fn context_words(segment: &Segment<'_>, position: usize) -> Vec<String> {
    const BEFORE: usize = 4;
    const AFTER: usize = 3;
    let hit = &segment.hits[position];
    let sentence = segment.sentence_at(hit.start).cloned().unwrap_or(hit.start..hit.end);
    let before = lower_words(&segment.text[sentence.start.min(hit.start)..hit.start]);
    let after = lower_words(&segment.text[hit.end..sentence.end.max(hit.end)]);
    let mut words: Vec<String> =
        before.iter().rev().take(BEFORE).map(|word| format!("b:{word}")).collect();
    words.extend(after.iter().take(AFTER).map(|word| format!("a:{word}")));
    words.extend(before.iter().chain(&after).map(|word| format!("s:{word}")));
    words.push(format!("sec:{:?}", segment.section));
    words
}

/// The countries of `candidates` the release is about, most salient first (named in the title,
/// then by number of mentions, then first appearance in an agreement's evidence sentence, then
/// first appearance), and those it only mentions, in order of first mention. The rules decide
/// (`Candidate::rule`).
pub(crate) fn split(candidates: Vec<Candidate>) -> (Vec<Country>, Vec<Country>) {
    let (mut about, mentioned): (Vec<Candidate>, Vec<Candidate>) =
        candidates.into_iter().partition(|candidate| candidate.rule);
    about.sort_by_key(|candidate| {
        (
            !candidate.in_title,
            std::cmp::Reverse(candidate.mentions),
            candidate.in_evidence.unwrap_or((usize::MAX, usize::MAX)),
            candidate.first,
        )
    });
    let countries = |candidates: Vec<Candidate>| -> Vec<Country> {
        candidates.into_iter().map(|candidate| candidate.country).collect()
    };
    (countries(about), countries(mentioned))
}

/// The inputs of the model, by name, in the order `features` gives them.
pub const FEATURES: [&str; 17] = [
    "bias",
    "rules say about",
    "in the title (not in a list)",
    "in the title",
    "a party to an agreement",
    "a foreign dateline's country",
    "in the lead, foreground",
    "in a role of the news",
    "named once outside background",
    "ln(1 + mentions)",
    "share of the release's mentions",
    "in an agreement's evidence",
    "named most often",
    "share of its mentions in lists",
    "ln(1 + countries named)",
    "named once",
    "the release names no U.S. agency",
];

/// What the whole release says, beside each country: how many country mentions and how many
/// countries it has, and whether it names a U.S. agency.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Totals {
    pub(crate) mentions: usize,
    pub(crate) countries: usize,
    pub(crate) most: usize,
    pub(crate) names_us: bool,
}

impl Totals {
    pub(crate) fn of(candidates: &[Candidate], names_us: bool) -> Totals {
        Totals {
            mentions: candidates.iter().map(|candidate| candidate.mentions).sum(),
            countries: candidates.len(),
            most: candidates.iter().map(|candidate| candidate.mentions).max().unwrap_or(0),
            names_us,
        }
    }
}

/// The model's inputs for `candidate` (see [`FEATURES`]).
pub(crate) fn features(candidate: &Candidate, release: Totals) -> [f64; FEATURES.len()] {
    let flag = |on: bool| if on { 1.0 } else { 0.0 };
    let ratio =
        |part: usize, whole: usize| if whole == 0 { 0.0 } else { part as f64 / whole as f64 };
    [
        1.0,
        flag(candidate.rule),
        flag(candidate.in_title),
        flag(candidate.in_title_any),
        flag(candidate.party),
        flag(candidate.dateline),
        flag(candidate.in_lead),
        flag(candidate.in_role),
        flag(candidate.foreground),
        (1.0 + candidate.mentions as f64).ln(),
        ratio(candidate.mentions, release.mentions),
        flag(candidate.in_evidence.is_some()),
        flag(candidate.mentions > 0 && candidate.mentions == release.most),
        ratio(candidate.listed, candidate.mentions),
        (1.0 + release.countries as f64).ln(),
        flag(candidate.mentions == 1),
        flag(!release.names_us),
    ]
}
