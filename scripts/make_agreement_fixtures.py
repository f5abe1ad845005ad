#!/usr/bin/env python3
"""Write the reference fixtures for the Agreement target.

Output: Tests/AgreementTests/Fixtures/{published_examples,reference_datasets,
bootstrap,incomplete_gamma}.json

Every expected number comes from a named reference implementation (its package
version is recorded in each file), or, where no package computes the quantity
(category-specific agreement, agreement of one annotator with the others), from the
formula written out below with plain loops, labelled "formula" in the file.

Setup (PyPI):  pip install krippendorff statsmodels scikit-learn irrCAC scipy numpy pandas
irrCAC pins scipy==1.12; it works unchanged with newer scipy, so
`pip install --no-deps irrCAC` on top of a current scipy is fine.
Run from the repository root:  python3 scripts/make_agreement_fixtures.py

Reference timing for Benchmarks/AgreementBench (same data, same machine):
  (cd Benchmarks/AgreementBench && swift run -c release AgreementBench --dump /tmp/agreement.u8)
  python3 scripts/make_agreement_fixtures.py --time-reference /tmp/agreement.u8
"""

import importlib.metadata as metadata
import json
import math
import os
import sys
import time
import warnings

import krippendorff
import numpy as np
import pandas as pd
from irrCAC.raw import CAC
from scipy import special, stats
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import aggregate_raters, cohens_kappa, fleiss_kappa

OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "AgreementTests", "Fixtures")
DIGITS = 15  # irrCAC rounds its results; ask for (nearly) all of them
warnings.filterwarnings("ignore")


def versions():
    names = ["krippendorff", "statsmodels", "scikit-learn", "irrCAC", "scipy", "numpy", "pandas"]
    return {name: metadata.version(name) for name in names}


def clean(x):
    """float, or None for NaN/inf (undefined)."""
    if x is None:
        return None
    x = float(x)
    return x if math.isfinite(x) else None


# ---------------------------------------------------------------------------
# Reference computations on a units × coders matrix (np.nan = missing, codes 0..k-1)

def irr_frame(rows):
    return pd.DataFrame(rows)


def ref_percent_and_gwet(rows, k):
    cac = CAC(irr_frame(rows), categories=list(range(k)), digits=DIGITS)
    est = cac.gwet()["est"]
    return clean(est["pa"]), clean(est["coefficient_value"])


def ref_fleiss_irrcac(rows, k):
    cac = CAC(irr_frame(rows), categories=list(range(k)), digits=DIGITS)
    return clean(cac.fleiss()["est"]["coefficient_value"])


def ref_alpha(rows, k, values, level):
    data = np.array([[values[int(v)] if not np.isnan(v) else np.nan for v in row] for row in rows]).T
    try:
        return clean(krippendorff.alpha(reliability_data=data, value_domain=list(values),
                                        level_of_measurement=level))
    except ValueError:
        return None


def pair_mask(rows, a, b):
    return ~np.isnan(rows[:, a]) & ~np.isnan(rows[:, b])


def ref_cohen(rows, k, a, b):
    mask = pair_mask(rows, a, b)
    n = int(mask.sum())
    out = {"coderA": a, "coderB": b, "units": n}
    if n == 0:
        out.update(percentAgreement=None, unweighted=None, linear=None, quadratic=None)
        return out
    y1 = rows[mask, a].astype(int)
    y2 = rows[mask, b].astype(int)
    out["percentAgreement"] = float(np.mean(y1 == y2))
    table = np.zeros((k, k))
    for i, j in zip(y1, y2):
        table[i, j] += 1
    for name, weights, wt in [("unweighted", None, None), ("linear", "linear", "linear"),
                              ("quadratic", "quadratic", "quadratic")]:
        value = clean(cohen_kappa_score(y1, y2, labels=list(range(k)), weights=weights))
        # Cross-check scikit-learn against statsmodels on the same table.
        if value is not None:
            sm = cohens_kappa(table, wt=wt, weights=None if wt is None else np.arange(k),
                              return_results=False)
            assert abs(sm - value) < 1e-10, (name, sm, value)
        out[name] = value
    return out


def formula_specific_agreement(rows, k):
    """p_s(j) = sum_i n_ij (n_ij - 1) / sum_i n_ij (n_i - 1), units with n_i >= 2."""
    num = [0.0] * k
    den = [0.0] * k
    for row in rows:
        labels = [int(v) for v in row if not np.isnan(v)]
        m = len(labels)
        if m < 2:
            continue
        for j in range(k):
            c = labels.count(j)
            num[j] += c * (c - 1)
            den[j] += c * (m - 1)
    return [num[j] / den[j] if den[j] > 0 else None for j in range(k)]


def formula_agreement_with_others(rows, coder):
    agree = 0
    pairs = 0
    for row in rows:
        if np.isnan(row[coder]):
            continue
        mine = row[coder]
        for other, v in enumerate(row):
            if other == coder or np.isnan(v):
                continue
            pairs += 1
            agree += int(v == mine)
    return (agree / pairs if pairs else None), pairs


def ref_label_test(rows, k, coder):
    mine = [0] * k
    others = [0] * k
    for row in rows:
        for c, v in enumerate(row):
            if np.isnan(v):
                continue
            (mine if c == coder else others)[int(v)] += 1
    keep = [j for j in range(k) if mine[j] + others[j] > 0]
    if sum(mine) == 0 or sum(others) == 0 or len(keep) < 2:
        return {"counts": mine, "statistic": None, "degreesOfFreedom": None, "pValue": None}
    table = np.array([[mine[j] for j in keep], [others[j] for j in keep]], dtype=float)
    result = stats.chi2_contingency(table, correction=False)
    return {"counts": mine, "statistic": float(result[0]), "degreesOfFreedom": int(result[2]),
            "pValue": float(result[1])}


def reference_block(rows, k, values, complete):
    pa, ac1 = ref_percent_and_gwet(rows, k)
    n_coders = rows.shape[1]
    block = {
        "percentAgreement": {"value": pa, "source": "irrCAC CAC.gwet() pa"},
        "fleissKappa": {"value": ref_fleiss_irrcac(rows, k), "source": "irrCAC CAC.fleiss()"},
        "gwetAC1": {"value": ac1, "source": "irrCAC CAC.gwet(), categories=0..k-1"},
        "krippendorffAlpha": {
            level: ref_alpha(rows, k, values, level) for level in ("nominal", "ordinal", "interval")
        },
        "krippendorffSource": "krippendorff.alpha(reliability_data, value_domain=categoryValues)",
        "cohen": [ref_cohen(rows, k, a, b) for a in range(n_coders) for b in range(a + 1, n_coders)],
        "cohenSource": "sklearn.metrics.cohen_kappa_score(labels=0..k-1, weights=None/linear/"
                       "quadratic), cross-checked with statsmodels cohens_kappa",
        "specificAgreement": formula_specific_agreement(rows, k),
        "specificAgreementSource": "formula: sum n_ij(n_ij-1) / sum n_ij(n_i-1)",
        "annotators": [],
        "annotatorSource": "agreementWithOthers: formula (pairs with each other coder); "
                           "label test: scipy.stats.chi2_contingency(correction=False), "
                           "coder vs all other coders, empty categories dropped",
    }
    if complete:
        table, _ = aggregate_raters(rows.astype(int), n_cat=k)
        value = clean(fleiss_kappa(table, method="fleiss"))
        block["fleissKappaStatsmodels"] = value
        if value is not None and block["fleissKappa"]["value"] is not None:
            assert abs(value - block["fleissKappa"]["value"]) < 1e-12
    for coder in range(n_coders):
        rate, pairs = formula_agreement_with_others(rows, coder)
        entry = {"coder": coder, "agreementWithOthers": rate, "comparedPairs": pairs}
        entry.update(ref_label_test(rows, k, coder))
        block["annotators"].append(entry)
    return block


def rows_json(rows):
    return [[None if np.isnan(v) else int(v) for v in row] for row in rows]


# ---------------------------------------------------------------------------
# Seeded random data sets

def simulate(seed, units, coders, k, missing, noise="uniform"):
    rng = np.random.default_rng(seed)
    prevalence = rng.dirichlet(np.ones(k) * 2)
    truth = rng.choice(k, size=units, p=prevalence)
    accuracy = rng.uniform(0.45, 0.9, size=coders)
    rows = np.empty((units, coders))
    for c in range(coders):
        right = rng.random(units) < accuracy[c]
        if noise == "neighbour":
            step = rng.choice([-1, 1], size=units)
            wrong = np.clip(truth + step, 0, k - 1)
        else:
            wrong = rng.integers(0, k, size=units)
        rows[:, c] = np.where(right, truth, wrong)
    rows[rng.random((units, coders)) < missing] = np.nan
    return rows


def datasets():
    specs = [
        # name, seed, units, coders, k, missing, noise, values
        ("complete-20x2-k2", 11, 20, 2, 2, 0.0, "uniform", None),
        ("complete-30x3-k3", 12, 30, 3, 3, 0.0, "neighbour", None),
        ("complete-40x4-k4-unused-category", 13, 40, 4, 4, 0.0, "uniform", None),
        ("missing-60x4-k5", 14, 60, 4, 5, 0.25, "neighbour", [-2.0, -0.5, 0.0, 1.0, 3.0]),
        ("missing-100x6-k4", 15, 100, 6, 4, 0.3, "uniform", None),
        ("missing-150x2-k5", 16, 150, 2, 5, 0.1, "neighbour", None),
        ("sparse-80x6-k2", 17, 80, 6, 2, 0.6, "uniform", None),
        ("missing-200x5-k3", 18, 200, 5, 3, 0.2, "neighbour", None),
        ("missing-500x5-k3", 19, 500, 5, 3, 0.2, "uniform", None),
        ("no-overlap-50x4-k3", 20, 50, 4, 3, 0.1, "uniform", None),
        # 4^12 possible rows: too many for the grouped table, exercises the per-unit path.
        ("sparse-120x12-k3", 21, 120, 12, 3, 0.7, "neighbour", None),
    ]
    out = []
    for name, seed, units, coders, k, missing, noise, values in specs:
        rows = simulate(seed, units, coders, k, missing, noise)
        if name.endswith("unused-category"):
            rows[rows == 3] = 2  # category 3 declared but never used
        if name.startswith("no-overlap"):
            rows[units // 2:, 0] = np.nan  # coder 0 rates only the first half,
            rows[: units // 2, 1] = np.nan  # coder 1 only the second half
        values = values or [float(v) for v in range(k)]
        complete = not np.isnan(rows).any()
        out.append({
            "name": name, "seed": seed, "categoryCount": k, "categoryValues": values,
            "rows": rows_json(rows),
            "expected": reference_block(rows, k, values, complete),
        })
    return out


# ---------------------------------------------------------------------------
# Published worked examples

def published():
    nan = np.nan
    # Krippendorff (2011) "Computing Krippendorff's Alpha-Reliability", p. 8: 4 coders x 12 units,
    # values 1..5 (stored here as codes 0..4).
    kripp = np.array([
        [1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
        [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan],
    ])
    kripp_rows = (kripp.T - 1)
    kripp_ref = {
        level: float(krippendorff.alpha(reliability_data=kripp, value_domain=[1, 2, 3, 4, 5],
                                        level_of_measurement=level))
        for level in ("nominal", "ordinal", "interval")
    }
    # Fleiss (1971), 30 patients x 6 psychiatrists x 5 diagnoses, as shipped in R irr's
    # `diagnoses` and statsmodels' test_inter_rater.py (categories 1..5 -> codes 0..4).
    diagnoses = np.array([
        [4, 4, 4, 4, 4, 4], [2, 2, 2, 5, 5, 5], [2, 3, 3, 3, 3, 5], [5, 5, 5, 5, 5, 5],
        [2, 2, 2, 4, 4, 4], [1, 1, 3, 3, 3, 3], [3, 3, 3, 3, 5, 5], [1, 1, 3, 3, 3, 4],
        [1, 1, 4, 4, 4, 4], [5, 5, 5, 5, 5, 5], [1, 4, 4, 4, 4, 4], [1, 2, 4, 4, 4, 4],
        [2, 2, 2, 3, 3, 3], [1, 4, 4, 4, 4, 4], [2, 2, 4, 4, 4, 5], [3, 3, 3, 3, 3, 5],
        [1, 1, 1, 4, 5, 5], [1, 1, 1, 1, 1, 2], [2, 2, 4, 4, 4, 4], [1, 3, 3, 5, 5, 5],
        [5, 5, 5, 5, 5, 5], [2, 4, 4, 4, 4, 4], [2, 2, 4, 5, 5, 5], [1, 1, 4, 4, 4, 4],
        [1, 4, 4, 4, 4, 5], [2, 2, 2, 2, 2, 4], [1, 1, 1, 1, 5, 5], [2, 2, 4, 4, 4, 4],
        [1, 3, 3, 3, 3, 3], [5, 5, 5, 5, 5, 5],
    ]) - 1
    table, _ = aggregate_raters(diagnoses, n_cat=5)
    # SAS PROC FREQ example used by statsmodels' tests: kappa 0.4842, weighted (linear) 0.4701.
    sas = [[0, 4, 1], [0, 8, 0], [0, 1, 5]]
    # Wikipedia "Cohen's kappa" worked example: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no -> 0.4.
    wiki = [[20, 5], [10, 15]]
    return {
        "krippendorff2011": {
            "source": "Krippendorff (2011), Computing Krippendorff's Alpha-Reliability, p. 8",
            "rows": rows_json(kripp_rows), "categoryCount": 5,
            "categoryValues": [1.0, 2.0, 3.0, 4.0, 5.0],
            "published": {"nominal": 0.743, "ordinal": 0.815, "interval": 0.849},
            "reference": kripp_ref,
        },
        "fleiss1971": {
            "source": "Fleiss (1971) Psychological Bulletin 76(5), diagnoses data "
                      "(R irr::diagnoses, statsmodels test_inter_rater.py)",
            "rows": diagnoses.tolist(), "categoryCount": 5, "published": 0.430,
            "reference": float(fleiss_kappa(table)),
        },
        "cohenSAS": {
            "source": "SAS PROC FREQ kappa example (statsmodels TestUnweightedCohens / TestWeightedCohens)",
            "table": sas, "published": {"unweighted": 0.4842, "linear": 0.4701},
            "reference": {
                "unweighted": float(cohens_kappa(sas, return_results=False)),
                "linear": float(cohens_kappa(sas, wt="linear", weights=[0, 1, 2], return_results=False)),
                "quadratic": float(cohens_kappa(sas, wt="quadratic", weights=[0, 1, 2],
                                                return_results=False)),
            },
        },
        "cohenWikipedia": {
            "source": "Wikipedia, Cohen's kappa, simple example (po 0.7, pe 0.5)",
            "table": wiki, "published": {"unweighted": 0.4},
            "reference": {"unweighted": float(cohens_kappa(wiki, return_results=False))},
        },
    }


# ---------------------------------------------------------------------------
# Bootstrap: replay the Swift resampling stream and compute the references per draw.

MASK = (1 << 64) - 1


def splitmix_mix(z):
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9 & MASK
    z = (z ^ (z >> 27)) * 0x94D049BB133111EB & MASK
    return z ^ (z >> 31)


class SplitMix64:
    def __init__(self, state):
        self.state = state & MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        return splitmix_mix(self.state)


def rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & MASK


class Xoshiro256StarStar:
    def __init__(self, seed):
        sm = SplitMix64(seed)
        self.s = [sm.next() for _ in range(4)]

    def next(self):
        s = self.s
        result = (rotl((s[1] * 5) & MASK, 7) * 9) & MASK
        t = (s[1] << 17) & MASK
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 45)
        return result

    def below(self, n):
        """Lemire's unbiased bounded integer (multiply, reject the short low range)."""
        m = self.next() * n
        low = m & MASK
        if low < n:
            threshold = ((1 << 64) - n) % n
            while low < threshold:
                m = self.next() * n
                low = m & MASK
        return m >> 64


def take(generator, count):
    return [generator.next() for _ in range(count)]


def draw_generator(seed, draw):
    return Xoshiro256StarStar(seed ^ splitmix_mix(draw))


def percentile_interval(values, level):
    values = np.array([v for v in values if v is not None and math.isfinite(v)])
    if len(values) == 0:
        return None
    tail = (1 - level) / 2
    lo, hi = np.percentile(values, [100 * tail, 100 * (1 - tail)])  # numpy 'linear' (type 7)
    return {"lower": float(lo), "upper": float(hi), "validDraws": int(len(values))}


def bootstrap():
    k = 3
    rows = simulate(31, 40, 4, k, 0.2, "neighbour")
    rated = [i for i in range(len(rows)) if not np.isnan(rows[i]).all()]
    seed, draws, level = 20240601, 200, 0.95
    values = [0.0, 1.0, 2.0]
    stats_names = ["percentAgreement", "fleissKappa", "gwetAC1", "alpha.nominal", "alpha.ordinal",
                   "alpha.interval", "cohen.0.1.unweighted", "cohen.0.1.quadratic"]
    per = {name: [] for name in stats_names}
    first_indices = None
    for d in range(draws):
        g = draw_generator(seed, d)
        picks = [rated[g.below(len(rated))] for _ in range(len(rated))]
        if first_indices is None:
            first_indices = picks
        sample = rows[picks]
        pa, ac1 = ref_percent_and_gwet(sample, k)
        per["percentAgreement"].append(pa)
        per["gwetAC1"].append(ac1)
        per["fleissKappa"].append(ref_fleiss_irrcac(sample, k))
        for level_name in ("nominal", "ordinal", "interval"):
            per["alpha." + level_name].append(ref_alpha(sample, k, values, level_name))
        c = ref_cohen(sample, k, 0, 1)
        per["cohen.0.1.unweighted"].append(c["unweighted"])
        per["cohen.0.1.quadratic"].append(c["quadratic"])
    return {
        "source": "Python replay of the Swift stream (xoshiro256** seeded by SplitMix64 from "
                  "seed ^ mix64(draw), Lemire bounded ints) + irrCAC / krippendorff / sklearn per "
                  "draw; numpy.percentile (linear)",
        "seed": seed, "draws": draws, "confidenceLevel": level, "categoryCount": k,
        "rows": rows_json(rows),
        "firstDrawUnits": first_indices,
        # Hex strings: JSON numbers above 2^53 are not exact in every decoder.
        "splitMixFirstOutputs": [f"{v:016x}" for v in take(SplitMix64(seed), 3)],
        "xoshiroFirstOutputs": [f"{v:016x}" for v in take(Xoshiro256StarStar(seed), 3)],
        "intervals": {name: percentile_interval(v, level) for name, v in per.items()},
    }


def gamma_cases():
    cases = []
    for a in (0.5, 1.0, 1.5, 2.5, 5.0, 10.0, 30.0, 100.0):
        for x in (0.01, 0.5, 1.0, 3.0, 7.5, 20.0, 60.0, 150.0):
            cases.append({"a": a, "x": x, "upper": float(special.gammaincc(a, x)),
                          "lower": float(special.gammainc(a, x))})
    chi2 = []
    for df in (1, 2, 3, 4, 7, 12, 40):
        for x in (0.1, 1.0, 3.84, 9.0, 25.0, 80.0):
            chi2.append({"df": df, "x": x, "survival": float(stats.chi2.sf(x, df))})
    return {"source": "scipy.special.gammaincc / gammainc, scipy.stats.chi2.sf",
            "gamma": cases, "chiSquare": chi2}


def write(name, payload):
    payload = {"generator": "scripts/make_agreement_fixtures.py", "versions": versions(), **payload}
    path = os.path.join(OUT, name)
    with open(path, "w") as f:
        json.dump(payload, f, indent=1)
        f.write("\n")
    print(f"wrote {os.path.relpath(path)} ({os.path.getsize(path)} bytes)")


def time_reference(path, units=200_000, coders=5, k=3, repeats=5):
    """Time the reference packages on the benchmark's raw dump (units x coders bytes, 255 = missing)."""
    codes = np.fromfile(path, dtype=np.uint8).reshape(units, coders)
    rows = codes.astype(float)
    rows[codes == 255] = np.nan
    reliability = rows.T.copy()

    def best(fn):
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            value = fn()
            times.append(time.perf_counter() - start)
        return value, min(times) * 1e3, sorted(times)[len(times) // 2] * 1e3

    print(f"data: {units} items x {coders} annotators, {int((codes != 255).sum())} labels; best/median of {repeats}")
    for level in ("nominal", "ordinal", "interval"):
        value, low, mid = best(lambda: krippendorff.alpha(reliability_data=reliability, value_domain=list(range(k)),
                                                          level_of_measurement=level))
        print(f"krippendorff {metadata.version('krippendorff')} alpha {level}: {value:.12f}  {low:.1f} / {mid:.1f} ms")

    def pairwise():
        out = []
        for a in range(coders):
            for b in range(a + 1, coders):
                mask = pair_mask(rows, a, b)
                out.append(cohen_kappa_score(rows[mask, a].astype(int), rows[mask, b].astype(int),
                                             labels=list(range(k))))
        return out[0]
    value, low, mid = best(pairwise)
    print(f"scikit-learn {metadata.version('scikit-learn')} cohen_kappa_score x {coders * (coders - 1) // 2} pairs "
          f"(kappa 0-1 {value:.12f}): {low:.1f} / {mid:.1f} ms")
    complete = codes[(codes != 255).all(axis=1)]
    value, low, mid = best(lambda: fleiss_kappa(aggregate_raters(complete, n_cat=k)[0]))
    print(f"statsmodels {metadata.version('statsmodels')} fleiss_kappa on {len(complete)} complete items "
          f"(with aggregate_raters): {value:.12f}  {low:.1f} / {mid:.1f} ms")


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--time-reference":
        time_reference(sys.argv[2])
        return
    os.makedirs(OUT, exist_ok=True)
    write("published_examples.json", published())
    write("reference_datasets.json", {"datasets": datasets()})
    write("bootstrap.json", bootstrap())
    write("incomplete_gamma.json", gamma_cases())


if __name__ == "__main__":
    main()
