//! Tests of the searcher: ranking, filters, facets, corrections and snippets on small built
//! indexes.

use chrono::{DateTime, NaiveDate, Utc};
use pressdex_ingest::{
    Agreement, AgreementKind, Country, FeedItem, Party, PressRelease, ReleaseKind, build_release,
};

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
        mentions: Vec::new(),
        agreements: Vec::new(),
        event_date: None,
        raw_hash: 1,
    }
}

/// Every test release's provenance: seen once, in `feeds/test.xml`, on 2024-06-01.
pub(super) fn provenance() -> StoredProvenance {
    let when = at("2024-06-01T00:00:00Z");
    StoredProvenance {
        first_seen: when,
        last_seen: when,
        snapshot: "feeds/test.xml".to_string(),
        snapshot_fetched: when,
        snapshot_feed_date: None,
        url: None,
        revisions: 1,
        content_hashes: vec![1],
        content_hash: 1,
        indexed_at: when,
        changed_at: when,
        sightings: Vec::new(),
    }
}

/// A small corpus written straight through the document encoding (no feed reader).
fn corpus() -> (tempfile::TempDir, ReleaseSearcher) {
    corpus_with(&[], false)
}

/// The small corpus, the `cmaa` release also holding the facets `extra` (e.g. party pairs);
/// with `segment_each`, each release committed on its own (one segment each).
fn corpus_with(
    extra: &[tantivy::schema::Facet],
    segment_each: bool,
) -> (tempfile::TempDir, ReleaseSearcher) {
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
        parties: vec![Party::Country(Country::lookup("MX").expect("known"))],
        evidence: "Officials signed a Customs Mutual Assistance Agreement.".to_string(),
        event_date: NaiveDate::from_ymd_opt(2024, 5, 9),
    }];
    cmaa.event_date = NaiveDate::from_ymd_opt(2024, 5, 9);
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
    let provenance = provenance();
    for release in [cmaa, acronym_only, customs_heavy, local] {
        let mut doc = to_document(index.fields(), &release, &provenance);
        if release.guid == "cmaa" {
            for facet in extra {
                doc.add_facet(index.fields().facets, facet.clone());
            }
        }
        writer.add_document(doc).expect("adds");
        if segment_each {
            writer.commit().expect("commits");
        }
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
        rendered.push_str(&format!(
            " {}->{}({})",
            correction.typed, correction.replacement, correction.word
        ));
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
    check("custums", "customs cmaa (2/2) custums->custom(customs)");
    check("narcotcs", "local (1/1) narcotcs->narcot(narcotics)");
    // Every misspelled word is corrected, not only the first; the one-word tier ranks by BM25.
    check(
        "custums narcotcs",
        "customs local cmaa (3/0) custums->custom(customs) narcotcs->narcot(narcotics)",
    );
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

/// Ranking tiers hold whatever the segments: each release in its own segment, queries mixing
/// a phrase with words, filters and exclusions rank and count as in one segment.
#[test]
fn tiers_are_the_same_in_one_segment_or_many() {
    let (_one, together) = corpus();
    let (_many, apart) = corpus_with(&[], true);
    for query in [
        "narcotics \"port of entry\" customs",
        "\"customs mutual assistance agreement\" narcotics seized",
        "customs \"share information\" -renewed",
        "agreement \"port of entry\" since:2021",
        "customs agreement mexico narcotics",
    ] {
        let mut request = request(query);
        request.limit = 10;
        let expected = render(&together, &request);
        assert_ne!(expected, " (0/0)", "{query}: matches nothing");
        assert_eq!(render(&apart, &request), expected, "{query}");
        for offset in 1..4 {
            request.offset = offset;
            assert_eq!(render(&apart, &request), render(&together, &request), "{query} +{offset}");
        }
        request.offset = 0;
    }
    let mut phrase_tiers = request("narcotics \"port of entry\" customs");
    phrase_tiers.limit = 10;
    assert_eq!(render(&apart, &phrase_tiers), "local customs cmaa (3/0)");
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

/// Releases read by the real pipeline (`build_release`), so their countries, mentions,
/// agreement parties and event dates are what enrichment finds.
fn enriched_corpus() -> (tempfile::TempDir, ReleaseSearcher) {
    let item = |guid: &str, title: &str, paragraphs: &[&str], published: &str| {
        let html: String = paragraphs.iter().map(|p| format!("<p>{p}</p>\n")).collect();
        build_release(FeedItem {
            position: 1,
            guid: guid.to_string(),
            link: format!("https://www.cbp.gov/newsroom/national-media-release/{guid}"),
            title: title.to_string(),
            published: Some(at(published)),
            creator: None,
            feed: "International Operations".to_string(),
            html,
            raw_hash: 1,
        })
    };
    let releases = [
        item(
            "myanmar",
            "CBP hosts customs delegation from Myanmar",
            &["WASHINGTON – U.S. Customs and Border Protection hosted a customs delegation \
               from Myanmar today to discuss trade facilitation."],
            "2022-03-01T12:00:00Z",
        ),
        item(
            "ivoire",
            "CBP trains customs officers of Côte d'Ivoire",
            &["ABIDJAN, Côte d'Ivoire – CBP instructors trained customs officers of Côte \
               d'Ivoire this week on targeting and inspection."],
            "2022-06-01T12:00:00Z",
        ),
        item(
            "czechia",
            "CBP and Czechia sign Customs Mutual Assistance Agreement",
            &["WASHINGTON – U.S. Customs and Border Protection signed a Customs Mutual \
               Assistance Agreement with Czechia today."],
            "2023-04-12T12:00:00Z",
        ),
        item(
            "turkey",
            "Customs officials from Turkey tour Port of Baltimore",
            &["BALTIMORE – Customs officials from Turkey toured the Port of Baltimore to see \
               how CBP officers screen cargo."],
            "2023-08-01T12:00:00Z",
        ),
        item(
            "israel",
            "U.S. and Israel sign Mutual Recognition Arrangement",
            &[
                "WASHINGTON – U.S. Customs and Border Protection and the Israel Tax Authority \
                 signed a Mutual Recognition Arrangement today.",
                "The United States also has mutual recognition arrangements with Canada, \
                 Jordan, Japan, Korea, New Zealand and Taiwan.",
            ],
            "2024-05-02T12:00:00Z",
        ),
    ];
    let dir = tempfile::tempdir().expect("temp dir");
    let index = ReleaseIndex::create(dir.path()).expect("creates");
    let mut writer: tantivy::IndexWriter =
        index.index().writer_with_num_threads(1, 20 << 20).expect("writer");
    // Written without a run, so the payload's snapshot table is empty: no sighting ids.
    let provenance = provenance();
    for release in &releases {
        writer.add_document(to_document(index.fields(), release, &provenance)).expect("adds");
    }
    writer.commit().expect("commits");
    let searcher = ReleaseSearcher::new(index).expect("opens");
    searcher.reader().reload().expect("reloads");
    (dir, searcher)
}

#[test]
fn country_names_in_queries_find_other_spellings() {
    let (_dir, searcher) = enriched_corpus();
    let check = |query: &str, expected: &str| {
        assert_eq!(render(&searcher, &request(query)), expected, "query: {query:?}");
    };
    // None of these words is in the releases: the country tag finds them.
    check("Türkiye", "turkey (1/1)");
    check("Burma", "myanmar (1/1)");
    check("Ivory Coast", "ivoire (1/1)");
    check("\"ivory coast\"", "ivoire (1/1)");
    check("Czech Republic", "czechia (1/1)");
    check("Turkish", "turkey (1/1)");
    check("TR", "turkey (1/1)");
    // A boost, not a filter: the other word still matches every release, and the release
    // about the named country ranks first.
    check("Türkiye OR customs", "turkey myanmar czechia ivoire israel (5/5)");
    // Lower-case codes are words, not countries ("in" is not India, "tr" not Türkiye).
    check("tr", " (0/0)");
}

#[test]
fn parties_regions_mentions_and_event_dates_filter() {
    let (_dir, searcher) = enriched_corpus();
    let check = |query: &str, expected: &str| {
        assert_eq!(render(&searcher, &request(query)), expected, "query: {query:?}");
    };
    check("agreement:MRA", "israel (1/1)");
    check("agreement:MRA country:IL", "israel (1/1)");
    // Canada is listed among the other MRA partners, not a party to this one.
    check("agreement:MRA country:CA", " (0/0)");
    check("country:CA", " (0/0)");
    check("mentions:CA", "israel (1/1)");
    check("mentions:IL", " (0/0)");
    check("agreement:CMAA country:\"czech republic\"", "czechia (1/1)");
    check("region:\"western asia\"", "israel turkey (2/2)");
    check("region:EU", "czechia (1/1)");
    check("region:\"western africa\"", "ivoire (1/1)");
    check("region:\"south-eastern asia\"", "myanmar (1/1)");
    check("region:americas", " (0/0)");
    // Event dates: "today" is the day of publication; releases without an agreement have none.
    check("event_since:2023", "israel czechia (2/2)");
    check("event_since:2024-01 event_until:2024-05-02", "israel (1/1)");
    check("event_until:2023-04-11", " (0/0)");
}

#[test]
fn corrections_read_as_words_in_the_query() {
    let corrections = |typed: &str, position: usize, word: &str| Correction {
        typed: typed.to_string(),
        position,
        replacement: String::new(),
        word: word.to_string(),
    };
    let both = [corrections("agreemnt", 8, "agreement"), corrections("custums", 0, "customs")];
    assert_eq!(Correction::apply("custums agreemnt", &both).as_deref(), Some("customs agreement"));
    assert_eq!(Correction::apply("custums", &[]), None);
    // A correction that does not sit where it says is left out, never a panic.
    let stray = [corrections("custums", 40, "customs")];
    assert_eq!(Correction::apply("custums", &stray).as_deref(), Some("custums"));
}

#[test]
fn an_unknown_feed_names_the_known_ones() {
    let (_dir, searcher) = corpus();
    let err = searcher.search(&request("feed:domestic")).expect_err("no such feed");
    match err.as_user_error() {
        Some(crate::UserError::UnknownFeed { feed, known }) => {
            assert_eq!(
                (feed.as_str(), known.as_slice()),
                ("domestic", ["International Operations".to_string()].as_slice())
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(err.to_string().contains("(known feeds: \"International Operations\")"), "{err}");
}

#[test]
fn every_hit_streams_in_the_order_of_the_pages() {
    let (_dir, searcher) = corpus();
    for (query, sort) in [("customs agreement mexico", SortBy::Relevance), ("", SortBy::Date)] {
        let mut all = request(query);
        all.sort = sort;
        all.limit = usize::MAX;
        let prepared = searcher.prepare(&all).expect("prepares");
        let mut streamed = Vec::new();
        prepared
            .for_each_hit(|hit| {
                streamed.push(hit.release.release.guid);
                Ok::<(), crate::Error>(())
            })
            .expect("streams");
        assert_eq!(streamed.len(), prepared.total(), "{query}");
        let mut paged = Vec::new();
        for offset in 0..streamed.len() {
            let mut page = all.clone();
            (page.offset, page.limit) = (offset, 1);
            paged.extend(
                searcher
                    .search(&page)
                    .expect("a page")
                    .hits
                    .into_iter()
                    .map(|hit| hit.release.release.guid),
            );
        }
        assert_eq!(paged, streamed, "{query}");
    }
}

#[test]
fn lookup_finds_what_is_meant() {
    let (_dir, searcher) = corpus();
    let found = |id: &str| match searcher.lookup(id).expect("reads") {
        crate::Lookup::Found(release) => release.release.guid,
        crate::Lookup::Several { candidates, total } => {
            let guids: Vec<String> =
                candidates.into_iter().map(|candidate| candidate.guid).collect();
            format!("{total}: {}", guids.join(" "))
        }
        crate::Lookup::NotFound => "none".to_string(),
    };
    assert_eq!(found("cmaa"), "cmaa");
    assert_eq!(found("https://www.cbp.gov/newsroom/local-media-release/local/"), "local");
    assert_eq!(found("http://www.cbp.gov/newsroom/local-media-release/local"), "local");
    assert_eq!(found("u.s. and mexico"), "cmaa");
    assert_eq!(found("Port of entry seiz"), "local");
    assert_eq!(found("Customs customs customs"), "customs");
    assert_eq!(found("port of call"), "none");
    assert_eq!(found("  "), "none");
}

#[test]
fn pivots_pair_values_or_agreement_parties() {
    use crate::pivot::PivotAxis;
    let axis = |dimension| PivotAxis { dimension, buckets: DateBuckets::Year };
    let render = |pivot: &crate::Pivot| -> String {
        let mut cells = Vec::new();
        for (row, counts) in pivot.row_values.iter().zip(&pivot.counts) {
            for (column, count) in pivot.column_values.iter().zip(counts) {
                cells.push(format!("{}/{}={count}", row.value, column.value));
            }
        }
        cells.join(" ")
    };
    let query = Query::parse("").expect("valid");
    let (_dir, searcher) = corpus();
    let pivot = searcher
        .pivot(&query, false, axis(FacetDimension::Kind), axis(FacetDimension::Date))
        .expect("counts");
    assert_eq!(
        render(&pivot),
        "national-media-release/2021=0 national-media-release/2022=1 national-media-release/2023=1 \
         national-media-release/2024=1 local-media-release/2021=1 local-media-release/2022=0 \
         local-media-release/2023=0 local-media-release/2024=0"
    );
    let by_country = searcher
        .pivot(&query, false, axis(FacetDimension::Agreement), axis(FacetDimension::Country))
        .expect("counts");
    // The release's agreement names Mexico as its party: the index counts the party pairs.
    assert_eq!((render(&by_country).as_str(), by_country.parties), ("CMAA/MX=1", true));

    // Parties are counted, not the countries the release is about: a party pair added to the
    // release (Cabo Verde) is counted although the release is not about Cabo Verde.
    let party = tantivy::schema::Facet::from_path(["party", "CMAA", "CV"]);
    let (_dir, searcher) = corpus_with(&[party], false);
    let parties = searcher
        .pivot(&query, false, axis(FacetDimension::Country), axis(FacetDimension::Agreement))
        .expect("counts");
    assert_eq!((render(&parties).as_str(), parties.parties), ("CV/CMAA=1 MX/CMAA=1", true));
}

/// Facets over every release come from the term dictionary and the date bounds of `stats` from
/// the columns' own bounds; they must count what the collector counts over `AllQuery` and
/// what a scan finds, deleted releases (an upsert's old version) left out.
#[test]
fn facets_and_bounds_over_everything_leave_deleted_releases_out() {
    let (_dir, searcher) = corpus();
    let count = |query: Option<&dyn tantivy::query::Query>| {
        let view = searcher.reader().searcher();
        let field = searcher.index().fields().facets;
        let mut counted = Vec::new();
        for buckets in [DateBuckets::Year, DateBuckets::Month] {
            let facets =
                crate::facets::count_facets(&view, field, query, &FacetDimension::ALL, buckets)
                    .expect("counts");
            counted.push(format!("{facets:?}"));
        }
        counted
    };
    let bounds = || {
        let stats = crate::stats::index_stats(searcher.index(), 10).expect("stats");
        let day = |date: Option<DateTime<Utc>>| date.map(|date| date.date_naive().to_string());
        (day(stats.earliest), day(stats.latest))
    };
    let all = tantivy::query::AllQuery;
    assert_eq!(count(None), count(Some(&all)));
    assert_eq!(bounds(), (Some("2021-03-15".into()), Some("2024-05-10".into())));
    assert!(count(None)[1].contains("MX"), "{:?}", count(None));
    let mut writer: tantivy::IndexWriter =
        searcher.index().index().writer_with_num_threads(1, 20 << 20).expect("writer");
    writer.delete_term(tantivy::Term::from_field_text(searcher.index().fields().guid, "cmaa"));
    writer.commit().expect("commits");
    searcher.reader().reload().expect("reloads");
    assert_eq!(searcher.reader().searcher().num_docs(), 3);
    assert_eq!(count(None), count(Some(&all)));
    assert!(!count(None)[1].contains("MX"), "the deleted release's country is gone");
    assert_eq!(bounds(), (Some("2021-03-15".into()), Some("2023-02-01".into())));
}
