//! Markdown that feed text cannot break: text is sanitized (no terminal control), put on one
//! line, and every character Markdown reads as syntax is escaped, so a title holding pipes,
//! brackets, backticks or HTML stays text in a table cell or a list; links are only http(s),
//! written between `<` and `>` with what could end them percent-encoded.

use super::sanitize;

/// `text` as inline Markdown: one line, whitespace collapsed, syntax escaped (CommonMark lets
/// any ASCII punctuation be escaped with a backslash).
pub fn text(text: &str) -> String {
    let flat = sanitize(text).split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::with_capacity(flat.len() + 8);
    for (index, c) in flat.chars().enumerate() {
        let syntax = matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '!')
            // At the start of a cell or line these open a heading, a list, a quote or a
            // spreadsheet formula.
            || (index == 0 && matches!(c, '#' | '+' | '-' | '=' | '@' | '>'));
        if syntax {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A paragraph of feed text: as [`text`], lines joined.
pub fn paragraph(paragraph: &str) -> String {
    text(paragraph)
}

/// `link` as a Markdown autolink destination (`<https://...>`), or `None` when it is not an
/// http or https URL (a `javascript:` link from a feed must never become clickable).
pub fn url(link: &str) -> Option<String> {
    let link = sanitize(link);
    let link = link.trim();
    let lower = link.to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://")) {
        return None;
    }
    let mut out = String::with_capacity(link.len());
    for c in link.chars() {
        match c {
            '<' | '>' | ' ' | '\\' | '`' | '"' | '|' => {
                out.push_str(&format!("%{:02X}", u32::from(c)))
            }
            c if c.is_whitespace() => {}
            c => out.push(c),
        }
    }
    Some(out)
}

/// `[title](<link>)`, or the title alone when the link is not http(s).
pub fn link(title: &str, link: &str) -> String {
    let title = if title.trim().is_empty() { text("(no title)") } else { text(title) };
    match url(link) {
        Some(url) => format!("[{title}](<{url}>)"),
        None => title,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: &str) {
        assert_eq!(text(input), expected);
    }

    #[test]
    fn feed_text_stays_text() {
        check("CBP, Cabo Verde sign", "CBP, Cabo Verde sign");
        check("a | b\nc", "a \\| b c");
        check("=HYPERLINK(\"x\")", "\\=HYPERLINK(\"x\")");
        check("[x](javascript:y) <script>", "\\[x\\](javascript:y) \\<script\\>");
        check("# title *bold* `code`", "\\# title \\*bold\\* \\`code\\`");
        check("\u{1b}]8;;http://evil\u{7}link\u{1b}]8;;\u{7}", "link");
    }

    #[test]
    fn links_are_http_only_and_closed() {
        assert_eq!(url("https://www.cbp.gov/a b>c"), Some("https://www.cbp.gov/a%20b%3Ec".into()));
        assert_eq!(url("javascript:alert(1)"), None);
        assert_eq!(link("T|x", "https://a.gov/"), "[T\\|x](<https://a.gov/>)");
        assert_eq!(link("T", "ftp://a"), "T");
    }
}
