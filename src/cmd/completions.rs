//! `pressdex completions` and `pressdex man`: generated from the clap definitions, which are
//! their output (the one command that reads `cli`).

use std::io::Write;
use std::path::Path;
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

/// The manual: one page holding every command on `out`, or with `dir` a page per command
/// (`pressdex.1`, `pressdex-search.1`, ...) written there.
pub fn man(dir: Option<&Path>, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let mut command = Cli::command();
    command.build();
    if let Some(dir) = dir {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        clap_mangen::generate_to(command, dir)
            .with_context(|| format!("writing man pages into {}", dir.display()))?;
        return Ok(ExitCode::SUCCESS);
    }
    out.write_all(&combined_page(&command)?)?;
    Ok(ExitCode::SUCCESS)
}

/// The page of `pressdex`, then for each command its synopsis, description, options and
/// examples, under a section named after it (`PRESSDEX SEARCH`).
fn combined_page(command: &clap::Command) -> anyhow::Result<Vec<u8>> {
    let mut page = Vec::new();
    clap_mangen::Man::new(command.clone()).render(&mut page)?;
    for sub in
        command.get_subcommands().filter(|sub| !sub.is_hide_set() && sub.get_name() != "help")
    {
        let man = clap_mangen::Man::new(sub.clone());
        let mut section = Vec::new();
        man.render_description_section(&mut section)?;
        man.render_synopsis_section(&mut section)?;
        if sub.get_arguments().any(|arg| !arg.is_hide_set()) {
            man.render_options_section(&mut section)?;
        }
        if sub.get_after_help().is_some() {
            man.render_extra_section(&mut section)?;
        }
        let name = sub.get_bin_name().unwrap_or(sub.get_name()).to_uppercase();
        writeln!(page, ".SH \"{name}\"")?;
        // The command's own sections become subsections of its section.
        let section = String::from_utf8(section)?;
        for line in section.lines() {
            match line.strip_prefix(".SH ") {
                Some(heading) if heading.trim_matches('"') == "EXTRA" => {
                    writeln!(page, ".SS EXAMPLES")?
                }
                Some(heading) => writeln!(page, ".SS {heading}")?,
                None => writeln!(page, "{line}")?,
            }
        }
    }
    Ok(page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completions_offer_agreement_codes_kinds_formats_and_sort_orders() {
        for shell in [clap_complete::Shell::Bash, clap_complete::Shell::Fish] {
            let mut out = Vec::new();
            run(shell, &mut out).expect("generates");
            let script = String::from_utf8(out).expect("UTF-8");
            for value in ["CMAA", "Preclearance", "national-media-release", "markdown", "relevance"]
            {
                assert!(script.contains(value), "{shell}: no {value}");
            }
        }
    }

    #[test]
    fn the_manual_has_every_command_and_every_flag() {
        let mut out = Vec::new();
        man(None, &mut out).expect("renders");
        let page = String::from_utf8(out).expect("UTF-8");
        let mut command = Cli::command();
        command.build();
        for sub in command.get_subcommands().filter(|sub| sub.get_name() != "help") {
            let name = format!(".SH \"PRESSDEX {}\"", sub.get_name().to_uppercase());
            assert!(page.contains(&name), "no section {name}");
            for arg in sub.get_arguments().filter_map(|arg| arg.get_long()) {
                assert!(
                    page.contains(&format!("\\-\\-{}", arg.replace('-', "\\-"))),
                    "{} --{arg}",
                    sub.get_name()
                );
            }
        }
        let dir = tempfile::tempdir().expect("temp dir");
        man(Some(dir.path()), &mut Vec::new()).expect("writes pages");
        for page in ["pressdex.1", "pressdex-search.1", "pressdex-facets.1", "pressdex-man.1"] {
            assert!(dir.path().join(page).is_file(), "{page}");
        }
    }
}
