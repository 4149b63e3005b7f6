"""The kinds of file a content folder holds: one row each, serving discovery (what is read, what is
reported and why), the layout (the files found, by kind) and the loader (who reads them, in which order).

A new kind of file is one row here, plus the `RecordReader` method it names: a file nobody reads must
never pass silently, so a file that matches no row is reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Callable

from bulletin.content import item_images, published_record

FIRST_YEAR, LAST_YEAR = 1900, 2099
_YEAR = re.compile(r"[0-9]{4}")
_ISSUE_NUMBER = re.compile(r"(?:zk)?[0-9]{1,4}")   # a 增刊 is zk<期号>


def is_year(name: str) -> bool:
    return bool(_YEAR.fullmatch(name)) and FIRST_YEAR <= int(name) <= LAST_YEAR


# What each <placeholder> of a pattern accepts (a name in a folder is never empty).
PLACEHOLDERS: dict[str, Callable[[str], bool]] = {
    "<四位年份>": is_year,
    "<刊物>": bool,
    "<期号>": lambda name: bool(_ISSUE_NUMBER.fullmatch(name)),
    "<id>": bool,
    "<图片>": item_images.is_image_name,
}
_SEGMENT = re.compile(r"(<[^>]+>)?(.*)")
# what a misplaced file is told, {what} and {pattern} filled in from its kind's row
_GOES_IN = "未读取：{what}应放在 {pattern}"
_IS_NAMED = "未读取：{what}应为 {pattern}"
_YAML_NOT_YML = {".yaml": "未读取：扩展名应为 .yml"}


@dataclass(frozen=True)
class FileKind:
    """One kind of content file.

    `pattern` is where it stands below the content folder, `/`-separated, each name literal or a
    <placeholder> followed by a literal ending. `reader` names the `RecordReader` method that reads
    one such file (None: read elsewhere); files are read `step` by step, each step after the files
    it refers to, and in table order within a step. `misplaced` is what a file under the kind's
    folder that does not fit the pattern is told (`{what}` and `{pattern}` filled in); `near_misses`
    what a file with one of these endings is told instead (a root file's `bulletin.yaml` included).
    """

    pattern: str
    what: str
    reader: str | None
    step: int = 0
    required: bool = False
    misplaced: str = ""
    near_misses: dict[str, str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """A root file's name, or the folder's."""
        return self.pattern.split("/")[0]

    def folders_fitting(self, parts: tuple[str, ...]) -> int:
        """How many of its pattern's folders, from the top, the folders of this path fit: of two kinds
        under one folder (items and their pictures), the deeper fit says which a misplaced file meant."""
        count = 0
        for segment, name in zip(self._segments[:-1], parts[:-1]):
            if not _fits(segment, name):
                break
            count += 1
        return count

    @property
    def at_root(self) -> bool:
        return "/" not in self.pattern

    def matches(self, parts: tuple[str, ...]) -> bool:
        """Whether the path with these parts (below the content folder) is a file of this kind."""
        return len(parts) == len(self._segments) and all(map(_fits, self._segments, parts))

    @cached_property
    def _segments(self) -> tuple[tuple[Callable[[str], bool] | None, str], ...]:
        """Each name of the pattern as (its placeholder's test or None, the literal text after it)."""
        split = (_SEGMENT.fullmatch(segment).groups() for segment in self.pattern.split("/"))
        return tuple((PLACEHOLDERS[placeholder] if placeholder else None, ending) for placeholder, ending in split)

    def owns_place_of(self, parts: tuple[str, ...]) -> bool:
        """Whether an unread file stands where this kind is expected: in its folder, or at the top
        named as it is but for the ending."""
        if self.at_root:
            return len(parts) == 1 and Path(parts[0]).stem == Path(self.pattern).stem
        return len(parts) > 1 and parts[0] == self.name

    def why_not_read(self, parts: tuple[str, ...]) -> str:
        """What a file at this kind's place that is not one is told; empty for the general rule."""
        near_miss = self.near_misses.get(Path(parts[-1]).suffix.lower())
        return near_miss or self.misplaced.format(what=self.what, pattern=self.pattern)


def _fits(segment: tuple[Callable[[str], bool] | None, str], name: str) -> bool:
    accepts, ending = segment
    if accepts is None:
        return name == ending
    return name.endswith(ending) and accepts(name[:len(name) - len(ending)])


# In the order the general rule names them; read in `step` order (requests before the items that
# answer them, items before the issues that print them, units before the counts and penalties).
KINDS = (
    FileKind("bulletin.yml", "刊物设置", "settings", step=1, required=True, near_misses=_YAML_NOT_YML),
    FileKind("units.yml", "单位", "units", step=2, required=True, near_misses=_YAML_NOT_YML),
    FileKind("topics.yml", "主题", "topics", step=2, required=True, near_misses=_YAML_NOT_YML),
    FileKind("items/<四位年份>/<id>.md", "稿件", "item", step=4, misplaced=_GOES_IN + f"（年份 {FIRST_YEAR}-{LAST_YEAR}）",
             near_misses=dict.fromkeys((".markdown", ".mdown", ".mkd", ".txt", ".md~"), "稿件文件的扩展名应为 .md")),
    # an item's pictures (item_images.py): read before the items that show them
    FileKind(f"items/<四位年份>/{item_images.FOLDER}/<图片>", "稿件图片", "image", step=3,
             misplaced=_IS_NAMED.replace("{pattern}", f"items/<四位年份>/{item_images.FOLDER}/{item_images.NAMED}")),
    FileKind("issues/<刊物>/<四位年份>/<期号>.yml", "每期", "issue", step=5, misplaced=_GOES_IN + "（增刊为 zk<期号>.yml）",
             near_misses=_YAML_NOT_YML),
    FileKind("submissions/<四位年份>.yml", "报送统计", "submissions", step=6, misplaced=_IS_NAMED),
    FileKind("requests/<四位年份>/<id>.yml", "约稿", "request", step=3, misplaced=_GOES_IN),
    FileKind("penalties/<四位年份>.yml", "扣分记录", "penalties", step=6, misplaced=_IS_NAMED),
    # 批示督办 and the office's 信息员 (office_readers.py): after the items and issues they count
    FileKind("followups/<四位年份>.yml", "督办反馈", "followups", step=6, misplaced=_IS_NAMED),
    FileKind("staff.yml", "信息员", "staff", step=6, near_misses=_YAML_NOT_YML),
    # optional; read by the published record's check (`published_record`) once the content is read
    FileKind(published_record.FILE, "已发布记录", None),
)
READING_ORDER = tuple(sorted((kind for kind in KINDS if kind.reader), key=lambda kind: kind.step))
REQUIRED_FILES = tuple(kind.pattern for kind in KINDS if kind.required)
ROOT_FILES = tuple(kind.pattern for kind in KINDS if kind.at_root)
# the general rule names what an editor puts in the folder: the required files and the folders
_NAMED = list(dict.fromkeys(kind.pattern if kind.at_root else f"{kind.name}/" for kind in KINDS if kind.required or not kind.at_root))
NOT_READ = f"未读取：内容目录只读取 {'、'.join(_NAMED[:-1])} 和 {_NAMED[-1]}"


# Every pattern starts with a literal name (a root file or a folder): a path is tried only against
# the kinds under its own first name, in table order (a check classifies every file of the archive).
assert all(_SEGMENT.fullmatch(kind.name).group(1) is None for kind in KINDS)
_UNDER: dict[str, tuple[FileKind, ...]] = {}
for _kind in KINDS:
    _UNDER[_kind.name] = (*_UNDER.get(_kind.name, ()), _kind)


def kind_of(parts: tuple[str, ...]) -> FileKind | None:
    return next((kind for kind in _UNDER.get(parts[0], ()) if kind.matches(parts)), None)


def kind_in_folder(folders: tuple[str, ...]) -> Callable[[str], FileKind | None]:
    """`kind_of` for the files of one folder (`folders`: its path below the content folder): each
    pattern's folders are tried once a folder, not once a file, and a file's name alone after that."""
    if not folders:
        return lambda name: kind_of((name,))
    fitting = tuple(kind for kind in _UNDER.get(folders[0], ())
                    if len(kind._segments) == len(folders) + 1 and all(map(_fits, kind._segments, folders)))
    return lambda name: next((kind for kind in fitting if _fits(kind._segments[-1], name)), None)


def why_not_read(parts: tuple[str, ...]) -> str:
    """What a file that is no kind's is told (without the hint on how to keep a file unread)."""
    places = [kind for kind in KINDS if kind.owns_place_of(parts)]
    place = max(places, key=lambda kind: kind.folders_fitting(parts), default=None)   # the first of equals
    return (place and place.why_not_read(parts)) or NOT_READ
