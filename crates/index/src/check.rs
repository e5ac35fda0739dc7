//! `check`: verifies an index. Its data first, file by file ([`crate::verify`]: checksums,
//! then a full read of every term, posting, position, norm, fast value and stored document);
//! then what it means: every guid is unique, every stored release decodes, and the indexed
//! facets agree with the stored values.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use tantivy::collector::FacetCollector;
use tantivy::query::AllQuery;
use tantivy::schema::Facet;
use tantivy::{DocAddress, TantivyDocument};

use crate::directory::ReleaseIndex;
use crate::document::{Sighting, facets_of, from_document, stored_facets};
use crate::error::{Error, Result, guarded};
use crate::record::read_payload;
use crate::schema;
use crate::verify::{scan_segment, verify_checksums};

/// What `check` found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CheckReport {
    /// Live documents.
    pub documents: u64,
    /// Segments of the last commit.
    pub segments: usize,
    /// Segment files verified against their checksums.
    pub files: usize,
    /// Every problem found, one line each; empty when the index is sound.
    pub problems: Vec<String>,
    /// One entry per document that decodes, sorted by guid: what two indexes built from the
    /// same snapshots must agree on.
    pub entries: Vec<CheckEntry>,
}

/// The identity of one indexed release: guid, content and provenance.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct CheckEntry {
    /// The guid.
    pub guid: String,
    /// The content hash of its current text.
    pub raw_hash: u64,
    /// See [`crate::Provenance::first_seen`].
    pub first_seen: DateTime<Utc>,
    /// See [`crate::Provenance::last_seen`].
    pub last_seen: DateTime<Utc>,
    /// See [`crate::Provenance::revisions`].
    pub revisions: u64,
    /// See [`crate::Provenance::snapshot`].
    pub snapshot: String,
    /// See [`crate::Provenance::url`].
    pub url: Option<String>,
    /// See [`crate::Provenance::indexed_at`].
    pub indexed_at: DateTime<Utc>,
    /// See [`crate::Provenance::changed_at`].
    pub changed_at: DateTime<Utc>,
    /// See [`crate::Provenance::sightings`].
    pub sightings: Vec<Sighting>,
}

/// Checks the last commit of `release_index`: any damaged file, and any release that does
/// not decode or disagrees with its facets, is a problem in the report.
///
/// # Errors
/// None today: an index that opened but cannot be read is a problem in the report (the
/// signature keeps room for a fault of the machine).
pub fn check_index(release_index: &ReleaseIndex) -> Result<CheckReport> {
    let mut report = CheckReport::default();
    let mut problems = Vec::new();
    report.files = verify_checksums(release_index.index(), &mut problems);
    let reader = match release_index.manual_reader() {
        Ok(reader) => reader,
        Err(err) => {
            problems.push(format!("the segments cannot be opened: {err}"));
            report.problems = problems;
            return Ok(report);
        }
    };
    let searcher = reader.searcher();
    report.segments = searcher.segment_readers().len();
    let schema = release_index.index().schema();
    for segment in searcher.segment_readers() {
        scan_segment(segment, &schema, &mut problems);
    }
    report.problems = problems;
    if let Err(err) =
        guarded(release_index.dir(), || check_releases(release_index, &searcher, &mut report))
    {
        report.problems.push(format!("the releases cannot be read: {err}"));
    }
    Ok(report)
}

/// The releases: each decodes, once per guid, with provenance and facets that agree.
fn check_releases(
    release_index: &ReleaseIndex,
    searcher: &tantivy::Searcher,
    report: &mut CheckReport,
) -> Result<()> {
    let dir = release_index.dir();
    let fields = release_index.fields();
    // Read after the searcher: the table only grows, so it names every id the commit holds.
    let payload = read_payload(release_index)?;
    let mut guids: HashMap<String, u64> = HashMap::new();
    let mut expected_facets: BTreeMap<String, u64> = BTreeMap::new();
    let mut unreadable = 0u64;
    report.documents = 0;
    report.entries.clear();
    for (ordinal, segment) in searcher.segment_readers().iter().enumerate() {
        for doc_id in segment.doc_ids_alive() {
            report.documents += 1;
            let address = DocAddress::new(ordinal as u32, doc_id);
            let doc: TantivyDocument = match searcher.doc(address) {
                Ok(doc) => doc,
                Err(err) => {
                    unreadable += 1;
                    report.problems.push(format!(
                        "document {doc_id} of segment {ordinal} unreadable: {}",
                        Error::tantivy(dir, err)
                    ));
                    continue;
                }
            };
            let stored = stored_facets(fields, &doc);
            let distinct: BTreeSet<&String> = stored.iter().collect();
            for facet in distinct {
                *expected_facets.entry(facet.clone()).or_default() += 1;
            }
            let indexed = match from_document(fields, &doc, &payload) {
                Ok(indexed) => indexed,
                Err(err) => {
                    report.problems.push(err.to_string());
                    continue;
                }
            };
            let guid = indexed.release.guid.clone();
            *guids.entry(guid.clone()).or_default() += 1;
            let derived: Vec<String> =
                facets_of(&indexed.release).iter().map(Facet::to_path_string).collect();
            if derived != stored {
                report.problems.push(format!(
                    "guid {guid:?}: stored facets {stored:?} disagree with its values {derived:?}"
                ));
            }
            let provenance = &indexed.provenance;
            if provenance.revisions != provenance.content_hashes.len() as u64
                || provenance.content_hashes.binary_search(&provenance.content_hash).is_err()
            {
                report.problems.push(format!(
                    "guid {guid:?}: {} revisions but content hashes {:?} (current {})",
                    provenance.revisions, provenance.content_hashes, provenance.content_hash
                ));
            }
            if provenance.first_seen > provenance.last_seen {
                report.problems.push(format!("guid {guid:?}: first seen after last seen"));
            }
            if provenance.indexed_at > provenance.changed_at {
                report.problems.push(format!("guid {guid:?}: changed before it was indexed"));
            }
            report.entries.push(CheckEntry {
                guid,
                raw_hash: indexed.release.raw_hash,
                first_seen: provenance.first_seen,
                last_seen: provenance.last_seen,
                revisions: provenance.revisions,
                snapshot: provenance.snapshot.clone(),
                url: provenance.url.clone(),
                indexed_at: provenance.indexed_at,
                changed_at: provenance.changed_at,
                sightings: provenance.sightings.clone(),
            });
        }
    }
    let mut duplicated: Vec<(&String, &u64)> =
        guids.iter().filter(|(_, count)| **count > 1).collect();
    duplicated.sort();
    for (guid, count) in duplicated {
        report.problems.push(format!("guid {guid:?} is held by {count} documents"));
    }
    report.entries.sort();
    if unreadable > 0 {
        // Their facets are unknown: comparing would list every facet they hold as a problem.
        report
            .problems
            .push(format!("facets not compared: {unreadable} stored documents do not decode"));
        return Ok(());
    }

    // The indexed facets, counted by Tantivy, must equal the counts of the stored ones.
    let parents: BTreeSet<String> = expected_facets
        .keys()
        .flat_map(|path| {
            let facet = Facet::from(path.as_str());
            let steps: Vec<String> = facet.to_path().iter().map(|s| s.to_string()).collect();
            (1..steps.len()).map(move |n| Facet::from_path(&steps[..n]).to_path_string())
        })
        .collect();
    // FacetCollector refuses nested facets in one collector: one search per parent.
    let mut indexed_facets: BTreeMap<String, u64> = BTreeMap::new();
    for parent in &parents {
        let mut collector = FacetCollector::for_field(schema::FACETS);
        collector.add_facet(Facet::from(parent.as_str()));
        let counts =
            searcher.search(&AllQuery, &collector).map_err(|err| Error::tantivy(dir, err))?;
        for (facet, count) in counts.get(parent.as_str()) {
            let path = facet.to_path_string();
            // Only leaves: inner paths are counted once per document under them.
            if !parents.contains(&path) || expected_facets.contains_key(&path) {
                indexed_facets.insert(path, count);
            }
        }
    }
    for (path, expected) in &expected_facets {
        let found = indexed_facets.get(path).copied().unwrap_or(0);
        if found != *expected {
            report.problems.push(format!(
                "facet {path}: {expected} documents store it but {found} are indexed under it"
            ));
        }
    }
    for (path, found) in &indexed_facets {
        if !expected_facets.contains_key(path) {
            report
                .problems
                .push(format!("facet {path}: indexed for {found} documents, stored by none"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use pressdex_ingest::{PressRelease, ReleaseKind};
    use tantivy::IndexWriter;

    use super::*;
    use crate::document::{StoredProvenance, to_document};
    use crate::schema::Fields;

    fn release(guid: &str) -> PressRelease {
        PressRelease {
            guid: guid.to_string(),
            link: format!("https://www.cbp.gov/newsroom/local-media-release/{guid}"),
            title: format!("Release {guid}"),
            published: Utc.with_ymd_and_hms(2024, 3, 5, 10, 0, 0).single(),
            feed: "International Operations".to_string(),
            kind: ReleaseKind::LocalMediaRelease,
            body: "Body.".to_string(),
            raw_hash: 7,
            ..PressRelease::default()
        }
    }

    /// Indexes `docs` into a fresh index and returns `check`'s problems.
    fn check(docs: Vec<TantivyDocument>) -> Vec<String> {
        let dir = tempfile::tempdir().expect("temp dir");
        let release_index = ReleaseIndex::create(dir.path()).expect("create");
        let mut writer: IndexWriter =
            release_index.index().writer_with_num_threads(1, 16 << 20).expect("writer");
        for doc in docs {
            writer.add_document(doc).expect("add");
        }
        writer.commit().expect("commit");
        check_index(&release_index).expect("readable").problems
    }

    fn doc(release: &PressRelease) -> TantivyDocument {
        let fields = Fields::new(&schema::build_schema()).expect("own schema");
        let seen = Utc.with_ymd_and_hms(2024, 3, 6, 0, 0, 0).single().expect("valid");
        let provenance = StoredProvenance {
            first_seen: seen,
            last_seen: seen,
            snapshot: "/a.xml".to_string(),
            snapshot_fetched: seen,
            snapshot_feed_date: None,
            url: None,
            revisions: 1,
            content_hashes: vec![release.raw_hash],
            content_hash: release.raw_hash,
            indexed_at: seen,
            changed_at: seen,
            sightings: Vec::new(),
        };
        to_document(&fields, release, &provenance)
    }

    #[test]
    fn finds_duplicate_guids_bad_facets_and_bad_provenance() {
        assert_eq!(check(vec![doc(&release("a")), doc(&release("b"))]), Vec::<String>::new());

        let problems = check(vec![doc(&release("a")), doc(&release("a"))]);
        assert_eq!(problems, ["guid \"a\" is held by 2 documents"]);

        let fields = Fields::new(&schema::build_schema()).expect("own schema");
        let mut tampered = doc(&release("a"));
        let peru = pressdex_ingest::Country::lookup("Peru").expect("known");
        tampered.add_facet(fields.facets, schema::country_facet(peru));
        let problems = check(vec![tampered]);
        assert!(problems[0].contains("disagree with its values"), "{problems:?}");

        // A current hash that is not among the provenance's content hashes.
        let mut stale_hash = TantivyDocument::new();
        for (field, value) in doc(&release("a")).field_values() {
            if field != fields.content_hash {
                stale_hash.add_field_value(field, value);
            }
        }
        stale_hash.add_u64(fields.content_hash, 8);
        let problems = check(vec![stale_hash]);
        assert!(
            problems[0].contains("1 revisions but content hashes [7] (current 8)"),
            "{problems:?}"
        );

        // A sighting the snapshot table does not hold.
        let mut unknown = TantivyDocument::new();
        for (field, value) in doc(&release("a")).field_values() {
            if field != fields.sightings {
                unknown.add_field_value(field, value);
            }
        }
        unknown.add_bytes(fields.sightings, &crate::record::encode_ids(&[3]));
        let problems = check(vec![unknown]);
        assert!(problems[0].contains("unknown snapshot id 3"), "{problems:?}");
    }
}
