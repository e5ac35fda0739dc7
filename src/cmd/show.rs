//! `pressdex show`: one whole release, by guid or link.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;

use super::open::open_searcher;
use crate::config::ShowConfig;
use crate::print;

pub fn run(config: &ShowConfig, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let searcher = open_searcher(&config.index)?;
    let found = searcher.get(&config.id).with_context(|| format!("looking up {:?}", config.id))?;
    let Some(release) = found else {
        print::show::not_found(&config.id);
        return Ok(ExitCode::from(1));
    };
    print::show::release(out, &release, &config.style, config.json)?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use pressdex::wire;

    use super::*;
    use crate::cmd::testing::{bundled_index, location};
    use crate::print::style::Style;

    fn config(dir: &std::path::Path, id: &str, json: bool) -> ShowConfig {
        ShowConfig { index: location(dir), id: id.to_string(), json, style: Style::plain(100) }
    }

    #[test]
    fn a_release_by_guid_or_link_with_its_provenance() {
        let dir = bundled_index();
        let by_guid = config(dir.path(), "427630 at https://www.cbp.gov", true);
        let (code, out) = crate::cmd::testing::run(|out| run(&by_guid, out));
        assert_eq!(code, ExitCode::SUCCESS);
        let release: wire::Release = serde_json::from_str(&out).expect("one JSON object");
        assert_eq!(release.agreements[0].code, "CMAA");
        assert!(release.agreements[0].evidence.contains("Cabo Verde"));
        let provenance = release.provenance.expect("indexed releases have provenance");
        assert_eq!(provenance.revisions, 1);

        let by_link = config(dir.path(), &release.link, false);
        let (code, out) = crate::cmd::testing::run(|out| run(&by_link, out));
        assert_eq!(code, ExitCode::SUCCESS);
        assert!(out.starts_with("CBP, Cabo Verde sign Customs Mutual Assistance Agreement\n"));

        let missing = config(dir.path(), "no such guid", true);
        let (code, out) = crate::cmd::testing::run(|out| run(&missing, out));
        assert_eq!((code, out.as_str()), (ExitCode::from(1), ""));
    }
}
