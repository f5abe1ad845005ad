#!/usr/bin/env bash
# Agreement benchmark (issue 5): 200,000 items × 5 annotators, 3 ordered labels, 20% missing
# (make_labels.py), side by side:
#   - `opine agreement --json --draws 0` and `--draws 1000`, the whole command on a project
#     holding those labels (median of RUNS);
#   - AgreementBench, in-process: all coefficients, bootstrap 1,000 draws on 1 and 2 workers;
#   - reference.py: the same labels from CSV through krippendorff, statsmodels, scikit-learn
#     (and irrCAC), load and computation timed apart; it checks both Opine sides to 1e-9.
# Usage: Benchmarks/agreement/run.sh [ITEMS] [RUNS]
#   OPINE=path/to/opine reuses a release build instead of building one; REFERENCE_FLAGS=""
#   leaves irrCAC out.
set -euo pipefail
cd "$(dirname "$0")/../.."
items="${1:-200000}"
runs="${2:-5}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 Benchmarks/machine.py start
echo "swift: $(swift --version 2>/dev/null | head -1)"

if [ -z "${OPINE:-}" ]; then
  nice -n 10 swift build -c release --product opine --scratch-path .build-bench >/dev/null
  OPINE="$PWD/.build-bench/release/opine"
fi
(cd Benchmarks/AgreementBench && nice -n 10 swift build -c release --scratch-path .build-bench >/dev/null)
bench="$PWD/Benchmarks/AgreementBench/.build-bench/release/AgreementBench"
echo "opine: $OPINE ($(git rev-parse --short HEAD)$(git diff --quiet HEAD -- Sources Package.swift || echo ', working tree differs from HEAD'))"

python3 Benchmarks/agreement/make_labels.py "$items" "$work"
project="$work/project"
"$OPINE" init "$project" --lead bench >/dev/null
cat >"$project/opine.toml" <<'TOML'
name = "agreement-benchmark"
overlap = 5
slices = []

[labels]
ordinal = true
choices = [
  { name = "negative", key = "1" },
  { name = "neutral",  key = "2" },
  { name = "positive", key = "3" },
]

[[annotators]]
name = "bench"
role = "lead"
TOML
for a in a1 a2 a3 a4 a5; do printf '\n[[annotators]]\nname = "%s"\nrole = "annotator"\n' "$a" >>"$project/opine.toml"; done
start=$(date +%s.%N)
"$OPINE" import "$work/items.csv" --project "$project" >/dev/null
for a in a1 a2 a3 a4 a5; do
  "$OPINE" import "$work/labels_$a.csv" --project "$project" --label label --annotator "$a" >/dev/null
done
echo "project: $items items, $(($(wc -l <"$work/ratings.csv") - 1)) labels imported in $(python3 -c "print(f'{$(date +%s.%N) - $start:.1f}')") s"
echo

echo "== opine agreement (whole command: open the project, read the labels, compute, print JSON)"
echo "command: $OPINE agreement --project PROJECT --json --draws 0"
TIMECMD_OUT="$work/opine.json" python3 Benchmarks/timecmd.py "$runs" "opine agreement --json --draws 0" -- \
  "$OPINE" agreement --project "$project" --json --draws 0
echo "command: $OPINE agreement --project PROJECT --json --draws 1000"
python3 Benchmarks/timecmd.py "$(( (runs + 1) / 2 ))" "opine agreement --json --draws 1000" -- \
  "$OPINE" agreement --project "$project" --json --draws 1000
# A floor for the command's first step: sqlite3 stepping through the same rows that
# LabelTable reads (its query, summed so nothing is printed per row).
query="SELECT count(*), sum(item_id), sum(annotator_id), sum(length(label)), sum(t) FROM (SELECT a.item_id, a.annotator_id, a.label, a.id, CAST(strftime('%s', a.created_at) AS INTEGER) AS t FROM annotation a WHERE NOT EXISTS (SELECT 1 FROM retraction r WHERE r.annotation_id = a.id) ORDER BY a.id)"
echo "floor: sqlite3 $(sqlite3 --version | cut -d' ' -f1) opine.db \"SELECT count(*), sums FROM (LabelTable's query)\""
python3 Benchmarks/timecmd.py "$runs" "sqlite3 label query" -- sqlite3 "$project/opine.db" "$query"
echo

echo "== AgreementBench (in-process, same labels from ratings.csv)"
echo "command: $bench --ratings ratings.csv --json bench.json"
"$bench" --ratings "$work/ratings.csv" --json "$work/bench.json"
echo

echo "== Python reference (same ratings.csv)"
echo "command: python3 Benchmarks/agreement/reference.py ratings.csv --opine-json opine.json --bench-json bench.json ${REFERENCE_FLAGS---irrcac}"
python3 Benchmarks/agreement/reference.py "$work/ratings.csv" --opine-json "$work/opine.json" --bench-json "$work/bench.json" \
  ${REFERENCE_FLAGS---irrcac}
echo "python script, whole process (interpreter start, imports, load, compute once, no checks):"
python3 Benchmarks/timecmd.py "$runs" "python3 reference.py --repeats 1" -- \
  python3 Benchmarks/agreement/reference.py "$work/ratings.csv" --repeats 1
python3 Benchmarks/machine.py end
