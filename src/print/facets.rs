//! `pressdex facets` output: a small bar chart per facet, or one JSON object per facet.

use std::io::{self, Write};

use pressdex::wire;
use pressdex_index::FacetCounts;

use super::style::Style;

/// Widest bar, in characters.
const BAR_WIDTH: u64 = 30;

/// Writes `facets`: one `wire::FacetsSummary` per line with `json`, else a bar chart per facet.
///
/// # Errors
/// Writing to `out` failed.
pub fn facets(
    out: &mut dyn Write,
    facets: &[FacetCounts],
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
        style.dim(&format!("({} {releases})", facet.total))
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
