"""Word text as Markdown that prints as typed: bold runs as **…**, Markdown's own characters escaped."""

from __future__ import annotations

import re
import unicodedata

# Markdown's own characters in Word text are escaped, so “*注*” or “a_b” print as typed; `<` is
# not escapable in Python-Markdown, so it becomes an entity; `|` is escaped in table cells only.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]])")
# Python-Markdown takes “#标题” and “>引文” without a space; “- ”, “+ ” and “1. ” need one
_LINE_START_SPECIAL = re.compile(r"^(\s*)([#>]|[+-](?=\s|$)|\d+(?=[.)](?:\s|$)))")


def escape(text: str) -> str:
    """Markdown's characters within a line, escaped (a line's start is `line_markdown`'s)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text.replace("<", "&lt;"))


def line_markdown(runs: list[tuple[str, bool]]) -> str:
    """Runs of one line as Markdown: neighbouring runs of the same weight joined, bold as **…**."""
    merged: list[list] = []
    for piece, bold in runs:
        if merged and merged[-1][1] == bold:
            merged[-1][0] += piece
        else:
            merged.append([piece, bold])
    out = []
    for piece, bold in merged:
        if bold and _strip_punctuation(piece)[1]:
            # ** may not have a space or punctuation on its inner side next to a letter outside
            # (“**总体情况：**据” stays as typed): those go outside, “**总体情况**：据”, ““**三项**””
            lead, core, trail = _strip_punctuation(piece)
            out.append(f"{escape(lead)}**{escape(core)}**{escape(trail)}")
        else:
            out.append(escape(piece))
    # a line that starts like a heading, quote or list ("1. ", "- ") is text in Word, so it is escaped
    return _LINE_START_SPECIAL.sub(_escape_line_start, "".join(out).strip())


def _escape_line_start(match: re.Match) -> str:
    lead, mark = match.group(1), match.group(2)
    return f"{lead}{mark}\\" if mark[0].isdigit() else f"{lead}\\{mark}"   # “1\. ” and “\# ”


def _strip_punctuation(text: str) -> tuple[str, str, str]:
    start, end = 0, len(text)
    while start < end and _outer(text[start]):
        start += 1
    while end > start and _outer(text[end - 1]):
        end -= 1
    return text[:start], text[start:end], text[end:]


def _outer(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch)[0] in "PS"


def unescape(markdown: str) -> str:
    """A line's plain text again: bold marks and escapes taken away."""
    return re.sub(r"\\(.)", r"\1", markdown.replace("**", ""))
