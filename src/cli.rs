//! The command line, as clap derive types and nothing else. `config.rs` turns them into plain
//! per-command configs; besides it only `main.rs` (parsing) and `cmd/completions.rs` (which
//! prints these definitions as completions and a man page) see clap.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Full-text search over government press-release feed snapshots.
#[derive(Debug, Parser)]
#[command(name = "pressdex", version, about, long_about = None, after_help = EXAMPLES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

const EXAMPLES: &str = "\
Examples:
  pressdex search \"mutual assistance agreement\"
  pressdex search --agreement CMAA          all CMAA signings, newest first
  pressdex search agreement:CMAA            the same, in the query
  pressdex search \"CMAA signings\"           the same, ranked
  pressdex search mexico since:2023
  pressdex facets --field country
  pressdex index ~/snapshots/*.xml.gz";

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the releases that snapshots hold, as the index will receive them.
    Parse(ParseArgs),
    /// Add feed snapshots to the index (upsert by guid).
    Index(IndexArgs),
    /// Search the index.
    Search(SearchArgs),
    /// Count matching releases per country, agreement, month, feed or kind.
    Facets(FacetsArgs),
    /// Print one whole release.
    Show(ShowArgs),
    /// Summarise the index: releases, dates, snapshots, top facet values, size.
    Stats(StatsArgs),
    /// Verify the index: readable, guids unique, stored releases decode, facets agree.
    Check(CheckArgs),
    /// Serve the search page and the JSON API over HTTP (read-only).
    Serve(ServeArgs),
    /// Print shell completions.
    Completions(CompletionsArgs),
    /// Print the man page (roff).
    Man,
}

#[derive(Debug, Args)]
pub struct IndexLocation {
    /// The index directory [default: $PRESSDEX_INDEX, else ./index-data/index when
    /// ./index-data exists, else the user data directory].
    #[arg(long, value_name = "DIR")]
    pub index: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ParseArgs {
    /// Snapshot files or folders (.xml, .rss, .atom, and their .gz).
    #[arg(required = true, value_name = "SNAPSHOT")]
    pub paths: Vec<PathBuf>,
    /// Print NDJSON, one object per release.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Snapshot files, folders or globs [default: $PRESSDEX_FEEDS, else ./index-data/feeds].
    #[arg(value_name = "PATHS")]
    pub paths: Vec<String>,
    #[command(flatten)]
    pub location: IndexLocation,
    /// Build a fresh index beside the old one and swap it in when complete.
    #[arg(long)]
    pub rebuild: bool,
    /// Also commit every N documents.
    #[arg(long, value_name = "N")]
    pub commit_every: Option<u64>,
    /// Print the summary as one JSON object.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortOrder {
    Relevance,
    Date,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub struct FilterArgs {
    /// Only releases about this country (name, alias or ISO code; repeatable, OR).
    #[arg(long, value_name = "C")]
    pub country: Vec<String>,
    /// Only releases reporting this agreement type (CMAA, MRA, JWP, ...; repeatable, OR).
    #[arg(long, value_name = "A")]
    pub agreement: Vec<String>,
    /// Only releases published on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only releases published on or before DATE (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Only releases from this feed (channel title).
    #[arg(long, value_name = "F")]
    pub feed: Option<String>,
    /// Only releases of this kind (national-media-release, local-media-release, ...).
    #[arg(long, value_name = "K")]
    pub kind: Option<String>,
}

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  pressdex search \"mutual assistance agreement\"
  pressdex search --agreement CMAA
  pressdex search agreement:CMAA
  pressdex search \"CMAA signings\"
  pressdex search --country mx --since 2023
  pressdex search 'country:\"cape verde\" -trade' --json")]
pub struct SearchArgs {
    /// The query: words, \"phrases\", -word, OR, prefix*, field:value filters.
    #[arg(value_name = "QUERY", default_value = "")]
    pub query: String,
    #[command(flatten)]
    pub filters: FilterArgs,
    #[command(flatten)]
    pub location: IndexLocation,
    /// Keep only releases that contain every word.
    #[arg(long)]
    pub all: bool,
    /// Order of hits.
    #[arg(long, value_enum, default_value_t = SortOrder::Relevance)]
    pub sort: SortOrder,
    /// Number of hits to print.
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    /// Number of hits to skip.
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// Print NDJSON, one object per hit.
    #[arg(long)]
    pub json: bool,
    /// When to use colour.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FacetField {
    Country,
    Agreement,
    Date,
    Feed,
    Kind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DateBucket {
    Year,
    Month,
}

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  pressdex facets --field country
  pressdex facets mexico --field date --by year
  pressdex facets --agreement CMAA --json")]
pub struct FacetsArgs {
    /// Count over releases matching this query (all releases when empty).
    #[arg(value_name = "QUERY", default_value = "")]
    pub query: String,
    #[command(flatten)]
    pub filters: FilterArgs,
    #[command(flatten)]
    pub location: IndexLocation,
    /// The facet to count (all when omitted).
    #[arg(long, value_enum)]
    pub field: Option<FacetField>,
    /// Date buckets.
    #[arg(long, value_enum, default_value_t = DateBucket::Month)]
    pub by: DateBucket,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    /// When to use colour.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  pressdex show \"427630 at https://www.cbp.gov\"
  pressdex show \"$(pressdex search 'cabo verde' --json --limit 1 | jq -r .link)\"
  pressdex show \"427630 at https://www.cbp.gov\" --json")]
pub struct ShowArgs {
    /// The release's guid or link.
    #[arg(value_name = "GUID|LINK")]
    pub id: String,
    #[command(flatten)]
    pub location: IndexLocation,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    /// When to use colour.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    #[command(flatten)]
    pub location: IndexLocation,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub location: IndexLocation,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  pressdex serve                         http://127.0.0.1:7700/ on this machine only
  pressdex serve --open                  and open it in the browser
  pressdex serve --bind 0.0.0.0:8080     reachable from the network (no authentication!)
  curl 'http://127.0.0.1:7700/api/search?q=cmaa&country=mx'")]
pub struct ServeArgs {
    #[command(flatten)]
    pub location: IndexLocation,
    /// The address and port to listen on (port 0: any free port, printed).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:7700")]
    pub bind: String,
    /// Open the page in the default browser.
    #[arg(long)]
    pub open: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: Shell,
}
