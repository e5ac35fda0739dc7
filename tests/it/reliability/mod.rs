//! Reliability (issue 7): fuzz regressions and a property test over the parse path (here),
//! hostile and broken input (`input.rs`), crashes mid-index, concurrent readers and writers, a
//! full disk and hostile text at search time (`index.rs`).
//!
//! Every test runs the real binary or the same library code the binary runs, on the fixtures in
//! `tests/fixtures/hostile/`, the bundled snapshot, or inputs generated here.

mod index;
mod input;

use std::fs;
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use serde_json::Value;

use crate::util::{Run, Sandbox, bundled_feed, run};

// The fuzz targets' bodies, so every saved crash input replays through exactly the code the
// fuzzer ran (see fuzz/src/lib.rs).
#[path = "../../../fuzz/src/lib.rs"]
mod fuzz_targets;

/// Terminal control that must never reach stdout: ESC, CSI (C1), BEL, and bidirectional
/// overrides/isolates.
const FORBIDDEN_IN_OUTPUT: [char; 13] = [
    '\u{1b}', '\u{9b}', '\u{7}', '\u{0}', '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}',
    '\u{202e}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}',
];

/// `pressdex parse [--json] PATH` in `sandbox`, measured.
fn parse(sandbox: &Sandbox, path: &Path, json: bool) -> Run {
    let mut cmd = sandbox.command();
    cmd.arg("parse");
    if json {
        cmd.arg("--json");
    }
    cmd.arg(path);
    run(cmd)
}

fn guids(releases: &[Value]) -> Vec<String> {
    releases.iter().map(|release| release["guid"].as_str().unwrap_or_default().to_owned()).collect()
}

fn assert_clean_terminal_text(text: &str, what: &str) {
    if let Some(bad) = text.chars().find(|c| FORBIDDEN_IN_OUTPUT.contains(c)) {
        panic!("{what} contains terminal control U+{:04X}:\n{text:?}", u32::from(bad));
    }
}

// ---------------------------------------------------------------------------------------------
// Fuzz regressions and the property test.

/// Every input under `tests/fuzz-regressions/<target>/` (each once crashed, hung or exhausted
/// memory in that target, or seeds it), and every snapshot fixture, replayed through the fuzz
/// target's code. A target folder that is missing or empty fails the test: a replay that
/// reaches no input proves nothing.
#[test]
fn fuzz_regressions_replay_without_panicking() {
    let root = crate::util::root().join("tests/fuzz-regressions");
    type Target = fn(&[u8]);
    let targets: [(&str, Target); 4] = [
        ("feed", fuzz_targets::feed),
        ("html", fuzz_targets::html),
        ("enrich", fuzz_targets::enrich),
        ("query", fuzz_targets::query),
    ];
    for (target, run) in targets {
        let dir = root.join(target);
        let mut inputs: Vec<PathBuf> = fs::read_dir(&dir)
            .unwrap_or_else(|err| panic!("fuzz target {target}: {}: {err}", dir.display()))
            .map(|entry| entry.expect("read entry").path())
            .filter(|path| path.is_file())
            .collect();
        assert!(!inputs.is_empty(), "fuzz target {target}: no input in {}", dir.display());
        if target == "feed" {
            inputs.extend(feed_fixtures());
        }
        inputs.sort();
        for input in inputs {
            let bytes = fs::read(&input).expect("read regression input");
            let outcome = std::panic::catch_unwind(|| run(&bytes));
            assert!(outcome.is_ok(), "fuzz target {target} panics on {}", input.display());
        }
    }
}

/// Every snapshot fixture: the parser's (`feeds/`), the hostile ones and the index's.
fn feed_fixtures() -> Vec<PathBuf> {
    let fixtures = crate::util::root().join("tests/fixtures");
    let mut found: Vec<PathBuf> = ["feeds", "hostile", "index"]
        .iter()
        .flat_map(|group| {
            fs::read_dir(fixtures.join(group)).unwrap_or_else(|err| panic!("{group}: {err}"))
        })
        .map(|entry| entry.expect("read entry").path())
        .filter(|path| path.is_file() && path.extension().is_some_and(|ext| ext != "md"))
        .collect();
    found.sort();
    assert!(found.len() >= 29, "fixtures missing: {found:?}");
    found
}

/// The events `read_feed` yields for `bytes`, after checking the fuzz target's invariants on them.
fn feed_event_count(bytes: &[u8]) -> usize {
    fuzz_targets::feed(bytes);
    pressdex_ingest::read_feed("prop.xml", bytes).count()
}

fn bundled_bytes() -> Vec<u8> {
    fs::read(bundled_feed()).expect("bundled snapshot")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    /// Any bytes at all: never a panic, and something to say (an item or a diagnostic).
    #[test]
    fn any_bytes_yield_items_or_diagnostics(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        prop_assert!(feed_event_count(&bytes) > 0, "no item and no diagnostic for {} bytes", bytes.len());
    }

    /// XML-looking noise: tags, entities and DOCTYPEs from the feed vocabulary, in any order.
    /// Noise that never closes a feed's root element is cut off or not a feed at all, so it
    /// always gets an item or a diagnostic.
    #[test]
    fn feed_shaped_noise_yields_items_or_diagnostics(
        parts in prop::collection::vec(prop::sample::select(FEED_TOKENS.to_vec()), 0..64)
    ) {
        let bytes = parts.concat();
        let events = feed_event_count(bytes.as_bytes());
        let closed = ["</rss>", "</feed>"].iter().any(|end| bytes.contains(end));
        prop_assert!(closed || events > 0, "no item and no diagnostic for {bytes:?}");
    }
}

const FEED_TOKENS: [&str; 24] = [
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>",
    "<rss version=\"2.0\">",
    "</rss>",
    "<channel>",
    "</channel>",
    "<item>",
    "</item>",
    "<title>",
    "</title>",
    "<guid>",
    "</guid>",
    "<description>",
    "</description>",
    "<pubDate>",
    "</pubDate>",
    "&lt;p&gt;",
    "&amp;",
    "&bogus;",
    "<![CDATA[",
    "]]>",
    "<!DOCTYPE rss [<!ENTITY e \"&e;&e;\">]>",
    "Mexico CMAA signed",
    "Tue, 05 Mar 2024 15:00:00 +0000",
    "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry>",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    /// The bundled snapshot cut anywhere, with bytes spliced in anywhere: never a panic, and
    /// always something to say.
    #[test]
    fn damaged_bundled_snapshot_yields_items_or_diagnostics(
        cut in 0.0f64..1.0,
        at in 0.0f64..1.0,
        splice in prop::collection::vec(any::<u8>(), 0..24),
    ) {
        let mut bytes = bundled_bytes();
        let at = ((bytes.len() as f64) * at) as usize;
        bytes.splice(at..at, splice);
        bytes.truncate(((bytes.len() as f64) * cut) as usize);
        prop_assert!(feed_event_count(&bytes) > 0);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, failure_persistence: None, ..ProptestConfig::default() })]

    /// The same property through the real binary: exit 0, 1 or 2, never a panic, and a
    /// non-empty file always gets either output or a diagnostic.
    #[test]
    fn pressdex_parse_survives_any_bytes(
        noise in prop::collection::vec(any::<u8>(), 1..2048),
        keep in 0.0f64..1.0,
    ) {
        let sandbox = Sandbox::new();
        let mut damaged = bundled_bytes();
        damaged.truncate(((damaged.len() as f64) * keep) as usize);
        damaged.extend_from_slice(&noise);
        for (name, bytes) in [("noise.xml", &noise), ("damaged.xml", &damaged)] {
            let path = sandbox.write(name, bytes);
            for json in [false, true] {
                let run = parse(&sandbox, &path, json);
                prop_assert!(matches!(run.code, Some(0..=2)), "exit {:?}", run.code);
                prop_assert!(!run.stdout.is_empty() || !run.stderr.is_empty(), "silent on {name}");
                assert_clean_terminal_text(&run.stdout(), "parse output");
            }
        }
    }
}
