#!/usr/bin/env bash
# Installs what Opine needs to build, run and test, once: Debian packages, the default
# encoder in the model cache, and the Python packages the tests read reference files from.
# Idempotent; uses sudo only when not already root.
set -euo pipefail

sudo_cmd=""
if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi

packages=(libncursesw5-dev libsqlite3-dev libopenblas-dev pkg-config tmux sqlite3 chromium-headless-shell postgresql)
# pip may already come with the system's Python; only ask apt for it when there is none.
if ! command -v pip3 >/dev/null 2>&1 && ! python3 -m pip --version >/dev/null 2>&1; then
  packages+=(python3-pip)
fi
missing=()
for package in "${packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi

"$(dirname "$0")/fetch-model.sh"

# Reference lexicons read by the tests (the VADER and AFINN importers are tested on the real
# files, which ship inside these PyPI packages). Never needed at run time.
if ! python3 -c "import vaderSentiment, afinn" >/dev/null 2>&1; then
  echo "setup: installing vaderSentiment and afinn (test reference lexicons)"
  python3 -m pip install --quiet --disable-pip-version-check vaderSentiment afinn
fi
