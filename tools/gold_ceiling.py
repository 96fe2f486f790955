#!/usr/bin/env python3
"""How much of the seed gold standard the alignment's signals can carry at all.

Not a test and not part of Parallax: a measurement behind the README's alignment-quality
section. It reads the per-pair dump written by the ignored test

    PARALLAX_SEM_DUMP=/tmp/sem.tsv cargo test --release --test semantic \
        dump_semantic_scores_for_tuning -- --ignored

(every paragraph pair of the ten gold article pairs: gold label, lexical score, semantic
paragraph cosine, lexical and semantic sentence-pair matrices), builds the features the
decision rule could use (scores, best sentence pair, whether the pair is the best of its row or
column, margins over the runner-up; then the same plus where the two paragraphs sit in their
articles), and trains a logistic regression, gradient boosting and a
random forest with leave-one-article-pair-out cross-validation: each article pair is scored by
a model that never saw it. The best F1 over one threshold on the pooled out-of-fold
probabilities is printed (that threshold choice flatters the models a little); with position,
logistic regression is also scored with its threshold chosen inside each fold ("threshold
nested"), the figure to compare with the rule's own cross-validation (tools/rule_cv.py).

    pip install scikit-learn numpy
    python3 tools/gold_ceiling.py /tmp/sem.tsv
"""
import collections
import json
import sys

import numpy as np
from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier
from sklearn.linear_model import LogisticRegression


def load(path):
    rows = []
    for line in open(path):
        k, i, j, lab, kinds, lex, sem, ls, ss = line.rstrip("\n").split("\t")
        ls, ss = json.loads(ls), json.loads(ss)
        flat = lambda m: [x for r in m for x in r] or [0.0]
        rows.append(dict(k=int(k), i=int(i), j=int(j), lab=lab, kinds=kinds,
                         lex=float(lex), sem=float(sem), bls=max(flat(ls)), bss=max(flat(ss))))
    by = collections.defaultdict(list)
    for r in rows:
        by[(r["k"], "L", r["i"])].append(r)
        by[(r["k"], "R", r["j"])].append(r)
    size = collections.defaultdict(lambda: [0, 0])
    for r in rows:
        size[r["k"]][0] = max(size[r["k"]][0], r["i"] + 1)
        size[r["k"]][1] = max(size[r["k"]][1], r["j"] + 1)
    for r in rows:
        nl, nr = size[r["k"]]
        # Where the two paragraphs sit in their articles (the aligner's MAX_SHIFT gate).
        r["shift"] = abs((r["i"] + 0.5) / nl - (r["j"] + 0.5) / nr)
        r["leads"] = float(r["i"] == 0 and r["j"] == 0)
        r["depth"] = min(r["i"] / nl, r["j"] / nr)
    for f in ["lex", "sem", "bls", "bss"]:
        for key, g in by.items():
            s = sorted(g, key=lambda r: -r[f])
            for n, r in enumerate(s):
                r.setdefault(f + "_best", {})[key[1]] = float(n == 0)
                other = s[1][f] if n == 0 and len(s) > 1 else s[0][f]
                r.setdefault(f + "_gap", {})[key[1]] = min(r[f] - other, 0.2)
    return rows


def features(r, semantic, position=False):
    lexical = [r["lex"], r["bls"], r["lex_best"]["L"], r["lex_best"]["R"],
               r["bls_best"]["L"], r["bls_best"]["R"], r["lex_gap"]["L"], r["lex_gap"]["R"],
               float(r["kinds"] == "HeadingHeading")]
    if position:
        lexical += [r["shift"], r["leads"], r["depth"]]
    if not semantic:
        return lexical
    return lexical + [r["sem"], r["bss"], r["sem_best"]["L"], r["sem_best"]["R"],
                      r["bss_best"]["L"], r["bss_best"]["R"], r["sem_gap"]["L"],
                      r["sem_gap"]["R"], r["bss_gap"]["L"], r["bss_gap"]["R"]]


def prf(pred, lab):
    tp = int(((pred) & (lab == "C")).sum())
    fp = int(((pred) & (lab == "-")).sum())  # "related" counts neither way, as in the tests
    fn = int(((~pred) & (lab == "C")).sum())
    p, r = tp / max(1, tp + fp), tp / max(1, tp + fn)
    return p, r, 2 * p * r / max(1e-9, p + r)


def out_of_fold(X, y, lab, group, make, keep):
    """Probabilities for the rows in `keep`, each article pair scored by a model trained on the
    other pairs in `keep` (related pairs left out of training)."""
    prob = np.zeros(len(y))
    for k in sorted(set(group[keep])):
        train = keep & (group != k) & (lab != "R")
        test = keep & (group == k)
        prob[test] = make().fit(X[train], y[train]).predict_proba(X[test])[:, 1]
    return prob


def nested(X, y, lab, group, make, thresholds):
    """F1 with the threshold, too, chosen without the held-out pair: for each article pair, the
    threshold is the best one on the other nine pairs' own out-of-fold probabilities."""
    pred = np.zeros(len(y), dtype=bool)
    for k in sorted(set(group)):
        rest = group != k
        inner = out_of_fold(X, y, lab, group, make, rest)
        t = max(thresholds, key=lambda t: prf((inner >= t) & rest, np.where(rest, lab, "-"))[2])
        train = rest & (lab != "R")
        test = group == k
        pred[test] = make().fit(X[train], y[train]).predict_proba(X[test])[:, 1] >= t
    return prf(pred, lab)


def main():
    rows = load(sys.argv[1] if len(sys.argv) > 1 else "/tmp/sem.tsv")
    lab = np.array([r["lab"] for r in rows])
    y = lab == "C"
    group = np.array([r["k"] for r in rows])
    models = {
        "logistic regression": lambda: LogisticRegression(C=10, max_iter=5000),
        "gradient boosting": lambda: GradientBoostingClassifier(max_depth=2, random_state=0),
        "random forest": lambda: RandomForestClassifier(300, min_samples_leaf=3, random_state=0),
    }
    for semantic, position in [(False, False), (False, True), (True, False), (True, True)]:
        X = np.array([features(r, semantic, position) for r in rows])
        for name, make in models.items():
            prob = out_of_fold(X, y, lab, group, make, np.ones(len(rows), dtype=bool))
            best = max(((prf(prob >= t, lab), t) for t in np.arange(0.05, 0.95, 0.05)),
                       key=lambda x: x[0][2])
            (p, r, f), t = best
            mode = ("lexical+semantic" if semantic else "lexical") + ("+position" if position else "")
            print(f"{mode:26} {name:20} P {p:.3f} R {r:.3f} F1 {f:.3f} (threshold {t:.2f})")
        if position:
            p, r, f = nested(X, y, lab, group, models["logistic regression"],
                             np.arange(0.1, 0.9, 0.025))
            print(f"{mode:26} {'  threshold nested':20} P {p:.3f} R {r:.3f} F1 {f:.3f}")


if __name__ == "__main__":
    main()
