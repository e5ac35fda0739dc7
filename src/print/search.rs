//! `pressdex search` output: hits as text (date, title, link, facets, snippet, wrapped) or as
//! NDJSON, the footer, the "showing results for" line and query errors with a caret.

use std::io::{self, Write};
use std::time::Duration;

use pressdex::wire;
use pressdex_index::{CappedPrefix, Correction, QueryError, SearchHit, SearchResults};

use super::style::Style;
use super::{facet_line, sanitize_line};

/// Writes the hits of `results` as text, then the footer.
///
/// # Errors
/// Writing to `out` failed (a closed pipe is handled by `main`).
pub fn hits(
    out: &mut dyn Write,
    results: &SearchResults,
    style: &Style,
    all_words: bool,
    elapsed: Duration,
) -> io::Result<()> {
    for hit in &results.hits {
        write_hit(out, hit, style)?;
    }
    writeln!(out, "{}", style.dim(&footer(results, all_words, elapsed)))
}

/// Writes the hits of `results` as NDJSON, one `wire::Hit` per line.
///
/// # Errors
/// Writing to `out` failed.
pub fn hits_json(out: &mut dyn Write, results: &SearchResults) -> io::Result<()> {
    for hit in &results.hits {
        super::json::write_line(out, &wire::Hit::from(hit))?;
    }
    Ok(())
}

/// The footer: matches, how many matched all words, time taken.
fn footer(results: &SearchResults, all_words: bool, elapsed: Duration) -> String {
    let plural =
        |count: usize, word: &str| format!("{count} {word}{}", if count == 1 { "" } else { "es" });
    let time = format!("in {} ms", elapsed.as_millis());
    if results.words == 0 {
        let releases = if results.total == 1 { "release" } else { "releases" };
        return format!("{} {releases} {time}", results.total);
    }
    if all_words {
        return format!("{} with all words {time}", plural(results.total, "match"));
    }
    format!(
        "{} ({} with all words) {time}",
        plural(results.total, "match"),
        results.matched_all_words
    )
}

fn write_hit(out: &mut dyn Write, hit: &SearchHit, style: &Style) -> io::Result<()> {
    let release = &hit.release.release;
    let date = release
        .published
        .map_or_else(|| "undated   ".to_string(), |at| at.format("%Y-%m-%d").to_string());
    let title = style.title(&release.title, &hit.title_highlights);
    // The title wraps under itself, after the date column.
    let title = style.wrap(&title, "            ");
    writeln!(out, "{}  {}", style.dim(&date), title.trim_start())?;
    writeln!(out, "            {}", style.link(&release.link))?;
    let facets = facet_line(&hit.release);
    if !facets.is_empty() {
        writeln!(out, "{}", style.wrap(&style.dim(&facets), "            "))?;
    }
    if !hit.snippet.text.is_empty() {
        let snippet = style.highlight(&hit.snippet.text, &hit.snippet.highlights, false);
        writeln!(out, "{}", style.wrap(&snippet, "            "))?;
    }
    writeln!(out)
}

/// On stderr: `showing results for custom agreement` when words were replaced.
pub fn corrections(query: &str, corrections: &[Correction]) {
    if corrections.is_empty() {
        return;
    }
    let corrected: Vec<String> = query
        .split_whitespace()
        .map(|word| {
            corrections
                .iter()
                .find(|correction| correction.typed == word)
                .map_or_else(|| word.to_string(), |correction| correction.replacement.clone())
        })
        .collect();
    eprintln!("pressdex: showing results for {}", sanitize_line(&corrected.join(" ")));
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

    fn results(total: usize, matched_all_words: usize, words: usize) -> SearchResults {
        SearchResults {
            hits: Vec::new(),
            total,
            matched_all_words,
            words,
            corrections: Vec::new(),
            capped_prefixes: Vec::new(),
        }
    }

    fn check(results: SearchResults, all_words: bool, expected: &str) {
        assert_eq!(footer(&results, all_words, Duration::from_millis(7)), expected);
    }

    #[test]
    fn footers() {
        check(results(12, 3, 2), false, "12 matches (3 with all words) in 7 ms");
        check(results(1, 1, 1), false, "1 match (1 with all words) in 7 ms");
        check(results(3, 3, 2), true, "3 matches with all words in 7 ms");
        check(results(5, 5, 0), false, "5 releases in 7 ms");
        check(results(0, 0, 1), false, "0 matches (0 with all words) in 7 ms");
    }
}
