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
