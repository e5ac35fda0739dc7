//! `cargo run -p pressdex-ingest --example salience [-- --csv]`: is a learned model better than
//! the rules at telling the countries a release is about from those it only mentions?
//!
//! It fits a logistic model on what a release says of each country it names (`enrich/about.rs`:
//! title, lead, party, dateline, mentions, lists, ...) over the development batches of the
//! labelled real releases (`tests/fixtures/labels/real/`; never the test half), and scores each
//! batch with a model trained on the other seven batches only, beside the rules' own decision on
//! the same batch: once with every input (the rules' decision among them), once without the
//! rules' decision. `--csv` prints the same data, with the words around each mention, for
//! `scripts/salience-models.py` (boosted trees, forests, words as inputs).
//!
//! The fit is L2-regularised logistic regression by Newton's method: 17 inputs and about a
//! thousand countries named, so a dense 17 x 17 solve per step is all it needs, and the result is
//! deterministic.
#![allow(clippy::print_stdout, clippy::print_stderr)]

#[path = "../../../tests/it/eval.rs"]
#[allow(dead_code)]
mod eval;

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::process::ExitCode;

use eval::{Half, label_codes, labelled};
use pressdex_ingest::{SALIENCE_FEATURES, salience_inputs};

/// The development batches, in the order they were labelled.
const BATCHES: [&str; 8] = ["dev", "dev2", "dev3", "dev4", "dev5", "dev6", "dev7", "dev8"];

/// The ridge penalty on every weight but the bias.
const PENALTY: f64 = 1.0;

/// Newton steps; the fit converges in far fewer.
const STEPS: usize = 50;

/// One country a release names: the model's inputs, the rules' decision, the label.
struct Example {
    features: Vec<f64>,
    rule: bool,
    about: bool,
    context: Vec<String>,
}

/// One release: its countries named, and how many labelled about-countries it never names.
struct Release {
    id: String,
    examples: Vec<Example>,
    unnamed_about: usize,
}

fn main() -> ExitCode {
    let csv = match std::env::args().skip(1).collect::<Vec<_>>().as_slice() {
        [] => false,
        [flag] if flag == "--csv" => true,
        _ => {
            eprintln!("usage: cargo run -p pressdex-ingest --example salience [-- --csv]");
            return ExitCode::from(2);
        }
    };
    let batches: Vec<Vec<Release>> = BATCHES.iter().map(|key| load(key)).collect();
    if csv {
        print!("{}", to_csv(&batches));
        return ExitCode::SUCCESS;
    }
    println!("countries (about): each batch scored by models trained on the other batches only");
    println!(
        "{:<6} {:<28} {:<28} {:<28}",
        "batch", "rules", "model, all inputs", "model, without the rules'"
    );
    println!("{:<6} {}", "", "  TP  FP  FN      P      R   ".repeat(3));
    let without_rules = |features: &[f64]| -> Vec<f64> {
        features.iter().enumerate().map(|(at, &value)| if at == 1 { 0.0 } else { value }).collect()
    };
    let mut totals = [[0; 3]; 3];
    for (held, key) in BATCHES.iter().enumerate() {
        let training: Vec<&Example> = batches
            .iter()
            .enumerate()
            .filter(|(index, _)| *index != held)
            .flat_map(|(_, batch)| batch.iter().flat_map(|release| &release.examples))
            .collect();
        let all_inputs = fit(&training, |features| features.to_vec());
        let no_rules = fit(&training, without_rules);
        let scores = [
            score(&batches[held], |example| example.rule),
            score(&batches[held], |example| probability(&all_inputs, &example.features) >= 0.5),
            score(&batches[held], |example| {
                probability(&no_rules, &without_rules(&example.features)) >= 0.5
            }),
        ];
        for (total, counts) in totals.iter_mut().zip(scores) {
            for (sum, count) in total.iter_mut().zip(counts) {
                *sum += count;
            }
        }
        println!("{key:<6} {}", scores.map(row).join(" "));
    }
    println!("{:<6} {}", "all", totals.map(row).join(" "));
    let all: Vec<&Example> =
        batches.iter().flatten().flat_map(|release| &release.examples).collect();
    let weights = fit(&all, |features| features.to_vec());
    println!(
        "\nweights of the model on all inputs, trained on every batch ({} countries named):",
        all.len()
    );
    for (name, weight) in SALIENCE_FEATURES.iter().zip(&weights) {
        println!("  {weight:>8.3}  {name}");
    }
    ExitCode::SUCCESS
}

/// One line per country named: batch, release id, label (1 about, 0 not), the rules' decision,
/// the inputs of `SALIENCE_FEATURES`, and the words around its mentions (for
/// `scripts/salience-models.py`, which tries other models on the same data).
fn to_csv(batches: &[Vec<Release>]) -> String {
    let mut text = String::from("batch,id,about,rule");
    for name in SALIENCE_FEATURES {
        let _ = write!(text, ",{}", name.replace(',', ""));
    }
    text.push_str(",context\n");
    for (key, batch) in BATCHES.iter().zip(batches) {
        for release in batch {
            for example in &release.examples {
                let _ = write!(
                    text,
                    "{key},{},{},{}",
                    release.id,
                    u8::from(example.about),
                    u8::from(example.rule)
                );
                for value in &example.features {
                    let _ = write!(text, ",{value}");
                }
                let _ = writeln!(text, ",{}", example.context.join(" ").replace(',', ""));
            }
        }
    }
    text
}

/// The countries of every release of batch `key`, as the model sees them, with their labels.
fn load(key: &str) -> Vec<Release> {
    let half = Half::from_key(key).expect("a development batch");
    labelled(half)
        .into_iter()
        .map(|(id, mut release, label)| {
            let about = label_codes(&label, "countries_about");
            // The labelled copies carry no page dateline: the enrichment's own finds it again.
            release.location = None;
            let inputs = salience_inputs(&release);
            let decided: BTreeSet<&str> = inputs
                .iter()
                .filter(|input| input.rule)
                .map(|input| input.country.alpha2())
                .collect();
            let built: BTreeSet<&str> =
                release.countries.iter().map(|country| country.alpha2()).collect();
            assert_eq!(decided, built, "{id}: the rules' decision is the pipeline's");
            let named: BTreeSet<&str> = inputs.iter().map(|input| input.country.alpha2()).collect();
            let unnamed_about = about.iter().filter(|code| !named.contains(code.as_str())).count();
            let examples = inputs
                .into_iter()
                .map(|input| Example {
                    about: about.contains(input.country.alpha2()),
                    features: input.features,
                    rule: input.rule,
                    context: input.context,
                })
                .collect();
            Release { id, examples, unnamed_about }
        })
        .collect()
}

/// The model's probability that the release is about the country, from `weights`.
fn probability(weights: &[f64], features: &[f64]) -> f64 {
    let z: f64 = weights.iter().zip(features).map(|(weight, feature)| weight * feature).sum();
    1.0 / (1.0 + (-z).exp())
}

/// True positives, false positives and false negatives of `decide` on `batch`'s about-countries.
fn score(batch: &[Release], decide: impl Fn(&Example) -> bool) -> [usize; 3] {
    let mut counts = [0; 3];
    for release in batch {
        counts[2] += release.unnamed_about;
        for example in &release.examples {
            match (decide(example), example.about) {
                (true, true) => counts[0] += 1,
                (true, false) => counts[1] += 1,
                (false, true) => counts[2] += 1,
                (false, false) => {}
            }
        }
    }
    counts
}

fn row([tp, fp, found_not]: [usize; 3]) -> String {
    let ratio = |part: usize, whole: usize| {
        if whole == 0 { 1.0 } else { part as f64 / whole as f64 }
    };
    format!(
        "{tp:>4} {fp:>3} {found_not:>3}  {:.3}  {:.3}",
        ratio(tp, tp + fp),
        ratio(tp, tp + found_not)
    )
}

/// Logistic regression with an L2 penalty (not on the bias), by Newton's method, on the inputs
/// of `examples` as `inputs` gives them.
fn fit(examples: &[&Example], inputs: impl Fn(&[f64]) -> Vec<f64>) -> Vec<f64> {
    let width = SALIENCE_FEATURES.len();
    let mut weights = vec![0.0; width];
    for _ in 0..STEPS {
        let mut gradient: Vec<f64> =
            (0..width).map(|at| if at == 0 { 0.0 } else { PENALTY * weights[at] }).collect();
        let mut hessian = vec![vec![0.0; width]; width];
        for (at, row) in hessian.iter_mut().enumerate().skip(1) {
            row[at] = PENALTY;
        }
        for example in examples {
            let features = inputs(&example.features);
            let p = probability(&weights, &features);
            let target = if example.about { 1.0 } else { 0.0 };
            let curvature = p * (1.0 - p);
            for (i, &xi) in features.iter().enumerate() {
                gradient[i] += (p - target) * xi;
                for (j, &xj) in features.iter().enumerate() {
                    hessian[i][j] += curvature * xi * xj;
                }
            }
        }
        let step = solve(hessian, gradient);
        let size: f64 = step.iter().map(|value| value.abs()).sum();
        for (weight, delta) in weights.iter_mut().zip(&step) {
            *weight -= delta;
        }
        if size < 1e-10 {
            break;
        }
    }
    weights
}

/// Solves `matrix * x = vector` by Gaussian elimination with partial pivoting (the matrix is
/// the penalised Hessian: symmetric, positive definite).
fn solve(mut matrix: Vec<Vec<f64>>, mut vector: Vec<f64>) -> Vec<f64> {
    let size = vector.len();
    for column in 0..size {
        let pivot = (column..size)
            .max_by(|&a, &b| matrix[a][column].abs().total_cmp(&matrix[b][column].abs()))
            .unwrap_or(column);
        matrix.swap(column, pivot);
        vector.swap(column, pivot);
        let (done, rest) = matrix.split_at_mut(column + 1);
        let pivot_row = &done[column];
        for (offset, row) in rest.iter_mut().enumerate() {
            let factor = row[column] / pivot_row[column];
            for (value, pivot_value) in row.iter_mut().zip(pivot_row).skip(column) {
                *value -= factor * pivot_value;
            }
            vector[column + 1 + offset] -= factor * vector[column];
        }
    }
    let mut x = vec![0.0; size];
    for row in (0..size).rev() {
        let rest: f64 = (row + 1..size).map(|k| matrix[row][k] * x[k]).sum();
        x[row] = (vector[row] - rest) / matrix[row][row];
    }
    x
}
