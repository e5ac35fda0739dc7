//! `cargo run -p pressdex-ingest --example eval -- dev|dev2|dev3|dev4|dev5|dev6|dev7|dev8|test [--table]`: the issue 12
//! evaluation table (precision and recall per facet on the hand-labelled real releases of
//! `tests/fixtures/labels/real/`). For `dev` .. `dev8` it also prints every error,
//! release by release, unless `--table` asks for the table alone (how a batch is measured before
//! its errors are read); for `test` only the table: the test half is measured, never tuned on.
#![allow(clippy::print_stdout, clippy::print_stderr)]

#[path = "../../../tests/it/eval.rs"]
#[allow(dead_code)]
mod eval;

use std::process::ExitCode;

use eval::{Half, evaluate};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (half, table_only) = match args.as_slice() {
        [half] => (Half::from_key(half), false),
        [half, flag] if flag == "--table" => (Half::from_key(half), true),
        _ => (None, false),
    };
    let Some(half) = half else {
        eprintln!(
            "usage: cargo run -p pressdex-ingest --example eval -- dev|dev2|dev3|dev4|dev5|dev6|dev7|dev8|test [--table]"
        );
        return ExitCode::from(2);
    };
    let scores = evaluate(half);
    if half != Half::Test && !table_only {
        for (id, errors) in &scores.errors {
            println!("{id}");
            for error in errors {
                println!("  {error}");
            }
        }
        println!();
    }
    print!("{}", scores.table(half));
    ExitCode::SUCCESS
}
