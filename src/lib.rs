//! The `pressdex` package's library: the JSON contract of every `--json` output and of the HTTP
//! API of `pressdex serve`, as serde types in [`wire`]. It is a library, not a module of the binary, so
//! that tests and clients can read pressdex's JSON back into the same types the binary writes.
//! The contract itself, key by key, is `docs/json.md`.
//!
//! ```
//! let line = r#"{"pressdex_json":1,"files":1,"items":1,"added":1,"updated":0,"unchanged":0,"problems":0,
//!     "changes":[{"guid":"427630 at https://www.cbp.gov","title":"CBP, Cabo Verde sign CMAA",
//!     "published":"2023-09-26T23:01:00Z","change":"added"}]}"#;
//! let summary: pressdex::wire::IndexSummary = serde_json::from_str(line)?;
//! assert_eq!((summary.pressdex_json, summary.added), (pressdex::wire::VERSION, 1));
//! assert_eq!(summary.changes[0].guid, "427630 at https://www.cbp.gov");
//! # Ok::<(), serde_json::Error>(())
//! ```
#![deny(missing_docs)]
#![deny(clippy::print_stdout, clippy::print_stderr, clippy::disallowed_methods)]

pub mod wire;
