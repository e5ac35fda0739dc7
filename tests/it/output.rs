//! Printed output (issue 13, item 8): line breaks inside single-line fields never forge an
//! output line, and a reader that closes the pipe early is no error.

use std::ffi::OsStr;

use crate::util::Sandbox;

/// Every line break a feed can carry, as XML character references and raw: CR, LF, CR LF, VT
/// and FF are not allowed raw in XML 1.0 text, so those come as references.
const BREAKS: [(&str, &str); 7] = [
    ("cr", "&#13;"),
    ("lf", "&#10;"),
    ("crlf", "&#13;&#10;"),
    ("nel", "&#x85;"),
    ("ls", "\u{2028}"),
    ("ps", "&#x2029;"),
    ("raw-nel", "\u{85}"),
];

/// One item per line break, each with the break inside its title, link, guid and dateline,
/// followed by `FORGED`.
fn forged_feed() -> String {
    let mut feed = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\"><channel><title>Forged</title>\n",
    );
    for (name, brk) in BREAKS {
        feed.push_str(&format!(
            "<item><title>Title {name}{brk}FORGED title</title>\
             <link>https://example.invalid/newsroom/national-media-release/{name}{brk}FORGED-link</link>\
             <guid isPermaLink=\"false\">guid-{name}{brk}FORGED-guid</guid>\
             <pubDate>Tue, 05 Mar 2024 15:00:00 +0000</pubDate>\
             <description>&lt;p&gt;Body of {name}.&lt;/p&gt;</description></item>\n"
        ));
    }
    feed.push_str("</channel></rss>\n");
    feed
}

/// Every line of `text` that holds `FORGED` also holds what comes before the break on the
/// same field: the break was shown as a space, not as a new line.
fn assert_no_forged_line(text: &str, what: &str) {
    for line in text.lines() {
        if line.contains("FORGED") {
            let joined = ["Title ", "national-media-release/", "guid-"]
                .iter()
                .any(|before| line.contains(before));
            assert!(joined, "{what}: a feed forged the line {line:?} in:\n{text}");
        }
    }
    for bad in ['\r', '\u{b}', '\u{c}', '\u{85}', '\u{2028}', '\u{2029}'] {
        assert!(!text.contains(bad), "{what}: U+{:04X} printed:\n{text:?}", u32::from(bad));
    }
}

// See: issue 13, item 8 (a CR inside `<link>` or `<guid>` split the printed line).
#[test]
fn line_breaks_in_titles_links_and_guids_print_as_spaces() {
    let sandbox = Sandbox::new();
    let feed = sandbox.write("forged.xml", forged_feed());
    let parse = sandbox.run([OsStr::new("parse"), feed.as_os_str()]);
    let stdout = parse.stdout();
    assert_no_forged_line(&stdout, "parse");
    assert_eq!(stdout.matches("FORGED title").count(), BREAKS.len(), "{stdout}");
    assert_eq!(stdout.matches("FORGED-guid").count(), BREAKS.len(), "{stdout}");

    let index = sandbox.run_idx([OsStr::new("index"), feed.as_os_str()]);
    assert!(matches!(index.code, Some(0 | 1)), "{}", index.stderr());
    let search = sandbox.run_idx(["search", "forged", "--limit", "20"]);
    assert_eq!(search.code, Some(0), "{}", search.stderr());
    assert_no_forged_line(&search.stdout(), "search");
    assert!(search.stdout().matches("FORGED title").count() >= 1, "{}", search.stdout());
    let hits = sandbox.run_idx(["search", "forged", "--limit", "20", "--json"]).json_lines();
    assert!(!hits.is_empty());
    for hit in hits {
        let guid = hit["guid"].as_str().expect("a guid");
        assert!(guid.contains("FORGED"), "JSON keeps the text: {guid:?}");
        let show = sandbox.run_idx(["show", guid]);
        assert_eq!(show.code, Some(0), "{guid:?}: {}", show.stderr());
        assert_no_forged_line(&show.stdout(), "show");
    }
}

/// `pressdex completions bash | head -1`: a reader that goes away is no error, and no panic.
/// The pipe's reading end is closed before pressdex starts, so every write fails (EPIPE).
// See: issue 13, item 8.
#[test]
fn completions_and_man_exit_0_on_a_closed_pipe() {
    let sandbox = Sandbox::new();
    for args in [&["completions", "bash"][..], &["completions", "zsh"], &["man"]] {
        let (reader, writer) = std::io::pipe().expect("pipe");
        drop(reader);
        let mut cmd = sandbox.command();
        cmd.args(args).stdout(writer);
        let output = cmd.output().expect("runs pressdex");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{args:?}: {stderr}");
        assert_eq!(stderr, "", "{args:?}");
    }
}
