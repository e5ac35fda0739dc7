//! `cargo run -p pressdex-ingest --example eval -- dev|dev2|dev3|dev4|dev5|dev6|dev7|dev8|dev9|test [--table]`: the issue 12
//! evaluation table (precision and recall per facet on the hand-labelled real releases of
//! `tests/fixtures/labels/real/`). For `dev` .. `dev9` it also prints every error,
//! release by release, unless `--table` asks for the table alone (how a batch is measured before
//! its errors are read); for `test` only the table: the test half is measured, never tuned on.
//!
//! `-- dev|...|dev9 --json` prints instead what the pipeline found, one record per release in
//! the shape of `labels.json` (for `scripts/label-agreement.py`, which compares it, and a second
//! labeller's labels, with the first labels). Not for the test half.
#![allow(clippy::print_stdout, clippy::print_stderr)]

#[path = "../../../tests/it/eval.rs"]
#[allow(dead_code)]
mod eval;

use std::process::ExitCode;

use eval::{Half, evaluate, labelled};
use serde_json::{Map, Value, json};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (half, table_only, json) = match args.as_slice() {
        [half] => (Half::from_key(half), false, false),
        [half, flag] if flag == "--table" => (Half::from_key(half), true, false),
        [half, flag] if flag == "--json" => {
            (Half::from_key(half).filter(|half| *half != Half::Test), false, true)
        }
        _ => (None, false, false),
    };
    let Some(half) = half else {
        eprintln!(
            "usage: cargo run -p pressdex-ingest --example eval -- dev|dev2|dev3|dev4|dev5|dev6|dev7|dev8|dev9|test [--table] | dev..dev9 --json"
        );
        return ExitCode::from(2);
    };
    if json {
        println!("{:#}", found_labels(half));
        return ExitCode::SUCCESS;
    }
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

/// What the pipeline found in each release of `half`, keyed by id, in the shape of a label.
fn found_labels(half: Half) -> Value {
    let codes = |countries: &[pressdex_ingest::Country]| -> Vec<&str> {
        let mut codes: Vec<&str> = countries.iter().map(|country| country.alpha2()).collect();
        codes.sort_unstable();
        codes
    };
    let mut records = Map::new();
    for (id, release, _) in labelled(half) {
        let agreements: Vec<Value> = release
            .agreements
            .iter()
            .map(|agreement| {
                let mut parties: Vec<&str> =
                    agreement.parties.iter().map(|party| party.code()).collect();
                parties.sort_unstable();
                json!({
                    "code": agreement.kind.code(),
                    "parties": parties,
                    "event_date": agreement.event_date.map(|date| date.to_string()),
                })
            })
            .collect();
        let record = json!({
            "countries_about": codes(&release.countries),
            "countries_mentioned": codes(&release.mentions),
            "agreements": agreements,
            "dateline": release.location,
        });
        records.insert(id, record);
    }
    Value::Object(records)
}
