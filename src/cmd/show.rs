//! `pressdex show`: one whole release, found by guid, link, guid number or title prefix.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;
use pressdex_index::Lookup;

use super::open::open_searcher;
use crate::config::ShowConfig;
use crate::print;

pub fn run(config: &ShowConfig, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let searcher = open_searcher(&config.index)?;
    let found =
        searcher.lookup(&config.id).with_context(|| format!("looking up {:?}", config.id))?;
    match found {
        Lookup::Found(release) => {
            print::show::release(out, &release, &config.style, config.format)?;
            Ok(ExitCode::SUCCESS)
        }
        Lookup::Several { candidates, total } => {
            print::show::several(&config.id, &candidates, total);
            Ok(ExitCode::from(1))
        }
        Lookup::NotFound => {
            print::show::not_found(&config.id);
            Ok(ExitCode::from(1))
        }
    }
}

#[cfg(test)]
mod tests {
    use pressdex::wire;

    use super::*;
    use crate::cmd::testing::{bundled_index, location};
    use crate::config::ShowFormat;
    use crate::print::style::Style;

    fn config(dir: &std::path::Path, id: &str, format: ShowFormat) -> ShowConfig {
        ShowConfig { index: location(dir), id: id.to_string(), format, style: Style::plain(100) }
    }

    #[test]
    fn a_release_by_guid_or_link_with_its_provenance() {
        let dir = bundled_index();
        let by_guid = config(dir.path(), "427630 at https://www.cbp.gov", ShowFormat::Json);
        let (code, out) = crate::cmd::testing::run(|out| run(&by_guid, out));
        assert_eq!(code, ExitCode::SUCCESS);
        let release: wire::Release = serde_json::from_str(&out).expect("one JSON object");
        assert_eq!(release.agreements[0].code, "CMAA");
        assert!(release.agreements[0].evidence.contains("Cabo Verde"));
        let provenance = release.provenance.expect("indexed releases have provenance");
        assert_eq!(provenance.revisions, 1);

        let by_link = config(dir.path(), &release.link, ShowFormat::Text);
        let (code, out) = crate::cmd::testing::run(|out| run(&by_link, out));
        assert_eq!(code, ExitCode::SUCCESS);
        assert!(out.starts_with("CBP, Cabo Verde sign Customs Mutual Assistance Agreement\n"));
        assert!(out.contains("\nguid: 427630 at https://www.cbp.gov\n"), "{out}");
        assert!(
            out.contains("\nAgreement: CMAA (Cabo Verde, 2023-09-26) — \"CBP, Cabo Verde sign"),
            "{out}"
        );

        let markdown = config(dir.path(), "427630", ShowFormat::Markdown);
        let (code, out) = crate::cmd::testing::run(|out| run(&markdown, out));
        assert_eq!(code, ExitCode::SUCCESS);
        assert!(out.starts_with("# CBP, Cabo Verde sign Customs Mutual Assistance Agreement\n"));
        assert!(out.contains("\n## Citation\n\n\"CBP, Cabo Verde sign"), "{out}");

        let missing = config(dir.path(), "no such guid", ShowFormat::Json);
        let (code, out) = crate::cmd::testing::run(|out| run(&missing, out));
        assert_eq!((code, out.as_str()), (ExitCode::from(1), ""));
    }
}
