//! The values that flow out of ingest: one `FeedItem` per feed entry, one `PressRelease` per item
//! once its HTML has been turned into text and its facets extracted.

use chrono::{DateTime, NaiveDate, Utc};

use crate::enrich::{Agreement, Country, Party, Region};

/// One entry of a feed snapshot, as the feed states it, before its HTML is read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeedItem {
    /// 1-based position of the item in its snapshot (for diagnostics).
    pub position: usize,
    /// The item's guid (RSS `guid`, Atom `id`, RDF `rdf:about`), else its link.
    pub guid: String,
    /// The item's link, empty when the feed gives none.
    pub link: String,
    /// The item's title, whitespace-normalised; empty when missing (a diagnostic says so).
    pub title: String,
    /// The publication time in UTC, `None` when missing or unparseable.
    pub published: Option<DateTime<Utc>>,
    /// `dc:creator`, RSS `author` or Atom `author/name`.
    pub creator: Option<String>,
    /// The channel (feed) title, e.g. "International Operations".
    pub feed: String,
    /// The item's HTML: `content:encoded` when present, else `description` / Atom `content` or
    /// `summary`, entity-decoded once (so it is HTML again).
    pub html: String,
    /// A hash of the item's raw bytes (and of [`crate::PIPELINE_VERSION`]): equal hashes mean
    /// the item needs no new parse, so a re-index can skip it before reading its HTML.
    pub raw_hash: u64,
}

/// What kind of page a release is, from its link.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ReleaseKind {
    /// `/newsroom/national-media-release/...`
    NationalMediaRelease,
    /// `/newsroom/local-media-release/...`
    LocalMediaRelease,
    /// `/newsroom/speeches-and-statements/...`
    SpeechesAndStatements,
    /// Any other page (spotlights, program pages).
    #[default]
    Page,
}

impl ReleaseKind {
    /// Every kind, in a stable order.
    pub const ALL: [ReleaseKind; 4] = [
        ReleaseKind::NationalMediaRelease,
        ReleaseKind::LocalMediaRelease,
        ReleaseKind::SpeechesAndStatements,
        ReleaseKind::Page,
    ];

    /// The kind of the page at `link`, from its path.
    pub fn from_link(link: &str) -> ReleaseKind {
        ReleaseKind::ALL
            .into_iter()
            .find(|kind| {
                *kind != ReleaseKind::Page && link.contains(&format!("/{}/", kind.as_str()))
            })
            .unwrap_or(ReleaseKind::Page)
    }

    /// The kind's name, as in links and facets: `national-media-release`, ..., `page`.
    pub fn as_str(self) -> &'static str {
        match self {
            ReleaseKind::NationalMediaRelease => "national-media-release",
            ReleaseKind::LocalMediaRelease => "local-media-release",
            ReleaseKind::SpeechesAndStatements => "speeches-and-statements",
            ReleaseKind::Page => "page",
        }
    }

    /// The kind named `name` (as `as_str` spells it, any case).
    pub fn from_name(name: &str) -> Option<ReleaseKind> {
        ReleaseKind::ALL.into_iter().find(|kind| kind.as_str().eq_ignore_ascii_case(name.trim()))
    }
}

/// A release ready for the index: the feed's fields, the text of its HTML, and its facets.
/// `Default` is an empty release of kind `page`, for building one field by field.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PressRelease {
    /// See [`FeedItem::guid`].
    pub guid: String,
    /// See [`FeedItem::link`].
    pub link: String,
    /// See [`FeedItem::title`].
    pub title: String,
    /// See [`FeedItem::published`].
    pub published: Option<DateTime<Utc>>,
    /// See [`FeedItem::creator`].
    pub creator: Option<String>,
    /// See [`FeedItem::feed`].
    pub feed: String,
    /// From the link.
    pub kind: ReleaseKind,
    /// The page-header paragraph, when the page has one.
    pub summary: Option<String>,
    /// The body field's text: paragraphs separated by a blank line, without the agency footer.
    pub body: String,
    /// Figure captions, in page order, kept apart from the body.
    pub captions: Vec<String>,
    /// The dateline: the page's dateline field ("San Diego, CA"), else the place that opens the
    /// body before a dash ("WASHINGTON –" is "Washington", "STERLING, Va. –" "Sterling, Va.").
    pub location: Option<String>,
    /// The "For More Information" value.
    pub contact: Option<String>,
    /// The "Release Date" field.
    pub release_date: Option<NaiveDate>,
    /// Countries the release is about (its subject, the parties to what it reports, the place of
    /// the event, a foreign dateline), most salient first; the United States left out.
    pub countries: Vec<Country>,
    /// Countries only mentioned: in a list of five or more, as background (history, counts,
    /// wishes, a threat's scene), or named once in passing; in order of first mention.
    pub mentions: Vec<Country>,
    /// Agreements the release reports as signed, renewed or announced, with parties, evidence
    /// and date.
    pub agreements: Vec<Agreement>,
    /// The earliest event date of its agreements, `None` when none has one.
    pub event_date: Option<NaiveDate>,
    /// See [`FeedItem::raw_hash`].
    pub raw_hash: u64,
}

impl PressRelease {
    /// The regions of the release: those of the countries it is about (smallest first, each
    /// once), and the European Union when it is a party to an agreement.
    pub fn regions(&self) -> Vec<Region> {
        let mut regions: Vec<Region> = Vec::new();
        let eu_party = self
            .agreements
            .iter()
            .any(|agreement| agreement.parties.contains(&Party::EuropeanUnion));
        let found = self.countries.iter().flat_map(|country| Region::of_country(*country));
        for region in found.chain(eu_party.then(Region::european_union)) {
            if !regions.contains(&region) {
                regions.push(region);
            }
        }
        regions
    }
}
