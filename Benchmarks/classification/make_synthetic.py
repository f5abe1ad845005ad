#!/usr/bin/env python3
"""Synthetic embeddings for the fit-speed benchmark: ROWS × 384, 3 classes, L2-normalised rows
like a sentence encoder's, classes overlapping enough that accuracy is far from 100%.
Writes OUT/synth_ROWS_{x,y}.npy (float32, int32) and a 10,000-row held-out
OUT/synth_test_{x,y}.npy drawn from the same distribution. Deterministic (seed 7).

  make_synthetic.py OUT ROWS [ROWS...]
"""
import os
import sys

import numpy as np

DIMS, CLASSES, HELD_OUT = 384, 3, 10_000


def draw(rng, centres, rows):
    labels = rng.integers(0, CLASSES, size=rows).astype(np.int32)
    x = centres[labels] + rng.standard_normal((rows, DIMS), dtype=np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    return x.astype(np.float32), labels


def main() -> None:
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    out, sizes = sys.argv[1], [int(n) for n in sys.argv[2:]]
    rng = np.random.default_rng(7)
    # Class centres at distance ~2.8 from each other against unit noise per dimension: a
    # linear model gets roughly 85% right, and the fit needs dozens of L-BFGS iterations.
    centres = (rng.standard_normal((CLASSES, DIMS)) * 0.1).astype(np.float32)
    x, y = draw(rng, centres, HELD_OUT)
    np.save(os.path.join(out, "synth_test_x.npy"), x)
    np.save(os.path.join(out, "synth_test_y.npy"), y)
    for rows in sizes:
        x, y = draw(rng, centres, rows)
        np.save(os.path.join(out, f"synth_{rows}_x.npy"), x)
        np.save(os.path.join(out, f"synth_{rows}_y.npy"), y)


if __name__ == "__main__":
    main()
