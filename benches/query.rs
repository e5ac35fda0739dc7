//! Query speed by query type, in-process, on a generated index of 10,000 releases built once:
//! top 10 with snippets (what `pressdex search` prints), the same query counted without
//! fetching hits, and facet counts over every match. `cargo bench --bench query`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use pressdex_index::{DateBuckets, FacetDimension, Query, ReleaseSearcher, SearchRequest};

mod support;

const ITEMS: usize = 10_000;

/// The query mix of benches/compare.sh, plus a date range, three common words (the tiers ranked
/// from their counting pass) and phrases of a common word between two others (one gram term).
const QUERIES: &[(&str, &str)] = &[
    ("single term", "smuggling"),
    ("rare term", "pangolin"),
    ("two terms", "fentanyl bridge"),
    ("three common terms", "customs border protection"),
    ("phrase", "\"mutual assistance agreement\""),
    ("phrase of common words", "\"port of entry\""),
    ("term and phrase of common words", "fentanyl \"port of entry\""),
    ("facet filter", "cocaine country:colombia"),
    ("date range", "smuggling since:2020-01 until:2020-12"),
];

fn bench_query(c: &mut Criterion) {
    let snapshot = support::snapshot(ITEMS);
    let dir = tempfile::tempdir().expect("temp dir");
    support::index(&snapshot, dir.path());
    let searcher = ReleaseSearcher::open(dir.path()).expect("the index just built");

    let mut group = c.benchmark_group("query");
    for (name, text) in QUERIES {
        let query = Query::parse(text).expect("a valid query");
        let top10 = SearchRequest::new(query.clone());
        let count_only = SearchRequest { limit: 0, ..SearchRequest::new(query) };
        group.bench_function(format!("{name}, top 10 with snippets"), |b| {
            b.iter(|| searcher.search(black_box(&top10)).expect("search"))
        });
        group.bench_function(format!("{name}, count only"), |b| {
            b.iter(|| searcher.search(black_box(&count_only)).expect("search"))
        });
    }
    for (name, text) in [("all releases", ""), ("single term", "smuggling")] {
        let query = Query::parse(text).expect("a valid query");
        group.bench_function(format!("facet counts, {name}"), |b| {
            b.iter(|| {
                searcher
                    .facets(black_box(&query), false, &FacetDimension::ALL, DateBuckets::Month)
                    .expect("facets")
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_query);
criterion_main!(benches);
