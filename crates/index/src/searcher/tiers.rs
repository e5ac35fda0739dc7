//! The sizes of the ranking tiers: how many releases match exactly k of a query's words (and
//! every filter), for each k, counted in one pass over each word's postings. The search then
//! runs only the tiers that hold a hit of the page it returns: before, it ran one search per
//! possible k, each over every word, which made a query of n words cost n² (1,000 words took
//! 45 s; issue 13).

use tantivy::query::{EnableScoring, Query as TantivyQuery, Weight};
use tantivy::{DocId, Searcher};

use super::QueryPlan;
use crate::error::Result;

/// `sizes[k]`: the releases that match exactly `k` of the plan's groups and every restriction
/// (`sizes[0]` stays 0: a release that matches no word is no match).
pub(crate) fn tier_sizes(searcher: &Searcher, plan: &QueryPlan) -> Result<Vec<usize>> {
    let groups = plan.groups.len();
    let mut sizes = vec![0; groups + 1];
    let scoring = EnableScoring::disabled_from_searcher(searcher);
    let matching = plan.query(1).weight(scoring)?;
    let group_weights = plan
        .groups
        .iter()
        .map(|group| group.weight(scoring))
        .collect::<tantivy::Result<Vec<Box<dyn Weight>>>>()?;
    for segment in searcher.segment_readers() {
        // 0: no match; else 1 + the groups the release matches.
        let mut matched = vec![0u16; segment.max_doc() as usize];
        let alive = segment.alive_bitset();
        matching.for_each_no_score(segment, &mut |docs: &[DocId]| {
            for &doc in docs {
                if alive.is_none_or(|alive| alive.is_alive(doc)) {
                    matched[doc as usize] = 1;
                }
            }
        })?;
        for weight in &group_weights {
            weight.for_each_no_score(segment, &mut |docs: &[DocId]| {
                for &doc in docs {
                    let count = &mut matched[doc as usize];
                    if *count > 0 {
                        *count = count.saturating_add(1);
                    }
                }
            })?;
        }
        for count in matched.into_iter().filter(|count| *count > 0) {
            sizes[usize::from(count - 1).min(groups)] += 1;
        }
    }
    Ok(sizes)
}
