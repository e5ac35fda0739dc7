//! A release's text, scanned once: each part (title, summary, body, captions) with its matches
//! and, where the rules need them, its sentences.

use std::ops::Range;

use super::country::Country;
use super::scan::{self, Hit};
use super::sentence;
use crate::PressRelease;

/// For each segment, for each hit: the country it names, when it is a mention of one (the
/// United States never).
pub(crate) type Accepted = Vec<Vec<Option<Country>>>;

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
    /// Its sentences, in order (agreements are reported, and countries listed or named as
    /// background, sentence by sentence).
    pub(crate) sentences: Vec<Range<usize>>,
}

/// The release's text, scanned: title, summary, body, then captions, in that order.
pub(crate) struct ReleaseText<'a> {
    pub(crate) segments: Vec<Segment<'a>>,
}

impl Segment<'_> {
    /// The hits inside `range` (a sentence), with their indexes into `hits`.
    pub(crate) fn hits_in(&self, range: &Range<usize>) -> impl Iterator<Item = (usize, &Hit)> {
        self.hits
            .iter()
            .enumerate()
            .filter(move |(_, hit)| hit.start >= range.start && hit.end <= range.end)
    }

    /// The sentence holding byte `at`, if any.
    pub(crate) fn sentence_at(&self, at: usize) -> Option<&Range<usize>> {
        self.sentences.iter().find(|range| range.start <= at && at < range.end)
    }
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
                let sentences = sentence::split(text);
                Segment { section, text, hits, sentences }
            })
            .collect();
        ReleaseText { segments }
    }
}

/// Lower-cased words of `text`, split on anything but letters, digits and apostrophes.
pub(crate) fn lower_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect()
}
