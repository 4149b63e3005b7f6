"""Which files each file's links load, kept from one publish to the next, so that verify re-reads
only the files whose links may have broken.

Verify resolves every link of the files it reads (bulletin/ops/verify.py). A file unchanged since
the served release (same path, same bytes, same site address) holds the same links, and they all
resolved when that release was published: one can break only if the file it loads is gone. So
publish keeps, for the release it serves, each file verify read -> the files its links load. When
the next release lacks some of the served one's files (a withdrawn item's page, a renamed unit),
verify reads the changed files and the unchanged ones whose links load a file now gone, instead
of every file. The targets are the files verify itself resolved (`..`, `./`, %-encoding and
folder links to index.html done by verify's own code), never a filter on the text.

Kept in the build's cache, for one release (its id) and one site address, behind the SHA-256 of
its text: missing, made for another release (a rollback, a publish elsewhere), for another address,
altered or not covering every file, it is not used, and verify reads every file again (which makes
a new one).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

FORMAT = 1


@dataclass
class Index:
    targets: list[str]          # every file some link loads, by number (only ever appended to)
    pages: dict[str, str]       # file read -> the numbers of the files its links load, space-separated


def where(cache: Path) -> Path:
    """Named by no web root: a release's id names it alone (a web root moved keeps its index)."""
    return cache / "link-index.json"


def load(path: Path, release_id: str | None, site_url: str | None) -> Index | None:
    """The index kept for `release_id` at `site_url`, or None if there is none to trust."""
    if not release_id:
        return None
    try:
        digest, _, body = path.read_bytes().partition(b"\n")
        if hashlib.sha256(body).hexdigest().encode() != digest:
            return None
        kept = json.loads(body)
        if kept.get("format") != FORMAT or kept.get("release") != release_id or kept.get("site_url") != (site_url or ""):
            return None
        index = Index(kept["targets"], kept["pages"])
        if not (isinstance(index.targets, list) and isinstance(index.pages, dict)):
            return None
        return index
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def read_by_verify(path: str, suffixes) -> bool:
    """Whether verify reads `path` for links (as Path.suffix sees its name)."""
    return os.path.splitext(path.rsplit("/", 1)[-1])[1] in suffixes


def to_read(index: Index | None, shared, suffixes) -> set[str] | None:
    """What verify must read of a new release (`shared`, release_links.Shared: its files, those
    changed since the served release and the served files it lacks): the changed files, and
    every other file whose links load a removed one. None without an index, or if the index does
    not name every such file: verify then reads all."""
    if index is None:
        return None
    changed, removed, files = shared.changed, shared.removed, shared.hashes
    number = {target: n for n, target in enumerate(index.targets)}
    gone = {str(number[path]) for path in removed if path in number}
    read = set(changed)
    for path in files:
        if path in changed or not read_by_verify(path, suffixes):
            continue
        line = index.pages.get(path)
        if not isinstance(line, str):
            return None
        if gone and not gone.isdisjoint(line.split()):
            read.add(path)
    return read


def merged(old: Index | None, resolved: dict[str, list[str]], files, suffixes) -> Index | None:
    """The index of a release made of `files`: what verify `resolved` now, the rest from `old`
    (the served release's). None if some file is in neither."""
    index = Index(list(old.targets) if old else [], {})
    number = {target: n for n, target in enumerate(index.targets)}
    for path in files:
        if path in resolved:
            numbers = []
            for target in dict.fromkeys(resolved[path]):
                if target not in number:
                    number[target] = len(index.targets)
                    index.targets.append(target)
                numbers.append(str(number[target]))
            index.pages[path] = " ".join(numbers)
        elif read_by_verify(path, suffixes):
            line = old.pages.get(path) if old else None
            if not isinstance(line, str):
                return None
            index.pages[path] = line
    return index


def save(path: Path, index: Index, release_id: str, site_url: str | None) -> None:
    body = json.dumps({"format": FORMAT, "release": release_id, "site_url": site_url or "",
                       "targets": index.targets, "pages": index.pages}, ensure_ascii=False).encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.new")
    temporary.write_bytes(hashlib.sha256(body).hexdigest().encode() + b"\n" + body)
    os.replace(temporary, path)
