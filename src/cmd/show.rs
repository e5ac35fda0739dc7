//! `pressdex show`: one whole release, by guid or link.

use std::process::ExitCode;

use anyhow::Context;

use super::search::{color, open_searcher};
use crate::cli::ShowArgs;
use crate::print;
use crate::print::style::Style;

pub fn run(args: &ShowArgs) -> anyhow::Result<ExitCode> {
    let searcher = open_searcher(args.location.index.as_deref())?;
    let found = searcher.get(&args.id).with_context(|| format!("looking up {:?}", args.id))?;
    let Some(release) = found else {
        print::show::not_found(&args.id);
        return Ok(ExitCode::from(1));
    };
    print::show::release(&release, &Style::detect(color(args.color)), args.json)?;
    Ok(ExitCode::SUCCESS)
}
