//! Unit tests of `config.rs`.

use std::ffi::OsString;

use clap::Parser;
use pressdex_index::FilterField;

use super::*;

fn config(args: &[&str]) -> anyhow::Result<Config> {
    let full = std::iter::once("pressdex").chain(args.iter().copied()).map(OsString::from);
    let cli = Cli::try_parse_from(crate::cli::query_words_last(full)).expect("the arguments parse");
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
        "--region",
        "caribbean",
        "--event-since",
        "2023-09",
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
    expected.filters.add(FilterField::Region, "029").expect("a region");
    expected.filters.add(FilterField::EventSince, "2023-09-01").expect("a date");
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
    let flag = config(&["search", "--region", "atlantis"]).expect_err("unknown region");
    assert!(format!("{flag:#}").starts_with("--region atlantis: "), "{flag:#}");
    let time = config(&["search", "--new-since", "soon"]).expect_err("bad time");
    assert!(format!("{time:#}").starts_with("--new-since soon: bad time"), "{time:#}");
    let event = config(&["search", "--event-since", "May"]).expect_err("bad date");
    assert!(format!("{event:#}").starts_with("--event-since May: "), "{event:#}");
    let range = config(&["search", "--since", "2024", "--until", "2023"]).expect_err("empty");
    assert!(format!("{range:#}").starts_with("--since/--until, "), "{range:#}");
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
fn facet_fields_buckets_and_tables() {
    let mode = |args: &[&str]| match config(&[&["facets"], args].concat()) {
        Ok(Config::Facets(facets)) => Ok(facets.mode),
        Ok(_) => panic!("a facets config"),
        Err(err) => Err(format!("{err:#}")),
    };
    let counts = |dimensions: &[FacetDimension], buckets| {
        Ok(FacetsMode::Counts { dimensions: dimensions.to_vec(), buckets })
    };
    assert_eq!(mode(&[]), counts(&FacetDimension::ALL, DateBuckets::Month));
    assert_eq!(mode(&["--by", "year"]), counts(&FacetDimension::ALL, DateBuckets::Year));
    assert_eq!(
        mode(&["--field", "date", "--by", "year"]),
        counts(&[FacetDimension::Date], DateBuckets::Year)
    );
    assert_eq!(mode(&["--field", "year"]), counts(&[FacetDimension::Date], DateBuckets::Year));
    let axis = |dimension, buckets| PivotAxis { dimension, buckets };
    assert_eq!(
        mode(&["--field", "agreement", "--by", "country"]),
        Ok(FacetsMode::Pivot {
            rows: axis(FacetDimension::Agreement, DateBuckets::Month),
            columns: axis(FacetDimension::Country, DateBuckets::Month),
        })
    );
    assert_eq!(
        mode(&["--field", "kind", "--by", "year"]),
        Ok(FacetsMode::Pivot {
            rows: axis(FacetDimension::Kind, DateBuckets::Month),
            columns: axis(FacetDimension::Date, DateBuckets::Year),
        })
    );
    let no_rows = mode(&["--by", "country"]).expect_err("no --field");
    assert!(no_rows.contains("--field agreement --by country"), "{no_rows}");
    assert!(mode(&["--field", "year", "--by", "month"]).is_err());
    assert!(mode(&["--field", "country", "--by", "country"]).is_err());
}

#[test]
fn unquoted_queries_formats_and_all_results() {
    let Ok(Config::Search(search)) = config(&[
        "search",
        "-trade",
        "mutual",
        "assistance",
        "country:cape verde",
        "--format",
        "csv",
        "--all-results",
    ]) else {
        panic!("a search config");
    };
    assert_eq!(search.query_text, "-trade mutual assistance country:\"cape verde\"");
    for (words, expected) in [
        (&["since:2023-09 until:2023-09"][..], "since:2023-09 until:2023-09"),
        (&["country:mx customs"], "country:mx customs"),
        (&["feed:International Operations", "cmaa"], "feed:\"International Operations\" cmaa"),
        (&["title:customs agreement"], "title:customs agreement"),
    ] {
        let words: Vec<String> = words.iter().map(|word| word.to_string()).collect();
        assert_eq!(join_query(&words), expected);
    }
    assert_eq!((search.format, search.request.limit), (SearchFormat::Csv, usize::MAX));
    let Ok(Config::Search(json)) = config(&["search", "x", "--json", "--limit", "0"]) else {
        panic!("a search config");
    };
    assert_eq!((json.format, json.request.limit), (SearchFormat::Ndjson, usize::MAX));
    let Ok(Config::Show(show)) = config(&["show", "CBP,", "Cabo", "Verde", "--format", "markdown"])
    else {
        panic!("a show config");
    };
    assert_eq!((show.id.as_str(), show.format), ("CBP, Cabo Verde", ShowFormat::Markdown));
}

#[test]
fn facets_list_ten_values_in_text_and_all_in_json() {
    let Ok(Config::Facets(text)) = config(&["facets"]) else { panic!("a facets config") };
    assert_eq!(text.order_for(FacetDimension::Country).top, Some(10));
    assert_eq!(text.order_for(FacetDimension::Date).top, None);
    let Ok(Config::Facets(json)) = config(&["facets", "--json"]) else { panic!("facets") };
    assert_eq!(json.order_for(FacetDimension::Country).top, None);
    let Ok(Config::Facets(top)) = config(&["facets", "--json", "--top", "3", "--sort", "value"])
    else {
        panic!("facets")
    };
    let order = top.order_for(FacetDimension::Date);
    assert_eq!((order.top, order.sort), (Some(3), Some(FacetSort::Value)));
}
