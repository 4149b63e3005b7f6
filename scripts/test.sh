#!/usr/bin/env bash
# Set up and run every test. Extra arguments go to pytest.
# Browser tests use Debian's chromium (never a downloaded browser build), CJK fonts so that pages
# and PDFs show Chinese, poppler-utils to read printed PDFs, and axe-core from npm.
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
for pkg in chromium fonts-noto-cjk poppler-utils; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=$([ "$(id -u)" -eq 0 ] && echo "" || echo sudo)
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
[ -f node_modules/axe-core/axe.min.js ] || npm ci --no-audit --no-fund --silent
bash scripts/setup.sh properdocs   # the tests build the sample with both ProperDocs and MkDocs
exec .venv/bin/python -m pytest "$@"
