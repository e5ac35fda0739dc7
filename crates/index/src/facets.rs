//! Facet counts over the releases a query matches: how many per country, agreement, month or
//! year, feed and kind, in one pass of Tantivy's `FacetCollector` over the `facets` field (over
//! every release, from the term dictionary: [`count_everywhere`]); and
//! how a list of values is ordered and cut ([`FacetOrder`]), the one rule `facets`, `stats` and
//! pivot tables share.

use std::collections::BTreeSet;

use pressdex_ingest::Country;
use tantivy::collector::{Count, FacetCollector};
use tantivy::query::Query as TantivyQuery;
use tantivy::schema::{Facet, Field, IndexRecordOption};
use tantivy::{DocSet, TERMINATED};

use crate::error::{Result, guarded};
use crate::query::Query;
use crate::schema;
use crate::searcher::ReleaseSearcher;
use crate::terms;

/// A facet to count.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FacetDimension {
    /// Countries a release is about.
    Country,
    /// Agreement types a release reports.
    Agreement,
    /// Publication year or month.
    Date,
    /// Feed (channel) titles.
    Feed,
    /// Release kinds.
    Kind,
}

/// Width of date buckets.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DateBuckets {
    /// `2024`.
    Year,
    /// `2024-03`.
    #[default]
    Month,
}

/// One value of a facet and how many matching releases carry it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FacetCount {
    /// The value: a country's ISO 3166-1 alpha-2 code (`MX`: the printer names it), an
    /// agreement code, `2024` or `2024-03`, a feed title, a kind.
    pub value: String,
    /// Matching releases with the value.
    pub count: u64,
}

/// How the values of a facet are ordered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FacetSort {
    /// Most releases first; ties by value.
    Count,
    /// By value: dates oldest first, countries by name, the others alphabetically.
    Value,
}

/// Which values of a facet to keep, and in which order: what `--top` and `--sort` ask.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FacetOrder {
    /// The order; `None` orders dates by value (a time series) and the others by count.
    pub sort: Option<FacetSort>,
    /// Keep only the `n` most frequent values (ties by value); `None` keeps them all.
    pub top: Option<usize>,
}

/// At most this many date buckets are listed between the first and the last: a gap is filled
/// with zeros only when the filled list stays this short (a stray date in year 1 must not make
/// 24,000 empty months).
pub(crate) const MAX_DATE_BUCKETS: usize = 1200;

/// The counts of one facet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FacetCounts {
    /// Which facet.
    pub dimension: FacetDimension,
    /// How many releases matched the query (a release may count under several values, or
    /// none).
    pub total: u64,
    /// Most frequent first (ties by value, countries by name); dates chronological, only the
    /// buckets with a count ([`FacetCounts::arrange`] fills the gaps).
    pub counts: Vec<FacetCount>,
}

impl FacetDimension {
    /// Every dimension, in the order `facets` prints them.
    pub const ALL: [FacetDimension; 5] = [
        FacetDimension::Country,
        FacetDimension::Agreement,
        FacetDimension::Date,
        FacetDimension::Feed,
        FacetDimension::Kind,
    ];

    /// The name, as in `--field` and JSON: `country`, `agreement`, `date`, `feed`, `kind`.
    pub fn as_str(self) -> &'static str {
        match self {
            FacetDimension::Country => schema::FACET_COUNTRY,
            FacetDimension::Agreement => schema::FACET_AGREEMENT,
            FacetDimension::Date => schema::FACET_DATE,
            FacetDimension::Feed => schema::FACET_FEED,
            FacetDimension::Kind => schema::FACET_KIND,
        }
    }
}

impl FacetCounts {
    /// Keeps the `n` most frequent values in the default order of [`FacetOrder`]: what a
    /// summary of the whole index lists.
    pub fn keep_top(&mut self, n: usize) {
        self.arrange(FacetOrder { sort: None, top: Some(n) });
    }

    /// Fills the gaps between the first and the last date bucket with zero counts (so a month
    /// without releases shows), then keeps and orders the values as `order` asks.
    pub fn arrange(&mut self, order: FacetOrder) {
        if self.dimension == FacetDimension::Date {
            fill_date_gaps(&mut self.counts);
        }
        let kept = arranged(self.dimension, &self.counts, order);
        let mut counts = std::mem::take(&mut self.counts);
        self.counts = kept.into_iter().map(|index| std::mem::take(&mut counts[index])).collect();
    }
}

impl FacetOrder {
    /// The sort `dimension` gets when none is asked for: dates by value, the others by count.
    pub fn sort_for(self, dimension: FacetDimension) -> FacetSort {
        self.sort.unwrap_or(match dimension {
            FacetDimension::Date => FacetSort::Value,
            _ => FacetSort::Count,
        })
    }
}

impl ReleaseSearcher {
    /// Counts `dimensions` over the releases matching `query` (at least one word, every
    /// filter; every word with `all_words`).
    ///
    /// # Errors
    /// [`InternalError::Tantivy`](crate::InternalError::Tantivy) on a read failure.
    pub fn facets(
        &self,
        query: &Query,
        all_words: bool,
        dimensions: &[FacetDimension],
        buckets: DateBuckets,
    ) -> Result<Vec<FacetCounts>> {
        guarded(self.index().dir(), || {
            let searcher = self.reader().searcher();
            let plan = self.plan(&searcher, query)?;
            let minimum = if all_words { plan.groups.len() } else { 1 };
            let field = self.index().fields().facets;
            let query = (!plan.matches_everything()).then(|| plan.query(minimum));
            count_facets(&searcher, field, query.as_deref(), dimensions, buckets)
        })
    }
}

/// Counts `dimensions` over the releases `query` matches in `searcher` (every release with
/// `None`), in one pass of one `FacetCollector` over the `facets` field; over every release,
/// from the term dictionary instead (see [`count_everywhere`]).
///
/// # Errors
/// [`InternalError::Tantivy`](crate::InternalError::Tantivy) on a read failure.
pub(crate) fn count_facets(
    searcher: &tantivy::Searcher,
    field: Field,
    query: Option<&dyn TantivyQuery>,
    dimensions: &[FacetDimension],
    buckets: DateBuckets,
) -> Result<Vec<FacetCounts>> {
    // Months are counted under each year: a collector counts one level below what it is given.
    let years = if dimensions.contains(&FacetDimension::Date) && buckets == DateBuckets::Month {
        terms::dimension_values(searcher, field, schema::FACET_DATE)?
    } else {
        BTreeSet::new()
    };
    let parents_of = |dimension: FacetDimension| -> Vec<Facet> {
        if dimension == FacetDimension::Date && buckets == DateBuckets::Month {
            years.iter().map(|year| Facet::from_path([schema::FACET_DATE, year.as_str()])).collect()
        } else {
            vec![schema::dimension_facet(dimension.as_str())]
        }
    };
    let parents: Vec<Facet> =
        dimensions.iter().flat_map(|dimension| parents_of(*dimension)).collect();
    let (total, counts) = match query {
        Some(query) => {
            let mut collector = FacetCollector::for_field(schema::FACETS);
            for parent in &parents {
                collector.add_facet(parent.clone());
            }
            let (total, counts) = searcher.search(query, &(Count, collector))?;
            let counts: Vec<(Facet, u64)> = parents
                .iter()
                .flat_map(|parent| counts.get(parent.clone()))
                .map(|(facet, count)| (facet.clone(), count))
                .collect();
            (total as u64, counts)
        }
        None => (searcher.num_docs(), count_everywhere(searcher, field, &parents)?),
    };
    let mut result = Vec::new();
    for dimension in dimensions {
        let mut values: Vec<FacetCount> = Vec::new();
        for parent in parents_of(*dimension) {
            let children = counts.iter().filter(|(facet, _)| parent.is_prefix_of(facet));
            for (facet, count) in children {
                let count = *count;
                if count == 0 {
                    continue;
                }
                let path = facet.to_path();
                let value = if *dimension == FacetDimension::Date {
                    path[1..].join("-")
                } else {
                    path.last().map(|last| (*last).to_string()).unwrap_or_default()
                };
                values.push(FacetCount { value, count });
            }
        }
        if *dimension == FacetDimension::Date {
            values.sort_by(|left, right| left.value.cmp(&right.value));
        } else {
            by_frequency(*dimension, &mut values);
        }
        result.push(FacetCounts { dimension: *dimension, total, counts: values });
    }
    Ok(result)
}

/// The children of each of `parents` with how many live releases hold them, over every
/// release: read from the term dictionary of the `facets` field (each facet path is a term;
/// its document frequency is the count), without touching a document. A segment with deleted
/// releases counts the live ones in each term's postings instead. Tantivy's `FacetCollector`
/// reads every release's facet column: 75 M instructions for `stats` at 100k releases.
fn count_everywhere(
    searcher: &tantivy::Searcher,
    field: Field,
    parents: &[Facet],
) -> Result<Vec<(Facet, u64)>> {
    let mut counts: std::collections::BTreeMap<Facet, u64> = std::collections::BTreeMap::new();
    for parent in parents {
        let prefix = format!("{}\u{0}", parent.encoded_str());
        terms::visit_prefixed_terms(
            searcher,
            field,
            prefix.as_bytes(),
            |segment, inverted, key, info| {
                let child = key.strip_prefix(prefix.as_bytes()).unwrap_or_default();
                // A grandchild is counted under its own parent.
                let Ok(child) = std::str::from_utf8(child) else { return Ok(true) };
                if child.contains('\0') {
                    return Ok(true);
                }
                let count = match segment.alive_bitset() {
                    None => u64::from(info.doc_freq),
                    Some(alive) => {
                        let mut postings = inverted
                            .read_postings_from_terminfo(info, IndexRecordOption::Basic)
                            .map_err(tantivy::TantivyError::from)?;
                        let mut live = 0;
                        while postings.doc() != TERMINATED {
                            live += u64::from(alive.is_alive(postings.doc()));
                            postings.advance();
                        }
                        live
                    }
                };
                let mut path = parent.to_path();
                path.push(child);
                *counts.entry(Facet::from_path(path)).or_default() += count;
                Ok(true)
            },
        )?;
    }
    Ok(counts.into_iter().collect())
}

/// Most frequent first; ties by value, countries by name (not by code, so the order people
/// read does not depend on how the index keys them).
fn by_frequency(dimension: FacetDimension, counts: &mut [FacetCount]) {
    counts.sort_by_cached_key(|count| (std::cmp::Reverse(count.count), sort_key(dimension, count)));
}

/// What values are ordered by: a country's name, else the value.
fn sort_key(dimension: FacetDimension, count: &FacetCount) -> String {
    match dimension {
        FacetDimension::Country => Country::from_alpha2(&count.value)
            .map_or(count.value.as_str(), |country| country.name()),
        _ => count.value.as_str(),
    }
    .to_string()
}

/// The positions in `values` to keep, in the order `order` asks: the `top` most frequent (ties
/// by value), then sorted.
pub(crate) fn arranged(
    dimension: FacetDimension,
    values: &[FacetCount],
    order: FacetOrder,
) -> Vec<usize> {
    let key = |index: &usize| sort_key(dimension, &values[*index]);
    let mut kept: Vec<usize> = (0..values.len()).collect();
    if let Some(top) = order.top.filter(|top| *top < values.len()) {
        kept.sort_by_cached_key(|index| (std::cmp::Reverse(values[*index].count), key(index)));
        kept.truncate(top);
    }
    match order.sort_for(dimension) {
        FacetSort::Count => {
            kept.sort_by_cached_key(|index| (std::cmp::Reverse(values[*index].count), key(index)));
        }
        FacetSort::Value => kept.sort_by_cached_key(key),
    }
    kept
}

/// Adds a zero count for every year (`2023`) or month (`2023-09`) missing between the first and
/// the last of `values`, unless that would list more than [`MAX_DATE_BUCKETS`]. Values that are
/// not dates are left alone.
pub(crate) fn fill_date_gaps(values: &mut Vec<FacetCount>) {
    let Some(buckets) = date_buckets(values) else { return };
    let present: BTreeSet<String> = values.iter().map(|count| count.value.clone()).collect();
    for bucket in buckets {
        if !present.contains(&bucket) {
            values.push(FacetCount { value: bucket, count: 0 });
        }
    }
    values.sort_by(|left, right| left.value.cmp(&right.value));
}

/// Every bucket from the first to the last date of `values`, all years or all months; `None`
/// when they are neither, or too many.
fn date_buckets(values: &[FacetCount]) -> Option<Vec<String>> {
    // A bucket as a month number: years count 12 to a step, months 1.
    let parse = |value: &str| -> Option<(bool, i64)> {
        match value.split_once('-') {
            None if value.len() == 4 => Some((false, value.parse::<i64>().ok()? * 12)),
            Some((year, month)) if year.len() == 4 && month.len() == 2 => {
                let month = month.parse::<i64>().ok().filter(|month| (1..=12).contains(month))?;
                Some((true, year.parse::<i64>().ok()? * 12 + month - 1))
            }
            _ => None,
        }
    };
    let parsed: Vec<(bool, i64)> =
        values.iter().map(|count| parse(&count.value)).collect::<Option<_>>()?;
    let months = parsed.first()?.0;
    if parsed.iter().any(|(is_month, _)| *is_month != months) {
        return None;
    }
    let first = parsed.iter().map(|(_, at)| *at).min()?;
    let last = parsed.iter().map(|(_, at)| *at).max()?;
    let step = if months { 1 } else { 12 };
    let span = usize::try_from((last - first) / step + 1).ok()?;
    if span > MAX_DATE_BUCKETS {
        return None;
    }
    Some(
        (0..span)
            .map(|index| {
                let at = first + step * index as i64;
                if months {
                    format!("{:04}-{:02}", at / 12, at % 12 + 1)
                } else {
                    format!("{:04}", at / 12)
                }
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(values: &[(&str, u64)]) -> Vec<FacetCount> {
        values
            .iter()
            .map(|(value, count)| FacetCount { value: (*value).into(), count: *count })
            .collect()
    }

    fn check(
        dimension: FacetDimension,
        values: &[(&str, u64)],
        order: FacetOrder,
        expected: &[&str],
    ) {
        let mut facet = FacetCounts { dimension, total: 0, counts: counts(values) };
        facet.arrange(order);
        let kept: Vec<&str> = facet.counts.iter().map(|count| count.value.as_str()).collect();
        assert_eq!(kept, expected, "{dimension:?} {order:?}");
    }

    const BY_COUNT: FacetOrder = FacetOrder { sort: Some(FacetSort::Count), top: None };
    const BY_VALUE: FacetOrder = FacetOrder { sort: Some(FacetSort::Value), top: None };

    #[test]
    fn dates_are_a_time_series_with_the_gaps_filled() {
        let months = [("2023-11", 2), ("2024-02", 1), ("2023-12", 5)];
        check(
            FacetDimension::Date,
            &months,
            FacetOrder::default(),
            &["2023-11", "2023-12", "2024-01", "2024-02"],
        );
        check(
            FacetDimension::Date,
            &[("2020", 1), ("2023", 4)],
            FacetOrder::default(),
            &["2020", "2021", "2022", "2023"],
        );
        // By count, the empty buckets come last; with a top, they go first.
        check(
            FacetDimension::Date,
            &months,
            BY_COUNT,
            &["2023-12", "2023-11", "2024-02", "2024-01"],
        );
        let top = FacetOrder { sort: None, top: Some(2) };
        check(FacetDimension::Date, &months, top, &["2023-11", "2023-12"]);
        // A stray year 1 does not make 24,000 empty months.
        check(
            FacetDimension::Date,
            &[("0001-01", 1), ("2023-09", 2)],
            FacetOrder::default(),
            &["0001-01", "2023-09"],
        );
    }

    #[test]
    fn other_facets_by_count_or_value() {
        let countries = [("MX", 2), ("CV", 2), ("BR", 5), ("AF", 1)];
        check(
            FacetDimension::Country,
            &countries,
            FacetOrder::default(),
            &["BR", "CV", "MX", "AF"],
        );
        check(FacetDimension::Country, &countries, BY_VALUE, &["AF", "BR", "CV", "MX"]);
        let top = FacetOrder { sort: Some(FacetSort::Value), top: Some(2) };
        check(FacetDimension::Country, &countries, top, &["BR", "CV"]);
        check(FacetDimension::Agreement, &[("MRA", 1), ("CMAA", 1)], BY_COUNT, &["CMAA", "MRA"]);
        let mut facet = FacetCounts {
            dimension: FacetDimension::Kind,
            total: 3,
            counts: counts(&[("page", 1), ("speeches", 3)]),
        };
        facet.keep_top(1);
        assert_eq!(facet.counts, counts(&[("speeches", 3)]));
    }
}
