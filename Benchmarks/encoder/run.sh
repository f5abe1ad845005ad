#!/usr/bin/env bash
# Sentence-encoder benchmark (issue 3, "Speed and memory"): Opine's SentenceEncoder
# (EncoderBench, this folder's package) side by side with sentence-transformers (PyTorch,
# CPU; st_bench.py) in one run, same machine, same model directory, same texts, 2 threads:
#   1. throughput, texts → vectors, on SST-2 test (1,821 sentences) and on the demo
#      project's texts: Opine at batch 32, sentence-transformers at 16/32/64/128; ROUNDS
#      rounds with the tools interleaved (so both see the same load; the order reverses
#      every other round), median reported, with CPU seconds beside the wall clock.
#      Extra lines: Opine with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset, and
#      sentence-transformers at batch 32 with OMP_WAIT_POLICY unset;
#   2. single-text latency for a 30-token text: 200 calls, median and p90, 2 and 1 threads;
#   3. peak resident memory of a process embedding 10,000 texts (/usr/bin/time max RSS).
# sentence-transformers runs with torch.set_num_threads(THREADS) and OMP_WAIT_POLICY=PASSIVE
# (idle OpenMP workers sleep instead of spinning on the 2 shared cores).
# Goals: ≥ 1.5× sentence-transformers' best throughput, latency < 10 ms, peak RSS < 400 MB.
#
# Usage: Benchmarks/encoder/run.sh [ROUNDS]        (about 10 minutes on 2 cores)
#   SST2_DIR (default /work/shared/data/sst2), OPINE_MODEL_DIR (default
#   ~/.cache/opine/models/all-MiniLM-L6-v2). The data is read at run time into a temporary
#   folder, removed at the end.
set -euo pipefail
cd "$(dirname "$0")"
rounds="${1:-3}"
threads=2
sst2="${SST2_DIR:-/work/shared/data/sst2}"
export OPINE_MODEL_DIR="${OPINE_MODEL_DIR:-$HOME/.cache/opine/models/all-MiniLM-L6-v2}"
latency_text="The acting was wooden and the plot made no sense, but the soundtrack was surprisingly good and the final scene really moved me to tears!!"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
results="$work/results.jsonl"
load() { python3 ../machine.py "$1"; }

python3 ../machine.py start
echo "nproc $(nproc); $(free -m | awk '/^Mem:/ {print "memory " $2 " MiB total, " $7 " MiB available"}')"
echo "swift: $(swift --version 2>/dev/null | head -1)"
python3 st_bench.py versions
openblas="$(readlink -f "$(ldconfig -p | awk '/libopenblas.so.0 / {print $NF; exit}')")"
echo "OpenBLAS: $openblas ($(dpkg-query -W -f='${Package} ${Version}' libopenblas0-pthread 2>/dev/null || echo '?'))"
echo "environment: OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE-unset} OPENBLAS_L2_SIZE=${OPENBLAS_L2_SIZE-unset}" \
  "OMP_NUM_THREADS=${OMP_NUM_THREADS-unset}; sentence-transformers runs get OMP_WAIT_POLICY=PASSIVE"
nice -n 10 swift build -c release --scratch-path .build-encbench >/dev/null
bench="$PWD/.build-encbench/release/EncoderBench"
echo "code: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- ../../Sources/BertEncoder ../../Sources/WordPiece \
  ../../Sources/LinearAlgebra ../../Sources/CBLAS ../../Sources/Digest || echo ', encoder sources differ from HEAD')"
python3 texts.py "$sst2" ../../projects/demo/items.csv "$work"
echo "threads $threads; model $OPINE_MODEL_DIR"

opine() { "$bench" "$@" --threads "$threads" --json "$results"; }
opine_unset() {
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$bench" "$@" --threads "$threads" --json "$results" \
    --variant "OPENBLAS_CORETYPE, OPENBLAS_L2_SIZE unset"
}
st() { OMP_WAIT_POLICY=PASSIVE python3 st_bench.py "$@" --threads "$threads" --json "$results"; }
st_spin() { env -u OMP_WAIT_POLICY python3 st_bench.py "$@" --threads "$threads" --json "$results"; }

part=1
for corpus in sst2-test demo; do
  echo
  echo "== $part. Throughput on $corpus, $rounds rounds, each tool warmed up then timed over all texts"
  load "before $corpus throughput"
  echo "commands: EncoderBench throughput $corpus.json --threads $threads --batch 32;" \
    "OMP_WAIT_POLICY=PASSIVE python3 st_bench.py throughput $corpus.json --threads $threads --batches 16,32,64,128"
  for round in $(seq 1 "$rounds"); do
    opine_vectors=() st_vectors=()
    if [ "$corpus" = demo ] && [ "$round" = 1 ]; then
      opine_vectors=(--vectors "$work/opine.f32") st_vectors=(--vectors "$work/st.f32")
    fi
    # Odd rounds run Opine first, even rounds last (and the batch sizes backwards), so that
    # neither tool always meets the same part of the other agents' load.
    if [ $((round % 2)) = 1 ]; then
      opine throughput "$work/$corpus.json" --batch 32 --round "$round" "${opine_vectors[@]}"
      st throughput "$work/$corpus.json" --batches 16,32,64,128 --round "$round" "${st_vectors[@]}"
      opine_unset throughput "$work/$corpus.json" --batch 32 --round "$round"
      st_spin throughput "$work/$corpus.json" --batches 32 --round "$round"
    else
      st_spin throughput "$work/$corpus.json" --batches 32 --round "$round"
      opine_unset throughput "$work/$corpus.json" --batch 32 --round "$round"
      st throughput "$work/$corpus.json" --batches 128,64,32,16 --round "$round"
      opine throughput "$work/$corpus.json" --batch 32 --round "$round"
    fi
    echo "  load after round $round: $(cut -d' ' -f1-3 /proc/loadavg)"
  done
  load "after $corpus throughput"
  part=$((part + 1))
done

echo
echo "== $part. Single-text latency: \"$latency_text\""
load "before latency"
echo "commands: EncoderBench latency --text TEXT --threads N --calls 200; python3 st_bench.py latency --text TEXT --threads N --calls 200"
for t in 2 1; do
  threads=$t
  opine latency --text "$latency_text" --calls 200
  st latency --text "$latency_text" --calls 200
  opine_unset latency --text "$latency_text" --calls 200
done
threads=2
load "after latency"
part=$((part + 1))

echo
echo "== $part. Peak resident memory: one process embeds 10,000 texts at batch 32 (/usr/bin/time max RSS)"
load "before memory"
echo "commands: /usr/bin/time -f %M EncoderBench memory memory10k.json --threads $threads --batch 32;" \
  "/usr/bin/time -f %M python3 st_bench.py memory memory10k.json --threads $threads --batches 32"
/usr/bin/time -f "%M" -o "$work/opine.maxrss" "$bench" memory "$work/memory10k.json" --threads "$threads" --batch 32 --json "$results"
printf '{"part": "memory-maxrss", "tool": "opine", "variant": "", "maxrss_kb": %s}\n' "$(tail -1 "$work/opine.maxrss")" >>"$results"
OMP_WAIT_POLICY=PASSIVE /usr/bin/time -f "%M" -o "$work/st.maxrss" \
  python3 st_bench.py memory "$work/memory10k.json" --threads "$threads" --batches 32 --json "$results"
printf '{"part": "memory-maxrss", "tool": "sentence-transformers", "variant": "OMP_WAIT_POLICY=PASSIVE", "maxrss_kb": %s}\n' \
  "$(tail -1 "$work/st.maxrss")" >>"$results"
load "after memory"

echo
python3 summary.py "$results" "$work/opine.f32" "$work/st.f32"
python3 ../machine.py end
