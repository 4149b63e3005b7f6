"""Releases share their unchanged files: N kept releases cost one copy and what changed.

A new release is built complete in its own folder (it must verify and be served on its own), then
every file whose bytes equal the same path in the served release is replaced by a hard link to
that file. Release files are never written in place after the swap (a release is replaced whole,
pruned whole, and the record is written by rename), so a shared inode can never change under the
release that shares it. What is left unlinked is exactly what changed: verification reads only
that (bulletin/ops/verify.py, `only`).
"""

from __future__ import annotations

import filecmp
import os
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Shared:
    changed: set[str] = field(default_factory=set)   # new or changed files, relative to the release
    linked: int = 0                                   # files now shared with the release before
    removed: set[str] = field(default_factory=set)   # files of the release before that the new one lacks


def _files(root: Path) -> dict[str, os.stat_result]:
    found = {}
    for folder, _, names in os.walk(root):
        for name in names:
            path = os.path.join(folder, name)
            stat = os.lstat(path)
            if os.path.isfile(path) and not os.path.islink(path):
                found[os.path.relpath(path, root)] = stat
    return found


def share_unchanged(new: Path, old: Path | None) -> Shared:
    """Hard-link every file of `new` that is byte-identical to `old`'s file at the same path."""
    result = Shared()
    fresh = _files(new)
    if old is None or not old.is_dir():
        result.changed = {Path(path).as_posix() for path in fresh}
        return result
    before = _files(old)
    result.removed = {Path(path).as_posix() for path in before if path not in fresh}
    for path, stat in fresh.items():
        earlier = before.get(path)
        target, source = new / path, old / path
        if earlier is not None and (earlier.st_dev, earlier.st_ino) == (stat.st_dev, stat.st_ino):
            result.linked += 1   # one file already (the build's cache links what it reuses into both)
            continue
        if earlier is None or earlier.st_size != stat.st_size or earlier.st_mode != stat.st_mode \
                or not filecmp.cmp(source, target, shallow=False):
            result.changed.add(Path(path).as_posix())
            continue
        temporary = target.with_name(f".{target.name}.link")
        try:
            os.link(source, temporary)        # made beside it, then renamed over: never a missing file
            os.replace(temporary, target)
            result.linked += 1
        except OSError:                       # another file system, or no hard links: keep the copy
            temporary.unlink(missing_ok=True)
            result.changed.add(Path(path).as_posix())
    return result
