//! What a release says of each country it names, as numbers: the inputs of a learned decision
//! whether the release is about the country or only mentions it, beside the rules' own
//! (`mentions::Candidate::rule`).
//!
//! The rules decide. `cargo run -p pressdex-ingest --example salience` fits a logistic model on
//! these inputs over the development batches of the labelled real releases (never the test half)
//! and scores each batch with a model trained on the other batches only: held out that way, the
//! model does not beat the rules (`tests/fixtures/labels/README.md`, "Round 11"), so it is a
//! measurement, not a step of the pipeline. The inputs are computed from the same `Candidate`
//! the rules decide from, so the two cannot drift apart.

use super::mentions::Candidate;

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
pub(crate) struct Release {
    pub(crate) mentions: usize,
    pub(crate) countries: usize,
    pub(crate) most: usize,
    pub(crate) names_us: bool,
}

impl Release {
    pub(crate) fn of(candidates: &[Candidate], names_us: bool) -> Release {
        Release {
            mentions: candidates.iter().map(|candidate| candidate.mentions).sum(),
            countries: candidates.len(),
            most: candidates.iter().map(|candidate| candidate.mentions).max().unwrap_or(0),
            names_us,
        }
    }
}

/// The model's inputs for `candidate` (see [`FEATURES`]).
pub(crate) fn features(candidate: &Candidate, release: Release) -> [f64; FEATURES.len()] {
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
