#!/usr/bin/env python3
"""Write the reference fixture for equalized-odds post-processing (Slices/EqualizedOdds.swift).

Output: Tests/SlicesTests/Fixtures/equalized_odds.json

A seeded binary task with three groups whose scores lean differently on the label (scores
rounded to two decimals, so some tie), fitted with fairlearn's
ThresholdOptimizer(constraints="equalized_odds", objective="accuracy_score", grid_size=1000,
flip=False, prefit=True) on the scores themselves; then, for held-out items, the probability
of deciding positive (`_pmf_predict`), and the fitted rule of each group.

Setup (PyPI):  pip install fairlearn scikit-learn numpy pandas
Run from the repository root:  python3 scripts/make_equalized_odds_fixture.py
"""

import importlib.metadata as metadata
import json
import os
import warnings

import numpy as np
from fairlearn.postprocessing import ThresholdOptimizer
from sklearn.base import BaseEstimator, ClassifierMixin

warnings.filterwarnings("ignore")
OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "SlicesTests", "Fixtures")


class Scores(BaseEstimator, ClassifierMixin):
    """An estimator whose prediction is its one feature: the score to post-process."""

    def fit(self, X, y):
        self.classes_ = np.array([0, 1])
        return self

    def predict(self, X):
        return np.asarray(X)[:, 0]


def data(rng, n):
    group = rng.choice(["a", "b", "c"], size=n, p=[0.5, 0.3, 0.2])
    label = rng.random(n) < np.where(group == "a", 0.55, np.where(group == "b", 0.35, 0.45))
    bias = np.where(group == "a", 0.1, np.where(group == "b", -0.05, 0.0))
    score = np.clip(0.5 + 0.25 * (label - 0.5) * 2 * rng.random(n) + bias + 0.15 * rng.normal(size=n), 0, 1)
    return np.round(score, 2), label.astype(int), group


def main():
    rng = np.random.default_rng(21)
    train_score, train_label, train_group = data(rng, 400)
    test_score, _, test_group = data(rng, 200)
    optimizer = ThresholdOptimizer(estimator=Scores().fit(None, None), constraints="equalized_odds",
                                   objective="accuracy_score", grid_size=1000, flip=False, prefit=True,
                                   predict_method="predict")
    optimizer.fit(train_score.reshape(-1, 1), train_label, sensitive_features=train_group)
    rules = {}
    for group, rule in optimizer.interpolated_thresholder_.interpolation_dict.items():
        rules[str(group)] = {"p0": float(rule.p0), "threshold0": float(rule.operation0.threshold),
                             "p1": float(rule.p1), "threshold1": float(rule.operation1.threshold),
                             "p_ignore": float(rule.p_ignore), "constant": float(rule.prediction_constant)}
    pmf = optimizer._pmf_predict(test_score.reshape(-1, 1), sensitive_features=test_group)[:, 1]
    fixture = {
        "versions": {name: metadata.version(name) for name in ["fairlearn", "scikit-learn", "numpy", "pandas"]},
        "train": {"scores": train_score.tolist(), "labels": train_label.tolist(), "groups": train_group.tolist()},
        "test": {"scores": test_score.tolist(), "groups": test_group.tolist(), "positive_probability": pmf.tolist()},
        "x_best": float(optimizer._x_best), "y_best": float(optimizer._y_best), "rules": rules,
    }
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "equalized_odds.json"), "w") as handle:
        json.dump(fixture, handle)
    print("wrote", os.path.join(OUT, "equalized_odds.json"), "x_best", fixture["x_best"], "y_best", fixture["y_best"])


if __name__ == "__main__":
    main()
