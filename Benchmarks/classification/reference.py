#!/usr/bin/env python3
"""The scikit-learn side of the classifier-head benchmark, on the same .npy files as
ClassificationBench, with the same parameters (LogisticRegression, lbfgs, tol 1e-4,
max_iter 100, L2 with strength C, intercept). Compares with ClassificationBench's JSON.

  reference.py parity TRAIN_X TRAIN_Y TEST_X TEST_Y --c 0.1,1,10 [--opine-json FILE]
  reference.py speed  X Y TEST_X TEST_Y [--c 1] [--repeats 3] [--opine-json FILE] [--json OUT]

parity: the goal is test accuracy within 0.5 points and AUC within 0.005 of scikit-learn's;
the exit status is 1 when Opine misses it. speed: prints fit times and the ratio to Opine, and writes them to --json for speed_summary.py.
"""
import argparse
import json
import os
import statistics
import sys
import time
import warnings
from importlib import metadata

import numpy as np


def threads_note():
    from threadpoolctl import threadpool_info
    pools = [f"{p['internal_api']} {p.get('version')} ({p['num_threads']} threads, {os.path.basename(p['filepath'])})"
             for p in threadpool_info()]
    env = ", ".join(f"{k}={os.environ.get(k, 'unset')}" for k in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"))
    return "; ".join(pools) + f" ({env})"


def fit(x, y, c):
    from sklearn.linear_model import LogisticRegression
    cpu, start = time.process_time(), time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a ConvergenceWarning shows as n_iter_ == max_iter
        model = LogisticRegression(C=c, solver="lbfgs", tol=1e-4, max_iter=100).fit(x, y)
    return model, time.perf_counter() - start, time.process_time() - cpu


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["parity", "speed"])
    parser.add_argument("x")
    parser.add_argument("y")
    parser.add_argument("test_x")
    parser.add_argument("test_y")
    parser.add_argument("--c", default="1")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--opine-json")
    parser.add_argument("--json")
    args = parser.parse_args()
    from sklearn.metrics import accuracy_score, log_loss, roc_auc_score

    x, y = np.load(args.x), np.load(args.y)
    test_x, test_y = np.load(args.test_x), np.load(args.test_y)
    cs = [float(c) for c in args.c.split(",")]
    print(f"scikit-learn {metadata.version('scikit-learn')} LogisticRegression(lbfgs, tol 1e-4, max_iter 100), "
          f"numpy {np.__version__}, scipy {metadata.version('scipy')}: {threads_note()}")
    print(f"data: {x.shape[0]} × {x.shape[1]} {x.dtype}, {len(np.unique(y))} classes; test {len(test_y)} rows")
    opine = None
    if args.opine_json:
        with open(args.opine_json) as handle:
            opine = {r["c"]: r for r in json.load(handle)["results"]}

    missed = False
    results = []
    for c in cs:
        if args.mode == "parity":
            model, wall, cpu = fit(x, y, c)
            p = model.predict_proba(test_x)
            accuracy = accuracy_score(test_y, p.argmax(axis=1))
            auc = roc_auc_score(test_y, p[:, 1])
            print(f"C {c:<5g} accuracy {accuracy:.4f}  AUC {auc:.5f}  log-loss {log_loss(test_y, p):.5f}  "
                  f"fit {wall:.3f} s wall, {cpu:.3f} s CPU, {int(model.n_iter_[0])} iterations")
            if opine and c in opine:
                theirs = opine[c]
                ours_p = np.asarray(theirs["probabilities"])
                d_acc = (theirs["accuracy"] - accuracy) * 100
                d_auc = theirs["auc"] - auc
                ok = abs(d_acc) <= 0.5 and abs(d_auc) <= 0.005
                missed |= not ok
                same = float(((ours_p >= 0.5) == (p[:, 1] >= 0.5)).mean())
                print(f"  Opine − sklearn: accuracy {d_acc:+.2f} points, AUC {d_auc:+.5f} "
                      f"({'within' if ok else 'OUTSIDE'} 0.5 points / 0.005); same predicted class on {same:.2%} of test items, "
                      f"largest |Δp| {np.abs(ours_p - p[:, 1]).max():.2e}")
        else:
            walls, cpus = [], []
            for _ in range(args.repeats):
                model, wall, cpu = fit(x, y, c)
                walls.append(wall)
                cpus.append(cpu)
            accuracy = accuracy_score(test_y, model.predict(test_x))
            wall, cpu = statistics.median(walls), statistics.median(cpus)
            print(f"C {c:g}: fit median {wall:.3f} s wall (min {min(walls):.3f}), {cpu:.3f} s CPU over {args.repeats} runs; "
                  f"{int(model.n_iter_[0])} iterations; held-out accuracy {accuracy:.4f}")
            results.append({"c": c, "fit_wall": wall, "fit_wall_min": min(walls), "fit_cpu": cpu,
                            "iterations": int(model.n_iter_[0]), "accuracy": accuracy, "repeats": args.repeats})
            if opine and c in opine:
                theirs = opine[c]
                print(f"  ratio sklearn / Opine: {wall / theirs['fit_wall']:.1f}× wall, {cpu / theirs['fit_cpu']:.1f}× CPU; "
                      f"held-out accuracy Opine {theirs['accuracy']:.4f} vs sklearn {accuracy:.4f} "
                      f"({(theirs['accuracy'] - accuracy) * 100:+.2f} points)")
    if args.json:
        with open(args.json, "w") as handle:
            json.dump({"threads": threads_note(), "results": results}, handle)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
