//! `pressdex search`: open (or first build) the index, search, print. The ranking lives in
//! `pressdex_index::ReleaseSearcher`; the query was parsed and merged with the flags in
//! `config`.

use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;

use super::open::open_searcher;
use crate::config::SearchConfig;
use crate::print;

pub fn run(config: &SearchConfig, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let searcher = open_searcher(&config.index)?;
    let results = searcher
        .search(&config.request)
        .with_context(|| format!("searching for {:?}", config.query_text))?;
    print::search::corrections(&config.query_text, &results.corrections);
    print::search::capped_prefixes(&results.capped_prefixes);
    let all_words = config.request.all_words;
    if config.json {
        print::search::hits_json(out, &results)?;
    } else {
        print::search::hits(out, &results, &config.style, all_words, started.elapsed())?;
    }
    Ok(if results.total > 0 { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

#[cfg(test)]
mod tests {
    use pressdex::wire;
    use pressdex_index::{SearchRequest, SortBy};

    use super::*;
    use crate::cmd::testing::{bundled_index, lines, location, query};
    use crate::print::style::Style;

    fn config(dir: &std::path::Path, text: &str, json: bool) -> SearchConfig {
        SearchConfig {
            index: location(dir),
            query_text: text.to_string(),
            request: SearchRequest::new(query(text)),
            json,
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
        assert!(footer.contains(" matches (") && footer.ends_with(" ms"), "{out}");
        assert_eq!(out.matches("https://www.cbp.gov/").count(), 2, "{out}");

        let nothing = config(dir.path(), "xylophone", true);
        let (code, out) = crate::cmd::testing::run(|out| run(&nothing, out));
        assert_eq!((code, out.as_str()), (ExitCode::from(1), ""));
    }
}
