//! `pressdex show` output: one whole release, wrapped, or as one JSON object.

use std::io::{self, Write};

use pressdex_index::IndexedRelease;
use serde::Serialize;

use super::json::{ProvenanceTail, ReleaseHead};
use super::search::facet_line;
use super::style::Style;

#[derive(Serialize)]
struct ReleaseJson<'a> {
    #[serde(flatten)]
    head: ReleaseHead<'a>,
    creator: Option<&'a str>,
    contact: Option<&'a str>,
    release_date: Option<String>,
    countries: Vec<&'static str>,
    agreements: Vec<AgreementJson<'a>>,
    summary: Option<&'a str>,
    body: &'a str,
    captions: &'a [String],
    #[serde(flatten)]
    provenance: ProvenanceTail<'a>,
}

#[derive(Serialize)]
struct AgreementJson<'a> {
    kind: &'static str,
    evidence: &'a str,
}

/// Prints `release` whole.
///
/// # Errors
/// Writing to stdout failed.
pub fn release(indexed: &IndexedRelease, style: &Style, json: bool) -> io::Result<()> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let release = &indexed.release;
    let provenance = &indexed.provenance;
    if json {
        let object = ReleaseJson {
            head: ReleaseHead::new(indexed),
            creator: release.creator.as_deref(),
            contact: release.contact.as_deref(),
            release_date: release.release_date.map(|date| date.format("%Y-%m-%d").to_string()),
            countries: release.countries.iter().map(|c| c.name()).collect(),
            agreements: release
                .agreements
                .iter()
                .map(|a| AgreementJson { kind: a.kind.code(), evidence: &a.evidence })
                .collect(),
            summary: release.summary.as_deref(),
            body: &release.body,
            captions: &release.captions,
            provenance: ProvenanceTail::new(indexed),
        };
        super::json::write_line(&mut out, &object)?;
        return out.flush();
    }
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
    writeln!(out, "{}", style.dim(&format!("Snapshot: {}", provenance.snapshot)))?;
    let seen = format!(
        "Seen: {} to {}, {} revision{}",
        provenance.first_seen.format("%Y-%m-%d"),
        provenance.last_seen.format("%Y-%m-%d"),
        provenance.revisions,
        if provenance.revisions == 1 { "" } else { "s" }
    );
    writeln!(out, "{}", style.dim(&seen))?;
    out.flush()
}

/// On stderr: no release has this guid or link.
pub fn not_found(id: &str) {
    eprintln!("pressdex: no release with guid or link {}", super::sanitize(id));
}
