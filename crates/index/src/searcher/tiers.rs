//! The ranking tiers: how many releases match exactly k of a query's words (and every filter),
//! for each k, counted in one pass over each word's postings, and which releases they are. The
//! search then runs only the tiers that hold a hit of the page it returns: before, it ran one
//! search per possible k, each over every word, which made a query of n words cost n² (1,000
//! words took 45 s; issue 13).

use std::collections::HashMap;
use std::sync::Arc;

use tantivy::index::SegmentId;
use tantivy::query::{
    BitSetDocSet, ConstScorer, EmptyScorer, EnableScoring, Explanation, Query as TantivyQuery,
    Scorer, Weight,
};
use tantivy::{BitSet, DocId, Score, Searcher, SegmentReader};

use super::QueryPlan;
use crate::error::Result;

/// The tiers of a query of two words or more.
pub(crate) struct Tiers {
    /// `sizes[k]`: the releases that match exactly `k` of the plan's groups and every
    /// restriction (`sizes[0]` stays 0: a release that matches no word is no match).
    pub(crate) sizes: Vec<usize>,
    /// Per segment, per document: how many groups it matches, 0 when it is no match (deleted,
    /// filtered out, or no word).
    counts: HashMap<SegmentId, Vec<u16>>,
}

impl Tiers {
    /// Counts the tiers. Each group's postings are read once: a phrase of common words is the
    /// costly part of a search (issue 16), so it is not evaluated a second time for "matches
    /// at least one group".
    pub(crate) fn count(searcher: &Searcher, plan: &QueryPlan) -> Result<Tiers> {
        let groups = plan.groups.len();
        let mut sizes = vec![0; groups + 1];
        let mut counts = HashMap::new();
        let scoring = EnableScoring::disabled_from_searcher(searcher);
        let restriction = plan.restriction().map(|query| query.weight(scoring)).transpose()?;
        let group_weights = plan
            .groups
            .iter()
            .map(|group| group.weight(scoring))
            .collect::<tantivy::Result<Vec<Box<dyn Weight>>>>()?;
        for segment in searcher.segment_readers() {
            let mut matched = vec![0u16; segment.max_doc() as usize];
            for weight in &group_weights {
                weight.for_each_no_score(segment, &mut |docs: &[DocId]| {
                    for &doc in docs {
                        let count = &mut matched[doc as usize];
                        *count = count.saturating_add(1);
                    }
                })?;
            }
            let allowed = match &restriction {
                None => None,
                Some(weight) => {
                    let mut allowed = BitSet::with_max_value(segment.max_doc());
                    weight.for_each_no_score(segment, &mut |docs: &[DocId]| {
                        for &doc in docs {
                            allowed.insert(doc);
                        }
                    })?;
                    Some(allowed)
                }
            };
            let alive = segment.alive_bitset();
            for (doc, count) in (0..).zip(matched.iter_mut()) {
                let kept = alive.is_none_or(|alive| alive.is_alive(doc))
                    && allowed.as_ref().is_none_or(|allowed| allowed.contains(doc));
                if !kept {
                    *count = 0;
                } else if *count > 0 {
                    sizes[usize::from(*count).min(groups)] += 1;
                }
            }
            counts.insert(segment.segment_id(), matched);
        }
        Ok(Tiers { sizes, counts })
    }

    /// The releases of tier `tier` (those matching exactly that many groups, and every
    /// restriction), as a query that scores 0: added as a `Must` clause it changes which
    /// releases match, never their scores. It replaces "at least k, and not at least k + 1",
    /// whose exclusion evaluated the words once more (and trips a debug assertion of
    /// Tantivy's phrase scorer under exclusion).
    pub(crate) fn only(&self, tier: usize) -> Box<dyn TantivyQuery> {
        let docs = self
            .counts
            .iter()
            .map(|(&segment, counts)| {
                let max_doc = u32::try_from(counts.len()).unwrap_or(u32::MAX);
                let mut docs = BitSet::with_max_value(max_doc);
                for (doc, &count) in (0..).zip(counts) {
                    if usize::from(count) == tier {
                        docs.insert(doc);
                    }
                }
                (segment, docs)
            })
            .collect();
        Box::new(TierQuery { docs: Arc::new(docs) })
    }
}

/// The documents of one tier, per segment (see [`Tiers::only`]).
#[derive(Clone)]
struct TierQuery {
    docs: Arc<HashMap<SegmentId, BitSet>>,
}

impl std::fmt::Debug for TierQuery {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.debug_struct("TierQuery").field("segments", &self.docs.len()).finish()
    }
}

impl TantivyQuery for TierQuery {
    fn weight(&self, _: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.clone()))
    }
}

impl Weight for TierQuery {
    fn scorer(&self, reader: &SegmentReader, _: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(match self.docs.get(&reader.segment_id()) {
            Some(docs) => Box::new(ConstScorer::new(BitSetDocSet::from(docs.clone()), 0.0)),
            None => Box::new(EmptyScorer),
        })
    }

    fn explain(&self, _: &SegmentReader, _: DocId) -> tantivy::Result<Explanation> {
        Ok(Explanation::new("in the ranking tier", 0.0))
    }
}
