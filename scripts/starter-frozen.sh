#!/usr/bin/env bash
# The product's starter content never changes after a release: content/ must be exactly the files
# tests/starter-content.sha256 lists, with those bytes. Offices replace content/ with their own
# archive and merge each release; a release that edited the starter would reach into their files
# (modify/delete conflicts, or git's rename detection carrying the edit into an office's item).
# The product's own CI runs this (.ci/run); an office's CI (.gitlab-ci.yml) never does, as its
# content/ is its own. Product tests build from tests/fixtures/, which may change freely.
set -euo pipefail
cd "$(dirname "$0")/.."
manifest=tests/starter-content.sha256
listed=$(cut -d' ' -f3- "$manifest" | sort)
present=$(find content -type f | LC_ALL=C sort)
changed=$(sha256sum --check --quiet --ignore-missing "$manifest" 2>/dev/null | sed 's/: [^:]*$//' || true)
added=$(comm -13 <(echo "$listed") <(echo "$present"))
removed=$(comm -23 <(echo "$listed") <(echo "$present"))
if [ -n "$changed$added$removed" ]; then
  echo "起始内容（content/）在发布后不得修改：各机关已用自己的内容替换它，产品的改动会进入他们的文件。" >&2
  for kind in 已修改 新增 删除; do
    case $kind in 已修改) paths=$changed ;; 新增) paths=$added ;; 删除) paths=$removed ;; esac
    [ -z "$paths" ] || sed "s/^/  $kind：/" <<<"$paths" >&2
  done
  echo "请撤销这些改动；测试用的示例内容在 tests/fixtures/sample/，可以自由修改。" >&2
  exit 1
fi
echo "起始内容未改动（$(echo "$listed" | wc -l) 个文件）。"
