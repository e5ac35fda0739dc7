//! The Tantivy schema of a release: field names, the English analyzer, the facet paths and the
//! conversion of dates. (Opening, creating and checking an index directory is `directory`'s.)
//!
//! Field names live here as constants and nowhere else. Every facet dimension goes into the one
//! [`FACETS`] field (`/country/MX`, `/agreement/CMAA`, `/region/013`, `/party/MRA/IL`,
//! `/date/2024/03`, `/feed/<title>`, `/kind/<kind>`), so a single `FacetCollector` counts any set
//! of dimensions in one pass.

use chrono::{DateTime as ChronoDateTime, Datelike, Utc};
use pressdex_ingest::{AgreementKind, Country, Party, Region};
use tantivy::DateTime;
use tantivy::schema::{
    DateOptions, DateTimePrecision, FAST, Facet, FacetOptions, Field, INDEXED, IndexRecordOption,
    STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer};

use crate::error::{Result, SchemaFound, UserError};
use crate::grams::CommonGrams;
pub(crate) use crate::grams::EN_GRAMS;
use crate::stem::CachedStemmer;

/// The version of the schema (and of what documents hold). Bump it on any change to fields,
/// analyzers or document encoding: an index of another version must be rebuilt.
///
/// 3: countries stored and faceted by ISO 3166-1 alpha-2 code instead of name.
/// 4: countries are those a release is about; `mention`, agreement parties and event dates,
/// `event_date`, `/region` and `/party` facets.
/// 5: `indexed_at`, `changed_at`, the snapshot's feed URL and feed date, and the snapshots
/// each release was seen in (`sightings`); provenance paths are absolute.
/// 6: a gram field beside each text field (`title_grams`, ...; `grams.rs`), for phrases of
/// common words.
/// 7: the gram fields also hold the triples of a common word between two others ("port of
/// entri"), so such a phrase is one term.
pub const SCHEMA_VERSION: u32 = 7;

/// Words of this many bytes or more are dropped by the analyzer (`RemoveLongFilter`): they
/// are never indexed, never match, and snippets skip them too.
pub(crate) const LONG_WORD_BYTES: usize = 40;

/// The analyzer of every text field: simple tokens, long ones dropped, lowercased, English
/// (Porter) stems, so "signing" finds "signed" and "Agreements" finds "agreement".
pub(crate) const EN_STEM: &str = "en_stem";

/// The unique key: raw (untokenized), indexed and stored.
pub(crate) const GUID: &str = "guid";
/// The release's URL: raw, indexed (so `show LINK` can find it) and stored.
pub(crate) const LINK: &str = "link";
/// Text field (en_stem, positions, stored).
pub(crate) const TITLE: &str = "title";
/// Text field (en_stem, positions, stored); absent when the page has no summary.
pub(crate) const SUMMARY: &str = "summary";
/// Text field (en_stem, positions, stored).
pub(crate) const BODY: &str = "body";
/// Text field (en_stem, positions, stored), one value per caption, in page order.
pub(crate) const CAPTIONS: &str = "captions";
/// Text field (en_stem, positions, stored); the dateline.
pub(crate) const LOCATION: &str = "location";
/// The common grams of [`TITLE`] (`grams.rs`): indexed with positions, no norms, not stored.
pub(crate) const TITLE_GRAMS: &str = "title_grams";
/// The common grams of [`SUMMARY`].
pub(crate) const SUMMARY_GRAMS: &str = "summary_grams";
/// The common grams of [`BODY`].
pub(crate) const BODY_GRAMS: &str = "body_grams";
/// The common grams of [`CAPTIONS`].
pub(crate) const CAPTIONS_GRAMS: &str = "captions_grams";
/// The common grams of [`LOCATION`].
pub(crate) const LOCATION_GRAMS: &str = "location_grams";
/// Stored only.
pub(crate) const CREATOR: &str = "creator";
/// Stored only.
pub(crate) const CONTACT: &str = "contact";
/// The channel title: stored (and faceted under `/feed`).
pub(crate) const FEED: &str = "feed";
/// The kind name (`national-media-release`, ...): raw, indexed, stored.
pub(crate) const KIND: &str = "kind";
/// The "Release Date" field as `YYYY-MM-DD`: stored only.
pub(crate) const RELEASE_DATE: &str = "release_date";
/// Countries as ISO 3166-1 alpha-2 codes (`MX`), most salient first: stored only (faceted
/// under `/country`). Codes, not names, so renaming a country never breaks a stored document.
pub(crate) const COUNTRY: &str = "country";
/// Countries only mentioned, as ISO 3166-1 alpha-2 codes: raw (`mentions:` filters on it),
/// indexed and stored; not faceted.
pub(crate) const MENTION: &str = "mention";
/// Agreement codes: stored only (faceted under `/agreement`); parallel to
/// [`AGREEMENT_EVIDENCE`], [`AGREEMENT_PARTIES`] and [`AGREEMENT_EVENT_DATE`].
pub(crate) const AGREEMENT: &str = "agreement";
/// The sentence that reports each agreement, parallel to [`AGREEMENT`]: stored only.
pub(crate) const AGREEMENT_EVIDENCE: &str = "agreement_evidence";
/// Each agreement's parties as space-separated keys (`IL`, `EU`; empty when none), parallel to
/// [`AGREEMENT`]: stored only (faceted under `/party`).
pub(crate) const AGREEMENT_PARTIES: &str = "agreement_parties";
/// Each agreement's event date as `YYYY-MM-DD` (empty when none), parallel to [`AGREEMENT`]:
/// stored only.
pub(crate) const AGREEMENT_EVENT_DATE: &str = "agreement_event_date";
/// The release's event date (its agreements' earliest), as a day at midnight UTC: indexed and
/// fast (`--event-since`, `--event-until`), stored.
pub(crate) const EVENT_DATE: &str = "event_date";
/// Publication time: date, indexed and fast (ranges, sort by date), stored. Tantivy dates hold
/// 1677..2262 only, so a date outside saturates here; [`PUBLISHED_MICROS`] keeps it exactly.
pub(crate) const PUBLISHED: &str = "published";
/// Publication time as Unix microseconds (any year): stored only, what documents decode from.
pub(crate) const PUBLISHED_MICROS: &str = "published_micros";
/// All facets (see the module docs): indexed and stored.
pub(crate) const FACETS: &str = "facets";
/// [`pressdex_ingest::FeedItem::raw_hash`] of the current text: fast and stored.
pub(crate) const RAW_HASH: &str = "raw_hash";
/// Provenance: fetch time of the first snapshot that listed the release. Fast, stored.
pub(crate) const FIRST_SEEN: &str = "first_seen";
/// Provenance: fetch time of the latest snapshot that listed the release. Fast, stored.
pub(crate) const LAST_SEEN: &str = "last_seen";
/// Provenance: the snapshot the current text came from (its absolute path). Stored.
pub(crate) const SNAPSHOT: &str = "snapshot";
/// Provenance: fetch time of [`SNAPSHOT`] (breaks ties between equal `published`). Fast,
/// stored.
pub(crate) const SNAPSHOT_FETCHED: &str = "snapshot_fetched";
/// Provenance: number of distinct contents seen for the guid. Fast, stored.
pub(crate) const REVISIONS: &str = "revisions";
/// Provenance: the distinct content hashes seen for the guid, so `revisions` does not depend on
/// the order snapshots are indexed in. Stored.
pub(crate) const CONTENT_HASHES: &str = "content_hashes";
/// Provenance: the content hash of the current text: a hash of the feed item's fields that,
/// unlike [`RAW_HASH`], does not change when `PIPELINE_VERSION` does, so a new pressdex does not
/// count every release as edited. Stored.
pub(crate) const CONTENT_HASH: &str = "content_hash";
/// The `pressdex_ingest::PIPELINE_VERSION` that built the stored text. Stored.
pub(crate) const PIPELINE: &str = "pipeline_version";
/// Provenance: the feed's own date in [`SNAPSHOT`] (`lastBuildDate`), which breaks a tie of
/// fetch times with a later snapshot. Stored.
pub(crate) const SNAPSHOT_FEED_DATE: &str = "snapshot_feed_date";
/// Provenance: the URL of [`SNAPSHOT`]'s feed, when pressdex fetched it. Stored.
pub(crate) const FEED_URL: &str = "feed_url";
/// When the release was first indexed (the start of that run). Indexed, fast, stored:
/// `--new-since` ranges over it.
pub(crate) const INDEXED_AT: &str = "indexed_at";
/// When the release's content last changed (the start of that run; `indexed_at` until it
/// changes). Indexed, fast, stored: `--changed-since` and watches range over it.
pub(crate) const CHANGED_AT: &str = "changed_at";
/// Provenance: every snapshot that listed the release, as ids into the index's snapshot table
/// (`record`), delta-coded. Stored bytes.
pub(crate) const SIGHTINGS: &str = "sightings";

/// Facet dimension of countries: `/country/<alpha-2 code>`.
pub(crate) const FACET_COUNTRY: &str = "country";
/// Facet dimension of agreements: `/agreement/<code>`.
pub(crate) const FACET_AGREEMENT: &str = "agreement";
/// Facet dimension of regions: `/region/<M49 code or EU>`.
pub(crate) const FACET_REGION: &str = "region";
/// Facet dimension of agreement parties: `/party/<agreement code>/<party key>`, so
/// `--agreement MRA --country IL` matches only releases where Israel is a party to an MRA.
pub(crate) const FACET_PARTY: &str = "party";
/// Facet dimension of publication months: `/date/<yyyy>/<mm>`.
pub(crate) const FACET_DATE: &str = "date";
/// Facet dimension of feeds: `/feed/<channel title>`.
pub(crate) const FACET_FEED: &str = "feed";
/// Facet dimension of kinds: `/kind/<kind>`.
pub(crate) const FACET_KIND: &str = "kind";

/// The fields of the schema, resolved once.
#[derive(Clone, Copy, Debug)]
#[allow(missing_docs)] // each field is documented by the constant of its name
pub(crate) struct Fields {
    pub guid: Field,
    pub link: Field,
    pub title: Field,
    pub summary: Field,
    pub body: Field,
    pub captions: Field,
    pub location: Field,
    pub title_grams: Field,
    pub summary_grams: Field,
    pub body_grams: Field,
    pub captions_grams: Field,
    pub location_grams: Field,
    pub creator: Field,
    pub contact: Field,
    pub feed: Field,
    pub kind: Field,
    pub release_date: Field,
    pub country: Field,
    pub mention: Field,
    pub agreement: Field,
    pub agreement_evidence: Field,
    pub agreement_parties: Field,
    pub agreement_event_date: Field,
    pub event_date: Field,
    pub published: Field,
    pub published_micros: Field,
    pub facets: Field,
    pub raw_hash: Field,
    pub first_seen: Field,
    pub last_seen: Field,
    pub snapshot: Field,
    pub snapshot_fetched: Field,
    pub revisions: Field,
    pub content_hashes: Field,
    pub content_hash: Field,
    pub pipeline: Field,
    pub snapshot_feed_date: Field,
    pub feed_url: Field,
    pub indexed_at: Field,
    pub changed_at: Field,
    pub sightings: Field,
}

impl Fields {
    /// The fields of `schema`, which must be [`build_schema`]'s.
    ///
    /// # Errors
    /// [`UserError::SchemaMismatch`] when a field is missing.
    pub(crate) fn new(schema: &Schema) -> Result<Fields> {
        let field = |name: &'static str| {
            schema.get_field(name).map_err(|_| UserError::SchemaMismatch {
                found: SchemaFound::MissingField(name),
                expected: SCHEMA_VERSION,
            })
        };
        Ok(Fields {
            guid: field(GUID)?,
            link: field(LINK)?,
            title: field(TITLE)?,
            summary: field(SUMMARY)?,
            body: field(BODY)?,
            captions: field(CAPTIONS)?,
            location: field(LOCATION)?,
            title_grams: field(TITLE_GRAMS)?,
            summary_grams: field(SUMMARY_GRAMS)?,
            body_grams: field(BODY_GRAMS)?,
            captions_grams: field(CAPTIONS_GRAMS)?,
            location_grams: field(LOCATION_GRAMS)?,
            creator: field(CREATOR)?,
            contact: field(CONTACT)?,
            feed: field(FEED)?,
            kind: field(KIND)?,
            release_date: field(RELEASE_DATE)?,
            country: field(COUNTRY)?,
            mention: field(MENTION)?,
            agreement: field(AGREEMENT)?,
            agreement_evidence: field(AGREEMENT_EVIDENCE)?,
            agreement_parties: field(AGREEMENT_PARTIES)?,
            agreement_event_date: field(AGREEMENT_EVENT_DATE)?,
            event_date: field(EVENT_DATE)?,
            published: field(PUBLISHED)?,
            published_micros: field(PUBLISHED_MICROS)?,
            facets: field(FACETS)?,
            raw_hash: field(RAW_HASH)?,
            first_seen: field(FIRST_SEEN)?,
            last_seen: field(LAST_SEEN)?,
            snapshot: field(SNAPSHOT)?,
            snapshot_fetched: field(SNAPSHOT_FETCHED)?,
            revisions: field(REVISIONS)?,
            content_hashes: field(CONTENT_HASHES)?,
            content_hash: field(CONTENT_HASH)?,
            pipeline: field(PIPELINE)?,
            snapshot_feed_date: field(SNAPSHOT_FEED_DATE)?,
            feed_url: field(FEED_URL)?,
            indexed_at: field(INDEXED_AT)?,
            changed_at: field(CHANGED_AT)?,
            sightings: field(SIGHTINGS)?,
        })
    }

    /// The gram field of the text field `field` (`grams.rs`); `None` for any other field.
    pub(crate) fn grams_of(&self, field: Field) -> Option<Field> {
        [
            (self.title, self.title_grams),
            (self.summary, self.summary_grams),
            (self.body, self.body_grams),
            (self.captions, self.captions_grams),
            (self.location, self.location_grams),
        ]
        .into_iter()
        .find_map(|(text, grams)| (text == field).then_some(grams))
    }
}

/// The schema of a release document.
pub(crate) fn build_schema() -> Schema {
    let mut builder = Schema::builder();
    let text = TextOptions::default().set_stored().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(EN_STEM)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let stored_text = TextOptions::default().set_stored();
    // Provenance times keep microseconds: file modification times differ by less than a second.
    let time = DateOptions::default()
        .set_stored()
        .set_fast()
        .set_precision(DateTimePrecision::Microseconds);

    builder.add_text_field(GUID, STRING | STORED);
    builder.add_text_field(LINK, STRING | STORED);
    builder.add_text_field(TITLE, text.clone());
    builder.add_text_field(SUMMARY, text.clone());
    builder.add_text_field(BODY, text.clone());
    builder.add_text_field(CAPTIONS, text.clone());
    builder.add_text_field(LOCATION, text);
    // Positions, for phrases of several grams; no norms: a phrase is scored with its text
    // field's (`searcher::gram_phrase`).
    let grams = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(EN_GRAMS)
            .set_fieldnorms(false)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    for name in [TITLE_GRAMS, SUMMARY_GRAMS, BODY_GRAMS, CAPTIONS_GRAMS, LOCATION_GRAMS] {
        builder.add_text_field(name, grams.clone());
    }
    builder.add_text_field(CREATOR, stored_text.clone());
    builder.add_text_field(CONTACT, stored_text.clone());
    builder.add_text_field(FEED, stored_text.clone());
    builder.add_text_field(KIND, STRING | STORED);
    builder.add_text_field(RELEASE_DATE, stored_text.clone());
    builder.add_text_field(COUNTRY, stored_text.clone());
    builder.add_text_field(MENTION, STRING | STORED);
    builder.add_text_field(AGREEMENT, stored_text.clone());
    builder.add_text_field(AGREEMENT_EVIDENCE, stored_text.clone());
    builder.add_text_field(AGREEMENT_PARTIES, stored_text.clone());
    builder.add_text_field(AGREEMENT_EVENT_DATE, stored_text.clone());
    builder.add_date_field(EVENT_DATE, INDEXED | FAST | STORED);
    builder.add_date_field(PUBLISHED, INDEXED | FAST | STORED);
    builder.add_i64_field(PUBLISHED_MICROS, STORED);
    builder.add_facet_field(FACETS, FacetOptions::default().set_stored());
    builder.add_u64_field(RAW_HASH, FAST | STORED);
    builder.add_date_field(FIRST_SEEN, time.clone());
    builder.add_date_field(LAST_SEEN, time.clone());
    builder.add_text_field(SNAPSHOT, stored_text.clone());
    builder.add_date_field(SNAPSHOT_FETCHED, time);
    builder.add_u64_field(REVISIONS, FAST | STORED);
    builder.add_u64_field(CONTENT_HASHES, STORED);
    builder.add_u64_field(CONTENT_HASH, STORED);
    builder.add_u64_field(PIPELINE, STORED);
    builder.add_date_field(
        SNAPSHOT_FEED_DATE,
        DateOptions::default().set_stored().set_precision(DateTimePrecision::Microseconds),
    );
    builder.add_text_field(FEED_URL, stored_text);
    let run_time = DateOptions::default()
        .set_stored()
        .set_fast()
        .set_indexed()
        .set_precision(DateTimePrecision::Microseconds);
    builder.add_date_field(INDEXED_AT, run_time.clone());
    builder.add_date_field(CHANGED_AT, run_time);
    builder.add_bytes_field(SIGHTINGS, STORED);
    builder.build()
}

/// The `en_stem` analyzer: Tantivy's `en_stem` (simple tokens, long ones dropped, lowercase,
/// English Snowball stems), with each word stemmed once per analyzer clone (`stem.rs`).
pub(crate) fn en_stem_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(LONG_WORD_BYTES))
        .filter(LowerCaser)
        .filter(CachedStemmer)
        .build()
}

/// The [`EN_GRAMS`] analyzer of the gram fields: [`en_stem_analyzer`]'s tokens, of which only
/// the adjacent pairs holding a common word are kept, as one term each (`grams.rs`).
pub(crate) fn en_grams_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(LONG_WORD_BYTES))
        .filter(LowerCaser)
        .filter(CachedStemmer)
        .filter(CommonGrams)
        .build()
}

/// `/country/<ISO 3166-1 alpha-2 code>`, e.g. `/country/MX`.
pub(crate) fn country_facet(country: Country) -> Facet {
    Facet::from_path([FACET_COUNTRY, country.alpha2()])
}

/// `/agreement/<code>`.
pub(crate) fn agreement_facet(code: &str) -> Facet {
    Facet::from_path([FACET_AGREEMENT, code])
}

/// `/region/<M49 code or EU>`, e.g. `/region/013` (Central America).
pub(crate) fn region_facet(region: Region) -> Facet {
    Facet::from_path([FACET_REGION, region.code()])
}

/// `/party/<agreement code>/<party key>`, e.g. `/party/MRA/IL`.
pub(crate) fn party_facet(kind: AgreementKind, party: Party) -> Facet {
    Facet::from_path([FACET_PARTY, kind.code(), party.code()])
}

/// `/date/<yyyy>/<mm>` of `at`.
pub(crate) fn month_facet(at: ChronoDateTime<Utc>) -> Facet {
    Facet::from_path([
        FACET_DATE.to_string(),
        format!("{:04}", at.year()),
        format!("{:02}", at.month()),
    ])
}

/// `/feed/<channel title>`.
pub(crate) fn feed_facet(title: &str) -> Facet {
    Facet::from_path([FACET_FEED, title])
}

/// `/kind/<kind>`.
pub(crate) fn kind_facet(kind: &str) -> Facet {
    Facet::from_path([FACET_KIND, kind])
}

/// The root facet of a dimension, e.g. `/country`, for `FacetCollector::add_facet`.
pub(crate) fn dimension_facet(dimension: &str) -> Facet {
    Facet::from_path([dimension])
}

/// A chrono time as a Tantivy date, saturating outside Tantivy's range (years 1677..2262).
pub(crate) fn to_tantivy_date(at: ChronoDateTime<Utc>) -> DateTime {
    match at.timestamp_nanos_opt() {
        Some(nanos) => DateTime::from_timestamp_nanos(nanos),
        None if at.timestamp() < 0 => DateTime::MIN,
        None => DateTime::MAX,
    }
}

/// A Tantivy date as a chrono time.
pub(crate) fn from_tantivy_date(at: DateTime) -> ChronoDateTime<Utc> {
    ChronoDateTime::from_timestamp_nanos(at.into_timestamp_nanos())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(facet: Facet, expected: &str) {
        assert_eq!(facet.to_path_string(), expected);
    }

    #[test]
    fn facet_paths() {
        check(country_facet(Country::lookup("Mexico").expect("known")), "/country/MX");
        check(agreement_facet("CMAA"), "/agreement/CMAA");
        check(region_facet(Region::european_union()), "/region/EU");
        let israel = Party::Country(Country::lookup("IL").expect("known"));
        check(party_facet(AgreementKind::Mra, israel), "/party/MRA/IL");
        let at = ChronoDateTime::parse_from_rfc3339("2024-03-05T10:00:00Z")
            .expect("valid date")
            .with_timezone(&Utc);
        check(month_facet(at), "/date/2024/03");
        check(kind_facet("page"), "/kind/page");
        check(feed_facet("International Operations"), "/feed/International Operations");
        check(dimension_facet(FACET_COUNTRY), "/country");
    }

    #[test]
    fn analyzer_stems_and_lowercases() {
        let mut analyzer = en_stem_analyzer();
        let mut stream = analyzer.token_stream("Signed Agreements, signing");
        let mut tokens = Vec::new();
        while let Some(token) = stream.next() {
            tokens.push(token.text.clone());
        }
        assert_eq!(tokens, ["sign", "agreement", "sign"]);
    }

    #[test]
    fn dates_outside_tantivy_range_saturate() {
        let ancient = ChronoDateTime::parse_from_rfc3339("0001-01-01T00:00:00Z")
            .expect("valid")
            .with_timezone(&Utc);
        assert_eq!(to_tantivy_date(ancient), DateTime::MIN);
        let now = ChronoDateTime::parse_from_rfc3339("2024-03-05T10:00:00.123456Z")
            .expect("valid")
            .with_timezone(&Utc);
        assert_eq!(from_tantivy_date(to_tantivy_date(now)), now);
    }
}

/// The gram fields' analyzer: `en_stem`'s tokens through `grams::CommonGrams`.
#[cfg(test)]
mod gram_tests {
    use tantivy::tokenizer::{Token, TokenStream};

    use super::*;
    use crate::grams::COMMON_WORDS;

    fn grams(text: &str) -> Vec<(usize, String)> {
        let mut analyzer = en_grams_analyzer();
        let mut stream = analyzer.token_stream(text);
        let mut grams = Vec::new();
        stream.process(&mut |token: &Token| grams.push((token.position, token.text.clone())));
        grams
    }

    fn check(text: &str, expected: &[(usize, &str)]) {
        let expected: Vec<(usize, String)> =
            expected.iter().map(|(at, gram)| (*at, gram.to_string())).collect();
        assert_eq!(grams(text), expected, "{text}");
    }

    #[test]
    fn pairs_with_a_common_word_become_grams() {
        check("Port of Entry", &[(0, "port of"), (0, "port of entri"), (1, "of entri")]);
        check(
            "customs and border of the port",
            &[
                (0, "custom and"),
                (0, "custom and border"),
                (1, "and border"),
                (2, "border of"),
                (3, "of the"),
                (4, "the port"),
            ],
        );
        check("customs mutual assistance agreement", &[]);
        check("of the", &[(0, "of the")]);
        check(
            "Signed at the port. Of course",
            &[
                (0, "sign at"),
                (1, "at the"),
                (2, "the port"),
                (3, "port of"),
                (3, "port of cours"),
                (4, "of cours"),
            ],
        );
        check("the", &[]);
        check("", &[]);
    }

    #[test]
    fn a_dropped_long_word_breaks_the_pair() {
        let long = "x".repeat(LONG_WORD_BYTES);
        check(&format!("port {long} of entry"), &[(2, "of entri")]);
    }

    #[test]
    fn common_words_are_sorted_and_their_own_stems() {
        assert!(COMMON_WORDS.windows(2).all(|pair| pair[0] < pair[1]));
        let mut analyzer = en_stem_analyzer();
        for word in COMMON_WORDS {
            let mut stream = analyzer.token_stream(word);
            assert!(stream.advance(), "{word}");
            assert_eq!(stream.token().text, *word);
        }
    }

    #[test]
    fn is_common_is_membership_in_the_list() {
        let mut words: Vec<String> = COMMON_WORDS.iter().map(|word| (*word).to_string()).collect();
        // Every prefix and one-letter extension of a common word, other cases, longer words.
        for word in COMMON_WORDS {
            words.extend((0..word.len()).map(|end| word[..end].to_string()));
            words.extend([format!("{word}s"), format!("x{word}"), word.to_uppercase()]);
        }
        words.extend(
            ["thereof", "withhold", "customsborder", "\0the", "é", "tha"].map(String::from),
        );
        for word in &words {
            assert_eq!(
                crate::grams::is_common(word),
                COMMON_WORDS.contains(&word.as_str()),
                "{word}"
            );
        }
    }
}
