"""A small declarative schema for hand-edited YAML records.

A record schema maps field names to `Field`s; a field's kind is a function that turns the raw YAML
value into a typed one or raises `Invalid`. `parse_record` reports every problem it finds (unknown
fields with a guess at the intended name, missing required fields, bad values) at the line where the
field stands, and never stops at the first. A field's `checks` look at the value once the whole record
has parsed (duplicates, order, references to the record's other fields): they report what is wrong
and keep the record, so that the rest of the content is still checked against it.
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any, Callable

from bulletin.content.problems import Problems
from bulletin.content.yamltext import LineDict, LineList, source_text

# fullmatch, not match: `$` would let a trailing newline through ("a\n" is not an id)
ID_PATTERN = re.compile(r"[0-9A-Za-z][0-9A-Za-z_-]{0,63}")
DATE_PATTERN = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
LARGEST_POINTS = 10_000  # a State Council instruction scores 100; anything near this is a typo


class Invalid(Exception):
    """A value is wrong; `message` None means it was already reported deeper down."""

    def __init__(self, message: str | None):
        super().__init__(message)
        self.message = message


@dataclass
class At:
    """Where a value stands: the file, the line and the dotted field name."""

    path: Any
    problems: Problems
    field: str
    line: int | None

    def child(self, name: str, line: int | None) -> "At":
        joined = f"{self.field}.{name}" if self.field and not name.startswith("[") else f"{self.field}{name}"
        return At(self.path, self.problems, joined, line or self.line)

    def report(self, message: str) -> None:
        self.problems.add(self.path, self.line, self.field, message)


Kind = Callable[[Any, At], Any]
# (value, the value as written, the record's values, where the field stands): reports, returns nothing
Check = Callable[[Any, Any, dict, At], None]


@dataclass(frozen=True)
class Field:
    kind: Kind
    required: bool = False
    default: Any = None
    checks: tuple[Check, ...] = ()   # run once the record parsed, where the field is written


def attempt(kind: Kind, value: Any, where: At) -> tuple[Any, bool]:
    """Parse one value; a failure is reported where it stands (once) and comes back as (None, False)."""
    try:
        return kind(value, where), True
    except Invalid as exc:
        if exc.message:
            where.report(exc.message)
        return None, False


def parse_record(data: Any, schema: dict[str, Field], at: At) -> tuple[dict, bool]:
    """Return (values, ok); values holds None for every field that failed or is absent."""
    if not isinstance(data, LineDict):
        at.report(_not_a_mapping(data))
        return {}, False
    ok = True
    for key in data:
        if key not in schema:
            guess = difflib.get_close_matches(source_text(key), schema, n=1)
            hint = f"，是否应为“{guess[0]}”？" if guess else f"；可用字段：{', '.join(schema)}"
            at.child(source_text(key), data.line_of(key)).report(f"未知字段{hint}")
            ok = False
    values = {}
    for name, field in schema.items():
        raw = data.get(name)
        if raw is None or raw == "":
            if field.required:
                at.child(name, data.line).report("缺少必填字段")
                ok = False
            values[name] = field.default() if callable(field.default) else field.default
            continue
        values[name], parsed = attempt(field.kind, raw, at.child(name, data.line_of(name)))
        ok &= parsed
    if ok:
        for name, field in schema.items():
            if not field.checks or data.get(name) is None or data.get(name) == "":   # absent: nothing to check
                continue
            where = at.child(name, data.line_of(name))
            for check in field.checks:
                check(values[name], data[name], values, where)
    return values, ok


def _not_a_mapping(value: Any) -> str:
    if isinstance(value, str) and "：" in value:
        return "应为“键: 值”形式的映射；这里用了全角冒号“：”，应为半角冒号加空格“: ”"
    return "应为“键: 值”形式的映射"


def _scalar(value: Any) -> bool:
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)


def text(value, at: At) -> str:
    """Text as typed: a title `010` or `1e3` is that text, never the number YAML would read."""
    if not _scalar(value):
        raise Invalid("应为文字")
    result = source_text(value).strip()
    if not result:
        raise Invalid("不能为空")
    return result


def markdown(value, at: At) -> str:
    if not isinstance(value, str):
        raise Invalid("应为文字（Markdown）")
    return str(value)   # a plain str in the model, whatever the YAML style


def ident(value, at: At) -> str:
    """An id as typed: `0x10` is the id "0x10" (so it differs from a file 16.md), `010` is "010"."""
    if not _scalar(value):
        raise Invalid("应为标识（字母、数字、- 或 _）")
    result = source_text(value)
    if not ID_PATTERN.fullmatch(result):
        raise Invalid(f"“{result}”不是有效标识：只能用字母、数字、- 和 _，以字母或数字开头，最长 64 个字符")
    return result


def iso_date(value, at: At) -> date:
    raw = str(value) if _scalar(value) else None
    if raw is None or not DATE_PATTERN.fullmatch(raw):
        raise Invalid(f"日期“{value}”格式不对，应为 YYYY-MM-DD，如 2026-05-18")
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise Invalid(f"日期“{raw}”不存在") from None


def integer(minimum: int, maximum: int) -> Kind:
    def kind(value, at: At) -> int:
        if not isinstance(value, int) or isinstance(value, bool):
            raise Invalid(f"“{value}”应为整数")
        if value < minimum:
            raise Invalid(f"应不小于 {minimum}")
        if value > maximum:
            raise Invalid(f"{value} 太大（应不大于 {maximum}）")
        return int(value)  # a plain int in the model: how it was typed matters only for text

    return kind


def _finite(value) -> Fraction:
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        raise Invalid(f"“{value}”应为数字")
    if not math.isfinite(value):
        raise Invalid(f"“{value}”不是有效的数字")
    if abs(value) > LARGEST_POINTS:
        raise Invalid(f"{value} 太大（绝对值应不大于 {LARGEST_POINTS}）")
    return Fraction(str(value))


def number(value, at: At) -> Fraction:
    """Points are kept as exact fractions so that split joint items add up exactly."""
    result = _finite(value)
    if result < 0:
        raise Invalid("不能为负数")
    return result


def deduction(value, at: At) -> Fraction:
    """A deduction (扣分) is written negative, as the office says it (-10): a positive one is a slip
    that would reward the unit, so it is refused rather than read either way."""
    result = _finite(value)
    if result > 0:
        raise Invalid(f"扣分应写负数（如 -{value}）")
    return result


def boolean(value, at: At) -> bool:
    if not isinstance(value, bool):
        raise Invalid(f"“{value}”应为 true 或 false")
    return value


def one_of(*choices: str) -> Kind:
    def kind(value, at: At) -> str:
        result = text(value, at)
        if result not in choices:
            raise Invalid(f"“{result}”不在可选值 {', '.join(choices)} 之中")
        return result

    return kind


def list_of(kind: Kind, allow_single: bool = True, non_empty: bool = False, unique: bool = False) -> Kind:
    """A list; a lone scalar counts as a one-element list where that reads naturally.

    `unique`: an element written twice is refused where it stands (`co_units: [a, a]` would credit
    unit a twice in the leaderboard).
    """

    def parse(value, at: At) -> list:
        if not isinstance(value, LineList):
            if allow_single and _scalar(value):
                return [kind(value, at)]
            raise Invalid("应为列表")
        if non_empty and not value:
            raise Invalid("列表不能为空：至少写一项")
        results = [attempt(kind, element, at.child(f"[{index + 1}]", value.line_of(index))) for index, element in enumerate(value)]
        if not all(ok for _, ok in results):
            raise Invalid(None)
        parsed = [result for result, _ in results]
        if unique and not _each_once(parsed, value, at):
            raise Invalid(None)
        return parsed

    return parse


def _each_once(parsed: list, raw: LineList, at: At) -> bool:
    first: dict = {}
    for index, element in enumerate(parsed):
        if element in first:
            at.child(f"[{index + 1}]", raw.line_of(index)).report(f"“{element}”重复（第 {first[element] + 1} 项已有）")
        else:
            first[element] = index
    return len(first) == len(parsed)


def mapping_of(value_kind: Kind, key_kind: Kind = text) -> Kind:
    def entry(key) -> Kind:
        return lambda element, where: (key_kind(key, where), value_kind(element, where))

    def parse(value, at: At) -> dict:
        if not isinstance(value, LineDict):
            raise Invalid(_not_a_mapping(value))
        results = [attempt(entry(key), element, at.child(source_text(key), value.line_of(key))) for key, element in value.items()]
        if not all(ok for _, ok in results):
            raise Invalid(None)
        return dict(result for result, _ in results)

    return parse


def record(schema: dict[str, Field]) -> Kind:
    def parse(value, at: At) -> dict:
        values, ok = parse_record(value, schema, at)
        if not ok:
            raise Invalid(None)
        return values

    return parse
