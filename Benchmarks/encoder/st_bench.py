#!/usr/bin/env python3
"""sentence-transformers' side of the encoder benchmark (run.sh): the same three measures as
EncoderBench, on the same JSON text files, each printing one line per measure and appending
one JSON record per measure to --json for summary.py. PyTorch on the CPU, with
torch.set_num_threads(--threads); run.sh sets OMP_WAIT_POLICY (PASSIVE unless told).

  st_bench.py throughput TEXTS.json --threads N --batches 16,32,64,128 [--round R] [--json OUT] [--vectors OUT]
  st_bench.py latency --text TEXT --threads N [--calls 200] [--json OUT]
  st_bench.py memory TEXTS.json --threads N --batches 32 [--json OUT]
  st_bench.py versions
The model is $OPINE_MODEL_DIR, else ~/.cache/opine/models/all-MiniLM-L6-v2, loaded offline.
"""
import argparse
import json
import os
import sys
import time

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")


def memory_mb(field):
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return -1.0


def record(args, fields):
    if not args.json:
        return
    fields.update(tool="sentence-transformers", part=args.mode, threads=args.threads,
                  variant=f"OMP_WAIT_POLICY={os.environ.get('OMP_WAIT_POLICY', 'unset')}")
    with open(args.json, "a") as handle:
        handle.write(json.dumps(fields, sort_keys=True) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=["throughput", "latency", "memory", "versions"])
    parser.add_argument("texts", nargs="?")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--batches", default="32")
    parser.add_argument("--round", type=int, default=0)
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--text", default="")
    parser.add_argument("--json")
    parser.add_argument("--vectors")
    args = parser.parse_args()

    import torch
    import sentence_transformers
    if args.mode == "versions":
        import numpy
        import transformers
        print(f"python {sys.version.split()[0]}, torch {torch.__version__}, sentence-transformers "
              f"{sentence_transformers.__version__}, transformers {transformers.__version__}, numpy {numpy.__version__}")
        info = [line.strip() for line in torch.__config__.parallel_info().splitlines()
                if line.startswith(("ATen parallel backend", "MKL", "MKLDNN", "std::thread", "OpenMP", "Intel(R) MKL", "Intel(R) oneDNN", "ATen/Parallel"))]
        print("torch: " + "; ".join(info[:6]))
        return
    torch.set_num_threads(args.threads)
    after_import = memory_mb("VmRSS")
    model_dir = os.environ.get("OPINE_MODEL_DIR", os.path.expanduser("~/.cache/opine/models/all-MiniLM-L6-v2"))
    start = time.perf_counter()
    model = sentence_transformers.SentenceTransformer(model_dir, device="cpu")
    load_seconds = time.perf_counter() - start
    after_load = memory_mb("VmRSS")
    label = f"sentence-transformers [OMP_WAIT_POLICY={os.environ.get('OMP_WAIT_POLICY', 'unset')}]"
    batches = [int(b) for b in args.batches.split(",")]
    texts = []
    if args.texts:
        with open(args.texts, encoding="utf-8") as handle:
            texts = json.load(handle)

    if args.mode == "throughput":
        corpus = os.path.splitext(os.path.basename(args.texts))[0]
        for batch in batches:
            model.encode(texts[:64], batch_size=batch)  # warm-up, not timed
            start, start_cpu = time.perf_counter(), time.process_time()
            vectors = model.encode(texts, batch_size=batch)
            seconds, cpu = time.perf_counter() - start, time.process_time() - start_cpu
            rate = len(texts) / seconds
            print(f"  {label} round {args.round}, threads {args.threads}, batch {batch}: "
                  f"{len(texts)} texts in {seconds:.3f} s = {rate:.1f} sentences/s (CPU {cpu:.2f} s)", flush=True)
            if args.vectors and batch == 32:
                vectors.astype("<f4").tofile(args.vectors)
            record(args, dict(corpus=corpus, batch=batch, round=args.round, texts=len(texts), seconds=seconds, rate=rate,
                                cpu_seconds=cpu))
    elif args.mode == "latency":
        tokens = len(model.tokenizer(args.text)["input_ids"])
        for _ in range(10):
            model.encode([args.text], batch_size=1)
        times = []
        for _ in range(args.calls):
            start = time.perf_counter()
            model.encode([args.text], batch_size=1)
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        median, p90 = times[len(times) // 2], times[min(len(times) - 1, len(times) * 9 // 10)]
        print(f"  {label}, threads {args.threads}: {tokens} tokens, {args.calls} calls: "
              f"median {median:.2f} ms, p90 {p90:.2f} ms, min {times[0]:.2f} ms")
        record(args, dict(tokens=tokens, calls=args.calls, median_ms=median, p90_ms=p90, min_ms=times[0]))
    else:
        batch = batches[0]
        start = time.perf_counter()
        vectors = model.encode(texts, batch_size=batch)
        seconds = time.perf_counter() - start
        peak = memory_mb("VmHWM")
        print(f"  {label}, threads {args.threads}, batch {batch}: {len(texts)} texts → {vectors.shape[0]} vectors of "
              f"{vectors.shape[1]} in {seconds:.1f} s ({len(texts) / seconds:.1f}/s); RSS after import {after_import:.0f} MB, "
              f"after load {after_load:.0f} MB, VmHWM at end {peak:.0f} MB (model load {load_seconds:.2f} s)")
        record(args, dict(texts=len(texts), batch=batch, seconds=seconds, rss_after_import_mb=after_import,
                          rss_after_load_mb=after_load, vmhwm_mb=peak))


if __name__ == "__main__":
    main()
