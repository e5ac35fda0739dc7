//! A search planned and counted, whose hits are read one at a time: a page of them (what
//! [`ReleaseSearcher::search`] collects) or every match (what an export streams).

use tantivy::collector::{Count, TopDocs};
use tantivy::{DocAddress, Order};

use super::tiers::{Scoring, Tiers};
use super::{
    CappedPrefix, Correction, QueryPlan, ReleaseSearcher, SearchHit, SearchRequest, SortBy,
};
use crate::error::{Error, Result, guarded};
use crate::record::{Payload, read_payload};
use crate::schema;
use crate::snippet::Highlighter;

/// A search whose matches are counted, ready to hand over its hits in order
/// ([`ReleaseSearcher::prepare`]). It reads the index as it was when prepared, however often
/// its hits are read.
pub struct PreparedSearch<'a> {
    owner: &'a ReleaseSearcher,
    view: tantivy::Searcher,
    plan: QueryPlan,
    request: SearchRequest,
    /// Read after `view`: the snapshot table only grows, so it names every id the view holds.
    payload: Payload,
    total: usize,
    matched_all_words: usize,
    /// The matches of exactly `k` words, when there are two words or more.
    tiers: Option<Tiers>,
    /// The hits up to the end of the page, when they were found by the pass that counted.
    page: Option<Vec<(f32, DocAddress)>>,
}

/// A page of one word ranked by relevance that ends at most this far is found in the pass that
/// counts the matches: one scored pass instead of a count and then a scored search (a phrase
/// of common words evaluated twice over every match, issue 16). Tantivy sizes its top-k heap
/// by the limit, so an export of every match keeps the two passes.
const COUNTED_PAGE: usize = 1_000;

impl std::fmt::Debug for PreparedSearch<'_> {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("PreparedSearch")
            .field("request", &self.request)
            .field("total", &self.total)
            .field("matched_all_words", &self.matched_all_words)
            .finish_non_exhaustive()
    }
}

impl<'a> PreparedSearch<'a> {
    pub(super) fn new(owner: &'a ReleaseSearcher, request: &SearchRequest) -> Result<Self> {
        let view = owner.reader().searcher();
        let plan = owner.plan(&view, &request.query)?;
        let words = plan.groups.len();
        // With one word (or none) every match matches all words, in one tier; with more, one
        // pass per word counts every tier (one search per tier was quadratic in the words).
        // Scores only for a page by relevance: a count (`--limit 0`) or a page by date needs
        // none.
        let scoring = match request.sort {
            SortBy::Relevance if request.limit > 0 => Scoring::Relevance,
            SortBy::Relevance | SortBy::Date => Scoring::Off,
        };
        let tiers = if words >= 2 { Some(Tiers::count(&view, &plan, scoring)?) } else { None };
        let window = request.offset.saturating_add(request.limit);
        let mut page = None;
        let (total, matched_all_words) = match &tiers {
            Some(tiers) => (tiers.sizes.iter().sum(), tiers.sizes[words]),
            None if words == 1
                && request.sort == SortBy::Relevance
                && (1..=COUNTED_PAGE).contains(&window) =>
            {
                let collector = (Count, TopDocs::with_limit(window).order_by_score());
                let (total, found) = view.search(&*plan.query(1), &collector)?;
                page = Some(found);
                (total, total)
            }
            None => {
                let total = view.search(&*plan.query(1), &Count)?;
                (total, total)
            }
        };
        let total = if request.all_words { matched_all_words } else { total };
        let payload = if total == 0 { Payload::default() } else { read_payload(owner.index())? };
        Ok(PreparedSearch {
            owner,
            view,
            plan,
            request: request.clone(),
            payload,
            total,
            matched_all_words,
            tiers,
            page,
        })
    }

    /// How many releases match (at least one word, every filter; every word with
    /// `all_words`).
    pub fn total(&self) -> usize {
        self.total
    }

    /// How many of those match every word.
    pub fn matched_all_words(&self) -> usize {
        self.matched_all_words
    }

    /// The number of words (groups) ranked by, after acronym merging.
    pub fn words(&self) -> usize {
        self.plan.groups.len()
    }

    /// Words replaced by their closest indexed term.
    pub fn corrections(&self) -> &[Correction] {
        &self.plan.corrections
    }

    /// The `prefix*` words that matched more than [`super::MAX_PREFIX_TERMS`] indexed terms,
    /// of which only the most frequent were searched.
    pub fn capped_prefixes(&self) -> &[CappedPrefix] {
        &self.plan.capped_prefixes
    }

    /// How many hits [`PreparedSearch::for_each_hit`] hands over: the request's page, cut at
    /// the last match.
    pub fn page_len(&self) -> usize {
        self.request.limit.min(self.total.saturating_sub(self.request.offset))
    }

    /// Calls `visit` with each hit of the request's page (`offset`, then up to `limit` hits;
    /// every match with `limit: usize::MAX`), best first (newest first by date), one at a time:
    /// no more than one release is held. Stops at the first error `visit` returns.
    ///
    /// # Errors
    /// What `visit` returns;
    /// [`InternalError::Tantivy`](crate::InternalError::Tantivy) on a read failure,
    /// [`InternalError::Corrupt`](crate::InternalError::Corrupt) for a stored document that does
    /// not decode.
    pub fn for_each_hit<E: From<Error>>(
        &self,
        mut visit: impl FnMut(SearchHit) -> Result<(), E>,
    ) -> Result<(), E> {
        let addresses = guarded(self.owner.index().dir(), || self.addresses())?;
        let mut highlighter = Highlighter::new(&self.owner.analyzer, &self.plan.highlight);
        for (score, address) in addresses {
            // A stored document that does not decode (or makes Tantivy panic) is an error that
            // names the index, as every other read of it.
            let hit = guarded(self.owner.index().dir(), || {
                self.owner.hit(&self.view, address, score, &mut highlighter, &self.payload)
            })?;
            visit(hit)?;
        }
        Ok(())
    }

    /// The addresses of the page's hits, in order, with their scores.
    fn addresses(&self) -> Result<Vec<(f32, DocAddress)>> {
        let request = &self.request;
        let words = self.plan.groups.len();
        // Tantivy sizes its top-k heap by the limit: never ask for more than can match.
        let limit = self.page_len();
        if limit == 0 {
            return Ok(Vec::new());
        }
        let window = request.offset.saturating_add(limit);
        if let Some(page) = &self.page {
            return Ok(page.iter().skip(request.offset).take(limit).copied().collect());
        }
        if words == 0 || request.sort == SortBy::Date {
            let minimum = if request.all_words { words } else { 1 };
            let collector = TopDocs::with_limit(limit)
                .and_offset(request.offset)
                .order_by_fast_field::<tantivy::DateTime>(schema::PUBLISHED, Order::Desc);
            let found = self.view.search(&*self.plan.query(minimum), &collector)?;
            return Ok(found.into_iter().map(|(_, address)| (0.0, address)).collect());
        }
        // Two words or more: ranked from the pass that counted the tiers.
        if let Some(page) = self
            .tiers
            .as_ref()
            .and_then(|tiers| tiers.ranked(request.all_words, request.offset, limit))
        {
            return Ok(page);
        }
        // One word: a page past the counted one, or every match.
        let collector = TopDocs::with_limit(window).order_by_score();
        let addresses = self.view.search(&*self.plan.query(1), &collector)?;
        Ok(addresses.into_iter().skip(request.offset).collect())
    }
}
