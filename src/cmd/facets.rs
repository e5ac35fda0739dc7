//! `pressdex facets`: counts per facet value over the releases a query matches.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;

use super::open::open_searcher;
use crate::config::FacetsConfig;
use crate::print;

pub fn run(config: &FacetsConfig, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let searcher = open_searcher(&config.index)?;
    let counts = searcher
        .facets(&config.query, false, &config.dimensions, config.buckets)
        .with_context(|| format!("counting facets for {:?}", config.query_text))?;
    print::facets::facets(out, &counts, &config.style, config.json)?;
    let total = counts.first().map_or(0, |facet| facet.total);
    Ok(if total > 0 { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

#[cfg(test)]
mod tests {
    use pressdex::wire;
    use pressdex_index::{DateBuckets, FacetDimension};

    use super::*;
    use crate::cmd::testing::{bundled_index, lines, location, query};
    use crate::print::style::Style;

    fn config(dir: &std::path::Path, dimensions: &[FacetDimension], json: bool) -> FacetsConfig {
        FacetsConfig {
            index: location(dir),
            query_text: String::new(),
            query: query(""),
            dimensions: dimensions.to_vec(),
            buckets: DateBuckets::Year,
            json,
            style: Style::plain(100),
        }
    }

    #[test]
    fn country_counts_carry_codes_and_names() {
        let dir = bundled_index();
        let config = config(dir.path(), &FacetDimension::ALL, true);
        let (code, out) = crate::cmd::testing::run(|out| run(&config, out));
        assert_eq!(code, ExitCode::SUCCESS);
        let facets: Vec<wire::FacetsSummary> = lines(&out);
        let fields: Vec<&str> = facets.iter().map(|facet| facet.facet.field.as_str()).collect();
        assert_eq!(fields, ["country", "agreement", "date", "feed", "kind"]);
        assert!(facets.iter().all(|facet| facet.pressdex_json == wire::VERSION));
        let countries = &facets[0].facet;
        assert_eq!(countries.total, 10);
        let cabo_verde = countries.counts.iter().find(|count| count.value == "CV");
        assert_eq!(
            cabo_verde.map(|count| (count.label.as_str(), count.count)),
            Some(("Cabo Verde", 1))
        );
        let years: Vec<(&str, u64)> = facets[2]
            .facet
            .counts
            .iter()
            .map(|count| (count.value.as_str(), count.count))
            .collect();
        assert_eq!(years, [("2022", 5), ("2023", 5)]);
    }

    #[test]
    fn the_chart_shows_names() {
        let dir = bundled_index();
        let config = config(dir.path(), &[FacetDimension::Country], false);
        let (_, out) = crate::cmd::testing::run(|out| run(&config, out));
        assert!(out.starts_with("country (10 releases)\n"), "{out}");
        assert!(out.contains("\n  Cabo Verde "), "{out}");
    }
}
