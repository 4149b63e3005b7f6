"""Every file under the content folder is classified: read as one of the known kinds, ignored by a
documented rule, or reported. Nothing is skipped in silence.

Ignored (documented in the README): any file or folder whose name starts with `_` (notes, drafts,
templates the office keeps beside its content), version control's own files (`.git/`, `.gitignore`,
`.gitkeep`...: content is edited in Git), and whatever `.bulletinignore` (gitignore patterns, at the
top of the content folder) lists. Links are followed only to regular files inside the content
folder; a link leaving it, a dangling link, a link to a folder, or anything that is not a regular
file is reported.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

import pathspec

from bulletin.content.problems import Problems
from bulletin.content.files import read_text

IGNORE_FILE = ".bulletinignore"
VERSION_CONTROL = frozenset({".git", ".svn", ".hg", ".gitignore", ".gitattributes", ".gitkeep", ".keep"})
ROOT_FILES = ("bulletin.yml", "units.yml", "topics.yml")  # required
# Files at the top that may be absent. A new kind of file is added here (or in `_classify` for a
# folder) together with the code that reads it: a file nobody reads must never pass silently.
OPTIONAL_ROOT_FILES: tuple[str, ...] = ("published.lock",)  # read by record.check
FIRST_YEAR, LAST_YEAR = 1900, 2099
_ISSUE_NAME = re.compile(r"^(?:zk)?[0-9]{1,4}\.yml$")
_YEAR = re.compile(r"^[0-9]{4}$")
_SKIP_HINT = "；不需发布的文件请以“_”开头命名，或写入 .bulletinignore"


@dataclass
class Layout:
    """The files to read, by kind, in path order (the order problems and records come out in)."""

    root_files: dict[str, Path] = field(default_factory=dict)  # name in (OPTIONAL_)ROOT_FILES -> path
    items: list[Path] = field(default_factory=list)
    issues: list[Path] = field(default_factory=list)
    submissions: list[Path] = field(default_factory=list)
    requests: list[Path] = field(default_factory=list)
    penalties: list[Path] = field(default_factory=list)


def is_year(name: str) -> bool:
    return bool(_YEAR.match(name)) and FIRST_YEAR <= int(name) <= LAST_YEAR


# A folder named like a file the product reads is a mistake (an unzip, a tool's cache): reported,
# so that an empty `2026-0001.md/` cannot stand in silence for the item.
_FILE_SUFFIXES = (".md", ".yml", ".yaml", ".lock")


def discover(root: Path, problems: Problems) -> Layout:
    layout = Layout()
    real_root = root.resolve()
    ignored = _ignore_rule(root, real_root, problems)

    def unreadable_folder(error: OSError) -> None:
        problems.add(error.filename or root, None, "", f"无法读取此目录（{error.strerror or error}）")

    for folder, folders, files in os.walk(root, onerror=unreadable_folder):
        here = Path(folder)
        relative_folder = here.relative_to(root)
        kept = []
        for name in sorted(folders):
            relative = relative_folder / name
            if ignored(relative, is_folder=True):
                continue
            if name.endswith(_FILE_SUFFIXES):  # reported, and walked: what it holds is reported too
                problems.add(here / name, None, "", f"是目录，不是文件：{_named_like(relative)}")
            if (here / name).is_symlink():
                problems.add(here / name, None, "", "是指向目录的链接：内容目录不跟随目录链接，请放入真实的目录" + _SKIP_HINT)
                continue
            kept.append(name)
        folders[:] = kept
        for name in sorted(files):
            relative = relative_folder / name
            if relative.as_posix() == IGNORE_FILE or ignored(relative, is_folder=False):
                continue
            path = here / name
            if _readable(path, real_root, problems):
                _classify(path, relative.parts, layout, problems)
    for name in ROOT_FILES:
        # Whatever else is wrong with a required file (a folder, a link, unreadable) is reported already.
        if name not in layout.root_files and not problems.about(root / name):
            problems.add(root / name, None, "", "缺少此文件")
    return layout


def _named_like(relative: Path) -> str:
    if len(relative.parts) == 1 and relative.name in ROOT_FILES + OPTIONAL_ROOT_FILES:
        return f"{relative.name} 应为文件"
    return "名称像内容文件，其中的内容不会被读取" + _SKIP_HINT


def _exists(path: Path) -> bool:
    try:
        return path.exists() or path.is_symlink()
    except OSError:  # unreadable: then reading it reports why
        return True


def _ignore_rule(root: Path, real_root: Path, problems: Problems):
    spec = None
    path = root / IGNORE_FILE
    if _exists(path) and _readable(path, real_root, problems):
        text = read_text(path, problems)
        if text is not None:
            lines = text.splitlines()
            spec = pathspec.GitIgnoreSpec.from_lines(lines)
            _required_not_ignored(path, lines, spec, problems)
            spec = _RequiredKept(spec)

    def ignored(relative: Path, is_folder: bool) -> bool:
        if any(part.startswith("_") or part in VERSION_CONTROL for part in relative.parts):
            return True
        return spec is not None and spec.match_file(relative.as_posix() + ("/" if is_folder else ""))

    return ignored


class _RequiredKept:
    """The ignore rule, except for the files the bulletin cannot be without (reported once above)."""

    def __init__(self, spec):
        self.spec = spec

    def match_file(self, relative: str) -> bool:
        return relative not in ROOT_FILES and self.spec.match_file(relative)


def _required_not_ignored(path: Path, lines: list[str], spec, problems: Problems) -> None:
    """`.bulletinignore` listing bulletin.yml (or `*`) would hide the whole bulletin: each such file is
    a problem at the pattern's line, and the file is read anyway."""
    for name in ROOT_FILES:  # (published.lock is read by the record check whatever this file says)
        if not spec.match_file(name):
            continue
        line = next((number for number, pattern in enumerate(lines, 1)
                     if pathspec.GitIgnoreSpec.from_lines([pattern]).match_file(name)), None)
        problems.add(path, line, "", f"不能忽略必需的文件 {name}：请从 {IGNORE_FILE} 中删去这一行或改写此规则")


def _readable(path: Path, real_root: Path, problems: Problems) -> bool:
    """A regular file inside the content folder, reached directly or by a link that stays inside."""
    try:
        if path.is_symlink():
            try:
                target = path.resolve(strict=True)
            except (OSError, RuntimeError):
                problems.add(path, None, "", "是指向不存在文件的链接（编辑器留下的锁文件？）" + _SKIP_HINT)
                return False
            if not target.is_relative_to(real_root):
                problems.add(path, None, "", "是指向内容目录之外的链接：内容目录外的文件不予发布")
                return False
        mode = path.stat().st_mode
    except OSError as exc:
        problems.add(path, None, "", f"无法读取此文件（{exc.strerror or exc}）")
        return False
    if not stat.S_ISREG(mode):
        problems.add(path, None, "", "不是普通文件" + _SKIP_HINT)
        return False
    return True


def _classify(path: Path, parts: tuple[str, ...], layout: Layout, problems: Problems) -> None:
    name = parts[-1]
    if len(parts) == 1 and (name in ROOT_FILES or name in OPTIONAL_ROOT_FILES):
        layout.root_files[name] = path
    elif parts[0] == "items" and len(parts) == 3 and is_year(parts[1]) and name.endswith(".md") and len(name) > 3:
        layout.items.append(path)
    elif parts[0] == "issues" and len(parts) == 4 and is_year(parts[2]) and _ISSUE_NAME.match(name):
        layout.issues.append(path)
    elif parts[0] in ("submissions", "penalties") and len(parts) == 2 and name.endswith(".yml") and is_year(name[:-4]):
        getattr(layout, parts[0]).append(path)
    elif parts[0] == "requests" and len(parts) == 3 and is_year(parts[1]) and name.endswith(".yml") and len(name) > 4:
        layout.requests.append(path)
    else:
        problems.add(path, None, "", _why_not_read(parts) + _SKIP_HINT)


def _why_not_read(parts: tuple[str, ...]) -> str:
    name = parts[-1]
    suffix = Path(name).suffix.lower()
    if parts[0] == "items" and len(parts) > 1:
        expected = "稿件文件的扩展名应为 .md" if suffix in (".markdown", ".mdown", ".mkd", ".txt", ".md~") else ""
        return expected or f"未读取：稿件应放在 items/<四位年份>/<id>.md（年份 {FIRST_YEAR}-{LAST_YEAR}）"
    if parts[0] == "issues" and len(parts) > 1:
        if suffix == ".yaml":
            return "未读取：扩展名应为 .yml"
        return "未读取：每期应放在 issues/<刊物>/<四位年份>/<期号>.yml（增刊为 zk<期号>.yml）"
    if parts[0] == "submissions" and len(parts) > 1:
        return "未读取：报送统计应为 submissions/<四位年份>.yml"
    if parts[0] == "penalties" and len(parts) > 1:
        return "未读取：扣分记录应为 penalties/<四位年份>.yml"
    if parts[0] == "requests" and len(parts) > 1:
        return "未读取：约稿应放在 requests/<四位年份>/<id>.yml"
    if len(parts) == 1 and suffix == ".yaml" and name[:-5] + ".yml" in ROOT_FILES:
        return "未读取：扩展名应为 .yml"
    return "未读取：内容目录只读取 bulletin.yml、units.yml、topics.yml、items/、issues/、submissions/、requests/ 和 penalties/"
