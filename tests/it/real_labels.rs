//! Issue 12's regression guard: the real pipeline on the development half of the labelled real
//! releases (`tests/fixtures/labels/real/`) keeps the scores it reached, less a small margin (one
//! or two errors per facet). The test half is never scored here: it is measured once, by hand,
//! with `cargo run -p pressdex-ingest --example eval -- test` (see
//! `tests/fixtures/labels/README.md`).

use crate::eval::{Half, evaluate};

#[test]
fn development_half_keeps_its_scores() {
    let scores = evaluate(Half::Dev);
    let table = scores.table(Half::Dev);
    let errors: Vec<String> =
        scores.errors.iter().map(|(id, errors)| format!("{id}: {}", errors.join("; "))).collect();
    let report = format!("{table}\n{}", errors.join("\n"));
    assert_eq!(scores.releases, 138, "{report}");
    // The scores reached on 2026-11-30 (138 releases) less one or two errors per facet.
    for (name, tally, precision, recall) in [
        ("countries (about)", &scores.about, 0.97, 0.97),
        ("countries (mentioned)", &scores.mentioned, 0.95, 0.92),
        ("agreement types", &scores.agreement_types, 0.95, 0.95),
        ("parties", &scores.parties, 0.97, 0.95),
    ] {
        assert!(tally.precision() >= precision, "{name} precision below {precision}\n{report}");
        assert!(tally.recall() >= recall, "{name} recall below {recall}\n{report}");
    }
    assert!(scores.datelines_found_rate() >= 0.96, "datelines found\n{report}");
    assert!(scores.datelines_right_rate() >= 0.96, "datelines right\n{report}");
    assert!(scores.datelines_extra <= 1, "datelines where none\n{report}");
    assert!(scores.event_dates_right_rate() >= 0.92, "event dates\n{report}");
}
