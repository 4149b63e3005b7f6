"""A full disk said as one sentence: which folder's disk is full, how much is free there, and about
how much the step needs, instead of the generator's traceback or a guess at the wrong disk.

The generator runs as a child (`processes`) through `python -m bulletin.ops.disk_space GENERATOR ...`:
a full disk anywhere in it (MkDocs' own writing, the page cache, the PDFs in the temporary folder,
the search index) ends it quietly with FULL_EXIT. The parent, which knows every folder the child
writes to, then finds the full one by asking each disk (`statvfs`), while the half-written staging
folder is still there to say how far the build got.
"""

from __future__ import annotations

import errno
import json
import os
import runpy
import sys
import tempfile
from pathlib import Path

FULL_ERRNOS = (errno.ENOSPC, errno.EDQUOT)
FULL_EXIT = 74   # the child's exit code for "a disk was full" (EX_IOERR; never the user's: the parent says why)
_FULL_TEXTS = ("No space left on device", "Disk quota exceeded")
NEARLY_FULL = 16 * 2**20   # free bytes below which a disk counts as full after a failure that did not say why


def full_error(error: BaseException | None) -> BaseException | None:
    """The disk-full error in `error`'s chain (an OSError, or a tool's error that quotes the
    system's words), or None."""
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, OSError) and error.errno in FULL_ERRNOS:
            return error
        if any(text in str(error) for text in _FULL_TEXTS):
            return error
        error = error.__cause__ or error.__context__
    return None


def free_bytes(folder: Path) -> int | None:
    """Free bytes for this user on `folder`'s disk (the nearest folder that exists); no inodes left is none."""
    try:
        stat = os.statvfs(_existing(folder))
    except OSError:
        return None
    return 0 if stat.f_files and not stat.f_favail else stat.f_bavail * stat.f_frsize


def size_of(folder: Path) -> int:
    """Bytes in the files under `folder` (links not followed)."""
    total = 0
    for root, _, files in os.walk(folder):
        for name in files:
            try:
                total += os.lstat(os.path.join(root, name)).st_size
            except OSError:
                pass
    return total


def human(count: int) -> str:
    for unit, size in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if count >= size:
            return f"{count / size:.1f} {unit}"
    return f"{count} 字节"


def fullest(folders: dict[Path, str]) -> tuple[Path, str] | None:
    """Of the folders a step wrote to (folder -> what it is), the one whose disk has least room."""
    measured = [(free, folder, role) for folder, role in folders.items() if (free := free_bytes(folder)) is not None]
    return min(measured, key=lambda entry: entry[0])[1:] if measured else None


def sentence(folder: Path, role: str, site_size: str | None, error: BaseException | None = None) -> str:
    """磁盘空间不足: the folder, its disk, what is free there, and about what is needed."""
    free = free_bytes(folder)
    quota = isinstance(error, OSError) and error.errno == errno.EDQUOT
    said = (f"{'超出磁盘配额' if quota else '磁盘空间不足'}：{role} {folder} 所在的磁盘（{_disk(folder)}）"
            f"{'剩余 ' + human(free) if free is not None else '无法读取剩余空间'}")
    if site_size:
        said += f"，这次生成的网站{site_size}" + ("" if role == SITE_ROLE else f"，{role}所需与网站大小相当")
    return said + f"。请清理该磁盘，或把{role}换到空间足够的磁盘后重试。"


SITE_ROLE = "生成网站的目录"


def site_needs(staging: Path, plan: Path, previous: Path | None = None) -> str:
    """About how big the whole site is: the last build's size, or what the stopped build wrote
    scaled by the pages it planned, or at least what it wrote."""
    written = size_of(staging)
    if previous is not None and previous.is_dir():
        return f"约 {human(size_of(previous))}（上次生成的大小；本次已写入 {human(written)}）"
    try:
        planned = json.loads(plan.read_text(encoding="utf-8"))
        present = sum(1 for path in planned if (staging / path).is_file())
    except (OSError, ValueError, TypeError):
        planned, present = [], 0
    if planned and present:
        whole = int(written * len(planned) / present * 1.1)
        return f"约 {human(whole)}（已写入 {human(written)}，计划的 {len(planned)} 个页面写出了 {present} 个）"
    return f"在写入 {human(written)} 后停下，所需空间大于此数"


NEEDED = "bulletin_needs"   # the attribute note_needs gives an error


def note_needs(error: BaseException, built: Path, previous: Path | None) -> None:
    """Give a full-disk error met after the site was built (the record, the links, the manifest,
    the swap) the site's size, taken while the folder is still there, for `explain` to say."""
    if full_error(error) and getattr(error, NEEDED, None) is None:
        try:
            setattr(error, NEEDED, site_needs(built, built.with_name(built.name + ".plan"), previous))
        except (AttributeError, OSError):
            pass


def explain(error: OSError, role: str, needed: str | None = None) -> str:
    """A file operation of this process that met a full disk: the folder is the file's own."""
    path = Path(error.filename2 or error.filename or ".")  # a link or rename fills the target's folder
    return sentence(path if path.is_dir() else path.parent, role, needed, error)


def _existing(path: Path) -> Path:
    path = Path(os.path.abspath(path))
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def _disk(path: Path) -> str:
    path = _existing(path)
    while not os.path.ismount(path) and path != path.parent:
        path = path.parent
    try:
        stat = os.statvfs(path)
    except OSError:
        return f"挂载于 {path}"
    return f"挂载于 {path}，容量 {human(stat.f_blocks * stat.f_frsize)}"


def temp_folder() -> Path:
    return Path(tempfile.gettempdir())


def _run_generator(argv: list[str]) -> None:
    """Run `python -m GENERATOR ARGS...` in this process; a full disk ends it with FULL_EXIT, unsaid."""
    sys.argv = argv
    try:
        runpy.run_module(argv[0], run_name="__main__", alter_sys=True)
    except SystemExit as stop:
        if stop.code not in (0, None) and full_error(stop.__context__):
            sys.exit(FULL_EXIT)
        raise
    except Exception as error:
        if full_error(error):
            sys.exit(FULL_EXIT)
        raise


if __name__ == "__main__":
    _run_generator(sys.argv[1:])
