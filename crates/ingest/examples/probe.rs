//! Throwaway probe (not committed): prints what the pipeline finds for the given release ids
//! of the dev batches (never used on the test half).
#![allow(clippy::print_stdout)]
use chrono::{NaiveDate, TimeZone, Utc};
use pressdex_ingest::{FeedItem, build_release};
use serde_json::Value;
fn main() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/labels/real/");
    let releases: Value =
        serde_json::from_str(&std::fs::read_to_string(format!("{root}releases.json")).unwrap())
            .unwrap();
    let split: Value =
        serde_json::from_str(&std::fs::read_to_string(format!("{root}split.json")).unwrap())
            .unwrap();
    let test: Vec<&str> =
        split["test"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    let ids: Vec<String> = std::env::args().skip(1).collect();
    for release in releases["releases"].as_array().unwrap() {
        let id = release["id"].as_str().unwrap();
        if !ids.iter().any(|want| want == id) || test.contains(&id) {
            continue;
        }
        let html: String = release["paragraphs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                format!(
                    "<p>{}</p>\n",
                    p.as_str()
                        .unwrap()
                        .replace('&', "&amp;")
                        .replace('<', "&lt;")
                        .replace('>', "&gt;")
                )
            })
            .collect();
        let published = release["published"].as_str().map(|d| {
            Utc.from_utc_datetime(
                &NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap().and_hms_opt(12, 0, 0).unwrap(),
            )
        });
        let item = FeedItem {
            position: 1,
            guid: id.to_owned(),
            link: String::new(),
            title: release["title"].as_str().unwrap_or_default().to_owned(),
            published,
            creator: None,
            feed: "probe".to_owned(),
            html,
            raw_hash: 0,
        };
        let built = build_release(item);
        println!(
            "== {id}\n countries {:?}\n mentions {:?}",
            built.countries.iter().map(|c| c.alpha2()).collect::<Vec<_>>(),
            built.mentions.iter().map(|c| c.alpha2()).collect::<Vec<_>>()
        );
        for a in &built.agreements {
            println!(
                " {} {:?} {:?}\n   evidence: {}",
                a.kind.code(),
                a.parties.iter().map(|p| p.code()).collect::<Vec<_>>(),
                a.event_date,
                a.evidence
            );
        }
    }
}
