#!/usr/bin/env bash
# Builds the demo project's database: its items, then the earlier round of three annotators.
set -euo pipefail
opine="$(realpath "$1")"
cd "$2"
"$opine" import items.csv
for annotator in ana ben chloe; do
  "$opine" import "round1/$annotator.csv" --label label --flags flags --annotator "$annotator"
done
