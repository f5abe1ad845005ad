#!/usr/bin/env python3
"""Write the reference fixtures for Tests/ClassificationTests.

    pip install numpy scikit-learn cleanlab
    python3 scripts/make_classification_fixtures.py

Three files land in Tests/ClassificationTests/Fixtures/:

- metrics.json      fixed labels and probabilities (multi-class and binary, with ties)
                    and scikit-learn's accuracy, precision/recall/F1/support, macro-F1,
                    one-vs-rest AUC-ROC, confusion matrix and log-loss; ECE from the numpy
                    reference below (scikit-learn has none).
- training.json     small seeded data sets and scikit-learn LogisticRegression (lbfgs,
                    tol 1e-10) coefficients and probabilities, plain and balanced.
- label_noise.json  a separable-ish data set with known flipped labels, out-of-fold
                    probabilities from scikit-learn, and cleanlab's find_label_issues
                    (filter_by='prune_by_noise_rate', ranked by self_confidence).

Every float the Swift side reads as input (features, probabilities) is rounded to float32
first and written in its shortest float32 spelling, and the references are computed from
those same rounded values, so both sides see bit-identical inputs. Reference outputs are
written at full float64 precision.
"""

import json
import pathlib

import numpy as np
import sklearn
import cleanlab
from cleanlab.count import compute_confident_joint, get_confident_thresholds
from cleanlab.filter import find_label_issues
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import (
    accuracy_score,
    confusion_matrix,
    f1_score,
    log_loss,
    precision_recall_fscore_support,
    roc_auc_score,
)
from sklearn.model_selection import StratifiedKFold, cross_val_predict

OUT = pathlib.Path(__file__).resolve().parent.parent / "Tests" / "ClassificationTests" / "Fixtures"
ECE_BINS = 15


def f32(values):
    """Round to float32 and back, so that Python computes on what Swift will read."""
    return np.asarray(values, dtype=np.float32).astype(np.float64)


def f32_list(values):
    """Nested lists of the shortest decimal spelling of each float32 value."""
    array = np.asarray(values, dtype=np.float32)
    flat = [float(str(v)) for v in array.ravel()]
    # The Swift side parses a Double and converts it to Float: check that path is exact.
    assert np.array_equal(np.asarray(flat, dtype=np.float64).astype(np.float32), array.ravel())
    return np.asarray(flat).reshape(array.shape).tolist()


def ece_reference(labels, probabilities):
    """Expected calibration error, 15 equal-width bins on the max probability.

    Bin m (0-based) holds confidences in (m/15, (m+1)/15]; the index is ceil(conf*15)-1,
    clamped to [0, 14]. ECE = sum over bins of |bin| / n * |accuracy(bin) - mean conf(bin)|.
    Predictions are the first maximum, as numpy's argmax.
    """
    confidence = probabilities.max(axis=1)
    predicted = probabilities.argmax(axis=1)
    correct = (predicted == labels).astype(np.float64)
    index = np.clip(np.ceil(confidence * ECE_BINS).astype(int) - 1, 0, ECE_BINS - 1)
    total = 0.0
    for m in range(ECE_BINS):
        inside = index == m
        if inside.any():
            total += inside.sum() / len(labels) * abs(correct[inside].mean() - confidence[inside].mean())
    return float(total)


def metric_case(name, labels, probabilities):
    labels = np.asarray(labels)
    probabilities = f32(probabilities)
    k = probabilities.shape[1]
    classes = list(range(k))
    predicted = probabilities.argmax(axis=1)
    precision, recall, f1, support = precision_recall_fscore_support(
        labels, predicted, labels=classes, zero_division=0
    )
    if k == 2:
        auc = roc_auc_score(labels, probabilities[:, 1])
    else:
        auc = roc_auc_score(labels, probabilities, multi_class="ovr", average="macro", labels=classes)
    per_class_auc = [roc_auc_score(labels == c, probabilities[:, c]) for c in classes]
    return {
        "name": name,
        "classCount": k,
        "labels": labels.tolist(),
        "probabilities": f32_list(probabilities),
        "expected": {
            "accuracy": accuracy_score(labels, predicted),
            "precision": precision.tolist(),
            "recall": recall.tolist(),
            "f1": f1.tolist(),
            "support": support.tolist(),
            "macroF1": f1_score(labels, predicted, labels=classes, average="macro", zero_division=0),
            "macroAUC": auc,
            "perClassAUC": per_class_auc,
            "confusion": confusion_matrix(labels, predicted, labels=classes).tolist(),
            # Our probabilities are Float32, so the float32 clipping convention applies.
            "logLoss": log_loss(labels, probabilities.astype(np.float32), labels=classes),
            "expectedCalibrationError": ece_reference(labels, probabilities),
        },
    }


def grid_probabilities(rng, labels, k, steps, peak):
    """Rows of counts/steps drawn around the true class: coarse values, so many ties."""
    rows = []
    for y in labels:
        weights = np.ones(k)
        weights[y] += peak if rng.random() < 0.75 else 0.0
        rows.append(rng.multinomial(steps, weights / weights.sum()) / steps)
    return np.asarray(rows)


def metric_fixtures():
    rng = np.random.default_rng(20240604)
    cases = []

    labels = np.tile(np.arange(3), 10)
    rng.shuffle(labels)
    cases.append(metric_case("three classes, probabilities on a 1/20 grid (ties)", labels,
                             grid_probabilities(rng, labels, 3, 20, 2.0)))

    labels = rng.integers(0, 2, 40)
    positive = np.round(np.clip(0.5 + 0.25 * (2 * labels - 1) + rng.normal(0, 0.25, 40), 0, 1), 1)
    cases.append(metric_case("binary, probabilities rounded to 0.1 (ties)", labels,
                             np.stack([1 - positive, positive], axis=1)))

    # Class 3 is never the argmax (zero-division precision), and row 0's true class has
    # probability 0 (log-loss clipping).
    labels = np.array([0, 1, 2, 3] * 6 + [3])
    probabilities = grid_probabilities(rng, labels, 4, 10, 3.0)
    probabilities[:, 3] = 0.0
    probabilities = probabilities / probabilities.sum(axis=1, keepdims=True)
    probabilities[0] = [0.0, 0.5, 0.5, 0.0]
    cases.append(metric_case("four classes, one never predicted, a zero probability", labels, probabilities))

    labels = rng.integers(0, 5, 200)
    cases.append(metric_case("five classes, 200 items, 1/20 grid", labels,
                             grid_probabilities(rng, labels, 5, 20, 1.5)))

    labels = rng.integers(0, 3, 150)
    raw = rng.dirichlet(np.ones(3), 150)
    raw[np.arange(150), labels] += 0.6
    cases.append(metric_case("three classes, continuous probabilities", labels,
                             raw / raw.sum(axis=1, keepdims=True)))
    return {"source": f"scikit-learn {sklearn.__version__}", "cases": cases}


def blobs(rng, counts, features, spread):
    means = rng.normal(0, spread, (len(counts), features))
    labels = np.concatenate([np.full(c, k) for k, c in enumerate(counts)])
    rng.shuffle(labels)
    x = means[labels] + rng.normal(0, 1, (len(labels), features))
    return f32(x), labels


def training_case(name, dataset, x, labels, **params):
    model = LogisticRegression(solver="lbfgs", tol=1e-10, max_iter=100_000, **params).fit(x, labels)
    k = len(model.classes_)
    coef = model.coef_
    intercept = model.intercept_
    if k == 2:
        # scikit-learn's binary model is one weight vector for class 1 (class 0's is zero).
        coef = np.vstack([np.zeros_like(coef), coef])
        intercept = np.concatenate([[0.0], intercept])
    return {
        "name": name,
        "classCount": k,
        "c": params.get("C", 1.0),
        "balanced": params.get("class_weight") == "balanced",
        "fitIntercept": params.get("fit_intercept", True),
        "dataset": dataset,
        "weights": coef.tolist(),
        "intercepts": intercept.tolist(),
        "probabilities": model.predict_proba(x).tolist(),
        "iterations": int(model.n_iter_[0]),
    }


def training_fixtures():
    rng = np.random.default_rng(7)
    x3, y3 = blobs(rng, [150, 100, 50], 16, 0.8)
    x2, y2 = blobs(rng, [140, 60], 8, 0.6)
    return {
        "source": f"scikit-learn {sklearn.__version__} LogisticRegression(solver='lbfgs', tol=1e-10)",
        "datasets": {
            "three": {"features": f32_list(x3), "labels": y3.tolist()},
            "binary": {"features": f32_list(x2), "labels": y2.tolist()},
        },
        "cases": [
            training_case("three classes, C=1", "three", x3, y3, C=1.0),
            training_case("three classes, C=1, balanced", "three", x3, y3, C=1.0, class_weight="balanced"),
            training_case("three classes, C=10, no intercept", "three", x3, y3, C=10.0, fit_intercept=False),
            training_case("binary, C=0.5", "binary", x2, y2, C=0.5),
            training_case("binary, C=0.5, balanced", "binary", x2, y2, C=0.5, class_weight="balanced"),
        ],
    }


def label_noise_fixture():
    rng = np.random.default_rng(11)
    x, true_labels = blobs(rng, [200, 150, 100], 10, 1.1)
    noisy = true_labels.copy()
    flipped = np.sort(rng.choice(len(noisy), 45, replace=False))
    for i in flipped:
        noisy[i] = (noisy[i] + rng.integers(1, 3)) % 3
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    oof = cross_val_predict(LogisticRegression(C=1.0), x, noisy, cv=folds, method="predict_proba")
    oof = f32(oof)
    ranked = find_label_issues(noisy, oof, filter_by="prune_by_noise_rate",
                               return_indices_ranked_by="self_confidence")
    joint = compute_confident_joint(noisy, oof)
    found_flips = np.intersect1d(ranked, flipped)
    print(f"label noise: cleanlab flags {len(ranked)} items, {len(found_flips)} of the {len(flipped)} flips")
    return {
        "source": f"cleanlab {cleanlab.__version__} find_label_issues(filter_by='prune_by_noise_rate', "
                  f"return_indices_ranked_by='self_confidence'); out-of-fold probabilities from "
                  f"scikit-learn {sklearn.__version__} cross_val_predict(LogisticRegression(C=1), 5 folds)",
        "classCount": 3,
        "features": f32_list(x),
        "labels": noisy.tolist(),
        "trueLabels": true_labels.tolist(),
        "flipped": flipped.tolist(),
        "outOfFoldProbabilities": f32_list(oof),
        "thresholds": get_confident_thresholds(noisy, oof).tolist(),
        "confidentJoint": joint.tolist(),
        "rankedIssues": ranked.tolist(),
    }


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for name, payload in [
        ("metrics.json", metric_fixtures()),
        ("training.json", training_fixtures()),
        ("label_noise.json", label_noise_fixture()),
    ]:
        path = OUT / name
        path.write_text(json.dumps(payload, separators=(",", ":")) + "\n")
        print(f"wrote {path} ({path.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
