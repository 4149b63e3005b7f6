"""What the masthead and colophon lines say: numbers and dates as printed, in Arabic or Chinese
numerals (第十二期, 二〇一九年三月五日), full-width or half-width, with or without spaces."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
           "七": 7, "八": 8, "九": 9}
_CN = "〇零○一二三四五六七八九十百两"
NUMBER = rf"(\d+|[{_CN}]+)"
_DATE = re.compile(rf"(\d{{4}}|[{_CN}]{{4}})年{NUMBER}月{NUMBER}日")
_DOTTED_DATE = re.compile(r"(?<!\d)(\d{4})[.\-/](\d{1,2})[.\-/](\d{1,2})(?!\d)")
_TOTAL = re.compile(rf"总第{NUMBER}期")
_NUMBER = re.compile(rf"(?<!总)第{NUMBER}期")
RULE_CHARS = set("-—–━─═_=·•*★☆◆◇■□●○▲△※~～ 　\t")
DISTRIBUTION = re.compile(r"^\s*(报|送|发|抄送|抄报|主送|分送)\s*[:：]\s*(.+?)\s*$")
_COPIES_WORDS = re.compile(r"印数|共印\s*\S+\s*份")


def plain(text: str) -> str:
    """For matching: NFKC (full-width digits, colons, brackets to ASCII) without any space."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def is_rule(text: str) -> bool:
    """A line drawn with characters (━━━, ——), or nothing at all."""
    return all(ch in RULE_CHARS for ch in text)


def number(text: str) -> int | None:
    """12, "12", "十二", "一百零五", "二〇一九" (digit by digit); None when it is no number."""
    if text.isdigit():
        return int(text)
    if not text or any(ch not in _DIGITS and ch not in "十百" for ch in text):
        return None
    if "十" not in text and "百" not in text:
        return int("".join(str(_DIGITS[ch]) for ch in text))
    total, current = 0, 0
    for ch in text:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = _DIGITS[ch]
    return total + current


def dates(text: str) -> list[date]:
    """Every valid date on the line, in order."""
    found = []
    line = plain(text)
    for year, month, day in [*_DATE.findall(line), *_DOTTED_DATE.findall(line)]:
        try:
            found.append(date(number(year), number(month), number(day)))
        except (TypeError, ValueError):
            continue
    return found


def issue_numbers(text: str) -> list[int]:
    """第N期 on the line (总第M期 excluded)."""
    return [n for n in map(number, _NUMBER.findall(plain(text))) if n]


def totals(text: str) -> list[int]:
    return [n for n in map(number, _TOTAL.findall(plain(text))) if n]


def strip_numbers_and_dates(line: str) -> str:
    """The plain line without its 第N期, 总第M期 and dates: what is left says whether it is masthead."""
    for pattern in (_TOTAL, _NUMBER, _DATE, _DOTTED_DATE):
        line = pattern.sub("", line)
    return line


def colophon_word(text: str) -> bool:
    """A line only a colophon (版记) prints: 报：/送：/发：…, 印发, 印数."""
    return bool(DISTRIBUTION.match(text) or _COPIES_WORDS.search(text) or ("印发" in text and dates(text)))
