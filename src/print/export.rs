//! `search` as a spreadsheet or a Markdown report, one hit at a time (so every match can be
//! streamed): CSV through the `csv` crate (RFC 4180, a header row, formula cells neutralised),
//! Markdown as a table and then the sources to cite. Both are built from `wire::Hit`, the values
//! `--json` prints, and carry feed text as the terminal shows it: control characters and escape
//! sequences removed (JSON keeps every character).

use std::io::{self, Write};

use pressdex::wire;

use super::cite::Citation;
use super::{agreement_codes, markdown, sanitize};

/// The CSV columns, in order.
pub const CSV_HEADER: [&str; 13] = [
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
    "score",
];

/// Separates several countries or agreement codes in one cell.
pub const LIST_SEPARATOR: &str = "; ";

/// Writes the header row.
///
/// # Errors
/// Writing failed.
pub fn csv_header(writer: &mut csv::Writer<&mut dyn Write>) -> io::Result<()> {
    writer.write_record(CSV_HEADER).map_err(io::Error::from)
}

/// Writes `hit` as one row: its date, title, feed, kind, countries (names), agreement codes,
/// evidence sentences (one per line), link, guid, provenance and score.
///
/// # Errors
/// Writing failed.
pub fn csv_row(writer: &mut csv::Writer<&mut dyn Write>, hit: &wire::Hit) -> io::Result<()> {
    let countries: Vec<&str> = hit.countries.iter().map(|country| country.name.as_str()).collect();
    let mut evidence: Vec<&str> = Vec::new();
    for agreement in &hit.agreements {
        if !evidence.contains(&agreement.evidence.as_str()) {
            evidence.push(&agreement.evidence);
        }
    }
    let row = [
        hit.published.map(|at| at.0.format("%Y-%m-%d").to_string()).unwrap_or_default(),
        cell(&hit.title),
        cell(&hit.feed),
        cell(&hit.kind),
        cell(&countries.join(LIST_SEPARATOR)),
        cell(&agreement_codes(&hit.agreements).join(LIST_SEPARATOR)),
        cell(&evidence.join("\n")),
        cell(&hit.link),
        cell(&hit.guid),
        hit.provenance.first_seen.to_string(),
        hit.provenance.last_seen.to_string(),
        hit.provenance.revisions.to_string(),
        hit.score.to_string(),
    ];
    writer.write_record(&row).map_err(io::Error::from)
}

/// A CSV cell of feed text: sanitized, and with a leading `'` when a spreadsheet would run it
/// as a formula (it starts with `=`, `+`, `-`, `@`, a tab or a carriage return: OWASP's rule for
/// CSV injection).
pub fn cell(text: &str) -> String {
    let clean = sanitize(text);
    if clean.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{clean}") } else { clean }
}

/// Writes the table's head.
///
/// # Errors
/// Writing failed.
pub fn markdown_table_head(out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "| # | Date | Release | Feed | Countries | Agreements |")?;
    writeln!(out, "| ---: | --- | --- | --- | --- | --- |")
}

/// Writes `hit` as the table row numbered `number` (its number in "Sources").
///
/// # Errors
/// Writing failed.
pub fn markdown_row(out: &mut dyn Write, number: usize, hit: &wire::Hit) -> io::Result<()> {
    let date =
        hit.published.map_or("undated".to_string(), |at| at.0.format("%Y-%m-%d").to_string());
    let countries: Vec<String> =
        hit.countries.iter().map(|country| markdown::text(&country.name)).collect();
    let agreements: Vec<String> =
        agreement_codes(&hit.agreements).into_iter().map(markdown::text).collect();
    writeln!(
        out,
        "| {number} | {date} | {} | {} | {} | {} |",
        markdown::link(&hit.title, &hit.link),
        markdown::text(&hit.feed),
        countries.join(", "),
        agreements.join(", ")
    )
}

/// Writes the heading of the sources.
///
/// # Errors
/// Writing failed.
pub fn markdown_sources_head(out: &mut dyn Write) -> io::Result<()> {
    writeln!(out)?;
    writeln!(out, "## Sources")?;
    writeln!(out)
}

/// Writes the citation of `hit`, numbered as in the table.
///
/// # Errors
/// Writing failed.
pub fn markdown_source(out: &mut dyn Write, number: usize, hit: &wire::Hit) -> io::Result<()> {
    writeln!(out, "{number}. {}", Citation::of_hit(hit).markdown())
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn formulas_are_neutralised() {
        for (text, expected) in [
            ("=HYPERLINK(\"http://evil\",\"x\")", "'=HYPERLINK(\"http://evil\",\"x\")"),
            ("+1", "'+1"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("CBP signs", "CBP signs"),
            ("a = b", "a = b"),
            ("\u{1b}[2J=cmd", "'=cmd"),
        ] {
            assert_eq!(cell(text), expected, "{text:?}");
        }
    }
}
