//! The Tantivy schema of a release: field names, the English analyzer, the facet paths, and
//! opening an index after checking its schema version.
//!
//! Field names live here as constants and nowhere else. Every facet dimension goes into the one
//! [`FACETS`] field (`/country/Mexico`, `/agreement/CMAA`, `/date/2024/03`, `/feed/<title>`,
//! `/kind/<kind>`), so a single `FacetCollector` counts any set of dimensions in one pass.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime as ChronoDateTime, Datelike, Utc};
use tantivy::schema::{
    DateOptions, DateTimePrecision, FAST, Facet, FacetOptions, Field, INDEXED, IndexRecordOption,
    STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{
    Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer,
};
use tantivy::{DateTime, Index, IndexReader, ReloadPolicy};

use crate::{Error, Result};

/// The version of the schema (and of what documents hold). Bump it on any change to fields,
/// analyzers or document encoding: an index of another version must be rebuilt.
pub const SCHEMA_VERSION: u32 = 2;

/// The file, in the index directory, that records [`SCHEMA_VERSION`].
pub const VERSION_FILE: &str = "pressdex-schema.json";

/// The analyzer of every text field: simple tokens, long ones dropped, lowercased, English
/// (Porter) stems, so "signing" finds "signed" and "Agreements" finds "agreement".
pub const EN_STEM: &str = "en_stem";

/// The unique key: raw (untokenized), indexed and stored.
pub const GUID: &str = "guid";
/// The release's URL: raw, indexed (so `show LINK` can find it) and stored.
pub const LINK: &str = "link";
/// Text field (en_stem, positions, stored).
pub const TITLE: &str = "title";
/// Text field (en_stem, positions, stored); absent when the page has no summary.
pub const SUMMARY: &str = "summary";
/// Text field (en_stem, positions, stored).
pub const BODY: &str = "body";
/// Text field (en_stem, positions, stored), one value per caption, in page order.
pub const CAPTIONS: &str = "captions";
/// Text field (en_stem, positions, stored); the dateline.
pub const LOCATION: &str = "location";
/// Stored only.
pub const CREATOR: &str = "creator";
/// Stored only.
pub const CONTACT: &str = "contact";
/// The channel title: stored (and faceted under `/feed`).
pub const FEED: &str = "feed";
/// The kind name (`national-media-release`, ...): raw, indexed, stored.
pub const KIND: &str = "kind";
/// The "Release Date" field as `YYYY-MM-DD`: stored only.
pub const RELEASE_DATE: &str = "release_date";
/// Country names, most salient first: stored only (faceted under `/country`).
pub const COUNTRY: &str = "country";
/// Agreement codes: stored only (faceted under `/agreement`); parallel to
/// [`AGREEMENT_EVIDENCE`].
pub const AGREEMENT: &str = "agreement";
/// The sentence that reports each agreement, parallel to [`AGREEMENT`]: stored only.
pub const AGREEMENT_EVIDENCE: &str = "agreement_evidence";
/// Publication time: date, indexed and fast (ranges, sort by date), stored. Tantivy dates hold
/// 1677..2262 only, so a date outside saturates here; [`PUBLISHED_MICROS`] keeps it exactly.
pub const PUBLISHED: &str = "published";
/// Publication time as Unix microseconds (any year): stored only, what documents decode from.
pub const PUBLISHED_MICROS: &str = "published_micros";
/// All facets (see the module docs): indexed and stored.
pub const FACETS: &str = "facets";
/// [`pressdex_ingest::FeedItem::raw_hash`] of the current text: fast and stored.
pub const RAW_HASH: &str = "raw_hash";
/// Provenance: fetch time of the first snapshot that listed the release. Fast, stored.
pub const FIRST_SEEN: &str = "first_seen";
/// Provenance: fetch time of the latest snapshot that listed the release. Fast, stored.
pub const LAST_SEEN: &str = "last_seen";
/// Provenance: name of the snapshot the current text came from. Stored.
pub const SNAPSHOT: &str = "snapshot";
/// Provenance: fetch time of [`SNAPSHOT`] (breaks ties between equal `published`). Fast,
/// stored.
pub const SNAPSHOT_FETCHED: &str = "snapshot_fetched";
/// Provenance: number of distinct contents seen for the guid. Fast, stored.
pub const REVISIONS: &str = "revisions";
/// Provenance: the distinct content hashes seen for the guid, so `revisions` does not depend on
/// the order snapshots are indexed in. Stored.
pub const CONTENT_HASHES: &str = "content_hashes";
/// Provenance: the content hash of the current text: a hash of the feed item's fields that,
/// unlike [`RAW_HASH`], does not change when `PIPELINE_VERSION` does, so a new pressdex does not
/// count every release as edited. Stored.
pub const CONTENT_HASH: &str = "content_hash";
/// The `pressdex_ingest::PIPELINE_VERSION` that built the stored text. Stored.
pub const PIPELINE: &str = "pipeline_version";

/// Facet dimension of countries: `/country/<name>`.
pub const FACET_COUNTRY: &str = "country";
/// Facet dimension of agreements: `/agreement/<code>`.
pub const FACET_AGREEMENT: &str = "agreement";
/// Facet dimension of publication months: `/date/<yyyy>/<mm>`.
pub const FACET_DATE: &str = "date";
/// Facet dimension of feeds: `/feed/<channel title>`.
pub const FACET_FEED: &str = "feed";
/// Facet dimension of kinds: `/kind/<kind>`.
pub const FACET_KIND: &str = "kind";

/// The fields of the schema, resolved once.
#[derive(Clone, Copy, Debug)]
#[allow(missing_docs)] // each field is documented by the constant of its name
pub struct Fields {
    pub guid: Field,
    pub link: Field,
    pub title: Field,
    pub summary: Field,
    pub body: Field,
    pub captions: Field,
    pub location: Field,
    pub creator: Field,
    pub contact: Field,
    pub feed: Field,
    pub kind: Field,
    pub release_date: Field,
    pub country: Field,
    pub agreement: Field,
    pub agreement_evidence: Field,
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
}

impl Fields {
    /// The fields of `schema`, which must be [`build_schema`]'s.
    ///
    /// # Errors
    /// [`Error::SchemaMismatch`] when a field is missing.
    pub fn new(schema: &Schema) -> Result<Fields> {
        let field = |name: &str| {
            schema.get_field(name).map_err(|_| Error::SchemaMismatch {
                found: format!("an index without the `{name}` field"),
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
            creator: field(CREATOR)?,
            contact: field(CONTACT)?,
            feed: field(FEED)?,
            kind: field(KIND)?,
            release_date: field(RELEASE_DATE)?,
            country: field(COUNTRY)?,
            agreement: field(AGREEMENT)?,
            agreement_evidence: field(AGREEMENT_EVIDENCE)?,
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
        })
    }

    /// The text fields a free-text query searches, title first.
    pub fn text_fields(&self) -> [Field; 5] {
        [self.title, self.summary, self.body, self.captions, self.location]
    }
}

/// The schema of a release document.
pub fn build_schema() -> Schema {
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
    builder.add_text_field(CREATOR, stored_text.clone());
    builder.add_text_field(CONTACT, stored_text.clone());
    builder.add_text_field(FEED, stored_text.clone());
    builder.add_text_field(KIND, STRING | STORED);
    builder.add_text_field(RELEASE_DATE, stored_text.clone());
    builder.add_text_field(COUNTRY, stored_text.clone());
    builder.add_text_field(AGREEMENT, stored_text.clone());
    builder.add_text_field(AGREEMENT_EVIDENCE, stored_text.clone());
    builder.add_date_field(PUBLISHED, INDEXED | FAST | STORED);
    builder.add_i64_field(PUBLISHED_MICROS, STORED);
    builder.add_facet_field(FACETS, FacetOptions::default().set_stored());
    builder.add_u64_field(RAW_HASH, FAST | STORED);
    builder.add_date_field(FIRST_SEEN, time.clone());
    builder.add_date_field(LAST_SEEN, time.clone());
    builder.add_text_field(SNAPSHOT, stored_text);
    builder.add_date_field(SNAPSHOT_FETCHED, time);
    builder.add_u64_field(REVISIONS, FAST | STORED);
    builder.add_u64_field(CONTENT_HASHES, STORED);
    builder.add_u64_field(CONTENT_HASH, STORED);
    builder.add_u64_field(PIPELINE, STORED);
    builder.build()
}

/// Files an interrupted creation may leave in an index directory without `meta.json`.
const LEFTOVERS: [&str; 3] = [VERSION_FILE, ".tantivy-writer.lock", ".tantivy-meta.lock"];

/// The `en_stem` analyzer.
pub fn en_stem_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(Stemmer::new(Language::English))
        .build()
}

/// `/country/<name>`.
pub fn country_facet(name: &str) -> Facet {
    Facet::from_path([FACET_COUNTRY, name])
}

/// `/agreement/<code>`.
pub fn agreement_facet(code: &str) -> Facet {
    Facet::from_path([FACET_AGREEMENT, code])
}

/// `/date/<yyyy>`.
pub fn year_facet(year: i32) -> Facet {
    Facet::from_path([FACET_DATE.to_string(), format!("{year:04}")])
}

/// `/date/<yyyy>/<mm>` of `at`.
pub fn month_facet(at: ChronoDateTime<Utc>) -> Facet {
    Facet::from_path([
        FACET_DATE.to_string(),
        format!("{:04}", at.year()),
        format!("{:02}", at.month()),
    ])
}

/// `/feed/<channel title>`.
pub fn feed_facet(title: &str) -> Facet {
    Facet::from_path([FACET_FEED, title])
}

/// `/kind/<kind>`.
pub fn kind_facet(kind: &str) -> Facet {
    Facet::from_path([FACET_KIND, kind])
}

/// The root facet of a dimension, e.g. `/country`, for `FacetCollector::add_facet`.
pub fn dimension_facet(dimension: &str) -> Facet {
    Facet::from_path([dimension])
}

/// A chrono time as a Tantivy date, saturating outside Tantivy's range (years 1677..2262).
pub fn to_tantivy_date(at: ChronoDateTime<Utc>) -> DateTime {
    match at.timestamp_nanos_opt() {
        Some(nanos) => DateTime::from_timestamp_nanos(nanos),
        None if at.timestamp() < 0 => DateTime::MIN,
        None => DateTime::MAX,
    }
}

/// A Tantivy date as a chrono time.
pub fn from_tantivy_date(at: DateTime) -> ChronoDateTime<Utc> {
    ChronoDateTime::from_timestamp_nanos(at.into_timestamp_nanos())
}

/// An index directory with the release schema, opened and checked.
#[derive(Clone)]
pub struct ReleaseIndex {
    dir: PathBuf,
    index: Index,
    fields: Fields,
}

impl std::fmt::Debug for ReleaseIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReleaseIndex").field("dir", &self.dir).finish_non_exhaustive()
    }
}

impl ReleaseIndex {
    /// Opens the index at `dir` for reading or writing, after checking its schema version, and
    /// registers the `en_stem` analyzer.
    ///
    /// # Errors
    /// [`Error::Missing`] when `dir` holds no index, [`Error::SchemaMismatch`] when it holds one
    /// of another version, [`Error::Tantivy`] when it cannot be read.
    pub fn open(dir: &Path) -> Result<ReleaseIndex> {
        if !dir.join("meta.json").is_file() {
            return Err(Error::Missing(dir.to_path_buf()));
        }
        check_version(dir)?;
        let index = Index::open_in_dir(dir).map_err(|err| Error::tantivy(dir, err))?;
        ReleaseIndex::wrap(dir, index)
    }

    /// Creates an empty index at `dir` (made if missing) and writes its version file.
    ///
    /// # Errors
    /// [`Error::Io`] or [`Error::Tantivy`] when the directory cannot be written; creating over
    /// an existing index is a Tantivy error.
    pub fn create(dir: &Path) -> Result<ReleaseIndex> {
        fs::create_dir_all(dir).map_err(|err| Error::io(dir, err))?;
        ensure_no_foreign_files(dir)?;
        // The version file first: a crash between the two leaves no index (no meta.json), not
        // an index without a version.
        let version = format!("{{\"schema_version\": {SCHEMA_VERSION}}}\n");
        let path = dir.join(VERSION_FILE);
        fs::write(&path, version).map_err(|err| Error::io(&path, err))?;
        let index =
            Index::create_in_dir(dir, build_schema()).map_err(|err| Error::tantivy(dir, err))?;
        ReleaseIndex::wrap(dir, index)
    }

    /// Opens the index at `dir`, or creates it when `dir` holds none.
    ///
    /// # Errors
    /// As [`ReleaseIndex::open`] and [`ReleaseIndex::create`].
    pub fn open_or_create(dir: &Path) -> Result<ReleaseIndex> {
        match ReleaseIndex::open(dir) {
            Err(Error::Missing(_)) => ReleaseIndex::create(dir),
            other => other,
        }
    }

    fn wrap(dir: &Path, index: Index) -> Result<ReleaseIndex> {
        index.tokenizers().register(EN_STEM, en_stem_analyzer());
        let fields = Fields::new(&index.schema())?;
        Ok(ReleaseIndex { dir: dir.to_path_buf(), index, fields })
    }

    /// The directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The Tantivy index (analyzer registered).
    pub fn index(&self) -> &Index {
        &self.index
    }

    /// The fields.
    pub fn fields(&self) -> &Fields {
        &self.fields
    }

    /// A reader of the last commit that never reloads on its own: `check`, `stats` and the
    /// writer's lookups of stored documents by guid each want one fixed view.
    ///
    /// # Errors
    /// [`Error::Tantivy`] when the index cannot be read.
    pub(crate) fn manual_reader(&self) -> Result<IndexReader> {
        self.index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|err| Error::tantivy(&self.dir, err))
    }
}

/// Refuses a directory without `meta.json` that holds other files than an interrupted creation
/// leaves: never write an index into, or swap one over, a folder of the user's files (a
/// mistyped `--index`). A missing directory is fine.
pub(crate) fn ensure_no_foreign_files(dir: &Path) -> Result<()> {
    if dir.join("meta.json").is_file() || !dir.exists() {
        return Ok(());
    }
    let entries = fs::read_dir(dir).map_err(|err| Error::io(dir, err))?;
    for entry in entries {
        let entry = entry.map_err(|err| Error::io(dir, err))?;
        let name = entry.file_name();
        if !LEFTOVERS.iter().any(|leftover| name == *leftover) {
            return Err(Error::NotAnIndex(dir.to_path_buf()));
        }
    }
    Ok(())
}

fn check_version(dir: &Path) -> Result<()> {
    let path = dir.join(VERSION_FILE);
    let text = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::SchemaMismatch {
                found: format!("no {VERSION_FILE} (not a pressdex index, or an old one)"),
            });
        }
        Err(err) => return Err(Error::io(&path, err)),
    };
    let version = serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|value| value.get("schema_version").and_then(serde_json::Value::as_u64));
    match version {
        Some(version) if version == u64::from(SCHEMA_VERSION) => Ok(()),
        Some(version) => Err(Error::SchemaMismatch { found: format!("schema version {version}") }),
        None => Err(Error::SchemaMismatch { found: format!("an unreadable {VERSION_FILE}") }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(facet: Facet, expected: &str) {
        assert_eq!(facet.to_path_string(), expected);
    }

    #[test]
    fn facet_paths() {
        check(country_facet("Mexico"), "/country/Mexico");
        check(agreement_facet("CMAA"), "/agreement/CMAA");
        let at = ChronoDateTime::parse_from_rfc3339("2024-03-05T10:00:00Z")
            .expect("valid date")
            .with_timezone(&Utc);
        check(month_facet(at), "/date/2024/03");
        check(year_facet(2024), "/date/2024");
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

    #[test]
    fn version_mismatch_and_missing_index_are_typed_errors() {
        let dir = tempfile::tempdir().expect("temp dir");
        let missing = ReleaseIndex::open(dir.path()).expect_err("no index yet");
        assert!(matches!(missing, Error::Missing(_)), "{missing}");
        ReleaseIndex::create(dir.path()).expect("creates");
        ReleaseIndex::open(dir.path()).expect("opens its own version");
        let other = tempfile::tempdir().expect("temp dir");
        fs::write(other.path().join("notes.txt"), "mine").expect("write");
        let err = ReleaseIndex::create(other.path()).expect_err("not empty");
        assert!(matches!(err, Error::NotAnIndex(_)), "{err}");
        fs::write(dir.path().join(VERSION_FILE), "{\"schema_version\": 999}").expect("write");
        let err = ReleaseIndex::open(dir.path()).expect_err("other version");
        assert!(err.to_string().contains("pressdex index --rebuild"), "{err}");
    }
}
