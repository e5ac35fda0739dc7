//! Reading input in bounded memory and time (issue 13, items 1, 2, 7, 9 and per-item fault
//! isolation): each case runs the real binary on an input generated here, and asserts its exit
//! code, its diagnostics and its peak resident memory (`VmHWM`, see `util::run`).
//! See: issue 13.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::util::{Run, Sandbox};

/// Peak resident memory every case here must stay under, in KiB. Each input is larger than
/// this, or (for nesting) used to cost more than this or crash.
const MAX_RSS_KIB: u64 = 100 * 1024;

const FEED_START: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\">\n\
    <channel>\n<title>Generated</title>\n<link>https://example.invalid/</link>\n";
const FEED_END: &str = "</channel>\n</rss>\n";

/// One item whose description is `description` as written (already escaped or CDATA).
fn item(guid: &str, title: &str, description: &str) -> String {
    format!(
        "<item>\n<title>{title}</title>\n\
         <link>https://example.invalid/newsroom/national-media-release/{guid}</link>\n\
         <guid isPermaLink=\"false\">{guid}</guid>\n\
         <pubDate>Tue, 05 Mar 2024 15:00:00 +0000</pubDate>\n\
         <description>{description}</description>\n</item>\n"
    )
}

fn plain_item(guid: &str) -> String {
    item(guid, &format!("Release {guid}"), "&lt;p&gt;Customs cooperation.&lt;/p&gt;")
}

/// `pressdex parse --json PATH`.
fn parse(sandbox: &Sandbox, path: &Path) -> Run {
    sandbox.run([Path::new("parse"), Path::new("--json"), path])
}

fn guids(run: &Run) -> Vec<String> {
    run.json_lines()
        .iter()
        .map(|release| release["guid"].as_str().unwrap_or("").to_owned())
        .collect()
}

fn release<'a>(releases: &'a [Value], guid: &str) -> &'a Value {
    releases.iter().find(|r| r["guid"] == guid).unwrap_or_else(|| panic!("no release {guid}"))
}

fn assert_bounded(run: &Run, what: &str) {
    assert!(run.peak_rss_kib < MAX_RSS_KIB, "{what}: peak RSS {} KiB", run.peak_rss_kib);
}

/// The error and warning lines of a run (the `pressdex: ` prefix removed).
fn problem_lines(run: &Run) -> Vec<String> {
    run.stderr()
        .lines()
        .filter_map(|line| line.strip_prefix("pressdex: "))
        .filter(|line| line.starts_with("error:") || line.starts_with("warning:"))
        .map(str::to_owned)
        .collect()
}

/// Writes a feed made of `parts` streamed to `name` (so a large part never needs the whole
/// file in memory twice) and returns its path.
fn write_feed(sandbox: &Sandbox, name: &str, parts: &mut dyn FnMut(&mut dyn Write)) -> PathBuf {
    let path = sandbox.path().join(name);
    let mut file = std::io::BufWriter::new(fs::File::create(&path).expect("create"));
    file.write_all(FEED_START.as_bytes()).expect("write");
    parts(&mut file);
    file.write_all(FEED_END.as_bytes()).expect("write");
    file.flush().expect("flush");
    path
}

/// Writes `count` bytes: `open`, then `filler` repeated, then `close`.
fn write_filled(out: &mut dyn Write, open: &str, filler: u8, count: usize, close: &str) {
    out.write_all(open.as_bytes()).expect("write");
    let block = vec![filler; 1 << 20];
    let mut left = count;
    while left > 0 {
        let now = left.min(block.len());
        out.write_all(&block[..now]).expect("write");
        left -= now;
    }
    out.write_all(close.as_bytes()).expect("write");
}

/// 20,000 nested `<span>`s (and 60 KB of unclosed `<b>`, and a CMS page with an unclosed
/// `<span>` per paragraph) used to overflow the stack: now each item is extracted, its deep
/// markup flattened, with the items around it, in bounded memory; `index` commits them all.
#[test]
fn deeply_nested_html_is_flattened_not_a_crash() {
    let sandbox = Sandbox::new();
    let spans = format!("{}deep text{}", "<span>".repeat(20_000), "</span>".repeat(20_000));
    let bold = format!("{}bold text", "<b>".repeat(20_000));
    let cms: String =
        (0..20_000).map(|index| format!("<p><span class=\"s{index}\">paragraph {index}")).collect();
    let path = write_feed(&sandbox, "deep.xml", &mut |out| {
        out.write_all(plain_item("first").as_bytes()).expect("write");
        for (guid, html) in [("spans", &spans), ("bold", &bold), ("cms", &cms)] {
            let description = format!("<![CDATA[{html}]]>");
            out.write_all(item(guid, guid, &description).as_bytes()).expect("write");
        }
        out.write_all(plain_item("last").as_bytes()).expect("write");
    });
    let run = parse(&sandbox, &path);
    assert_eq!(run.code, Some(0), "{}", run.stderr());
    assert_eq!(guids(&run), ["first", "spans", "bold", "cms", "last"]);
    let releases = run.json_lines();
    let body = |guid| release(&releases, guid)["body"].as_str().unwrap_or("").to_owned();
    assert!(body("spans").contains("deep text"), "{}", body("spans"));
    assert!(body("bold").contains("bold text"));
    assert!(body("cms").contains("paragraph 0") && body("cms").contains("paragraph 19999"));
    assert_bounded(&run, "20,000 nested tags");

    let index = sandbox.run_idx([Path::new("index"), &path]);
    assert_eq!(index.code, Some(0), "{}", index.stderr());
    let search = sandbox.run_idx(["search", "--json", "deep text"]);
    assert!(search.stdout().contains("\"spans\""), "{}", search.stdout());
}

/// 40,000 and 780,000 (3.9 MB, under the 4 MiB HTML limit) nested `<div>`s: the HTML step is
/// linear (it was quadratic: 6 s, then more than 5 minutes), so both read in bounded memory.
#[test]
fn hundreds_of_thousands_of_nested_divs_read_in_bounded_memory() {
    let sandbox = Sandbox::new();
    for count in [40_000, 780_000] {
        let html = format!("{}text at the bottom", "<div>".repeat(count));
        let path = write_feed(&sandbox, &format!("divs-{count}.xml"), &mut |out| {
            out.write_all(item("divs", "Divs", &format!("<![CDATA[{html}]]>")).as_bytes())
                .expect("write");
            out.write_all(plain_item("after").as_bytes()).expect("write");
        });
        let run = parse(&sandbox, &path);
        assert_eq!(run.code, Some(0), "{count} divs: {}", run.stderr());
        assert_eq!(guids(&run), ["divs", "after"]);
        let releases = run.json_lines();
        let body = release(&releases, "divs")["body"].as_str().unwrap_or("").to_owned();
        assert!(body.contains("text at the bottom"), "{count} divs: {body:.200}");
        assert_bounded(&run, &format!("{count} nested divs"));
    }
}

/// 1 GiB of white space between two items, from a ~1 MB gzip: refused with a message that
/// names the limit and the bytes not read, the item before it kept, in bounded memory.
#[test]
fn a_gzip_bomb_is_refused_with_a_message() {
    let sandbox = Sandbox::new();
    let path = sandbox.path().join("bomb.xml.gz");
    {
        let file = fs::File::create(&path).expect("create");
        let mut gzip = flate2::write::GzEncoder::new(file, flate2::Compression::best());
        gzip.write_all(FEED_START.as_bytes()).expect("write");
        gzip.write_all(plain_item("before").as_bytes()).expect("write");
        write_filled(&mut gzip, "", b' ', 1 << 30, "");
        gzip.write_all(plain_item("after").as_bytes()).expect("write");
        gzip.write_all(FEED_END.as_bytes()).expect("write");
        gzip.finish().expect("finish");
    }
    let compressed = fs::metadata(&path).expect("metadata").len();
    assert!(compressed < 2 << 20, "the bomb is {compressed} bytes");
    let run = parse(&sandbox, &path);
    assert_eq!(run.code, Some(1), "{}", run.stderr());
    assert_eq!(guids(&run), ["before"]);
    let problems = problem_lines(&run);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].contains("bomb.xml.gz: gzip: ")
            && problems[0].contains("over the limit (100 times the compressed size")
            && problems[0].contains("bytes of the file were not read"),
        "{problems:?}"
    );
    assert_bounded(&run, "gzip bomb");
}

/// `/dev/zero` as a snapshot ends with an error, in bounded memory (it used to grow without
/// end).
#[test]
fn dev_zero_ends_with_an_error() {
    let sandbox = Sandbox::new();
    let run = parse(&sandbox, Path::new("/dev/zero"));
    assert!(matches!(run.code, Some(1 | 2)), "{:?}: {}", run.code, run.stderr());
    assert!(run.stderr().contains("/dev/zero"), "{}", run.stderr());
    assert!(run.stdout.is_empty());
    assert_bounded(&run, "/dev/zero");
}

/// 128 MiB of each kind of markup the reader does not keep, between two items: a comment, a
/// processing instruction, an attribute, an unknown element's text, CDATA, white space. Each
/// used to cost its size in memory; now both items are kept, in bounded memory, and what was
/// skipped for its size is a warning.
#[test]
fn large_markup_between_items_streams_in_bounded_memory() {
    const SIZE: usize = 128 << 20;
    let sandbox = Sandbox::new();
    for (what, open, filler, close, warning) in [
        ("comment", "<!--", b'c', "-->", Some("a comment of 134217735 bytes")),
        ("pi", "<?target ", b'p', "?>", Some("a processing instruction of 134217739 bytes")),
        ("attribute", "<x a=\"", b'a', "\"/>", Some("the <x> tag of 134217737 bytes")),
        ("element", "<x:blob>", b'e', "</x:blob>", None),
        ("cdata", "<![CDATA[", b'd', "]]>", None),
        ("space", "", b' ', "", None),
    ] {
        let path = write_feed(&sandbox, &format!("{what}.xml"), &mut |out| {
            out.write_all(plain_item("before").as_bytes()).expect("write");
            write_filled(out, open, filler, SIZE, close);
            out.write_all(plain_item("after").as_bytes()).expect("write");
        });
        let run = parse(&sandbox, &path);
        fs::remove_file(&path).expect("remove");
        assert_eq!(guids(&run), ["before", "after"], "{what}: {}", run.stderr());
        let problems = problem_lines(&run);
        match warning {
            Some(warning) => {
                assert_eq!(run.code, Some(1), "{what}: {problems:?}");
                assert_eq!(problems.len(), 1, "{what}: {problems:?}");
                assert!(
                    problems[0].starts_with("warning:") && problems[0].contains(warning),
                    "{what}: {problems:?}"
                );
            }
            None => assert_eq!((run.code, problems), (Some(0), Vec::<String>::new()), "{what}"),
        }
        assert_bounded(&run, what);
    }
}

/// A 200 MB description and a 128 MiB unknown element inside an item: that item is refused with
/// a message naming the limit, the next one kept, in bounded memory.
#[test]
fn a_huge_item_costs_that_item_in_bounded_memory() {
    let sandbox = Sandbox::new();
    let huge_description = write_feed(&sandbox, "description.xml", &mut |out| {
        let head = item("huge", "Huge", "");
        let (head, tail) = head.split_at(head.find("</description>").expect("description"));
        out.write_all(head.as_bytes()).expect("write");
        write_filled(out, "", b'x', 200 << 20, "");
        out.write_all(tail.as_bytes()).expect("write");
        out.write_all(plain_item("after").as_bytes()).expect("write");
    });
    let run = parse(&sandbox, &huge_description);
    fs::remove_file(&huge_description).expect("remove");
    assert_eq!((run.code, guids(&run)), (Some(1), vec!["after".to_owned()]), "{}", run.stderr());
    let problems = problem_lines(&run);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("item 1 (guid \"huge\")"), "{problems:?}");
    assert!(
        problems[0].contains("description is 209715200 bytes, over the 4194304-byte limit"),
        "{problems:?}"
    );
    assert_bounded(&run, "200 MB description");

    let huge_element = write_feed(&sandbox, "element.xml", &mut |out| {
        let head = item("huge", "Huge", "Body.");
        let (head, tail) = head.split_at(head.find("</item>").expect("item"));
        out.write_all(head.as_bytes()).expect("write");
        write_filled(out, "<x:blob>", b'e', 128 << 20, "</x:blob>");
        out.write_all(tail.as_bytes()).expect("write");
        out.write_all(plain_item("after").as_bytes()).expect("write");
    });
    let run = parse(&sandbox, &huge_element);
    fs::remove_file(&huge_element).expect("remove");
    assert_eq!((run.code, guids(&run)), (Some(1), vec!["after".to_owned()]), "{}", run.stderr());
    let problems = problem_lines(&run);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].contains("item 1 (guid \"huge\")")
            && problems[0].contains("over the 33554432-byte limit"),
        "{problems:?}"
    );
    assert_bounded(&run, "128 MiB element in an item");
}

/// An element nested deeper than 256 levels, a stray end tag and markup that is not XML, each
/// in one item: that item is refused with one error naming it, the items after it are kept
/// (the deep one used to drop every later item of the snapshot).
#[test]
fn an_xml_error_in_one_item_costs_that_item() {
    let sandbox = Sandbox::new();
    let deep = format!("{}x{}", "<x:d>".repeat(300), "</x:d>".repeat(300));
    for (what, inside, expected) in [
        ("deep", deep.as_str(), "elements nested deeper than 256"),
        ("stray", "</titel>", "</titel> closes no open element"),
        ("invalid", "<!x>", "\"<!x\" is not XML markup"),
        ("unclosed", "<x:a><x:b></x:a>", "<x:b> is not closed"),
    ] {
        let path = write_feed(&sandbox, &format!("{what}.xml"), &mut |out| {
            out.write_all(plain_item("first").as_bytes()).expect("write");
            let broken =
                item("broken", "Broken", "Body.").replace("</item>", &format!("{inside}</item>"));
            out.write_all(broken.as_bytes()).expect("write");
            out.write_all(plain_item("last").as_bytes()).expect("write");
        });
        let run = parse(&sandbox, &path);
        assert_eq!(run.code, Some(1), "{what}: {}", run.stderr());
        assert_eq!(guids(&run), ["first", "last"], "{what}: {}", run.stderr());
        let problems = problem_lines(&run);
        assert_eq!(problems.len(), 1, "{what}: {problems:?}");
        assert!(
            problems[0].starts_with("error:")
                && problems[0].contains("item 2 (guid \"broken\")")
                && problems[0].contains(expected),
            "{what}: {problems:?}"
        );
    }
}

/// A panic while building one item (injected in test builds by the `fault-injection` feature
/// of pressdex-ingest) is that item's error: `parse` prints the others, `index` commits them.
#[test]
fn a_panic_in_one_item_costs_that_item() {
    let sandbox = Sandbox::new();
    let path = write_feed(&sandbox, "panic.xml", &mut |out| {
        for guid in ["one", "two", "three"] {
            out.write_all(plain_item(guid).as_bytes()).expect("write");
        }
    });
    let expected = format!(
        "error: {}: item 2 (guid \"two\"): internal error while building the release \
         (injected fault in \"Release two\"); the item is skipped",
        path.display()
    );
    let mut parse = sandbox.command();
    parse.args([Path::new("parse"), Path::new("--json"), &path]);
    parse.env("PRESSDEX_INJECT_PANIC", "Release two");
    let run = crate::util::run(parse);
    assert_eq!(run.code, Some(1), "{}", run.stderr());
    assert_eq!(guids(&run), ["one", "three"]);
    assert_eq!(problem_lines(&run), std::slice::from_ref(&expected));

    let mut index = sandbox.command();
    index.args([Path::new("index"), &path, Path::new("--index"), Path::new("idx")]);
    index.env("PRESSDEX_INJECT_PANIC", "Release two");
    let run = crate::util::run(index);
    assert_eq!(run.code, Some(1), "{}", run.stderr());
    assert!(problem_lines(&run).contains(&expected), "{}", run.stderr());
    let search = sandbox.run_idx(["search", "--json", "customs"]);
    let found = search.stdout();
    assert!(found.contains("\"one\"") && found.contains("\"three\""), "{found}");
    assert!(!found.contains("\"two\""), "{found}");
}
