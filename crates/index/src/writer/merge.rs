//! Which segments the writer merges: Tantivy's log-structured policy, with merges bounded in
//! size (issue 13). A merge maps every source segment's files and reads them through, so its
//! sources' total size is added to the process's resident memory while it runs: the default
//! policy merged eight segments of ~50,000 releases at once in a one-million-release first
//! index (~470 MB of mapped files on top of the run's own memory).

use tantivy::index::SegmentMeta;
use tantivy::indexer::{LogMergePolicy, MergeCandidate, MergePolicy};

/// At most this many documents (deleted ones included) go into one merge: about 125 MB of
/// segment files for generated releases. A segment of half as many or more is never merged
/// again, so a large index keeps about one segment per `MAX_MERGED_DOCS` releases (ten at a
/// million, as the default policy left it).
pub(crate) const MAX_MERGED_DOCS: u32 = 100_000;

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
            let mut sources: Vec<&SegmentMeta> =
                small.iter().filter(|segment| ids.contains(&segment.id())).collect();
            sources.sort_by_key(|segment| segment.max_doc());
            let (mut group, mut docs) = (Vec::new(), 0u32);
            for segment in sources {
                if docs.saturating_add(segment.max_doc()) > MAX_MERGED_DOCS {
                    if group.len() >= 2 {
                        merges.push(MergeCandidate(std::mem::take(&mut group)));
                    }
                    (group, docs) = (Vec::new(), 0);
                }
                group.push(segment.id());
                docs = docs.saturating_add(segment.max_doc());
            }
            if group.len() >= 2 {
                merges.push(MergeCandidate(group));
            }
        }
        merges
    }
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
        // Sixteen flushed segments of a large first index, and two already merged.
        let mut segments: Vec<SegmentMeta> = (0..16).map(|_| meta(48_000)).collect();
        segments.extend([meta(96_000), meta(60_000)]);
        let merges = BoundedMergePolicy::default().compute_merge_candidates(&segments);
        // Tantivy's own policy merges the sixteen at once.
        let log = LogMergePolicy::default().compute_merge_candidates(&segments);
        assert!(log.iter().any(|merge| docs_of(&segments, merge) > 700_000), "{log:?}");
        assert_eq!(merges.len(), 8, "the sixteen in pairs");
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
    }
}
