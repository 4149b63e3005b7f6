#!/usr/bin/env bash
# What a runner needs to build this site, checked before anything is built or deployed, with the
# package to install when it is missing (from the office's Debian mirror: docs/publishing.md).
#   python3 and python3-venv   the install (scripts/setup.sh)
#   chromium                   prints each issue's PDF (BULLETIN_CHROMIUM: another path; BULLETIN_PDF=off: no PDFs)
#   fonts-noto-cjk             Chinese glyphs in those PDFs
#   git                        the checkout (and, optionally, committing the record back)
set -euo pipefail
missing=()
command -v python3 >/dev/null || missing+=(python3)
python3 -c "import venv, ensurepip" 2>/dev/null || missing+=(python3-venv)
command -v git >/dev/null || missing+=(git)
if [ "${BULLETIN_PDF:-on}" != "off" ]; then
  [ -x "${BULLETIN_CHROMIUM:-/usr/bin/chromium}" ] || missing+=(chromium)
  fc-list :lang=zh family 2>/dev/null | grep -q . || missing+=(fonts-noto-cjk)
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "此机器缺少生成网站所需的软件包：${missing[*]}。未生成、未发布任何内容。" >&2
  echo "请从本机关的 Debian 镜像安装：sudo apt-get install ${missing[*]}（离线安装见 docs/publishing.md）。" >&2
  exit 1
fi
