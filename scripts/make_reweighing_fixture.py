#!/usr/bin/env python3
"""Write the reference fixture for fairness-aware training (reweighing).

Output: Tests/ModelLoopTests/Fixtures/reweighing.json

Two seeded data sets of items with a group, a label and four features, the group skewed
towards some labels:

- binary: two groups, two labels, with AIF360's Reweighing (privileged group "a", favourable
  label 1) weights per item — AIF360 handles binary labels and two groups only;
- multiclass: three groups, three labels, with the Kamiran & Calders weight
  P(y) P(g) / P(g, y) computed with pandas (the formula AIF360 implements, generalised);

and for each, scikit-learn's LogisticRegression(solver="lbfgs", C=1, tol=1e-10) fitted with
those weights as sample_weight: coefficients and intercepts.

Setup (PyPI):  pip install aif360 scikit-learn pandas numpy
Run from the repository root:  python3 scripts/make_reweighing_fixture.py
"""

import importlib.metadata as metadata
import json
import os
import warnings

import numpy as np
import pandas as pd
from aif360.algorithms.preprocessing import Reweighing
from aif360.datasets import BinaryLabelDataset
from sklearn.linear_model import LogisticRegression

warnings.filterwarnings("ignore")
OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "ModelLoopTests", "Fixtures")


def data(seed, groups, classes, n):
    rng = np.random.default_rng(seed)
    group = rng.integers(0, groups, size=n)
    # The label leans on the group: group g favours label g % classes.
    label = np.where(rng.random(n) < 0.55, group % classes, rng.integers(0, classes, size=n))
    features = rng.normal(size=(n, 4)) + 0.8 * np.eye(classes, 4)[label] + 0.5 * group[:, None] / groups
    return group, label, features


def fit(features, label, weights):
    model = LogisticRegression(solver="lbfgs", C=1.0, tol=1e-10, max_iter=100_000)
    model.fit(features, label, sample_weight=weights)
    return model.coef_.tolist(), model.intercept_.tolist()


def binary():
    group, label, features = data(7, 2, 2, 120)
    frame = pd.DataFrame({"g": group, "y": label})
    dataset = BinaryLabelDataset(df=frame, label_names=["y"], protected_attribute_names=["g"],
                                 favorable_label=1, unfavorable_label=0)
    weights = Reweighing(unprivileged_groups=[{"g": 1}], privileged_groups=[{"g": 0}]).fit_transform(dataset).instance_weights
    coef, intercept = fit(features, label, weights)
    return {"groups": ["ab"[g] for g in group], "labels": label.tolist(), "features": features.tolist(),
            "weights": weights.tolist(), "coefficients": coef, "intercepts": intercept}


def multiclass():
    group, label, features = data(11, 3, 3, 150)
    frame = pd.DataFrame({"g": group, "y": label})
    n = len(frame)
    p_g = frame["g"].value_counts() / n
    p_y = frame["y"].value_counts() / n
    p_gy = frame.value_counts(["g", "y"]) / n
    weights = np.array([p_y[y] * p_g[g] / p_gy[(g, y)] for g, y in zip(group, label)])
    coef, intercept = fit(features, label, weights)
    return {"groups": ["xyz"[g] for g in group], "labels": label.tolist(), "features": features.tolist(),
            "weights": weights.tolist(), "coefficients": coef, "intercepts": intercept}


def main():
    fixture = {"versions": {name: metadata.version(name) for name in ["aif360", "scikit-learn", "pandas", "numpy"]},
               "binary": binary(), "multiclass": multiclass()}
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "reweighing.json"), "w") as handle:
        json.dump(fixture, handle, indent=1)
    print("wrote", os.path.join(OUT, "reweighing.json"))


if __name__ == "__main__":
    main()
