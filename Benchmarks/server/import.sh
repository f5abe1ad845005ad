#!/usr/bin/env bash
# Import benchmark on a PostgreSQL server (issue 12): 1,000,000 CSV rows into a new project's
# server store with `opine import --database URL`, side by side with psql's `\copy`
#   - of the same file into a bare table (no ids checked, no splits, no hashes, no indexes: the
#     floor for getting those bytes into PostgreSQL), and
#   - of the same rows as the item table holds them (ids, text, lang, metadata JSON, split, the
#     two hashes, the import time; written by a script beforehand, not timed) into a copy of the
#     item table with its rules (`LIKE item INCLUDING ALL`: the unique id, the checks, the
#     indexes): what the server itself needs to keep the store's rules, before any client work.
# Runs its own throwaway server (scripts/with-postgres.sh).
# Usage: Benchmarks/server/import.sh [ROWS] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ -z "${OPINE_TEST_POSTGRES_URL:-}" ]; then exec scripts/with-postgres.sh "$0" "$@"; fi
rows="${1:-1000000}"
runs="${2:-3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
swift build -c release --product opine >/dev/null
opine="$PWD/.build/release/opine"
python3 Benchmarks/import/make_rows.py "$rows" "$work/rows.csv"
python3 - "$work/rows.csv" "$work/items.csv" <<'PY'
import csv, json, sys
reader = csv.reader(open(sys.argv[1], encoding="utf-8"))
next(reader)
with open(sys.argv[2], "w", newline="", encoding="utf-8") as handle:
    writer = csv.writer(handle)
    for n, (id_, text, lang, source, channel) in enumerate(reader):
        metadata = json.dumps({"channel": channel, "source": source}, separators=(",", ":"))
        writer.writerow([id_, text, lang, metadata, ("train", "dev", "test")[n % 10 // 8 + (n % 10 == 9)],
                         (n * 0x9E3779B97F4A7C15) % (1 << 63), (n * 0xBF58476D1CE4E5B9) % (1 << 63), "2026-12-07 00:00:00+00"])
PY
python3 Benchmarks/machine.py start
echo "file: $rows rows, $(du -h "$work/rows.csv" | cut -f1); server: $OPINE_TEST_POSTGRES_URL"
base="${OPINE_TEST_POSTGRES_URL%/*}"
seconds() { local start end; start=$(date +%s.%N); "$@" >/dev/null; end=$(date +%s.%N); python3 -c "print(f'{$end - $start:.2f}')"; }
for run in $(seq "$runs"); do
  psql -X -q "$OPINE_TEST_POSTGRES_URL" -c "CREATE DATABASE bench_opine_$run" -c "CREATE DATABASE bench_bare_$run"
  rm -rf "$work/project"
  "$opine" init "$work/project" --lead bench >/dev/null
  opine_s=$(seconds "$opine" import "$work/rows.csv" --project "$work/project" --database "$base/bench_opine_$run")
  psql -X -q "$base/bench_bare_$run" -c "CREATE TABLE t (id text, text text, lang text, source text, channel text)"
  copy_s=$(seconds psql -X -q "$base/bench_bare_$run" -c "\\copy t FROM '$work/rows.csv' WITH (FORMAT csv, HEADER true)")
  stored=$(psql -X -A -t "$base/bench_opine_$run" -c "SELECT count(*) FROM item")
  psql -X -q "$base/bench_opine_$run" -c "CREATE TABLE rules (LIKE item INCLUDING ALL)"
  rules_s=$(seconds psql -X -q "$base/bench_opine_$run" -c "\\copy rules(external_id, text, lang, metadata, split, id_hash, text_hash, imported_at) FROM '$work/items.csv' WITH (FORMAT csv)")
  echo "run $run: opine import ${opine_s}s ($stored items)   psql \\copy: bare table ${copy_s}s, item table's rules ${rules_s}s" \
       "  ratio to bare $(python3 -c "print(f'{$opine_s / $copy_s:.1f}')")×, to the rules $(python3 -c "print(f'{$opine_s / $rules_s:.1f}')")×"
done
python3 Benchmarks/machine.py end
