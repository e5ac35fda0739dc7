//! `pressdex completions` and `pressdex man`: generated from the clap definitions, which are
//! their output (the one command that reads `cli`).

use std::io::Write;
use std::process::ExitCode;

use clap::CommandFactory;

use crate::cli::Cli;

pub fn run(shell: clap_complete::Shell, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    clap_complete::generate(shell, &mut Cli::command(), "pressdex", out);
    Ok(ExitCode::SUCCESS)
}

pub fn man(out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    clap_mangen::Man::new(Cli::command()).render(out)?;
    Ok(ExitCode::SUCCESS)
}
