#!/usr/bin/env python3
"""Write the reference fixture for `opine drift` (the Drift target).

Output: Tests/DriftTests/Fixtures/drift.json

Seeded embedding batches, float32 values (what Opine stores), and what Evidently computes on
them as float64 (Evidently's legacy embedding drift methods):
- `distance()`: the Euclidean distance between the batches' mean vectors;
- `mmd()`: MMD^2_u with an RBF kernel, gamma = 1 / median(pairwise distances)^2 (both
  batches at most 1,000 rows, so Evidently's sample is every row);
- `model()`: its domain classifier's ROC AUC (SGDClassifier on a 50/50 split), for
  comparison only: Opine's classifier is its own L-BFGS head, cross-validated;
- scikit-learn's LogisticRegression(C=1) 5-fold stratified cross-validated ROC AUC, the
  method Opine implements, on other folds than Opine's.
Pairs: "shifted" (the current batch's mean moved in 3 of 16 dimensions) and "same" (both
batches drawn from one distribution).

And label batches with Evidently's categorical tests: chi-square goodness of fit (p-value),
Jensen-Shannon distance, PSI, and the two-proportion z-test per class.

Setup (PyPI):  pip install evidently "pandas<3" scikit-learn scipy numpy
Run from the repository root:  python3 scripts/make_drift_fixture.py
"""

import importlib.metadata as metadata
import json
import os
import warnings

import numpy as np
import pandas as pd
from evidently.legacy.calculations.stattests.chisquare_stattest import _chi_stat_test
from evidently.legacy.calculations.stattests.jensenshannon import _jensenshannon
from evidently.legacy.calculations.stattests.psi import _psi
from evidently.legacy.calculations.stattests.z_stattest import proportions_diff_z_stat_ind, proportions_diff_z_test
from evidently.legacy.core import ColumnType
from evidently.legacy.metrics.data_drift.embedding_drift_methods import distance, mmd, model
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict

warnings.filterwarnings("ignore")
OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "DriftTests", "Fixtures")


def pair(seed, shift):
    rng = np.random.default_rng(seed)
    reference = rng.normal(size=(300, 16)).astype(np.float32)
    current = rng.normal(size=(200, 16))
    current[:, :3] += shift
    current = current.astype(np.float32)
    ref, cur = pd.DataFrame(reference.astype(np.float64)), pd.DataFrame(current.astype(np.float64))
    x = np.vstack([reference, current]).astype(np.float64)
    y = np.array([0] * len(reference) + [1] * len(current))
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    p = cross_val_predict(LogisticRegression(C=1.0, max_iter=1000), x, y, cv=folds, method="predict_proba")[:, 1]
    return {
        "reference": reference.tolist(), "current": current.tolist(),
        "distance": float(distance()(cur, ref)[0]),
        "mmd": float(mmd()(cur, ref)[0]),
        "evidently_model_auc": float(model()(cur, ref)[0]),
        "sklearn_cv_auc": float(roc_auc_score(y, p)),
    }


def labels(seed, n_ref, n_cur, ref_p, cur_p):
    rng = np.random.default_rng(seed)
    names = ["negative", "neutral", "positive"]
    ref = pd.Series(rng.choice(names, size=n_ref, p=ref_p))
    cur = pd.Series(rng.choice(names, size=n_cur, p=cur_p))
    case = {"labels": names, "reference": [int((ref == k).sum()) for k in names], "current": [int((cur == k).sum()) for k in names],
            "psi": float(_psi(ref, cur, ColumnType.Categorical, 0.1)[0]),
            "z_p": [float(proportions_diff_z_test(proportions_diff_z_stat_ind((ref == k).astype(int), (cur == k).astype(int)))) for k in names]}
    if n_ref <= 1000:
        case["chi_square_p"] = float(_chi_stat_test(ref, cur, ColumnType.Categorical, 0.05)[0])
    else:
        case["jensen_shannon"] = float(_jensenshannon(ref, cur, ColumnType.Categorical, 0.1)[0])
    return case


def main():
    fixture = {
        "versions": {name: metadata.version(name) for name in ["evidently", "scikit-learn", "scipy", "numpy", "pandas"]},
        "embeddings": {"shifted": pair(3, 0.6), "same": pair(5, 0.0)},
        "categorical": {
            "small": labels(8, 300, 200, [0.3, 0.3, 0.4], [0.45, 0.25, 0.3]),
            "large": labels(9, 5000, 3000, [0.3, 0.3, 0.4], [0.33, 0.3, 0.37]),
        },
    }
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "drift.json"), "w") as handle:
        json.dump(fixture, handle)
    print("wrote", os.path.join(OUT, "drift.json"))


if __name__ == "__main__":
    main()
