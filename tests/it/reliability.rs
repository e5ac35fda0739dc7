//! Reliability (issue 7): hostile and broken input, fuzz regressions, a property test over the
//! parse path, crashes mid-index, concurrent readers and writers, a full disk.
//!
//! Every test runs the real binary or the same library code the binary runs, on the fixtures in
//! `tests/fixtures/hostile-*`, the bundled snapshot, or inputs generated here.

use std::fs;
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use serde_json::Value;

use crate::util::{Run, Sandbox, bundled_feed, fixture, run};

// The fuzz targets' bodies, so every saved crash input replays through exactly the code the
// fuzzer ran (see fuzz/src/lib.rs).
#[path = "../../fuzz/src/lib.rs"]
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
/// memory in that target), and every hostile fixture, replayed through the fuzz target's code.
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
    let mut replayed = 0;
    for (target, run) in targets {
        let dir = root.join(target);
        let mut inputs: Vec<PathBuf> = match fs::read_dir(&dir) {
            Ok(entries) => entries.map(|entry| entry.expect("read entry").path()).collect(),
            Err(_) => Vec::new(),
        };
        if target == "feed" {
            inputs.extend(feed_fixtures());
        }
        inputs.sort();
        for input in inputs {
            let bytes = fs::read(&input).expect("read regression input");
            let outcome = std::panic::catch_unwind(|| run(&bytes));
            assert!(outcome.is_ok(), "fuzz target {target} panics on {}", input.display());
            replayed += 1;
        }
    }
    assert!(replayed >= feed_fixtures().len(), "replayed only {replayed} inputs");
}

/// Every snapshot fixture (the hostile ones and the parser's own).
fn feed_fixtures() -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = fs::read_dir(crate::util::root().join("tests/fixtures"))
        .expect("tests/fixtures")
        .map(|entry| entry.expect("read entry").path())
        .filter(|path| path.is_file() && path.extension().is_some_and(|ext| ext != "md"))
        .collect();
    found.sort();
    found
}

/// The events `read_feed` yields for `bytes`, after checking the fuzz target's invariants on them.
fn feed_event_count(bytes: &[u8]) -> usize {
    fuzz_targets::feed(bytes);
    pressdex_ingest::feed::read_feed("prop.xml", bytes).count()
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

// ---------------------------------------------------------------------------------------------
// Hostile and broken input, through `pressdex parse`.

#[test]
fn an_html_error_page_is_not_a_feed() {
    let sandbox = Sandbox::new();
    let run = parse(&sandbox, &fixture("hostile-html-error-page.xml"), false);
    assert_eq!(run.code, Some(2), "{}", run.stderr());
    let stderr = run.stderr();
    assert!(stderr.contains("hostile-html-error-page.xml"), "names the file: {stderr}");
    assert!(stderr.contains("not a feed"), "says what is wrong: {stderr}");
    assert!(run.stdout.is_empty(), "no releases from an error page");
}

#[test]
fn a_zero_byte_file_is_not_a_feed() {
    let sandbox = Sandbox::new();
    let run = parse(&sandbox, &fixture("hostile-empty.xml"), true);
    assert_eq!(run.code, Some(2), "{}", run.stderr());
    let stderr = run.stderr();
    assert!(stderr.contains("hostile-empty.xml") && stderr.contains("not a feed"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
}

/// The bundled snapshot cut at every tenth of its length keeps each item that ends before the
/// cut, exactly as the whole snapshot gives it, and says the file is truncated.
#[test]
fn a_feed_cut_at_every_tenth_keeps_the_items_before_the_cut() {
    let sandbox = Sandbox::new();
    let whole_bytes = bundled_bytes();
    let whole = parse(&sandbox, &bundled_feed(), true).json_lines();
    assert_eq!(whole.len(), 10);
    for tenth in 1..10 {
        let cut = whole_bytes.len() * tenth / 10;
        let prefix = &whole_bytes[..cut];
        let complete = prefix.windows(b"</item>".len()).filter(|w| w == b"</item>").count();
        let path = sandbox.write(&format!("cut-{tenth}.xml"), prefix);
        let run = parse(&sandbox, &path, true);
        let got = run.json_lines();
        assert_eq!(got, whole[..complete], "cut at {tenth}/10 ({cut} bytes)");
        let stderr = run.stderr();
        assert!(
            stderr.contains(&format!("cut-{tenth}.xml")) && stderr.contains("truncated"),
            "{stderr}"
        );
        assert_eq!(run.code, Some(if complete > 0 { 1 } else { 2 }), "cut at {tenth}/10: {stderr}");
    }
}

/// A billion-laughs DTD is reported, never expanded, and costs no memory.
#[test]
fn billion_laughs_is_not_expanded() {
    let sandbox = Sandbox::new();
    let run = parse(&sandbox, &fixture("hostile-billion-laughs.xml"), true);
    let stderr = run.stderr();
    assert!(stderr.contains("not expanded"), "{stderr}");
    assert!(!run.stdout().contains("lollol"), "an entity was expanded");
    assert!(guids(&run.json_lines()).contains(&"laughs-2".to_owned()), "the plain item is kept");
    assert!(run.peak_rss_kib < 256 * 1024, "peak RSS {} KiB", run.peak_rss_kib);
}

/// External entities are never resolved: neither a file beside the snapshot nor /etc/passwd
/// appears anywhere in the output.
#[test]
fn external_entities_are_never_read() {
    let sandbox = Sandbox::new();
    let secret = "PRESSDEX-XXE-SECRET-5b1f";
    sandbox.write("feeds/secret.txt", secret);
    let path =
        sandbox.write("feeds/xxe.xml", fs::read(fixture("hostile-xxe.xml")).expect("fixture"));
    for json in [false, true] {
        let run = parse(&sandbox, &path, json);
        let output = format!("{}{}", run.stdout(), run.stderr());
        assert!(!output.contains(secret), "the secret file was read:\n{output}");
        assert!(!output.contains("root:x:0:0"), "/etc/passwd was read:\n{output}");
        assert!(run.stderr().contains("not expanded"), "{}", run.stderr());
        if json {
            assert!(guids(&run.json_lines()).contains(&"xxe-2".to_owned()));
        }
    }
}

/// Invalid UTF-8 in a feed that declares UTF-8 costs at most the item that holds it; the items
/// around it are kept and every byte printed is UTF-8.
#[test]
fn invalid_utf8_costs_at_most_its_item() {
    let sandbox = Sandbox::new();
    let run = parse(&sandbox, &fixture("hostile-invalid-utf8.xml"), true);
    assert!(String::from_utf8(run.stdout.clone()).is_ok(), "stdout is not UTF-8");
    let got = guids(&run.json_lines());
    assert!(got.contains(&"utf8-1".to_owned()) && got.contains(&"utf8-3".to_owned()), "{got:?}");
    if !got.contains(&"utf8-2".to_owned()) {
        let stderr = run.stderr();
        assert!(
            stderr.contains("item 2") || stderr.contains("utf8-2"),
            "the lost item is named: {stderr}"
        );
    }
}

/// A stray byte that is not UTF-8 past the first 64 KiB (which decide the encoding) of a UTF-8
/// feed: every item is kept, the one holding it is named in a warning, and the other items'
/// UTF-8 text (curly quotes, dashes) is read as it is.
#[test]
fn a_late_invalid_utf8_byte_costs_nothing_but_a_warning() {
    let sandbox = Sandbox::new();
    let generated = sandbox.path().join("feeds/big.xml");
    let items = crate::util::write_repeated_bundled_snapshot(&generated, 3);
    let mut bytes = fs::read(&generated).expect("generated snapshot");
    let at = find(&bytes, b"<title>", 100_000) + "<title>".len();
    bytes.insert(at, 0xff);
    let path = sandbox.write("late-bad-byte.xml", &bytes);
    let run = parse(&sandbox, &path, true);
    let got = run.json_lines();
    assert_eq!(got.len(), items, "{}", run.stderr());
    let stderr = run.stderr();
    assert!(stderr.contains("not valid UTF-8"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    let whole = parse(&sandbox, &generated, true).json_lines();
    let differing: Vec<_> = got.iter().zip(&whole).filter(|(a, b)| a != b).collect();
    assert_eq!(differing.len(), 1, "only the item with the bad byte differs");
    assert!(differing[0].0["title"].as_str().is_some_and(|title| title.starts_with('\u{fffd}')));
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> usize {
    from + haystack[from..].windows(needle.len()).position(|w| w == needle).expect("found")
}

#[test]
fn nul_bytes_never_reach_the_output() {
    let sandbox = Sandbox::new();
    for json in [false, true] {
        let run = parse(&sandbox, &fixture("hostile-nul.xml"), json);
        assert!(!run.stdout.contains(&0), "a NUL byte in stdout (json: {json})");
        assert!(!run.stderr.contains(&0), "a NUL byte in stderr (json: {json})");
        assert!(run.stdout().contains("A clean item after the NULs"), "{}", run.stderr());
    }
}

/// ANSI colours, OSC 8 hyperlinks, OSC window titles and right-to-left overrides in titles and
/// bodies never reach the terminal; `--json` carries them only as JSON escapes.
#[test]
fn terminal_escapes_in_feeds_never_reach_parse_output() {
    let sandbox = Sandbox::new();
    let human = parse(&sandbox, &fixture("hostile-terminal-escapes.xml"), false);
    assert_clean_terminal_text(&human.stdout(), "parse output");
    assert_clean_terminal_text(&human.stderr(), "parse diagnostics");
    assert!(human.stdout().contains("Red"), "the visible text stays:\n{}", human.stdout());
    let json = parse(&sandbox, &fixture("hostile-terminal-escapes.xml"), true);
    assert_clean_terminal_text(&json.stdout(), "parse --json output");
    assert_eq!(guids(&json.json_lines()), ["escape-raw", "escape-refs", "escape-clean"]);
}

/// A 100 KB guid is kept whole or refused with a message naming the limit; the next item is
/// read either way.
#[test]
fn a_100_kb_guid_is_handled_or_refused() {
    let sandbox = Sandbox::new();
    let guid = "g".repeat(100 * 1024);
    let path = sandbox.write(
        "long-guid.xml",
        generated_feed(&[(&guid, "Long guid", "Body."), ("after", "After", "Body.")]),
    );
    let run = parse(&sandbox, &path, true);
    let got = guids(&run.json_lines());
    assert!(got.contains(&"after".to_owned()), "{}", run.stderr());
    if !got.contains(&guid) {
        assert!(run.stderr().contains("limit"), "{}", run.stderr());
    }
}

/// Dates in year 1 and year 9999 parse (or are reported) without overflow.
#[test]
fn dates_in_year_one_and_9999() {
    let sandbox = Sandbox::new();
    let run = parse(&sandbox, &fixture("hostile-dates.xml"), true);
    let got = run.json_lines();
    let published = |guid: &str| {
        got.iter()
            .find(|release| release["guid"] == guid)
            .map(|release| release["published"].clone())
    };
    assert_eq!(
        published("date-0001"),
        Some(Value::from("0001-01-01T00:00:00Z")),
        "{}",
        run.stderr()
    );
    assert_eq!(
        published("date-9999"),
        Some(Value::from("9999-12-31T23:59:59Z")),
        "{}",
        run.stderr()
    );
    assert_eq!(published("date-normal"), Some(Value::from("2024-03-05T15:00:00Z")));
    assert!(published("date-9999-zone").is_some(), "an item past 9999 in UTC is kept");
}

/// A 10 MB title and a 200 MB single item: handled or refused with a message, in bounded
/// memory, and the items after them are kept.
#[test]
fn huge_title_and_huge_item_in_bounded_memory() {
    let sandbox = Sandbox::new();
    let title = "T".repeat(10 << 20);
    let path = sandbox.write(
        "huge-title.xml",
        generated_feed(&[("big-title", &title, "Body."), ("after", "After", "Body.")]),
    );
    let run = parse(&sandbox, &path, true);
    check_huge(&run, "big-title", 256 * 1024);

    let paragraph =
        "&lt;p&gt;Customs cooperation with Mexico under the CMAA. &lt;/p&gt; ".repeat(1 << 10);
    let path = sandbox.path().join("huge-item.xml");
    {
        use std::io::Write;
        let mut file = std::io::BufWriter::new(fs::File::create(&path).expect("create"));
        let (head, tail) = generated_feed_parts("big-item", "A 200 MB release");
        file.write_all(head.as_bytes()).expect("write");
        let mut written = 0;
        while written < 200 << 20 {
            file.write_all(paragraph.as_bytes()).expect("write");
            written += paragraph.len();
        }
        file.write_all(tail.as_bytes()).expect("write");
        file.write_all(generated_items(&[("after", "After", "Body.")]).as_bytes()).expect("write");
        file.write_all(FEED_END.as_bytes()).expect("write");
    }
    let run = parse(&sandbox, &path, true);
    check_huge(&run, "big-item", 1024 * 1024);
}

fn check_huge(run: &Run, guid: &str, max_rss_kib: u64) {
    let got = guids(&run.json_lines());
    assert!(got.contains(&"after".to_owned()), "the next item is kept: {}", run.stderr());
    if !got.contains(&guid.to_owned()) {
        assert!(run.stderr().contains("limit"), "refused with a message: {}", run.stderr());
    }
    assert!(run.peak_rss_kib < max_rss_kib, "{guid}: peak RSS {} KiB", run.peak_rss_kib);
}

const FEED_START: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\">\n<channel>\n<title>Generated</title>\n";
const FEED_END: &str = "</channel>\n</rss>\n";

/// A feed of `(guid, title, body)` items.
fn generated_feed(items: &[(&str, &str, &str)]) -> String {
    format!("{FEED_START}{}{FEED_END}", generated_items(items))
}

fn generated_items(items: &[(&str, &str, &str)]) -> String {
    items
        .iter()
        .map(|(guid, title, body)| {
            let (head, tail) = item_parts(guid, title);
            format!("{head}&lt;p&gt;{body}&lt;/p&gt;{tail}")
        })
        .collect()
}

/// The feed up to the start of one item's description, and the rest of that item.
fn generated_feed_parts(guid: &str, title: &str) -> (String, String) {
    let (head, tail) = item_parts(guid, title);
    (format!("{FEED_START}{head}"), tail)
}

fn item_parts(guid: &str, title: &str) -> (String, String) {
    (
        format!(
            "<item>\n<title>{title}</title>\n<link>https://example.invalid/newsroom/national-media-release/x</link>\n<guid isPermaLink=\"false\">{guid}</guid>\n<pubDate>Tue, 05 Mar 2024 15:00:00 +0000</pubDate>\n<description>"
        ),
        "</description>\n</item>\n".to_owned(),
    )
}

// ---------------------------------------------------------------------------------------------
// Through the index: crashes, concurrency, a full disk, and hostile text at search time.

/// `pressdex check --json --index DIR`: the releases (guid, hash, provenance) when the index
/// is sound; panics with the problems otherwise.
fn checked_releases(sandbox: &Sandbox, index: &str) -> Vec<Value> {
    let run = sandbox.run(["check", "--json", "--index", index]);
    assert_eq!(run.code, Some(0), "check failed on {index}: {}{}", run.stdout(), run.stderr());
    let report: Value = serde_json::from_slice(&run.stdout).expect("check --json prints JSON");
    assert_eq!(report["ok"], Value::Bool(true), "{report}");
    report["releases"].as_array().cloned().unwrap_or_default()
}

/// The guid and content hash of each release, in guid order.
fn content(releases: &[Value]) -> Vec<(String, String)> {
    releases
        .iter()
        .map(|release| {
            (
                release["guid"].as_str().unwrap_or_default().to_owned(),
                release["hash"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

/// SIGKILL `pressdex index` at 20 moments spread over a run: after each kill the index opens
/// and checks, a rerun completes, and the result equals a clean run guid by guid and hash by
/// hash.
#[test]
fn sigkill_at_20_moments_loses_nothing_committed() {
    let sandbox = Sandbox::new();
    let snapshot = sandbox.path().join("feeds/big.xml");
    let items = crate::util::write_repeated_bundled_snapshot(&snapshot, 40);
    let snapshot_bytes = fs::read(&snapshot).expect("generated snapshot");
    let args = |index: &str| -> Vec<String> {
        ["index", "--json", "--commit-every", "97", "--index", index, "feeds"]
            .map(str::to_owned)
            .to_vec()
    };

    let started = std::time::Instant::now();
    let clean = sandbox.run(args("clean"));
    let clean_run = started.elapsed();
    assert_eq!(clean.code, Some(0), "{}", clean.stderr());
    let expected = checked_releases(&sandbox, "clean");
    assert_eq!(expected.len(), items);

    let mut killed_mid_run = 0;
    for moment in 1..=20u32 {
        let index = format!("killed-{moment}");
        let mut writer = sandbox
            .command()
            .args(args(&index))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn pressdex index");
        std::thread::sleep(clean_run * moment / 21);
        if writer.try_wait().expect("wait").is_none() {
            killed_mid_run += 1;
        }
        writer.kill().expect("SIGKILL");
        writer.wait().expect("reap");
        // Killed before it created the index: there is nothing to check yet.
        if sandbox.path().join(&index).join("meta.json").exists() {
            let survived = checked_releases(&sandbox, &index);
            let committed = content(&survived);
            assert!(
                committed.iter().all(|entry| content(&expected).contains(entry)),
                "moment {moment}: a release differs from the clean run"
            );
        }
        let rerun = sandbox.run(args(&index));
        assert_eq!(rerun.code, Some(0), "rerun after kill {moment}: {}", rerun.stderr());
        assert_eq!(
            content(&checked_releases(&sandbox, &index)),
            content(&expected),
            "after kill {moment}"
        );
    }
    assert!(fs::read(&snapshot).expect("snapshot") == snapshot_bytes, "a snapshot was modified");
    // The moments come from the clean run's time, so a busier machine moves them; at least half
    // must still land inside the run for the test to mean something.
    assert!(killed_mid_run >= 10, "only {killed_mid_run} of 20 kills landed before the run ended");
}

/// The number a search's footer reports ("N matches ..." / "N releases ...").
fn search_total(sandbox: &Sandbox, query: &str) -> u64 {
    let run = sandbox.run(["search", query, "--limit", "1", "--index", "idx"]);
    assert!(matches!(run.code, Some(0 | 1)), "search {query:?} failed: {}", run.stderr());
    let stdout = run.stdout();
    let footer = stdout.lines().last().unwrap_or_default();
    footer
        .split_whitespace()
        .next()
        .and_then(|count| count.parse().ok())
        .unwrap_or_else(|| panic!("no count in the footer {footer:?} of:\n{stdout}"))
}

/// Searches in a loop while a writer indexes: each succeeds and the count never goes down; a
/// second writer meanwhile fails at once with the "being written" message.
#[test]
fn searches_while_writing_and_a_second_writer() {
    let sandbox = Sandbox::new();
    crate::util::write_repeated_bundled_snapshot(&sandbox.path().join("big/big.xml"), 120);
    let first = sandbox.run(["index", "--index", "idx", &bundled_feed().to_string_lossy()]);
    assert_eq!(first.code, Some(0), "{}", first.stderr());
    let before = search_total(&sandbox, "customs");
    assert!(before > 0);

    let mut writer = sandbox
        .command()
        .args(["index", "--commit-every", "150", "--index", "idx", "big"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn writer");
    let mut counts = vec![before];
    let mut second_writer_refused = false;
    while writer.try_wait().expect("wait").is_none() {
        let count = search_total(&sandbox, "customs");
        assert!(
            count >= *counts.last().unwrap_or(&0),
            "the count went down: {counts:?} then {count}"
        );
        counts.push(count);
        if !second_writer_refused && sandbox.path().join("idx/.tantivy-writer.lock").exists() {
            let second =
                sandbox.run(["index", "--index", "idx", &bundled_feed().to_string_lossy()]);
            if writer.try_wait().expect("wait").is_none() {
                assert_eq!(second.code, Some(2), "{}", second.stderr());
                let stderr = second.stderr();
                assert!(stderr.contains("being written by another pressdex process"), "{stderr}");
                assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
                second_writer_refused = true;
            }
        }
    }
    let output = writer.wait_with_output().expect("writer ends");
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let after = search_total(&sandbox, "customs");
    assert_eq!(after, before * 121, "the bundled matches once per copy, plus the originals");
    assert!(counts.len() > 2, "only {} searches ran during the write", counts.len());
    assert!(second_writer_refused, "no second writer met the first");
}

/// A full disk while indexing (writes past a file-size limit fail with EFBIG): one clear error
/// line, exit 2, and the previous commit still searchable and sound.
#[test]
fn a_full_disk_while_indexing_keeps_the_last_commit() {
    let sandbox = Sandbox::new();
    crate::util::write_repeated_bundled_snapshot(&sandbox.path().join("big/big.xml"), 60);
    let first = sandbox.run(["index", "--index", "idx", &bundled_feed().to_string_lossy()]);
    assert_eq!(first.code, Some(0), "{}", first.stderr());
    let before = checked_releases(&sandbox, "idx");

    // bash counts `ulimit -f` in KiB: no file may grow past 256 KiB.
    let mut cmd = std::process::Command::new("bash");
    cmd.current_dir(sandbox.path())
        .env_remove("PRESSDEX_INDEX")
        .env_remove("PRESSDEX_FEEDS")
        .args(["-c", "trap '' XFSZ; ulimit -f 256; exec \"$0\" \"$@\""])
        .arg(crate::util::pressdex_bin())
        .args(["index", "--index", "idx", "big"]);
    let full = run(cmd);
    assert_eq!(full.code, Some(2), "{}", full.stderr());
    let stderr = full.stderr();
    let errors: Vec<&str> = stderr.lines().filter(|line| line.starts_with("pressdex:")).collect();
    assert_eq!(errors.len(), 1, "one error line: {stderr}");
    assert!(errors[0].contains("idx") && errors[0].contains("last commit is intact"), "{stderr}");

    assert_eq!(checked_releases(&sandbox, "idx"), before, "the last commit changed");
    assert!(search_total(&sandbox, "customs") > 0, "the earlier releases are still found");
}

/// Indexes `fixture` into `idx` in `sandbox`.
fn index_fixture(sandbox: &Sandbox, fixture_name: &str) {
    let run = sandbox.run(["index", "--index", "idx", &fixture(fixture_name).to_string_lossy()]);
    assert!(matches!(run.code, Some(0 | 1)), "indexing {fixture_name}: {}", run.stderr());
}

/// `pressdex show GUID --json`: the release, or `None` when it is not there.
fn show_json(sandbox: &Sandbox, guid: &str) -> Option<Value> {
    let run = sandbox.run(["show", guid, "--json", "--index", "idx"]);
    (run.code == Some(0))
        .then(|| serde_json::from_slice(&run.stdout).expect("show --json prints JSON"))
}

/// The same guid twice in one snapshot, the newer first: the newer wins, and the same way on
/// every run.
#[test]
fn the_newer_of_two_items_with_one_guid_wins_deterministically() {
    let mut dumps = Vec::new();
    for _ in 0..2 {
        let sandbox = Sandbox::new();
        index_fixture(&sandbox, "hostile-duplicate-guid.xml");
        let release = show_json(&sandbox, "dup-1").expect("dup-1 is indexed");
        assert_eq!(release["title"], "Newer version of the duplicated release");
        let older = sandbox.run(["search", "olderrevision", "--index", "idx"]);
        assert_eq!(older.code, Some(1), "the older text is not searchable: {}", older.stdout());
        let releases = checked_releases(&sandbox, "idx");
        assert_eq!(releases.len(), 2, "one release per guid");
        dumps.push(content(&releases));
    }
    assert_eq!(dumps[0], dumps[1]);
}

/// Dates in year 1 and 9999 survive the index (tantivy stores dates as i64 nanoseconds, which
/// only reach 1677..2262) and sort.
#[test]
fn dates_in_year_one_and_9999_survive_the_index() {
    let sandbox = Sandbox::new();
    index_fixture(&sandbox, "hostile-dates.xml");
    checked_releases(&sandbox, "idx");
    let published =
        |guid: &str| show_json(&sandbox, guid).map(|release| release["published"].clone());
    assert_eq!(published("date-0001"), Some(Value::from("0001-01-01T00:00:00Z")));
    assert_eq!(published("date-9999"), Some(Value::from("9999-12-31T23:59:59Z")));
    let sorted = sandbox.run(["search", "published", "--sort", "date", "--json", "--index", "idx"]);
    assert_eq!(sorted.code, Some(0), "{}", sorted.stderr());
}

/// Terminal control in titles and bodies never reaches `search` or `show` output, text or JSON.
#[test]
fn terminal_escapes_never_reach_search_or_show_output() {
    let sandbox = Sandbox::new();
    index_fixture(&sandbox, "hostile-terminal-escapes.xml");
    for args in [
        vec!["search", "title"],
        vec!["search", "override", "--json"],
        vec!["search", "body", "--color", "always"],
        vec!["show", "escape-raw"],
        vec!["show", "escape-refs", "--json"],
        vec!["show", "escape-refs", "--color", "always"],
    ] {
        let mut args = args.clone();
        args.extend(["--index", "idx"]);
        let run = sandbox.run(&args);
        assert_eq!(run.code, Some(0), "{args:?}: {}", run.stderr());
        let stdout = run.stdout();
        let colored = args.contains(&"always");
        let checked = if colored { strip_sgr(&stdout) } else { stdout };
        assert_clean_terminal_text(&checked, &args.join(" "));
    }
}

/// Removes the colour codes pressdex itself writes with `--color always` (SGR: ESC [ digits m),
/// so that only escapes coming from the feed remain to be found.
fn strip_sgr(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("\u{1b}[") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let end = after.find(|c: char| !(c.is_ascii_digit() || c == ';')).unwrap_or(after.len());
        if after[end..].starts_with('m') {
            rest = &after[end + 1..];
        } else {
            out.push_str(&rest[at..at + 2]);
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// External entities stay unread through the index: nothing indexed holds the secret.
#[test]
fn external_entities_are_never_indexed() {
    let sandbox = Sandbox::new();
    let secret = "PRESSDEX-XXE-SECRET-5b1f";
    sandbox.write("secret.txt", secret);
    let path = sandbox.write("xxe.xml", fs::read(fixture("hostile-xxe.xml")).expect("fixture"));
    let run = sandbox.run(["index", "--index", "idx", &path.to_string_lossy()]);
    assert!(matches!(run.code, Some(0 | 1)), "{}", run.stderr());
    for query in [secret, "root", "secret"] {
        let run = sandbox.run(["search", query, "--json", "--index", "idx"]);
        assert!(!run.stdout().contains(secret) && !run.stdout().contains("root:x:0:0"), "{query}");
    }
    let release =
        show_json(&sandbox, "xxe-1").map(|release| release.to_string()).unwrap_or_default();
    assert!(!release.contains(secret) && !release.contains("root:x:0:0"), "{release}");
}
