//! `search --format json`: the whole answer to a search as one document, its summary first
//! (what matched, which page, what was corrected) and then its hits.

use serde::{Deserialize, Serialize};

use super::VERSION;
use super::release::Hit;

/// One search: its summary, then the hits of the page asked for (every match with
/// `--all-results`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchResults {
    /// [`VERSION`].
    pub pressdex_json: u32,
    /// The query as typed (its words joined by spaces).
    pub query: String,
    /// The query with every misspelled word replaced by the word searched instead
    /// (`customs agreement` for `custums agreemnt`); null when nothing was corrected.
    pub corrected_query: Option<String>,
    /// Releases that match (at least one word and every filter; every word with `--all`).
    pub total: u64,
    /// Releases that match every word.
    pub matched_all_words: u64,
    /// Hits skipped before the first one listed.
    pub offset: u64,
    /// The most hits listed; null when every match is.
    pub limit: Option<u64>,
    /// `relevance` or `date`.
    pub sort: String,
    /// The hits, best first (newest first by date). Always the last key, so a stream of hits
    /// can follow the summary.
    pub hits: Vec<Hit>,
}

impl SearchResults {
    /// The summary of a search, without its hits.
    pub fn summary(
        query: &str,
        prepared: &pressdex_index::PreparedSearch<'_>,
        request: &pressdex_index::SearchRequest,
    ) -> SearchResults {
        SearchResults {
            pressdex_json: VERSION,
            query: query.to_string(),
            corrected_query: pressdex_index::Correction::apply(query, prepared.corrections()),
            total: prepared.total() as u64,
            matched_all_words: prepared.matched_all_words() as u64,
            offset: request.offset as u64,
            limit: (request.limit != usize::MAX).then_some(request.limit as u64),
            sort: match request.sort {
                pressdex_index::SortBy::Relevance => "relevance",
                pressdex_index::SortBy::Date => "date",
            }
            .to_string(),
            hits: Vec::new(),
        }
    }
}
