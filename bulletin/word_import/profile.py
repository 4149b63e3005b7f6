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

import yaml

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
    """The profile at `path`, else content/_import.yml, else none (the general rules alone)."""
    if path is None:
        path = content / DEFAULT_NAME
        if not path.is_file():
            return Profile()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise ProfileError(f"{path}: 导入配置无法读取：{error}") from error
    if data is None:
        return Profile(source=path.name)
    if not isinstance(data, dict):
        raise ProfileError(f"{path}: 导入配置应为“字段: 值”的映射")
    unknown = sorted(set(map(str, data)) - _KEYS)
    if unknown:
        raise ProfileError(f"{path}: 未知字段 {'、'.join(unknown)}（可用：{'、'.join(sorted(_KEYS))}）")
    return Profile(
        title_styles=tuple(_texts(data, "title_styles", path)),
        title_sizes=tuple(_number(v, "title_sizes", path) for v in _list(data, "title_sizes", path)),
        not_title_styles=tuple(_texts(data, "not_title_styles", path)),
        body_size=_number(data["body_size"], "body_size", path) if data.get("body_size") is not None else None,
        bylines=tuple(_pattern(p, path) for p in _texts(data, "bylines", path)),
        source=path.name)


def _list(data: dict, key: str, path: Path) -> list:
    value = data.get(key) or []
    if not isinstance(value, list):
        raise ProfileError(f"{path}: {key}: 应为列表（- 开头的各行）")
    return value


def _texts(data: dict, key: str, path: Path) -> list[str]:
    values = _list(data, key, path)
    if not all(isinstance(v, str) and v.strip() for v in values):
        raise ProfileError(f"{path}: {key}: 每一项应为文字")
    return [v.strip() for v in values]


def _number(value, key: str, path: Path) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 4 <= value <= 96:
        raise ProfileError(f"{path}: {key}: “{value}”应为 4 到 96 之间的磅值（二号为 22，三号为 16）")
    return float(value)


def _pattern(text: str, path: Path) -> re.Pattern:
    try:
        pattern = re.compile(text)
    except re.error as error:
        raise ProfileError(f"{path}: bylines: “{text}”不是有效的正则表达式：{error}") from error
    if "unit" not in pattern.groupindex:
        raise ProfileError(f"{path}: bylines: “{text}”须有命名组 (?P<unit>…) 指出单位")
    return pattern
