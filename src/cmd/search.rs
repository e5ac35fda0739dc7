//! `pressdex search`: open (or first build) the index, search, print the hits as they come. The
//! ranking lives in `pressdex_index::ReleaseSearcher`; the query was parsed and merged with the
//! flags in `config`. Every match (`--all-results`) streams: one release at a time.

use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use pressdex::wire;

use super::open::open_searcher;
use crate::config::SearchConfig;
use crate::print;
use crate::print::search::{HitPrinter, Page};

pub fn run(config: &SearchConfig, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let searcher = open_searcher(&config.index)?;
    let searching = || format!("searching for {:?}", config.query_text);
    let prepared = searcher.prepare(&config.request).with_context(searching)?;
    let summary = wire::SearchResults::summary(&config.query_text, &prepared, &config.request);
    print::search::corrections(summary.corrected_query.as_deref());
    print::search::capped_prefixes(prepared.capped_prefixes());
    let total = summary.total;
    let page = Page { summary, words: prepared.words(), all_words: config.request.all_words };
    let mut printer = HitPrinter::start(out, config.format, page, config.style)?;
    prepared
        .for_each_hit(|hit| printer.hit(&wire::Hit::from(&hit)).map_err(anyhow::Error::from))
        .with_context(searching)?;
    if printer.cites_sources() {
        printer.sources_head()?;
        prepared
            .for_each_hit(|hit| printer.source(&wire::Hit::from(&hit)).map_err(anyhow::Error::from))
            .with_context(searching)?;
    }
    printer.finish(started.elapsed())?;
    Ok(if total > 0 { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

#[cfg(test)]
mod tests {
    use pressdex_index::{SearchRequest, SortBy};

    use super::*;
    use crate::cmd::testing::{bundled_index, lines, location, query};
    use crate::config::SearchFormat;
    use crate::print::style::Style;

    fn config(dir: &std::path::Path, text: &str, json: bool) -> SearchConfig {
        SearchConfig {
            index: location(dir),
            query_text: text.to_string(),
            request: SearchRequest::new(query(text)),
            format: if json { SearchFormat::Ndjson } else { SearchFormat::Text },
            style: Style::plain(100),
        }
    }

    #[test]
    fn hits_as_json_read_back_into_wire_hits() {
        let dir = bundled_index();
        let config = config(dir.path(), "mutual assistance agreement", true);
        let (code, out) = crate::cmd::testing::run(|out| run(&config, out));
        assert_eq!(code, ExitCode::SUCCESS);
        let hits: Vec<wire::Hit> = lines(&out);
        assert_eq!(hits.len(), 9, "every release with one of the words (README's example)");
        let first = &hits[0];
        assert_eq!(first.guid, "427630 at https://www.cbp.gov");
        assert_eq!(
            first.countries,
            [wire::Country { code: "CV".into(), name: "Cabo Verde".into() }]
        );
        assert_eq!(first.agreements[0].code, "CMAA");
        for highlight in &first.snippet.highlights {
            let (start, end) = highlight.bytes;
            let by_chars: String = first
                .snippet
                .text
                .chars()
                .skip(highlight.chars.0)
                .take(highlight.chars.1 - highlight.chars.0)
                .collect();
            assert_eq!(first.snippet.text[start..end], by_chars);
        }
    }

    #[test]
    fn text_ends_with_the_footer_and_nothing_found_exits_1() {
        let dir = bundled_index();
        let mut by_date = config(dir.path(), "customs", false);
        by_date.request.sort = SortBy::Date;
        by_date.request.limit = 2;
        let (code, out) = crate::cmd::testing::run(|out| run(&by_date, out));
        assert_eq!(code, ExitCode::SUCCESS);
        let footer = out.lines().last().expect("a footer");
        assert!(footer.starts_with("showing 1–2 of ") && footer.ends_with(" for more"), "{out}");
        assert_eq!(out.matches("https://www.cbp.gov/").count(), 2, "{out}");

        let nothing = config(dir.path(), "xylophone", true);
        let (code, out) = crate::cmd::testing::run(|out| run(&nothing, out));
        assert_eq!((code, out.as_str()), (ExitCode::from(1), ""));
    }

    #[test]
    fn every_format_streams_every_match() {
        let dir = bundled_index();
        let mut all = config(dir.path(), "customs", false);
        all.request.limit = usize::MAX;
        all.format = SearchFormat::Json;
        let (code, out) = crate::cmd::testing::run(|out| run(&all, out));
        assert_eq!(code, ExitCode::SUCCESS);
        let document: wire::SearchResults = serde_json::from_str(&out).expect("one JSON document");
        assert_eq!(document.hits.len() as u64, document.total);
        assert_eq!((document.limit, document.offset), (None, 0));

        all.format = SearchFormat::Csv;
        let (_, csv) = crate::cmd::testing::run(|out| run(&all, out));
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let guids: Vec<String> =
            reader.records().map(|row| row.expect("a CSV row")[8].to_string()).collect();
        let json_guids: Vec<&str> = document.hits.iter().map(|hit| hit.guid.as_str()).collect();
        assert_eq!(guids, json_guids);

        all.format = SearchFormat::Markdown;
        let (_, markdown) = crate::cmd::testing::run(|out| run(&all, out));
        let (table, sources) = markdown.split_once("## Sources").expect("sources");
        let rows = table.lines().filter(|line| line.starts_with("| ")).count();
        assert_eq!(rows - 2, document.hits.len(), "{markdown}");
        assert_eq!(
            sources.lines().filter(|line| line.contains(". \"")).count(),
            document.hits.len()
        );
    }
}
