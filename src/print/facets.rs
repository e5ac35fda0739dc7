//! `pressdex facets` output: a small bar chart per facet or one JSON object per facet; a table
//! of counts by two facets, aligned, or as one JSON object.

use std::io::{self, Write};

use pressdex::wire;
use pressdex_index::{FacetCounts, Pivot};

use super::style::Style;
use super::{sanitize, thousands};

/// Widest bar, in characters.
const BAR_WIDTH: u64 = 30;

/// Widest row label and column heading of a table, in characters.
const ROW_LABEL_WIDTH: usize = 30;
const COLUMN_WIDTH: usize = 14;

/// Writes `facets`: one `wire::FacetsSummary` per line with `json`, else a bar chart per facet
/// ending with how many values `--top` left out (`more`, one per facet).
///
/// # Errors
/// Writing to `out` failed.
pub fn facets(
    out: &mut dyn Write,
    facets: &[FacetCounts],
    more: &[usize],
    style: &Style,
    json: bool,
) -> io::Result<()> {
    for (index, facet) in facets.iter().enumerate() {
        if json {
            super::json::write_line(out, &wire::FacetsSummary::from(facet))?;
            continue;
        }
        if index > 0 {
            writeln!(out)?;
        }
        write_chart(out, &wire::Facet::from(facet), style)?;
        if let Some(&hidden) = more.get(index).filter(|hidden| **hidden > 0) {
            let line = format!("  ... {} more (--top N to list more)", thousands(hidden as u64));
            writeln!(out, "{}", style.dim(&line))?;
        }
    }
    Ok(())
}

/// The chart of `facet`, labelled as people read the values (country names, not codes).
fn write_chart(out: &mut dyn Write, facet: &wire::Facet, style: &Style) -> io::Result<()> {
    let releases = if facet.total == 1 { "release" } else { "releases" };
    writeln!(
        out,
        "{} {}",
        style.strong(&facet.field),
        style.dim(&format!("({} {releases})", thousands(facet.total)))
    )?;
    if facet.counts.is_empty() {
        return writeln!(out, "  {}", style.dim("(none)"));
    }
    let values: Vec<String> =
        facet.counts.iter().map(|count| super::sanitize_line(&count.label)).collect();
    let label_width = values.iter().map(|value| value.chars().count()).max().unwrap_or(0).min(40);
    let most = facet.counts.iter().map(|count| count.count).max().unwrap_or(1).max(1);
    for (value, count) in values.iter().zip(&facet.counts) {
        let bar_len = (count.count * BAR_WIDTH).div_ceil(most);
        let bar = "█".repeat(usize::try_from(bar_len).unwrap_or(0));
        writeln!(out, "  {value:<label_width$}  {bar} {}", count.count)?;
    }
    Ok(())
}

/// Writes `pivot`: one `wire::Pivot` with `json`, else an aligned table with a total per row
/// and per column, and how many rows and columns `--top` left out (`more`).
///
/// # Errors
/// Writing to `out` failed.
pub fn pivot(
    out: &mut dyn Write,
    pivot: &Pivot,
    more: (usize, usize),
    style: &Style,
    json: bool,
) -> io::Result<()> {
    let table = wire::Pivot::from(pivot);
    if json {
        return super::json::write_line(out, &table);
    }
    let releases = if table.total == 1 { "release" } else { "releases" };
    writeln!(
        out,
        "{} {}",
        style.strong(&format!("{} by {}", table.field, table.by)),
        style.dim(&format!("({} {releases})", thousands(table.total)))
    )?;
    if table.rows.is_empty() {
        return writeln!(out, "  {}", style.dim("(none)"));
    }
    let rows: Vec<String> =
        table.rows.iter().map(|row| cut(&one_line(&row.label), ROW_LABEL_WIDTH)).collect();
    let mut headings: Vec<String> =
        table.columns.iter().map(|column| cut(&one_line(&column.label), COLUMN_WIDTH)).collect();
    headings.push("total".to_string());
    let label_width = rows.iter().map(|row| row.chars().count()).max().unwrap_or(0).max(5);
    let widths: Vec<usize> = headings
        .iter()
        .enumerate()
        .map(|(index, heading)| {
            let widest = if index < table.columns.len() {
                table.counts.iter().map(|counts| digits(counts[index])).max().unwrap_or(1)
            } else {
                table.rows.iter().map(|row| digits(row.count)).max().unwrap_or(1)
            };
            heading.chars().count().max(widest)
        })
        .collect();
    let mut line = format!("{:label_width$}", "");
    for (heading, width) in headings.iter().zip(&widths) {
        line.push_str(&format!("  {heading:>width$}"));
    }
    writeln!(out, "{}", style.dim(line.trim_end()))?;
    for ((label, row), counts) in rows.iter().zip(&table.rows).zip(&table.counts) {
        let mut line = format!("{label:<label_width$}");
        for (count, width) in counts.iter().zip(&widths) {
            // An empty cell is a dot: the counts stand out in a sparse table.
            let cell = if *count == 0 { "·".to_string() } else { count.to_string() };
            line.push_str(&format!("  {cell:>width$}"));
        }
        let width = widths.last().copied().unwrap_or(1);
        line.push_str(&format!("  {:>width$}", row.count));
        writeln!(out, "{line}")?;
    }
    let mut line = format!("{:<label_width$}", "total");
    for (column, width) in table.columns.iter().zip(&widths) {
        line.push_str(&format!("  {:>width$}", column.count));
    }
    writeln!(out, "{}", style.dim(line.trim_end()))?;
    let (rows_left_out, columns_left_out) = more;
    if rows_left_out > 0 || columns_left_out > 0 {
        let line = format!(
            "... {rows_left_out} more {} and {columns_left_out} more {} (--top N to list more)",
            table.field, table.by
        );
        writeln!(out, "{}", style.dim(&line))?;
    }
    if table.parties {
        writeln!(out, "{}", style.dim("(countries counted as parties to the agreement)"))?;
    }
    Ok(())
}

fn one_line(text: &str) -> String {
    sanitize(text).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `text` cut to `width` characters, with `…` when cut.
fn cut(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(width.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

fn digits(count: u64) -> usize {
    count.to_string().len()
}
