#!/usr/bin/env python3
"""Rebuilds the demo project's earlier labelling round from its labels table.

Inputs (both under projects/demo/):
  items.csv          id,text,lang,source,channel  (the demo texts)
  round1/labels.tsv  id, ana, ana_flags, ben, ben_flags, chloe, chloe_flags
                     one row per labelled item; an empty label cell means that
                     annotator did not label the item; flags are ';'-separated.
Outputs:
  round1/ana.csv, round1/ben.csv, round1/chloe.csv  with header id,text,label,flags,
  rows in items.csv order, text copied byte for byte from items.csv.

Usage:  python3 scripts/make_demo_round.py           (write the round files)
        python3 scripts/make_demo_round.py --check   (fail if they differ from disk)
Deterministic: same inputs, same bytes. Standard library only.
"""
import csv
import io
import sys
from collections import Counter
from pathlib import Path

DEMO = Path(__file__).resolve().parent.parent / "projects" / "demo"
ANNOTATORS = ("ana", "ben", "chloe")
LABELS = {"negative", "neutral", "positive"}
FLAGS = {"sarcasm", "irony", "mixed", "unsure"}
ITEM_HEADER = ["id", "text", "lang", "source", "channel"]
ROUND_HEADER = ["id", "text", "label", "flags"]


def fail(message):
    sys.exit(f"make_demo_round: {message}")


def read_items():
    # newline="" keeps newlines inside quoted fields exactly as written.
    with open(DEMO / "items.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, strict=True))
    if not rows or rows[0] != ITEM_HEADER:
        fail(f"items.csv header must be {','.join(ITEM_HEADER)}")
    items = {}
    for row in rows[1:]:
        if len(row) != len(ITEM_HEADER):
            fail(f"items.csv row {row[:1]} has {len(row)} fields")
        if row[0] in items:
            fail(f"duplicate id {row[0]} in items.csv")
        items[row[0]] = row[1]
    return items


def read_labels(items):
    table = {}
    lines = (DEMO / "round1" / "labels.tsv").read_text(encoding="utf-8").splitlines()
    header = ["id"] + [c for a in ANNOTATORS for c in (a, f"{a}_flags")]
    if not lines or lines[0].split("\t") != header:
        fail("labels.tsv header must be " + "\\t".join(header))
    for line in lines[1:]:
        cells = line.split("\t")
        if len(cells) != len(header):
            fail(f"labels.tsv line {cells[:1]} has {len(cells)} cells")
        item_id = cells[0]
        if item_id not in items:
            fail(f"labels.tsv id {item_id} is not in items.csv")
        if item_id in table:
            fail(f"duplicate id {item_id} in labels.tsv")
        entry = {}
        for i, annotator in enumerate(ANNOTATORS):
            label, flags = cells[1 + 2 * i], cells[2 + 2 * i]
            if not label:
                if flags:
                    fail(f"{item_id}: flags without a label for {annotator}")
                continue
            if label not in LABELS:
                fail(f"{item_id}: bad label {label!r}")
            if flags and not set(flags.split(";")) <= FLAGS:
                fail(f"{item_id}: bad flags {flags!r}")
            entry[annotator] = (label, flags)
        if len(entry) < 2:
            fail(f"{item_id}: fewer than two annotators")
        table[item_id] = entry
    return table


def render(items, table):
    out = {}
    for annotator in ANNOTATORS:
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(ROUND_HEADER)
        for item_id, text in items.items():
            entry = table.get(item_id, {})
            if annotator in entry:
                label, flags = entry[annotator]
                writer.writerow([item_id, text, label, flags])
        out[annotator] = buf.getvalue()
    return out


def main():
    check = sys.argv[1:] == ["--check"]
    if sys.argv[1:] and not check:
        fail("usage: make_demo_round.py [--check]")
    items = read_items()
    table = read_labels(items)
    rendered = render(items, table)
    for annotator, content in rendered.items():
        path = DEMO / "round1" / f"{annotator}.csv"
        data = content.encode("utf-8")
        if check:
            if not path.exists() or path.read_bytes() != data:
                fail(f"{path.name} is out of date; run without --check")
        else:
            path.write_bytes(data)
    disagree = sum(1 for e in table.values() if len({l for l, _ in e.values()}) > 1)
    per = Counter(a for e in table.values() for a in e)
    print(f"{len(table)} items labelled, {disagree} with disagreement; "
          + ", ".join(f"{a} {per[a]}" for a in ANNOTATORS)
          + ("; round files up to date" if check else "; round files written"))


if __name__ == "__main__":
    main()
