//! The ranking tiers: how many releases match exactly k of a query's words (and every filter),
//! for each k, counted in one pass over each word's postings, and, for a search by relevance,
//! each release's score summed in the same pass, so the page is read from the counts: releases
//! that match more words first, then BM25.
//!
//! Before, the counting pass was followed by one Tantivy search per tier that held a hit of the
//! page, each evaluating the words a second time, and seeking every word's union of fields to
//! the next candidate of the other words (Tantivy's buffered union refills a 4,096-document
//! window at each seek): 44% of a three-word search (issue 16). Before that, one search per
//! possible k made a query of n words cost n² (1,000 words took 45 s; issue 13).

use tantivy::query::{EnableScoring, Weight};
use tantivy::{BitSet, DocAddress, DocId, Score, Searcher};

use super::QueryPlan;
use crate::error::Result;

/// The tiers of a query of two words or more.
pub(crate) struct Tiers {
    /// `sizes[k]`: the releases that match exactly `k` of the plan's groups and every
    /// restriction (`sizes[0]` stays 0: a release that matches no word is no match).
    pub(crate) sizes: Vec<usize>,
    /// Per segment (in the searcher's order), per document: how many groups it matches, 0 when
    /// it is no match (deleted, filtered out, or no word).
    counts: Vec<Vec<u16>>,
    /// Per segment, per document: its relevance score, when counted [`Scoring::Relevance`].
    scores: Option<Vec<Vec<Score>>>,
}

/// Whether the counting pass also scores.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Scoring {
    /// Counts only (a search ordered by date).
    Off,
    /// Counts and sums each release's BM25: the groups it matches and the scored restrictions
    /// (a `title:` word), what Tantivy's query of those clauses scores, up to the order of the
    /// additions (the last bit of a score).
    Relevance,
}

impl Tiers {
    /// Counts the tiers (and scores the matches, with [`Scoring::Relevance`]). Each group's
    /// postings are read once: a phrase of common words is the costly part of a search
    /// (issue 16), so it is not evaluated a second time for the ranking or for "matches at
    /// least one group".
    pub(crate) fn count(searcher: &Searcher, plan: &QueryPlan, scoring: Scoring) -> Result<Tiers> {
        let groups = plan.groups.len();
        let mut sizes = vec![0; groups + 1];
        let enable = match scoring {
            Scoring::Off => EnableScoring::disabled_from_searcher(searcher),
            Scoring::Relevance => EnableScoring::enabled_from_searcher(searcher),
        };
        let restriction = plan.restriction().map(|query| query.weight(enable)).transpose()?;
        let group_weights = plan
            .groups
            .iter()
            .map(|group| group.weight(enable))
            .collect::<tantivy::Result<Vec<Box<dyn Weight>>>>()?;
        let mut all_counts = Vec::with_capacity(searcher.segment_readers().len());
        let mut all_scores = Vec::new();
        for segment in searcher.segment_readers() {
            let max_doc = segment.max_doc() as usize;
            let mut matched = vec![0u16; max_doc];
            let mut scores = match scoring {
                Scoring::Off => Vec::new(),
                Scoring::Relevance => vec![0.0; max_doc],
            };
            for weight in &group_weights {
                match scoring {
                    Scoring::Off => {
                        weight.for_each_no_score(segment, &mut |docs: &[DocId]| {
                            for &doc in docs {
                                let count = &mut matched[doc as usize];
                                *count = count.saturating_add(1);
                            }
                        })?
                    }
                    Scoring::Relevance => weight.for_each(segment, &mut |doc, score| {
                        let count = &mut matched[doc as usize];
                        *count = count.saturating_add(1);
                        scores[doc as usize] += score;
                    })?,
                }
            }
            let allowed = match &restriction {
                None => None,
                Some(weight) => {
                    let mut allowed = BitSet::with_max_value(segment.max_doc());
                    match scoring {
                        Scoring::Off => weight.for_each_no_score(segment, &mut |docs| {
                            for &doc in docs {
                                allowed.insert(doc);
                            }
                        })?,
                        Scoring::Relevance => weight.for_each(segment, &mut |doc, score| {
                            allowed.insert(doc);
                            scores[doc as usize] += score;
                        })?,
                    }
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
            all_counts.push(matched);
            all_scores.push(scores);
        }
        let scores = (scoring == Scoring::Relevance).then_some(all_scores);
        Ok(Tiers { sizes, counts: all_counts, scores })
    }

    /// The hits `offset..offset + limit` by relevance: releases that match more groups first,
    /// then the higher score, then the lower address (as Tantivy's `TopDocs` breaks ties); only
    /// the releases that match every group with `all_words`. `None` when the tiers were counted
    /// without scores.
    pub(crate) fn ranked(
        &self,
        all_words: bool,
        offset: usize,
        limit: usize,
    ) -> Option<Vec<(Score, DocAddress)>> {
        let scores = self.scores.as_ref()?;
        let lowest = if all_words { self.sizes.len() - 1 } else { 1 };
        let window = offset.saturating_add(limit);
        if window == 0 {
            return Some(Vec::new());
        }
        // The best `window` hits, kept as Tantivy's top-k does: collect up to twice the window,
        // keep the best half, and from then on skip what ranks below the last hit kept, so
        // memory stays within the page and time linear in the matches.
        let capacity = window.saturating_mul(2).max(64);
        let mut best: Vec<Ranked> = Vec::with_capacity(capacity.min(1 << 17));
        let mut threshold: Option<Ranked> = None;
        let order = |a: &Ranked, b: &Ranked| {
            b.count.cmp(&a.count).then(b.score.total_cmp(&a.score)).then(a.address.cmp(&b.address))
        };
        for (segment_ord, (counts, scores)) in (0..).zip(self.counts.iter().zip(scores)) {
            for (doc_id, (&count, &score)) in (0..).zip(counts.iter().zip(scores)) {
                if usize::from(count) < lowest {
                    continue;
                }
                let hit = Ranked { count, score, address: DocAddress::new(segment_ord, doc_id) };
                if threshold.is_some_and(|last| order(&hit, &last).is_ge()) {
                    continue;
                }
                best.push(hit);
                if best.len() >= capacity {
                    best.select_nth_unstable_by(window - 1, order);
                    best.truncate(window);
                    threshold = Some(best[window - 1]);
                }
            }
        }
        if best.len() > window {
            best.select_nth_unstable_by(window - 1, order);
            best.truncate(window);
        }
        best.sort_unstable_by(order);
        Some(best.into_iter().skip(offset).map(|hit| (hit.score, hit.address)).collect())
    }
}

/// A match, as [`Tiers::ranked`] orders them.
#[derive(Clone, Copy)]
struct Ranked {
    count: u16,
    score: Score,
    address: DocAddress,
}
