//! The JSON wire types: one Rust type per JSON object pressdex prints, each `Serialize` (the
//! printer writes it) and `Deserialize` (tests and clients read it back). Library types are not
//! a wire format: each wire type is built from them here with `From`, so the mapping (a country
//! as its ISO code and name, a time in whole seconds, a highlight in bytes and characters) is
//! decided once, for every command.
//!
//! One shape per concept, whichever command prints it: [`Country`], [`Agreement`],
//! [`Provenance`], [`Highlight`], [`Time`]. Objects that answer a whole command or request
//! ([`IndexSummary`], [`FacetsSummary`], [`Pivot`], [`SearchResults`], [`Stats`], [`Check`]; the
//! HTTP API's [`FacetsPage`]) carry `"pressdex_json": VERSION`; per-release
//! records ([`Release`], [`Hit`]), per-feed ones ([`FetchResult`]) and the HTTP API's
//! [`Health`] and [`ApiError`] do not. Readers must ignore keys they do not know: adding a key
//! is not a new version (see `docs/json.md`, "Versioning").

mod fetch;
mod http;
mod release;
mod search;
mod summary;
mod values;
mod watch;

pub use fetch::{FetchOutcome, FetchResult};
pub use http::{ApiError, ErrorDetail, FacetsPage, Health};
pub use release::{Hit, Release, Snippet};
pub use search::SearchResults;
pub use summary::{
    Change, Check, CheckedRelease, Facet, FacetValue, FacetsSummary, IndexSummary, IndexSummaryOut,
    Pivot, SnapshotInfo, Stats,
};
pub use values::{
    Agreement, Country, Highlight, Party, Provenance, Region, Sighting, Time, highlights,
};
pub use watch::{Watch, WatchFilter, WatchMatch, WatchReport};

/// The version of the JSON contract, in `"pressdex_json"` of every summary object. Bumped only
/// when a key is removed or renamed or changes its type, unit or meaning.
pub const VERSION: u32 = 1;
