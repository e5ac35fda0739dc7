//! `pressdex facets`: counts per facet value over the releases a query matches.

use std::process::ExitCode;

use anyhow::Context;
use pressdex_index::{DateBuckets, FacetDimension};

use super::search::{color, open_searcher, parse_query};
use crate::cli::{DateBucket, FacetField, FacetsArgs};
use crate::print;
use crate::print::style::Style;

pub fn run(args: &FacetsArgs) -> anyhow::Result<ExitCode> {
    let Some(query) = parse_query(&args.query, &args.filters)? else {
        return Ok(ExitCode::from(2));
    };
    let searcher = open_searcher(args.location.index.as_deref())?;
    let dimensions: Vec<FacetDimension> = match args.field {
        None => FacetDimension::ALL.to_vec(),
        Some(field) => vec![match field {
            FacetField::Country => FacetDimension::Country,
            FacetField::Agreement => FacetDimension::Agreement,
            FacetField::Date => FacetDimension::Date,
            FacetField::Feed => FacetDimension::Feed,
            FacetField::Kind => FacetDimension::Kind,
        }],
    };
    let buckets = match args.by {
        DateBucket::Year => DateBuckets::Year,
        DateBucket::Month => DateBuckets::Month,
    };
    let counts = searcher
        .facets(&query, false, &dimensions, buckets)
        .with_context(|| format!("counting facets for {:?}", args.query))?;
    print::facets::facets(&counts, &Style::detect(color(args.color)), args.json)?;
    let total = counts.first().map_or(0, |facet| facet.total);
    Ok(if total > 0 { ExitCode::SUCCESS } else { ExitCode::from(1) })
}
