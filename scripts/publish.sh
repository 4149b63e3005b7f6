#!/usr/bin/env bash
# Publish this checkout's content: what CI runs on merge, and what any other CI (Jenkins, Gitea
# Actions) or a cron job can call. Check, build, verify, then swap the release in atomically.
#
#   BULLETIN_WEBROOT      web root; nginx serves $BULLETIN_WEBROOT/current          (required)
#   BULLETIN_SITE_URL     the address readers use, e.g. https://bulletin.intranet/bulletin/  (required)
#   BULLETIN_KEEP         releases to keep (default 5)
#   BULLETIN_CONTENT      content folder (default content)
#   BULLETIN_WHEELS       wheel folder: install with no index (scripts/wheelhouse.sh fills it)
#   BULLETIN_RECORD_PUSH  optional, a git remote (name or URL): commit content/published.lock and push
#                         it to BULLETIN_RECORD_BRANCH (default: $CI_COMMIT_BRANCH, else main)
#
# The record of what was published lives in the served release (WEBROOT/current/.bulletin-record.yml)
# and publish checks against it, so nothing depends on the push: a refused push (a protected
# branch, a merge race) is a warning, never a failed job after a deploy that succeeded.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${BULLETIN_WEBROOT:?请设置 BULLETIN_WEBROOT（发布目录，nginx 服务其中的 current）}"
: "${BULLETIN_SITE_URL:?请设置 BULLETIN_SITE_URL（读者访问的地址，如 https://bulletin.intranet/bulletin/）}"
content=${BULLETIN_CONTENT:-content}

bash scripts/runner-check.sh
bash scripts/setup.sh
.venv/bin/bulletin publish --content "$content" --to "$BULLETIN_WEBROOT" \
  --site-url "$BULLETIN_SITE_URL" --keep "${BULLETIN_KEEP:-5}"

record="$content/published.lock"
if [ -n "${BULLETIN_RECORD_PUSH:-}" ] && [ -n "$(git status --porcelain -- "$record")" ]; then
  git add -- "$record"
  git -c user.name="${GIT_AUTHOR_NAME:-bulletin-ci}" -c user.email="${GIT_AUTHOR_EMAIL:-bulletin-ci@localhost}" \
    commit -q -m "发布记录 $(date -u +%Y-%m-%dT%H:%M:%SZ) [skip ci]" -- "$record"
  if git push -q "$BULLETIN_RECORD_PUSH" "HEAD:${BULLETIN_RECORD_BRANCH:-${CI_COMMIT_BRANCH:-main}}"; then
    echo "发布记录已提交并推送。"
  else
    echo "注意：网站已发布，发布记录已写入正在服务的版本（$BULLETIN_WEBROOT/current/.bulletin-record.yml），" \
         "但未能推送到版本库（受保护分支或合并冲突）。可从本次作业的产物下载 $record 提交；不提交也不会丢失记录。" >&2
  fi
elif [ -n "$(git status --porcelain -- "$record" 2>/dev/null || true)" ]; then
  echo "发布记录 $record 已更新：请提交到版本库（或设置 BULLETIN_RECORD_PUSH 由 CI 自动提交）。"
fi
