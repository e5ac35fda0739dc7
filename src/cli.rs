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
  pressdex index ~/snapshots/*.xml.gz
  pressdex update                           fetch the feeds of index-data/feeds.toml, index what is new";

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the releases that snapshots hold, as the index will receive them.
    Parse(ParseArgs),
    /// Add feed snapshots to the index (upsert by guid).
    Index(IndexArgs),
    /// Download feeds into the snapshot archive (conditional GET; new content only).
    Fetch(FetchArgs),
    /// Fetch, then index the new snapshots: one command for cron.
    Update(UpdateArgs),
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

#[derive(Debug, Args)]
pub struct FetchFlags {
    /// The feeds file (TOML: [[feed]] name, url, agency) [default: $PRESSDEX_FEEDS_FILE, else
    /// ./index-data/feeds.toml].
    #[arg(long, value_name = "FILE")]
    pub feeds: Option<PathBuf>,
    /// The snapshot archive [default: $PRESSDEX_ARCHIVE, else ./index-data/snapshots when
    /// ./index-data exists, else the user data directory].
    #[arg(long, value_name = "DIR")]
    pub archive: Option<PathBuf>,
    /// The largest feed accepted, in bytes (K, M, G: powers of 1024); over it nothing is stored.
    #[arg(long, value_name = "SIZE", default_value = "64M")]
    pub max_bytes: String,
    /// Connect timeout, and the longest wait for any read, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 30.0)]
    pub timeout: f64,
    /// Pause between two requests to the same host, in seconds.
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
    /// Feed URLs to fetch instead of the feeds file's list.
    #[arg(value_name = "URL")]
    pub urls: Vec<String>,
    #[command(flatten)]
    pub fetch: FetchFlags,
    /// Print NDJSON, one object per feed.
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
    /// Feed URLs to fetch instead of the feeds file's list.
    #[arg(value_name = "URL")]
    pub urls: Vec<String>,
    #[command(flatten)]
    pub fetch: FetchFlags,
    #[command(flatten)]
    pub location: IndexLocation,
    /// Also commit every N documents.
    #[arg(long, value_name = "N")]
    pub commit_every: Option<u64>,
    /// Print NDJSON: one object per feed, then the index summary.
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
    /// Only releases reporting this agreement type (CMAA, MRA, JWP, ...; repeatable, OR). With
    /// --country, the country must be a party to it.
    #[arg(long, value_name = "A")]
    pub agreement: Vec<String>,
    /// Only releases about a country of this UN M49 region or sub-region ("central america",
    /// caribbean, 013) or EU (a member state, or the EU as a party; repeatable, OR).
    #[arg(long, value_name = "R")]
    pub region: Vec<String>,
    /// Only releases published on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only releases published on or before DATE (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Only releases reporting an event (a signing) on or after DATE.
    #[arg(long, value_name = "DATE")]
    pub event_since: Option<String>,
    /// Only releases reporting an event (a signing) on or before DATE.
    #[arg(long, value_name = "DATE")]
    pub event_until: Option<String>,
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
