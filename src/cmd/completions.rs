//! `pressdex completions` and `pressdex man`: generated from the clap definitions, which are
//! their output (the one command that reads `cli`).

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;
use clap::CommandFactory;

use crate::cli::Cli;

pub fn run(shell: clap_complete::Shell, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    // clap_complete panics when a write fails (`completions bash | head -1` closes the pipe):
    // generate into memory (a few KiB), then write, so a closed pipe is an error `main`
    // treats as success.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "pressdex", &mut script);
    out.write_all(&script).context("writing the completion script")?;
    Ok(ExitCode::SUCCESS)
}

pub fn man(out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut page)?;
    out.write_all(&page).context("writing the man page")?;
    Ok(ExitCode::SUCCESS)
}
