//! `pressdex show` output: one whole release as wrapped text, Markdown or one JSON object, each
//! with its citation, all from the same `wire::Release`; and, when several releases match, the
//! list to choose from.

use std::io::{self, Write};

use pressdex::wire;
use pressdex_index::{Candidate, IndexedRelease};

use super::cite::Citation;
use super::style::Style;
use super::{facet_line, markdown, one_line, sanitize};
use crate::config::ShowFormat;

/// Writes `indexed` whole in `format`.
///
/// # Errors
/// Writing to `out` failed.
pub fn release(
    out: &mut dyn Write,
    indexed: &IndexedRelease,
    style: &Style,
    format: ShowFormat,
) -> io::Result<()> {
    let release = wire::Release::from(indexed);
    match format {
        ShowFormat::Json => super::json::write_line(out, &release),
        ShowFormat::Text => text(out, &release, style),
        ShowFormat::Markdown => markdown(out, &release),
    }
}

/// `Agreement: CMAA (Mexico, 2024-05-01) — "the sentence"`: the parties and the event date,
/// when the text gives them.
fn evidence_line(agreement: &wire::Agreement) -> String {
    let mut about: Vec<String> = agreement.parties.iter().map(|party| party.name.clone()).collect();
    about.extend(agreement.event_date.map(|date| date.format("%Y-%m-%d").to_string()));
    if about.is_empty() {
        format!("Agreement: {} — \"{}\"", agreement.code, agreement.evidence)
    } else {
        format!("Agreement: {} ({}) — \"{}\"", agreement.code, about.join(", "), agreement.evidence)
    }
}

fn text(out: &mut dyn Write, release: &wire::Release, style: &Style) -> io::Result<()> {
    let title = if release.title.is_empty() { "(no title)" } else { &release.title };
    writeln!(out, "{}", style.wrap(&style.strong(&one_line(title)), ""))?;
    let mut details = vec![
        release
            .published
            .map_or_else(|| "undated".to_string(), |at| at.0.format("%Y-%m-%d").to_string()),
    ];
    details.push(release.feed.clone());
    details.push(release.kind.clone());
    details.extend(release.location.clone());
    details.retain(|detail| !detail.is_empty());
    writeln!(out, "{}", style.wrap(&style.dim(&one_line(&details.join(" · "))), ""))?;
    writeln!(out, "{}", style.link(&release.link))?;
    // The guid finds this release again: never wrapped.
    writeln!(out, "{}", style.dim(&format!("guid: {}", one_line(&release.guid))))?;
    let facets = facet_line(&release.countries, &release.agreements);
    if !facets.is_empty() {
        writeln!(out, "{}", style.wrap(&style.dim(&facets), ""))?;
    }
    if !release.mentions.is_empty() {
        let names: Vec<&str> =
            release.mentions.iter().map(|country| country.name.as_str()).collect();
        let line = format!("Mentions: {}", names.join(", "));
        writeln!(out, "{}", style.wrap(&style.dim(&line), ""))?;
    }
    let regions: Vec<&str> = release.regions.iter().map(|region| region.name.as_str()).collect();
    if !regions.is_empty() {
        let line = format!("Regions: {}", regions.join(", "));
        writeln!(out, "{}", style.wrap(&style.dim(&line), ""))?;
    }
    for agreement in &release.agreements {
        writeln!(out, "{}", style.wrap(&style.dim(&evidence_line(agreement)), "  ").trim_start())?;
    }
    if let Some(summary) = &release.summary {
        writeln!(out)?;
        writeln!(out, "{}", style.wrap(&style.strong(summary), ""))?;
    }
    for paragraph in release.body.split("\n\n").filter(|p| !p.trim().is_empty()) {
        writeln!(out)?;
        let paragraph = pressdex_ingest::normalize_space(paragraph);
        writeln!(out, "{}", style.wrap(&sanitize(&paragraph), ""))?;
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
    if let Some(provenance) = &release.provenance {
        provenance_lines(out, provenance, style)?;
    }
    writeln!(out, "Cite: {}", Citation::of_release(release).text())
}

/// Where the release came from. Never wrapped: one fact per line, easy to grep.
fn provenance_lines(
    out: &mut dyn Write,
    provenance: &wire::Provenance,
    style: &Style,
) -> io::Result<()> {
    let time = |at: &wire::Time| at.0.format("%Y-%m-%d %H:%M:%SZ").to_string();
    writeln!(
        out,
        "{}",
        style.dim(&format!("Snapshot: {}", super::sanitize_line(&provenance.snapshot)))
    )?;
    if let Some(url) = &provenance.url {
        writeln!(out, "{}", style.dim(&format!("Feed: {}", super::sanitize_line(url))))?;
    }
    let seen = format!(
        "Seen: {} to {}, {} revision{}",
        provenance.first_seen.0.format("%Y-%m-%d"),
        provenance.last_seen.0.format("%Y-%m-%d"),
        provenance.revisions,
        if provenance.revisions == 1 { "" } else { "s" }
    );
    writeln!(out, "{}", style.dim(&seen))?;
    let stamps = format!(
        "Indexed: {}, changed: {}",
        time(&provenance.indexed_at),
        time(&provenance.changed_at)
    );
    writeln!(out, "{}", style.dim(&stamps))?;
    for sighting in &provenance.sightings {
        let line = format!(
            "Seen in: {}  {}",
            time(&sighting.fetched_at),
            super::sanitize_line(&sighting.snapshot)
        );
        writeln!(out, "{}", style.dim(&line))?;
    }
    Ok(())
}

fn markdown(out: &mut dyn Write, release: &wire::Release) -> io::Result<()> {
    let title = if release.title.trim().is_empty() { "(no title)" } else { &release.title };
    writeln!(out, "# {}", markdown::text(title))?;
    writeln!(out)?;
    let date =
        release.published.map_or("undated".to_string(), |at| at.0.format("%Y-%m-%d").to_string());
    let mut facts = vec![("Published", date), ("Feed", markdown::text(&release.feed))];
    facts.push(("Kind", markdown::text(&release.kind)));
    if let Some(location) = &release.location {
        facts.push(("Location", markdown::text(location)));
    }
    if !release.countries.is_empty() {
        let names: Vec<String> =
            release.countries.iter().map(|country| markdown::text(&country.name)).collect();
        facts.push(("Countries", names.join(", ")));
    }
    for agreement in &release.agreements {
        let line = format!("{} — \"{}\"", agreement.code, agreement.evidence);
        facts.push(("Agreement", markdown::text(&line)));
    }
    if let Some(url) = markdown::url(&release.link) {
        facts.push(("Link", format!("<{url}>")));
    }
    facts.push(("Guid", markdown::text(&release.guid)));
    for (label, value) in facts {
        writeln!(out, "- **{label}:** {value}")?;
    }
    if let Some(summary) = &release.summary {
        writeln!(out)?;
        writeln!(out, "> {}", markdown::paragraph(summary))?;
    }
    for paragraph in release.body.split("\n\n").filter(|p| !p.trim().is_empty()) {
        writeln!(out)?;
        writeln!(out, "{}", markdown::paragraph(paragraph))?;
    }
    for caption in &release.captions {
        writeln!(out)?;
        writeln!(out, "*{}*", markdown::paragraph(caption))?;
    }
    writeln!(out)?;
    writeln!(out, "## Citation")?;
    writeln!(out)?;
    writeln!(out, "{}", Citation::of_release(release).markdown())
}

/// On stderr: several releases match `id`; the first few, by guid, to pick one.
pub fn several(id: &str, candidates: &[Candidate], total: usize) {
    eprintln!(
        "pressdex: {total} releases match {:?}; show one by its guid:",
        super::sanitize_line(id)
    );
    for candidate in candidates {
        let date = candidate
            .published
            .map_or_else(|| "undated   ".to_string(), |at| at.format("%Y-%m-%d").to_string());
        let title = super::sanitize_line(&candidate.title);
        eprintln!("  {date}  {}  {title}", super::sanitize_line(&candidate.guid));
    }
    if total > candidates.len() {
        eprintln!("  ... and {} more", total - candidates.len());
    }
}

/// On stderr: no release has this guid, link, number or title.
pub fn not_found(id: &str) {
    eprintln!(
        "pressdex: no release with guid, link, number or title {:?}",
        super::sanitize_line(id)
    );
}
