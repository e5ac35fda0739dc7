//! The arguments of `fetch` and `update`: clap only, like the rest of `cli`.

use std::path::PathBuf;

use clap::Args;

use super::IndexLocation;

#[derive(Debug, Args)]
pub struct FetchFlags {
    /// The feeds file (TOML: [[feed]] name, url, agency), e.g. --feeds ~/feeds.toml [default:
    /// $PRESSDEX_FEEDS_FILE, else ./index-data/feeds.toml].
    #[arg(long, value_name = "FILE")]
    pub feeds: Option<PathBuf>,
    /// The snapshot archive, e.g. --archive ~/snapshots [default: $PRESSDEX_ARCHIVE, else
    /// ./index-data/snapshots when ./index-data exists, else the user data directory].
    #[arg(long, value_name = "DIR")]
    pub archive: Option<PathBuf>,
    /// The largest feed accepted, in bytes (K, M, G: powers of 1024), e.g. --max-bytes 16M;
    /// over it nothing is stored.
    #[arg(long, value_name = "SIZE", default_value = "64M")]
    pub max_bytes: String,
    /// Connect timeout, and the longest wait for any read, in seconds, e.g. --timeout 10.
    #[arg(long, value_name = "SECS", default_value_t = 30.0)]
    pub timeout: f64,
    /// Pause between two requests to the same host, in seconds, e.g. --delay 2.
    #[arg(long, value_name = "SECS", default_value_t = 1.0)]
    pub delay: f64,
}

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  pressdex fetch                                    every feed of index-data/feeds.toml
  pressdex fetch --feeds ~/feeds.toml --archive ~/snapshots
  pressdex fetch https://www.cbp.gov/taxonomy/term/12/feed --json")]
pub struct FetchArgs {
    /// Feed URLs to fetch instead of the feeds file's list, e.g.
    /// https://www.cbp.gov/taxonomy/term/12/feed.
    #[arg(value_name = "URL")]
    pub urls: Vec<String>,
    #[command(flatten)]
    pub fetch: FetchFlags,
    /// Print NDJSON, one object per feed, e.g. `pressdex fetch --json | jq .status`.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  pressdex update
  pressdex update --feeds ~/feeds.toml --archive ~/snapshots --index ~/pressdex-index
crontab (every day at 06:15):
  15 6 * * * cd $HOME/pressdex && pressdex update >> update.log 2>&1")]
pub struct UpdateArgs {
    /// Feed URLs to fetch instead of the feeds file's list, e.g.
    /// https://www.cbp.gov/taxonomy/term/12/feed.
    #[arg(value_name = "URL")]
    pub urls: Vec<String>,
    #[command(flatten)]
    pub fetch: FetchFlags,
    #[command(flatten)]
    pub location: IndexLocation,
    /// Also commit every N documents, e.g. --commit-every 1000 (a kill loses at most N).
    #[arg(long, value_name = "N")]
    pub commit_every: Option<u64>,
    /// Print NDJSON: one object per feed, then the index summary, e.g. `pressdex update --json`.
    #[arg(long)]
    pub json: bool,
}
