//! `pressdex facets`: counts per facet value over the releases a query matches, or a table of
//! counts by two facets (`--field agreement --by country`).

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;

use super::open::open_searcher;
use crate::config::{FacetsConfig, FacetsMode};
use crate::print;

pub fn run(config: &FacetsConfig, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let searcher = open_searcher(&config.index)?;
    let counting = || format!("counting facets for {:?}", config.query_text);
    let total = match &config.mode {
        FacetsMode::Counts { dimensions, buckets } => {
            let mut facets = searcher
                .facets(&config.query, false, dimensions, *buckets)
                .with_context(counting)?;
            let mut more = Vec::with_capacity(facets.len());
            for facet in &mut facets {
                let values = facet.counts.len();
                facet.arrange(config.order_for(facet.dimension));
                let listed = facet.counts.iter().filter(|count| count.count > 0).count();
                more.push(values.saturating_sub(listed));
            }
            print::facets::facets(out, &facets, &more, &config.style, config.json)?;
            facets.first().map_or(0, |facet| facet.total)
        }
        FacetsMode::Pivot { rows, columns } => {
            let mut pivot =
                searcher.pivot(&config.query, false, *rows, *columns).with_context(counting)?;
            let (row_values, column_values) = (pivot.row_values.len(), pivot.column_values.len());
            pivot.arrange(config.order_for(rows.dimension), config.order_for(columns.dimension));
            let listed = |values: &[pressdex_index::FacetCount]| {
                values.iter().filter(|value| value.count > 0).count()
            };
            let more = (
                row_values.saturating_sub(listed(&pivot.row_values)),
                column_values.saturating_sub(listed(&pivot.column_values)),
            );
            print::facets::pivot(out, &pivot, more, &config.style, config.json)?;
            pivot.total
        }
    };
    Ok(if total > 0 { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

#[cfg(test)]
mod tests {
    use pressdex::wire;
    use pressdex_index::{DateBuckets, FacetDimension, PivotAxis};

    use super::*;
    use crate::cmd::testing::{bundled_index, lines, location, query};
    use crate::print::style::Style;

    fn config(dir: &std::path::Path, mode: FacetsMode, json: bool) -> FacetsConfig {
        FacetsConfig {
            index: location(dir),
            query_text: String::new(),
            query: query(""),
            mode,
            top: None,
            sort: None,
            json,
            style: Style::plain(100),
        }
    }

    fn counts(dimensions: &[FacetDimension]) -> FacetsMode {
        FacetsMode::Counts { dimensions: dimensions.to_vec(), buckets: DateBuckets::Year }
    }

    #[test]
    fn country_counts_carry_codes_and_names() {
        let dir = bundled_index();
        let config = config(dir.path(), counts(&FacetDimension::ALL), true);
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
        let config = config(dir.path(), counts(&[FacetDimension::Country]), false);
        let (_, out) = crate::cmd::testing::run(|out| run(&config, out));
        assert!(out.starts_with("country (10 releases)\n"), "{out}");
        assert!(out.contains("\n  Cabo Verde "), "{out}");
    }

    #[test]
    fn a_table_of_agreements_by_country() {
        let dir = bundled_index();
        let axis = |dimension| PivotAxis { dimension, buckets: DateBuckets::Month };
        let mode = FacetsMode::Pivot {
            rows: axis(FacetDimension::Agreement),
            columns: axis(FacetDimension::Country),
        };
        let json = config(dir.path(), mode.clone(), true);
        let (code, out) = crate::cmd::testing::run(|out| run(&json, out));
        assert_eq!(code, ExitCode::SUCCESS);
        let pivot: wire::Pivot = serde_json::from_str(&out).expect("one JSON object");
        assert_eq!(
            (pivot.field.as_str(), pivot.by.as_str(), pivot.total),
            ("agreement", "country", 10)
        );
        let cmaa = pivot.rows.iter().position(|row| row.value == "CMAA").expect("a CMAA row");
        let cabo_verde = pivot.columns.iter().position(|column| column.value == "CV").expect("CV");
        assert_eq!(pivot.counts[cmaa][cabo_verde], 1);

        let text = config(dir.path(), mode, false);
        let (_, out) = crate::cmd::testing::run(|out| run(&text, out));
        assert!(out.starts_with("agreement by country (10 releases)\n"), "{out}");
        assert!(out.lines().any(|line| line.starts_with("CMAA ")), "{out}");
    }
}
