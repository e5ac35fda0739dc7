//! `pressdex parse`: a readable summary per release (or one JSON object per release), and the
//! reader's diagnostics.

use std::io::{self, Write};

use pressdex::wire;
use pressdex_ingest::{Diagnostic, PressRelease};

use super::sanitize_line;

/// How much of the body the summary shows.
const BODY_PREVIEW_CHARS: usize = 240;

/// Writes a few lines about `release`, each field on one line (line breaks in feed text shown
/// as spaces): title, date, kind, feed, fields, facets (each agreement
/// with the sentence it was found in) and the start of the body, then a blank line.
///
/// # Errors
/// Writing to `out` failed.
pub fn release(out: &mut dyn Write, release: &PressRelease) -> io::Result<()> {
    let published = match release.published {
        Some(at) => at.format("%Y-%m-%d %H:%M UTC").to_string(),
        None => "no date".to_owned(),
    };
    let title = if release.title.is_empty() { "(no title)" } else { &release.title };
    writeln!(out, "{}", sanitize_line(title))?;
    writeln!(
        out,
        "  {published} · {} · {}",
        release.kind.as_str(),
        sanitize_line(if release.feed.is_empty() { "(no feed title)" } else { &release.feed })
    )?;
    writeln!(out, "  guid: {}", sanitize_line(&release.guid))?;
    if !release.link.is_empty() {
        writeln!(out, "  link: {}", sanitize_line(&release.link))?;
    }
    let fields = [
        ("by", release.creator.as_deref()),
        ("summary", release.summary.as_deref()),
        ("location", release.location.as_deref()),
        ("contact", release.contact.as_deref()),
    ];
    for (label, value) in fields {
        if let Some(value) = value {
            writeln!(out, "  {label}: {}", sanitize_line(value))?;
        }
    }
    if let Some(date) = release.release_date {
        writeln!(out, "  release date: {date}")?;
    }
    if !release.countries.is_empty() {
        let names: Vec<&str> = release.countries.iter().map(|country| country.name()).collect();
        writeln!(out, "  countries: {}", names.join(", "))?;
    }
    for agreement in &release.agreements {
        writeln!(
            out,
            "  agreement {}: \"{}\"",
            agreement.kind.code(),
            sanitize_line(&agreement.evidence)
        )?;
    }
    let paragraphs = release.body.split("\n\n").filter(|p| !p.is_empty()).count();
    let words = release.body.split_whitespace().count();
    writeln!(
        out,
        "  body: {paragraphs} paragraphs, {words} words, {} captions",
        release.captions.len()
    )?;
    if !release.body.is_empty() {
        writeln!(out, "    {}", sanitize_line(&preview(&release.body)))?;
    }
    writeln!(out)
}

/// Writes `release` as one line of JSON: a `wire::Release` without provenance.
///
/// # Errors
/// Writing to `out` failed.
pub fn release_json(out: &mut dyn Write, release: &PressRelease) -> io::Result<()> {
    super::json::write_line(out, &wire::Release::from(release))
}

/// Prints one reader diagnostic on stderr, as one line.
pub fn diagnostic(problem: &Diagnostic) {
    eprintln!("pressdex: {}", sanitize_line(&problem.to_string()));
}

/// The body's first characters on one line, cut at a word boundary.
fn preview(body: &str) -> String {
    let flat = body.replace("\n\n", " ");
    if flat.chars().count() <= BODY_PREVIEW_CHARS {
        return flat;
    }
    let cut: String = flat.chars().take(BODY_PREVIEW_CHARS).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{cut} …")
}

#[cfg(test)]
mod tests {
    use super::preview;

    fn check(body: &str, expected: &str) {
        assert_eq!(preview(body), expected);
    }

    #[test]
    fn previews_cut_at_a_word() {
        check("short\n\nbody", "short body");
        let long = "word ".repeat(100);
        let shown = preview(&long);
        assert!(shown.ends_with("word …"), "{shown}");
        assert!(shown.chars().count() <= 242, "{shown}");
    }
}
