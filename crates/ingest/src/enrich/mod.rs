//! Enrichment: the countries and agreement types a release is about, from its text.
//!
//! The title, summary, body and captions are scanned once each by one Aho-Corasick automaton
//! (`scan.rs`); the country and agreement rules then work on the matches, never on the raw text
//! again except to look at a match's neighbouring words or its sentence.
//!
//! - Countries ([`Country`]): by name, alias or demonym; the United States is left out (it is
//!   in every release); ambiguous words need context (see `country.rs`). Order: named in the
//!   title first, then by number of mentions, then first appearance in the sentences that
//!   report an agreement, then first appearance.
//! - Agreements ([`AgreementKind`]): tagged when a sentence names the type and reports it as
//!   signed, concluded, renewed, entering into force, finalized or announced (see
//!   `agreement.rs`); the sentence is kept as evidence.

mod agreement;
mod country;
mod names;
mod scan;
mod sentence;
mod words;

use std::ops::Range;

pub use agreement::{Agreement, AgreementKind};
pub use country::Country;

use crate::PressRelease;
use scan::{Hit, Tag};

/// Fills `release.countries` and `release.agreements` from its title, summary, body and
/// captions.
pub fn enrich(release: &mut PressRelease) {
    let text = ReleaseText::new(release);
    let year = release.published.map(|at| at.date_naive()).or(release.release_date);
    let found = agreement::extract_agreements(&text, year);
    let countries = country::extract_countries(&text, &found);
    let agreements = found
        .into_iter()
        .map(|found| Agreement {
            kind: found.kind,
            evidence: text.segments[found.segment].text[found.sentence].to_owned(),
        })
        .collect();
    release.countries = countries;
    release.agreements = agreements;
}

/// Which part of a release a piece of text comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Section {
    Title,
    Summary,
    Body,
    Caption,
}

/// One scanned part of a release: its text, its matches and its sentences.
pub(crate) struct Segment<'a> {
    pub(crate) section: Section,
    pub(crate) text: &'a str,
    pub(crate) hits: Vec<Hit>,
    /// Split only when the segment names an agreement or Georgia; empty otherwise.
    pub(crate) sentences: Vec<Range<usize>>,
}

/// The release's text, scanned: title, summary, body, then captions, in that order.
pub(crate) struct ReleaseText<'a> {
    pub(crate) segments: Vec<Segment<'a>>,
}

impl<'a> ReleaseText<'a> {
    pub(crate) fn new(release: &'a PressRelease) -> ReleaseText<'a> {
        let parts = [(Section::Title, release.title.as_str())]
            .into_iter()
            .chain(release.summary.as_deref().map(|summary| (Section::Summary, summary)))
            .chain([(Section::Body, release.body.as_str())])
            .chain(release.captions.iter().map(|caption| (Section::Caption, caption.as_str())));
        let segments = parts
            .filter(|(_, text)| !text.trim().is_empty())
            .map(|(section, text)| {
                let hits = scan::scan(text);
                // Sentences are only needed around agreements (evidence) and Georgia (its
                // sentence must not name Atlanta); most segments have neither.
                let georgia = Country::lookup("GE");
                let needs_sentences = hits.iter().any(|hit| match hit.tag {
                    Tag::Agreement(_) => true,
                    Tag::Country(country, _) => Some(country) == georgia,
                    _ => false,
                });
                let sentences = if needs_sentences { sentence::split(text) } else { Vec::new() };
                Segment { section, text, hits, sentences }
            })
            .collect();
        ReleaseText { segments }
    }
}

#[cfg(test)]
pub(crate) mod testing {
    //! A release built from a title and a body, for the unit tests of the rules.

    use crate::{PressRelease, ReleaseKind};

    /// A release with `title` and `body` (paragraphs separated by blank lines), published in
    /// 2023.
    pub(crate) fn release(title: &str, body: &str) -> PressRelease {
        PressRelease {
            guid: "test".to_owned(),
            title: title.to_owned(),
            published: chrono::DateTime::from_timestamp(1_695_000_000, 0),
            feed: "test".to_owned(),
            kind: ReleaseKind::NationalMediaRelease,
            body: body.to_owned(),
            ..PressRelease::default()
        }
    }
}
