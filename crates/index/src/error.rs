//! The index's errors: user mistakes (a bad query, a missing index) apart from internal faults.

use std::path::PathBuf;

/// Result with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong opening, writing or searching an index.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No index at the path.
    #[error("no index at {0}: build it with `pressdex index`")]
    Missing(PathBuf),
    /// A Tantivy failure.
    #[error("index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
}
