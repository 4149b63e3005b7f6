#!/usr/bin/env bash
# Install the project and its pinned dependencies into .venv/ (idempotent).
# Exactly the files in requirements.txt, each checked against its hash. Offline:
#   BULLETIN_WHEELS=/path/to/wheels bash scripts/setup.sh
# installs from that folder only, never reaching an index (fill it with scripts/wheelhouse.sh).
# BULLETIN_GENERATOR=properdocs (or the argument `properdocs`) also installs ProperDocs
# (requirements-properdocs.txt), which `bulletin build` then prefers; MkDocs stays installed
# either way, as Material requires it.
set -euo pipefail
cd "$(dirname "$0")/.."
requirements=(-r requirements.txt)
case "${BULLETIN_GENERATOR:-}${1:+ $1}" in
  *properdocs*) requirements+=(-r requirements-properdocs.txt) ;;
esac
# A Python too old or without venv is told in Chinese what to install, before pip says it in English.
if [ ! -x .venv/bin/python ]; then
  bash scripts/runner-check.sh --install
  python3 -m venv .venv
fi
source=()
if [ -n "${BULLETIN_WHEELS:-}" ]; then
  source=(--no-index --find-links "$BULLETIN_WHEELS")
fi
.venv/bin/python -m pip install -q "${source[@]}" --require-hashes --no-deps --only-binary=:all: "${requirements[@]}"
# The project itself, from this folder: its dependencies are all above, and setuptools (pinned
# above) builds it in place, so this step needs no index either.
.venv/bin/python -m pip install -q --no-index --no-deps --no-build-isolation -e .
if ! .venv/bin/python -m pip check >/dev/null; then
  .venv/bin/python -m pip check >&2 || true
  echo "requirements.txt 与 pyproject.toml 不一致：改 constraints.txt 后运行 bash scripts/pin.sh" >&2
  exit 1
fi
