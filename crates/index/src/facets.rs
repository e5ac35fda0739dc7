//! Facet counts over the releases a query matches: how many per country, agreement, month or
//! year, feed and kind, in one pass of Tantivy's `FacetCollector` over the `facets` field.

use std::collections::BTreeSet;

use tantivy::collector::{Count, FacetCollector};
use tantivy::schema::{Facet, Field};

use crate::Result;
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
    /// The value: a country name, an agreement code, `2024` or `2024-03`, a feed title, a kind.
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
    /// Most frequent first (ties by value); dates chronological.
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

impl ReleaseSearcher {
    /// Counts `dimensions` over the releases matching `query` (at least one word, every
    /// filter; every word with `all_words`).
    ///
    /// # Errors
    /// [`crate::Error::Tantivy`] on a read failure.
    pub fn facets(
        &self,
        query: &Query,
        all_words: bool,
        dimensions: &[FacetDimension],
        buckets: DateBuckets,
    ) -> Result<Vec<FacetCounts>> {
        let searcher = self.reader().searcher();
        let plan = self.plan(query)?;
        let minimum = if all_words { plan.groups.len() } else { 1 };
        let matching = plan.query(minimum);
        let field = self.index().fields().facets;
        let field_name = schema::FACETS;
        let years = dimension_values(&searcher, field, schema::FACET_DATE)?;
        let mut collector = FacetCollector::for_field(field_name);
        for dimension in dimensions {
            if *dimension == FacetDimension::Date && buckets == DateBuckets::Month {
                for year in &years {
                    collector.add_facet(Facet::from_path([schema::FACET_DATE, year.as_str()]));
                }
            } else {
                collector.add_facet(schema::dimension_facet(dimension.as_str()));
            }
        }
        let (total, counts) = searcher.search(&*matching, &(Count, collector))?;
        let total = total as u64;
        let mut result = Vec::new();
        for dimension in dimensions {
            let mut values: Vec<FacetCount> = Vec::new();
            let parents: Vec<Facet> =
                if *dimension == FacetDimension::Date && buckets == DateBuckets::Month {
                    years
                        .iter()
                        .map(|year| Facet::from_path([schema::FACET_DATE, year.as_str()]))
                        .collect()
                } else {
                    vec![schema::dimension_facet(dimension.as_str())]
                };
            for parent in &parents {
                for (facet, count) in counts.get(parent.clone()) {
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
                values.sort_by(|left, right| {
                    right.count.cmp(&left.count).then_with(|| left.value.cmp(&right.value))
                });
            }
            result.push(FacetCounts { dimension: *dimension, total, counts: values });
        }
        Ok(result)
    }
}

/// The values directly under `/dimension` that the index holds (e.g. every year under
/// `/date`, every feed title under `/feed`).
pub(crate) fn dimension_values(
    searcher: &tantivy::Searcher,
    field: Field,
    dimension: &str,
) -> Result<BTreeSet<String>> {
    let prefix = format!("{}\u{0}", Facet::from_path([dimension]).encoded_str());
    let mut values = BTreeSet::new();
    terms::visit_prefixed(searcher, field, prefix.as_bytes(), |key| {
        let rest = key.strip_prefix(prefix.as_bytes()).unwrap_or_default();
        let child = rest.split(|byte| *byte == 0).next().unwrap_or_default();
        if let Ok(text) = std::str::from_utf8(child) {
            values.insert(text.to_string());
        }
        true
    })?;
    Ok(values)
}
