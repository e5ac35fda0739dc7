//! The command line, as clap derive types, and the one rewrite of the arguments clap cannot
//! express ([`query_words_last`]). `config.rs` turns them into plain per-command configs;
//! besides it only `main.rs` (parsing) and `cmd/completions.rs` (which prints these
//! definitions as completions and a man page) see clap.
//!
//! Every flag's help says what it does and shows it in use (`help_texts_have_examples`); the
//! values a flag knows (agreement codes, kinds, formats, sort orders) are clap possible values,
//! so `--help` lists them and the shell completions complete them.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::builder::{PossibleValue, PossibleValuesParser};
use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use pressdex_ingest::{AgreementKind, ReleaseKind};

mod fetch;
mod watch;

pub use fetch::{FetchArgs, FetchFlags, UpdateArgs};
pub use watch::{WatchArgs, WatchCommand};

/// Full-text search over government press-release feed snapshots.
#[derive(Debug, Parser)]
#[command(name = "pressdex", version, about, long_about = None, after_help = EXAMPLES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

const EXAMPLES: &str = "\
Examples:
  pressdex search mutual assistance agreement
  pressdex search --agreement CMAA          all CMAA signings, newest first
  pressdex search agreement:CMAA            the same, in the query
  pressdex search \"CMAA signings\"           the same, ranked
  pressdex search mexico since:2023 --format csv > mexico.csv
  pressdex facets --field agreement --by country
  pressdex show 427630 --format markdown
  pressdex index ~/snapshots/*.xml.gz
  pressdex search --new-since last-run       what the last index run added
  pressdex watch run                         what each saved search gained since it last ran
  pressdex man --dir ~/.local/share/man/man1
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
    /// Search the index: ranked, highlighted releases, or every match as CSV, Markdown or JSON.
    Search(SearchArgs),
    /// Count matching releases per country, agreement, month, feed or kind, or by two of them.
    Facets(FacetsArgs),
    /// Print one whole release, found by guid, link, number or title, with its citation.
    Show(ShowArgs),
    /// Saved searches: what is new or changed since each last ran.
    Watch(WatchArgs),
    /// Summarise the index: releases, dates, snapshots, top facet values, size.
    Stats(StatsArgs),
    /// Verify the index: readable, guids unique, stored releases decode, facets agree.
    Check(CheckArgs),
    /// Serve the search page and the JSON API over HTTP (read-only).
    Serve(ServeArgs),
    /// Print shell completions.
    Completions(CompletionsArgs),
    /// Print the manual (roff): every command in one page, or a page per command with --dir.
    Man(ManArgs),
}

#[derive(Debug, Args)]
pub struct IndexLocation {
    /// The index directory, e.g. --index ~/pressdex/index [default: $PRESSDEX_INDEX, else
    /// ./index-data/index when ./index-data exists, else the user data directory].
    #[arg(long, value_name = "DIR")]
    pub index: Option<PathBuf>,
}

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  pressdex parse index-data/feeds/cbp-international-operations.xml
  pressdex parse snapshots/ --json | jq -r .title")]
pub struct ParseArgs {
    /// Snapshot files or folders (.xml, .rss, .atom, and their .gz), e.g. snapshots/feed.xml.gz.
    #[arg(required = true, value_name = "SNAPSHOT")]
    pub paths: Vec<PathBuf>,
    /// Print NDJSON, one object per release, e.g. `pressdex parse feed.xml --json | jq .title`.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  pressdex index
  pressdex index ~/snapshots/*.xml.gz --commit-every 1000
  pressdex index --rebuild --json")]
pub struct IndexArgs {
    /// Snapshot files, folders or globs, e.g. "snapshots/*.xml.gz" [default: $PRESSDEX_FEEDS,
    /// else ./index-data/feeds].
    #[arg(value_name = "PATHS")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub location: IndexLocation,
    /// Build a fresh index beside the old one and swap it in when complete, e.g. after an
    /// upgrade: `pressdex index --rebuild`.
    #[arg(long)]
    pub rebuild: bool,
    /// Also commit every N documents, e.g. --commit-every 1000 (a kill loses at most N).
    #[arg(long, value_name = "N")]
    pub commit_every: Option<u64>,
    /// The fetch time of snapshots without a fetch record or a time in their name, e.g.
    /// --fetched-at 2024-05-01 or --fetched-at 2024-05-01T10:00:00Z.
    #[arg(long, value_name = "TIME")]
    pub fetched_at: Option<String>,
    /// With --rebuild and no PATHS: rebuild even when recorded snapshots are gone, losing what
    /// only they held, e.g. `pressdex index --rebuild --allow-missing`.
    #[arg(long, requires = "rebuild")]
    pub allow_missing: bool,
    /// Print the summary as one JSON object, e.g. `pressdex index --json | jq .added`.
    #[arg(long)]
    pub json: bool,
}

/// The order of hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortOrder {
    /// Releases with all the words first, then BM25.
    Relevance,
    /// Newest first.
    Date,
}

/// When to colour text output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// How `search` prints its hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SearchFormat {
    /// Wrapped and highlighted, for reading, with a footer.
    Text,
    /// One JSON document: the summary (total, offset, limit, corrected query) and the hits.
    Json,
    /// One JSON hit per line (what --json prints).
    Ndjson,
    /// A spreadsheet: a header row, then one row per release (RFC 4180).
    Csv,
    /// A Markdown table, then the sources to cite.
    Markdown,
}

/// How `show` prints a release.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    /// Wrapped, for reading, with a citation.
    Text,
    /// One JSON object.
    Json,
    /// Markdown, with a citation block.
    Markdown,
}

#[derive(Debug, Args)]
pub struct FilterArgs {
    /// Only releases about this country: a name, alias or ISO code, repeatable (any of them),
    /// e.g. --country mx --country "cape verde".
    #[arg(long, value_name = "C")]
    pub country: Vec<String>,
    /// Only releases reporting this agreement type (code or full name, any case, repeatable),
    /// e.g. --agreement CMAA. With --country, the country must be a party to it.
    #[arg(long, value_name = "A", value_parser = agreement_values(), ignore_case = true)]
    pub agreement: Vec<String>,
    /// Only releases about a country of this UN M49 region or sub-region ("central america",
    /// caribbean, 013) or EU (a member state, or the EU as a party; repeatable, OR), e.g.
    /// --region caribbean.
    #[arg(long, value_name = "R")]
    pub region: Vec<String>,
    /// Only releases published on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD), e.g. --since 2023.
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only releases published on or before DATE, the whole period included, e.g. --until 2023-09.
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Only releases reporting an event (a signing) on or after DATE, e.g. --event-since 2024.
    #[arg(long, value_name = "DATE")]
    pub event_since: Option<String>,
    /// Only releases reporting an event (a signing) on or before DATE, e.g. --event-until 2024-06.
    #[arg(long, value_name = "DATE")]
    pub event_until: Option<String>,
    /// Only releases from this feed (its title, any case), e.g. --feed "International Operations".
    #[arg(long, value_name = "F")]
    pub feed: Option<String>,
    /// Only releases of this kind, e.g. --kind national-media-release.
    #[arg(long, value_name = "K", value_parser = kind_values(), ignore_case = true)]
    pub kind: Option<String>,
    /// Only releases first indexed at or after TIME (2024-05-01, 2024-05-01T10:00:00Z, 7d,
    /// 24h, 2w, or last-run: the start of the latest indexing run), e.g. --new-since last-run.
    #[arg(long, value_name = "TIME")]
    pub new_since: Option<String>,
    /// Only releases whose content changed (or that were first indexed) at or after TIME, e.g.
    /// --changed-since 7d.
    #[arg(long, value_name = "TIME")]
    pub changed_since: Option<String>,
}

/// The agreement codes, each with its full name as help and as an alias.
fn agreement_values() -> PossibleValuesParser {
    PossibleValuesParser::new(
        AgreementKind::ALL.map(|kind| {
            PossibleValue::new(kind.code()).help(kind.full_name()).alias(kind.full_name())
        }),
    )
}

/// The release kinds.
fn kind_values() -> PossibleValuesParser {
    PossibleValuesParser::new(ReleaseKind::ALL.map(|kind| PossibleValue::new(kind.as_str())))
}

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  pressdex search mutual assistance agreement
  pressdex search --agreement CMAA
  pressdex search agreement:CMAA
  pressdex search \"CMAA signings\"
  pressdex search --country mx --since 2023
  pressdex search 'country:\"cape verde\"' -trade --json
  pressdex search customs --all-results --format csv > customs.csv
  pressdex search cmaa --format markdown --limit 20 > cmaa.md
  pressdex search customs --offset 10")]
pub struct SearchArgs {
    /// The query: words (no quotes needed), "exact phrases", -word to leave out, a OR b,
    /// prefix*, field:value filters, e.g. mutual assistance -trade since:2023.
    #[arg(value_name = "QUERY", num_args = 0..)]
    pub query: Vec<String>,
    #[command(flatten)]
    pub filters: FilterArgs,
    #[command(flatten)]
    pub location: IndexLocation,
    /// Keep only releases that contain every word, e.g. `pressdex search cabo verde --all`.
    #[arg(long)]
    pub all: bool,
    /// Order of hits, e.g. --sort date.
    #[arg(long, value_enum, default_value_t = SortOrder::Relevance)]
    pub sort: SortOrder,
    /// Number of hits to print; 0 prints every match, e.g. --limit 50.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub limit: usize,
    /// Number of hits to skip: the next page, e.g. --offset 10.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub offset: usize,
    /// Print every match (the same as --limit 0), streamed, e.g. --all-results --format csv.
    #[arg(long, conflicts_with = "limit")]
    pub all_results: bool,
    /// Output format, e.g. --format csv [default: text].
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<SearchFormat>,
    /// One JSON hit per line (--format ndjson), e.g. `--json | jq -r .link`.
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
    /// When to use colour, e.g. --color never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

/// A facet, or the date by year or by month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FacetField {
    /// Countries a release is about.
    Country,
    /// Agreement types it reports.
    Agreement,
    /// Its publication month (or year with --by year).
    Date,
    /// Its publication year.
    Year,
    /// Its publication month.
    Month,
    /// Its feed.
    Feed,
    /// Its kind.
    Kind,
}

/// The order of facet values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FacetSortArg {
    /// Most releases first.
    Count,
    /// By value: dates oldest first, names A to Z.
    Value,
}

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  pressdex facets --field country
  pressdex facets mexico --field date --by year
  pressdex facets --field agreement --by country
  pressdex facets --field kind --by year --json
  pressdex facets --field country --top 20 --sort value
  pressdex facets --agreement CMAA --json")]
pub struct FacetsArgs {
    /// Count over releases matching this query (all releases when empty), e.g. customs since:2023.
    #[arg(value_name = "QUERY", num_args = 0..)]
    pub query: Vec<String>,
    #[command(flatten)]
    pub filters: FilterArgs,
    #[command(flatten)]
    pub location: IndexLocation,
    /// The facet to count (every facet when omitted), or the rows of a table with --by,
    /// e.g. --field country.
    #[arg(long, value_enum)]
    pub field: Option<FacetField>,
    /// Date buckets (year, month) for the date, or a second facet: a table of counts by both,
    /// e.g. --field agreement --by country [default: month].
    #[arg(long, value_enum)]
    pub by: Option<FacetField>,
    /// List the N most frequent values, e.g. --top 20 [default: 10 in text (dates: all), all with
    /// --json].
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
    /// Order of values, e.g. --sort value [default: count; dates by value].
    #[arg(long, value_enum)]
    pub sort: Option<FacetSortArg>,
    /// Print JSON: one object per facet, or one table, e.g. `--json | jq '.counts[0]'`.
    #[arg(long)]
    pub json: bool,
    /// When to use colour, e.g. --color never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  pressdex show \"427630 at https://www.cbp.gov\"
  pressdex show 427630
  pressdex show https://www.cbp.gov/newsroom/national-media-release/cbp-cabo-verde-sign-customs-mutual-assistance-agreement
  pressdex show CBP, Cabo Verde sign
  pressdex show 427630 --format markdown >> notes.md
  pressdex show 427630 --json")]
pub struct ShowArgs {
    /// The release: its guid, its link (trailing slash, http or https as you like), the number
    /// of its guid, or the start of its title (no quotes needed), e.g. 427630.
    #[arg(value_name = "RELEASE", required = true, num_args = 1..)]
    pub id: Vec<String>,
    #[command(flatten)]
    pub location: IndexLocation,
    /// Output format, e.g. --format markdown [default: text].
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<ShowFormat>,
    /// Print JSON (--format json), e.g. `--json | jq .body`.
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
    /// When to use colour, e.g. --color never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  pressdex stats
  pressdex stats --json | jq .releases")]
pub struct StatsArgs {
    #[command(flatten)]
    pub location: IndexLocation,
    /// Print JSON, e.g. `pressdex stats --json | jq .releases`.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  pressdex check
  pressdex check --json | jq .problems")]
pub struct CheckArgs {
    #[command(flatten)]
    pub location: IndexLocation,
    /// Print JSON with every release's identity, e.g. `pressdex check --json | jq .ok`.
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
    /// The address and port to listen on (port 0: any free port, printed), e.g. --bind
    /// 0.0.0.0:8080 to share it on the network.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:7700")]
    pub bind: String,
    /// Open the page in the default browser, e.g. `pressdex serve --open`.
    #[arg(long)]
    pub open: bool,
}

/// A shell to complete in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    /// Bash.
    Bash,
    /// Zsh.
    Zsh,
    /// Fish.
    Fish,
}

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  pressdex completions bash > ~/.local/share/bash-completion/completions/pressdex
  pressdex completions zsh > ~/.zfunc/_pressdex
  pressdex completions fish > ~/.config/fish/completions/pressdex.fish")]
pub struct CompletionsArgs {
    /// The shell, e.g. bash.
    #[arg(value_enum)]
    pub shell: Shell,
}

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  pressdex man | man -l -
  pressdex man --dir ~/.local/share/man/man1 && man pressdex-search")]
pub struct ManArgs {
    /// Write one page per command (pressdex.1, pressdex-search.1, ...) into DIR instead of one
    /// page on stdout, e.g. --dir ~/.local/share/man/man1.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

impl Cli {
    /// Parses the process's arguments, query words first put where clap reads them
    /// ([`query_words_last`]); on a mistake prints clap's message and exits.
    pub fn parse_args() -> Cli {
        Cli::parse_from(query_words_last(std::env::args_os()))
    }
}

/// The subcommands whose positional arguments are free text (a query, a title).
const FREE_TEXT: [&str; 3] = ["search", "facets", "show"];

/// `args` with the words of a `search`, `facets` or `show` moved after its flags and a `--`,
/// in their order, so that `search -trade customs --limit 3` reads as `search --limit 3 --
/// -trade customs`: a word starting with `-` that is no flag of the command needs no `--`, and
/// flags after the words stay flags. Clap cannot do both at once (`allow_hyphen_values` on the
/// query would swallow every flag after its first word). Unknown `--long` flags are left to
/// clap, which names them; other commands' arguments are left as they are.
pub fn query_words_last(args: impl IntoIterator<Item = OsString>) -> Vec<OsString> {
    let args: Vec<OsString> = args.into_iter().collect();
    let Some(at) = args.iter().skip(1).position(|arg| !arg.to_string_lossy().starts_with('-'))
    else {
        return args;
    };
    let at = at + 1;
    let name = args[at].to_string_lossy().into_owned();
    if !FREE_TEXT.contains(&name.as_str()) {
        return args;
    }
    let mut command = Cli::command();
    command.build();
    let Some(sub) = command.find_subcommand(&name) else { return args };
    let takes_value = |arg: &clap::Arg| arg.get_action().takes_values();
    let mut flags: Vec<OsString> = args[..=at].to_vec();
    let mut words: Vec<OsString> = Vec::new();
    let mut rest = args[at + 1..].iter();
    while let Some(arg) = rest.next() {
        let text = arg.to_str().unwrap_or("");
        if text == "--" {
            words.extend(rest.by_ref().cloned());
            break;
        }
        if let Some(long) = text.strip_prefix("--") {
            flags.push(arg.clone());
            let known = sub.get_arguments().find(|known| known.get_long() == Some(long));
            if known.is_some_and(takes_value)
                && let Some(value) = rest.next()
            {
                flags.push(value.clone());
            }
            continue;
        }
        let mut chars = text.chars();
        let short = match (chars.next(), chars.next(), chars.next()) {
            (Some('-'), Some(short), None) => {
                sub.get_arguments().find(|known| known.get_short() == Some(short))
            }
            _ => None,
        };
        match short {
            Some(known) => {
                flags.push(arg.clone());
                if takes_value(known)
                    && let Some(value) = rest.next()
                {
                    flags.push(value.clone());
                }
            }
            None => words.push(arg.clone()),
        }
    }
    if !words.is_empty() {
        flags.push(OsString::from("--"));
        flags.extend(words);
    }
    flags
}

#[cfg(test)]
mod tests;
