//! Hostile and broken input, through `pressdex parse`: not a feed, cut files, XML bombs and
//! external entities, bytes that are not UTF-8, NUL, terminal escapes, huge fields, odd dates.

use std::fs;

use serde_json::Value;

use super::{Run, Sandbox, assert_clean_terminal_text, bundled_bytes, bundled_feed, guids, parse};
use crate::util::fixture;

/// An HTML error page (a 502 from a proxy) is one "not a feed" error naming the file, exit 2.
#[test]
fn an_html_error_page_is_not_a_feed() {
    let sandbox = Sandbox::new();
    for json in [false, true] {
        let run = parse(&sandbox, &fixture("hostile/html-error-page.xml"), json);
        assert_eq!(run.code, Some(2), "{}", run.stderr());
        assert_eq!(
            run.stderr().lines().collect::<Vec<_>>(),
            [format!(
                "pressdex: error: {}: not a feed: the root element is <html>, not <rss>, <rdf:RDF> or <feed>",
                fixture("hostile/html-error-page.xml").display()
            )]
        );
        assert!(run.stdout.is_empty(), "no releases from an error page");
    }
}

/// A zero-byte file is one "not a feed" error naming the file, exit 2.
#[test]
fn a_zero_byte_file_is_not_a_feed() {
    let sandbox = Sandbox::new();
    for json in [false, true] {
        let run = parse(&sandbox, &fixture("hostile/empty.xml"), json);
        assert_eq!(run.code, Some(2), "{}", run.stderr());
        assert_eq!(
            run.stderr().lines().collect::<Vec<_>>(),
            [format!(
                "pressdex: error: {}: not a feed: the file is empty",
                fixture("hostile/empty.xml").display()
            )]
        );
        assert!(run.stdout.is_empty());
    }
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

/// A billion-laughs DTD is reported, never expanded, and costs no memory: the reference to it
/// is kept as written, with a warning, and both items are read.
#[test]
fn billion_laughs_is_not_expanded() {
    let sandbox = Sandbox::new();
    let path = fixture("hostile/billion-laughs.xml");
    let run = parse(&sandbox, &path, true);
    assert_eq!(
        run.stderr().lines().collect::<Vec<_>>(),
        [
            format!(
                "pressdex: warning: {}: DOCTYPE entity declarations are not expanded",
                path.display()
            ),
            format!(
                "pressdex: warning: {}: item 1 (guid \"laughs-1\"): undefined entity &lol9;, kept as written",
                path.display()
            ),
        ]
    );
    assert_eq!(run.code, Some(1), "done, with problems");
    let got = run.json_lines();
    let titles: Vec<&str> =
        got.iter().map(|release| release["title"].as_str().unwrap_or("")).collect();
    assert_eq!(titles, ["Laughs &lol9;", "A plain item after the bomb"]);
    assert!(!run.stdout().contains("lollol"), "an entity was expanded");
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
        sandbox.write("feeds/xxe.xml", fs::read(fixture("hostile/xxe.xml")).expect("fixture"));
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
    let run = parse(&sandbox, &fixture("hostile/invalid-utf8.xml"), true);
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
        let run = parse(&sandbox, &fixture("hostile/nul.xml"), json);
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
    let human = parse(&sandbox, &fixture("hostile/terminal-escapes.xml"), false);
    assert_clean_terminal_text(&human.stdout(), "parse output");
    assert_clean_terminal_text(&human.stderr(), "parse diagnostics");
    assert!(human.stdout().contains("Red"), "the visible text stays:\n{}", human.stdout());
    let json = parse(&sandbox, &fixture("hostile/terminal-escapes.xml"), true);
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
    let run = parse(&sandbox, &fixture("hostile/dates.xml"), true);
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
