//! The one way in for writing: [`index_snapshots`] indexes a run of snapshots into an index,
//! [`rebuild_index`] builds a fresh index from them beside the old one and swaps it in. Every
//! front end (the `pressdex index` command, the first search that builds the default index,
//! the benches, a feed loop or a server) calls these two, so the sequence scan, decide, write,
//! commit exists once.
//!
//! The caller owns the snapshots: the request names them ([`SnapshotMeta`]) and the caller's
//! `open` gives their bytes (a file, wrapped in a progress reader; memory; a download), twice
//! when a snapshot holds something to write (the last snapshot only when it holds a guid
//! twice). Progress and the feed reader's problems come back
//! through `progress` as [`IndexEvent`]s; this crate never prints.

use std::io::{self, Read};
use std::path::Path;

use chrono::{DateTime, Utc};
use pressdex_ingest::Diagnostic;
use pressdex_ingest::{FeedEvent, FeedReader, read_feed};

use crate::changes::Changes;
use crate::digest::{Digest, DigestHandle, Digesting, digest_of};
use crate::directory::{Rebuild, ReleaseIndex};
use crate::error::Result;
use crate::record::SnapshotMeta;
use crate::writer::{
    History, IndexCounts, Indexer, SnapshotTie, WriteConfig, Written, consolidate,
};

/// A run to index: the snapshots and how to write them.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct IndexRequest {
    /// The snapshots, oldest fetch first. Events and the `open` callback name a snapshot by its
    /// position in this list.
    pub snapshots: Vec<SnapshotMeta>,
    /// Also commit after this many documents written (a run always commits once at its end).
    pub commit_every: Option<u64>,
    /// The writer's memory budget in bytes (all indexing threads together).
    pub heap_bytes: usize,
    /// How many releases are built in parallel at once.
    pub batch_size: usize,
    /// When the run started (now, by default): the `indexed_at` of what it adds and the
    /// `changed_at` of what it changes, and what `last-run` means afterwards.
    pub started_at: DateTime<Utc>,
}

impl IndexRequest {
    /// A run over `snapshots` (oldest fetch first), committing once at its end, starting now.
    pub fn new(snapshots: Vec<SnapshotMeta>) -> IndexRequest {
        IndexRequest {
            snapshots,
            commit_every: None,
            // Measured (BENCHMARKS "The write path, round 3", "Build and search, round 4" and
            // "Search, round 5"): with merges bounded, 64 MB instead of 128 took 100 MB off a
            // million-release run's peak, and 48 MB 15 MB more; with the gram triples (schema
            // 7) 48 MB peaked at 303 MB, 44 MB at 284 MB (31 segments; 40 MB: 267 MB but 40
            // segments, a rare word's search +28% instructions).
            heap_bytes: 44 << 20,
            batch_size: 256,
            started_at: Utc::now(),
        }
    }

    pub(crate) fn write_config(&self) -> WriteConfig {
        WriteConfig {
            heap_bytes: self.heap_bytes,
            commit_every: self.commit_every,
            batch_size: self.batch_size,
            started_at: self.started_at,
        }
    }
}

/// What a run did.
#[derive(Debug, Default)]
#[non_exhaustive]
pub struct IndexReport {
    /// Files, items, and how each item compared with what the index held.
    pub counts: IndexCounts,
    /// The snapshots (positions in the request) that could not be opened to scan; each counts
    /// as a problem. They are not recorded as indexed.
    pub unreadable: Vec<usize>,
    /// The snapshots (positions) that are not feeds (an HTML page, an empty file); not
    /// recorded as indexed.
    pub not_feeds: Vec<usize>,
    /// The releases the run added, or whose content it changed: newest publication first.
    pub changes: Changes,
    /// Snapshots fetched at the same time that hold different texts of a release, and how the
    /// run decided between them.
    pub ties: Vec<SnapshotTie>,
}

/// The passes of a run, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Phase {
    /// Reading every snapshot to decide what wins (no HTML parsed), and writing the releases
    /// new to the index that the run's last snapshot holds as they are read.
    Scanning,
    /// Reading again the snapshots that hold a version to write, and writing it.
    Writing,
    /// Re-adding releases whose provenance alone moved, then committing.
    Committing,
}

/// What happens during a run, as it happens.
#[derive(Debug)]
#[non_exhaustive]
pub enum IndexEvent<'a> {
    /// A pass begins; it reads `snapshots` (positions in the request), none when committing.
    PhaseStarted {
        /// The pass.
        phase: Phase,
        /// What it reads, in order.
        snapshots: &'a [usize],
    },
    /// An item of `snapshot` was read.
    ItemRead {
        /// The snapshot's position in the request.
        snapshot: usize,
    },
    /// The feed reader found a problem in `snapshot` (reported while scanning only: writing
    /// reads the same bytes again), or an item's release could not be built (a fault caught
    /// in that item: it is skipped, the run goes on), while writing or while scanning the
    /// run's last snapshot, whose new releases are written as they are read.
    Problem {
        /// The snapshot's position in the request.
        snapshot: usize,
        /// What and where.
        diagnostic: &'a Diagnostic,
    },
    /// `snapshot` could not be opened. While scanning it counts as a problem; while writing
    /// (the file vanished since) its releases wait for the next run.
    Unreadable {
        /// The snapshot's position in the request.
        snapshot: usize,
        /// The pass that tried to open it.
        phase: Phase,
        /// Why.
        error: &'a io::Error,
    },
    /// `snapshot` holds the very bytes the index recorded when a run last read it to its end
    /// without a problem (same path, fetch time and digest, same pipeline): it was hashed, not
    /// parsed, and its `items` count as unchanged. [`IndexEvent::SnapshotDone`] follows.
    Unchanged {
        /// The snapshot's position in the request.
        snapshot: usize,
        /// How many items it holds.
        items: u64,
    },
    /// `snapshot` was hashed to compare it with the index's record, and its bytes changed: it
    /// is read again to be scanned (its bytes are read twice in this pass).
    Rereading {
        /// The snapshot's position in the request.
        snapshot: usize,
    },
    /// `snapshot` was read to its end in the current pass.
    SnapshotDone {
        /// The snapshot's position in the request.
        snapshot: usize,
    },
}

/// Indexes the snapshots of `request` into `release_index`: upsert by guid, the newest version
/// wins whatever their order, one commit at the end (and every `commit_every` documents).
/// `open(position)` reads snapshot `position` of the request; `progress` hears every
/// [`IndexEvent`].
///
/// # Errors
/// [`UserError::Busy`](crate::UserError::Busy) when another process writes to the index; an
/// [`InternalError`](crate::InternalError) when it cannot be read or written (the last commit
/// stays as it was). A snapshot that cannot be opened or holds bad items is not an error: it
/// is counted in the report's problems and told to `progress`.
pub fn index_snapshots<R: Read>(
    release_index: &ReleaseIndex,
    request: &IndexRequest,
    open: impl FnMut(usize) -> io::Result<R>,
    progress: impl FnMut(IndexEvent<'_>),
) -> Result<IndexReport> {
    let indexer = Indexer::new(release_index, &request.snapshots, request.write_config(), None)?;
    let report = Run { snapshots: &request.snapshots, open, progress }.run(indexer);
    // Once the session (its plan, writer and every segment it held) is gone.
    let report = report.and_then(|report| consolidate(release_index).map(|()| report));
    report.map_err(|err| err.in_index(release_index.dir()))
}

/// Builds a fresh index at `dir` from the snapshots of `request` alone, beside the old index
/// (which may be missing, or of another schema version), and swaps it in once complete: a kill
/// midway leaves the old index in place. A release the old index held (of this schema version)
/// keeps its `indexed_at`, and its `changed_at` when its content is the same. Callbacks as in
/// [`index_snapshots`].
///
/// # Errors
/// [`UserError::Busy`](crate::UserError::Busy) when another process writes to `dir`,
/// [`UserError::NotAnIndex`](crate::UserError::NotAnIndex) when `dir` holds other files; an
/// [`InternalError`](crate::InternalError) when an index cannot be written or swapped.
pub fn rebuild_index<R: Read>(
    dir: &Path,
    request: &IndexRequest,
    open: impl FnMut(usize) -> io::Result<R>,
    progress: impl FnMut(IndexEvent<'_>),
) -> Result<IndexReport> {
    let rebuild = Rebuild::start(dir)?;
    // Readers need no lock: the old index is read while its writer lock is held.
    let history = ReleaseIndex::open(dir).ok().and_then(|old| History::open(old).ok());
    let indexer =
        Indexer::new(rebuild.index(), &request.snapshots, request.write_config(), history)?;
    let report = Run { snapshots: &request.snapshots, open, progress }.run(indexer);
    let report = report.and_then(|report| consolidate(rebuild.index()).map(|()| report));
    let report = report.map_err(|err| err.in_index(rebuild.index().dir()))?;
    rebuild.finish()?;
    Ok(report)
}

/// One run's callbacks, around the session.
struct Run<'a, O, P> {
    snapshots: &'a [SnapshotMeta],
    open: O,
    progress: P,
}

impl<R, O, P> Run<'_, O, P>
where
    R: Read,
    O: FnMut(usize) -> io::Result<R>,
    P: FnMut(IndexEvent<'_>),
{
    /// Both passes, then the commit.
    fn run(mut self, mut indexer: Indexer) -> Result<IndexReport> {
        let all: Vec<usize> = (0..self.snapshots.len()).collect();
        (self.progress)(IndexEvent::PhaseStarted { phase: Phase::Scanning, snapshots: &all });
        let (mut unreadable, mut not_feeds) = (Vec::new(), Vec::new());
        for &snapshot in &all {
            if let Some((digest, items)) = indexer.recorded_digest(snapshot) {
                match self.check(snapshot, digest) {
                    Check::Same => {
                        indexer.skip_unchanged(snapshot, items);
                        (self.progress)(IndexEvent::Unchanged { snapshot, items });
                        (self.progress)(IndexEvent::SnapshotDone { snapshot });
                        continue;
                    }
                    Check::Differs => (self.progress)(IndexEvent::Rereading { snapshot }),
                    Check::Unreadable => {
                        unreadable.push(snapshot);
                        indexer.count_unreadable();
                        continue;
                    }
                }
            }
            let Some((mut events, digest)) = self.read(snapshot, Phase::Scanning) else {
                unreadable.push(snapshot);
                indexer.count_unreadable();
                continue;
            };
            // Up to the first item, the reader has passed the channel and knows its date.
            let mut head = Vec::new();
            for event in events.by_ref() {
                let item = matches!(event, FeedEvent::Item(_));
                head.push(event);
                if item {
                    break;
                }
            }
            let feed_date = events.feed_date();
            let progress = &mut self.progress;
            let (mut items, mut problems) = (0u64, 0u64);
            let scanned = indexer.scan(
                snapshot,
                feed_date,
                head.into_iter().chain(events).inspect(|event| match event {
                    FeedEvent::Item(_) => {
                        items += 1;
                        progress(IndexEvent::ItemRead { snapshot });
                    }
                    FeedEvent::Problem(diagnostic) => {
                        problems += 1;
                        progress(IndexEvent::Problem { snapshot, diagnostic });
                    }
                }),
            )?;
            for diagnostic in &scanned.failed {
                (self.progress)(IndexEvent::Problem { snapshot, diagnostic });
            }
            if scanned.is_feed {
                let clean = problems == 0 && scanned.failed.is_empty();
                indexer.read_to_end(snapshot, clean.then(|| (digest.digest(), items)));
            } else {
                not_feeds.push(snapshot);
            }
            (self.progress)(IndexEvent::SnapshotDone { snapshot });
        }

        let to_write: Vec<usize> =
            all.into_iter().filter(|snapshot| indexer.needs_write(*snapshot)).collect();
        (self.progress)(IndexEvent::PhaseStarted { phase: Phase::Writing, snapshots: &to_write });
        for &snapshot in &to_write {
            let Some((events, _)) = self.read(snapshot, Phase::Writing) else {
                // Its releases wait for the next run, which must read it again.
                indexer.read_to_end(snapshot, None);
                continue;
            };
            let progress = &mut self.progress;
            let failed = indexer.write(
                snapshot,
                events.inspect(|event| {
                    if matches!(event, FeedEvent::Item(_)) {
                        progress(IndexEvent::ItemRead { snapshot });
                    }
                }),
            )?;
            if !failed.is_empty() {
                indexer.read_to_end(snapshot, None);
            }
            for diagnostic in &failed {
                (self.progress)(IndexEvent::Problem { snapshot, diagnostic });
            }
            (self.progress)(IndexEvent::SnapshotDone { snapshot });
        }

        (self.progress)(IndexEvent::PhaseStarted { phase: Phase::Committing, snapshots: &[] });
        let Written { counts, changes, ties } = indexer.commit()?;
        Ok(IndexReport { counts, unreadable, not_feeds, changes, ties })
    }

    /// The events of `snapshot`, and the digest of the bytes they were read from (once the
    /// reader is done); `None` (after telling `progress`) when it cannot be opened.
    fn read(
        &mut self,
        snapshot: usize,
        phase: Phase,
    ) -> Option<(FeedReader<Digesting<R>>, DigestHandle)> {
        match (self.open)(snapshot) {
            Ok(reader) => {
                let (reader, digest) = Digesting::new(reader);
                Some((read_feed(self.snapshots[snapshot].name.as_str(), reader), digest))
            }
            Err(error) => {
                (self.progress)(IndexEvent::Unreadable { snapshot, phase, error: &error });
                None
            }
        }
    }

    /// Whether `snapshot` holds the bytes of digest `recorded`. A read error midway is
    /// [`Check::Differs`]: reading it to scan will meet and report it.
    fn check(&mut self, snapshot: usize, recorded: Digest) -> Check {
        match (self.open)(snapshot) {
            Ok(reader) => match digest_of(reader) {
                Ok(digest) if digest == recorded => Check::Same,
                Ok(_) | Err(_) => Check::Differs,
            },
            Err(error) => {
                let phase = Phase::Scanning;
                (self.progress)(IndexEvent::Unreadable { snapshot, phase, error: &error });
                Check::Unreadable
            }
        }
    }
}

/// What hashing a snapshot the index recorded found.
enum Check {
    Same,
    Differs,
    Unreadable,
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONE_ITEM: &str = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>\
        <title>International Operations</title><item><title>One</title>\
        <link>https://www.cbp.gov/newsroom/national-media-release/one</link><guid>one</guid>\
        <pubDate>01 Mar 2024 10:00:00 +0000</pubDate><description>One.</description></item>";

    /// The bundled snapshot's bytes.
    fn bundled() -> Vec<u8> {
        std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../index-data/feeds/cbp-international-operations.xml"
        ))
        .expect("the bundled snapshot")
    }

    fn meta(name: &str) -> SnapshotMeta {
        let fetched_at = chrono::DateTime::from_timestamp(1_700_000_000, 0).expect("in range");
        SnapshotMeta::new(name, fetched_at)
    }

    fn render(event: &IndexEvent<'_>) -> String {
        match event {
            IndexEvent::PhaseStarted { phase, snapshots } => format!("{phase:?} {snapshots:?}"),
            IndexEvent::ItemRead { snapshot } => format!("item {snapshot}"),
            IndexEvent::Problem { snapshot, diagnostic } => {
                format!("problem {snapshot} {}", diagnostic.source)
            }
            IndexEvent::Unreadable { snapshot, phase, error } => {
                format!("unreadable {snapshot} {phase:?} {}", error.kind())
            }
            IndexEvent::SnapshotDone { snapshot } => format!("done {snapshot}"),
            IndexEvent::Unchanged { snapshot, items } => format!("unchanged {snapshot} {items}"),
            IndexEvent::Rereading { snapshot } => format!("rereading {snapshot}"),
        }
    }

    #[test]
    fn events_report_every_pass_item_problem_and_unreadable_snapshot() {
        let dir = tempfile::tempdir().expect("temp dir");
        let release_index = ReleaseIndex::create(dir.path()).expect("create");
        // Snapshot 0 is cut inside its channel (one item, one problem); 1 cannot be opened; 2
        // holds the same item and wins the tie by its name, so only 2 is read a second time.
        let complete = format!("{ONE_ITEM}</channel></rss>");
        let request = IndexRequest::new(vec![meta("cut.xml"), meta("gone.xml"), meta("whole.xml")]);
        let open = |at: usize| match at {
            0 => Ok(ONE_ITEM.as_bytes()),
            1 => Err(io::Error::from(io::ErrorKind::NotFound)),
            _ => Ok(complete.as_bytes()),
        };
        let mut events = Vec::new();
        let report = index_snapshots(&release_index, &request, open, |event| {
            events.push(render(&event));
        })
        .expect("indexes");
        assert_eq!(
            events,
            [
                "Scanning [0, 1, 2]",
                "item 0",
                "problem 0 cut.xml",
                "done 0",
                "unreadable 1 Scanning entity not found",
                "item 2",
                "done 2",
                "Writing [2]",
                "item 2",
                "done 2",
                "Committing []",
            ]
        );
        assert_eq!(report.unreadable, [1]);
        let counts = report.counts;
        assert_eq!((counts.files, counts.items, counts.added, counts.unchanged), (2, 2, 1, 1));
        assert_eq!(counts.problems, 2, "the cut snapshot's problem and the unreadable one");
    }

    /// A run of one snapshot reads it once: its new releases are written as they are read
    /// (issue 16). Only a guid it holds twice makes the run read it again.
    #[test]
    fn a_run_of_one_snapshot_reads_it_once() {
        let dir = tempfile::tempdir().expect("temp dir");
        let release_index = ReleaseIndex::create(dir.path()).expect("create");
        let feed = bundled();
        let request = IndexRequest::new(vec![meta("cbp.xml")]);
        let mut opened = 0;
        let open = |_: usize| {
            opened += 1;
            Ok(feed.as_slice())
        };
        let report = index_snapshots(&release_index, &request, open, |_| {}).expect("indexes");
        assert_eq!(opened, 1);
        assert!(report.counts.added > 5, "{:?}", report.counts);
        assert_eq!(report.changes.len() as u64, report.counts.added);
        let stats = crate::index_stats(&release_index, 0).expect("stats");
        assert_eq!(stats.releases, report.counts.added);

        // The same item twice: read again, and one document for it.
        let twice = format!(
            "{ONE_ITEM}{}</channel></rss>",
            &ONE_ITEM[ONE_ITEM.find("<item>").expect("an item")..]
        );
        let dir = tempfile::tempdir().expect("temp dir");
        let release_index = ReleaseIndex::create(dir.path()).expect("create");
        let mut opened = 0;
        let open = |_: usize| {
            opened += 1;
            Ok(twice.as_bytes())
        };
        let report = index_snapshots(&release_index, &request, open, |_| {}).expect("indexes");
        assert_eq!((opened, report.changes.len()), (2, 1));
        assert_eq!(crate::index_stats(&release_index, 0).expect("stats").releases, 1);
    }

    /// A snapshot the index read to its end without a problem is hashed, not parsed, when a
    /// run finds the same bytes (issue 16); one with a problem, or whose bytes changed, is read
    /// again; the index and the counts are what reading it would give.
    #[test]
    fn a_snapshot_read_before_is_hashed_not_parsed() {
        let dir = tempfile::tempdir().expect("temp dir");
        let release_index = ReleaseIndex::create(dir.path()).expect("create");
        let bundled = bundled();
        let request = IndexRequest::new(vec![meta("cbp.xml"), meta("cut.xml")]);
        let run = |first: &[u8]| {
            let mut events = Vec::new();
            let open = |at: usize| Ok(if at == 0 { first } else { ONE_ITEM.as_bytes() });
            let report = index_snapshots(&release_index, &request, open, |event| {
                events.push(render(&event));
            })
            .expect("indexes");
            let stats = crate::index_stats(&release_index, 0).expect("stats");
            (events, report.counts, stats.releases)
        };
        let (events, first, releases) = run(&bundled);
        let scanning = events.iter().take_while(|event| !event.starts_with("Writing"));
        assert_eq!(scanning.filter(|event| *event == "item 0").count() as u64, first.items - 1);
        assert_eq!((first.added, first.problems, first.unchanged_files), (releases, 1, 0));

        let (events, again, releases_again) = run(&bundled);
        let of_zero: Vec<&String> =
            events.iter().filter(|event| event.split(' ').nth(1) == Some("0")).collect();
        let expected = format!("unchanged 0 {}", first.items - 1);
        assert_eq!(of_zero, [&expected, "done 0"], "hashed, not parsed: no item read");
        assert!(events.contains(&"problem 1 cut.xml".to_string()), "the cut one is read again");
        assert_eq!((again.files, again.items, again.added), (2, first.items, 0));
        assert_eq!((again.unchanged, again.unchanged_files, again.problems), (first.items, 1, 1));
        assert_eq!(releases_again, releases);

        // One byte changed in a title: read again, and the change is indexed.
        let text = String::from_utf8(bundled.clone()).expect("UTF-8");
        let title = "CBP, Cabo Verde sign Customs Mutual Assistance Agreement";
        assert!(text.contains(title), "the bundled snapshot changed");
        let edited =
            text.replacen(title, "CBP, Cabo Verde sign Customs Mutual Assistance Agreements", 1);
        let (events, edited_counts, _) = run(edited.as_bytes());
        assert!(events.contains(&"rereading 0".to_string()), "{events:?}");
        assert_eq!((edited_counts.updated, edited_counts.unchanged_files), (1, 0));
        // And the edited bytes are the ones recorded now.
        let (events, _, _) = run(edited.as_bytes());
        assert!(events.iter().any(|event| event.starts_with("unchanged 0")), "{events:?}");
    }

    /// A run that commits several times ends with its small segments merged, and the files of
    /// the merged-away segments deleted by the run itself, not left for the next one.
    #[test]
    fn a_run_leaves_only_the_files_of_its_live_segments() {
        let dir = tempfile::tempdir().expect("temp dir");
        let release_index = ReleaseIndex::create(dir.path()).expect("create");
        let feed = bundled();
        let mut request = IndexRequest::new(vec![meta("cbp.xml")]);
        request.commit_every = Some(3);
        let report = index_snapshots(&release_index, &request, |_| Ok(feed.as_slice()), |_| {})
            .expect("indexes");
        assert!(report.counts.added > 6, "several commits: {:?}", report.counts);
        let live: Vec<String> = release_index
            .index()
            .searchable_segment_metas()
            .expect("metas")
            .iter()
            .map(|segment| segment.id().uuid_string())
            .collect();
        assert_eq!(live.len(), 1, "the run's segments merged into one");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir.path())
            .expect("the index dir")
            .map(|entry| entry.expect("an entry").file_name().to_string_lossy().into_owned())
            .filter_map(|name| Some(name.split_once('.')?.0.to_string()))
            .filter(|stem| stem.len() == 32 && stem.bytes().all(|b| b.is_ascii_hexdigit()))
            .collect();
        on_disk.sort();
        on_disk.dedup();
        assert_eq!(on_disk, live, "only the live segment's files");
    }
}
