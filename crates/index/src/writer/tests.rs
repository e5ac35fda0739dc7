//! Tests of the writer, through the one entry point [`crate::index_snapshots`], on small RSS
//! snapshots written here.

use pressdex_ingest::read_feed;
use tantivy::IndexWriter;

use super::held::guid_addresses;
use super::*;
use crate::check::{CheckEntry, check_index};
use crate::directory::ReleaseIndex;
use crate::error::UserError;
use crate::indexing::{IndexReport, IndexRequest, index_snapshots};

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).expect("valid date").with_timezone(&Utc)
}

/// An item whose content is `text`, published on `day` of March 2024.
fn item(guid: &str, day: u32, text: &str) -> String {
    format!(
        "<item><title>{guid} {text}</title>\
         <link>https://www.cbp.gov/newsroom/national-media-release/{guid}</link>\
         <guid>{guid}</guid><pubDate>{day:02} Mar 2024 10:00:00 +0000</pubDate>\
         <description>&lt;p&gt;{text}&lt;/p&gt;</description></item>"
    )
}

struct Snapshot {
    meta: SnapshotMeta,
    xml: Vec<u8>,
}

fn snapshot(name: &str, fetched: &str, items: &[String]) -> Snapshot {
    let xml = format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>\
         <title>International Operations</title>{}</channel></rss>",
        items.concat()
    );
    Snapshot { meta: SnapshotMeta::new(name, at(fetched)), xml: xml.into_bytes() }
}

/// The raw hash the feed reader gives the first item of `snapshot`.
fn raw_hash(snapshot: &Snapshot) -> u64 {
    read_feed("raw", snapshot.xml.as_slice())
        .find_map(|event| match event {
            FeedEvent::Item(item) => Some(item.raw_hash),
            FeedEvent::Problem(_) => None,
        })
        .expect("an item")
}

/// Every run of these tests starts at this time, so indexes built in different runs compare.
const STARTED_AT: &str = "2024-04-01T00:00:00Z";

/// Indexes `snapshots` in one run, in the order given; returns the report.
fn report(release_index: &ReleaseIndex, snapshots: &[&Snapshot]) -> IndexReport {
    let mut request = IndexRequest::new(snapshots.iter().map(|s| s.meta.clone()).collect());
    request.started_at = at(STARTED_AT);
    let open = |at: usize| Ok(snapshots[at].xml.as_slice());
    index_snapshots(release_index, &request, open, |_| {}).expect("indexes")
}

/// Indexes `snapshots` in one run, in the order given; returns the counts.
fn run(release_index: &ReleaseIndex, snapshots: &[&Snapshot]) -> IndexCounts {
    report(release_index, snapshots).counts
}

fn dump(release_index: &ReleaseIndex) -> Vec<CheckEntry> {
    let report = check_index(release_index).expect("readable");
    assert_eq!(report.problems, Vec::<String>::new());
    report.entries
}

fn counts(added: u64, updated: u64, unchanged: u64) -> (u64, u64, u64) {
    (added, updated, unchanged)
}

fn check(runs: &[&[&Snapshot]], expected: &[(u64, u64, u64)]) -> Vec<CheckEntry> {
    let dir = tempfile::tempdir().expect("temp dir");
    let release_index = ReleaseIndex::create(dir.path()).expect("create");
    for (snapshots, expected) in runs.iter().zip(expected) {
        let found = run(&release_index, snapshots);
        assert_eq!((found.added, found.updated, found.unchanged), *expected);
    }
    dump(&release_index)
}

#[test]
fn upsert_counts_and_order_independence() {
    let monday = snapshot(
        "monday.xml",
        "2024-03-11T06:00:00.000001Z",
        &[item("a", 1, "one"), item("b", 2, "two"), item("c", 3, "three")],
    );
    let tuesday = snapshot(
        "tuesday.xml",
        "2024-03-12T06:00:00Z",
        &[item("b", 2, "two, edited"), item("c", 3, "three"), item("d", 4, "four")],
    );
    let forward = check(
        &[&[&monday], &[&monday], &[&tuesday]],
        &[counts(3, 0, 0), counts(0, 0, 3), counts(1, 1, 1)],
    );
    let backward = check(&[&[&tuesday], &[&monday]], &[counts(3, 0, 0), counts(1, 0, 2)]);
    let one_run = check(&[&[&tuesday, &monday]], &[counts(4, 0, 2)]);
    assert_eq!(forward, backward);
    assert_eq!(forward, one_run);
    let b = forward.iter().find(|entry| entry.guid == "b").expect("b indexed");
    assert_eq!((b.revisions, b.snapshot.as_str()), (2, "tuesday.xml"));
    assert_eq!(b.first_seen, at("2024-03-11T06:00:00.000001Z"));
    let c = forward.iter().find(|entry| entry.guid == "c").expect("c indexed");
    assert_eq!((c.revisions, c.last_seen), (1, at("2024-03-12T06:00:00Z")));
}

#[test]
fn the_same_guid_twice_in_one_snapshot_keeps_the_newer() {
    let doubled = snapshot(
        "doubled.xml",
        "2024-03-11T06:00:00Z",
        &[item("a", 5, "newer"), item("a", 1, "older")],
    );
    let entries = check(&[&[&doubled]], &[counts(1, 0, 1)]);
    let newer = snapshot("doubled.xml", "2024-03-11T06:00:00Z", &[item("a", 5, "newer")]);
    assert_eq!(entries.len(), 1);
    assert_eq!((entries[0].raw_hash, entries[0].revisions), (raw_hash(&newer), 2));
}

#[test]
fn a_new_pipeline_rebuilds_releases_without_counting_an_edit() {
    let dir = tempfile::tempdir().expect("temp dir");
    let release_index = ReleaseIndex::create(dir.path()).expect("create");
    let monday = snapshot("monday.xml", "2024-03-11T06:00:00Z", &[item("a", 1, "one")]);
    run(&release_index, &[&monday]);
    // Pretend an older pressdex built the stored text: another pipeline version, and so
    // another raw hash for the same bytes (raw_hash covers PIPELINE_VERSION).
    let fields = *release_index.fields();
    let searcher = release_index.index().reader().expect("reader").searcher();
    let address = guid_addresses(&searcher, fields.guid, "a").expect("found")[0];
    let stored: TantivyDocument = searcher.doc(address).expect("stored");
    let mut old = TantivyDocument::new();
    for (field, value) in stored.field_values() {
        if field != fields.pipeline && field != fields.raw_hash {
            old.add_field_value(field, value);
        }
    }
    old.add_u64(fields.pipeline, 0);
    old.add_u64(fields.raw_hash, raw_hash(&monday) ^ 1);
    let mut writer: IndexWriter =
        release_index.index().writer_with_num_threads(1, 16 << 20).expect("writer");
    writer.delete_term(Term::from_field_text(fields.guid, "a"));
    writer.add_document(old).expect("add");
    writer.commit().expect("commit");
    drop(writer);

    let found = run(&release_index, &[&monday]);
    assert_eq!((found.added, found.updated, found.unchanged), (0, 1, 0));
    let again = run(&release_index, &[&monday]);
    assert_eq!((again.added, again.updated, again.unchanged), (0, 0, 1));
    let entries = dump(&release_index);
    assert_eq!((entries[0].raw_hash, entries[0].revisions), (raw_hash(&monday), 1));
}

#[test]
fn a_stored_document_that_does_not_decode_is_replaced() {
    let dir = tempfile::tempdir().expect("temp dir");
    let release_index = ReleaseIndex::create(dir.path()).expect("create");
    let fields = *release_index.fields();
    let mut writer: IndexWriter =
        release_index.index().writer_with_num_threads(1, 16 << 20).expect("writer");
    let mut broken = TantivyDocument::new();
    broken.add_text(fields.guid, "a");
    broken.add_text(fields.kind, "no-such-kind");
    writer.add_document(broken).expect("add");
    writer.commit().expect("commit");
    drop(writer);
    let report = check_index(&release_index).expect("readable");
    assert_eq!(report.problems.len(), 1, "{:?}", report.problems);

    let monday = snapshot("monday.xml", "2024-03-11T06:00:00Z", &[item("a", 1, "one")]);
    let found = run(&release_index, &[&monday]);
    assert_eq!((found.added, found.updated, found.unchanged), (1, 0, 0));
    assert_eq!(dump(&release_index).len(), 1);
}

#[test]
fn a_second_writer_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let release_index = ReleaseIndex::create(dir.path()).expect("create");
    let config = IndexRequest::new(Vec::new()).write_config();
    let _first = Indexer::new(&release_index, &[], config, None).expect("writer");
    let err = Indexer::new(&release_index, &[], config, None).err().expect("busy");
    assert!(matches!(err, Error::User(UserError::Busy(_))), "{err}");
    assert!(err.to_string().contains("is being written by another pressdex process"), "{err}");
    let monday = snapshot("monday.xml", "2024-03-11T06:00:00Z", &[item("a", 1, "one")]);
    let request = IndexRequest::new(vec![monday.meta.clone()]);
    let open = |_| Ok(monday.xml.as_slice());
    let err = crate::indexing::rebuild_index(dir.path(), &request, open, |_| {}).err();
    assert!(matches!(err, Some(Error::User(UserError::Busy(_)))), "{err:?}");
}

/// The snapshot table of the last commit, as (path, fetch time) pairs.
fn recorded(release_index: &ReleaseIndex) -> Vec<(String, DateTime<Utc>)> {
    crate::record::recorded_snapshots(release_index.dir())
        .expect("readable")
        .into_iter()
        .map(|meta| (meta.path, meta.fetched_at))
        .collect()
}

#[test]
fn a_run_reports_what_it_added_and_updated_and_stamps_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    let release_index = ReleaseIndex::create(dir.path()).expect("create");
    let monday =
        snapshot("monday.xml", "2024-03-11T06:00:00Z", &[item("a", 1, "one"), item("b", 2, "two")]);
    let first = report(&release_index, &[&monday]);
    let listed = |report: &IndexReport| -> Vec<(String, ChangeKind)> {
        let changes = report.changes.to_vec().expect("changes");
        changes.into_iter().map(|change| (change.guid, change.change)).collect()
    };
    // Newest publication first.
    assert_eq!(listed(&first), [("b".into(), ChangeKind::Added), ("a".into(), ChangeKind::Added)]);
    assert_eq!(first.changes.to_vec().expect("changes")[0].title, "b two");

    let tuesday = snapshot(
        "tuesday.xml",
        "2024-03-12T06:00:00Z",
        &[item("a", 1, "one"), item("b", 2, "two, edited"), item("c", 3, "three")],
    );
    let mut request = IndexRequest::new(vec![tuesday.meta.clone()]);
    let later = at("2024-04-02T00:00:00Z");
    request.started_at = later;
    let open = |_| Ok(tuesday.xml.as_slice());
    let second = index_snapshots(&release_index, &request, open, |_| {}).expect("indexes");
    assert_eq!(
        listed(&second),
        [("c".into(), ChangeKind::Added), ("b".into(), ChangeKind::Updated)]
    );
    assert_eq!(crate::record::last_run(&release_index).expect("readable"), Some(later));

    let entries = dump(&release_index);
    let stamps = |guid: &str| {
        let entry = entries.iter().find(|entry| entry.guid == guid).expect("indexed");
        (entry.indexed_at, entry.changed_at, entry.sightings.len())
    };
    let first_run = at(STARTED_AT);
    assert_eq!(stamps("a"), (first_run, first_run, 2), "seen twice, never changed");
    assert_eq!(stamps("b"), (first_run, later, 2), "changed in the second run");
    assert_eq!(stamps("c"), (later, later, 1));
    let a = entries.iter().find(|entry| entry.guid == "a").expect("indexed");
    let seen: Vec<&str> = a.sightings.iter().map(|sighting| sighting.snapshot.as_str()).collect();
    assert_eq!(seen, ["monday.xml", "tuesday.xml"]);
    assert_eq!(recorded(&release_index).len(), 2);
    // The same snapshot indexed again is the same record: no new sighting, no new row.
    let again = report(&release_index, &[&tuesday]);
    assert!(again.changes.is_empty());
    assert_eq!(recorded(&release_index).len(), 2);
}

#[test]
fn same_time_snapshots_are_told_apart_by_the_feed_date_never_by_the_name() {
    let with_date = |name: &str, build_date: &str, text: &str| {
        let mut snapshot = snapshot(name, "2024-03-11T06:00:00Z", &[item("a", 1, text)]);
        let xml = String::from_utf8(snapshot.xml).expect("UTF-8").replace(
            "<title>International Operations</title>",
            &format!(
                "<title>International Operations</title><lastBuildDate>{build_date}</lastBuildDate>"
            ),
        );
        snapshot.xml = xml.into_bytes();
        snapshot
    };
    // The newer text is in the snapshot whose name sorts first.
    let newer = with_date("a-copy.xml", "Tue, 12 Mar 2024 06:00:00 +0000", "edited");
    let older = with_date("z-copy.xml", "Mon, 11 Mar 2024 06:00:00 +0000", "original");
    for order in [[&newer, &older], [&older, &newer]] {
        let dir = tempfile::tempdir().expect("temp dir");
        let release_index = ReleaseIndex::create(dir.path()).expect("create");
        let found = report(&release_index, &order);
        assert_eq!(dump(&release_index)[0].snapshot, "a-copy.xml");
        let [tie] = found.ties.as_slice() else { panic!("{:?}", found.ties) };
        assert_eq!(tie.snapshots, ["a-copy.xml".to_string(), "z-copy.xml".to_string()]);
        assert_eq!((tie.releases, tie.resolution), (1, TieResolution::FeedDate));
    }

    // Without feed dates nothing tells them apart: the indexed text stays, whichever it is.
    let plain =
        |name: &str, text: &str| snapshot(name, "2024-03-11T06:00:00Z", &[item("a", 1, text)]);
    for (first, second) in [
        (plain("a.xml", "one"), plain("z.xml", "two")),
        (plain("z.xml", "two"), plain("a.xml", "one")),
    ] {
        let dir = tempfile::tempdir().expect("temp dir");
        let release_index = ReleaseIndex::create(dir.path()).expect("create");
        run(&release_index, &[&first]);
        let found = report(&release_index, &[&second]);
        assert!(found.changes.is_empty(), "kept: {:?}", found.changes);
        assert_eq!(dump(&release_index)[0].snapshot, first.meta.path);
        assert_eq!(found.ties[0].resolution, TieResolution::KeptIndexed);
    }
}

#[test]
fn a_file_that_is_not_a_feed_is_not_recorded() {
    let dir = tempfile::tempdir().expect("temp dir");
    let release_index = ReleaseIndex::create(dir.path()).expect("create");
    let page = Snapshot {
        meta: SnapshotMeta::new("error.html", at("2024-03-11T06:00:00Z")),
        xml: b"<html><body>503</body></html>".to_vec(),
    };
    let monday = snapshot("monday.xml", "2024-03-11T06:00:00Z", &[item("a", 1, "one")]);
    let found = report(&release_index, &[&page, &monday]);
    assert_eq!(found.not_feeds, [0]);
    assert_eq!(found.counts.problems, 1);
    assert_eq!(recorded(&release_index), [("monday.xml".to_string(), at("2024-03-11T06:00:00Z"))]);
}

#[test]
fn a_rebuild_keeps_when_releases_were_indexed_and_changed() {
    let parent = tempfile::tempdir().expect("temp dir");
    let dir = parent.path().join("idx");
    let release_index = ReleaseIndex::create(&dir).expect("create");
    let monday =
        snapshot("monday.xml", "2024-03-11T06:00:00Z", &[item("a", 1, "one"), item("b", 2, "two")]);
    run(&release_index, &[&monday]);
    drop(release_index);
    let tuesday = snapshot(
        "tuesday.xml",
        "2024-03-12T06:00:00Z",
        &[item("a", 1, "one"), item("b", 2, "edited")],
    );
    let mut request = IndexRequest::new(vec![monday.meta.clone(), tuesday.meta.clone()]);
    let rebuilt_at = at("2024-05-01T00:00:00Z");
    request.started_at = rebuilt_at;
    let snapshots = [&monday, &tuesday];
    let open = |position: usize| Ok(snapshots[position].xml.as_slice());
    let found = crate::indexing::rebuild_index(&dir, &request, open, |_| {}).expect("rebuilds");
    // What is new is said against the index the rebuild replaces: b's edit, nothing added.
    let counts = (found.counts.added, found.counts.updated, found.counts.unchanged);
    assert_eq!(counts, (0, 1, 3));
    let found_changes = found.changes.to_vec().expect("changes");
    let changes: Vec<(&str, ChangeKind)> =
        found_changes.iter().map(|change| (change.guid.as_str(), change.change)).collect();
    assert_eq!(changes, [("b", ChangeKind::Updated)]);
    let entries = dump(&ReleaseIndex::open(&dir).expect("opens"));
    let stamps: Vec<(DateTime<Utc>, DateTime<Utc>)> =
        entries.iter().map(|entry| (entry.indexed_at, entry.changed_at)).collect();
    let first_run = at(STARTED_AT);
    assert_eq!(stamps, [(first_run, first_run), (first_run, rebuilt_at)], "b's text is new");
}
