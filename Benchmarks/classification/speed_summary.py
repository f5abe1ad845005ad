#!/usr/bin/env python3
"""The fit-speed verdict of run.sh: for each training size, Opine against scikit-learn on one
thread each, with each side's default threads, and each at its fastest thread count (the
smaller median of its two settings), from the JSON files ClassificationBench and
reference.py wrote in the same run. The goal is at least 3× at equal held-out accuracy, with
the same stopping rule (both stop at gradient max-norm 1e-4 or 100 iterations).

  speed_summary.py DIR ROWS [ROWS...]   (reads DIR/{opine,sklearn}_{ROWS}_{default,1}.json)
"""
import json
import os
import sys

GOAL = 3.0


def load(directory, side, rows, threads):
    with open(os.path.join(directory, f"{side}_{rows}_{threads}.json")) as handle:
        return json.load(handle)["results"][0]


def main() -> int:
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    directory, sizes = sys.argv[1], [int(n) for n in sys.argv[2:]]
    print("rows     | comparison                  | Opine s (threads) | sklearn s (threads) | sklearn ÷ Opine | accuracy Opine / sklearn | iterations | ≥ 3×?")
    missed = False
    for rows in sizes:
        runs = {(side, t): load(directory, side, rows, t) for side in ("opine", "sklearn") for t in ("default", "1")}
        best = {side: min(("default", "1"), key=lambda t: runs[(side, t)]["fit_wall"]) for side in ("opine", "sklearn")}
        for label, pick in (("one thread each", {"opine": "1", "sklearn": "1"}),
                            ("each side's default threads", {"opine": "default", "sklearn": "default"}),
                            ("each at its fastest", best)):
            ours, theirs = runs[("opine", pick["opine"])], runs[("sklearn", pick["sklearn"])]
            ratio = theirs["fit_wall"] / ours["fit_wall"]
            equal = abs(ours["accuracy"] - theirs["accuracy"]) < 1e-12
            met = ratio >= GOAL and equal
            missed |= not met
            accuracy = f"{ours['accuracy']:.4f} / {theirs['accuracy']:.4f}{'' if equal else ' DIFFER'}"
            iterations = f"{ours['iterations']} / {theirs['iterations']}"
            print(f"{rows:<8} | {label:<27} | {ours['fit_wall']:6.3f} ({pick['opine']:>7}) | {theirs['fit_wall']:6.3f} ({pick['sklearn']:>7})  "
                  f"| {ratio:6.1f}×         | {accuracy:<24} | {iterations:<10} | {'yes' if met else 'NO'}")
    print(f"goal (≥ {GOAL:g}× at equal accuracy in every comparison): {'met' if not missed else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
