//! `pressdex show` output: one whole release, wrapped, or as one JSON object.

use std::io::{self, Write};

use pressdex::wire;
use pressdex_index::IndexedRelease;

use super::style::Style;
use super::{facet_line, one_line};

/// Writes `indexed` whole: wrapped text, or one `wire::Release` (with provenance) with `json`.
///
/// # Errors
/// Writing to `out` failed.
pub fn release(
    out: &mut dyn Write,
    indexed: &IndexedRelease,
    style: &Style,
    json: bool,
) -> io::Result<()> {
    if json {
        return super::json::write_line(out, &wire::Release::from(indexed));
    }
    let release = &indexed.release;
    let provenance = &indexed.provenance;
    writeln!(out, "{}", style.wrap(&style.strong(&one_line(&release.title)), ""))?;
    let mut details = vec![
        release
            .published
            .map_or_else(|| "undated".to_string(), |at| at.format("%Y-%m-%d").to_string()),
    ];
    details.push(release.feed.clone());
    details.push(release.kind.as_str().to_string());
    details.extend(release.location.clone());
    details.retain(|detail| !detail.is_empty());
    writeln!(out, "{}", style.wrap(&style.dim(&one_line(&details.join(" · "))), ""))?;
    writeln!(out, "{}", style.link(&release.link))?;
    let facets = facet_line(indexed);
    if !facets.is_empty() {
        writeln!(out, "{}", style.wrap(&facets, ""))?;
    }
    for agreement in &release.agreements {
        let line = format!("{}: {}", agreement.kind.code(), agreement.evidence);
        writeln!(out, "{}", style.wrap(&style.dim(&line), "  "))?;
    }
    if let Some(summary) = &release.summary {
        writeln!(out)?;
        writeln!(out, "{}", style.wrap(&style.strong(summary), ""))?;
    }
    for paragraph in release.body.split("\n\n").filter(|p| !p.trim().is_empty()) {
        writeln!(out)?;
        let paragraph = pressdex_ingest::normalize_space(paragraph);
        writeln!(out, "{}", style.wrap(&super::sanitize(&paragraph), ""))?;
    }
    if !release.captions.is_empty() {
        writeln!(out)?;
        for caption in &release.captions {
            writeln!(out, "{}", style.wrap(&style.dim(caption), "  "))?;
        }
    }
    writeln!(out)?;
    if let Some(contact) = &release.contact {
        writeln!(out, "{}", style.wrap(&style.dim(&format!("Contact: {contact}")), ""))?;
    }
    // Provenance is never wrapped: one fact per line, easy to grep.
    writeln!(out, "{}", style.dim(&format!("Snapshot: {}", one_line(&provenance.snapshot))))?;
    let seen = format!(
        "Seen: {} to {}, {} revision{}",
        provenance.first_seen.format("%Y-%m-%d"),
        provenance.last_seen.format("%Y-%m-%d"),
        provenance.revisions,
        if provenance.revisions == 1 { "" } else { "s" }
    );
    writeln!(out, "{}", style.dim(&seen))
}

/// On stderr: no release has this guid or link.
pub fn not_found(id: &str) {
    eprintln!("pressdex: no release with guid or link {}", super::sanitize_line(id));
}
