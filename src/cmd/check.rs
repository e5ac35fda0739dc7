//! `pressdex check`: exit 0 when the index is sound, 1 when problems were found, 2 when it
//! cannot be opened.

use std::io::Write;
use std::process::ExitCode;

use pressdex_index::{ReleaseIndex, check_index};

use crate::config::CheckConfig;
use crate::print;

pub fn run(config: &CheckConfig, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let release_index = ReleaseIndex::open_read_only(&config.dir)?;
    let report = check_index(&release_index)?;
    print::stats::check(out, &report, config.json)?;
    Ok(if report.problems.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

#[cfg(test)]
mod tests {
    use pressdex::wire;

    use super::*;
    use crate::cmd::testing::bundled_index;

    #[test]
    fn a_fresh_index_checks() {
        let dir = bundled_index();
        let config = CheckConfig { dir: dir.path().join("idx"), json: true };
        let (code, out) = crate::cmd::testing::run(|out| run(&config, out));
        assert_eq!(code, ExitCode::SUCCESS);
        let check: wire::Check = serde_json::from_str(&out).expect("one JSON object");
        assert!(check.ok && check.problems.is_empty());
        assert_eq!(check.releases.len(), 10);
        assert!(check.releases.iter().all(|release| release.hash.len() == 16));
    }
}
