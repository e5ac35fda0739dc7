//! `pressdex facets` and `stats` on the bundled snapshot: counts equal the labels, `--top`,
//! `--sort` and empty date buckets (issues 5 and 14).

use std::fs;

use serde_json::Value;

use crate::search::bundled;
use crate::util::root;

#[test]
fn facets_top_sort_and_date_gaps() {
    let sandbox = bundled();
    let facet = |args: &[&str]| -> Value {
        let output = sandbox.run_idx([&["facets", "--json"][..], args].concat());
        serde_json::from_slice(&output.stdout).expect("one JSON object")
    };
    let values = |facet: &Value| -> Vec<String> {
        facet["counts"]
            .as_array()
            .expect("counts")
            .iter()
            .map(|count| count["value"].as_str().expect("value").to_string())
            .collect()
    };
    let months = facet(&["--field", "month"]);
    let listed = values(&months);
    let first = listed.first().expect("a month").clone();
    let last = listed.last().expect("a month").clone();
    // Every month from the first to the last, 0 where nothing was published.
    let (year, month) = first.split_once('-').expect("YYYY-MM");
    let (mut year, mut month): (u32, u32) =
        (year.parse().expect("year"), month.parse().expect("month"));
    let mut expected = Vec::new();
    loop {
        let value = format!("{year:04}-{month:02}");
        expected.push(value.clone());
        if value == last {
            break;
        }
        (year, month) = if month == 12 { (year + 1, 1) } else { (year, month + 1) };
    }
    assert_eq!(listed, expected);
    assert!(months["counts"].as_array().expect("counts").iter().any(|count| count["count"] == 0));
    let total: u64 = months["counts"]
        .as_array()
        .expect("counts")
        .iter()
        .map(|count| count["count"].as_u64().expect("n"))
        .sum();
    assert_eq!(total, 10, "each release in one month");

    let top = facet(&["--field", "country", "--top", "3"]);
    assert_eq!(values(&top).len(), 3);
    let by_value = facet(&["--field", "country", "--sort", "value"]);
    let labels: Vec<&str> = by_value["counts"]
        .as_array()
        .expect("counts")
        .iter()
        .map(|count| count["label"].as_str().expect("label"))
        .collect();
    let mut sorted = labels.clone();
    sorted.sort_unstable();
    assert_eq!(labels, sorted);
    // Text lists ten countries and says how many more there are.
    let text = sandbox.run_idx(["facets", "--field", "country", "--color", "never"]).stdout();
    let all = values(&facet(&["--field", "country"])).len();
    assert!(all > 10, "the bundled snapshot names more than ten countries");
    assert_eq!(text.lines().filter(|line| line.contains('█')).count(), 10, "{text}");
    assert!(text.contains(&format!("... {} more (--top N to list more)", all - 10)), "{text}");
    // `stats` orders years as `facets` does.
    let stats = sandbox.run_idx(["stats", "--json"]);
    let stats: Value = serde_json::from_slice(&stats.stdout).expect("JSON");
    let stats_years = stats["facets"]
        .as_array()
        .expect("facets")
        .iter()
        .find(|facet| facet["field"] == "date")
        .expect("dates")
        .clone();
    assert_eq!(values(&stats_years), values(&facet(&["--field", "year"])));
}

#[test]
fn facet_counts_equal_the_labels() {
    let sandbox = bundled();
    let output = sandbox.run_idx(["facets", "--field", "country", "--json"]);
    assert_eq!(output.code, Some(0));
    let facet: Value = serde_json::from_slice(&output.stdout).expect("one JSON object");
    assert_eq!(facet["field"], "country");
    assert_eq!(facet["total"], 10);
    let labels: Value = serde_json::from_str(
        &fs::read_to_string(root().join("tests/fixtures/labels/bundled.json")).expect("read"),
    )
    .expect("JSON");
    let mut expected: Vec<(String, u64)> = Vec::new();
    for label in labels["releases"].as_object().expect("releases").values() {
        for country in label["countries"].as_array().expect("list") {
            let name = country.as_str().expect("name").to_string();
            match expected.iter_mut().find(|(value, _)| *value == name) {
                Some((_, count)) => *count += 1,
                None => expected.push((name, 1)),
            }
        }
    }
    expected.sort_by(|left, right| right.1.cmp(&left.1).then_with(|| left.0.cmp(&right.0)));
    let mut counts: Vec<(String, u64)> = facet["counts"]
        .as_array()
        .expect("counts")
        .iter()
        .map(|entry| {
            (
                entry["label"].as_str().expect("label").to_string(),
                entry["count"].as_u64().expect("n"),
            )
        })
        .collect();
    assert!(counts.windows(2).all(|pair| pair[0].1 >= pair[1].1), "most frequent first");
    counts.sort_by(|left, right| right.1.cmp(&left.1).then_with(|| left.0.cmp(&right.0)));
    assert_eq!(counts, expected);
    // The value is the code a filter takes.
    let mexico =
        facet["counts"].as_array().expect("counts").iter().find(|c| c["label"] == "Mexico");
    assert_eq!(mexico.map(|count| &count["value"]), Some(&Value::from("MX")));

    let all = sandbox.run_idx(["facets", "--json"]);
    let fields: Vec<String> = String::from_utf8_lossy(&all.stdout)
        .lines()
        .map(|line| {
            serde_json::from_str::<Value>(line).expect("JSON")["field"]
                .as_str()
                .expect("field")
                .to_string()
        })
        .collect();
    assert_eq!(fields, ["country", "agreement", "date", "feed", "kind"]);
    let years = sandbox.run_idx(["facets", "--field", "date", "--by", "year", "--json"]);
    let years: Value = serde_json::from_slice(&years.stdout).expect("JSON");
    assert_eq!(
        years["counts"],
        serde_json::json!([
            {"value": "2022", "label": "2022", "count": 5},
            {"value": "2023", "label": "2023", "count": 5}
        ])
    );
}
