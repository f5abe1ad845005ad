#!/usr/bin/env bash
# Key → next item and agreement on a PostgreSQL server (issue 12): a project of ITEMS items
# (the import benchmark's synthetic reviews) whose first LABELLED items carry labels by two
# annotators (2 × LABELLED labels), built in SQLite and moved to the server with `opine db copy`
# (timed). Then, side by side on the same project in both stores:
#   - `opine annotate` driven in a pty by Benchmarks/screen/latency.py: KEYS label keys, each
#     timed from the key to the next item fully drawn;
#   - `opine agreement` as a whole command (process start to exit).
# Runs its own throwaway server (scripts/with-postgres.sh).
# Usage: Benchmarks/server/latency.sh [ITEMS=1000000] [LABELLED=400000] [KEYS=500] [RUNS=3]
#   PROJECT_DIR: build the SQLite project there and reuse it (default: temporary).
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ -z "${OPINE_TEST_POSTGRES_URL:-}" ]; then exec scripts/with-postgres.sh "$0" "$@"; fi
items="${1:-1000000}"
labelled="${2:-400000}"
keys="${3:-500}"
runs="${4:-3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
project="${PROJECT_DIR:-$work/project}"
python3 -c 'import pyte' 2>/dev/null || pip install --quiet pyte
swift build -c release --product opine >/dev/null
opine="$PWD/.build/release/opine"
python3 Benchmarks/machine.py start
echo "code: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- Sources || echo ', Sources differ from HEAD')"

if [ ! -f "$project/opine.db" ]; then
  rm -rf "$project"
  "$opine" init "$project" --lead lea >/dev/null
  sed -i 's/^retrain_every = .*/retrain_every = 0/' "$project/opine.toml"
  for name in ana ben kay; do printf '\n[[annotators]]\nname = "%s"\nrole = "annotator"\n' "$name" >> "$project/opine.toml"; done
  python3 Benchmarks/import/make_rows.py "$items" "$work/rows.csv"
  python3 - "$work/rows.csv" "$work" "$labelled" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))[1:int(sys.argv[3]) + 1]
labels = ["negative", "neutral", "positive"]
for name, shift in (("ana", 0), ("ben", 1)):
    with open(f"{sys.argv[2]}/{name}.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "text", "label"])
        for index, row in enumerate(rows):
            writer.writerow([row[0], row[1], labels[(index + shift * (index % 5 == 0)) % 3]])
PY
  "$opine" import "$work/rows.csv" --project "$project" >/dev/null
  for name in ana ben; do "$opine" import "$work/$name.csv" --label label --annotator "$name" --project "$project" >/dev/null; done
fi
echo "project: $("$opine" status --project "$project" --json | python3 -c 'import json,sys; s=json.load(sys.stdin); print(s["items"], "items,", s["labels"], "labels")')"

base="${OPINE_TEST_POSTGRES_URL%/*}"
url="$base/bench_latency"
psql -X -q "$OPINE_TEST_POSTGRES_URL" -c "CREATE DATABASE bench_latency"
start=$(date +%s.%N)
"$opine" db copy "$project/opine.db" "$url" --project "$project" >/dev/null
echo "db copy SQLite → PostgreSQL: $(python3 -c "print(f'{$(date +%s.%N) - $start:.1f}')") s"

whole() { local start; start=$(date +%s.%N); "$@" >/dev/null; python3 -c "print(f'{$(date +%s.%N) - $start:.2f}')"; }
for run in $(seq "$runs"); do
  echo "== run $run"
  echo "agreement: SQLite $(whole "$opine" agreement --project "$project" --json) s   PostgreSQL $(whole "$opine" agreement --project "$project" --database "$url" --json) s"
  # kay's labels from the last run stay in each store (the queue passes them), like a second sitting.
  echo -n "screen on SQLite:     "; python3 Benchmarks/screen/latency.py "$opine" "$project" kay "$keys" "$work/sqlite$run.json"
  echo -n "screen on PostgreSQL: "; OPINE_DATABASE_URL="$url" python3 Benchmarks/screen/latency.py "$opine" "$project" kay "$keys" "$work/pg$run.json"
done
python3 Benchmarks/machine.py end
