#!/usr/bin/env python3
"""The reference side of the lexicon benchmark: vaderSentiment on the same SST-2 sentences.

  reference.py SST2_DIR [--opine-json FILE] [--texts 100000]

- Accuracy of VADER's label on SST-2 test (binary labels), counted the two ways LexiconBench
  counts them: 3-way cut at ±0.05 with neutral counted wrong, and by sign (0 counted wrong).
- With --opine-json: the accuracies of LexiconBench's variants from their compound scores
  (same rules, computed here once more), and how often Opine's VADER dialect gives the
  reference compound within 0.05 on these sentences.
- Speed: the same cycled texts as LexiconBench (SST-2 train + dev + test sentences), one
  pass, one process; and one call on the 60-word review.
"""
import argparse
import json
import statistics
import sys
import time
from importlib import metadata

REVIEW = ("I really wanted to love this hotel, and the staff were genuinely friendly and helpful. But the room was "
          "not clean at all, the air conditioning barely worked, and breakfast was extremely disappointing. The "
          "location is great though, close to the beach and quiet. Would I stay again? Probably not, unless they fix "
          "the rooms. A VERY mixed experience! 😕")


def sst2(path):
    rows = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            label, _, text = line.rstrip("\n").partition(" ")
            rows.append((int(label), text))
    return rows


def accuracies(labels, scores):
    n = len(labels)
    three = sum((y == 1 and s >= 0.05) or (y == 0 and s <= -0.05) for y, s in zip(labels, scores))
    sign = sum((y == 1 and s > 0) or (y == 0 and s < 0) for y, s in zip(labels, scores))
    neutral = sum(abs(s) < 0.05 for s in scores)
    zero = sum(s == 0 for s in scores)
    return three / n * 100, sign / n * 100, neutral, zero


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("sst2")
    parser.add_argument("--opine-json")
    parser.add_argument("--texts", type=int, default=100_000)
    args = parser.parse_args()
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    print(f"python {sys.version.split()[0]}, vaderSentiment {metadata.version('vaderSentiment')}")
    start = time.perf_counter()
    analyzer = SentimentIntensityAnalyzer()
    print(f"SentimentIntensityAnalyzer() loaded in {(time.perf_counter() - start) * 1e3:.1f} ms")

    test = sst2(f"{args.sst2}/stsa.binary.test")
    labels = [y for y, _ in test]
    reference = [analyzer.polarity_scores(text)["compound"] for _, text in test]
    print(f"\n== SST-2 test ({len(test)} sentences): accuracy of the rule-based label")
    rows = [("vaderSentiment (reference)", reference)]
    if args.opine_json:
        with open(args.opine_json) as handle:
            opine = json.load(handle)["compounds"]
        rows += sorted(opine.items())
    for name, scores in rows:
        three, sign, neutral, zero = accuracies(labels, scores)
        print(f"{name:34s} 3-way {three:.2f}%  sign {sign:.2f}%  (neutral {neutral}, exactly 0: {zero})")
    if args.opine_json:
        dialect = opine["opine_vader_dialect"]
        close = sum(abs(a - b) <= 0.05 for a, b in zip(dialect, reference))
        exact = sum(abs(a - b) <= 1e-4 for a, b in zip(dialect, reference))
        worst = max(range(len(test)), key=lambda i: abs(dialect[i] - reference[i]))
        print(f"Opine's VADER dialect vs vaderSentiment on these sentences: compound within 0.05 on {close}/{len(test)} "
              f"({close / len(test):.2%}), within 1e-4 on {exact}; largest gap {abs(dialect[worst] - reference[worst]):.3f} "
              f"on: {test[worst][1][:90]!r}")

    corpus = [text for split in ("train", "dev", "test") for _, text in sst2(f"{args.sst2}/stsa.binary.{split}")]
    texts = [corpus[i % len(corpus)] for i in range(args.texts)]
    print(f"\n== speed (one process, one thread)")
    times = []
    for _ in range(200):
        start = time.perf_counter()
        analyzer.polarity_scores(REVIEW)
        times.append((time.perf_counter() - start) * 1e6)
    print(f"60-word review: median {statistics.median(times[20:]):.1f} µs per call over 180 calls "
          f"(compound {analyzer.polarity_scores(REVIEW)['compound']:+.3f})")
    start = time.perf_counter()
    for text in texts:
        analyzer.polarity_scores(text)
    seconds = time.perf_counter() - start
    print(f"{len(texts)} texts (SST-2's {len(corpus)} sentences cycled): {seconds:.3f} s, "
          f"{seconds / len(texts) * 1e6:.1f} µs per text")
    return 0


if __name__ == "__main__":
    sys.exit(main())
