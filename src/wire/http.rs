//! The objects only the HTTP API answers with (`pressdex serve`, docs/json.md "HTTP API"): a page
//! of search results with its summary, the facets of a query, the health check and an error.
//! Releases, hits and facet counts inside them are the same types every command prints.

use std::time::Duration;

use pressdex_index::{Correction, FacetCounts, SearchRequest, SearchResults};
use serde::{Deserialize, Serialize};

use super::VERSION;
use super::release::Hit;
use super::summary::Facet;

/// `GET /api/search`: one page of hits and what the search found in all.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchPage {
    /// [`VERSION`].
    pub pressdex_json: u32,
    /// The query as given (`q`), without the filter parameters.
    pub query: String,
    /// The query with each word the index does not hold replaced by the indexed word searched
    /// instead; null when no word was replaced.
    pub corrected: Option<String>,
    /// Releases that match (at least one word and every filter; every word with `all`).
    pub total: u64,
    /// How many of those match every word.
    pub matched_all_words: u64,
    /// Hits skipped before this page.
    pub offset: u64,
    /// The page size asked for.
    pub limit: u64,
    /// Milliseconds the search took in the server.
    pub took_ms: u64,
    /// The hits of this page, best first (newest first when sorted by date).
    pub hits: Vec<Hit>,
}

impl SearchPage {
    /// The page `results` answers `request` with; `query` is the query as typed.
    pub fn new(
        query: &str,
        request: &SearchRequest,
        results: &SearchResults,
        took: Duration,
    ) -> SearchPage {
        SearchPage {
            pressdex_json: VERSION,
            query: query.to_string(),
            corrected: corrected_query(query, &results.corrections),
            total: results.total as u64,
            matched_all_words: results.matched_all_words as u64,
            offset: request.offset as u64,
            limit: request.limit as u64,
            took_ms: u64::try_from(took.as_millis()).unwrap_or(u64::MAX),
            hits: results.hits.iter().map(Hit::from).collect(),
        }
    }
}

/// `query` with each corrected word replaced by the word searched instead, as the command
/// line's `showing results for` reads it; `None` when nothing was corrected.
pub fn corrected_query(query: &str, corrections: &[Correction]) -> Option<String> {
    Correction::apply(query, corrections)
}

/// `GET /api/facets`: the counts of each facet asked for over the releases a query matches.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetsPage {
    /// [`VERSION`].
    pub pressdex_json: u32,
    /// One per facet, in the order asked for (every facet when none was named).
    pub facets: Vec<Facet>,
}

impl FacetsPage {
    /// The page of `counts`.
    pub fn new(counts: &[FacetCounts]) -> FacetsPage {
        FacetsPage { pressdex_json: VERSION, facets: counts.iter().map(Facet::from).collect() }
    }
}

/// `GET /healthz`: the server answers and its index can be searched.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    /// Always `ok` (an index that cannot be searched answers with an [`ApiError`]).
    pub status: String,
    /// Releases in the index, as of its last commit.
    pub releases: u64,
}

/// Every answer that is not a 2xx: `{"error": {"code", "message", "position"}}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    /// What went wrong.
    pub error: ErrorDetail,
}

/// What went wrong with a request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorDetail {
    /// A stable, machine-readable code: `bad_query`, `bad_parameter`, `unknown_parameter`,
    /// `not_found`, `too_large`, `busy`, `timeout`, `not_implemented`, `method_not_allowed`,
    /// `index_unavailable`, `internal`.
    pub code: String,
    /// One sentence for a person.
    pub message: String,
    /// For `bad_query`: where in `q` the mistake is, in characters (Unicode scalar values), as
    /// the command line's caret shows it; else null.
    pub position: Option<u64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(query: &str, corrections: &[(&str, &str)], expected: Option<&str>) {
        let corrections: Vec<Correction> = corrections
            .iter()
            .map(|(typed, word)| Correction {
                typed: typed.to_string(),
                position: query.find(typed).expect("the typed word is in the query"),
                replacement: String::new(),
                word: word.to_string(),
            })
            .collect();
        assert_eq!(corrected_query(query, &corrections).as_deref(), expected);
    }

    #[test]
    fn corrected_queries() {
        check("customs agreement", &[], None);
        check(
            "custms agrement",
            &[("custms", "customs"), ("agrement", "agreement")],
            Some("customs agreement"),
        );
        check("  cabo   verd ", &[("verd", "verde")], Some("  cabo   verde "));
    }
}
