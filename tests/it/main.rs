//! Integration tests: one binary that runs the real `pressdex` on the bundled snapshot and on
//! fixtures (matklad's "one integration test crate").

mod bounds;
mod cli;
mod corpus;
mod corruption;
mod enrich;
// Shared with `crates/ingest/examples/eval.rs`, which also measures the test half.
#[allow(dead_code)]
mod eval;
mod export;
mod facets;
mod feed_loop;
mod fetch;
mod index;
mod json;
mod oracle;
mod output;
mod parse;
mod queries;
mod readme;
mod readonly;
mod real_labels;
mod reliability;
mod search;
mod serve;
mod server;
mod show;
mod update;
mod util;
mod walk;
mod watch;
