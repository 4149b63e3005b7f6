"""Every file under the content folder is classified: read as one of the known kinds (the table in
`kinds`), ignored by a documented rule, or reported. Nothing is skipped in silence.

Ignored (documented in the README): any file or folder whose name starts with `_` (notes, drafts,
templates the office keeps beside its content), version control's own files (`.git/`, `.gitignore`,
`.gitkeep`...: content is edited in Git), and whatever `.bulletinignore` (gitignore patterns, at the
top of the content folder) lists. Links are followed only to regular files inside the content
folder; a link leaving it, a dangling link, a link to a folder, or anything that is not a regular
file is reported.
"""

from __future__ import annotations

import os
import stat
from bisect import insort
from dataclasses import dataclass, field
from pathlib import Path

from bulletin.content.files import read_text
from bulletin.content.kinds import KINDS, REQUIRED_FILES, ROOT_FILES, FileKind, kind_in_folder, kind_of, why_not_read
from bulletin.content.problems import Problems

IGNORE_FILE = ".bulletinignore"
VERSION_CONTROL = frozenset({".git", ".svn", ".hg", ".gitignore", ".gitattributes", ".gitkeep", ".keep"})
_SKIP_HINT = "；不需发布的文件请以“_”开头命名，或写入 .bulletinignore"


@dataclass
class Layout:
    """The files found, by kind (`FileKind.pattern`), each kind in path order (the order problems and
    records come out in)."""

    found: dict[str, list[Path]] = field(default_factory=lambda: {kind.pattern: [] for kind in KINDS})
    stats: dict[str, os.stat_result] = field(default_factory=dict)   # by str(path): each file's, as the walk saw it

    def stat(self, path: Path) -> os.stat_result | None:
        """The file's status as found (its target's, for a link): the reading need not ask again."""
        return self.stats.get(str(path))

    def paths(self, kind: FileKind) -> list[Path]:
        return self.found[kind.pattern]

    def has(self, pattern: str) -> bool:
        return bool(self.found[pattern])


# A folder named like a file the product reads (or its .yaml near miss) is a mistake (an unzip, a
# tool's cache): reported, so that an empty `2026-0001.md/` cannot stand in silence for the item.
_FILE_SUFFIXES = tuple(sorted({Path(kind.pattern).suffix for kind in KINDS if Path(kind.pattern).suffix} | {".yaml"}))


def discover(root: Path, problems: Problems) -> Layout:
    layout = Layout()
    real_root = root.resolve()
    ignored = _ignore_rule(root, real_root, problems)

    def unreadable_folder(error: OSError) -> None:
        problems.add(error.filename or root, None, "", f"无法读取此目录（{error.strerror or error}）")

    for folder, folders, files in os.walk(root, onerror=unreadable_folder):
        here = Path(folder)
        above = here.relative_to(root).parts
        kept = []
        for name in sorted(folders):
            parts = (*above, name)
            if ignored(parts, is_folder=True):
                continue
            if name.endswith(_FILE_SUFFIXES):  # reported, and walked: what it holds is reported too
                problems.add(here / name, None, "", f"是目录，不是文件：{_named_like(parts)}")
            if (here / name).is_symlink():
                problems.add(here / name, None, "", "是指向目录的链接：内容目录不跟随目录链接，请放入真实的目录" + _SKIP_HINT)
                continue
            kept.append(name)
        folders[:] = kept
        # parts and strings, not paths, and the folders' part of each kind tried once a folder: a check
        # walks every file of the archive; the folders above passed the ignore rule already
        kind_of_name = kind_in_folder(above)
        prefix = "" if str(here) == "." else f"{here}{os.sep}"   # str(here / name), without pathlib's cost
        for name in sorted(files):
            parts = (*above, name)
            if name[0] == "_" or name in VERSION_CONTROL or parts == (IGNORE_FILE,) \
                    or (ignored.by_pattern and ignored(parts, is_folder=False)):
                continue
            path = here / name
            status = _regular_file(prefix + name)
            kind = kind_of_name(name) if status else None
            if kind is not None:
                layout.paths(kind).append(path)
                layout.stats[prefix + name] = status
                continue
            status = status or _readable(path, real_root, problems)   # a link, or not a file: said why
            if status:
                _classify(path, parts, layout, problems, status)
    for name in REQUIRED_FILES:
        # Whatever else is wrong with a required file (a folder, a link, unreadable) is reported already.
        if not layout.has(name) and not problems.about(root / name):
            problems.add(root / name, None, "", "缺少此文件")
    return layout


def discover_added(root: Path, known: Layout, path: Path, problems: Problems) -> Layout:
    """What `discover` finds once `path` is written beside the files it found (`known`, found without a
    problem): the file classified by the same rules, in the walk's order. new-item's second read walks
    the archive once, not twice."""
    layout = Layout({pattern: list(paths) for pattern, paths in known.found.items()}, dict(known.stats))
    parts = path.relative_to(root).parts
    ignored = _ignore_rule(root, root.resolve(), problems)
    if any(ignored(parts[:depth], is_folder=True) for depth in range(1, len(parts))) or ignored(parts, is_folder=False):
        return layout
    status = _readable(path, root.resolve(), problems)
    if status:
        kind = kind_of(parts)
        if kind is None:
            _classify(path, parts, layout, problems, status)
        else:
            insort(layout.paths(kind), path, key=lambda found: _walk_order(found.relative_to(root).parts))
            layout.stats[str(path)] = status
    return layout


def _walk_order(parts: tuple[str, ...]) -> tuple:
    """Where `os.walk` above meets a file: a folder's own files (by name) before its folders (by name)."""
    return (*((1, folder) for folder in parts[:-1]), (0, parts[-1]))


def _named_like(parts: tuple[str, ...]) -> str:
    if len(parts) == 1 and parts[0] in ROOT_FILES:
        return f"{parts[0]} 应为文件"
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
            import pathspec   # here: most content folders have no such file, and every check imports this module
            spec = pathspec.GitIgnoreSpec.from_lines(lines)
            _required_not_ignored(path, lines, spec, problems)
            spec = _RequiredKept(spec)

    def ignored(parts: tuple[str, ...], is_folder: bool) -> bool:
        if any(part.startswith("_") or part in VERSION_CONTROL for part in parts):
            return True
        return spec is not None and spec.match_file("/".join(parts) + ("/" if is_folder else ""))

    ignored.by_pattern = spec is not None   # without patterns, a file's own name is all left to judge
    return ignored


def _regular_file(path: str) -> os.stat_result | None:
    """The file's status when it is a regular file itself (not a link); None leaves it to `_readable`."""
    try:
        status = os.lstat(path)
    except OSError:
        return None
    return status if stat.S_ISREG(status.st_mode) else None


class _RequiredKept:
    """The ignore rule, except for the files the bulletin cannot be without (reported once above)."""

    def __init__(self, spec):
        self.spec = spec

    def match_file(self, relative: str) -> bool:
        return relative not in REQUIRED_FILES and self.spec.match_file(relative)


def _required_not_ignored(path: Path, lines: list[str], spec, problems: Problems) -> None:
    """`.bulletinignore` listing bulletin.yml (or `*`) would hide the whole bulletin: each such file is
    a problem at the pattern's line, and the file is read anyway."""
    import pathspec
    for name in REQUIRED_FILES:  # (published.lock is read by the record check whatever this file says)
        if not spec.match_file(name):
            continue
        line = next((number for number, pattern in enumerate(lines, 1)
                     if pathspec.GitIgnoreSpec.from_lines([pattern]).match_file(name)), None)
        problems.add(path, line, "", f"不能忽略必需的文件 {name}：请从 {IGNORE_FILE} 中删去这一行或改写此规则")


def _readable(path: Path, real_root: Path, problems: Problems) -> os.stat_result | None:
    """A regular file inside the content folder, reached directly or by a link that stays inside: its
    status (its target's), else None."""
    try:
        status = os.lstat(path)
        mode = status.st_mode
        if stat.S_ISLNK(mode):
            try:
                target = path.resolve(strict=True)
            except (OSError, RuntimeError):
                problems.add(path, None, "", "是指向不存在文件的链接（编辑器留下的锁文件？）" + _SKIP_HINT)
                return None
            if not target.is_relative_to(real_root):
                problems.add(path, None, "", "是指向内容目录之外的链接：内容目录外的文件不予发布")
                return None
            status = path.stat()
            mode = status.st_mode
    except OSError as exc:
        problems.add(path, None, "", f"无法读取此文件（{exc.strerror or exc}）")
        return None
    if not stat.S_ISREG(mode):
        problems.add(path, None, "", "不是普通文件" + _SKIP_HINT)
        return None
    return status


def _classify(path: Path, parts: tuple[str, ...], layout: Layout, problems: Problems, status: os.stat_result) -> None:
    kind = kind_of(parts)
    if kind is not None:
        layout.paths(kind).append(path)
        layout.stats[str(path)] = status
    else:
        problems.add(path, None, "", why_not_read(parts) + _SKIP_HINT)
