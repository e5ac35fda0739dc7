//! A query as typed plus its filter flags, checked and merged into one [`Query`]: what
//! `search` and `facets` do with their flags, and `watch run` with a watch's stored ones.

use std::fmt;

use anyhow::Context;
use chrono::{DateTime, Utc};
use pressdex_index::{FilterField, Query, QueryError};

use crate::cli::FilterArgs;

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

/// The words of the query, joined by spaces: `pressdex search mutual assistance` is the query
/// `mutual assistance`. A country or feed filter the shell unquoted (`country:"cape verde"`
/// typed bare reaches us as `country:cape verde`) is quoted again; a whole query passed as one
/// argument (`'since:2023-09 until:2023-09'`, `'country:mx customs'`) is left as it is.
pub(super) fn join_query(words: &[String]) -> String {
    words.iter().map(|word| requoted(word)).collect::<Vec<_>>().join(" ")
}

/// `word`, quoted again when it is one country or feed filter whose value has spaces.
fn requoted(word: &str) -> String {
    let Some((field, value)) = word.split_once(':') else { return word.to_string() };
    let spaced = value.trim().contains(char::is_whitespace);
    // Another filter or a quote after the first: the argument is a query, not one value.
    let one_value = !value.contains(['"', ':']);
    let unquoted = spaced
        && one_value
        && match FilterField::from_name(field) {
            Some(FilterField::Country) => pressdex_ingest::Country::lookup(value.trim()).is_some(),
            Some(FilterField::Feed) => true,
            _ => false,
        };
    if unquoted { format!("{field}:\"{}\"", value.trim()) } else { word.to_string() }
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
        let flag = field.name().replace('_', "-");
        query.filters.add(field, value).with_context(|| format!("--{flag} {value}"))?;
    }
    query.filters.validate().context("--since/--until, --event-since/--event-until")?;
    query.filters.anchor(now);
    Ok(query)
}

/// The filter flags given, in a fixed order: (field, value).
pub(super) fn filter_flags(
    filters: &FilterArgs,
) -> impl Iterator<Item = (FilterField, &String)> + '_ {
    fn each(
        field: FilterField,
        values: &[String],
    ) -> impl Iterator<Item = (FilterField, &String)> + '_ {
        values.iter().map(move |value| (field, value))
    }
    each(FilterField::Country, &filters.country)
        .chain(each(FilterField::Agreement, &filters.agreement))
        .chain(each(FilterField::Region, &filters.region))
        .chain(each(FilterField::Since, filters.since.as_slice()))
        .chain(each(FilterField::Until, filters.until.as_slice()))
        .chain(each(FilterField::EventSince, filters.event_since.as_slice()))
        .chain(each(FilterField::EventUntil, filters.event_until.as_slice()))
        .chain(each(FilterField::Feed, filters.feed.as_slice()))
        .chain(each(FilterField::Kind, filters.kind.as_slice()))
        .chain(each(FilterField::NewSince, filters.new_since.as_slice()))
        .chain(each(FilterField::ChangedSince, filters.changed_since.as_slice()))
}
