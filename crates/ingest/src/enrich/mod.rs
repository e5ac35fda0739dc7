//! Enrichment: the countries and agreement types a release is about, from its text.
//!
//! The title, summary, body and captions are scanned once each by one Aho-Corasick automaton
//! (`scan.rs`, into a `text::ReleaseText`); the country and agreement rules then work on the
//! matches, never on the raw text again except to look at a match's neighbouring words or its
//! sentence.
//!
//! - Countries ([`Country`], `country.rs`): by name, alias or demonym; the United States is left
//!   out (it is in every release); ambiguous words need context (see `mentions.rs`). Order:
//!   named in the title first, then by number of mentions, then first appearance in the
//!   sentences that report an agreement, then first appearance.
//! - Agreements ([`AgreementKind`], `agreement.rs`): tagged when a sentence names the type and
//!   reports it as signed, concluded, renewed, entering into force, finalized or announced (see
//!   `reports.rs`); the sentence is kept as evidence.
//!
//! The word tables the automaton and the rules share are in `words.rs` (the country names in
//! `names.rs`), and the types apart from the rules, so each module only uses those before it:
//! `agreement`, `names`, `sentence`; `country`, `words`; `scan`; `text`; `reports`; `mentions`.

mod agreement;
mod country;
mod mentions;
mod names;
mod reports;
mod scan;
mod sentence;
mod text;
mod words;

pub use agreement::{Agreement, AgreementKind};
pub use country::Country;

use crate::PressRelease;
use text::ReleaseText;

/// Fills `release.countries` and `release.agreements` from its title, summary, body and
/// captions.
pub fn enrich(release: &mut PressRelease) {
    let text = ReleaseText::new(release);
    let year = release.published.map(|at| at.date_naive()).or(release.release_date);
    let found = reports::extract_agreements(&text, year);
    let countries = mentions::extract_countries(&text, &found);
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
