#!/usr/bin/env bash
# What a runner needs to build and publish this site, checked before anything is built or
# deployed, each missing piece named with the Debian package that brings it (from the office's
# Debian mirror: docs/publishing.md). Only what the build and publish use:
#   python3 >= 3.11 and python3-venv   the install (scripts/setup.sh) and every command
#   git                                the checkout (the merge request's summary, the record's push)
#   fonts-noto-cjk                     Chinese glyphs for the PDFs, which Typst (a wheel) typesets from
#                                      the fonts in /usr/share/fonts (BULLETIN_PDF=off: no PDFs, no fonts)
# Chromium is not among them: only the product's browser tests use it (scripts/test.sh installs it).
# --install: only what the install needs (Python and python3-venv), as scripts/setup.sh asks.
set -euo pipefail
only_install=${1:-}
python=python3
if ! command -v "$python" >/dev/null; then
  echo "此机器没有 Python 3（需要 3.11 或更高版本）。请从本机关的 Debian 镜像安装：sudo apt-get install python3 python3-venv" >&2
  exit 1
fi
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  version=$("$python" -c 'import platform; print(platform.python_version())' 2>/dev/null || echo 未知版本)
  echo "此机器的 Python 是 $version，本系统需要 3.11 或更高版本（Debian 12 自带的 3.11.2 即可）：请升级到 Debian 12 或更新的系统，或从镜像安装 python3.11。未生成、未发布任何内容。" >&2
  exit 1
fi
missing=()
"$python" -c "import venv, ensurepip" 2>/dev/null || missing+=(python3-venv)
[ "$only_install" = --install ] || command -v git >/dev/null || missing+=(git)
if [ "$only_install" != --install ] && [ "${BULLETIN_PDF:-on}" != "off" ]; then
  fonts=$(find /usr/share/fonts /usr/local/share/fonts -iname 'NotoSerifCJK*' 2>/dev/null | head -1)
  [ -n "$fonts" ] || missing+=(fonts-noto-cjk)
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "此机器缺少生成和发布网站所需的软件包：${missing[*]}。未生成、未发布任何内容。" >&2
  echo "请从本机关的 Debian 镜像安装：sudo apt-get install ${missing[*]}（离线安装见 docs/publishing.md）。" >&2
  exit 1
fi
