//! Integration tests: one binary that runs the real `pressdex` on the bundled snapshot and on
//! fixtures (matklad's "one integration test crate").

mod cli;
mod corpus;
mod enrich;
mod feed_loop;
mod index;
mod json;
mod oracle;
mod parse;
mod readme;
mod reliability;
mod search;
mod util;
mod watch;
