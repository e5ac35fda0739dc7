//! Output of `pressdex stats` and `pressdex check`.

use std::io::{self, Write};

use chrono::{DateTime, SecondsFormat, Utc};
use pressdex_index::{CheckReport, IndexStats};
use serde::Serialize;

use super::sanitize;

#[derive(Serialize)]
struct StatsJson<'a> {
    releases: u64,
    earliest: Option<String>,
    latest: Option<String>,
    snapshots: Vec<SnapshotJson<'a>>,
    facets: Vec<FacetJson<'a>>,
    size_bytes: u64,
    segments: usize,
}

#[derive(Serialize)]
struct SnapshotJson<'a> {
    name: &'a str,
    fetched_at: String,
}

#[derive(Serialize)]
struct FacetJson<'a> {
    field: &'a str,
    values: Vec<ValueJson<'a>>,
}

#[derive(Serialize)]
struct ValueJson<'a> {
    value: &'a str,
    count: u64,
}

fn time(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Prints `stats`: a short report, or one JSON object with `json`.
///
/// # Errors
/// Writing to stdout fails.
pub fn stats(stats: &IndexStats, json: bool) -> io::Result<()> {
    let mut out = io::stdout().lock();
    if json {
        let value = StatsJson {
            releases: stats.releases,
            earliest: stats.earliest.map(time),
            latest: stats.latest.map(time),
            snapshots: stats
                .snapshots
                .iter()
                .map(|s| SnapshotJson { name: &s.name, fetched_at: time(s.fetched_at) })
                .collect(),
            facets: stats
                .facets
                .iter()
                .map(|facet| FacetJson {
                    field: facet.dimension.as_str(),
                    values: facet
                        .counts
                        .iter()
                        .map(|count| ValueJson {
                            value: super::facets::label(facet.dimension, count),
                            count: count.count,
                        })
                        .collect(),
                })
                .collect(),
            size_bytes: stats.size_bytes,
            segments: stats.segments,
        };
        super::json::write_line(&mut out, &value)?;
        return out.flush();
    }
    writeln!(out, "releases:  {}", stats.releases)?;
    let day = |at: Option<DateTime<Utc>>| {
        at.map_or("-".to_string(), |at| at.format("%Y-%m-%d").to_string())
    };
    writeln!(out, "published: {} .. {}", day(stats.earliest), day(stats.latest))?;
    writeln!(out, "snapshots: {}", stats.snapshots.len())?;
    if let Some(last) = stats.snapshots.iter().max_by_key(|s| s.fetched_at) {
        writeln!(
            out,
            "           latest {} (fetched {})",
            sanitize(&last.name),
            time(last.fetched_at)
        )?;
    }
    writeln!(out, "size:      {} in {} segments", human_bytes(stats.size_bytes), stats.segments)?;
    for facet in &stats.facets {
        let field = facet.dimension.as_str();
        if facet.counts.is_empty() {
            writeln!(out, "{field}: -")?;
            continue;
        }
        let listed: Vec<String> = facet
            .counts
            .iter()
            .map(|count| {
                let value = super::facets::label(facet.dimension, count);
                format!("{} ({})", sanitize(value), count.count)
            })
            .collect();
        writeln!(out, "{field}: {}", listed.join(", "))?;
    }
    out.flush()
}

#[derive(Serialize)]
struct CheckJson<'a> {
    ok: bool,
    documents: u64,
    segments: usize,
    problems: &'a [String],
    releases: Vec<EntryJson<'a>>,
}

#[derive(Serialize)]
struct EntryJson<'a> {
    guid: &'a str,
    hash: String,
    first_seen: String,
    last_seen: String,
    revisions: u64,
    snapshot: &'a str,
}

/// Prints `check`'s report: problems, then one line of totals; with `json`, one object that also
/// lists every release's guid, content hash and provenance (to compare two indexes).
///
/// # Errors
/// Writing to stdout fails.
pub fn check(report: &CheckReport, json: bool) -> io::Result<()> {
    let mut out = io::stdout().lock();
    if json {
        let value = CheckJson {
            ok: report.problems.is_empty(),
            documents: report.documents,
            segments: report.segments,
            problems: &report.problems,
            releases: report
                .entries
                .iter()
                .map(|entry| EntryJson {
                    guid: &entry.guid,
                    hash: format!("{:016x}", entry.raw_hash),
                    first_seen: entry.first_seen.to_rfc3339_opts(SecondsFormat::Micros, true),
                    last_seen: entry.last_seen.to_rfc3339_opts(SecondsFormat::Micros, true),
                    revisions: entry.revisions,
                    snapshot: &entry.snapshot,
                })
                .collect(),
        };
        super::json::write_line(&mut out, &value)?;
        return out.flush();
    }
    for problem in &report.problems {
        writeln!(out, "problem: {}", sanitize(problem))?;
    }
    let verdict = if report.problems.is_empty() { "ok" } else { "PROBLEMS" };
    writeln!(
        out,
        "{verdict}: {} releases in {} segments, {} problems",
        report.documents,
        report.segments,
        report.problems.len()
    )?;
    out.flush()
}

fn human_bytes(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KiB", "MiB", "GiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 { format!("{bytes} B") } else { format!("{value:.1} {}", UNITS[unit]) }
}
