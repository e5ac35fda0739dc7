//! `pressdex serve`: the API over a real socket (`api`), the CSV and Markdown downloads
//! (`export`), the page in a real browser
//! (`browser`), and the helper that runs the server (`server`, also used by `json.rs`).

mod api;
mod browser;
mod export;
pub mod server;
