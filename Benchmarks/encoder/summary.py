#!/usr/bin/env python3
"""Summarises one run of the encoder benchmark (run.sh) from the JSON lines that EncoderBench
and st_bench.py appended: throughput medians over rounds, latency, peak memory, the ratios
and the goals of issue 3 (≥ 1.5× sentence-transformers' best throughput, single-text latency
under 10 ms, peak RSS under 400 MB for 10,000 texts). With two vector files it also checks
that both tools computed the same embeddings of the demo texts (cosine of each pair).

  summary.py RESULTS.jsonl [OPINE_VECTORS ST_VECTORS]   (vectors: raw float32, demo texts in order)
"""
import json
import statistics
import sys

THROUGHPUT_GOAL = 1.5
LATENCY_GOAL_MS = 10.0
MEMORY_GOAL_MB = 400.0


def is_headline(r):
    """Opine with the environment's OpenBLAS settings, sentence-transformers with PASSIVE."""
    return r["variant"] in ("", "OMP_WAIT_POLICY=PASSIVE")


def main() -> None:
    if len(sys.argv) not in (2, 4):
        sys.exit(__doc__)
    records = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
    verdicts = []

    print("== Throughput, texts → normalised vectors: sentences/s, median of the rounds (each round's rate);\n"
          "   beside it sentences per CPU-second (user + system, all threads), which the other agents' load moves less")
    rows = {}
    for r in records:
        if r["part"] == "throughput":
            rows.setdefault((r["corpus"], r["tool"], r["variant"], r["threads"], r["batch"]), []).append(r)
    for corpus in sorted({key[0] for key in rows}, reverse=True):
        print(f"-- {corpus} ({next(r['texts'] for r in records if r.get('corpus') == corpus)} texts)")
        medians, per_cpu = {}, {}
        for key in sorted(k for k in rows if k[0] == corpus):
            _, tool, variant, threads, batch = key
            runs = sorted(rows[key], key=lambda r: r["round"])
            medians[key[1:]] = statistics.median(r["rate"] for r in runs)
            per_cpu[key[1:]] = statistics.median(r["texts"] / r["cpu_seconds"] for r in runs)
            rounds = ", ".join(f"{r['rate']:.1f}" for r in runs)
            print(f"  {tool:<22} {variant or 'environment OpenBLAS settings':<41} threads {threads} batch {batch:>3}: "
                  f"{medians[key[1:]]:7.1f}/s ({rounds}); {per_cpu[key[1:]]:6.1f}/CPU-s")

        def pick(values, opine, headline=True, batch=None):
            return {k[3]: v for k, v in values.items()
                    if (k[0] == "opine") == opine and (k[1] in ("", "OMP_WAIT_POLICY=PASSIVE")) == headline
                    and (batch is None or k[3] == batch)}

        opine, st = pick(medians, True).get(32), pick(medians, False)
        if opine and st:
            best = max(st, key=st.get)
            ratio_best = opine / st[best]
            ratio32 = opine / st[32] if 32 in st else float("nan")
            print(f"  ratio of medians, Opine batch 32 / sentence-transformers batch 32: {ratio32:.2f}×; "
                  f"/ its best batch size ({best}, {st[best]:.1f}/s): {ratio_best:.2f}×")
            paired = []
            for round_ in sorted({r["round"] for k, v in rows.items() if k[0] == corpus for r in v}):
                o = [r["rate"] for k, v in rows.items() if k[0] == corpus and k[1] == "opine" and k[2] == ""
                     and k[4] == 32 for r in v if r["round"] == round_]
                t = [r["rate"] for k, v in rows.items() if k[0] == corpus and k[1] != "opine"
                     and k[2] == "OMP_WAIT_POLICY=PASSIVE" for r in v if r["round"] == round_]
                if o and t:
                    paired.append(o[0] / max(t))
            if paired:
                print(f"  ratio within each round, Opine / sentence-transformers' best batch size that round: "
                      f"{', '.join(f'{p:.2f}×' for p in paired)} (median {statistics.median(paired):.2f}×)")
            cpu_opine, cpu_st = pick(per_cpu, True).get(32), pick(per_cpu, False)
            cpu_best = max(cpu_st, key=cpu_st.get)
            print(f"  ratio per CPU-second, Opine / sentence-transformers' best ({cpu_best}): {cpu_opine / cpu_st[cpu_best]:.2f}×")
            verdicts.append((f"throughput {corpus}: {ratio_best:.2f}× sentence-transformers' best batch size "
                             f"({ratio32:.2f}× at batch 32; per round {', '.join(f'{p:.2f}' for p in paired)}; "
                             f"per CPU-second {cpu_opine / cpu_st[cpu_best]:.2f}×)", ratio_best >= THROUGHPUT_GOAL,
                            f"≥ {THROUGHPUT_GOAL}× on the medians"))
        unset = pick(medians, True, headline=False).get(32)
        if opine and unset:
            print(f"  Opine with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset: {unset:.1f}/s "
                  f"({unset / opine:.2f}× the headline)")

    print("\n== Single-text latency (embed one text per call)")
    latency = [r for r in records if r["part"] == "latency"]
    for r in sorted(latency, key=lambda r: (r["tool"] != "opine", r["variant"], -r["threads"])):
        print(f"  {r['tool']:<22} {r['variant'] or 'environment OpenBLAS settings':<40} threads {r['threads']}: "
              f"{r['tokens']} tokens, median {r['median_ms']:6.2f} ms, p90 {r['p90_ms']:6.2f} ms, min {r['min_ms']:6.2f} ms "
              f"({r['calls']} calls)")
    opine_latency = {r["threads"]: r for r in latency if r["tool"] == "opine" and r["variant"] == ""}
    st_latency = {r["threads"]: r for r in latency if r["tool"] != "opine" and is_headline(r)}
    for threads in sorted(opine_latency, reverse=True):
        if threads in st_latency:
            print(f"  threads {threads}: sentence-transformers' median is "
                  f"{st_latency[threads]['median_ms'] / opine_latency[threads]['median_ms']:.1f}× Opine's")
    if 2 in opine_latency:
        r = opine_latency[2]
        one = opine_latency.get(1)
        note = f"; 1 thread: median {one['median_ms']:.2f} ms" if one else ""
        verdicts.append((f"latency, {r['tokens']}-token text, 2 threads: median {r['median_ms']:.2f} ms, "
                         f"p90 {r['p90_ms']:.2f} ms{note}", r["median_ms"] < LATENCY_GOAL_MS, f"< {LATENCY_GOAL_MS:.0f} ms"))

    print("\n== Peak resident memory, embedding 10,000 texts (whole process: /usr/bin/time max RSS; VmHWM read inside)")
    peaks = {r["tool"]: r["maxrss_kb"] / 1024 for r in records if r["part"] == "memory-maxrss"}
    for r in (r for r in records if r["part"] == "memory"):
        extra = f", after import {r['rss_after_import_mb']:.0f} MB" if "rss_after_import_mb" in r else ""
        print(f"  {r['tool']:<22} threads {r['threads']} batch {r['batch']}: max RSS {peaks.get(r['tool'], -1):6.0f} MB "
              f"(VmHWM {r['vmhwm_mb']:.0f} MB{extra}, after model load {r['rss_after_load_mb']:.0f} MB; "
              f"{r['texts'] / r['seconds']:.1f} texts/s)")
    if "opine" in peaks:
        st_peak = next((v for k, v in peaks.items() if k != "opine"), None)
        versus = f", sentence-transformers {st_peak:.0f} MB ({st_peak / peaks['opine']:.1f}×)" if st_peak else ""
        verdicts.append((f"peak RSS for 10,000 texts: Opine {peaks['opine']:.0f} MB{versus}",
                         peaks["opine"] < MEMORY_GOAL_MB, f"< {MEMORY_GOAL_MB:.0f} MB"))

    if len(sys.argv) == 4:
        import numpy
        count = next(r["texts"] for r in records if r.get("corpus") == "demo")
        a = numpy.fromfile(sys.argv[2], dtype="<f4").reshape(count, -1)
        b = numpy.fromfile(sys.argv[3], dtype="<f4").reshape(count, -1)
        if a.shape != b.shape:
            sys.exit(f"vectors differ in shape: {a.shape} vs {b.shape}")
        cosine = (a * b).sum(1) / (numpy.linalg.norm(a, axis=1) * numpy.linalg.norm(b, axis=1))
        print(f"\n== Same work: {a.shape[0]} demo vectors, cosine Opine vs sentence-transformers: "
              f"min {cosine.min():.8f}, mean {cosine.mean():.8f}")
        verdicts.append((f"same embeddings on both sides: min cosine {cosine.min():.8f}", cosine.min() >= 0.9999, "≥ 0.9999"))

    print("\n== Goals (issue 3)")
    for text, met, goal in verdicts:
        print(f"  {'MET    ' if met else 'NOT MET'} {text} (goal {goal})")


if __name__ == "__main__":
    main()
