//! Tests of the searcher: ranking, filters, facets, corrections and snippets on small built
//! indexes.

use chrono::{DateTime, Utc};
use pressdex_ingest::{Agreement, AgreementKind, Country, PressRelease, ReleaseKind};

use super::*;
use crate::document::{StoredProvenance, to_document};
use crate::facets::{DateBuckets, FacetDimension};

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).expect("valid date").with_timezone(&Utc)
}

/// A release with `guid`, `title`, `body`, publication date, kind and facets.
fn release(guid: &str, title: &str, body: &str, published: &str) -> PressRelease {
    PressRelease {
        guid: guid.to_string(),
        link: format!("https://www.cbp.gov/newsroom/national-media-release/{guid}"),
        title: title.to_string(),
        published: Some(at(published)),
        creator: None,
        feed: "International Operations".to_string(),
        kind: ReleaseKind::NationalMediaRelease,
        summary: None,
        body: body.to_string(),
        captions: Vec::new(),
        location: Some("WASHINGTON".to_string()),
        contact: None,
        release_date: None,
        countries: Vec::new(),
        agreements: Vec::new(),
        raw_hash: 1,
    }
}

/// A small corpus written straight through the document encoding (no feed reader).
fn corpus() -> (tempfile::TempDir, ReleaseSearcher) {
    let mut cmaa = release(
        "cmaa",
        "U.S. and Mexico sign customs agreement",
        "Officials signed a Customs Mutual Assistance Agreement in Mexico City. The \
         agreement lets customs administrations share information.",
        "2024-05-10T12:00:00Z",
    );
    cmaa.countries = Country::lookup("Mexico").into_iter().collect();
    cmaa.agreements = vec![Agreement {
        kind: AgreementKind::Cmaa,
        evidence: "Officials signed a Customs Mutual Assistance Agreement.".to_string(),
    }];
    let acronym_only = release(
        "acronym",
        "CBP renews CMAA",
        "The CMAA was renewed during the visit.",
        "2023-02-01T12:00:00Z",
    );
    let customs_heavy = release(
        "customs",
        "Customs customs customs",
        "Customs officers, customs rules, customs forms and customs agreement talk. Customs.",
        "2022-07-01T12:00:00Z",
    );
    let mut local = release(
        "local",
        "Port of entry seizes narcotics",
        "Officers at the port seized narcotics. No agreement was involved.",
        "2021-03-15T12:00:00Z",
    );
    local.kind = ReleaseKind::LocalMediaRelease;
    local.link = "https://www.cbp.gov/newsroom/local-media-release/local".to_string();
    let dir = tempfile::tempdir().expect("temp dir");
    let index = ReleaseIndex::create(dir.path()).expect("creates");
    let mut writer: tantivy::IndexWriter =
        index.index().writer_with_num_threads(1, 20 << 20).expect("writer");
    // Written without a run, so the payload's snapshot table is empty: no sighting ids.
    let provenance = StoredProvenance {
        first_seen: at("2024-06-01T00:00:00Z"),
        last_seen: at("2024-06-01T00:00:00Z"),
        snapshot: "feeds/test.xml".to_string(),
        snapshot_fetched: at("2024-06-01T00:00:00Z"),
        snapshot_feed_date: None,
        url: None,
        revisions: 1,
        content_hashes: vec![1],
        content_hash: 1,
        indexed_at: at("2024-06-01T00:00:00Z"),
        changed_at: at("2024-06-01T00:00:00Z"),
        sightings: Vec::new(),
    };
    for release in [cmaa, acronym_only, customs_heavy, local] {
        writer.add_document(to_document(index.fields(), &release, &provenance)).expect("adds");
    }
    writer.commit().expect("commits");
    let searcher = ReleaseSearcher::new(index).expect("opens");
    searcher.reader().reload().expect("reloads");
    (dir, searcher)
}

fn request(query: &str) -> SearchRequest {
    SearchRequest::new(Query::parse(query).expect("valid query"))
}

/// Runs `request` and renders `guid, guid, ... (total/all-words)` plus corrections.
fn render(searcher: &ReleaseSearcher, request: &SearchRequest) -> String {
    let results = searcher.search(request).expect("searches");
    let guids: Vec<&str> =
        results.hits.iter().map(|hit| hit.release.release.guid.as_str()).collect();
    let mut rendered =
        format!("{} ({}/{})", guids.join(" "), results.total, results.matched_all_words);
    for correction in &results.corrections {
        rendered.push_str(&format!(" {}->{}", correction.typed, correction.replacement));
    }
    rendered
}

#[test]
fn ranking_matching_and_filters() {
    let (_dir, searcher) = corpus();
    let check = |query: &str, expected: &str| {
        assert_eq!(render(&searcher, &request(query)), expected, "query: {query:?}");
    };
    // Stemming: "signings" finds "signed"/"sign".
    check("signings", "cmaa (1/1)");
    // All words first, even against a release repeating one word many times.
    check("customs agreement mexico", "cmaa customs local (3/1)");
    // Acronyms both ways.
    check("CMAA", "acronym cmaa (2/2)");
    check("\"customs mutual assistance agreement\"", "acronym cmaa (2/2)");
    // Typos: corrected to the indexed stem, reported.
    check("custums", "customs cmaa (2/2) custums->custom");
    check("narcotcs", "local (1/1) narcotcs->narcot");
    check("zzzzzzzz", " (0/0)");
    // Phrases, exclusion, prefix, OR.
    check("\"share information\"", "cmaa (1/1)");
    check("agreement -customs", "local (1/1)");
    check("narco*", "local (1/1)");
    check("narcotics OR renewed", "acronym local (2/2)");
    // Filters from the query.
    check("agreement:CMAA", "cmaa (1/1)");
    check("country:mx", "cmaa (1/1)");
    check("kind:local-media-release", "local (1/1)");
    check("since:2023", "cmaa acronym (2/2)");
    check("until:2022-07", "customs local (2/2)");
    check("year:2022", "customs (1/1)");
    check("title:customs", "cmaa customs (2/2)");
    check("location:washington agreement:cmaa", "cmaa (1/1)");
    check("feed:\"international operations\" year:2021", "local (1/1)");
    // No words: every matching release, newest first.
    check("", "cmaa acronym customs local (4/4)");
    check("-customs", "acronym local (2/2)");
}

#[test]
fn all_words_sort_and_paging() {
    let (_dir, searcher) = corpus();
    let mut all = request("customs agreement mexico");
    all.all_words = true;
    assert_eq!(render(&searcher, &all), "cmaa (1/1)");
    let mut by_date = request("customs OR narcotics");
    by_date.sort = SortBy::Date;
    assert_eq!(render(&searcher, &by_date), "cmaa customs local (3/3)");
    let mut page = request("customs agreement mexico");
    page.offset = 1;
    page.limit = 2;
    assert_eq!(render(&searcher, &page), "customs local (3/1)");
    page.limit = 0;
    assert_eq!(render(&searcher, &page), " (3/1)");
    page.limit = usize::MAX;
    page.offset = usize::MAX;
    assert_eq!(render(&searcher, &page), " (3/1)");
    page.offset = 2;
    assert_eq!(render(&searcher, &page), "local (3/1)");
}

#[test]
fn highlights_point_at_matched_words() {
    let (_dir, searcher) = corpus();
    let results = searcher.search(&request("signings customs")).expect("searches");
    let hit = results.hits.iter().find(|hit| hit.release.release.guid == "cmaa").expect("hit");
    let title = &hit.release.release.title;
    let marked: Vec<&str> =
        hit.title_highlights.iter().map(|(start, end)| &title[*start..*end]).collect();
    assert_eq!(marked, ["sign", "customs"]);
    let snippet: Vec<&str> =
        hit.snippet.highlights.iter().map(|(start, end)| &hit.snippet.text[*start..*end]).collect();
    assert_eq!(snippet, ["signed", "Customs", "customs"]);
}

#[test]
fn lookup_and_facets() {
    let (_dir, searcher) = corpus();
    let by_guid = searcher.get("cmaa").expect("reads").expect("found");
    assert_eq!(by_guid.release.title, "U.S. and Mexico sign customs agreement");
    let by_link = searcher
        .get("https://www.cbp.gov/newsroom/local-media-release/local")
        .expect("reads")
        .expect("found");
    assert_eq!(by_link.release.guid, "local");
    assert_eq!(searcher.get("nope").expect("reads"), None);

    let query = Query::parse("").expect("valid");
    let render = |dimension, buckets| {
        let counts = searcher.facets(&query, false, &[dimension], buckets).expect("counts");
        let facet = &counts[0];
        let values: Vec<String> =
            facet.counts.iter().map(|count| format!("{}={}", count.value, count.count)).collect();
        format!("{}: {}", facet.total, values.join(" "))
    };
    assert_eq!(render(FacetDimension::Country, DateBuckets::Month), "4: MX=1");
    assert_eq!(render(FacetDimension::Agreement, DateBuckets::Month), "4: CMAA=1");
    assert_eq!(
        render(FacetDimension::Kind, DateBuckets::Month),
        "4: national-media-release=3 local-media-release=1"
    );
    assert_eq!(render(FacetDimension::Date, DateBuckets::Year), "4: 2021=1 2022=1 2023=1 2024=1");
    assert_eq!(
        render(FacetDimension::Date, DateBuckets::Month),
        "4: 2021-03=1 2022-07=1 2023-02=1 2024-05=1"
    );
    assert_eq!(render(FacetDimension::Feed, DateBuckets::Month), "4: International Operations=4");
}
