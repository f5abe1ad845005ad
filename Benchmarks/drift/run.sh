#!/usr/bin/env bash
# Drift benchmark (issue 13), side by side with Evidently on the same vectors:
#   1. speed: `opine drift --json` as a whole command (process start to exit) on N items of 384
#      dimensions in two imports (synthetic, the second shifted), beside Evidently's model(),
#      distance() and mmd() on the same vectors (Benchmarks/drift/evidently_drift.py);
#   2. a real shift: SST-2 movie sentences (test, 1,821) against the demo's product reviews
#      must read as drifted, and the two halves of SST-2 test must not; embedded by Opine's
#      own encoder (all-MiniLM-L6-v2).
# Usage: Benchmarks/drift/run.sh [N=100000] [RUNS=3]
#   SST2_DIR (default /work/shared/data/sst2). Needs: pip install evidently "pandas<3".
set -euo pipefail
cd "$(dirname "$0")/../.."
n="${1:-100000}"
runs="${2:-3}"
sst2="${SST2_DIR:-/work/shared/data/sst2}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
swift build -c release --product opine >/dev/null
opine="$PWD/.build/release/opine"
python3 Benchmarks/machine.py start
echo "code: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- Sources || echo ', Sources differ from HEAD')"

echo "== 1. speed: $n × 384 in two imports"
python3 Benchmarks/drift/make_vectors.py "$n" 1.0 "$work"
"$opine" init "$work/p" --lead lea >/dev/null
for batch in 0 1; do "$opine" import "$work/batch$batch.csv" --project "$work/p" >/dev/null; sleep 0.01; done
"$opine" embed --import "$work/vectors.npy" --ids "$work/ids.txt" --name synthetic --project "$work/p" >/dev/null
whole() { local start; start=$(date +%s.%N); "$@" > "$work/out.json"; python3 -c "print(f'{$(date +%s.%N) - $start:.2f}')"; }
for run in $(seq "$runs"); do
  seconds=$(whole "$opine" drift --project "$work/p" --json)
  summary=$(python3 -c "import json; d=json.load(open('$work/out.json'))['embedding']; c=d['classifier']; print(f\"AUC {c['auc']:.4f} ({c['reference_rows']}+{c['current_rows']} rows), distance {d['mean_distance']:.4f}, MMD² {d['mmd']:.5f} ({'+'.join(map(str, d['mmd_rows']))} rows), drifted {d['drifted']}\")")
  evidently=$(python3 Benchmarks/drift/evidently_drift.py "$work/vectors.npy")
  echo "run $run: opine drift ${seconds} s whole command: $summary"
  echo "       evidently: $evidently"
done

echo "== 2. a real shift: SST-2 test against the demo's product reviews"
"$opine" init "$work/s" --lead lea >/dev/null
cp projects/demo/items.csv "$work/demo.csv"
"$opine" import "$work/demo.csv" --project "$work/s" >/dev/null
sleep 0.01
python3 - "$sst2/stsa.binary.test" "$work/sst.csv" <<'PY'
import csv, sys
with open(sys.argv[1], encoding="utf-8") as source, open(sys.argv[2], "w", newline="", encoding="utf-8") as out:
    writer = csv.writer(out)
    writer.writerow(["id", "text", "half"])
    for index, line in enumerate(source):
        writer.writerow([f"sst-{index}", line[2:].strip(), "ab"[index % 2]])
PY
"$opine" import "$work/sst.csv" --project "$work/s" >/dev/null
start=$(date +%s.%N); "$opine" embed --project "$work/s" >/dev/null; echo "embedded $(( $(wc -l < "$work/sst.csv") - 1 + 336 )) texts in $(python3 -c "print(f'{$(date +%s.%N) - $start:.1f}')") s"
"$opine" drift --project "$work/s" --reference import:1 --current import:2 | head -4
"$opine" drift --project "$work/s" --reference half=a --current half=b | head -4
python3 Benchmarks/machine.py end
