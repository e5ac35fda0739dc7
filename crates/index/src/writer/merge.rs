//! Which segments the writer merges: Tantivy's log-structured policy, with merges bounded in
//! size (issue 13). A merge maps every source segment's files and reads them through, so its
//! sources' total size is added to the process's resident memory while it runs: the default
//! policy merged eight segments of ~50,000 releases at once in a one-million-release first
//! index (~470 MB of mapped files on top of the run's own memory).

use tantivy::index::{SegmentId, SegmentMeta};
use tantivy::indexer::{
    IndexWriterOptions, LogMergePolicy, MergeCandidate, MergePolicy, NoMergePolicy,
};
use tantivy::{IndexWriter, TantivyDocument};

use crate::directory::ReleaseIndex;
use crate::error::{Error, Result, UserError};

/// At most this many documents (deleted ones included) go into one merge: about 75 MB of
/// segment files for generated releases (1.7 KB a release with the gram fields). A segment of
/// half as many or more is never merged again, so a large index keeps about one segment per
/// 22,500 to 45,000 releases (four at 100k, 31 at a million with the 44 MB writer heap; the
/// default policy left ten there). Measured (BENCHMARKS "Build and search, round 4"), with the
/// 48 MB heap then: a million-release first index peaked at 309 MB with 60,000, at 295 MB with
/// 45,000, for searches 0.4-2% more instructions; 40,000 did not lower it further (round 5).
pub(crate) const MAX_MERGED_DOCS: u32 = 45_000;

/// [`LogMergePolicy`] over the segments smaller than half of [`MAX_MERGED_DOCS`], each of its
/// merges split into merges of at most [`MAX_MERGED_DOCS`] documents.
#[derive(Debug, Default)]
pub(crate) struct BoundedMergePolicy {
    log: LogMergePolicy,
}

impl MergePolicy for BoundedMergePolicy {
    fn compute_merge_candidates(&self, segments: &[SegmentMeta]) -> Vec<MergeCandidate> {
        let small: Vec<SegmentMeta> = segments
            .iter()
            .filter(|segment| segment.max_doc() < MAX_MERGED_DOCS / 2)
            .cloned()
            .collect();
        let mut merges = Vec::new();
        for MergeCandidate(ids) in self.log.compute_merge_candidates(&small) {
            let sources: Vec<&SegmentMeta> =
                small.iter().filter(|segment| ids.contains(&segment.id())).collect();
            merges.extend(pack(sources).into_iter().map(MergeCandidate));
        }
        merges
    }
}

/// `sources`, smallest first, in groups of two or more whose documents add up to at most
/// [`MAX_MERGED_DOCS`].
fn pack(mut sources: Vec<&SegmentMeta>) -> Vec<Vec<SegmentId>> {
    sources.sort_by_key(|segment| segment.max_doc());
    let (mut groups, mut group, mut docs) = (Vec::new(), Vec::new(), 0u32);
    for segment in sources {
        if docs.saturating_add(segment.max_doc()) > MAX_MERGED_DOCS {
            if group.len() >= 2 {
                groups.push(std::mem::take(&mut group));
            }
            (group, docs) = (Vec::new(), 0);
        }
        group.push(segment.id());
        docs = docs.saturating_add(segment.max_doc());
    }
    if group.len() >= 2 {
        groups.push(group);
    }
    groups
}

/// The merges that leave an index with as few segments as the bound allows: its segments
/// under half of [`MAX_MERGED_DOCS`], packed smallest first.
fn consolidation(segments: &[SegmentMeta]) -> Vec<Vec<SegmentId>> {
    pack(segments.iter().filter(|segment| segment.max_doc() < MAX_MERGED_DOCS / 2).collect())
}

/// Merges the small segments a run leaves (the log policy merges only once a level holds
/// eight), so a search opens few: a 100k first index ends in three segments instead of
/// seven. Runs once the run's session is gone (a merge writes its own metadata, the commit's
/// payload kept); another process that took the writer lock in between wins, and the next run
/// merges instead.
///
/// # Errors
/// [`InternalError::WriteFailed`](crate::InternalError::WriteFailed) when a merge fails (the
/// index stays as committed).
pub(crate) fn consolidate(release_index: &ReleaseIndex) -> Result<()> {
    let (index, dir) = (release_index.index(), release_index.dir());
    // The metas are dropped at once: Tantivy keeps the files of every `SegmentMeta` alive in
    // the process, so holding them would keep the merged-away files from the collection below.
    let groups =
        consolidation(&index.searchable_segment_metas().map_err(|err| Error::tantivy(dir, err))?);
    let writer = || -> Result<Option<IndexWriter<TantivyDocument>>> {
        let options = IndexWriterOptions::builder()
            .num_worker_threads(1)
            .memory_budget_per_thread(16 << 20)
            .num_merge_threads(1)
            .build();
        match index.writer_with_options(options) {
            Ok(writer) => {
                writer.set_merge_policy(Box::new(NoMergePolicy));
                Ok(Some(writer))
            }
            Err(err) => match Error::tantivy(dir, err) {
                Error::User(UserError::Busy(_)) => Ok(None),
                other => Err(other),
            },
        }
    };
    if !groups.is_empty() {
        let Some(mut merging) = writer()? else { return Ok(()) };
        for group in groups {
            merging.merge(&group).wait().map_err(|err| Error::write_failed(dir, err))?;
        }
        merging.wait_merging_threads().map_err(|err| Error::write_failed(dir, err))?;
    }
    // Files of merged segments are deleted by a writer's garbage collection once no
    // `SegmentMeta` of them is alive in the process: the merging writer is gone by now.
    let Some(collector) = writer()? else { return Ok(()) };
    collector.garbage_collect_files().wait().map_err(|err| Error::write_failed(dir, err))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use tantivy::index::SegmentId;
    use tantivy::schema::Schema;

    use super::*;

    #[test]
    fn no_merge_holds_more_than_the_bound_and_large_segments_stay() {
        let index = tantivy::Index::create_in_ram(Schema::builder().build());
        let meta = |docs: u32| index.new_segment_meta(SegmentId::generate_random(), docs);
        let docs_of = |segments: &[SegmentMeta], merge: &MergeCandidate| -> u32 {
            let ids = &merge.0;
            segments.iter().filter(|s| ids.contains(&s.id())).map(SegmentMeta::max_doc).sum()
        };
        // Sixteen flushed segments of a large first index (three fit in a merge, four do
        // not), and two already merged.
        let flushed = MAX_MERGED_DOCS / 3 - 1_000;
        let mut segments: Vec<SegmentMeta> = (0..16).map(|_| meta(flushed)).collect();
        segments.extend([meta(MAX_MERGED_DOCS), meta(MAX_MERGED_DOCS * 2 / 3)]);
        let merges = BoundedMergePolicy::default().compute_merge_candidates(&segments);
        // Tantivy's own policy merges the sixteen at once.
        let log = LogMergePolicy::default().compute_merge_candidates(&segments);
        let unbounded = |merge: &MergeCandidate| docs_of(&segments, merge) > 2 * MAX_MERGED_DOCS;
        assert!(log.iter().any(unbounded), "{log:?}");
        assert_eq!(merges.len(), 5, "the sixteen in threes");
        for merge in &merges {
            assert!(merge.0.len() >= 2);
            assert!(docs_of(&segments, merge) <= MAX_MERGED_DOCS);
            assert!(merge.0.iter().all(|id| *id != segments[16].id() && *id != segments[17].id()));
        }
        // Small segments of a daily run merge as Tantivy's policy merges them.
        let small: Vec<SegmentMeta> = (0..8).map(|_| meta(20)).collect();
        let merges = BoundedMergePolicy::default().compute_merge_candidates(&small);
        assert_eq!(merges.len(), 1);
        assert_eq!(merges[0].0.len(), 8);

        // At the end of a run: the small segments in as few merges as the bound allows, the
        // large ones left alone.
        let groups = consolidation(&segments);
        assert_eq!(groups.len(), 5, "the sixteen in threes");
        // Six of a quarter of the bound and a small one: packed from the smallest, four then
        // three (from the largest it would be three then four).
        let mut seven: Vec<SegmentMeta> = (0..6).map(|_| meta(MAX_MERGED_DOCS / 4 + 500)).collect();
        seven.extend([meta(MAX_MERGED_DOCS / 10), meta(MAX_MERGED_DOCS)]);
        let groups = consolidation(&seven);
        assert_eq!(groups.iter().map(Vec::len).collect::<Vec<_>>(), [4, 3], "smallest first");
        assert!(consolidation(&[meta(40_000)]).is_empty());
    }
}
