//! The parsed command line, turned once into plain per-command configs (fd's `construct_config`,
//! just's `Config::from_arguments`): where the index and the feeds live (flags, environment,
//! current folder), the colour and width of human output, the query with the flag filters merged
//! in, sort order, facet fields, limits. `cmd/` receives these and never sees clap.

use std::fmt;
use std::net::{SocketAddr, ToSocketAddrs};
use std::path::{Path, PathBuf};

use anyhow::Context;
use pressdex_index::{
    DateBuckets, FacetDimension, FilterField, Query, QueryError, SearchRequest, SortBy,
};

use crate::cli::{
    self, CheckArgs, Cli, ColorChoice, Command, FacetsArgs, FilterArgs, IndexArgs, ParseArgs,
    SearchArgs, ServeArgs, ShowArgs, StatsArgs,
};
use crate::print::progress;
use crate::print::style::Style;
use crate::serve::{self, PoolLimits};

/// Values `stats` lists per facet.
const STATS_TOP: usize = 10;

/// One subcommand, ready to run.
#[derive(Debug)]
pub enum Config {
    /// `pressdex parse`.
    Parse(ParseConfig),
    /// `pressdex index`.
    Index(IndexConfig),
    /// `pressdex search`.
    Search(SearchConfig),
    /// `pressdex facets`.
    Facets(FacetsConfig),
    /// `pressdex show`.
    Show(ShowConfig),
    /// `pressdex stats`.
    Stats(StatsConfig),
    /// `pressdex check`.
    Check(CheckConfig),
    /// `pressdex serve`.
    Serve(ServeConfig),
    /// `pressdex completions SHELL`.
    Completions(clap_complete::Shell),
    /// `pressdex man`.
    Man,
}

/// `pressdex parse`: the snapshots to read.
#[derive(Clone, Debug)]
pub struct ParseConfig {
    /// Files, folders or globs.
    pub paths: Vec<String>,
    /// NDJSON instead of a summary per release.
    pub json: bool,
}

/// `pressdex index`.
#[derive(Clone, Debug)]
pub struct IndexConfig {
    /// The index directory.
    pub dir: PathBuf,
    /// Files, folders or globs (the default feeds folder when none were given).
    pub paths: Vec<String>,
    /// Build a fresh index and swap it in.
    pub rebuild: bool,
    /// Also commit every N documents.
    pub commit_every: Option<u64>,
    /// Draw a progress bar on stderr.
    pub progress: bool,
    /// Print the summary as JSON.
    pub json: bool,
}

/// The index a reading command opens.
#[derive(Clone, Debug)]
pub struct IndexLocation {
    /// Its directory.
    pub dir: PathBuf,
    /// When it is missing, build it from these feeds first: only for the default index (no
    /// `--index`), so a typo in `--index` is an error, not a new index.
    pub build_default: Option<DefaultBuild>,
}

/// How to build the default index on first use.
#[derive(Clone, Debug)]
pub struct DefaultBuild {
    /// The default feeds folder.
    pub feeds: PathBuf,
    /// Draw a progress bar on stderr.
    pub progress: bool,
}

/// `pressdex search`.
#[derive(Clone, Debug)]
pub struct SearchConfig {
    /// The index.
    pub index: IndexLocation,
    /// The query as typed (for messages).
    pub query_text: String,
    /// The parsed query with the flag filters, order and page.
    pub request: SearchRequest,
    /// NDJSON hits instead of text.
    pub json: bool,
    /// Colour and width of text output.
    pub style: Style,
}

/// `pressdex facets`.
#[derive(Clone, Debug)]
pub struct FacetsConfig {
    /// The index.
    pub index: IndexLocation,
    /// The query as typed (for messages).
    pub query_text: String,
    /// The parsed query with the flag filters.
    pub query: Query,
    /// The facets to count, in print order.
    pub dimensions: Vec<FacetDimension>,
    /// Years or months.
    pub buckets: DateBuckets,
    /// One JSON object per facet instead of charts.
    pub json: bool,
    /// Colour and width of text output.
    pub style: Style,
}

/// `pressdex show`.
#[derive(Clone, Debug)]
pub struct ShowConfig {
    /// The index.
    pub index: IndexLocation,
    /// A guid or link.
    pub id: String,
    /// JSON instead of text.
    pub json: bool,
    /// Colour and width of text output.
    pub style: Style,
}

/// `pressdex stats`.
#[derive(Clone, Debug)]
pub struct StatsConfig {
    /// The index directory.
    pub dir: PathBuf,
    /// Values listed per facet.
    pub top: usize,
    /// JSON instead of text.
    pub json: bool,
}

/// `pressdex check`.
#[derive(Clone, Debug)]
pub struct CheckConfig {
    /// The index directory.
    pub dir: PathBuf,
    /// JSON (with every release's identity) instead of text.
    pub json: bool,
}

/// `pressdex serve`.
#[derive(Clone, Debug)]
pub struct ServeConfig {
    /// The index.
    pub index: IndexLocation,
    /// Where to listen.
    pub bind: SocketAddr,
    /// Open the page in a browser once listening.
    pub open: bool,
    /// The search pool's size, queue and timeout.
    pub limits: PoolLimits,
}

/// A query that does not parse: printed with a caret under the mistake (exit 2).
#[derive(Debug)]
pub struct BadQuery {
    /// The query as typed.
    pub text: String,
    /// What is wrong, and where.
    pub error: QueryError,
}

impl fmt::Display for BadQuery {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "bad query: {}", self.error.kind)
    }
}

impl std::error::Error for BadQuery {}

impl Config {
    /// Resolves `cli` once: paths from flags, environment and the current folder, the query and
    /// its filters, colour from `--color`, `NO_COLOR` and the terminal.
    ///
    /// # Errors
    /// A [`BadQuery`], a flag value that is not valid (`--country atlantis`, `--since May`), no
    /// home directory for the default index, or `index` without snapshots to read.
    pub fn from_cli(cli: Cli) -> anyhow::Result<Config> {
        Ok(match cli.command {
            Command::Parse(args) => Config::Parse(parse_config(args)),
            Command::Index(args) => Config::Index(index_config(args)?),
            Command::Search(args) => Config::Search(search_config(args)?),
            Command::Facets(args) => Config::Facets(facets_config(args)?),
            Command::Show(args) => Config::Show(show_config(args)?),
            Command::Stats(StatsArgs { location, json }) => Config::Stats(StatsConfig {
                dir: index_dir(location.index.as_deref())?,
                top: STATS_TOP,
                json,
            }),
            Command::Check(CheckArgs { location, json }) => {
                Config::Check(CheckConfig { dir: index_dir(location.index.as_deref())?, json })
            }
            Command::Serve(args) => Config::Serve(serve_config(args)?),
            Command::Completions(args) => Config::Completions(match args.shell {
                cli::Shell::Bash => clap_complete::Shell::Bash,
                cli::Shell::Zsh => clap_complete::Shell::Zsh,
                cli::Shell::Fish => clap_complete::Shell::Fish,
            }),
            Command::Man => Config::Man,
        })
    }
}

fn parse_config(args: ParseArgs) -> ParseConfig {
    let paths = args.paths.iter().map(|path| path.to_string_lossy().into_owned()).collect();
    ParseConfig { paths, json: args.json }
}

fn index_config(args: IndexArgs) -> anyhow::Result<IndexConfig> {
    let dir = index_dir(args.location.index.as_deref())?;
    let paths = if args.paths.is_empty() {
        let feeds = feeds_dir().context(
            "no snapshots given and no default feeds folder: pass PATHS, set PRESSDEX_FEEDS, \
             or run in a folder with index-data/feeds",
        )?;
        vec![feeds.display().to_string()]
    } else {
        args.paths
    };
    Ok(IndexConfig {
        dir,
        paths,
        rebuild: args.rebuild,
        commit_every: args.commit_every,
        progress: progress::wanted(),
        json: args.json,
    })
}

fn search_config(args: SearchArgs) -> anyhow::Result<SearchConfig> {
    let query = parse_query(&args.query, &args.filters)?;
    let sort = match args.sort {
        cli::SortOrder::Relevance => SortBy::Relevance,
        cli::SortOrder::Date => SortBy::Date,
    };
    Ok(SearchConfig {
        index: index_location(args.location.index.as_deref())?,
        request: SearchRequest {
            query,
            all_words: args.all,
            sort,
            limit: args.limit,
            offset: args.offset,
        },
        query_text: args.query,
        json: args.json,
        style: style(args.color),
    })
}

fn facets_config(args: FacetsArgs) -> anyhow::Result<FacetsConfig> {
    let query = parse_query(&args.query, &args.filters)?;
    let dimensions = match args.field {
        None => FacetDimension::ALL.to_vec(),
        Some(field) => vec![match field {
            cli::FacetField::Country => FacetDimension::Country,
            cli::FacetField::Agreement => FacetDimension::Agreement,
            cli::FacetField::Date => FacetDimension::Date,
            cli::FacetField::Feed => FacetDimension::Feed,
            cli::FacetField::Kind => FacetDimension::Kind,
        }],
    };
    let buckets = match args.by {
        cli::DateBucket::Year => DateBuckets::Year,
        cli::DateBucket::Month => DateBuckets::Month,
    };
    Ok(FacetsConfig {
        index: index_location(args.location.index.as_deref())?,
        query_text: args.query,
        query,
        dimensions,
        buckets,
        json: args.json,
        style: style(args.color),
    })
}

fn show_config(args: ShowArgs) -> anyhow::Result<ShowConfig> {
    Ok(ShowConfig {
        index: index_location(args.location.index.as_deref())?,
        id: args.id,
        json: args.json,
        style: style(args.color),
    })
}

fn serve_config(args: ServeArgs) -> anyhow::Result<ServeConfig> {
    // A name (`localhost:7700`) resolves to its first address.
    let bind = args
        .bind
        .to_socket_addrs()
        .ok()
        .and_then(|mut addresses| addresses.next())
        .with_context(|| {
            format!("--bind {}: not an address and port (127.0.0.1:7700, 0.0.0.0:8080)", args.bind)
        })?;
    Ok(ServeConfig {
        index: index_location(args.location.index.as_deref())?,
        bind,
        open: args.open,
        limits: serve::default_limits(),
    })
}

/// The query with the flag filters merged in.
///
/// # Errors
/// [`BadQuery`], or a flag value that is not valid (`--country atlantis`, `--since May`).
pub fn parse_query(text: &str, filters: &FilterArgs) -> anyhow::Result<Query> {
    let mut query =
        Query::parse(text).map_err(|error| BadQuery { text: text.to_string(), error })?;
    let flags = filters
        .country
        .iter()
        .map(|value| (FilterField::Country, "--country", value))
        .chain(filters.agreement.iter().map(|value| (FilterField::Agreement, "--agreement", value)))
        .chain(filters.since.iter().map(|value| (FilterField::Since, "--since", value)))
        .chain(filters.until.iter().map(|value| (FilterField::Until, "--until", value)))
        .chain(filters.feed.iter().map(|value| (FilterField::Feed, "--feed", value)))
        .chain(filters.kind.iter().map(|value| (FilterField::Kind, "--kind", value)));
    for (field, flag, value) in flags {
        query.filters.add(field, value).with_context(|| format!("{flag} {value}"))?;
    }
    query.filters.validate().context("--since/--until")?;
    Ok(query)
}

/// `--color` as the printer wants it, with `NO_COLOR` and the terminal decided now.
fn style(choice: ColorChoice) -> Style {
    Style::detect(match choice {
        ColorChoice::Always => Some(true),
        ColorChoice::Never => Some(false),
        ColorChoice::Auto => None,
    })
}

/// The index a reading command opens: `--index DIR` as given, else the default index, built
/// on first use from the default feeds folder when there is one.
fn index_location(flag: Option<&Path>) -> anyhow::Result<IndexLocation> {
    let build_default = match flag {
        Some(_) => None,
        None => feeds_dir().map(|feeds| DefaultBuild { feeds, progress: progress::wanted() }),
    };
    Ok(IndexLocation { dir: index_dir(flag)?, build_default })
}

/// `--index DIR`, else `PRESSDEX_INDEX`, else `index-data/index` when `./index-data` exists,
/// else `pressdex/index` under the user's data directory.
fn index_dir(flag: Option<&Path>) -> anyhow::Result<PathBuf> {
    if let Some(dir) = flag {
        return Ok(dir.to_path_buf());
    }
    if let Some(dir) = std::env::var_os("PRESSDEX_INDEX").filter(|value| !value.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    if Path::new("index-data").is_dir() {
        return Ok(PathBuf::from("index-data/index"));
    }
    let dirs = directories::ProjectDirs::from("", "", "pressdex")
        .context("no home directory to keep the index in: pass --index DIR")?;
    Ok(dirs.data_dir().join("index"))
}

/// `PRESSDEX_FEEDS`, else `index-data/feeds` when it exists.
fn feeds_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("PRESSDEX_FEEDS").filter(|value| !value.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    let bundled = Path::new("index-data/feeds");
    bundled.is_dir().then(|| bundled.to_path_buf())
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    fn config(args: &[&str]) -> anyhow::Result<Config> {
        let cli = Cli::try_parse_from(std::iter::once("pressdex").chain(args.iter().copied()))
            .expect("the arguments parse");
        Config::from_cli(cli)
    }

    #[test]
    fn flag_filters_merge_into_the_query() {
        let Ok(Config::Search(search)) = config(&[
            "search",
            "cmaa",
            "--country",
            "mx",
            "--since",
            "2023",
            "--sort",
            "date",
            "--limit",
            "3",
            "--index",
            "somewhere",
        ]) else {
            panic!("a search config");
        };
        let mut expected = Query::parse("cmaa").expect("parses");
        expected.filters.add(FilterField::Country, "MEX").expect("a country");
        expected.filters.add(FilterField::Since, "2023").expect("a date");
        assert_eq!(search.request.query, expected);
        assert_eq!((search.request.sort, search.request.limit), (SortBy::Date, 3));
        assert_eq!(search.index.dir, Path::new("somewhere"));
        assert!(search.index.build_default.is_none(), "an explicit --index is never built");
    }

    #[test]
    fn mistakes_are_reported_before_anything_runs() {
        let bad = config(&["search", "trade \"open"]).expect_err("unbalanced quote");
        let bad = bad.downcast_ref::<BadQuery>().expect("a BadQuery");
        assert_eq!((bad.text.as_str(), bad.error.position), ("trade \"open", 6));
        let flag = config(&["facets", "--country", "atlantis"]).expect_err("unknown country");
        assert!(format!("{flag:#}").starts_with("--country atlantis: "), "{flag:#}");
        let range = config(&["search", "--since", "2024", "--until", "2023"]).expect_err("empty");
        assert!(format!("{range:#}").starts_with("--since/--until: "), "{range:#}");
    }

    #[test]
    fn serve_listens_where_asked() {
        let Ok(Config::Serve(default)) = config(&["serve", "--index", "idx"]) else {
            panic!("a serve config");
        };
        assert_eq!(default.bind.to_string(), "127.0.0.1:7700");
        assert!(!default.open && default.index.build_default.is_none());
        let Ok(Config::Serve(shared)) = config(&["serve", "--bind", "[::]:8080", "--open"]) else {
            panic!("a serve config");
        };
        assert_eq!((shared.bind.to_string().as_str(), shared.open), ("[::]:8080", true));
        let bad = config(&["serve", "--bind", "nowhere"]).expect_err("no port");
        assert!(format!("{bad:#}").starts_with("--bind nowhere: not an address"), "{bad:#}");
    }

    #[test]
    fn facet_fields_and_buckets() {
        let Ok(Config::Facets(facets)) = config(&["facets", "--field", "date", "--by", "year"])
        else {
            panic!("a facets config");
        };
        assert_eq!(
            (facets.dimensions, facets.buckets),
            (vec![FacetDimension::Date], DateBuckets::Year)
        );
        let Ok(Config::Facets(all)) = config(&["facets"]) else { panic!("a facets config") };
        assert_eq!(all.dimensions, FacetDimension::ALL);
    }
}
