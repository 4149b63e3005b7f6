#!/usr/bin/env bash
# Install the project and its pinned dependencies into .venv/ (idempotent).
# Offline: BULLETIN_WHEELS=/path/to/wheels bash scripts/setup.sh installs from that folder only
# (fill it on a connected machine with: pip download -c constraints.txt -d wheels '.[test]' setuptools).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
pip_args=(-q -c constraints.txt -e '.[test]')
if [ -n "${BULLETIN_WHEELS:-}" ]; then
  pip_args=(--no-index --find-links "$BULLETIN_WHEELS" "${pip_args[@]}")
fi
.venv/bin/python -m pip install "${pip_args[@]}"
