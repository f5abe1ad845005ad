#!/usr/bin/env bash
# Import benchmark: 1,000,000 CSV rows into a new project with `opine import`, side by side
# with `sqlite3 .import` of the same file into a bare table (no ids checked, no splits, no
# indexes, no validation: the floor for getting those bytes into SQLite).
# Usage: Benchmarks/import/run.sh [ROWS] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/../.."
rows="${1:-1000000}"
runs="${2:-3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

swift build -c release --product opine >/dev/null
opine="$PWD/.build/release/opine"
python3 Benchmarks/import/make_rows.py "$rows" "$work/rows.csv"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "file: $rows rows, $(du -h "$work/rows.csv" | cut -f1)"

seconds() { local start end; start=$(date +%s.%N); "$@" >/dev/null; end=$(date +%s.%N); python3 -c "print(f'{$end - $start:.2f}')"; }

for run in $(seq "$runs"); do
  rm -rf "$work/project" "$work/bare.db"*
  "$opine" init "$work/project" --lead bench >/dev/null
  sync
  opine_s=$(seconds "$opine" import "$work/rows.csv" --project "$work/project")
  sync
  sqlite_s=$(seconds sqlite3 "$work/bare.db" ".mode csv" ".import $work/rows.csv t")
  echo "run $run: opine import ${opine_s}s   sqlite3 .import ${sqlite_s}s   ratio $(python3 -c "print(f'{$opine_s / $sqlite_s:.1f}')")×"
done
