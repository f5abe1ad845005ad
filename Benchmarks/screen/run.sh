#!/usr/bin/env bash
# Screen latency benchmark (issue 7): `opine annotate` on a project of 1,000,000 items (the
# import benchmark's synthetic reviews) with an earlier round of 50,000 labels by two
# annotators. latency.py drives the real binary in a pty and renders its output with pyte:
# opening time to the first full frame, then KEYS label keys, each timed from the key to
# the next item fully drawn (end to end), beside the screen's own in-process figure.
# Usage: Benchmarks/screen/run.sh [ITEMS=1000000] [KEYS=500] [RUNS=3]
#   PROJECT_DIR: build the project there and reuse it on the next run (default: temporary).
set -euo pipefail
cd "$(dirname "$0")/../.."
items="${1:-1000000}"
keys="${2:-500}"
runs="${3:-3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
project="${PROJECT_DIR:-$work/project}"

python3 -c 'import pyte' 2>/dev/null || pip install --quiet pyte
nice -n 10 swift build -c release --product opine >/dev/null
opine="$PWD/.build/release/opine"
python3 Benchmarks/machine.py start
echo "code: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- Sources || echo ', Sources differ from HEAD')"

if [ ! -f "$project/opine.db" ]; then
  rm -rf "$project"
  "$opine" init "$project" --lead lea >/dev/null
  # No embeddings in this project: no background retrain (it would only say so).
  sed -i 's/^retrain_every = .*/retrain_every = 0/' "$project/opine.toml"
  cat >> "$project/opine.toml" <<'TOML'

[[annotators]]
name = "ana"
role = "annotator"

[[annotators]]
name = "ben"
role = "annotator"

[[annotators]]
name = "kay"
role = "annotator"
TOML
  python3 Benchmarks/import/make_rows.py "$items" "$work/rows.csv"
  python3 - "$work/rows.csv" "$work" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))[1:50001]
labels = ["negative", "neutral", "positive"]
for name, shift in (("ana", 0), ("ben", 1)):
    with open(f"{sys.argv[2]}/{name}.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "text", "label"])
        for index, row in enumerate(rows):
            writer.writerow([row[0], row[1], labels[(index + shift * (index % 5 == 0)) % 3]])
PY
  /usr/bin/time -f "import: %e s" "$opine" import "$work/rows.csv" --project "$project" >/dev/null
  for name in ana ben; do "$opine" import "$work/$name.csv" --label label --annotator "$name" --project "$project" >/dev/null; done
fi
echo "project: $("$opine" status --project "$project" --json | python3 -c 'import json,sys; s=json.load(sys.stdin); print(s["items"], "items,", s["labels"], "labels")')"

for run in $(seq "$runs"); do
  # Each run labels as a fresh annotator name's session would: kay's labels from the last run
  # stay (the queue skips them), like a second sitting.
  echo "== run $run"
  python3 Benchmarks/screen/latency.py "$opine" "$project" kay "$keys" "$work/run$run.json"
done
python3 Benchmarks/machine.py end
