"""An office's template, declared once: the optional import profile (docs/import.md, 导入配置).

In the spirit of mammoth's style maps, it says what the office's Word files mean where the general
rules (`layout`) would guess: which paragraph styles or sizes are its titles (and which styles never
are), the size of its running text, and the patterns its bylines follow. Read from a YAML file given
with `--profile FILE`, else from `content/_import.yml` where the office keeps one (a name starting
with `_`, so `bulletin check` leaves it alone).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from bulletin.content.files import MAX_YAML_BYTES, read_text
from bulletin.content.problems import Problems
from bulletin.content.yamltext import LineDict, load as load_yaml, source_text

DEFAULT_NAME = "_import.yml"
_KEYS = {"title_styles", "title_sizes", "not_title_styles", "body_size", "bylines"}


class ProfileError(Exception):
    """The profile cannot be used; the message names the file and the field."""


@dataclass(frozen=True)
class Profile:
    title_styles: tuple[str, ...] = ()      # paragraph styles that are an item's title
    title_sizes: tuple[float, ...] = ()     # sizes (points) of a centred title, whatever its style
    not_title_styles: tuple[str, ...] = ()  # styles that are never a title (a 副标题 style read alone)
    body_size: float | None = None          # the running text's size, where the document's own run misleads
    bylines: tuple[re.Pattern, ...] = ()    # patterns with a named group `unit` (and optionally `authors`)
    source: str = ""                        # the file, for the review list

    def title_rule(self, paragraph) -> str | None:
        if paragraph.style and paragraph.style in self.title_styles:
            return f"导入配置 {self.source}：title_styles “{paragraph.style}”"
        if paragraph.centred and paragraph.size in self.title_sizes:
            return f"导入配置 {self.source}：title_sizes {paragraph.size:g}"
        return None


def load(path: Path | None, content: Path) -> Profile:
    """The profile at `path`, else content/_import.yml, else none (the general rules alone). Read as
    content is (bulletin/content/files.py: no aliases, no tags, a size limit), so that every message
    names the file, the line and the field."""
    if path is None:
        path = content / DEFAULT_NAME
        if not path.is_file():
            return Profile()
    problems = Problems()
    text = read_text(path, problems, MAX_YAML_BYTES)
    data = load_yaml(text, path, problems) if text is not None else None
    if len(problems):
        raise ProfileError("；".join(f"{problem.path}{f':{problem.line}' if problem.line else ''}: 导入配置无法读取：{problem.message}"
                                    for problem in problems))
    if data is None:
        return Profile(source=path.name)
    if not isinstance(data, LineDict):
        raise ProfileError(f"{path}:{getattr(data, 'line', 1) or 1}: 导入配置应为“字段: 值”的映射")
    unknown = sorted(set(map(source_text, data)) - _KEYS)
    if unknown:
        line = min(data.line_of(key) for key in data if source_text(key) in unknown)
        raise ProfileError(f"{path}:{line}: {unknown[0]}: 未知字段 {'、'.join(unknown)}（可用：{'、'.join(sorted(_KEYS))}）")
    where = _Where(path, data)
    return Profile(
        title_styles=tuple(_texts(data, "title_styles", where)),
        title_sizes=tuple(_number(v, "title_sizes", where) for v in _list(data, "title_sizes", where)),
        not_title_styles=tuple(_texts(data, "not_title_styles", where)),
        body_size=_number(data["body_size"], "body_size", where) if data.get("body_size") is not None else None,
        bylines=tuple(_pattern(p, where) for p in _texts(data, "bylines", where)),
        source=path.name)


class _Where:
    """A field's place in the profile, for its message: `file:line: field: …`."""

    def __init__(self, path: Path, data: LineDict):
        self.path, self.data = path, data

    def error(self, key: str, message: str) -> ProfileError:
        return ProfileError(f"{self.path}:{self.data.line_of(key)}: {key}: {message}")


def _list(data: dict, key: str, where: _Where) -> list:
    value = data.get(key) or []
    if not isinstance(value, list):
        raise where.error(key, "应为列表（- 开头的各行）")
    return value


def _texts(data: dict, key: str, where: _Where) -> list[str]:
    values = _list(data, key, where)
    if not all(isinstance(v, str) and v.strip() for v in values):
        raise where.error(key, "每一项应为文字")
    return [v.strip() for v in values]


def _number(value, key: str, where: _Where) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 4 <= value <= 96:
        raise where.error(key, f"“{source_text(value) if not isinstance(value, (list, dict)) else value}”应为 4 到 96 之间的磅值（二号为 22，三号为 16）")
    return float(value)


def _pattern(text: str, where: _Where) -> re.Pattern:
    try:
        pattern = re.compile(text)
    except (re.error, RecursionError, OverflowError) as error:
        raise where.error("bylines", f"“{text}”不是有效的正则表达式：{error}") from None
    if "unit" not in pattern.groupindex:
        raise where.error("bylines", f"“{text}”须有命名组 (?P<unit>…) 指出单位")
    return pattern
