#!/usr/bin/env bash
# Fill DIR with every pinned dependency as a wheel (Pagefind's binary, the build backend and the
# optional ProperDocs included) for every machine the office's servers are (scripts/targets.sh:
# Python 3.11.2 to 3.13, x86_64 and aarch64), on any connected machine. Carry DIR to the offline
# machines and run
#   BULLETIN_WHEELS=DIR bash scripts/setup.sh
# pip checks every file against its hash in requirements.txt, here and again at install.
# BULLETIN_TARGETS="3.11.2 x86_64 2_28" (one target a line) fills it for fewer machines.
set -euo pipefail
if [ $# -ne 1 ]; then
  echo "用法：bash scripts/wheelhouse.sh 目录" >&2
  exit 2
fi
mkdir -p "$1"
dir=$(cd "$1" && pwd)
cd "$(dirname "$0")/.."
source scripts/targets.sh
pip=$(download_pip)
while read -r version machine glibc; do
  [ -n "$version" ] || continue
  mapfile -t options < <(target_options "$version" "$machine" "$glibc")
  "$pip" -m pip download -q --no-deps --require-hashes "${options[@]}" \
    -r requirements.txt -r requirements-properdocs.txt -d "$dir" </dev/null
done < <(if [ -n "${BULLETIN_TARGETS:-}" ]; then echo "$BULLETIN_TARGETS"; else targets; fi)
echo "已下载到 $dir：$(ls "$dir" | wc -l) 个文件。离线安装：BULLETIN_WHEELS=$dir bash scripts/setup.sh"
