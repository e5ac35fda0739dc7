//! `pressdex search` output: hits as text (date, title, link, facets, snippet, wrapped) or as
//! NDJSON, the footer, the "showing results for" line and query errors with a caret.

use std::io::{self, Write};
use std::time::Duration;

use pressdex_index::{Correction, IndexedRelease, QueryError, SearchHit, SearchResults};
use serde::Serialize;

use super::json::{ProvenanceTail, ReleaseHead};
use super::sanitize;
use super::style::Style;

/// One hit in `--json` output (one object per line).
#[derive(Serialize)]
struct HitJson<'a> {
    #[serde(flatten)]
    head: ReleaseHead<'a>,
    countries: Vec<&'static str>,
    agreements: Vec<&'static str>,
    score: f32,
    title_highlights: &'a [(usize, usize)],
    snippet: SnippetJson<'a>,
    #[serde(flatten)]
    provenance: ProvenanceTail<'a>,
}

#[derive(Serialize)]
struct SnippetJson<'a> {
    text: &'a str,
    highlights: &'a [(usize, usize)],
}

/// Prints the hits of `results`: NDJSON with `json`, else text and a footer.
///
/// # Errors
/// Writing to stdout failed (a closed pipe is handled by `main`).
pub fn hits(
    results: &SearchResults,
    style: &Style,
    json: bool,
    all_words: bool,
    elapsed: Duration,
) -> io::Result<()> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    if json {
        for hit in &results.hits {
            super::json::write_line(&mut out, &hit_json(hit))?;
        }
        return out.flush();
    }
    for hit in &results.hits {
        write_hit(&mut out, hit, style)?;
    }
    writeln!(out, "{}", style.dim(&footer(results, all_words, elapsed)))?;
    out.flush()
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

fn write_hit(out: &mut impl Write, hit: &SearchHit, style: &Style) -> io::Result<()> {
    let release = &hit.release.release;
    let date = release
        .published
        .map_or_else(|| "undated   ".to_string(), |at| at.format("%Y-%m-%d").to_string());
    let title = style.highlight(&release.title, &hit.title_highlights, true);
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

/// "Cabo Verde, Mexico · CMAA" (countries, then agreement codes).
pub fn facet_line(release: &IndexedRelease) -> String {
    let countries: Vec<&str> = release.release.countries.iter().map(|c| c.name()).collect();
    let agreements = agreement_codes(release);
    [countries.join(", "), agreements.join(", ")]
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The agreement codes of `release`, each once, in order of first mention.
fn agreement_codes(release: &IndexedRelease) -> Vec<&'static str> {
    let mut codes: Vec<&'static str> = Vec::new();
    for agreement in &release.release.agreements {
        if !codes.contains(&agreement.kind.code()) {
            codes.push(agreement.kind.code());
        }
    }
    codes
}

fn hit_json(hit: &SearchHit) -> HitJson<'_> {
    HitJson {
        head: ReleaseHead::new(&hit.release),
        countries: hit.release.release.countries.iter().map(|c| c.name()).collect(),
        agreements: agreement_codes(&hit.release),
        score: hit.score,
        title_highlights: &hit.title_highlights,
        snippet: SnippetJson { text: &hit.snippet.text, highlights: &hit.snippet.highlights },
        provenance: ProvenanceTail::new(&hit.release),
    }
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
    eprintln!("pressdex: showing results for {}", sanitize(&corrected.join(" ")));
}

/// On stderr: the error, the query, and a caret under the mistake.
pub fn query_error(query: &str, error: &QueryError) {
    let query = sanitize(query).replace(['\n', '\t'], " ");
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
        SearchResults { hits: Vec::new(), total, matched_all_words, words, corrections: Vec::new() }
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
