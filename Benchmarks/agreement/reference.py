#!/usr/bin/env python3
"""The Python side of the agreement benchmark: reads make_labels.py's ratings.csv and computes
what `opine agreement` reports with the reference packages, timing the load and each
computation separately (median of --repeats runs), then checks Opine's numbers against them.

  reference.py RATINGS_CSV [--opine-json FILE] [--bench-json FILE] [--irrcac] [--repeats N]

- krippendorff.alpha: nominal, ordinal, interval (value_domain 0, 1, 2), missing allowed.
- statsmodels fleiss_kappa: it needs the same number of raters per item, so it runs on the
  items all five annotators labelled (aggregate_raters included in the time); Opine's Fleiss
  on those same items comes from the in-process bench (--bench-json).
- scikit-learn cohen_kappa_score for all 10 pairs, on the items both annotators labelled.
- --irrcac: irrCAC's Fleiss and Gwet AC1 (with percent agreement) on all items, missing
  allowed: the generalised Fleiss that Opine reports. Slow, so timed once.
Alpha and kappa must agree to 1e-9; the exit status is 1 otherwise.
"""
import argparse
import json
import statistics
import sys
import time
import warnings
from importlib import metadata

import numpy as np
import pandas as pd

K = 3
CODERS = [f"a{i}" for i in range(1, 6)]
TOLERANCE = 1e-9


def timed(repeats, fn):
    """(value, median ms, list of ms)."""
    times, value = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        value = fn()
        times.append((time.perf_counter() - start) * 1e3)
    return value, statistics.median(times), times


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("ratings")
    parser.add_argument("--opine-json")
    parser.add_argument("--bench-json")
    parser.add_argument("--irrcac", action="store_true")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    warnings.filterwarnings("ignore")

    import krippendorff
    from sklearn.metrics import cohen_kappa_score
    from statsmodels.stats.inter_rater import aggregate_raters, fleiss_kappa

    names = ["krippendorff", "statsmodels", "scikit-learn", "numpy", "pandas"] + (["irrCAC"] if args.irrcac else [])
    print("python " + sys.version.split()[0] + ", " + ", ".join(f"{n} {metadata.version(n)}" for n in names))

    def load():
        frame = pd.read_csv(args.ratings)
        coder = frame["annotator"].str[1:].astype(int).to_numpy() - 1
        unit = frame["item"].to_numpy()
        rows = np.full((unit.max() + 1, len(CODERS)), np.nan)
        rows[unit, coder] = frame["label"].to_numpy()
        return frame, rows

    (frame, rows), load_ms, _ = timed(args.repeats, load)
    print(f"load: pandas.read_csv + units × coders matrix: {load_ms:.1f} ms  ({len(frame)} labels, {rows.shape[0]} items)")
    reliability = rows.T.copy()

    ours = {}
    total = 0.0
    for level in ("nominal", "ordinal", "interval"):
        value, ms, _ = timed(args.repeats, lambda: krippendorff.alpha(
            reliability_data=reliability, value_domain=list(range(K)), level_of_measurement=level))
        ours[f"krippendorff_alpha_{level}"] = float(value)
        total += ms
        print(f"krippendorff.alpha {level:8s} {value:.15f}  {ms:8.1f} ms")

    pair_masks = {}

    def kappas():
        out = {}
        for a in range(len(CODERS)):
            for b in range(a + 1, len(CODERS)):
                mask = ~np.isnan(rows[:, a]) & ~np.isnan(rows[:, b])
                out[f"cohen_kappa_a{a + 1}_a{b + 1}"] = float(cohen_kappa_score(
                    rows[mask, a].astype(int), rows[mask, b].astype(int), labels=list(range(K))))
                pair_masks[(a, b)] = int(mask.sum())
        return out

    value, ms, _ = timed(args.repeats, kappas)
    ours.update(value)
    total += ms
    print(f"sklearn cohen_kappa_score × {len(value)} pairs (κ a1–a2 {value['cohen_kappa_a1_a2']:.15f})  {ms:8.1f} ms")

    complete = rows[~np.isnan(rows).any(axis=1)].astype(int)
    value, ms, _ = timed(args.repeats, lambda: fleiss_kappa(aggregate_raters(complete, n_cat=K)[0], method="fleiss"))
    ours["fleiss_kappa_complete_items"] = float(value)
    total += ms
    print(f"statsmodels fleiss_kappa on {len(complete)} complete items {value:.15f}  {ms:8.1f} ms")
    print(f"compute total (krippendorff ×3 + sklearn ×10 + statsmodels): {total:.1f} ms; with load {total + load_ms:.1f} ms")

    if args.irrcac:
        from irrCAC.raw import CAC
        start = time.perf_counter()
        cac = CAC(pd.DataFrame(rows), categories=list(range(K)), digits=15)
        fleiss = cac.fleiss()["est"]
        gwet = cac.gwet()["est"]
        ms = (time.perf_counter() - start) * 1e3
        ours["fleiss_kappa"] = float(fleiss["coefficient_value"])
        ours["gwet_ac1"] = float(gwet["coefficient_value"])
        ours["percent_agreement"] = float(gwet["pa"])
        print(f"irrCAC Fleiss {ours['fleiss_kappa']:.15f}, AC1 {ours['gwet_ac1']:.15f}, "
              f"percent agreement {ours['percent_agreement']:.15f}  {ms:.0f} ms (once)")

    failures = 0

    def compare(side, theirs):
        nonlocal failures
        worst = 0.0
        for key, reference in sorted(ours.items()):
            if key not in theirs:
                continue
            difference = abs(theirs[key] - reference)
            worst = max(worst, difference)
            if difference > TOLERANCE:
                failures += 1
                print(f"  MISMATCH {side} {key}: {theirs[key]!r} vs reference {reference!r} (Δ {difference:.3g})")
        checked = sorted(k for k in ours if k in theirs)
        if not checked:
            failures += 1
        print(f"{side}: {len(checked)} values checked against the references, largest |Δ| {worst:.3g}"
              f" ({'ok' if checked and worst <= TOLERANCE else 'FAILED'}, tolerance {TOLERANCE:g})")

    if args.opine_json:
        with open(args.opine_json) as handle:
            report = json.load(handle)
        theirs = {key: entry["value"] for key, entry in report["coefficients"].items() if entry.get("value") is not None}
        for pair in report["pairs"]:
            a, b = sorted((pair["a"], pair["b"]))
            theirs[f"cohen_kappa_{a}_{b}"] = pair["kappa"]["value"]
        compare("opine agreement --json", theirs)
    if args.bench_json:
        with open(args.bench_json) as handle:
            compare("AgreementBench (in-process)", json.load(handle))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
