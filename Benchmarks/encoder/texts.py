#!/usr/bin/env python3
"""Writes the benchmark's text sets as JSON arrays of strings into OUT, so that Opine
(EncoderBench) and sentence-transformers (st_bench.py) embed exactly the same strings:

  sst2-test.json   the 1,821 sentences of SST-2 test (stsa.binary.test, "label text" lines)
  demo.json        the `text` column of projects/demo/items.csv
  memory10k.json   10,000 texts: SST-2 train (6,920), test (1,821) and dev (872), then train
                   again from its start for the last 387

  texts.py SST2_DIR DEMO_CSV OUT
The data is read at run time and written only to OUT (a temporary folder); nothing is copied
into the repository.
"""
import csv
import json
import os
import sys


def sst(path):
    with open(path, encoding="utf-8") as handle:
        return [line.split(" ", 1)[1] for line in handle.read().splitlines() if " " in line]


def main() -> None:
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    sst2, demo_csv, out = sys.argv[1:]
    test = sst(os.path.join(sst2, "stsa.binary.test"))
    train = sst(os.path.join(sst2, "stsa.binary.train"))
    dev = sst(os.path.join(sst2, "stsa.binary.dev"))
    with open(demo_csv, encoding="utf-8", newline="") as handle:
        demo = [row["text"] for row in csv.DictReader(handle)]
    pool = train + test + dev
    memory = (pool * (10_000 // len(pool) + 1))[:10_000]
    for name, texts in [("sst2-test", test), ("demo", demo), ("memory10k", memory)]:
        with open(os.path.join(out, name + ".json"), "w", encoding="utf-8") as handle:
            json.dump(texts, handle, ensure_ascii=False)
    print(f"texts: SST-2 test {len(test)}, demo {len(demo)}, memory {len(memory)} "
          f"(SST-2 train {len(train)} + test {len(test)} + dev {len(dev)}, then train again)")


if __name__ == "__main__":
    main()
