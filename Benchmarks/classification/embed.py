#!/usr/bin/env python3
"""Embeds SST-2 train and test with sentence-transformers all-MiniLM-L6-v2 (until Opine's
own encoder lands) into OUT/{train,test}_x.npy (float32, rows × 384) and
OUT/{train,test}_y.npy (int32, 0 = negative, 1 = positive).

  HF_HUB_OFFLINE=1 embed.py SST2_DIR MODEL_DIR OUT

SST2_DIR holds stsa.binary.train/.test: one sentence per line, `<label> <text>` (see its
PROVENANCE.md). Nothing is downloaded: the model is read from MODEL_DIR.
"""
import os
import sys
import time
from importlib import metadata

import numpy as np


def read(path):
    labels, texts = [], []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            line = line.rstrip("\n")
            if not line:
                continue
            label, _, text = line.partition(" ")
            if label not in ("0", "1") or not text:
                sys.exit(f"{path}:{number}: expected '<0|1> <text>'")
            labels.append(int(label))
            texts.append(text)
    return labels, texts


def main() -> None:
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    data, model_dir, out = sys.argv[1:]
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch
    from sentence_transformers import SentenceTransformer

    print(f"sentence-transformers {metadata.version('sentence-transformers')}, torch {torch.__version__}, "
          f"{torch.get_num_threads()} torch threads, model {model_dir}")
    model = SentenceTransformer(model_dir, device="cpu")
    for split in ("train", "test"):
        labels, texts = read(os.path.join(data, f"stsa.binary.{split}"))
        start = time.perf_counter()
        vectors = model.encode(texts, batch_size=64, convert_to_numpy=True, show_progress_bar=False)
        seconds = time.perf_counter() - start
        np.save(os.path.join(out, f"{split}_x.npy"), vectors.astype(np.float32))
        np.save(os.path.join(out, f"{split}_y.npy"), np.asarray(labels, dtype=np.int32))
        print(f"{split}: {len(texts)} sentences → {vectors.shape[1]} dims in {seconds:.1f} s "
              f"({sum(labels)} positive)")


if __name__ == "__main__":
    main()
