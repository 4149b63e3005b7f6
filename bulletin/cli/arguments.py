"""A command's arguments as data: each an adder of itself to the command's parser, so that the command
table (bulletin/cli/__init__.py) lists every command's arguments beside its handler, and the
arguments several commands take (a date, the build cache) are declared once."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Callable

Adder = Callable[[argparse.ArgumentParser], object]


def arg(*flags: str, **options) -> Adder:
    """An argument as argparse's add_argument takes it."""
    return lambda parser: parser.add_argument(*flags, **options)


def one_of(*arguments: Adder) -> Adder:
    """Arguments of which a command takes one at most (stats: --month or --quarter)."""
    def add(parser: argparse.ArgumentParser) -> None:
        group = parser.add_mutually_exclusive_group()
        for argument in arguments:
            argument(group)
    return add


def day(text: str) -> date:
    """A date given on the command line, YYYY-MM-DD; anything else is refused with a message, never a traceback."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是日期，请写作 YYYY-MM-DD，如 2026-11-25") from None


def positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是整数") from None
    if value < 1:
        raise argparse.ArgumentTypeError("至少为 1")
    return value


def date_argument(help_text: str) -> Adder:
    """--date, read by the one date parser above whatever the command."""
    return arg("--date", type=day, default=None, metavar="YYYY-MM-DD", help=help_text)


JUDGED_ON = date_argument("统计日期：约稿是否到期、定额统计到哪个月，都按这一天判断（默认与生成网站相同：SOURCE_DATE_EPOCH，否则今天）")

# The incremental build's cache (rendered pages, search bundles, PDFs), kept outside the site.
CACHE = (arg("--cache", type=Path, metavar="DIR", help="增量生成的缓存目录（默认 mkdocs.yml 旁的 .cache/；publish 默认 WEBROOT/.cache/）"),
         arg("--clean", action="store_true", help="不用任何缓存，从头完整生成"))
