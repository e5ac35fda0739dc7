//! `pressdex serve`: the API over a real socket (`api`), the page in a real browser
//! (`browser`), and the helper that runs the server (`server`, also used by `json.rs`).

mod api;
mod browser;
pub mod server;
