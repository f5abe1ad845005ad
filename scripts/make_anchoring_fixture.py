#!/usr/bin/env python3
"""Writes Tests/AgreementTests/Fixtures/anchoring.json: Wilson intervals for each proportion and
Newcombe's hybrid score interval (method 10 of Newcombe 1998) for their difference, as statsmodels
computes them, for Newcombe's six worked examples and a few seeded random tables.

    pip install statsmodels==0.15.0 numpy
    python3 scripts/make_anchoring_fixture.py
"""
import json
import pathlib

import numpy as np
import statsmodels
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

OUT = pathlib.Path(__file__).resolve().parent.parent / "Tests/AgreementTests/Fixtures/anchoring.json"

# Newcombe (1998), Statistics in Medicine 17:873-890, Table II, examples (a)-(f).
cases = [(56, 70, 48, 80), (9, 10, 3, 10), (6, 7, 2, 7), (5, 56, 0, 29), (0, 10, 0, 20), (10, 10, 0, 20)]
rng = np.random.default_rng(2026)
for _ in range(12):
    n1, n2 = (int(v) for v in rng.integers(1, 400, size=2))
    cases.append((int(rng.integers(0, n1 + 1)), n1, int(rng.integers(0, n2 + 1)), n2))

rows = []
for x1, n1, x2, n2 in cases:
    low, high = confint_proportions_2indep(x1, n1, x2, n2, method="newcomb", compare="diff")
    w1 = proportion_confint(x1, n1, alpha=0.05, method="wilson")
    w2 = proportion_confint(x2, n2, alpha=0.05, method="wilson")
    rows.append({
        "successes1": x1, "n1": n1, "successes2": x2, "n2": n2,
        "wilson1": [float(w1[0]), float(w1[1])], "wilson2": [float(w2[0]), float(w2[1])],
        "difference": [float(low), float(high)],
    })

OUT.write_text(json.dumps({"source": f"statsmodels {statsmodels.__version__}: proportion_confint(method='wilson'), "
                                     "confint_proportions_2indep(method='newcomb', compare='diff')",
                           "cases": rows}, indent=1) + "\n")
print(f"wrote {len(rows)} cases to {OUT}")
