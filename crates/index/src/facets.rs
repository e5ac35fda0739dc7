//! Facet counts over the releases a query matches: how many per country, agreement, month or
//! year, feed and kind, in one pass of Tantivy's `FacetCollector` over the `facets` field.

use std::collections::BTreeSet;

use pressdex_ingest::Country;
use tantivy::collector::{Count, FacetCollector};
use tantivy::query::Query as TantivyQuery;
use tantivy::schema::{Facet, Field};

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
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FacetCount {
    /// The value: a country's ISO 3166-1 alpha-2 code (`MX`: the printer names it), an
    /// agreement code, `2024` or `2024-03`, a feed title, a kind.
    pub value: String,
    /// Matching releases with the value.
    pub count: u64,
}

/// The counts of one facet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FacetCounts {
    /// Which facet.
    pub dimension: FacetDimension,
    /// How many releases matched the query (a release may count under several values, or
    /// none).
    pub total: u64,
    /// Most frequent first (ties by value, countries by name); dates chronological.
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
    /// Keeps the `n` most frequent values, most frequent first (ties as in [`FacetCounts`]),
    /// whatever the dimension: what a summary of the whole index lists.
    pub fn keep_top(&mut self, n: usize) {
        by_frequency(self.dimension, &mut self.counts);
        self.counts.truncate(n);
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
            count_facets(&searcher, field, &*plan.query(minimum), dimensions, buckets)
        })
    }
}

/// Counts `dimensions` over the releases `query` matches in `searcher`, in one pass of one
/// `FacetCollector` over the `facets` field.
///
/// # Errors
/// [`InternalError::Tantivy`](crate::InternalError::Tantivy) on a read failure.
pub(crate) fn count_facets(
    searcher: &tantivy::Searcher,
    field: Field,
    query: &dyn TantivyQuery,
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
    let mut collector = FacetCollector::for_field(schema::FACETS);
    for dimension in dimensions {
        for parent in parents_of(*dimension) {
            collector.add_facet(parent);
        }
    }
    let (total, counts) = searcher.search(query, &(Count, collector))?;
    let total = total as u64;
    let mut result = Vec::new();
    for dimension in dimensions {
        let mut values: Vec<FacetCount> = Vec::new();
        for parent in parents_of(*dimension) {
            for (facet, count) in counts.get(parent) {
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

/// Most frequent first; ties by value, countries by name (not by code, so the order people
/// read does not depend on how the index keys them).
fn by_frequency(dimension: FacetDimension, counts: &mut [FacetCount]) {
    let name = |value: &str| -> String {
        match dimension {
            FacetDimension::Country => {
                Country::from_alpha2(value).map_or(value, |country| country.name())
            }
            _ => value,
        }
        .to_string()
    };
    counts.sort_by_cached_key(|count| (std::cmp::Reverse(count.count), name(&count.value)));
}
