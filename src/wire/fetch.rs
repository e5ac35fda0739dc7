//! `fetch --json` and `update --json`: one record per feed fetched.

use serde::{Deserialize, Serialize};

/// What fetching one feed did (a record: no `pressdex_json`, like a [`super::Hit`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FetchResult {
    /// The feed's name (its folder in the archive).
    pub feed: String,
    /// The URL requested.
    pub url: String,
    /// What happened.
    pub outcome: FetchOutcome,
    /// The final HTTP status (after redirects and retries); null when no response came.
    pub http_status: Option<u16>,
    /// The path of the snapshot stored; null unless `outcome` is `new`.
    pub snapshot: Option<String>,
    /// Items in the feed; null when no feed was read.
    pub items: Option<u64>,
    /// The body's size in bytes (gzip transfer decoded); null when no body was read.
    pub bytes: Option<u64>,
    /// Why the fetch failed; null unless `outcome` is `error`.
    pub error: Option<String>,
}

/// The outcome of one fetch, as in the archive's manifest (docs/archive.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FetchOutcome {
    /// Stored as a new snapshot.
    New,
    /// The server answered 304 Not Modified.
    NotModified,
    /// The same bytes as the feed's last stored snapshot: not stored again.
    Unchanged,
    /// Nothing usable: see `error`.
    Error,
}
