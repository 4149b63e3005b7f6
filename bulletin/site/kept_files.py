"""Files a build keeps between builds (rendered pages, PDFs, search bundles), kept immutable.

A kept file is written once, beside its place, made read-only and renamed into it: its inode is
never written again. It is reused only after its bytes are checked against the SHA-256 it was kept
with, and it reaches a site as a copy of its own, never a link. So a kept file edited in place
(chmod-ed and written, or restored from an archive) never reaches a site: the check fails, the
entry is dropped and the caller makes it again.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def store(path: Path, data: bytes) -> str:
    """Keep `data` at `path` by rename, read-only; its SHA-256."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    temporary.write_bytes(data)
    temporary.chmod(0o444)
    os.replace(temporary, path)
    return sha256(data)


def read_checked(path: Path, digest: str | None) -> bytes | None:
    """The kept file's bytes if they are the ones it was kept with; else None, the entry dropped."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if digest is None or sha256(data) != digest:   # changed since it was kept: never reused
        path.unlink(missing_ok=True)
        return None
    return data


def copy_checked(path: Path, digest: str | None, target: Path) -> bool:
    """Put a copy of the kept file at `target` (never a link: the site shares no inode with the
    cache) if its bytes are the ones it was kept with."""
    data = read_checked(path, digest)
    if data is None:
        return False
    write_copy(target, data)
    return True


def write_copy(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)   # never write through a link into a kept file
    target.write_bytes(data)
