//! `pressdex stats`.

use std::io::Write;
use std::process::ExitCode;

use pressdex_index::{ReleaseIndex, index_stats};

use crate::config::StatsConfig;
use crate::print;

pub fn run(config: &StatsConfig, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let release_index = ReleaseIndex::open_read_only(&config.dir)?;
    let stats = index_stats(&release_index, config.top)?;
    print::stats::stats(out, &stats, config.json)?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use pressdex::wire;

    use super::*;
    use crate::cmd::testing::bundled_index;

    #[test]
    fn stats_as_json_and_text() {
        let dir = bundled_index();
        let config = StatsConfig { dir: dir.path().join("idx"), top: 2, json: true };
        let (code, out) = crate::cmd::testing::run(|out| run(&config, out));
        assert_eq!(code, ExitCode::SUCCESS);
        let stats: wire::Stats = serde_json::from_str(&out).expect("one JSON object");
        assert_eq!((stats.pressdex_json, stats.releases), (wire::VERSION, 10));
        assert!(stats.facets.iter().all(|facet| facet.counts.len() <= 2));
        assert_eq!(stats.snapshots.len(), 1);

        let text = StatsConfig { json: false, ..config };
        let (_, out) = crate::cmd::testing::run(|out| run(&text, out));
        assert!(out.starts_with("releases:  10\npublished: 2022-06-30 .. 2023-09-27\n"), "{out}");
        assert!(out.contains(" KiB in "), "{out}");
    }
}
