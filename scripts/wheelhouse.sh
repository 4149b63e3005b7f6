#!/usr/bin/env bash
# Fill DIR with every pinned dependency as a wheel (Pagefind's binary, the build backend and the
# optional ProperDocs included), on a connected machine of the CI platform. Carry DIR to the offline machine and run
#   BULLETIN_WHEELS=DIR bash scripts/setup.sh
# pip checks every file against its hash in requirements.txt, here and again at install.
set -euo pipefail
if [ $# -ne 1 ]; then
  echo "用法：bash scripts/wheelhouse.sh 目录" >&2
  exit 2
fi
mkdir -p "$1"
dir=$(cd "$1" && pwd)
cd "$(dirname "$0")/.."
python3 -m pip download -q --no-deps --only-binary=:all: --require-hashes -r requirements.txt -r requirements-properdocs.txt -d "$dir"
echo "已下载到 $dir：$(ls "$dir" | wc -l) 个文件。离线安装：BULLETIN_WHEELS=$dir bash scripts/setup.sh"
