#!/usr/bin/env python3
"""Write the reference fixtures for the Slices target.

Output: Tests/SlicesTests/Fixtures/fairness.json

Seeded random data sets (items with a slice value, annotators with an attribute, gold
labels, model predictions and probabilities, each annotator's labels) and, for each,
the per-slice and cross-slice numbers as the reference packages compute them:

- fairlearn: selection_rate, true_positive_rate, false_positive_rate per slice, and
  demographic_parity_difference / _ratio, equalized_odds_difference / _ratio
  (agg="worst_case") across slices, each label in turn the positive class (one-vs-rest,
  y == label → 1);
- scikit-learn: accuracy_score and f1_score(average="macro") per slice;
- krippendorff: nominal alpha within each slice;
- "formula": percent agreement (mean over items with >= 2 labels of the share of agreeing
  label pairs) and mean probabilities (numpy), which no package computes for us.

Units, as the Swift code defines them: an item dimension's unit is the item; an annotator
dimension's unit is a label, in the slice of its annotator's attribute. The model is scored
on units with a prediction (selection rate) and with a prediction and gold (everything
else); the annotators' labels are scored the same way, a label being the prediction.
Gaps compare the slices with at least `threshold` items; they are computed for thresholds
1 (every slice) and 20 (the default).

Setup (PyPI):  pip install fairlearn scikit-learn krippendorff numpy pandas
Run from the repository root:  python3 scripts/make_slices_fixtures.py
"""

import importlib.metadata as metadata
import json
import math
import os
import warnings

import krippendorff
import numpy as np
from fairlearn.metrics import (
    demographic_parity_difference,
    demographic_parity_ratio,
    equalized_odds_difference,
    equalized_odds_ratio,
    false_positive_rate,
    selection_rate,
    true_positive_rate,
)
from sklearn.metrics import accuracy_score, f1_score

OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "SlicesTests", "Fixtures")
THRESHOLDS = [1, 20]
warnings.filterwarnings("ignore")


def versions():
    names = ["fairlearn", "scikit-learn", "krippendorff", "numpy", "pandas"]
    return {name: metadata.version(name) for name in names}


def clean(x):
    """float, or None for NaN/inf (undefined)."""
    if x is None:
        return None
    x = float(x)
    return x if math.isfinite(x) else None


# ---------------------------------------------------------------------------
# Data

def make_dataset(name, seed, n, k, annotators, regions, groups, group_p, *, overlap=(2, 3),
                 gold_missing=0.0, prediction_missing=0.0, probabilities=True,
                 no_positive=None, never_predict=None, group_accuracy=None, missing_group=0.0):
    """Seeded items, annotators and labels.

    no_positive = (group, label): that group's gold is never `label`.
    never_predict = label the model never outputs (or (group, label) for one group).
    group_accuracy = {group: p} chance the model is right, per group (default 0.7).
    """
    rng = np.random.default_rng(seed)
    group_of = [str(g) for g in rng.choice(groups, size=n, p=group_p)]
    group_of = [None if rng.random() < missing_group else g for g in group_of]
    truth = rng.integers(0, k, size=n)
    if no_positive is not None:
        group, label = no_positive
        for i in range(n):
            while group_of[i] == group and truth[i] == label:
                truth[i] = rng.integers(0, k)
    gold = [int(t) if rng.random() >= gold_missing else None for t in truth]

    predicted = []
    probs = []
    for i in range(n):
        if rng.random() < prediction_missing:
            predicted.append(None)
            probs.append(None)
            continue
        p_right = (group_accuracy or {}).get(group_of[i], 0.7)
        label = int(truth[i]) if rng.random() < p_right else int(rng.integers(0, k))
        blocked = never_predict
        if isinstance(blocked, tuple):
            blocked = blocked[1] if group_of[i] == blocked[0] else None
        while blocked is not None and label == blocked:
            label = int(rng.integers(0, k))
        predicted.append(label)
        if probabilities:
            logits = rng.normal(size=k)
            logits[label] += 3.0
            p = np.exp(logits) / np.exp(logits).sum()
            probs.append([float(v) for v in p])
        else:
            probs.append(None)

    # Annotators: each item gets `overlap` of them; right with 0.75, else uniform; the first
    # region's annotators lean towards label 0.
    a = len(annotators)
    ratings = [[None] * a for _ in range(n)]
    for i in range(n):
        m = int(rng.integers(overlap[0], overlap[1] + 1))
        for coder in rng.choice(a, size=min(m, a), replace=False):
            if regions[coder] is not None and regions[coder] == regions[0] and rng.random() < 0.2:
                label = 0
            elif rng.random() < 0.75:
                label = int(truth[i])
            else:
                label = int(rng.integers(0, k))
            ratings[i][int(coder)] = label

    return {
        "name": name,
        "seed": seed,
        "labels": [f"label{c}" for c in range(k)],
        "annotators": annotators,
        "itemDimension": {"name": "group", "values": group_of},
        "annotatorDimension": {"name": "region", "values": regions},
        "ratings": ratings,
        "gold": gold,
        "predictions": predicted,
        "probabilities": probs if probabilities else None,
    }


# ---------------------------------------------------------------------------
# Units of a dimension

def units(data, kind):
    """One record per unit: (slice, item, model prediction, annotator label or None)."""
    out = {"model": [], "annotatorLabels": []}
    if kind == "item":
        for i, value in enumerate(data["itemDimension"]["values"]):
            if value is None:
                continue
            out["model"].append((value, i, data["predictions"][i]))
            for label in data["ratings"][i]:
                if label is not None:
                    out["annotatorLabels"].append((value, i, label))
    else:
        regions = data["annotatorDimension"]["values"]
        for i, row in enumerate(data["ratings"]):
            for coder, label in enumerate(row):
                if label is None or regions[coder] is None:
                    continue
                out["model"].append((regions[coder], i, data["predictions"][i]))
                out["annotatorLabels"].append((regions[coder], i, label))
    return out


def slice_items(data, kind):
    """slice value → sorted item indices."""
    items = {}
    if kind == "item":
        for i, value in enumerate(data["itemDimension"]["values"]):
            if value is not None:
                items.setdefault(value, set()).add(i)
    else:
        regions = data["annotatorDimension"]["values"]
        for i, row in enumerate(data["ratings"]):
            for coder, label in enumerate(row):
                if label is not None and regions[coder] is not None:
                    items.setdefault(regions[coder], set()).add(i)
    return {value: sorted(s) for value, s in items.items()}


def slice_coders(data, kind, value):
    if kind == "item":
        return list(range(len(data["annotators"])))
    regions = data["annotatorDimension"]["values"]
    return [c for c, r in enumerate(regions) if r == value]


# ---------------------------------------------------------------------------
# Reference numbers

def classification(records, gold, k):
    """records: (item, prediction or None). None when no unit has a prediction."""
    predicted = [(i, p) for i, p in records if p is not None]
    if not predicted:
        return None
    y_pred_all = np.array([p for _, p in predicted])
    dummy = np.zeros(len(y_pred_all), dtype=int)
    scored = [(gold[i], p) for i, p in predicted if gold[i] is not None]
    out = {
        "units": len(predicted),
        "scoredUnits": len(scored),
        "counts": [int((y_pred_all == c).sum()) for c in range(k)],
        "selectionRate": [float(selection_rate(dummy, (y_pred_all == c).astype(int), pos_label=1))
                          for c in range(k)],
        "accuracy": None, "macroF1": None,
        "truePositiveRate": [None] * k, "falsePositiveRate": [None] * k,
    }
    if scored:
        y_true = np.array([t for t, _ in scored])
        y_pred = np.array([p for _, p in scored])
        out["accuracy"] = float(accuracy_score(y_true, y_pred))
        out["macroF1"] = float(f1_score(y_true, y_pred, average="macro"))
        for c in range(k):
            t = (y_true == c).astype(int)
            p = (y_pred == c).astype(int)
            # fairlearn gives 0 for an undefined rate; the fixture records it as undefined.
            if t.sum() > 0:
                out["truePositiveRate"][c] = float(true_positive_rate(t, p, pos_label=1))
            if (1 - t).sum() > 0:
                out["falsePositiveRate"][c] = float(false_positive_rate(t, p, pos_label=1))
    return out


def agreement(data, items, coders, k):
    rows = [[data["ratings"][i][c] for c in coders] for i in items]
    pairable = 0
    share = 0.0
    for row in rows:
        labels = [v for v in row if v is not None]
        m = len(labels)
        if m < 2:
            continue
        pairable += 1
        share += sum(labels.count(c) * (labels.count(c) - 1) for c in range(k)) / (m * (m - 1))
    alpha = None
    if pairable > 0:
        reliability = np.array([[np.nan if v is None else v for v in row] for row in rows], dtype=float).T
        try:
            alpha = clean(krippendorff.alpha(reliability_data=reliability, value_domain=list(range(k)),
                                             level_of_measurement="nominal"))
        except ValueError:
            alpha = None
    return {"pairableItems": pairable,
            "percentAgreement": share / pairable if pairable else None,
            "krippendorffAlpha": alpha}


def mean_probabilities(data, records):
    probs = data["probabilities"]
    if probs is None:
        return None
    rows = [probs[i] for _, i, _ in records if probs[i] is not None]
    if not rows:
        return None
    return [float(v) for v in np.mean(np.array(rows), axis=0)]


def gaps(records, gold, included, k):
    """fairlearn's gaps per label over units in the included slices."""
    predicted = [(s, i, p) for s, i, p in records if p is not None and s in included]
    if not predicted:
        return None
    groups_dp = np.array([s for s, _, _ in predicted])
    y_pred_dp = np.array([p for _, _, p in predicted])
    scored = [(s, gold[i], p) for s, i, p in predicted if gold[i] is not None]
    out = {"slices": sorted(set(groups_dp.tolist())), "labels": []}
    for c in range(k):
        sel = (y_pred_dp == c).astype(int)
        dummy = np.zeros(len(sel), dtype=int)
        entry = {
            "label": c,
            "demographicParityDifference": clean(demographic_parity_difference(
                dummy, sel, sensitive_features=groups_dp)),
            "demographicParityRatio": clean(demographic_parity_ratio(
                dummy, sel, sensitive_features=groups_dp)),
            "equalizedOddsDifference": None,
            "equalizedOddsRatio": None,
            "slicesWithoutPositives": [],
            "slicesWithoutNegatives": [],
        }
        if scored:
            g = np.array([s for s, _, _ in scored])
            t = np.array([y == c for _, y, _ in scored]).astype(int)
            p = np.array([q == c for _, _, q in scored]).astype(int)
            entry["equalizedOddsDifference"] = clean(equalized_odds_difference(
                t, p, sensitive_features=g, agg="worst_case"))
            entry["equalizedOddsRatio"] = clean(equalized_odds_ratio(
                t, p, sensitive_features=g, agg="worst_case"))
            for value in sorted(set(g.tolist())):
                mask = g == value
                if t[mask].sum() == 0:
                    entry["slicesWithoutPositives"].append(value)
                if (1 - t[mask]).sum() == 0:
                    entry["slicesWithoutNegatives"].append(value)
        out["labels"].append(entry)
    return out


def expected(data):
    k = len(data["labels"])
    gold = data["gold"]
    dims = []
    for kind, dimension in [("item", data["itemDimension"]), ("annotator", data["annotatorDimension"])]:
        recs = units(data, kind)
        items = slice_items(data, kind)
        slices = []
        for value in sorted(items):
            model_records = [(i, p) for s, i, p in recs["model"] if s == value]
            label_records = [(i, p) for s, i, p in recs["annotatorLabels"] if s == value]
            slices.append({
                "value": value,
                "items": len(items[value]),
                "labels": len(label_records),
                "agreement": agreement(data, items[value], slice_coders(data, kind, value), k),
                "model": classification(model_records, gold, k),
                "annotatorLabels": classification(label_records, gold, k),
                "meanProbabilities": mean_probabilities(
                    data, [r for r in recs["model"] if r[0] == value and r[2] is not None]),
            })
        by_threshold = {}
        for threshold in THRESHOLDS:
            included = {v for v in items if len(items[v]) >= threshold}
            by_threshold[str(threshold)] = {
                "model": gaps(recs["model"], gold, included, k),
                "annotatorLabels": gaps(recs["annotatorLabels"], gold, included, k),
            }
        dims.append({"name": dimension["name"], "kind": kind, "slices": slices, "gaps": by_threshold})
    return dims


def main():
    annotators = ["ana", "ben", "chloe", "dev", "eli"]
    datasets = [
        # Groups of very different sizes, one of them (c) with no gold positives for label 2,
        # some gold, predictions and slice values missing, one annotator without a region.
        make_dataset("three_labels", 101, 420, 3, annotators, ["latam", "eu", "uk", "eu", None],
                     ["a", "b", "c", "d"], [0.5, 0.3, 0.15, 0.05], gold_missing=0.1,
                     prediction_missing=0.05, no_positive=("c", 2), missing_group=0.02,
                     group_accuracy={"a": 0.8, "b": 0.6, "c": 0.7, "d": 0.5}),
        # Binary, everything present; the model never predicts 1 in group y.
        make_dataset("binary", 202, 300, 2, annotators[:3], ["north", "south", "south"],
                     ["x", "y"], [0.8, 0.2], probabilities=False, never_predict=("y", 1),
                     overlap=(2, 2)),
        # Label 1 is never predicted (selection rates 0 everywhere, TPR 0 everywhere), and a
        # small group (about 12 items) that the default threshold leaves out.
        make_dataset("never_predicted", 303, 200, 3, annotators[:4], ["eu", "eu", "uk", "uk"],
                     ["p", "q", "r"], [0.55, 0.39, 0.06], never_predict=1, gold_missing=0.05),
        # One slice only, in both dimensions; the model is always right, so every FPR is 0
        # (FPR ratio undefined) while the TPR ratio is 1.
        make_dataset("single_group", 404, 150, 3, annotators[:3], ["eu", "eu", "eu"],
                     ["only"], [1.0], group_accuracy={"only": 1.0}),
        # Four labels, the largest group with perfect predictions.
        make_dataset("four_labels", 505, 260, 4, annotators[:4], ["eu", "uk", "latam", "uk"],
                     ["s", "t", "u"], [0.45, 0.35, 0.2], group_accuracy={"s": 1.0, "t": 0.5, "u": 0.3}),
    ]
    for data in datasets:
        data["expected"] = expected(data)
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, "fairness.json")
    with open(path, "w") as f:
        json.dump({"versions": versions(), "thresholds": THRESHOLDS, "datasets": datasets}, f,
                  separators=(",", ":"))
        f.write("\n")
    print(f"wrote {path} ({os.path.getsize(path)} bytes)")


if __name__ == "__main__":
    main()
