#!/usr/bin/env bash
# Import benchmark on a PostgreSQL server (issue 12): 1,000,000 CSV rows into a new project's
# server store with `opine import --database URL`, side by side with psql's `\copy` of the same
# file into a bare table (no ids checked, no splits, no hashes, no indexes: the floor for
# getting those bytes into PostgreSQL). Runs its own throwaway server (scripts/with-postgres.sh).
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
  echo "run $run: opine import ${opine_s}s ($stored items)   psql \\copy ${copy_s}s   ratio $(python3 -c "print(f'{$opine_s / $copy_s:.1f}')")×"
done
python3 Benchmarks/machine.py end
