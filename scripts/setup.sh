#!/usr/bin/env bash
# Install the project and its pinned dependencies into .venv/ (idempotent).
# Offline: BULLETIN_WHEELS=/path/to/wheels bash scripts/setup.sh installs from that folder only
# (fill it on a connected machine with: pip download -c constraints.txt -d wheels '.[test,properdocs]' setuptools).
# BULLETIN_GENERATOR=properdocs (or the argument `properdocs`) also installs ProperDocs, which
# `bulletin build` then prefers; MkDocs stays installed either way, as Material requires it.
set -euo pipefail
cd "$(dirname "$0")/.."
extras=test
case "${BULLETIN_GENERATOR:-}${1:+ $1}" in
  *properdocs*) extras=test,properdocs ;;
esac
python3 -m venv .venv
pip_args=(-q -c constraints.txt -e ".[$extras]")
if [ -n "${BULLETIN_WHEELS:-}" ]; then
  pip_args=(--no-index --find-links "$BULLETIN_WHEELS" "${pip_args[@]}")
fi
.venv/bin/python -m pip install "${pip_args[@]}"
