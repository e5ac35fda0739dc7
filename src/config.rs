//! The parsed command line, turned once into plain per-command configs (fd's `construct_config`,
//! just's `Config::from_arguments`): where the index and the feeds live (flags, environment,
//! current folder), the colour and width of human output, the query with the flag filters merged
//! in, sort order, facet fields, limits. `cmd/` receives these and never sees clap.

use std::net::{SocketAddr, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, bail};
use chrono::{DateTime, Utc};
use pressdex_index::{
    DateBuckets, FacetDimension, FacetOrder, FacetSort, Moment, PivotAxis, Query, SearchRequest,
    SortBy,
};

use crate::cli::{
    self, CheckArgs, Cli, ColorChoice, Command, FacetField, FacetsArgs, IndexArgs, ParseArgs,
    SearchArgs, ServeArgs, ShowArgs, StatsArgs,
};
use crate::fetch::feeds::FeedsFileChoice;
use crate::fetch::http::HttpSettings;
use crate::print::progress;
use crate::print::style::Style;

// `fetch` and `update`: their flags become a `FetchConfig` there.
mod fetch;
mod query;
mod watch;

pub use query::{BadQuery, build_query, parse_query};
use query::{filter_flags, join_query};
pub use watch::{WatchAction, WatchConfig};

/// Values `stats` lists per facet.
const STATS_TOP: usize = 10;

/// Values `facets` lists per facet (and rows and columns per table) in text, unless `--top`
/// says otherwise; dates list every bucket.
const TEXT_TOP: usize = 10;

/// One subcommand, ready to run.
#[derive(Debug)]
pub enum Config {
    /// `pressdex parse`.
    Parse(ParseConfig),
    /// `pressdex index`.
    Index(IndexConfig),
    /// `pressdex fetch`.
    Fetch(FetchConfig),
    /// `pressdex update`.
    Update(UpdateConfig),
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
    /// `pressdex watch ...`.
    Watch(WatchConfig),
    /// `pressdex serve`.
    Serve(ServeConfig),
    /// `pressdex completions SHELL`.
    Completions(clap_complete::Shell),
    /// `pressdex man`: one page on stdout, or a page per command into a folder.
    Man(Option<PathBuf>),
}

/// `pressdex parse`: the snapshots to read.
#[derive(Clone, Debug)]
pub struct ParseConfig {
    /// Files, folders or globs.
    pub paths: Vec<PathBuf>,
    /// NDJSON instead of a summary per release.
    pub json: bool,
}

/// `pressdex index`.
#[derive(Clone, Debug)]
pub struct IndexConfig {
    /// The index directory.
    pub dir: PathBuf,
    /// Files, folders or globs, as given (none: the recorded snapshots with `rebuild`, else
    /// `default_feeds`).
    pub paths: Vec<PathBuf>,
    /// `PRESSDEX_FEEDS`, else `index-data/feeds` when it exists.
    pub default_feeds: Option<PathBuf>,
    /// Build a fresh index and swap it in.
    pub rebuild: bool,
    /// Rebuild from the recorded snapshots even when some are gone.
    pub allow_missing: bool,
    /// `--fetched-at`: the time of snapshots without a fetch record or a time in their name.
    pub fetched_at: Option<DateTime<Utc>>,
    /// Also commit every N documents.
    pub commit_every: Option<u64>,
    /// When the run starts (`PRESSDEX_NOW`, else the clock).
    pub now: DateTime<Utc>,
    /// Draw a progress bar on stderr.
    pub progress: bool,
    /// Print the summary as JSON.
    pub json: bool,
}

/// `pressdex fetch`: which feeds, into which archive, how.
#[derive(Clone, Debug)]
pub struct FetchConfig {
    /// URLs given on the command line (else every feed of the feeds file).
    pub urls: Vec<String>,
    /// The feeds file.
    pub feeds_file: FeedsFileChoice,
    /// The archive folder.
    pub archive: PathBuf,
    /// Timeouts, size cap, backoff, polite delay.
    pub http: HttpSettings,
    /// One JSON object per feed.
    pub json: bool,
}

/// `pressdex update`: fetch, then index the new snapshots.
#[derive(Clone, Debug)]
pub struct UpdateConfig {
    /// What to fetch (its `json` is the whole command's).
    pub fetch: FetchConfig,
    /// The index directory.
    pub index_dir: PathBuf,
    /// Also commit every N documents.
    pub commit_every: Option<u64>,
    /// Draw a progress bar on stderr.
    pub progress: bool,
    /// When the run starts (`PRESSDEX_NOW`, else the clock): the `indexed_at`/`changed_at`
    /// it gives.
    pub now: DateTime<Utc>,
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

/// How `search` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SearchFormat {
    /// Wrapped, highlighted text and a footer.
    Text,
    /// One JSON document: summary and hits.
    Json,
    /// One JSON hit per line.
    Ndjson,
    /// RFC 4180 CSV with a header row.
    Csv,
    /// A Markdown table and its sources.
    Markdown,
}

/// How `show` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShowFormat {
    /// Wrapped text with a citation.
    Text,
    /// One JSON object.
    Json,
    /// Markdown with a citation block.
    Markdown,
}

/// `pressdex search`.
#[derive(Clone, Debug)]
pub struct SearchConfig {
    /// The index.
    pub index: IndexLocation,
    /// The query as typed (for messages), the words joined by spaces.
    pub query_text: String,
    /// The parsed query with the flag filters, order and page (`limit: usize::MAX` for every
    /// match).
    pub request: SearchRequest,
    /// The output format.
    pub format: SearchFormat,
    /// Colour and width of text output.
    pub style: Style,
}

/// What `facets` counts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FacetsMode {
    /// Each dimension on its own, dates in `buckets`.
    Counts {
        /// The facets to count, in print order.
        dimensions: Vec<FacetDimension>,
        /// Years or months.
        buckets: DateBuckets,
    },
    /// A table of one dimension by another.
    Pivot {
        /// The rows.
        rows: PivotAxis,
        /// The columns.
        columns: PivotAxis,
    },
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
    /// Counts per facet, or a table.
    pub mode: FacetsMode,
    /// `--top N`, when given.
    pub top: Option<usize>,
    /// `--sort`, when given.
    pub sort: Option<FacetSort>,
    /// JSON instead of charts and tables.
    pub json: bool,
    /// Colour and width of text output.
    pub style: Style,
}

impl FacetsConfig {
    /// The values to keep of `dimension`, and their order: `--top` and `--sort` when given;
    /// else every value with `--json`, and in text the 10 most frequent but of dates, which are
    /// a time series.
    pub fn order_for(&self, dimension: FacetDimension) -> FacetOrder {
        let top = match self.top {
            Some(top) => Some(top),
            None if self.json || dimension == FacetDimension::Date => None,
            None => Some(TEXT_TOP),
        };
        FacetOrder { sort: self.sort, top }
    }
}

/// `pressdex show`.
#[derive(Clone, Debug)]
pub struct ShowConfig {
    /// The index.
    pub index: IndexLocation,
    /// A guid, link, guid number or title prefix.
    pub id: String,
    /// The output format.
    pub format: ShowFormat,
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
            Command::Fetch(args) => Config::Fetch(fetch::fetch_config(args)?),
            Command::Update(args) => Config::Update(fetch::update_config(args)?),
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
            Command::Watch(args) => Config::Watch(watch::watch_config(args)?),
            Command::Serve(args) => Config::Serve(serve_config(args)?),
            Command::Completions(args) => Config::Completions(match args.shell {
                cli::Shell::Bash => clap_complete::Shell::Bash,
                cli::Shell::Zsh => clap_complete::Shell::Zsh,
                cli::Shell::Fish => clap_complete::Shell::Fish,
            }),
            Command::Man(args) => Config::Man(args.dir),
        })
    }
}

fn parse_config(args: ParseArgs) -> ParseConfig {
    ParseConfig { paths: args.paths, json: args.json }
}

fn index_config(args: IndexArgs) -> anyhow::Result<IndexConfig> {
    let now = now()?;
    let fetched_at = match args.fetched_at.as_deref() {
        None => None,
        Some(text) => match Moment::parse(text).map(|moment| moment.anchored(now)) {
            Ok(Moment::At(at)) => Some(at),
            Ok(_) => bail!("--fetched-at {text}: expected a date or a date-time"),
            Err(err) => return Err(err).with_context(|| format!("--fetched-at {text}")),
        },
    };
    Ok(IndexConfig {
        dir: index_dir(args.location.index.as_deref())?,
        paths: args.paths,
        default_feeds: feeds_dir(),
        rebuild: args.rebuild,
        allow_missing: args.allow_missing,
        fetched_at,
        commit_every: args.commit_every,
        now,
        progress: progress::wanted(),
        json: args.json,
    })
}

/// The time now: `PRESSDEX_NOW` (RFC 3339, for tests and reproducible runs), else the clock.
///
/// # Errors
/// `PRESSDEX_NOW` set to something that is not a time.
pub fn now() -> anyhow::Result<DateTime<Utc>> {
    match std::env::var("PRESSDEX_NOW") {
        Ok(text) if !text.is_empty() => match Moment::parse(&text) {
            Ok(Moment::At(at)) => Ok(at),
            _ => bail!("PRESSDEX_NOW={text}: expected a date-time such as 2024-05-01T10:00:00Z"),
        },
        _ => Ok(Utc::now()),
    }
}

fn search_config(args: SearchArgs) -> anyhow::Result<SearchConfig> {
    let query_text = join_query(&args.query);
    let query = parse_query(&query_text, &args.filters, now()?)?;
    let sort = match args.sort {
        cli::SortOrder::Relevance => SortBy::Relevance,
        cli::SortOrder::Date => SortBy::Date,
    };
    let format = match (args.json, args.format) {
        (true, _) | (false, Some(cli::SearchFormat::Ndjson)) => SearchFormat::Ndjson,
        (false, None | Some(cli::SearchFormat::Text)) => SearchFormat::Text,
        (false, Some(cli::SearchFormat::Json)) => SearchFormat::Json,
        (false, Some(cli::SearchFormat::Csv)) => SearchFormat::Csv,
        (false, Some(cli::SearchFormat::Markdown)) => SearchFormat::Markdown,
    };
    let limit = if args.all_results || args.limit == 0 { usize::MAX } else { args.limit };
    Ok(SearchConfig {
        index: index_location(args.location.index.as_deref())?,
        request: SearchRequest { query, all_words: args.all, sort, limit, offset: args.offset },
        query_text,
        format,
        style: style(args.color),
    })
}

fn facets_config(args: FacetsArgs) -> anyhow::Result<FacetsConfig> {
    let query_text = join_query(&args.query);
    let query = parse_query(&query_text, &args.filters, now()?)?;
    Ok(FacetsConfig {
        index: index_location(args.location.index.as_deref())?,
        query_text,
        query,
        mode: facets_mode(args.field, args.by)?,
        top: args.top,
        sort: args.sort.map(|sort| match sort {
            cli::FacetSortArg::Count => FacetSort::Count,
            cli::FacetSortArg::Value => FacetSort::Value,
        }),
        json: args.json,
        style: style(args.color),
    })
}

/// `--field` and `--by`: `--by` is the date's buckets (`--field date --by year`, or every facet
/// `--by year`) or the columns of a table (`--field agreement --by country`).
///
/// # Errors
/// `--by` a facet without `--field`, the same facet twice, or two date buckets.
fn facets_mode(field: Option<FacetField>, by: Option<FacetField>) -> anyhow::Result<FacetsMode> {
    let bucket = |field: FacetField| match field {
        FacetField::Year => Some(DateBuckets::Year),
        FacetField::Month => Some(DateBuckets::Month),
        _ => None,
    };
    let axis = |field: FacetField| -> PivotAxis {
        let dimension = match field {
            FacetField::Country => FacetDimension::Country,
            FacetField::Agreement => FacetDimension::Agreement,
            FacetField::Date | FacetField::Year | FacetField::Month => FacetDimension::Date,
            FacetField::Feed => FacetDimension::Feed,
            FacetField::Kind => FacetDimension::Kind,
        };
        PivotAxis { dimension, buckets: bucket(field).unwrap_or(DateBuckets::Month) }
    };
    let name = |field: FacetField| format!("{field:?}").to_lowercase();
    Ok(match (field, by) {
        (None, None) => FacetsMode::Counts {
            dimensions: FacetDimension::ALL.to_vec(),
            buckets: DateBuckets::Month,
        },
        (None, Some(by)) => match bucket(by) {
            Some(buckets) => {
                FacetsMode::Counts { dimensions: FacetDimension::ALL.to_vec(), buckets }
            }
            None => anyhow::bail!(
                "--by {} needs --field: the rows of the table, e.g. --field agreement --by {}",
                name(by),
                name(by)
            ),
        },
        (Some(field), None) => {
            let axis = axis(field);
            FacetsMode::Counts { dimensions: vec![axis.dimension], buckets: axis.buckets }
        }
        (Some(FacetField::Date), Some(by)) if bucket(by).is_some() => {
            FacetsMode::Counts { dimensions: vec![FacetDimension::Date], buckets: axis(by).buckets }
        }
        (Some(field), Some(by)) => {
            let (rows, columns) = (axis(field), axis(by));
            if rows.dimension == columns.dimension {
                anyhow::bail!(
                    "--field {} --by {}: a table needs two different facets, e.g. --field agreement --by country",
                    name(field),
                    name(by)
                );
            }
            FacetsMode::Pivot { rows, columns }
        }
    })
}

fn show_config(args: ShowArgs) -> anyhow::Result<ShowConfig> {
    let format = match (args.json, args.format) {
        (true, _) | (false, Some(cli::ShowFormat::Json)) => ShowFormat::Json,
        (false, None | Some(cli::ShowFormat::Text)) => ShowFormat::Text,
        (false, Some(cli::ShowFormat::Markdown)) => ShowFormat::Markdown,
    };
    Ok(ShowConfig {
        index: index_location(args.location.index.as_deref())?,
        id: args.id.join(" "),
        format,
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
        limits: PoolLimits::serve_default(),
    })
}

/// `--color` as the printer wants it, with `NO_COLOR` and the terminal decided now.
fn style(choice: ColorChoice) -> Style {
    Style::detect(match choice {
        ColorChoice::Always => Some(true),
        ColorChoice::Never => Some(false),
        ColorChoice::Auto => None,
    })
}

/// The index a reading command opens: `--index DIR` or `PRESSDEX_INDEX` as given (a typo
/// there is an error, never a new index), else the default index, built on first use from the
/// default feeds folder when there is one.
fn index_location(flag: Option<&Path>) -> anyhow::Result<IndexLocation> {
    let build_default = match flag.is_some() || index_from_env().is_some() {
        true => None,
        false => feeds_dir().map(|feeds| DefaultBuild { feeds, progress: progress::wanted() }),
    };
    Ok(IndexLocation { dir: index_dir(flag)?, build_default })
}

fn index_from_env() -> Option<PathBuf> {
    std::env::var_os("PRESSDEX_INDEX").filter(|value| !value.is_empty()).map(PathBuf::from)
}

/// `--index DIR`, else `PRESSDEX_INDEX`, else `index-data/index` when `./index-data` exists,
/// else `pressdex/index` under the user's data directory.
fn index_dir(flag: Option<&Path>) -> anyhow::Result<PathBuf> {
    if let Some(dir) = flag {
        return Ok(dir.to_path_buf());
    }
    if let Some(dir) = index_from_env() {
        return Ok(dir);
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
mod tests;

/// How many searches run and wait, and for how long.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PoolLimits {
    /// Searches that run at once.
    pub workers: usize,
    /// Searches that may wait for a worker.
    pub queue: usize,
    /// The longest a search may wait and run before the request is answered with 503.
    pub timeout: Duration,
}

impl PoolLimits {
    /// The limits `pressdex serve` runs with: a search per core at once, up to 256 waiting,
    /// 10 s each at most.
    pub fn serve_default() -> PoolLimits {
        let cores = std::thread::available_parallelism().map_or(2, |cores| cores.get());
        PoolLimits { workers: cores.max(2), queue: 256, timeout: Duration::from_secs(10) }
    }
}
