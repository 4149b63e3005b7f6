#!/usr/bin/env bash
# Set up and run the tests. Extra arguments go to pytest.
#   bash scripts/test.sh          every test (what .ci/run runs)
#   bash scripts/test.sh --fast   the fast lane, for a developer's loop and merge requests: under
#                                 3 minutes on 2 cores. It leaves out the tests marked slow (-m "not
#                                 slow": the installs, the 1,000-case fuzz, the adoption run, the
#                                 search-quality sweep, the benchmark script's smoke run, most
#                                 incremental-build and kill cases, the desktop size of the task
#                                 walkthroughs) and runs 150 structured fuzz cases, not 500; every
#                                 module of the product is still exercised.
# Both run on every core (pytest-xdist, -n auto), each test file whole on one worker (--dist
# loadfile: its module fixtures are built once), the files with slow or long tests handed out
# first (tests/conftest.py). Add -n 0 for one process, or name a file: tests/test_site.py.
# nginx and openssl: the deploy sample is loaded and served by the tests.
# Browser tests use Debian's chromium (never a downloaded browser build), CJK fonts so that pages
# and PDFs show Chinese, poppler-utils to read printed PDFs, and axe-core from npm.
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
for pkg in chromium fonts-noto-cjk poppler-utils nginx openssl libreoffice-writer-nogui; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=$([ "$(id -u)" -eq 0 ] && echo "" || echo sudo)
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
[ -f node_modules/axe-core/axe.min.js ] || npm ci --no-audit --no-fund --silent
bash scripts/setup.sh properdocs   # the tests build the sample with both ProperDocs and MkDocs
lane=()
if [ "${1:-}" = "--fast" ]; then
  shift
  lane=(-m "not slow")
  export BULLETIN_FUZZ_STRUCT_CASES="${BULLETIN_FUZZ_STRUCT_CASES:-150}"   # the full suite's 500 in .ci/run
fi
exec .venv/bin/python -m pytest -n auto --dist loadfile --no-loadscope-reorder "${lane[@]}" "$@"
