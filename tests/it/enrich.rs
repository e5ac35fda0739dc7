//! Enrichment quality (issue 3): countries and agreement types against hand-labelled data, with
//! a precision/recall report per facet.
//! The labels, and the rules they were written from: tests/fixtures/labels/README.md.

use std::collections::BTreeSet;

use chrono::{NaiveDate, TimeZone, Utc};
use pressdex_ingest::{FeedEvent, PressRelease, ReleaseKind, build_release, enrich, read_feed};
use serde_json::Value;

use crate::util::{bundled_feed, root};

/// The facets of one release: what enrichment found or what a label says.
#[derive(Debug, Default, PartialEq)]
struct Facets {
    countries: Vec<String>,
    agreements: Vec<String>,
}

impl Facets {
    fn of(release: &PressRelease) -> Facets {
        Facets {
            countries: release.countries.iter().map(|country| country.name().to_owned()).collect(),
            agreements: release
                .agreements
                .iter()
                .map(|found| found.kind.code().to_owned())
                .collect(),
        }
    }

    fn from_label(label: &Value) -> Facets {
        let strings = |key: &str| -> Vec<String> {
            label[key]
                .as_array()
                .unwrap_or_else(|| panic!("label lacks {key}: {label}"))
                .iter()
                .map(|value| value.as_str().expect("labels are strings").to_owned())
                .collect()
        };
        Facets { countries: strings("countries"), agreements: strings("agreements") }
    }
}

/// True positives, false positives, false negatives of one facet.
#[derive(Debug, Default)]
struct Tally {
    true_positives: usize,
    false_positives: usize,
    false_negatives: usize,
    misses: Vec<String>,
}

impl Tally {
    fn add(&mut self, case: &str, got: &[String], want: &[String]) {
        let got: BTreeSet<&String> = got.iter().collect();
        let want: BTreeSet<&String> = want.iter().collect();
        self.true_positives += got.intersection(&want).count();
        for extra in got.difference(&want) {
            self.false_positives += 1;
            self.misses.push(format!("FP {extra:?} in {case}"));
        }
        for missing in want.difference(&got) {
            self.false_negatives += 1;
            self.misses.push(format!("FN {missing:?} in {case}"));
        }
    }

    fn precision(&self) -> f64 {
        ratio(self.true_positives, self.true_positives + self.false_positives)
    }

    fn recall(&self) -> f64 {
        ratio(self.true_positives, self.true_positives + self.false_negatives)
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 { 1.0 } else { part as f64 / whole as f64 }
}

fn read_json(relative: &str) -> Value {
    let path = root().join(relative);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("reading {}: {error}", path.display()));
    serde_json::from_str(&text)
        .unwrap_or_else(|error| panic!("parsing {}: {error}", path.display()))
}

/// A release built from a labelled case: title, optional summary, body, optional publication
/// date (2023-09-01 by default).
fn labelled_release(case: &Value) -> PressRelease {
    let text = |key: &str| case[key].as_str().map(str::to_owned);
    let published = text("published")
        .map(|date| NaiveDate::parse_from_str(&date, "%Y-%m-%d").expect("published is YYYY-MM-DD"))
        .unwrap_or(NaiveDate::from_ymd_opt(2023, 9, 1).expect("a valid date"));
    let mut release = PressRelease {
        guid: text("title").unwrap_or_default(),
        title: text("title").unwrap_or_default(),
        published: Some(Utc.from_utc_datetime(&published.and_hms_opt(12, 0, 0).expect("noon"))),
        feed: "labelled".to_owned(),
        kind: ReleaseKind::NationalMediaRelease,
        summary: text("summary"),
        body: text("body").unwrap_or_default(),
        ..PressRelease::default()
    };
    enrich(&mut release);
    release
}

/// (case name, found, labelled, the labelled first country if any) for every labelled case.
fn labelled_cases() -> Vec<(String, Facets, Facets, Option<String>)> {
    let data = read_json("tests/fixtures/labels/cases.json");
    data["cases"]
        .as_array()
        .expect("cases is an array")
        .iter()
        .map(|case| {
            let release = labelled_release(case);
            let name = format!("{:?} / {:?}", release.title, release.body);
            let first = case["first"].as_str().map(str::to_owned);
            (name, Facets::of(&release), Facets::from_label(case), first)
        })
        .collect()
}

/// The bundled snapshot's releases, read and enriched by the real pipeline.
fn bundled_releases() -> Vec<PressRelease> {
    let path = bundled_feed();
    let bytes = std::fs::read(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    read_feed("cbp-international-operations.xml", bytes.as_slice())
        .filter_map(|event| match event {
            FeedEvent::Item(item) => Some(build_release(item)),
            FeedEvent::Problem(_) => None,
        })
        .collect()
}

/// (guid, found, labelled, labelled first country) for the bundled snapshot, from
/// tests/fixtures/labels/bundled.json.
fn bundled_cases() -> Vec<(String, Facets, Facets, Option<String>)> {
    let labels = read_json("tests/fixtures/labels/bundled.json");
    let releases = bundled_releases();
    let labelled = labels["releases"].as_object().expect("releases is an object");
    assert_eq!(releases.len(), labelled.len(), "the bundled snapshot has one release per label");
    releases
        .iter()
        .map(|release| {
            let label = labelled
                .get(&release.guid)
                .unwrap_or_else(|| panic!("no label for guid {:?}", release.guid));
            let want = Facets::from_label(label);
            let first = want.countries.first().cloned();
            (release.guid.clone(), Facets::of(release), want, first)
        })
        .collect()
}

#[test]
fn bundled_snapshot_facets_equal_the_labels() {
    for (guid, found, want, first) in bundled_cases() {
        let set = |values: &[String]| values.iter().cloned().collect::<BTreeSet<String>>();
        assert_eq!(set(&found.countries), set(&want.countries), "countries of {guid}");
        assert_eq!(found.countries.first(), first.as_ref(), "first country of {guid}");
        assert_eq!(set(&found.agreements), set(&want.agreements), "agreements of {guid}");
    }
}

#[test]
fn bundled_evidence_is_the_reporting_sentence() {
    let releases = bundled_releases();
    let evidence = |guid: &str, code: &str| -> String {
        let release = releases.iter().find(|release| release.guid == guid).expect("guid");
        let agreement = release.agreements.iter().find(|found| found.kind.code() == code);
        agreement.unwrap_or_else(|| panic!("{guid} lacks {code}")).evidence.clone()
    };
    assert_eq!(
        evidence("427630 at https://www.cbp.gov", "CMAA"),
        "CBP, Cabo Verde sign Customs Mutual Assistance Agreement"
    );
    let uruguay = evidence("378218 at https://www.cbp.gov", "MRA");
    assert!(uruguay.contains("signed a Mutual Recognition Arrangement (MRA)"), "{uruguay}");
    assert!(uruguay.ends_with("Cargo Security Summit."), "one whole sentence: {uruguay}");
    assert_eq!(evidence("378218 at https://www.cbp.gov", "JWP"), uruguay);
}

#[test]
fn labelled_data_has_at_least_forty_cases() {
    assert!(labelled_cases().len() >= 40);
}

#[test]
fn labelled_first_countries_are_the_most_salient() {
    for (name, found, _, first) in labelled_cases() {
        if let Some(first) = first {
            assert_eq!(found.countries.first(), Some(&first), "{name}");
        }
    }
}

#[test]
fn precision_and_recall_per_facet_are_at_least_095() {
    let cases: Vec<_> = labelled_cases().into_iter().chain(bundled_cases()).collect();
    let mut countries = Tally::default();
    let mut agreements = Tally::default();
    for (name, found, want, _) in &cases {
        countries.add(name, &found.countries, &want.countries);
        agreements.add(name, &found.agreements, &want.agreements);
    }
    let mut failed = Vec::new();
    println!(
        "enrichment quality over {} labelled releases (own cases + bundled snapshot)",
        cases.len()
    );
    for (facet, tally) in [("countries", &countries), ("agreements", &agreements)] {
        println!(
            "{facet:<11} TP {:>3}  FP {:>3}  FN {:>3}  precision {:.3}  recall {:.3}",
            tally.true_positives,
            tally.false_positives,
            tally.false_negatives,
            tally.precision(),
            tally.recall()
        );
        for miss in &tally.misses {
            println!("  {miss}");
        }
        if tally.precision() < 0.95 || tally.recall() < 0.95 {
            failed.push(facet);
        }
    }
    assert!(failed.is_empty(), "below 0.95 precision or recall: {failed:?} (see the report above)");
}
