#!/usr/bin/env python3
"""Evidently's embedding drift methods on the same vectors as `opine drift`, timed: model()
(its default: an SGDClassifier's ROC AUC on a 50/50 split) and distance() on every row, and
mmd() on the first 1,000 rows of each batch (on all rows its kernel matrix would need
(N)^2 floats). Loading the .npy into DataFrames is timed apart.

Usage: evidently_drift.py VECTORS.npy
"""
import json
import sys
import time
import warnings

import numpy as np
import pandas as pd

warnings.filterwarnings("ignore")
started = time.perf_counter()
from evidently.legacy.metrics.data_drift.embedding_drift_methods import distance, mmd, model  # noqa: E402

imported = time.perf_counter()
x = np.load(sys.argv[1]).astype(np.float64)
half = len(x) // 2
reference, current = pd.DataFrame(x[:half]), pd.DataFrame(x[half:])
loaded = time.perf_counter()
# model() adds a "target" column to the frames it is given (in place), so each method gets
# its own copies, made before its clock starts.
frames = [(current.copy(), reference.copy()) for _ in range(3)]
started_methods = time.perf_counter()
auc, drifted, _ = model()(*frames[0])
modelled = time.perf_counter()
dist, _, _ = distance()(*frames[1])
distanced = time.perf_counter()
mmd2, _, _ = mmd()(frames[2][0].iloc[:1000], frames[2][1].iloc[:1000])
done = time.perf_counter()
print(json.dumps({"auc": auc, "drifted": bool(drifted), "distance": dist, "mmd_1000": mmd2,
                  "seconds": {"import": imported - started, "load": loaded - imported, "model": modelled - started_methods,
                              "distance": distanced - modelled, "mmd_1000": done - distanced, "methods": done - started_methods}}))
