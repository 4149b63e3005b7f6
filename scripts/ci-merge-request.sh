#!/usr/bin/env bash
# What CI runs on every merge request: check the office's content, build the site from it and
# verify the site exactly as `bulletin publish` would before serving it. A merge request that
# passes here publishes on merge. Run it by hand before opening one, after bash scripts/setup.sh.
#
#   BULLETIN_CONTENT  content folder (default content)
#   BULLETIN_REVIEW   the reviewer's folder (default review/; the job's artifact): summary.md the
#                     issues and items the merge request adds or changes and the corrections, site/
#                     those pages (they open from disk), pdf/ the PDFs of new or changed issues
#   BULLETIN_SITE     where the whole site is built (default site/; kept out of the artifact)
#
# The summary compares with the merge request's target: GitLab's $CI_MERGE_REQUEST_DIFF_BASE_SHA,
# else BULLETIN_REVIEW_BASE (a commit or branch), else the merge base with origin's default branch
# when there is one. Nothing needs committing for it to be right.
#
# The site is built without --site-url: its links are relative, so the reviewer can open its pages
# from the job's artifacts (or any folder) and it still verifies like the published one. The build
# reuses .cache/ (kept between merge requests by .gitlab-ci.yml's cache:).
set -euo pipefail
cd "$(dirname "$0")/.."
# The published address (a CI variable of every job) is publish's: the reviewer's pages stay relative.
unset BULLETIN_SITE_URL
content=${BULLETIN_CONTENT:-content}
review=${BULLETIN_REVIEW:-review}
site=${BULLETIN_SITE:-site}

base=${CI_MERGE_REQUEST_DIFF_BASE_SHA:-${BULLETIN_REVIEW_BASE:-}}
if [ -z "$base" ] && default=$(git symbolic-ref -q --short refs/remotes/origin/HEAD 2>/dev/null); then
  base=$(git merge-base HEAD "$default" 2>/dev/null || true)
fi

bash scripts/runner-check.sh
.venv/bin/bulletin check --content "$content"
.venv/bin/bulletin build --content "$content" --out "$site"
.venv/bin/bulletin verify --content "$content" --site "$site"
.venv/bin/bulletin review --content "$content" --site "$site" --out "$review" ${base:+--against "$base"}
