"""A command's arguments as data: each an adder of itself to the command's parser, so that the command
table (bulletin/cli/__init__.py) lists every command's arguments beside its handler, and the
arguments several commands take (a date, the build cache) are declared once."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Callable

Adder = Callable[[argparse.ArgumentParser], object]

# argparse's own words around our Chinese help and errors, as Python 3.11 to 3.13 write them: it
# looks each up through gettext in its module, so they are answered here (anything not listed stays).
_ARGPARSE_CHINESE = {
    "usage: ": "用法：",
    "options": "选项",
    "positional arguments": "位置参数",
    "show this help message and exit": "显示此帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项：%(value)r（可选：%(choices)s）",
    "expected one argument": "需要给出一个值",
    "expected at least one argument": "至少需要给出一个值",
    "expected at most one argument": "至多给出一个值",
    "expected %s argument": "需要给出 %s 个值",
    "expected %s arguments": "需要给出 %s 个值",
    "ignored explicit argument %r": "不接受值 %r",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "参数 %s 须给出其中一个",
    "invalid %(type)s value: %(value)r": "无效的值：%(value)r",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是：%(matches)s",
}


def speak_chinese() -> None:
    """argparse's usage line, section titles, built-in help and errors in Chinese."""
    argparse._ = lambda message: _ARGPARSE_CHINESE.get(message, message)
    argparse.ngettext = lambda singular, plural, n: _ARGPARSE_CHINESE.get(singular if n == 1 else plural,
                                                                          singular if n == 1 else plural)


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
