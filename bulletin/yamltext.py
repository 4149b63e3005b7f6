"""YAML that remembers where each key stood, so every problem can name its line.

Dates stay strings here (the schema parses them strictly), duplicate keys are problems instead of
silent overwrites, and a full-width colon used as the separator is reported and read as a colon,
so the rest of the file is still checked in the same run.
"""

from __future__ import annotations

import re

import yaml

from .problems import Problems


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


# libyaml's parser where the wheel has it (several times faster at 40,000 files), same results.
class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    pass


# Keep 2026-05-12 a string: PyYAML would crash on 2026-02-30 instead of letting us report it.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

_FULLWIDTH_SEPARATOR = re.compile(r"^(\s*(?:-\s+)?[A-Za-z_][\w-]*\s*)：")


def decode(raw: bytes, path, problems: Problems) -> str | None:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.add(path, None, "", f"不是 UTF-8 编码（第 {exc.start} 字节无法解码），请另存为 UTF-8")
        return None


def load(text: str, path, problems: Problems, line_offset: int = 0):
    """Parse YAML text; problems go to `problems`, and None is returned if it cannot be read."""
    lines = text.splitlines()
    for number, line in enumerate(lines, 1):
        match = _FULLWIDTH_SEPARATOR.match(line)
        if match:
            field = match.group(1).strip().lstrip("-").strip()
            problems.add(path, number + line_offset, field, "用了全角冒号“：”作分隔符，应为半角冒号加空格“: ”")
            lines[number - 1] = match.group(1) + ": " + line[match.end():]
    try:
        loader = _Loader("\n".join(lines))
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + line_offset if mark else None
        problems.add(path, line, "", f"YAML 语法错误：{exc.problem or exc}")
        return None
    if node is None:
        return None
    return _build(node, loader, path, problems, line_offset)


def _build(node, loader, path, problems, offset):
    if isinstance(node, yaml.MappingNode):
        result = LineDict()
        result.line = node.start_mark.line + 1 + offset
        for key_node, value_node in node.value:
            key = _build(key_node, loader, path, problems, offset)
            line = key_node.start_mark.line + 1 + offset
            if isinstance(key, (LineDict, LineList)):
                problems.add(path, line, "", "键不能是列表或映射")
                continue
            if key in result:
                problems.add(path, line, str(key), f"重复的键（第 {result.key_lines[key]} 行已有）")
                continue
            result[key] = _build(value_node, loader, path, problems, offset)
            result.key_lines[key] = line
        return result
    if isinstance(node, yaml.SequenceNode):
        result = LineList(_build(child, loader, path, problems, offset) for child in node.value)
        result.line = node.start_mark.line + 1 + offset
        result.item_lines = [child.start_mark.line + 1 + offset for child in node.value]
        return result
    return loader.construct_object(node, deep=True)


def split_front_matter(text: str):
    """Split a Markdown file into (front matter text, its first line number, body); None if absent."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            return "".join(lines[1:index]), 1, "".join(lines[index + 1:])
    return None
