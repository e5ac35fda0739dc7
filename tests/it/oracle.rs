//! feedparser, the reference feed parser, as an oracle: over every snapshot fixture and the
//! bundled snapshots, `pressdex parse --json` must give the same items, guids, links, titles and
//! dates as feedparser 6.0.12.
//!
//! feedparser's reading is committed as `tests/fixtures/labels/feedparser.json`, so this test
//! needs no Python; `scripts/oracle-golden.sh` regenerates it (and `.ci/run` runs it with
//! `--check` to prove it current). Each snapshot's size and FNV-1a hash are recorded with it:
//! a fixture added, removed or edited without regenerating fails here.
//!
//! Where pressdex differs from feedparser by design, the comparison says which rule applies:
//! - an entry with neither guid nor link gets an id pressdex derives (`urn:pressdex:...`), where
//!   feedparser has none; an entry whose guid is over the 8 KiB field limit, or whose markup is
//!   broken inside it, is refused, where feedparser keeps it: the entries after it must agree;
//! - after a fatal XML error (malformed, truncated) pressdex keeps the items before it, while
//!   feedparser's loose parser also guesses at the broken item and what follows: pressdex's
//!   items must be the first of feedparser's;
//! - titles are compared with whitespace normalised (pressdex normalises it, feedparser keeps
//!   no-break spaces and newlines);
//! - feedparser's guid falls back to the link, and its date to `updated`, as pressdex does.

use std::fs;

use serde_json::Value;

use crate::parse::parse;
use crate::util::root;

/// The golden file, relative to the repository root.
const GOLDEN: &str = "tests/fixtures/labels/feedparser.json";

/// The folders whose files are snapshots (as `scripts/oracle-golden.py` lists them).
const GROUPS: [&str; 4] =
    ["tests/fixtures/feeds", "tests/fixtures/hostile", "tests/fixtures/index", "index-data/feeds"];

/// Known, reviewed differences: (snapshot, item index, field, why).
const KNOWN_DIFFERENCES: [(&str, usize, &str, &str); 3] = [
    (
        "tests/fixtures/feeds/atom-links.xml",
        1,
        "link",
        "an entry whose only links are a licence and an enclosure has no page: feedparser takes \
         its Atom id as the link, pressdex leaves the link empty",
    ),
    (
        "tests/fixtures/feeds/bad-entity.xml",
        2,
        "title",
        "feedparser's loose parser turns the bare `&T` of `AT&T` into `&T;`",
    ),
    (
        "tests/fixtures/hostile/nul.xml",
        1,
        "title",
        "`&#0;` is no XML character: pressdex keeps it as written, feedparser makes a NUL byte",
    ),
];

/// Every snapshot file, as a path relative to the root: group by group, sorted within each.
fn snapshots() -> Vec<String> {
    let mut paths = Vec::new();
    for group in GROUPS {
        let mut files: Vec<String> = fs::read_dir(root().join(group))
            .unwrap_or_else(|err| panic!("{group}: {err}"))
            .map(|entry| entry.expect("read entry").path())
            // Not READMEs, nor the fetch records (`manifest.jsonl`) beside the snapshots.
            .filter(|path| {
                path.is_file() && path.extension().is_some_and(|ext| ext != "md" && ext != "jsonl")
            })
            .map(|path| {
                format!("{group}/{}", path.file_name().expect("a file name").to_string_lossy())
            })
            .collect();
        files.sort();
        paths.extend(files);
    }
    paths
}

/// FNV-1a 64, as the script computes it.
fn fnv1a64(bytes: &[u8]) -> String {
    let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    format!("{hash:016x}")
}

/// The golden file's snapshots, checked to be the current files.
fn golden() -> Vec<Value> {
    let text = fs::read_to_string(root().join(GOLDEN)).expect("the golden file");
    let golden: Value = serde_json::from_str(&text).expect("the golden file is JSON");
    assert_eq!(golden["feedparser"], "6.0.12");
    let records = golden["snapshots"].as_array().expect("snapshots").clone();
    let recorded: Vec<&str> =
        records.iter().map(|record| record["path"].as_str().expect("path")).collect();
    assert_eq!(recorded, snapshots(), "snapshots changed: run scripts/oracle-golden.sh");
    for record in &records {
        let path = record["path"].as_str().expect("path");
        let bytes = fs::read(root().join(path)).expect("snapshot");
        assert!(
            record["bytes"] == bytes.len() && record["fnv1a64"] == fnv1a64(&bytes),
            "{path} changed since {GOLDEN} was generated: run scripts/oracle-golden.sh"
        );
    }
    records
}

fn normalize(text: &str) -> String {
    pressdex_ingest::normalize_space(text)
}

#[test]
fn fnv1a64_is_the_scripts() {
    // The FNV-1a 64 test vectors (Fowler, Noll, Vo).
    assert_eq!(fnv1a64(b""), "cbf29ce484222325");
    assert_eq!(fnv1a64(b"a"), "af63dc4c8601ec8c");
    assert_eq!(fnv1a64(b"foobar"), "85944171f73967e8");
}

/// The positions of the items pressdex refused with an error naming them (a field over its
/// limit, broken markup inside the item): feedparser keeps them, the items after them must
/// still agree.
fn refused_items(problems: &[String]) -> Vec<usize> {
    problems
        .iter()
        .filter(|line| line.starts_with("pressdex: error: ") && !line.contains("truncated:"))
        .filter_map(|line| {
            let (_, after) = line.split_once(": item ")?;
            let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
            digits.parse().ok()
        })
        .collect()
}

#[test]
fn items_agree_with_feedparser() {
    let records = golden();
    assert!(records.len() >= 30, "snapshots missing: {}", records.len());
    let mut compared = 0;
    for record in &records {
        let name = record["path"].as_str().expect("path");
        let ours = parse(&[root().join(name)]);
        let refused = refused_items(&ours.problems);
        let expected: Vec<&Value> = record["entries"]
            .as_array()
            .expect("entries")
            .iter()
            .enumerate()
            .filter(|(index, entry)| {
                let guid = entry["guid"].as_str().unwrap_or("");
                guid.len() <= 8192 && !refused.contains(&(index + 1))
            })
            .map(|(_, entry)| entry)
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
                if field == "guid" && entry[field].as_str().unwrap_or("").is_empty() {
                    // Neither guid nor link: pressdex derives an id, feedparser has none.
                    let derived = release[field].as_str().unwrap_or("");
                    assert!(derived.starts_with("urn:pressdex:"), "{name} item {}", index + 1);
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
