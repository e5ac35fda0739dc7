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
  pressdex search --new-since last-run       what the last index run added
  pressdex watch run";

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
    /// Saved searches: what is new or changed since each last ran.
    Watch(WatchArgs),
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
    /// The fetch time of snapshots without a fetch record or a time in their name
    /// (2024-05-01, 2024-05-01T10:00:00Z).
    #[arg(long, value_name = "TIME")]
    pub fetched_at: Option<String>,
    /// With --rebuild and no PATHS: rebuild even when recorded snapshots are gone.
    #[arg(long, requires = "rebuild")]
    pub allow_missing: bool,
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
    /// Only releases first indexed at or after TIME (2024-05-01, 2024-05-01T10:00:00Z, 7d,
    /// 24h, 2w, or last-run: the start of the latest indexing run).
    #[arg(long, value_name = "TIME")]
    pub new_since: Option<String>,
    /// Only releases whose content changed (or that were first indexed) at or after TIME.
    #[arg(long, value_name = "TIME")]
    pub changed_since: Option<String>,
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
  pressdex watch add cmaa --agreement CMAA
  pressdex watch add mexico 'country:mx -trade'
  pressdex watch run                        every watch: what is new since it last ran
  pressdex watch run cmaa --atom ~/feeds/cmaa.xml
  pressdex watch list")]
pub struct WatchArgs {
    #[command(subcommand)]
    pub command: WatchCommand,
}

#[derive(Debug, Subcommand)]
pub enum WatchCommand {
    /// Save a search under NAME.
    Add(WatchAddArgs),
    /// List the saved searches.
    List(WatchListArgs),
    /// Forget a saved search.
    Remove(WatchRemoveArgs),
    /// Print what each watch matches that was indexed or changed since it last ran.
    Run(WatchRunArgs),
}

#[derive(Debug, Args)]
pub struct WatchAddArgs {
    /// The watch's name.
    #[arg(value_name = "NAME")]
    pub name: String,
    /// The query, as for search (stored as typed).
    #[arg(value_name = "QUERY", default_value = "")]
    pub query: String,
    #[command(flatten)]
    pub filters: FilterArgs,
    #[command(flatten)]
    pub location: IndexLocation,
}

#[derive(Debug, Args)]
pub struct WatchListArgs {
    #[command(flatten)]
    pub location: IndexLocation,
    /// Print NDJSON, one object per watch.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct WatchRemoveArgs {
    /// The watch's name.
    #[arg(value_name = "NAME")]
    pub name: String,
    #[command(flatten)]
    pub location: IndexLocation,
}

#[derive(Debug, Args)]
pub struct WatchRunArgs {
    /// The watches to run [default: all].
    #[arg(value_name = "NAME")]
    pub names: Vec<String>,
    #[command(flatten)]
    pub location: IndexLocation,
    /// Report what was indexed or changed since TIME instead (2024-05-01, 7d, last-run).
    #[arg(long, value_name = "TIME")]
    pub from: Option<String>,
    /// Also write the matches as an Atom feed to FILE.
    #[arg(long, value_name = "FILE")]
    pub atom: Option<PathBuf>,
    /// Print NDJSON, one object per watch.
    #[arg(long)]
    pub json: bool,
    /// When to use colour.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
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
