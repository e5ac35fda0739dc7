//! `pressdex facets` output: a small bar chart per facet, or one JSON object per facet.

use std::io::{self, Write};

use pressdex_index::{FacetCount, FacetCounts, FacetDimension};
use pressdex_ingest::Country;
use serde::Serialize;

use super::style::Style;

/// Widest bar, in characters.
const BAR_WIDTH: u64 = 30;

#[derive(Serialize)]
struct FacetJson<'a> {
    field: &'static str,
    total: u64,
    counts: Vec<CountJson<'a>>,
}

#[derive(Serialize)]
struct CountJson<'a> {
    value: &'a str,
    count: u64,
}

/// Prints `facets`: JSON (one object per line) or a bar chart per facet.
///
/// # Errors
/// Writing to stdout failed.
pub fn facets(facets: &[FacetCounts], style: &Style, json: bool) -> io::Result<()> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    for (index, facet) in facets.iter().enumerate() {
        if json {
            let object = FacetJson {
                field: facet.dimension.as_str(),
                total: facet.total,
                counts: facet
                    .counts
                    .iter()
                    .map(|count| CountJson {
                        value: label(facet.dimension, count),
                        count: count.count,
                    })
                    .collect(),
            };
            super::json::write_line(&mut out, &object)?;
            continue;
        }
        if index > 0 {
            writeln!(out)?;
        }
        write_chart(&mut out, facet, style)?;
    }
    out.flush()
}

fn write_chart(out: &mut impl Write, facet: &FacetCounts, style: &Style) -> io::Result<()> {
    let releases = if facet.total == 1 { "release" } else { "releases" };
    writeln!(
        out,
        "{} {}",
        style.strong(facet.dimension.as_str()),
        style.dim(&format!("({} {releases})", facet.total))
    )?;
    if facet.counts.is_empty() {
        return writeln!(out, "  {}", style.dim("(none)"));
    }
    let values: Vec<String> =
        facet.counts.iter().map(|count| super::sanitize(label(facet.dimension, count))).collect();
    let label_width = values.iter().map(|value| value.chars().count()).max().unwrap_or(0).min(40);
    let most = facet.counts.iter().map(|count| count.count).max().unwrap_or(1).max(1);
    for (value, count) in values.iter().zip(&facet.counts) {
        let bar_len = (count.count * BAR_WIDTH).div_ceil(most);
        let bar = "█".repeat(usize::try_from(bar_len).unwrap_or(0));
        writeln!(out, "  {value:<label_width$}  {bar} {}", count.count)?;
    }
    Ok(())
}

/// How a value is shown: a country's name (the index keys countries by ISO code), any other
/// value as it is.
pub fn label(dimension: FacetDimension, count: &FacetCount) -> &str {
    match dimension {
        FacetDimension::Country => Country::from_alpha2(&count.value)
            .map_or(count.value.as_str(), |country| country.name()),
        _ => &count.value,
    }
}
