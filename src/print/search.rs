//! `pressdex search` output, one hit at a time in any format ([`HitPrinter`]): text (date,
//! title, link, facets, snippet, wrapped) with a footer saying what is shown, NDJSON, one JSON
//! document, CSV or Markdown; the "showing results for" line and query errors with a caret.
//! Every format prints the same `wire::Hit` values.

use std::io::{self, Write};
use std::time::Duration;

use pressdex::wire;
use pressdex_index::{CappedPrefix, QueryError};

use super::style::Style;
use super::{export, facet_line, markdown, sanitize, sanitize_line, thousands};
use crate::config::SearchFormat;

/// What a page of hits is: the search's summary and what the footer needs besides.
#[derive(Clone, Debug)]
pub struct Page {
    /// The summary, without hits.
    pub summary: wire::SearchResults,
    /// The number of words (groups) ranked by.
    pub words: usize,
    /// `--all`: only releases with every word.
    pub all_words: bool,
}

/// Prints the hits of one search as they come, in the format asked for.
pub struct HitPrinter<'a> {
    format: Format<'a>,
    page: Page,
    /// Hits printed so far.
    shown: usize,
    /// Hits cited so far.
    cited: usize,
}

enum Format<'a> {
    Text(&'a mut dyn Write, Style),
    Ndjson(&'a mut dyn Write),
    Json(&'a mut dyn Write),
    // Boxed: the CSV writer carries its buffer and state, far larger than the others.
    Csv(Box<csv::Writer<&'a mut dyn Write>>),
    Markdown(&'a mut dyn Write),
}

impl<'a> HitPrinter<'a> {
    /// Starts the output: the JSON summary, the CSV header or the Markdown heading and table
    /// head.
    ///
    /// # Errors
    /// Writing failed.
    pub fn start(
        out: &'a mut dyn Write,
        format: SearchFormat,
        page: Page,
        style: Style,
    ) -> io::Result<HitPrinter<'a>> {
        let format = match format {
            SearchFormat::Text => Format::Text(out, style),
            SearchFormat::Ndjson => Format::Ndjson(out),
            SearchFormat::Json => {
                // The summary, its `hits` (the last key) left open for the hits to stream in.
                let head = super::json::to_string(&page.summary)?;
                let head = head.strip_suffix("]}").unwrap_or(&head);
                out.write_all(head.as_bytes())?;
                Format::Json(out)
            }
            SearchFormat::Csv => {
                // RFC 4180 ends records with CRLF (the csv crate's default is LF).
                let mut writer =
                    csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(out);
                export::csv_header(&mut writer)?;
                Format::Csv(Box::new(writer))
            }
            SearchFormat::Markdown => {
                writeln!(out, "# Search: {}", markdown::text(&page.summary.query))?;
                writeln!(out)?;
                writeln!(out, "{}", markdown::text(&page_line(&page, page_len(&page))))?;
                if let Some(corrected) = &page.summary.corrected_query {
                    writeln!(out)?;
                    writeln!(out, "Showing results for: {}", markdown::text(corrected))?;
                }
                writeln!(out)?;
                export::markdown_table_head(out)?;
                Format::Markdown(out)
            }
        };
        Ok(HitPrinter { format, page, shown: 0, cited: 0 })
    }

    /// Prints one hit.
    ///
    /// # Errors
    /// Writing failed.
    pub fn hit(&mut self, hit: &wire::Hit) -> io::Result<()> {
        self.shown += 1;
        match &mut self.format {
            Format::Text(out, style) => write_hit(*out, hit, style),
            Format::Ndjson(out) => super::json::write_line(*out, hit),
            Format::Json(out) => {
                if self.shown > 1 {
                    out.write_all(b",")?;
                }
                out.write_all(super::json::to_string(hit)?.as_bytes())
            }
            Format::Csv(writer) => export::csv_row(writer, hit),
            Format::Markdown(out) => {
                export::markdown_row(*out, self.page.summary.offset as usize + self.shown, hit)
            }
        }
    }

    /// Whether the hits are wanted a second time, for the sources after a Markdown table.
    pub fn cites_sources(&self) -> bool {
        matches!(self.format, Format::Markdown(_)) && self.shown > 0
    }

    /// Starts the sources after a Markdown table: the hits come again, in the same order,
    /// to [`HitPrinter::source`].
    ///
    /// # Errors
    /// Writing failed.
    pub fn sources_head(&mut self) -> io::Result<()> {
        self.cited = 0;
        match &mut self.format {
            Format::Markdown(out) => export::markdown_sources_head(*out),
            _ => Ok(()),
        }
    }

    /// Prints the citation of a hit, numbered as in the table.
    ///
    /// # Errors
    /// Writing failed.
    pub fn source(&mut self, hit: &wire::Hit) -> io::Result<()> {
        self.cited += 1;
        match &mut self.format {
            Format::Markdown(out) => {
                export::markdown_source(*out, self.page.summary.offset as usize + self.cited, hit)
            }
            _ => Ok(()),
        }
    }

    /// Ends the output: the text footer, the JSON document's end.
    ///
    /// # Errors
    /// Writing failed.
    pub fn finish(self, elapsed: Duration) -> io::Result<()> {
        match self.format {
            Format::Text(out, style) => {
                writeln!(out, "{}", style.dim(&footer(&self.page, self.shown, elapsed)))
            }
            Format::Ndjson(_) | Format::Markdown(_) => Ok(()),
            Format::Json(out) => out.write_all(b"]}\n"),
            Format::Csv(mut writer) => writer.flush(),
        }
    }
}

/// The hits a page holds: its limit, cut at the last match.
fn page_len(page: &Page) -> usize {
    let left = page.summary.total.saturating_sub(page.summary.offset);
    page.summary.limit.map_or(left, |limit| limit.min(left)) as usize
}

/// `showing 1–10 of 4,653 releases (all words: 812)`: which hits, of how many.
fn page_line(page: &Page, shown: usize) -> String {
    let summary = &page.summary;
    let releases =
        |count: u64| format!("{} release{}", thousands(count), if count == 1 { "" } else { "s" });
    let words = if page.all_words && page.words > 1 {
        " with all words".to_string()
    } else if page.words > 1 {
        format!(" (all words: {})", thousands(summary.matched_all_words))
    } else {
        String::new()
    };
    if summary.total == 0 {
        return "no release matches".to_string();
    }
    if shown == 0 {
        return format!(
            "showing none of {}{words} (offset {})",
            releases(summary.total),
            summary.offset
        );
    }
    let first = summary.offset + 1;
    let last = summary.offset + shown as u64;
    format!(
        "showing {}–{} of {}{words}",
        thousands(first),
        thousands(last),
        releases(summary.total)
    )
}

/// The footer: which hits of how many, how long it took, and how to see more.
fn footer(page: &Page, shown: usize, elapsed: Duration) -> String {
    let mut footer = format!("{} in {} ms", page_line(page, shown), elapsed.as_millis());
    let next = page.summary.offset + shown as u64;
    if shown > 0 && next < page.summary.total {
        footer.push_str(&format!("; --offset {next} for more"));
    }
    footer
}

fn write_hit(out: &mut dyn Write, hit: &wire::Hit, style: &Style) -> io::Result<()> {
    let date = hit
        .published
        .map_or_else(|| "undated   ".to_string(), |at| at.0.format("%Y-%m-%d").to_string());
    let marks = |highlights: &[wire::Highlight]| -> Vec<(usize, usize)> {
        highlights.iter().map(|highlight| highlight.bytes).collect()
    };
    let title = style.title(&hit.title, &marks(&hit.title_highlights));
    // The title wraps under itself, after the date column.
    let title = style.wrap(&title, "            ");
    writeln!(out, "{}  {}", style.dim(&date), title.trim_start())?;
    writeln!(out, "            {}", style.link(&hit.link))?;
    let facets = facet_line(&hit.countries, &hit.agreements);
    if !facets.is_empty() {
        writeln!(out, "{}", style.wrap(&style.dim(&facets), "            "))?;
    }
    if !hit.snippet.text.is_empty() {
        let snippet = style.highlight(&hit.snippet.text, &marks(&hit.snippet.highlights), false);
        writeln!(out, "{}", style.wrap(&snippet, "            "))?;
    }
    writeln!(out)
}

/// On stderr: `showing results for customs agreement` when words were replaced.
pub fn corrections(corrected: Option<&str>) {
    if let Some(corrected) = corrected {
        eprintln!(
            "pressdex: showing results for {}",
            sanitize(corrected).replace(['\n', '\t'], " ")
        );
    }
}

/// On stderr, one note per `prefix*` that matched more indexed words than were searched:
/// `pressdex: note: t* matches 1034 words; searched the 512 most frequent`.
pub fn capped_prefixes(capped: &[CappedPrefix]) {
    for prefix in capped {
        eprintln!(
            "pressdex: note: {}* matches {} indexed words; searched the {} most frequent",
            sanitize_line(&prefix.prefix),
            prefix.matched,
            prefix.searched
        );
    }
}

/// On stderr: the error, the query, and a caret under the mistake.
pub fn query_error(query: &str, error: &QueryError) {
    let query = sanitize_line(query).replace('\t', " ");
    let position = error.position.min(query.len());
    let column = query.get(..position).map_or(0, |before| before.chars().count());
    eprintln!("pressdex: bad query: {}", error.kind);
    eprintln!("  {query}");
    eprintln!("  {}^", " ".repeat(column));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(
        total: u64,
        matched_all_words: u64,
        words: usize,
        offset: u64,
        limit: Option<u64>,
    ) -> Page {
        Page {
            summary: wire::SearchResults {
                pressdex_json: wire::VERSION,
                query: String::new(),
                corrected_query: None,
                total,
                matched_all_words,
                offset,
                limit,
                sort: "relevance".into(),
                hits: Vec::new(),
            },
            words,
            all_words: false,
        }
    }

    fn check(page: Page, shown: usize, expected: &str) {
        assert_eq!(footer(&page, shown, Duration::from_millis(11)), expected);
    }

    #[test]
    fn footers_say_what_is_shown() {
        check(
            page(4653, 812, 2, 0, Some(10)),
            10,
            "showing 1–10 of 4,653 releases (all words: 812) in 11 ms; --offset 10 for more",
        );
        check(
            page(12, 3, 2, 10, Some(10)),
            2,
            "showing 11–12 of 12 releases (all words: 3) in 11 ms",
        );
        check(page(1, 1, 1, 0, Some(10)), 1, "showing 1–1 of 1 release in 11 ms");
        check(page(5, 5, 0, 0, None), 5, "showing 1–5 of 5 releases in 11 ms");
        check(page(0, 0, 1, 0, Some(10)), 0, "no release matches in 11 ms");
        check(
            page(9, 3, 3, 20, Some(10)),
            0,
            "showing none of 9 releases (all words: 3) (offset 20) in 11 ms",
        );
        let mut all = page(3, 3, 2, 0, Some(10));
        all.all_words = true;
        check(all, 3, "showing 1–3 of 3 releases with all words in 11 ms");
    }
}
