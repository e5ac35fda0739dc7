//! The objects only the HTTP API answers with (`pressdex serve`, docs/json.md "HTTP API"): the
//! facets of a query, the health check and an error. A search answers with the command's own
//! `SearchResults`; releases, hits, pivots and facet counts are the types every command prints.

use pressdex_index::FacetCounts;
use serde::{Deserialize, Serialize};

use super::VERSION;
use super::summary::Facet;

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
    /// `not_found`, `too_large`, `busy`, `timeout`, `method_not_allowed`,
    /// `index_unavailable`, `internal`.
    pub code: String,
    /// One sentence for a person.
    pub message: String,
    /// For `bad_query`: where in `q` the mistake is, in characters (Unicode scalar values), as
    /// the command line's caret shows it; else null.
    pub position: Option<u64>,
}
