"""Which static-site generator builds the site, and whether the site it built is complete.

ProperDocs, the maintained fork of MkDocs, runs the same mkdocs.yml, hooks and Material theme, so
it is preferred when installed; MkDocs otherwise; BULLETIN_GENERATOR chooses. Both run as a child
process (`python -m NAME`), so the domain package never imports either.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from pathlib import Path

ENV = "BULLETIN_GENERATOR"
NAMES = ("properdocs", "mkdocs")  # in order of preference


class GeneratorError(Exception):
    """BULLETIN_GENERATOR names no known generator, or the one wanted is not installed."""


def choose() -> str:
    """The generator's module name: BULLETIN_GENERATOR if set, else the first one installed."""
    chosen = os.environ.get(ENV, "").strip().lower()
    if chosen and chosen not in NAMES:
        raise GeneratorError(f"{ENV}={chosen}：只支持 {' 或 '.join(NAMES)}")
    for name in [chosen] if chosen else NAMES:
        if importlib.util.find_spec(name) is not None:
            return name
    missing = chosen or " 或 ".join(NAMES)
    raise GeneratorError(f"没有安装网站生成器 {missing}；安装：{ENV}={chosen or 'mkdocs'} bash scripts/setup.sh")


def command(*words: str) -> list[str]:
    return [sys.executable, "-m", choose(), *words]


def missing_pages(plan: Path, site: Path) -> str | None:
    """Why the built site is short of the planned files, or None when every one is there.

    A generator that ignores the hooks (Zensical does) exits 0 with a near-empty site; checking
    here, outside the hooks, is what keeps such a site from ever replacing a good one.
    """
    if not plan.is_file():
        return "生成器没有运行本项目的 hooks（mkdocs.yml 的 hooks:），网站缺少全部刊物和稿件页面。"
    planned = json.loads(plan.read_text(encoding="utf-8"))
    missing = [path for path in planned if not (site / path).is_file()]
    if missing:
        return f"网站只有计划页面 {len(planned)} 个中的 {len(planned) - len(missing)} 个，缺少如 {missing[0]}。"
    return None
