//! `cargo run -p pressdex-ingest --example eval -- dev|test`: the issue 12 evaluation table (precision and recall
//! per facet on the hand-labelled real releases of `tests/fixtures/labels/real/`). For `dev` it
//! also prints every error, release by release; for `test` only the table: the test half is
//! measured, never tuned on.
#![allow(clippy::print_stdout, clippy::print_stderr)]

#[path = "../../../tests/it/eval.rs"]
#[allow(dead_code)]
mod eval;

use std::process::ExitCode;

use eval::{Half, evaluate};

fn main() -> ExitCode {
    let half = match std::env::args().nth(1).as_deref() {
        Some("dev") => Half::Dev,
        Some("test") => Half::Test,
        _ => {
            eprintln!("usage: cargo run -p pressdex-ingest --example eval -- dev|test");
            return ExitCode::from(2);
        }
    };
    let scores = evaluate(half);
    if half == Half::Dev {
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
