#!/usr/bin/env python3
"""Synthetic embedding batches for the drift speed benchmark: N rows x 384 float32 in two
batches of N/2 (the second's mean moved by SHIFT in the first 8 dimensions), unit-normalised
as sentence embeddings are, with the CSV files that import them as two imports.

Usage: make_vectors.py N SHIFT OUT_DIR
"""
import sys

import numpy as np

n, shift, out = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
rng = np.random.default_rng(12)
x = rng.normal(size=(n, 384)).astype(np.float32)
x[n // 2:, :8] += shift
x /= np.linalg.norm(x, axis=1, keepdims=True)
np.save(f"{out}/vectors.npy", x.astype(np.float32))
with open(f"{out}/ids.txt", "w") as ids:
    ids.write("\n".join(f"v{i}" for i in range(n)) + "\n")
for batch in range(2):
    with open(f"{out}/batch{batch}.csv", "w") as rows:
        rows.write("id,text\n")
        for i in range(batch * n // 2, (batch + 1) * n // 2):
            rows.write(f"v{i},synthetic text {i}\n")
