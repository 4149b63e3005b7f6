"""Releases share their unchanged files, and nothing else: N kept releases cost one copy and what changed.

A new release is built complete in its own folder (it must verify and be served on its own). Every
file is then read once, which gives its hash for the manifest (bulletin/ops/chain.py):
- a file whose hash equals the served release's file at the same path (as read and checked against
  the served manifest in this same publish) is replaced by a hard link to that file;
- a file that shares its inode with anything outside the releases (the build's caches link pages,
  PDFs and search files into the site they build) is replaced by that served file when equal to
  it (read first, so an unchanged one is never copied), else by a copy of its own.
So a release's files share inodes with other releases' files only. A file the build already made as
a hard link to the served release's file at the same path (a reused page or PDF, handed the served
hashes by publish) is that file: its hash is the one read in this publish, and it is neither read
nor linked again. Release files are never
written in place (a release is replaced whole, pruned whole, and its record, manifest and head are
written by rename), so nothing can change a served file without the manifest saying so. What is
left unlinked is exactly what changed: verification reads only that (bulletin/ops/verify.py, `only`).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from bulletin.ops.chain import file_hash, listing

_CHUNK = 1 << 20


@dataclass
class Shared:
    changed: set[str] = field(default_factory=set)   # new or changed files, relative to the release
    linked: int = 0                                   # files now shared with the release before
    removed: set[str] = field(default_factory=set)   # files of the release before that the new one lacks
    hashes: dict[str, str] = field(default_factory=dict)   # every file's SHA-256, for the manifest
    copied: int = 0                                   # files that were links into a cache, now copies
    odd: list[str] = field(default_factory=list)      # entries neither file nor folder (symlinks): verify's to refuse


def own_copy(path: Path) -> str:
    """Replace `path` by a copy with an inode of its own (made beside it, renamed over); its hash."""
    digest = hashlib.sha256()
    temporary = path.with_name(f".{path.name}.copy")
    mode = os.stat(path).st_mode & 0o777
    with open(path, "rb") as source, open(temporary, "wb") as target:
        while chunk := source.read(_CHUNK):
            digest.update(chunk)
            target.write(chunk)
    os.chmod(temporary, mode)
    os.replace(temporary, path)
    return digest.hexdigest()


def share_unchanged(new: Path, old: Path | None, old_hashes: dict[str, str] | None = None,
                    old_files: dict[str, os.stat_result] | None = None) -> Shared:
    """Hash every file of `new`, and hard-link each one equal to `old`'s file at the same path.

    `old_hashes`: the hashes of `old`'s files that may be shared (read in this run, matching the
    manifest, linked nowhere outside the releases); files not in it are never linked to.
    `old_files`: `old`'s files as listed in this run (by the chain's check), else listed here."""
    result = Shared()
    fresh, result.odd = listing(new)
    before = old_hashes or {}
    if old_files is None:
        old_files = listing(old)[0] if old is not None else {}
    result.removed = {path for path in old_files if path not in fresh}
    new_folder, old_folder = os.fspath(new), os.fspath(old) if old is not None else None
    for path, info in fresh.items():
        served = old_files.get(path)
        if served is not None and path in before and (served.st_dev, served.st_ino) == (info.st_dev, info.st_ino):
            result.hashes[path] = before[path]   # the served file itself, hashed in this publish
            result.linked += 1
            continue
        # Strings, not Paths: thousands of files (Pagefind's) are copies equal to the served ones each publish.
        target = os.path.join(new_folder, path)
        digest = file_hash(target)
        if old_folder is None or before.get(path) != digest:
            if info.st_nlink > 1:   # a cache's file, changed: this release gets a copy of its own
                digest = own_copy(Path(target))
                result.copied += 1
            result.hashes[path] = digest
            result.changed.add(path)
            continue
        # Equal to the served file: replaced by it below, so a cache's file needs no copy first.
        result.hashes[path] = digest
        folder, name = os.path.split(target)
        temporary = os.path.join(folder, f".{name}.link")
        try:
            os.link(os.path.join(old_folder, path), temporary)   # made beside it, then renamed over: never a missing file
            os.replace(temporary, target)
            result.linked += 1
        except OSError:                       # another file system, or no hard links: a copy of its own
            if os.path.lexists(temporary):
                os.unlink(temporary)
            if info.st_nlink > 1:
                result.hashes[path] = own_copy(Path(target))
                result.copied += 1
            result.changed.add(path)
    return result


def link_all(new: Path, old: Path, old_hashes: dict[str, str]) -> Shared:
    """Make `new` of hard links to every file of `old` named in `old_hashes` (read in this run,
    matching the manifest): a release built from the same inputs as `old`, without building it."""
    result = Shared(hashes=dict(old_hashes), linked=len(old_hashes))
    made = set()
    for path in sorted(old_hashes):
        folder = (new / path).parent
        if folder not in made:
            folder.mkdir(parents=True, exist_ok=True)
            made.add(folder)
        os.link(old / path, new / path)
    return result
