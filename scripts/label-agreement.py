#!/usr/bin/env python3
"""How far two labellers agree, and where the pipeline stands beside them (issue 12).

    python3 scripts/label-agreement.py

Reads the first labels (`tests/fixtures/labels/real/labels.json`), the second, blind labelling
of a random sample of development releases (`real/second-labels.json`), and what the pipeline
finds in the same releases (`cargo run -q -p pressdex-ingest --example eval -- <batch> --json`
for every development batch; the test half is never read). Every facet is scored as the eval
example scores it (`tests/it/eval.rs`): sets per release of countries about and mentioned, of
agreement types, of (type, party) pairs; datelines equal exactly; an event date right when an
agreement of the same type sharing a party (or both without) has the reference's date. Each
column reads "P / R of the second against the reference": with two labellers, P and R are the
share of each one's answers the other gives, and F1 is symmetric.
"""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "tests/fixtures/labels/real"
BATCHES = ["dev", "dev2", "dev3", "dev4", "dev5", "dev6", "dev7", "dev8"]


def pipeline():
    found = {}
    for batch in BATCHES:
        output = subprocess.run(
            ["cargo", "run", "-q", "-p", "pressdex-ingest", "--example", "eval", "--", batch, "--json"],
            cwd=ROOT, check=True, capture_output=True, text=True,
        ).stdout
        found.update(json.loads(output))
    return found


def sets(record):
    agreements = record["agreements"]
    return {
        "countries (about)": set(record["countries_about"]),
        "countries (mentioned)": set(record["countries_mentioned"]),
        "agreement types": {a["code"] for a in agreements},
        "parties": {(a["code"], p) for a in agreements for p in a["parties"]},
    }


def event_dates(reference, other):
    right = 0
    unused = list(other["agreements"])
    for wanted in reference["agreements"]:
        parties = set(wanted["parties"])
        match = next(
            (i for i, a in enumerate(unused)
             if a["code"] == wanted["code"]
             and (parties & set(a["parties"]) or (not parties and not a["parties"]))),
            None,
        )
        if match is not None:
            found = unused.pop(match)
            right += found.get("event_date") == wanted["event_date"]
    return right, len(reference["agreements"])


def compare(reference, other, ids):
    counts = {}
    dates = [0, 0]
    datelines = [0, 0, 0]  # both the same, reference has one, other has one where none
    for id in ids:
        ref, oth = sets(reference[id]), sets(other[id])
        for facet in ref:
            tp, fp, fn = counts.get(facet, (0, 0, 0))
            counts[facet] = (
                tp + len(ref[facet] & oth[facet]),
                fp + len(oth[facet] - ref[facet]),
                fn + len(ref[facet] - oth[facet]),
            )
        right, total = event_dates(reference[id], other[id])
        dates[0] += right
        dates[1] += total
        want, got = reference[id]["dateline"], other[id]["dateline"]
        datelines[0] += want is not None and want == got
        datelines[1] += want is not None
        datelines[2] += want is None and got is not None
    cells = {}
    for facet, (tp, fp, fn) in counts.items():
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        cells[facet] = f"{p:.3f} / {r:.3f} (F1 {f:.3f})"
    cells["datelines right"] = f"{datelines[0]} of {datelines[1]}, {datelines[2]} extra"
    cells["event dates right"] = f"{dates[0]} of {dates[1]} ({dates[0] / max(dates[1], 1):.3f})"
    return cells


def main():
    first = json.loads((REAL / "labels.json").read_text())
    path = REAL / "second-labels.json"
    if not path.is_file():
        sys.exit(f"{path}: no second labelling to compare")
    second = json.loads(path.read_text())
    split = json.loads((REAL / "split.json").read_text())
    if set(second) & set(split["test"]):
        sys.exit("second-labels.json holds test-half releases: it must not")
    found = pipeline()
    ids = sorted(second)
    columns = [
        ("second vs first", compare(first, second, ids)),
        ("pipeline vs first", compare(first, found, ids)),
        ("pipeline vs second", compare(second, found, ids)),
    ]
    print(f"{len(ids)} development releases labelled twice\n")
    print("| facet | " + " | ".join(name for name, _ in columns) + " |")
    print("| --- |" + " --- |" * len(columns))
    for facet in columns[0][1]:
        print(f"| {facet} | " + " | ".join(cells[facet] for _, cells in columns) + " |")


if __name__ == "__main__":
    main()
