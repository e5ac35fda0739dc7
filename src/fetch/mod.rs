//! `pressdex fetch`: feeds over HTTP into the snapshot archive. HTTP lives here, in the binary,
//! never in `pressdex-ingest` or `pressdex-index`.
//!
//! - `manifest`: the record of every fetch, `ARCHIVE/<feed>/manifest.jsonl` (docs/archive.md).

pub mod manifest;
