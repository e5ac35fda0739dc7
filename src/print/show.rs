//! `pressdex show` output: one whole release, wrapped, or as one JSON object.

use std::io::{self, Write};

use pressdex::wire;
use pressdex_index::IndexedRelease;

use super::facet_line;
use super::style::Style;

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
    writeln!(out, "{}", style.wrap(&style.strong(&release.title), ""))?;
    let mut details = vec![
        release
            .published
            .map_or_else(|| "undated".to_string(), |at| at.format("%Y-%m-%d").to_string()),
    ];
    details.push(release.feed.clone());
    details.push(release.kind.as_str().to_string());
    details.extend(release.location.clone());
    details.retain(|detail| !detail.is_empty());
    writeln!(out, "{}", style.wrap(&style.dim(&details.join(" · ")), ""))?;
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
    let time = |at: chrono::DateTime<chrono::Utc>| at.format("%Y-%m-%d %H:%M:%SZ").to_string();
    let snapshot = super::sanitize(&provenance.snapshot);
    writeln!(out, "{}", style.dim(&format!("Snapshot: {snapshot}")))?;
    if let Some(url) = &provenance.url {
        writeln!(out, "{}", style.dim(&format!("Feed: {}", super::sanitize(url))))?;
    }
    let seen = format!(
        "Seen: {} to {}, {} revision{}",
        provenance.first_seen.format("%Y-%m-%d"),
        provenance.last_seen.format("%Y-%m-%d"),
        provenance.revisions,
        if provenance.revisions == 1 { "" } else { "s" }
    );
    writeln!(out, "{}", style.dim(&seen))?;
    let stamps = format!(
        "Indexed: {}, changed: {}",
        time(provenance.indexed_at),
        time(provenance.changed_at)
    );
    writeln!(out, "{}", style.dim(&stamps))?;
    for sighting in &provenance.sightings {
        let snapshot = super::sanitize(&sighting.snapshot);
        let line = format!("Seen in: {}  {snapshot}", time(sighting.fetched_at));
        writeln!(out, "{}", style.dim(&line))?;
    }
    Ok(())
}

/// On stderr: no release has this guid or link.
pub fn not_found(id: &str) {
    eprintln!("pressdex: no release with guid or link {}", super::sanitize(id));
}
