//! The parsed command line, turned once into plain per-command configs (fd's `construct_config`,
//! just's `Config::from_arguments`): where the index and the feeds live (flags, environment,
//! current folder), the colour and width of human output, the query with the flag filters merged
//! in, sort order, facet fields, limits. `cmd/` receives these and never sees clap.

use std::fmt;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use chrono::{DateTime, Utc};
use pressdex_index::{
    DateBuckets, FacetDimension, FilterField, Moment, Query, QueryError, SearchRequest, SortBy,
};

use crate::cli::{
    self, CheckArgs, Cli, ColorChoice, Command, FacetsArgs, FilterArgs, IndexArgs, ParseArgs,
    SearchArgs, ShowArgs, StatsArgs, WatchArgs, WatchCommand,
};
use crate::print::progress;
use crate::print::style::Style;

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
    /// `pressdex watch ...`.
    Watch(WatchConfig),
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
    /// Files, folders or globs, as given (none: the recorded snapshots with `rebuild`, else
    /// `default_feeds`).
    pub paths: Vec<String>,
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

/// `pressdex watch`.
#[derive(Clone, Debug)]
pub struct WatchConfig {
    /// The index whose folder keeps the watches.
    pub index: IndexLocation,
    /// What to do.
    pub action: WatchAction,
    /// The time now (`PRESSDEX_NOW`, else the clock).
    pub now: DateTime<Utc>,
    /// NDJSON instead of text.
    pub json: bool,
    /// Colour and width of text output.
    pub style: Style,
}

/// A `pressdex watch` subcommand.
#[derive(Clone, Debug)]
pub enum WatchAction {
    /// Save a search, as typed (checked now, parsed again at every run).
    Add {
        /// Its name.
        name: String,
        /// The query.
        query: String,
        /// The filter flags: (flag name without dashes, value).
        filters: Vec<(String, String)>,
    },
    /// List the watches.
    List,
    /// Forget a watch.
    Remove {
        /// Its name.
        name: String,
    },
    /// Run watches.
    Run {
        /// Which (none: all).
        names: Vec<String>,
        /// Report since this moment instead of each watch's last run.
        from: Option<Moment>,
        /// Also write an Atom feed here.
        atom: Option<PathBuf>,
    },
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
            Command::Watch(args) => Config::Watch(watch_config(args)?),
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

fn watch_config(args: WatchArgs) -> anyhow::Result<WatchConfig> {
    let now = now()?;
    let (location, action, json, color) = match args.command {
        WatchCommand::Add(add) => {
            // Checked now, so a mistake is reported when the watch is added, not at 3 a.m.
            parse_query(&add.query, &add.filters, now)?;
            let action = WatchAction::Add {
                name: watch_name(&add.name)?,
                query: add.query,
                filters: filter_flags(&add.filters)
                    .map(|(field, value)| (field.name().to_string(), value.clone()))
                    .collect(),
            };
            (add.location, action, false, ColorChoice::Auto)
        }
        WatchCommand::List(list) => {
            (list.location, WatchAction::List, list.json, ColorChoice::Auto)
        }
        WatchCommand::Remove(remove) => {
            (remove.location, WatchAction::Remove { name: remove.name }, false, ColorChoice::Auto)
        }
        WatchCommand::Run(run) => {
            let from = match run.from.as_deref() {
                None => None,
                Some(text) => Some(
                    Moment::parse(text)
                        .map(|moment| moment.anchored(now))
                        .with_context(|| format!("--from {text}"))?,
                ),
            };
            let action = WatchAction::Run { names: run.names, from, atom: run.atom };
            (run.location, action, run.json, run.color)
        }
    };
    Ok(WatchConfig {
        index: index_location(location.index.as_deref())?,
        action,
        now,
        json,
        style: style(color),
    })
}

/// A watch name: printed, stored and typed again, so plain.
fn watch_name(name: &str) -> anyhow::Result<String> {
    let plain = !name.is_empty()
        && name.len() <= 64
        && name.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if !plain {
        bail!("bad watch name {name:?}: use letters, digits, `-`, `_` and `.` (at most 64)");
    }
    Ok(name.to_string())
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
    let query = parse_query(&args.query, &args.filters, now()?)?;
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
    let query = parse_query(&args.query, &args.filters, now()?)?;
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

/// The query with the flag filters merged in, times back from now (`7d`) fixed at `now`.
///
/// # Errors
/// [`BadQuery`], or a flag value that is not valid (`--country atlantis`, `--since May`).
pub fn parse_query(text: &str, filters: &FilterArgs, now: DateTime<Utc>) -> anyhow::Result<Query> {
    let flags = filter_flags(filters).map(|(field, value)| (field, value.as_str()));
    build_query(text, flags, now)
}

/// A query as typed plus filter flags, as `(field, value)`, checked and merged: what `search`
/// does with its flags, and `watch run` with a watch's stored ones.
///
/// # Errors
/// As [`parse_query`].
pub fn build_query<'a>(
    text: &str,
    flags: impl IntoIterator<Item = (FilterField, &'a str)>,
    now: DateTime<Utc>,
) -> anyhow::Result<Query> {
    let mut query =
        Query::parse(text).map_err(|error| BadQuery { text: text.to_string(), error })?;
    for (field, value) in flags {
        let flag = field.name();
        query.filters.add(field, value).with_context(|| format!("--{flag} {value}"))?;
    }
    query.filters.validate().context("--since/--until")?;
    query.filters.anchor(now);
    Ok(query)
}

/// The filter flags given, in a fixed order: (field, value).
fn filter_flags(filters: &FilterArgs) -> impl Iterator<Item = (FilterField, &String)> + '_ {
    fn each(
        field: FilterField,
        values: &[String],
    ) -> impl Iterator<Item = (FilterField, &String)> + '_ {
        values.iter().map(move |value| (field, value))
    }
    each(FilterField::Country, &filters.country)
        .chain(each(FilterField::Agreement, &filters.agreement))
        .chain(each(FilterField::Since, filters.since.as_slice()))
        .chain(each(FilterField::Until, filters.until.as_slice()))
        .chain(each(FilterField::Feed, filters.feed.as_slice()))
        .chain(each(FilterField::Kind, filters.kind.as_slice()))
        .chain(each(FilterField::NewSince, filters.new_since.as_slice()))
        .chain(each(FilterField::ChangedSince, filters.changed_since.as_slice()))
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
        let time = config(&["search", "--new-since", "soon"]).expect_err("bad time");
        assert!(format!("{time:#}").starts_with("--new-since soon: bad time"), "{time:#}");
        assert!(format!("{flag:#}").starts_with("--country atlantis: "), "{flag:#}");
        let range = config(&["search", "--since", "2024", "--until", "2023"]).expect_err("empty");
        assert!(format!("{range:#}").starts_with("--since/--until: "), "{range:#}");
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
