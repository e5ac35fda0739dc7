//! Per-release records: a whole [`Release`] (`parse`, `show`) and a search [`Hit`].

use chrono::NaiveDate;
use pressdex_index::{IndexedRelease, SearchHit};
use pressdex_ingest::PressRelease;
use serde::{Deserialize, Serialize};

use super::values::{Agreement, Country, Highlight, Provenance, Region, Time, highlights};

/// One whole release: what `parse` read from a snapshot (no provenance yet) or what `show` found
/// in the index (with provenance).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Release {
    /// The item's guid (else its link): the key of the release.
    pub guid: String,
    /// Title, whitespace-normalised; may be empty.
    pub title: String,
    /// The release's page; may be empty.
    pub link: String,
    /// Publication time, or null when the feed gives none (or none that parses).
    pub published: Option<Time>,
    /// The feed's (channel's) title.
    pub feed: String,
    /// `national-media-release`, `local-media-release`, `speeches-and-statements` or `page`.
    pub kind: String,
    /// The dateline, e.g. "San Diego, CA" or "Sterling, Va.", or null.
    pub location: Option<String>,
    /// The author the feed names, or null.
    pub creator: Option<String>,
    /// The "For More Information" contact, or null.
    pub contact: Option<String>,
    /// The page's "Release Date" field (`YYYY-MM-DD`), or null.
    pub release_date: Option<NaiveDate>,
    /// Countries the release is about, most salient first.
    pub countries: Vec<Country>,
    /// Countries it only mentions (in a list, as background), in order of first mention.
    pub mentions: Vec<Country>,
    /// The UN M49 regions of its countries (smallest first) and the European Union when it is
    /// a party.
    pub regions: Vec<Region>,
    /// Agreements it reports, in order of mention.
    pub agreements: Vec<Agreement>,
    /// The earliest event date of its agreements (`YYYY-MM-DD`), or null.
    pub event_date: Option<NaiveDate>,
    /// The page-header paragraph, or null.
    pub summary: Option<String>,
    /// The text: paragraphs separated by a blank line.
    pub body: String,
    /// Figure captions, in page order.
    pub captions: Vec<String>,
    /// Where the indexed release came from; null from `parse` (not indexed).
    pub provenance: Option<Provenance>,
}

impl From<&PressRelease> for Release {
    fn from(release: &PressRelease) -> Release {
        Release {
            guid: release.guid.clone(),
            title: release.title.clone(),
            link: release.link.clone(),
            published: release.published.map(Time),
            feed: release.feed.clone(),
            kind: release.kind.as_str().to_string(),
            location: release.location.clone(),
            creator: release.creator.clone(),
            contact: release.contact.clone(),
            release_date: release.release_date,
            countries: release.countries.iter().copied().map(Country::from).collect(),
            mentions: release.mentions.iter().copied().map(Country::from).collect(),
            regions: release.regions().into_iter().map(Region::from).collect(),
            agreements: release.agreements.iter().map(Agreement::from).collect(),
            event_date: release.event_date,
            summary: release.summary.clone(),
            body: release.body.clone(),
            captions: release.captions.clone(),
            provenance: None,
        }
    }
}

impl From<&IndexedRelease> for Release {
    fn from(indexed: &IndexedRelease) -> Release {
        Release {
            provenance: Some(Provenance::from(&indexed.provenance)),
            ..Release::from(&indexed.release)
        }
    }
}

/// One search hit: the release's short keys, its score, and what matched.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    /// See [`Release::guid`].
    pub guid: String,
    /// See [`Release::title`].
    pub title: String,
    /// See [`Release::link`].
    pub link: String,
    /// See [`Release::published`].
    pub published: Option<Time>,
    /// See [`Release::feed`].
    pub feed: String,
    /// See [`Release::kind`].
    pub kind: String,
    /// See [`Release::location`].
    pub location: Option<String>,
    /// See [`Release::countries`].
    pub countries: Vec<Country>,
    /// See [`Release::agreements`].
    pub agreements: Vec<Agreement>,
    /// BM25 relevance within the hit's tier; 0 when sorted by date or listing without words.
    pub score: f32,
    /// The searched words in `title`.
    pub title_highlights: Vec<Highlight>,
    /// The best passage of the text, with the searched words marked.
    pub snippet: Snippet,
    /// Where the release came from.
    pub provenance: Provenance,
}

/// A passage of a release with the searched words marked; empty text when nothing matched in
/// the body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snippet {
    /// The passage, whitespace-normalised.
    pub text: String,
    /// The searched words in `text`.
    pub highlights: Vec<Highlight>,
}

impl From<&SearchHit> for Hit {
    fn from(hit: &SearchHit) -> Hit {
        let release = &hit.release.release;
        Hit {
            guid: release.guid.clone(),
            title: release.title.clone(),
            link: release.link.clone(),
            published: release.published.map(Time),
            feed: release.feed.clone(),
            kind: release.kind.as_str().to_string(),
            location: release.location.clone(),
            countries: release.countries.iter().copied().map(Country::from).collect(),
            agreements: release.agreements.iter().map(Agreement::from).collect(),
            score: hit.score,
            title_highlights: highlights(&release.title, &hit.title_highlights),
            snippet: Snippet {
                text: hit.snippet.text.clone(),
                highlights: highlights(&hit.snippet.text, &hit.snippet.highlights),
            },
            provenance: Provenance::from(&hit.release.provenance),
        }
    }
}
