//! Output of `pressdex stats` and `pressdex check`: text, or one JSON object each.

use std::io::{self, Write};

use indicatif::HumanBytes;
use pressdex::wire;
use pressdex_index::{CheckReport, IndexStats};

use super::sanitize_line;

/// Writes `stats`: a short report, or one `wire::Stats` with `json`.
///
/// # Errors
/// Writing to `out` failed.
pub fn stats(out: &mut dyn Write, stats: &IndexStats, json: bool) -> io::Result<()> {
    let stats = wire::Stats::from(stats);
    if json {
        return super::json::write_line(out, &stats);
    }
    writeln!(out, "releases:  {}", stats.releases)?;
    let day = |at: Option<wire::Time>| {
        at.map_or("-".to_string(), |at| at.0.format("%Y-%m-%d").to_string())
    };
    writeln!(out, "published: {} .. {}", day(stats.earliest), day(stats.latest))?;
    writeln!(out, "snapshots: {}", stats.snapshots.len())?;
    if let Some(last) = stats.snapshots.iter().max_by_key(|s| s.fetched_at) {
        let how =
            last.dated_by.as_deref().map(|how| format!(", dated by {how}")).unwrap_or_default();
        writeln!(
            out,
            "           latest {} (fetched {}{how})",
            sanitize_line(&last.name),
            last.fetched_at
        )?;
    }
    if let Some(last_run) = stats.last_run {
        writeln!(out, "last run:  {last_run}")?;
    }
    writeln!(out, "size:      {} in {} segments", HumanBytes(stats.size_bytes), stats.segments)?;
    for facet in &stats.facets {
        if facet.counts.is_empty() {
            writeln!(out, "{}: -", facet.field)?;
            continue;
        }
        let listed: Vec<String> = facet
            .counts
            .iter()
            .map(|value| format!("{} ({})", sanitize_line(&value.label), value.count))
            .collect();
        writeln!(out, "{}: {}", facet.field, listed.join(", "))?;
    }
    Ok(())
}

/// Writes `check`'s report: problems, then one line of totals; with `json`, one `wire::Check`,
/// which also lists every release's guid, content hash and provenance (to compare two indexes).
///
/// # Errors
/// Writing to `out` failed.
pub fn check(out: &mut dyn Write, report: &CheckReport, json: bool) -> io::Result<()> {
    if json {
        return super::json::write_line(out, &wire::Check::from(report));
    }
    for problem in &report.problems {
        writeln!(out, "problem: {}", sanitize_line(problem))?;
    }
    let verdict = if report.problems.is_empty() { "ok" } else { "PROBLEMS" };
    writeln!(
        out,
        "{verdict}: {} releases in {} segments ({} files verified), {} problems",
        report.documents,
        report.segments,
        report.files,
        report.problems.len()
    )
}
