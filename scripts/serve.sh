#!/usr/bin/env bash
# Set up, check the bundled sample bulletin and serve it on http://127.0.0.1:8000/ (Ctrl-C stops).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/bulletin serve --content content "$@"
