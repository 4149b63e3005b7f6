"""YAML as people type it by hand: line numbers kept, YAML 1.2 core scalars, and hard limits.

The document is composed here from libyaml's event stream rather than by PyYAML's constructor, so:

- every mapping and list remembers the line of each key or element, for `path:line: field` problems;
- plain scalars follow YAML 1.2's core schema: `010` is 10, `yes`/`no`/`on` stay words, dates stay
  text (the schema parses them strictly, so 2026-02-30 is reported instead of crashing);
- a number keeps the text it was typed as (`Number.source`): a title `010` or `1e3` is shown as
  typed, and an id `0x10` is compared with its file name as "0x10", never as 16;
- tags (`!!python/object`, `!!binary`, `!foo`) and aliases (`*base`, `<<: *base`) are refused: hand-written
  content needs neither, and an alias bomb is refused at its first alias instead of expanding to
  gigabytes; nesting deeper than `MAX_DEPTH` is refused too;
- duplicate keys are problems instead of silent overwrites;
- a full-width colon typed as the separator (`报：…`) is looked for only where the parser failed, read
  as a colon and reported, so the rest of the file is still checked; the same character in ordinary
  text (`A级景区：…`) is left alone.
"""

from __future__ import annotations

import math
import re

import yaml

from bulletin.content import parse_memo
from bulletin.content.problems import Problems

MAX_DEPTH = 20        # the deepest real content (bulletin.yml scoring publications) nests 5 levels
MAX_COLON_FIXES = 50  # full-width separators repaired in one file before giving up
MAX_REPARSED_CHARS = 2_000_000  # each repair parses the file again: a large file gets fewer


class LineDict(dict):
    """A mapping with the line of the mapping itself and of each key (1-based)."""

    line: int = 0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.key_lines: dict = {}

    def line_of(self, key) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    line: int = 0

    def __init__(self, *args):
        super().__init__(*args)
        self.item_lines: list[int] = []

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


# libyaml's parser where the wheel has it (several times faster at 40,000 files); only its events are used.
_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Refused(Exception):
    """The file uses something hand-written content may not: reported at `line`, parsing stops."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


# -- YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution) ---------------------

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_TRUE = re.compile(r"^(?:true|True|TRUE)$")
_FALSE = re.compile(r"^(?:false|False|FALSE)$")
_INT = re.compile(r"^[-+]?[0-9]+$")
_OCT = re.compile(r"^0o[0-7]+$")
_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")
_MAX_DIGITS = 30  # longer digit strings stay text: no count in a bulletin is that long


_MAY_BE_TYPED = frozenset("0123456789+-.~nNtTfF")


class _AsTyped:
    """A number as typed: `source` is the scalar's text (`010`, `0x1F`, `+3`, `1e3`, `.nan`)."""

    source: str
    _plain: type

    def __new__(cls, value, source: str):
        number = super().__new__(cls, value)
        number.source = source
        return number

    def __reduce__(self):  # copied or sent to a worker process, it stays what it was
        return type(self), (self._plain(self), self.source)


class Int(_AsTyped, int):
    _plain = int


class Float(_AsTyped, float):
    _plain = float


class Block(str):
    """A block scalar (`text: |`): its text starts on the line after the key, `first_line`."""

    first_line: int

    def __new__(cls, value: str, first_line: int):
        text = super().__new__(cls, value)
        text.first_line = first_line
        return text

    def __reduce__(self):
        return type(self), (str(self), self.first_line)


def text_line(data: "LineDict", key) -> int:
    """The line a text value starts on: the key's own, or the next for a block scalar."""
    return getattr(data.get(key), "first_line", None) or data.line_of(key)


def source_text(value) -> str:
    """A scalar as the editor typed it: where a text is expected, `010` stays "010", not "10"."""
    return getattr(value, "source", None) or ("" if value is None else str(value))


def plain_scalar(text: str):
    """A plain (unquoted) scalar's value under the core schema."""
    if text and text[0] not in _MAY_BE_TYPED:  # most scalars are Chinese text or ids: no regex needed
        return text
    if _NULL.match(text):
        return None
    if _TRUE.match(text):
        return True
    if _FALSE.match(text):
        return False
    if len(text) <= _MAX_DIGITS:
        if _INT.match(text):
            return Int(int(text, 10), text)
        if _OCT.match(text):
            return Int(int(text[2:], 8), text)
        if _HEX.match(text):
            return Int(int(text[2:], 16), text)
        if _FLOAT.match(text):
            return Float(float(text), text)
    if _INF.match(text):
        return Float(-math.inf if text.startswith("-") else math.inf, text)
    if _NAN.match(text):
        return Float(math.nan, text)
    return text


# -- composing -----------------------------------------------------------------------------------

_NO_KEY = object()
_SKIP = object()  # the value of a key that could not be used


def _compose(text: str, path, problems: Problems, offset: int):
    """Build LineDict/LineList/scalars from the event stream, iteratively (no recursion to exhaust)."""
    parser = _Parser(text)
    try:
        return _compose_events(parser, path, problems, offset)
    finally:
        parser.dispose()


def _compose_events(parser, path, problems, offset):
    root, documents = None, 0
    stack: list[list] = []  # [container, pending key, key line]

    def attach(value, line):
        nonlocal root
        if not stack:
            root = value
            return
        frame = stack[-1]
        container = frame[0]
        if isinstance(container, LineList):
            container.append(value)
            container.item_lines.append(line)
        elif frame[1] is _NO_KEY:
            if isinstance(value, (LineDict, LineList)):
                problems.add(path, line, "", "键不能是列表或映射")
                frame[1] = _SKIP
            elif value in container:  # keys here are scalars, all hashable
                problems.add(path, line, source_text(value), f"重复的键（第 {container.key_lines[value]} 行已有）")
                frame[1] = _SKIP
            else:
                frame[1], frame[2] = value, line
        else:
            if frame[1] is not _SKIP:
                container[frame[1]] = value
                container.key_lines[frame[1]] = frame[2]
            frame[1] = _NO_KEY

    while True:
        event = parser.get_event()
        line = event.start_mark.line + 1 + offset
        if isinstance(event, yaml.ScalarEvent):  # the most frequent event first
            if event.tag is not None and event.tag != "!":
                _refuse_tag(event.tag, line)
            plain = not event.style and event.tag is None
            if plain:
                attach(plain_scalar(event.value), line)
            else:
                attach(Block(event.value, line + 1) if event.style in ("|", ">") else event.value, line)
            continue
        if isinstance(event, yaml.StreamEndEvent):
            return root
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise Refused(line, "一个文件只能有一个 YAML 文档（多了一行“---”？）")
            continue
        if isinstance(event, (yaml.StreamStartEvent, yaml.DocumentEndEvent)):
            continue
        if isinstance(event, yaml.AliasEvent):
            raise Refused(line, f"不支持 YAML 别名“*{event.anchor}”：请把内容直接写出来")
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if event.tag is not None and event.tag != "!":
                _refuse_tag(event.tag, line)
            if len(stack) >= MAX_DEPTH:
                raise Refused(line, f"嵌套超过 {MAX_DEPTH} 层：内容文件不需要这么深的结构")
            container = LineDict() if isinstance(event, yaml.MappingStartEvent) else LineList()
            container.line = line
            stack.append([container, _NO_KEY, line])
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            container = stack.pop()[0]
            attach(container, container.line)


def _refuse_tag(tag: str, line: int):
    """Any tag but "!" (which only says "not resolved": a string) is refused."""
    shown = tag.replace("tag:yaml.org,2002:", "!!")
    raise Refused(line, f"不支持 YAML 标签“{shown}”：请去掉以“!”开头的标记")


# -- full-width colon ------------------------------------------------------------------------------

# `key：value` at the start of a line (or after `- `): a short key without spaces, quotes or colons.
_FULLWIDTH_SEPARATOR = re.compile(r"^(\s*(?:-\s+)?)([^\s#'\"\[\]{}:：,，&*!|>%@`-][^\s:：#'\"]{0,39}?)\s*：[ \t]*")


def _repair_separator(lines: list[str], candidates) -> tuple[int, str] | None:
    """Turn the first full-width separator on one of the candidate lines (0-based) into `: `."""
    for index in candidates:
        if 0 <= index < len(lines):
            match = _FULLWIDTH_SEPARATOR.match(lines[index])
            if match:
                lines[index] = f"{match.group(1)}{match.group(2)}: {lines[index][match.end():]}"
                return index, match.group(2)
    return None


# libyaml's most frequent complaints, said the way an editor would understand them.
_SYNTAX_HINTS = {
    "mapping values are not allowed": "这里不能出现“: ”：值里含有冒号时，请给整个值加引号",
    "could not find expected ':'": "缺少“: ”（键和值之间应为半角冒号加空格）",
    "found character that cannot start any token": "有不能出现在开头的字符（如 Tab、@、`），请改用空格或给值加引号",
    "found a tab character": "用了 Tab 缩进，请改用空格",
    "found unexpected end of stream": "文件意外结束：引号或括号没有闭合？",
    "did not find expected key": "缩进不对，或缺少“键: ”",
    "did not find expected ',' or ']'": "列表缺少“,”或“]”",
    "did not find expected ',' or '}'": "映射缺少“,”或“}”",
    "did not find expected '-' indicator": "列表项缩进不对，或缺少“- ”",
    "found unknown escape character": "双引号内有未知的转义“\\”：请改用单引号，或写成“\\\\”",
    "block sequence entries are not allowed": "这里不能开始“- ”列表：缩进不对？",
    "did not find expected node content": "缺少值",
    "found undefined alias": "不支持 YAML 别名（*）",
    "expected <block end>": "缩进不对：同一层的键应对齐",
}


def _syntax_message(exc: yaml.MarkedYAMLError) -> str:
    problem = str(exc.problem or exc.context or exc)
    hint = next((said for known, said in _SYNTAX_HINTS.items() if problem.startswith(known)), None)
    return f"YAML 语法错误：{hint}（{problem}）" if hint else f"YAML 语法错误：{problem}"


def _error_line(exc: yaml.YAMLError) -> tuple[int | None, int | None]:
    """(problem line, context line), 0-based, of a parser error; reader errors give a byte position."""
    problem = getattr(exc, "problem_mark", None)
    context = getattr(exc, "context_mark", None)
    return (problem.line if problem else None), (context.line if context else None)


def load(text: str, path, problems: Problems, line_offset: int = 0):
    """Parse YAML text; problems go to `problems`, and None is returned if it cannot be read."""
    digest = parse_memo.key(text, line_offset)
    known = parse_memo.recalled(digest)
    if known is not None:
        return known
    lines: list[str] | None = None
    before = len(problems)
    for _ in range(min(MAX_COLON_FIXES, MAX_REPARSED_CHARS // (len(text) + 1)) + 1):
        try:
            parsed = _compose(text if lines is None else "\n".join(lines), path, problems, line_offset)
            if len(problems) == before:   # only a parse without a problem is kept: messages stay a full parse's
                parse_memo.remember(digest, parsed)
            return parsed
        except Refused as refused:
            problems.add(path, refused.line, "", refused.message)
            return None
        except yaml.MarkedYAMLError as exc:
            problem_line, context_line = _error_line(exc)
            lines = text.split("\n") if lines is None else lines
            candidates = [line for line in (context_line, problem_line, (problem_line or 0) - 1) if line is not None]
            repaired = _repair_separator(lines, candidates)
            if repaired is None:
                where = problem_line if problem_line is not None else context_line
                problems.add(path, None if where is None else where + 1 + line_offset, "", _syntax_message(exc))
                return None
            index, key = repaired
            problems.add(path, index + 1 + line_offset, key, "用了全角冒号“：”作分隔符，应为半角冒号加空格“: ”")
        except yaml.YAMLError as exc:  # the reader: characters YAML does not allow, such as NUL
            position = getattr(exc, "position", None)
            current = text if lines is None else "\n".join(lines)
            line = current.count("\n", 0, position) + 1 + line_offset if position is not None else None
            character = getattr(exc, "character", None)
            code = ord(character) if isinstance(character, str) else character
            shown = f"U+{code:04X}" if isinstance(code, int) else "?"
            problems.add(path, line, "", f"含有 YAML 不允许的控制字符（{shown}），请删除")
            return None
    problems.add(path, None, "", "全角冒号过多，无法读取")
    return None


def split_front_matter(text: str):
    """Split a Markdown file into (front matter, the line before it, body, the body's first line); None if absent.

    Only an unindented `---` or `...` ends the front matter (as it ends a YAML document): the same
    characters indented belong to a block scalar (`text: |` of an event), not to the delimiter.
    """
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "\n".join(lines[1:index]), 1, "\n".join(lines[index + 1:]), index + 2
    return None
