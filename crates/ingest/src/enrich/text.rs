//! A release's text, scanned once: each part (title, summary, body, captions) with its matches
//! and, where the rules need them, its sentences.

use std::ops::Range;

use super::country::Country;
use super::scan::{self, Hit, Tag};
use super::sentence;
use crate::PressRelease;

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
