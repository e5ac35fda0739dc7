//! feedparser, the reference feed parser, as an oracle: over every fixture and the bundled
//! snapshot, `pressdex parse --json` must give the same items, guids, links, titles and dates.
//!
//! Needs `python3` with `feedparser` (`pip install feedparser`; `.ci/run` installs it). When
//! either is missing the test fails, saying so: it never skips.
//!
//! Where pressdex differs from feedparser by design, the comparison says which rule applies:
//! - an entry with neither guid nor link is refused (nothing to upsert it by), as is one whose
//!   guid is over the 8 KiB field limit; feedparser keeps both;
//! - after a fatal XML error (malformed, truncated) pressdex keeps the items before it, while
//!   feedparser's loose parser also guesses at the broken item and what follows: pressdex's
//!   items must be the first of feedparser's;
//! - titles are compared with whitespace normalised (pressdex normalises it, feedparser keeps
//!   no-break spaces and newlines);
//! - feedparser's guid falls back to the link, and its date to `updated`, as pressdex does.

use std::fs;
use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

use crate::parse::parse;
use crate::util::{bundled_feed, root};

/// Prints, per path, a JSON list of entries: guid, link, title, published (UTC, to the second).
const FEEDPARSER: &str = r#"
import calendar, gzip, json, sys, time
import feedparser

for path in sys.argv[1:]:
    data = open(path, "rb").read()
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except Exception:
            data = b""
    entries = []
    for entry in feedparser.parse(data).entries:
        parsed = entry.get("published_parsed") or entry.get("updated_parsed")
        entries.append({
            "guid": entry.get("id") or entry.get("link") or "",
            "link": entry.get("link") or "",
            "title": entry.get("title") or "",
            # Formatted by hand: glibc's strftime("%Y") does not pad year 1 to "0001".
            "published": "%04d-%02d-%02dT%02d:%02d:%02dZ" % tuple(parsed[:6]) if parsed else None,
        })
    print(json.dumps(entries))
"#;

/// Known, reviewed differences: (fixture, item index, field, why).
const KNOWN_DIFFERENCES: [(&str, usize, &str, &str); 2] = [
    (
        "bad-entity.xml",
        2,
        "title",
        "feedparser's loose parser turns the bare `&T` of `AT&T` into `&T;`",
    ),
    (
        "hostile-nul.xml",
        1,
        "title",
        "`&#0;` is no XML character: pressdex keeps it as written, feedparser makes a NUL byte",
    ),
];

fn snapshots() -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = fs::read_dir(root().join("tests/fixtures"))
        .expect("tests/fixtures")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext != "md"))
        .collect();
    paths.sort();
    paths.push(bundled_feed());
    paths
}

fn feedparser(paths: &[PathBuf]) -> Vec<Vec<Value>> {
    let output = Command::new("python3").arg("-c").arg(FEEDPARSER).args(paths).output();
    let output = match output {
        Ok(output) => output,
        Err(err) => panic!("the feedparser oracle needs python3, which did not start: {err}"),
    };
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !stderr.contains("No module named 'feedparser'"),
        "the feedparser oracle needs feedparser: run `pip install feedparser` (.ci/run does)"
    );
    assert!(output.status.success(), "feedparser failed: {stderr}");
    String::from_utf8(output.stdout)
        .expect("UTF-8")
        .lines()
        .map(|line| serde_json::from_str::<Vec<Value>>(line).expect("JSON from the script"))
        .collect()
}

fn normalize(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn items_agree_with_feedparser() {
    let paths = snapshots();
    assert!(paths.len() >= 16, "fixtures missing: {paths:?}");
    let oracle = feedparser(&paths);
    assert_eq!(oracle.len(), paths.len());
    let mut compared = 0;
    for (path, expected) in paths.iter().zip(oracle) {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let ours = parse(std::slice::from_ref(path));
        let expected: Vec<&Value> = expected
            .iter()
            .filter(|entry| {
                let guid = entry["guid"].as_str().unwrap_or("");
                !guid.is_empty() && guid.len() <= 8192
            })
            .collect();
        let stopped_early = ours
            .problems
            .iter()
            .any(|line| line.contains("malformed XML") || line.contains("truncated:"));
        if stopped_early {
            assert!(ours.releases.len() <= expected.len(), "{name}: more items than feedparser");
        } else {
            assert_eq!(ours.releases.len(), expected.len(), "{name}: item count");
        }
        for (index, (release, entry)) in ours.releases.iter().zip(&expected).enumerate() {
            for field in ["guid", "link", "title", "published"] {
                if KNOWN_DIFFERENCES
                    .iter()
                    .any(|known| known.0 == name && known.1 == index && known.2 == field)
                {
                    continue;
                }
                let (ours, theirs) = match field {
                    "title" => (
                        normalize(release[field].as_str().unwrap_or("")),
                        normalize(entry[field].as_str().unwrap_or("")),
                    ),
                    _ => (release[field].to_string(), entry[field].to_string()),
                };
                assert_eq!(ours, theirs, "{name} item {}: {field}", index + 1);
                compared += 1;
            }
        }
    }
    // The bundled snapshot alone is 40 comparisons; the fixtures add more.
    assert!(compared > 100, "only {compared} fields compared");
}
