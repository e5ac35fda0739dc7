//! Integration tests: one binary that runs the real `pressdex` on the bundled snapshot and on
//! fixtures (matklad's "one integration test crate").

mod cli;
mod corpus;
mod corruption;
mod enrich;
mod index;
mod json;
mod oracle;
mod output;
mod parse;
mod queries;
mod readme;
mod readonly;
mod reliability;
mod search;
mod util;
mod walk;
