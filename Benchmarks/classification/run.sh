#!/usr/bin/env bash
# Classifier-head benchmark (issue 4), Opine's LogisticRegression (ClassificationBench, this
# folder's package) side by side with scikit-learn's (reference.py) on the same .npy files:
#   1. parity: all-MiniLM-L6-v2 embeddings of SST-2 train (6,920) and test (1,821), fitted
#      with the same C on both sides; test accuracy and AUC compared (goal: within 0.5
#      points and 0.005);
#   2. speed: fits on synthetic 10,000 and 100,000 × 384 × 3 classes (goals < 0.3 s and
#      < 3 s, ≥ 3× faster than scikit-learn at equal accuracy), with each side's default
#      threads and with one thread on both sides;
#   3. the speed verdict (speed_summary.py): one thread each, default threads, and each side
#      at its fastest thread count.
# Usage: Benchmarks/classification/run.sh [REPEATS]
#   SKIP_PARITY=1: the fit speed only (part 1 needs sentence-transformers to embed SST-2).
#   SST2_DIR (default /work/shared/data/sst2), OPINE_MODEL_DIR (default
#   ~/.cache/opine/models/all-MiniLM-L6-v2), EMBED_DIR: keep the embeddings there and reuse
#   them on the next run (default: a temporary folder, removed at the end).
set -euo pipefail
cd "$(dirname "$0")"
repeats="${1:-3}"
sst2="${SST2_DIR:-/work/shared/data/sst2}"
model="${OPINE_MODEL_DIR:-$HOME/.cache/opine/models/all-MiniLM-L6-v2}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
embeddings="${EMBED_DIR:-$work}"
mkdir -p "$embeddings"

python3 ../machine.py start
echo "swift: $(swift --version 2>/dev/null | head -1); python $(python3 -c 'import sys; print(sys.version.split()[0])')"
nice -n 10 swift build -c release --scratch-path .build-bench >/dev/null
bench="$PWD/.build-bench/release/ClassificationBench"
echo "code: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- ../../Sources/Classification ../../Sources/LinearAlgebra ../../Sources/CKernels ../../Sources/CBLAS || echo ', Sources/Classification|LinearAlgebra|CKernels|CBLAS differ from HEAD')"
echo

parity=0
if [ -n "${SKIP_PARITY:-}" ]; then
  echo "== 1. SST-2 parity: skipped (SKIP_PARITY set)"
else
echo "== 1. SST-2 parity (same embeddings, same C)"
if [ ! -f "$embeddings/test_y.npy" ]; then
  echo "command: HF_HUB_OFFLINE=1 python3 embed.py $sst2 $model EMBEDDINGS"
  HF_HUB_OFFLINE=1 nice -n 10 python3 embed.py "$sst2" "$model" "$embeddings"
else
  echo "reusing the embeddings in $embeddings"
fi
sst=("$embeddings/train_x.npy" "$embeddings/train_y.npy" "$embeddings/test_x.npy" "$embeddings/test_y.npy")
echo "command: ClassificationBench parity train_x.npy train_y.npy test_x.npy test_y.npy --c 0.1,1,10,100"
"$bench" parity "${sst[@]}" --c 0.1,1,10,100 --json "$work/parity.json"
echo "command: python3 reference.py parity train_x.npy train_y.npy test_x.npy test_y.npy --c 0.1,1,10,100"
python3 reference.py parity "${sst[@]}" --c 0.1,1,10,100 --opine-json "$work/parity.json" || parity=$?
fi
echo

echo "== 2. Fit speed, synthetic 384 dimensions × 3 classes (held-out: 10,000 rows)"
python3 make_synthetic.py "$work" 10000 100000
# Each size on both sides with default threads, then one thread on both sides, each pair back
# to back so both see the same load; speed_summary.py then compares one thread each, default
# threads, and each side at its fastest setting.
sizes=(10000 100000)
for rows in "${sizes[@]}"; do
  synth=("$work/synth_${rows}_x.npy" "$work/synth_${rows}_y.npy" "$work/synth_test_x.npy" "$work/synth_test_y.npy")
  for threads in default 1; do
    if [ "$threads" = 1 ]; then
      export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
      note="one thread on both sides (OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1)"
    else
      unset OPENBLAS_NUM_THREADS OMP_NUM_THREADS
      note="each side's default threads"
    fi
    echo "-- synth $rows, $note"
    python3 ../machine.py "synth $rows, threads $threads"
    echo "command: ClassificationBench speed synth_${rows}_x.npy synth_${rows}_y.npy synth_test_x.npy synth_test_y.npy --c 1 --repeats $repeats"
    "$bench" speed "${synth[@]}" --c 1 --repeats "$repeats" --json "$work/opine_${rows}_${threads}.json"
    echo "command: python3 reference.py speed synth_${rows}_x.npy synth_${rows}_y.npy synth_test_x.npy synth_test_y.npy --c 1 --repeats $repeats"
    python3 reference.py speed "${synth[@]}" --c 1 --repeats "$repeats" --opine-json "$work/opine_${rows}_${threads}.json" \
      --json "$work/sklearn_${rows}_${threads}.json"
  done
done
unset OPENBLAS_NUM_THREADS OMP_NUM_THREADS
echo
echo "== 3. Speed summary (median wall seconds; 'default' = each library's own thread count)"
python3 speed_summary.py "$work" "${sizes[@]}"
python3 ../machine.py end
exit "$parity"
