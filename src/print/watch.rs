//! Output of `pressdex watch`: what each watch found (text, or one `wire::WatchReport` per
//! watch), the list of watches, and the one-line confirmations.

use std::io::{self, Write};

use pressdex::wire;

use super::sanitize;
use super::style::Style;

/// Writes what one watch found: a heading, then one release per line pair (change, date,
/// title; link), newest change first.
///
/// # Errors
/// Writing to `out` failed.
pub fn report(
    out: &mut dyn Write,
    report: &wire::WatchReport,
    created_at: wire::Time,
    style: &Style,
    json: bool,
) -> io::Result<()> {
    if json {
        return super::json::write_line(out, report);
    }
    let name = sanitize(&report.watch);
    let count = report.matches.len();
    let what = if count == 1 { "release" } else { "releases" };
    let heading = format!("{name}: {count} {what} added or changed since {}", report.since);
    writeln!(out, "{}", style.strong(&heading))?;
    if report.first_run {
        let note = format!(
            "  first run: only releases indexed or changed since the watch was added \
             ({created_at}) are reported; `--from TIME` reaches further back"
        );
        writeln!(out, "{}", style.dim(&note))?;
    }
    for found in &report.matches {
        let date = found
            .published
            .map_or_else(|| "undated".to_string(), |at| at.0.format("%Y-%m-%d").to_string());
        let change = if found.change == "added" { "added  " } else { "updated" };
        writeln!(out, "  {change}  {date:<10}  {}", sanitize(&found.title))?;
        writeln!(out, "                       {}", style.link(&found.link))?;
    }
    Ok(())
}

/// Writes the watches, one line each (or one `wire::Watch` per line with `json`).
///
/// # Errors
/// Writing to `out` failed.
pub fn list(out: &mut dyn Write, watches: &[wire::Watch], json: bool) -> io::Result<()> {
    for watch in watches {
        if json {
            super::json::write_line(out, watch)?;
            continue;
        }
        let mut typed = vec![watch.query.clone()];
        typed.extend(watch.filters.iter().map(|flag| format!("--{} {}", flag.field, flag.value)));
        let typed: Vec<String> = typed.into_iter().filter(|part| !part.is_empty()).collect();
        let last =
            watch.last_run.map_or_else(|| "never run".to_string(), |at| format!("last run {at}"));
        writeln!(out, "{}\t{}\t{last}", sanitize(&watch.name), sanitize(&typed.join(" ")))?;
    }
    Ok(())
}

/// One line on stdout after `watch add` or `watch remove`.
///
/// # Errors
/// Writing to `out` failed.
pub fn done(out: &mut dyn Write, message: &str) -> io::Result<()> {
    writeln!(out, "{}", sanitize(message))
}

/// On stderr: a watch that could not run (it is not advanced).
pub fn failed(name: &str, err: &anyhow::Error) {
    eprintln!("pressdex: watch {}: {}", sanitize(name), sanitize(&format!("{err:#}")));
}

/// On stderr: there is no watch (of that name).
pub fn none(message: &str) {
    eprintln!("pressdex: {}", sanitize(message));
}
