#!/usr/bin/env python3
"""Writes the agreement benchmark's data: N items and 5 annotators' labels (3 labels, 20% missing).

items.csv (id,text) and one labels_<annotator>.csv (id,text,label) per annotator, plus
ratings.csv (item,annotator,label) for the Python side. Annotators follow a latent true label
with per-annotator noise, so agreement is realistic (alpha around 0.5-0.6). Deterministic.
"""
import csv
import random
import sys

LABELS = ["negative", "neutral", "positive"]


def main() -> None:
    n = int(sys.argv[1])
    out = sys.argv[2]
    rng = random.Random(11)
    annotators = [f"a{i}" for i in range(1, 6)]
    noise = [0.15, 0.2, 0.25, 0.3, 0.35]
    truth = [rng.randrange(3) for _ in range(n)]
    texts = [f"synthetic review number {i} with some words" for i in range(n)]
    with open(f"{out}/items.csv", "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "text"])
        for i in range(n):
            writer.writerow([f"u{i}", texts[i]])
    files = {a: open(f"{out}/labels_{a}.csv", "w", newline="") for a in annotators}
    writers = {a: csv.writer(f) for a, f in files.items()}
    for w in writers.values():
        w.writerow(["id", "text", "label"])
    with open(f"{out}/ratings.csv", "w", newline="") as handle:
        ratings = csv.writer(handle)
        ratings.writerow(["item", "annotator", "label"])
        for i in range(n):
            for a, p in zip(annotators, noise):
                if rng.random() < 0.2:
                    continue
                label = truth[i] if rng.random() > p else rng.randrange(3)
                writers[a].writerow([f"u{i}", texts[i], LABELS[label]])
                ratings.writerow([i, a, label])
    for f in files.values():
        f.close()


if __name__ == "__main__":
    main()
