#!/usr/bin/env python3
"""Other learned models for issue 12's salience decision (about a country, or only mentions it).

    cargo run -q -p pressdex-ingest --example salience -- --csv > /tmp/salience.csv
    pip install scikit-learn   # not a dependency of the project: this is a measurement
    python3 scripts/salience-models.py /tmp/salience.csv [--curve]

Reads the development batches only (the example never loads the test half). Each batch is
scored by a model trained on the seven others, beside the rules' decision on the same countries:
boosted trees and a random forest on the example's 17 inputs, and logistic regression on those
inputs plus the words around each mention (bag of words, seen in at least `min_df` countries).
TP/FP/FN count countries named in the text; labelled countries the text never names are left
out, as they are for every model alike.

`--curve` adds a learning curve: each batch scored by the boosted trees and the logistic model on
words trained on 1, 2, 3, 5 or 7 of the other batches (random picks, three per held-out batch
below 7), to see whether more labels would let a model pass the rules.
"""

import csv
import sys

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression


def main(path):
    with open(path, newline="") as handle:
        rows = list(csv.DictReader(handle))
    names = list(rows[0].keys())[4:-1]
    batch = np.array([row["batch"] for row in rows])
    about = np.array([int(row["about"]) for row in rows])
    rules = np.array([int(row["rule"]) for row in rows])
    inputs = np.array([[float(row[name]) for name in names] for row in rows])
    words = [row["context"] for row in rows]

    def score(predicted):
        tp = int(((predicted == 1) & (about == 1)).sum())
        fp = int(((predicted == 1) & (about == 0)).sum())
        fn = int(((predicted == 0) & (about == 1)).sum())
        return f"TP {tp:4} FP {fp:3} FN {fn:3}  P {tp / (tp + fp):.3}  R {tp / (tp + fn):.3}"

    def held_out(fit_predict):
        predicted = np.zeros_like(about)
        for key in sorted(set(batch)):
            train, test = batch != key, batch == key
            predicted[test] = fit_predict(train, test)
        return predicted

    print(f"{'rules':<44} {score(rules)}")
    # LABELLING.md section 1 as positive reasons the pipeline can see: title, party, foreign
    # dateline, a role of the news (origin, destination, nationality, place); the section's
    # "counterpart of the bilateral event" has no such signal, which is what the rules'
    # "named outside background" stands in for.
    column = {name: at for at, name in enumerate(names)}
    reasons = (
        (inputs[:, column["in the title (not in a list)"]] > 0)
        | (inputs[:, column["a party to an agreement"]] > 0)
        | (inputs[:, column["a foreign dateline's country"]] > 0)
        | (inputs[:, column["in a role of the news"]] > 0)
    )
    lead = inputs[:, column["in the lead foreground"]] > 0
    most = inputs[:, column["named most often"]] > 0
    evidence = inputs[:, column["in an agreement's evidence"]] > 0
    print(f"{'reasons of LABELLING.md 1 only':<44} {score(reasons.astype(int))}")
    print(f"{'reasons, or in the lead':<44} {score((reasons | lead).astype(int))}")
    narrowed = (rules == 1) & (reasons | lead | most | evidence)
    print(f"{'rules, and a reason, lead, most or evidence':<44} {score(narrowed.astype(int))}")
    trees = {
        "boosted trees, depth 2": lambda: GradientBoostingClassifier(
            n_estimators=100, max_depth=2, random_state=0
        ),
        "boosted trees, depth 3": lambda: GradientBoostingClassifier(
            n_estimators=200, max_depth=3, learning_rate=0.05, random_state=0
        ),
        "random forest": lambda: RandomForestClassifier(
            n_estimators=300, min_samples_leaf=3, random_state=0
        ),
    }
    for name, make in trees.items():
        for threshold in (0.5, 0.6):

            def fit_predict(train, test, make=make, threshold=threshold):
                model = make().fit(inputs[train], about[train])
                return model.predict_proba(inputs[test])[:, 1] >= threshold

            print(f"{name + f', p >= {threshold}':<44} {score(held_out(fit_predict))}")
    for c in (0.1, 0.3, 1.0):
        for min_df in (3, 5):

            def fit_predict(train, test, c=c, min_df=min_df):
                vectorizer = CountVectorizer(token_pattern=r"\S+", binary=True, min_df=min_df)
                train_words = vectorizer.fit_transform([words[i] for i in np.where(train)[0]])
                test_words = vectorizer.transform([words[i] for i in np.where(test)[0]])
                model = LogisticRegression(C=c, max_iter=5000)
                model.fit(hstack([csr_matrix(inputs[train]), train_words]).tocsr(), about[train])
                features = hstack([csr_matrix(inputs[test]), test_words]).tocsr()
                return model.predict_proba(features)[:, 1] >= 0.5

            label = f"logistic, inputs + words, C {c}, min_df {min_df}"
            print(f"{label:<44} {score(held_out(fit_predict))}")

    if "--curve" in sys.argv:
        learning_curve(batch, about, rules, inputs, words)


def learning_curve(batch, about, rules, inputs, words):
    import random

    keys = sorted(set(batch))
    picks = random.Random(0)
    print("\nlearning curve (F1 over every held-out batch):")
    for count in (1, 2, 3, 5, 7):
        totals = {"boosted trees": [0, 0, 0], "logistic + words": [0, 0, 0], "rules": [0, 0, 0]}
        sizes = []
        for held in keys:
            others = [key for key in keys if key != held]
            for _ in range(3 if count < len(others) else 1):
                train = np.isin(batch, picks.sample(others, count))
                test = batch == held
                sizes.append(int(train.sum()))
                trees = GradientBoostingClassifier(n_estimators=100, max_depth=2, random_state=0)
                trees.fit(inputs[train], about[train])
                vectorizer = CountVectorizer(token_pattern=r"\S+", binary=True, min_df=3)
                train_words = vectorizer.fit_transform([words[i] for i in np.where(train)[0]])
                test_words = vectorizer.transform([words[i] for i in np.where(test)[0]])
                logistic = LogisticRegression(C=0.1, max_iter=5000)
                logistic.fit(hstack([csr_matrix(inputs[train]), train_words]).tocsr(), about[train])
                predicted = {
                    "boosted trees": trees.predict_proba(inputs[test])[:, 1] >= 0.5,
                    "logistic + words": logistic.predict_proba(
                        hstack([csr_matrix(inputs[test]), test_words]).tocsr()
                    )[:, 1] >= 0.5,
                    "rules": rules[test] == 1,
                }
                for name, guess in predicted.items():
                    truth = about[test] == 1
                    totals[name][0] += int((guess & truth).sum())
                    totals[name][1] += int((guess & ~truth).sum())
                    totals[name][2] += int((~guess & truth).sum())
        cells = []
        for name, (tp, fp, fn) in totals.items():
            p, r = tp / (tp + fp), tp / (tp + fn)
            cells.append(f"{name} P {p:.3f} R {r:.3f} F1 {2 * p * r / (p + r):.3f}")
        print(f"{count} batches (~{sum(sizes) // len(sizes)} countries): " + " | ".join(cells))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/salience.csv")
