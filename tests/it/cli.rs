//! The command line itself: help, completions, man page.

use crate::util::Sandbox;

#[test]
fn help_shows_the_three_ways_to_ask_for_cmaa_signings() {
    let output = Sandbox::new().cmd().arg("--help").output().expect("runs");
    assert!(output.status.success());
    let help = String::from_utf8_lossy(&output.stdout);
    for example in ["search --agreement CMAA", "search agreement:CMAA", "search \"CMAA signings\""]
    {
        assert!(help.contains(example), "--help lacks {example:?}:\n{help}");
    }
}

#[test]
fn completions_and_man_page_are_generated() {
    let sandbox = Sandbox::new();
    for shell in ["bash", "zsh", "fish"] {
        let output = sandbox.cmd().args(["completions", shell]).output().expect("runs");
        assert!(output.status.success(), "{shell}");
        assert!(String::from_utf8_lossy(&output.stdout).contains("search"), "{shell}");
    }
    let man = sandbox.cmd().arg("man").output().expect("runs");
    assert!(man.status.success());
    assert!(String::from_utf8_lossy(&man.stdout).contains(".TH pressdex"));
}
