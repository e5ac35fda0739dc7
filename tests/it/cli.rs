//! The command line itself: help, completions, man page.

use crate::util::Sandbox;

#[test]
fn help_shows_the_three_ways_to_ask_for_cmaa_signings() {
    let output = Sandbox::new().run(["--help"]);
    assert!(output.success());
    let help = output.stdout();
    for example in ["search --agreement CMAA", "search agreement:CMAA", "search \"CMAA signings\""]
    {
        assert!(help.contains(example), "--help lacks {example:?}:\n{help}");
    }
}

#[test]
fn completions_and_man_page_are_generated() {
    let sandbox = Sandbox::new();
    for shell in ["bash", "zsh", "fish"] {
        let output = sandbox.run(["completions", shell]);
        assert!(output.success(), "{shell}");
        assert!(output.stdout().contains("search"), "{shell}");
    }
    let man = sandbox.run(["man"]);
    assert!(man.success());
    assert!(man.stdout().contains(".TH pressdex"));
}
