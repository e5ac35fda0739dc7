//! The JSON wire types: one Rust type per JSON object pressdex prints, each `Serialize` (the
//! printer writes it) and `Deserialize` (tests and clients read it back). Library types are not
//! a wire format: each wire type is built from them here with `From`, so the mapping (a country
//! as its ISO code and name, a time in whole seconds, a highlight in bytes and characters) is
//! decided once, for every command.
//!
//! One shape per concept, whichever command prints it: [`Country`], [`Agreement`],
//! [`Provenance`], [`Highlight`], [`Time`]. Objects that answer a whole command ([`IndexSummary`],
//! [`FacetsSummary`], [`Stats`], [`Check`]) carry `"pressdex_json": VERSION`; per-release records
//! ([`Release`], [`Hit`]) do not. Readers must ignore keys they do not know: adding a key is not a
//! new version (see `docs/json.md`, "Versioning").

mod release;
mod summary;
mod values;
mod watch;

pub use release::{Hit, Release, Snippet};
pub use summary::{
    Change, Check, CheckedRelease, Facet, FacetValue, FacetsSummary, IndexSummary, SnapshotInfo,
    Stats,
};
pub use values::{Agreement, Country, Highlight, Provenance, Sighting, Time, highlights};
pub use watch::{Watch, WatchFilter, WatchMatch, WatchReport};

/// The version of the JSON contract, in `"pressdex_json"` of every summary object. Bumped only
/// when a key is removed or renamed or changes its type, unit or meaning.
pub const VERSION: u32 = 1;
