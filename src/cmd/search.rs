//! `pressdex search`: parse the query and flags, open (or first build) the index, search,
//! print. The ranking lives in `pressdex_index::ReleaseSearcher`.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use pressdex_index::{FilterField, Query, ReleaseSearcher, SearchRequest, SortBy};

use crate::cli::{ColorChoice, FilterArgs, SearchArgs, SortOrder};
use crate::print::style::Style;
use crate::{config, print};

pub fn run(args: &SearchArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let Some(query) = parse_query(&args.query, &args.filters)? else {
        return Ok(ExitCode::from(2));
    };
    let searcher = open_searcher(args.location.index.as_deref())?;
    let request = SearchRequest {
        query,
        all_words: args.all,
        sort: match args.sort {
            SortOrder::Relevance => SortBy::Relevance,
            SortOrder::Date => SortBy::Date,
        },
        limit: args.limit,
        offset: args.offset,
    };
    let results =
        searcher.search(&request).with_context(|| format!("searching for {:?}", args.query))?;
    print::search::corrections(&args.query, &results.corrections);
    let style = Style::detect(color(args.color));
    print::search::hits(&results, &style, args.json, args.all, started.elapsed())?;
    Ok(if results.total > 0 { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// The query with the flag filters merged in; `None` after printing a query error (exit 2).
///
/// # Errors
/// A flag value that is not valid (`--country atlantis`, `--since May`).
pub fn parse_query(text: &str, filters: &FilterArgs) -> anyhow::Result<Option<Query>> {
    let mut query = match Query::parse(text) {
        Ok(query) => query,
        Err(error) => {
            print::search::query_error(text, &error);
            return Ok(None);
        }
    };
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
    Ok(Some(query))
}

/// Opens the index at `--index` (or the default), building the default index first when it
/// is missing and the default feeds folder exists.
///
/// # Errors
/// No index (with how to build one), another schema version, or an unreadable index.
pub fn open_searcher(flag: Option<&Path>) -> anyhow::Result<ReleaseSearcher> {
    let dir = config::index_dir(flag)?;
    if flag.is_none() {
        super::index::build_default(&dir)?;
    }
    // Each command searches once: no reader reloading, no thread watching the index.
    match ReleaseSearcher::open_once(&dir) {
        // Already names the directory and how to build an index there.
        Err(err @ pressdex_index::Error::User(pressdex_index::UserError::Missing(_))) => {
            Err(err.into())
        }
        other => other.with_context(|| format!("opening the index at {}", dir.display())),
    }
}

/// `--color` as the printer wants it: always, never, or decide from the terminal.
pub fn color(choice: ColorChoice) -> Option<bool> {
    match choice {
        ColorChoice::Always => Some(true),
        ColorChoice::Never => Some(false),
        ColorChoice::Auto => None,
    }
}
