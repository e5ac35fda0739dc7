//! Issue 12's regression guard: the real pipeline on the nine development batches of the labelled
//! real releases (`tests/fixtures/labels/real/`) keeps the scores it reached, less a small margin
//! (one or two errors per facet). The test half is never scored here: it is measured once, by
//! hand, with `cargo run -p pressdex-ingest --example eval -- test` (see
//! `tests/fixtures/labels/README.md`).

use crate::eval::{Half, Scores, evaluate};

/// Floors of one batch: (precision, recall) per facet, then datelines found and right, and
/// event dates right.
struct Floors {
    about: (f64, f64),
    mentioned: (f64, f64),
    agreement_types: (f64, f64),
    parties: (f64, f64),
    datelines: f64,
    datelines_right: f64,
    event_dates: f64,
}

fn check(half: Half, releases: usize, floors: &Floors) {
    let scores: Scores = evaluate(half);
    let table = scores.table(half);
    let errors: Vec<String> =
        scores.errors.iter().map(|(id, errors)| format!("{id}: {}", errors.join("; "))).collect();
    let report = format!("{table}\n{}", errors.join("\n"));
    assert_eq!(scores.releases, releases, "{report}");
    for (name, tally, (precision, recall)) in [
        ("countries (about)", &scores.about, floors.about),
        ("countries (mentioned)", &scores.mentioned, floors.mentioned),
        ("agreement types", &scores.agreement_types, floors.agreement_types),
        ("parties", &scores.parties, floors.parties),
    ] {
        assert!(tally.precision() >= precision, "{name} precision below {precision}\n{report}");
        assert!(tally.recall() >= recall, "{name} recall below {recall}\n{report}");
    }
    assert!(scores.datelines_found_rate() >= floors.datelines, "datelines found\n{report}");
    assert!(scores.datelines_right_rate() >= floors.datelines_right, "datelines right\n{report}");
    assert!(scores.datelines_extra <= 1, "datelines where none\n{report}");
    assert!(scores.event_dates_right_rate() >= floors.event_dates, "event dates\n{report}");
}

#[test]
fn development_half_keeps_its_scores() {
    // Reached on 2026-11-30 (round 5, 138 releases): about 0.995 / 0.990, mentioned 0.988 /
    // 0.988, types 1.000 / 1.000, parties 1.000 / 0.976, datelines 62 of 62, event dates 62 of
    // 64; less one or two errors per facet. Round 10 relabelled two memoranda on mutual
    // assistance in customs matters from MOU to CMAA (real/README.md): types 0.967 / 0.967,
    // parties 0.963 / 0.940, event dates 60 of 64 with the round-9 rules.
    // Round 10 (memoranda typed by their purpose, approvals and headline plans, datelines and
    // dates; real/README.md): about 0.995 / 0.990, types 1.000 / 1.000, parties 1.000 /
    // 0.976, datelines 62 found and 62 right of 62, event dates 62 of 64; floors one error below.
    check(
        Half::Dev,
        138,
        &Floors {
            about: (0.98, 0.98),
            mentioned: (0.97, 0.97),
            agreement_types: (0.98, 0.98),
            parties: (0.98, 0.96),
            datelines: 0.98,
            datelines_right: 0.98,
            event_dates: 0.95,
        },
    );
}

#[test]
fn second_development_batch_keeps_its_scores() {
    // Reached on 2026-11-30 (round 5; 59 releases held out until round 4): about 0.927 / 0.987,
    // mentioned 0.957 / 0.815, types 1.000 / 0.926, parties 1.000 / 0.771, datelines 23 found
    // and 22 right of 24, event dates 25 of 31 (26 of 31 with round 8's ordinal days); less one or
    // two errors per facet. Round 9 (a type named after a determiner refers back): types 1.000 /
    // 0.963, parties 1.000 / 0.829.
    // Round 10 (memoranda typed by their purpose, approvals and headline plans, datelines and
    // dates; real/README.md): about 0.927 / 0.987, types 1.000 / 0.963, parties 1.000 /
    // 0.857, datelines 23 found and 22 right of 24, event dates 26 of 31; floors one error below.
    check(
        Half::Dev2,
        59,
        &Floors {
            about: (0.91, 0.97),
            mentioned: (0.91, 0.78),
            agreement_types: (0.96, 0.92),
            parties: (0.96, 0.83),
            datelines: 0.91,
            datelines_right: 0.87,
            event_dates: 0.8,
        },
    );
}

#[test]
fn third_development_batch_keeps_its_scores() {
    // Reached on 2026-12-01 (round 7; 53 releases held out until the round-4 rules were
    // measured on them): about 0.947 / 0.908, mentioned 0.854 / 0.891, types 0.893 / 0.926,
    // parties 0.886 / 0.830, datelines 13 of 13, event dates 23 of 30; less one or two errors
    // per facet. Round 9 (a draft is not signed): types 0.926 / 0.926, parties 0.929 / 0.830.
    // Round 10 (memoranda typed by their purpose, approvals and headline plans, datelines and
    // dates; real/README.md): about 0.947 / 0.908, types 0.926 / 0.926, parties 0.929 /
    // 0.830, datelines 13 found and 13 right of 13, event dates 23 of 30; floors one error below.
    check(
        Half::Dev3,
        53,
        &Floors {
            about: (0.93, 0.89),
            mentioned: (0.83, 0.87),
            agreement_types: (0.89, 0.89),
            parties: (0.9, 0.81),
            datelines: 0.92,
            datelines_right: 0.92,
            event_dates: 0.73,
        },
    );
}

#[test]
fn fourth_development_batch_keeps_its_scores() {
    // Reached on 2026-12-01 (round 7; 40 releases held out until the round-5 rules were
    // measured on them): about 0.918 / 0.975, mentioned 0.917 / 0.759, types 0.923 / 0.750,
    // parties 0.889 / 0.667, datelines 9 found and 8 right of 10, event dates 10 of 17 (11 of 17
    // with round 8's ordinal days); less one or two errors per facet. Round 9 (a plain memorandum):
    // types 0.929 / 0.812, parties 0.900 / 0.750, event dates 12 of 17.
    // Round 10 (memoranda typed by their purpose, approvals and headline plans, datelines and
    // dates; real/README.md): about 0.940 / 0.975, types 1.000 / 0.875, parties 1.000 /
    // 0.806, datelines 10 found and 9 right of 10, event dates 13 of 17; floors one error below.
    check(
        Half::Dev4,
        40,
        &Floors {
            about: (0.92, 0.96),
            mentioned: (0.88, 0.8),
            agreement_types: (0.93, 0.82),
            parties: (0.96, 0.78),
            datelines: 0.9,
            datelines_right: 0.8,
            event_dates: 0.7,
        },
    );
}

#[test]
fn fifth_development_batch_keeps_its_scores() {
    // Reached on 2026-12-01 (round 7; 42 releases held out until the round-6 rules were
    // measured on them, then scored once with the round-7 rules before its errors were read):
    // about 0.894 / 0.950, mentioned 0.949 / 0.804, types 0.909 / 0.714, parties 0.886 /
    // 0.608, datelines 8 found and 6 right of 8, event dates 17 of 32; less one or two errors
    // per facet. Round 9 (a plain memorandum): types 0.913 / 0.750, parties 0.868 / 0.647, event
    // dates 18 of 32. Round 10 relabelled one memorandum "on customs cooperation" that provides
    // for mutual assistance from MOU to CMAA (real/README.md): types 0.870 / 0.714, parties
    // 0.816 / 0.608, event dates 17 of 32 with the round-9 rules.
    // Round 10 (memoranda typed by their purpose, approvals and headline plans, datelines and
    // dates; real/README.md): about 0.927 / 0.950, types 0.958 / 0.821, parties 0.902 /
    // 0.725, datelines 8 found and 8 right of 8, event dates 19 of 32; floors one error below.
    check(
        Half::Dev5,
        42,
        &Floors {
            about: (0.91, 0.93),
            mentioned: (0.93, 0.85),
            agreement_types: (0.92, 0.79),
            parties: (0.88, 0.71),
            datelines: 0.87,
            datelines_right: 0.87,
            event_dates: 0.56,
        },
    );
}

#[test]
fn sixth_development_batch_keeps_its_scores() {
    // Reached on 2026-12-01 (round 8; 46 releases held out until the round-7 rules were
    // measured on them, then scored once with the round-8 rules before its errors were read):
    // about 0.935 / 0.926, mentioned 0.727 / 0.727, types 0.700 / 0.500, parties 0.683 /
    // 0.483, datelines 8 found and 8 right of 10, event dates 14 of 29; less one or two errors
    // per facet. Round 9 (a plain memorandum, a draft, a type after a determiner): types 0.783 /
    // 0.643, parties 0.761 / 0.603, event dates 17 of 29.
    // Round 10 (memoranda typed by their purpose, approvals and headline plans, datelines and
    // dates; real/README.md): about 0.939 / 0.979, types 0.960 / 0.857, parties 0.942 /
    // 0.845, datelines 10 found and 10 right of 10, event dates 22 of 29; floors one error below.
    check(
        Half::Dev6,
        46,
        &Floors {
            about: (0.92, 0.96),
            mentioned: (0.88, 0.69),
            agreement_types: (0.92, 0.82),
            parties: (0.92, 0.83),
            datelines: 0.9,
            datelines_right: 0.9,
            event_dates: 0.72,
        },
    );
}

#[test]
fn seventh_development_batch_keeps_its_scores() {
    // Reached on 2026-12-01 (round 10; 44 releases held out until the round-9 rules were
    // measured on them, once, with --table, before any of its errors was read): about 0.870 /
    // 0.989, mentioned 1.000 / 0.658, types 0.880 / 0.846, parties 0.655 / 0.692, datelines 8
    // found and 7 right of 9, event dates 21 of 27; less one or two errors per facet.
    // Round 10 (memoranda typed by their purpose, approvals and headline plans, datelines and
    // dates; real/README.md): about 0.946 / 0.989, types 0.923 / 0.923, parties 0.809 /
    // 0.731, datelines 8 found and 8 right of 9, event dates 22 of 27; floors one error below.
    check(
        Half::Dev7,
        44,
        &Floors {
            about: (0.93, 0.97),
            mentioned: (0.97, 0.84),
            agreement_types: (0.88, 0.88),
            parties: (0.79, 0.71),
            datelines: 0.77,
            datelines_right: 0.77,
            event_dates: 0.77,
        },
    );
}

#[test]
fn eighth_development_batch_keeps_its_scores() {
    // Reached on 2026-12-01 (round 10b; 44 releases held out until the round-10 rules of
    // 7fb4c53 were measured on them, once, with --table, before any of its errors was read):
    // about 0.813 / 0.974, mentioned 0.958 / 0.575, types 0.818 / 0.857, parties 0.646 / 0.795,
    // datelines 8 found and 8 right of 9, event dates 18 of 26; floors one error below.
    check(
        Half::Dev8,
        44,
        &Floors {
            about: (0.80, 0.96),
            mentioned: (0.92, 0.55),
            agreement_types: (0.78, 0.80),
            parties: (0.63, 0.76),
            datelines: 0.77,
            datelines_right: 0.77,
            event_dates: 0.65,
        },
    );
}

#[test]
fn ninth_development_batch_keeps_its_scores() {
    // Reached on 2026-12-01 (round 11b; 41 releases drawn like the test half, held out until
    // the round-10 rules, unchanged in round 11, were measured on them, once, with --table; its
    // errors have not been read): about 0.942 / 0.964, mentioned 0.917 / 0.868, types 0.950 /
    // 0.792, parties 0.962 / 0.847, datelines 8 found and 8 right of 8, event dates 16 of 25;
    // floors one error below.
    check(
        Half::Dev9,
        41,
        &Floors {
            about: (0.93, 0.95),
            mentioned: (0.89, 0.84),
            agreement_types: (0.90, 0.75),
            parties: (0.94, 0.83),
            datelines: 0.87,
            datelines_right: 0.87,
            event_dates: 0.60,
        },
    );
}

/// The inputs `examples/salience.rs` measures a learned model on carry the pipeline's own
/// decision: the countries the rules say a release is about are exactly its `countries`, every
/// country it names or is given is among the inputs, and each has every input and its words.
#[test]
fn salience_inputs_carry_the_pipelines_decision() {
    for half in [Half::Dev, Half::Dev8] {
        for (id, mut release, _) in crate::eval::labelled(half) {
            release.location = None;
            let inputs = pressdex_ingest::salience_inputs(&release);
            let about: Vec<&str> = inputs
                .iter()
                .filter(|input| input.rule)
                .map(|input| input.country.alpha2())
                .collect();
            let mut countries: Vec<&str> =
                release.countries.iter().map(|country| country.alpha2()).collect();
            countries.sort_unstable();
            let mut sorted = about.clone();
            sorted.sort_unstable();
            assert_eq!(sorted, countries, "{id}");
            for country in release.countries.iter().chain(&release.mentions) {
                assert!(inputs.iter().any(|input| input.country == *country), "{id}: {country:?}");
            }
            for input in &inputs {
                assert_eq!(input.features.len(), pressdex_ingest::SALIENCE_FEATURES.len());
                assert_eq!(input.features[0], 1.0, "{id}: the bias input");
                let named = input.features[9] > 0.0;
                assert_eq!(named, !input.context.is_empty(), "{id}: {:?}", input.country);
            }
        }
    }
}
