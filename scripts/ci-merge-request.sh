#!/usr/bin/env bash
# What CI runs on every merge request: check the office's content, build the site from it and
# verify the site exactly as `bulletin publish` would before serving it. A merge request that
# passes here publishes on merge. Run it by hand before opening one, after bash scripts/setup.sh.
#
#   BULLETIN_CONTENT  content folder (default content)
#   BULLETIN_REVIEW   the reviewer's folder (default review/; the job's artifact): site/ the built
#                     site, summary.md the issues and items added or changed and the corrections
#                     (against content/published.lock), pdf/ the PDFs of new or changed issues
#
# The site is built without --site-url: its links are relative, so the reviewer can open it from
# the job's artifacts (or any folder) and it still verifies like the published one.
set -euo pipefail
cd "$(dirname "$0")/.."
content=${BULLETIN_CONTENT:-content}
review=${BULLETIN_REVIEW:-review}
site=$review/site

bash scripts/runner-check.sh
.venv/bin/bulletin check --content "$content"
.venv/bin/bulletin build --content "$content" --out "$site"
.venv/bin/bulletin verify --content "$content" --site "$site"
.venv/bin/bulletin review --content "$content" --site "$site" --out "$review"
