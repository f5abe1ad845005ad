#!/usr/bin/env bash
# Lexicon benchmark (issue 6): LexiconBench (this folder's package, the Lexicons target by
# symlink) side by side with the reference vaderSentiment (reference.py):
#   - hints for a 60-word text (goal < 0.2 ms) and 100,000 texts scored (goal < 2 s);
#   - accuracy of the rule-based label on SST-2 test with the team's English lexicon
#     (lexicons/en), with VADER's lexicon imported over it, with Opine's VADER dialect, and
#     with vaderSentiment itself; 3-way (±0.05, neutral counted wrong) and by sign.
# Usage: Benchmarks/lexicons/run.sh [TEXTS]     SST2_DIR defaults to /work/shared/data/sst2.
set -euo pipefail
cd "$(dirname "$0")"
texts="${1:-100000}"
sst2="${SST2_DIR:-/work/shared/data/sst2}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 ../machine.py start
echo "swift: $(swift --version 2>/dev/null | head -1)"
vader="$(python3 -c 'import vaderSentiment, os; print(os.path.dirname(vaderSentiment.__file__))')" \
  || { echo "vaderSentiment is not installed: pip install vaderSentiment" >&2; exit 1; }
nice -n 10 swift build -c release --scratch-path .build-bench >/dev/null
echo "code: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- ../../Sources/Lexicons ../../lexicons || echo ', Sources/Lexicons or lexicons/ differ from HEAD')"
echo

echo "command: LexiconBench --lexicons lexicons --vader $vader --sst2 $sst2 --texts $texts"
.build-bench/release/LexiconBench --lexicons ../../lexicons --vader "$vader" --sst2 "$sst2" --texts "$texts" --json "$work/opine.json"
echo
python3 ../machine.py "the reference's start"
echo "command: python3 reference.py $sst2 --texts $texts"
python3 reference.py "$sst2" --opine-json "$work/opine.json" --texts "$texts"
python3 ../machine.py end
