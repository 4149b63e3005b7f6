"""Generating the site into a folder of its own, and putting it where readers get it.

`bulletin build` and `bulletin publish` share all of this: the generator runs as a guarded child
(`processes`) into a staging folder no other run uses, and the result takes the place of the old
site in one step. Every build leaves a manifest (MARKER) at the top of its output: it is how a
later build knows a folder is a site it may replace, and a finished build from a broken one.
"""

from __future__ import annotations

import ctypes
import json
import os
import pickle
import shutil
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from bulletin.ops import disk_space
from bulletin.ops import generators
from bulletin.ops import run_lock
from bulletin.ops import processes
from bulletin.archive import Archive
from bulletin.content.problems import Refused
from bulletin.ops.request import BuildRequest

MARKER = ".bulletin-build.json"


def write_manifest(site_dir: Path | str) -> None:
    """Written by the generator last, so a folder holding it is a finished build."""
    manifest = {"generator": "bulletin"}
    Path(site_dir, MARKER).write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")


def read_manifest(site_dir: Path) -> dict | None:
    try:
        return json.loads((site_dir / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def refuse_out(out: Path) -> str | None:
    """Why `out` must not be replaced, or None: only a missing or empty folder or an earlier build."""
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        return f"输出位置 {out} 已存在且不是目录，拒绝覆盖。"
    if not out.exists() or not any(out.iterdir()) or read_manifest(out) is not None:
        return None
    return (f"输出目录 {out} 已存在，且不是 bulletin 生成的网站（其中没有 {MARKER}）。"
            f"为免误删，拒绝覆盖：请换一个不存在的目录，或确认无用后手工清空它。")


def served_file(into: Path | str) -> Path:
    """Beside a build's folder: the served release and its files' hashes, when publish builds."""
    into = Path(into)
    return into.with_name(into.name + ".served")


def read_served(into: Path | str) -> tuple[Path, dict[str, str]] | None:
    """In the generator: (the served release's folder, its files' hashes as checked this publish)."""
    try:
        folder, hashes = pickle.loads(served_file(into).read_bytes())
        return Path(folder), dict(hashes)
    except Exception:   # none handed (build, serve), or unreadable: nothing is linked from a release
        return None


def generate(request: BuildRequest, config: Path, into: Path, checked: Archive | None = None,
             previous: Path | None = None, served: tuple[Path, dict[str, str]] | None = None) -> int:
    """Run the generator into `into` (a fresh folder); 0 only if it finished with every planned
    page and left its manifest. Raises GeneratorError when no generator is installed.

    `checked` is the archive as this process just checked and indexed it: the generator builds
    from it rather than reading, checking and indexing the folder again (seconds, on a ten-year
    archive), and so builds exactly what was checked. `served` (publish's): the served release's
    folder and the hashes of its files checked in this run, which the build may link unchanged
    pages and PDFs to instead of copying them (bulletin/site/page_cache.py)."""
    # Through disk_space's runner: a full disk ends the generator with FULL_EXIT instead of a traceback.
    command = [sys.executable, "-m", "bulletin.ops.disk_space", generators.choose(), "build", "--strict",
               "-f", str(config), "-d", str(into)]
    # Beside the site, under the staging prefix: a killed run's leftovers are removed with it.
    plan = into.with_name(into.name + ".plan")
    handed = into.with_name(into.name + ".content")
    asked = into.with_name(into.name + ".request")
    request = replace(request, plan=str(plan), checked=str(handed) if checked is not None else "")
    try:
        if checked is not None:
            handed.write_bytes(pickle.dumps(checked, protocol=pickle.HIGHEST_PROTOCOL))
        if served is not None:
            served_file(into).write_bytes(pickle.dumps((str(served[0]), served[1]), protocol=pickle.HIGHEST_PROTOCOL))
        code = processes.run(command, request.write(asked))
        # Asked now, while the half-written site is still there to measure and the plan to compare with.
        problem = _full_disk(request, config, into, plan, code, previous) if code != 0 else None
        problem = problem or (f"生成器退出码 {code}" if code != 0 else generators.missing_pages(plan, into))
    finally:
        for path in (plan, handed, asked, served_file(into)):
            path.unlink(missing_ok=True)
    if not problem and read_manifest(into) is None:
        problem = f"生成程序未写出 {MARKER}：网站不完整。"
    if problem:
        print(problem, file=sys.stderr)
        return code or 1
    return 0


def _full_disk(request: BuildRequest, config: Path, into: Path, plan: Path, code: int, previous: Path | None) -> str | None:
    """The sentence for a generator that stopped on a full disk (or stopped while one of its disks
    is next to full): the fullest of the folders it writes to, what is free there, what is needed."""
    folders = {into.parent: disk_space.SITE_ROLE, disk_space.temp_folder(): "临时目录（TMPDIR）"}
    cache = request.cache_dir(config.parent)
    for folder, role in ((cache, "缓存目录（--cache 或 BULLETIN_CACHE）"),
                         (Path(request.pdf_cache) if request.pdf_cache else None, "PDF 缓存目录（BULLETIN_PDF_CACHE）"),
                         (Path(request.phases).parent if request.phases else None, "阶段记录的目录（BULLETIN_PHASES）")):
        if folder is not None:
            folders.setdefault(folder, role)
    found = disk_space.fullest(folders)
    if found is None or (code != disk_space.FULL_EXIT and (disk_space.free_bytes(found[0]) or 0) >= disk_space.NEARLY_FULL):
        return None
    return disk_space.sentence(found[0], found[1], disk_space.site_needs(into, plan, previous))


def staging_dir(parent: Path, prefix: str) -> Path:
    """A new folder beside the target (same file system, so it can be renamed into place).

    Readable as any new folder would be (mkdtemp makes it private): it becomes the served site."""
    path = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
    umask = os.umask(0)
    os.umask(umask)
    path.chmod(0o777 & ~umask)
    return path


def remove_leftovers(parent: Path, prefix: str) -> None:
    """Staging folders of killed runs. Call only while holding the lock: no live run owns one."""
    for leftover in parent.glob(prefix + "*"):
        shutil.rmtree(leftover, ignore_errors=True) if leftover.is_dir() else leftover.unlink(missing_ok=True)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2); False where the system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    done = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return done == 0


def replace_dir(staging: Path, out: Path) -> None:
    """Put `staging` at `out`. Readers of `out` see the old site or the new one, never neither,
    where the system can exchange two paths; elsewhere the gap is two renames long."""
    if not out.exists():
        staging.rename(out)
        return
    if _exchange(staging, out):
        shutil.rmtree(staging)  # now the old site
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    out.rename(retired / "site")
    staging.rename(out)
    shutil.rmtree(retired)


def build(request: BuildRequest, config: Path, out: Path, checked: Archive | None = None) -> None:
    """`bulletin build`: generate into a staging folder of this run's own and swap it in, one run
    per `out` at a time. Raises Refused, leaving `out` as it was, on any failure."""
    refusal = refuse_out(out)
    if refusal:
        raise Refused(refusal)
    try:
        _build(request, config, out, checked)
    except OSError as error:   # this process's own writing: the lock, the staging folder, the swap
        if disk_space.full_error(error):
            raise Refused(disk_space.explain(error, "输出目录", getattr(error, disk_space.NEEDED, None))
                          + "\n生成失败，输出目录保持原样。") from error
        raise Refused(f"生成失败，输出目录保持原样：{error.filename or out} 无法写入（{error.strerror or error}）。") from error


def _build(request: BuildRequest, config: Path, out: Path, checked: Archive | None) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    prefix = f".{out.name}.staging-"
    with run_lock.held(out.parent / f".{out.name}.lock", f"bulletin build --out {out}"):
        refusal = refuse_out(out)  # again under the lock: a run that just finished may have made it
        if refusal:
            raise Refused(refusal)
        remove_leftovers(out.parent, prefix)
        staging = staging_dir(out.parent, prefix)
        try:
            previous = out if read_manifest(out) is not None else None
            if generate(request, config, staging, checked, previous) != 0:
                raise Refused("生成失败，输出目录保持原样。")
            try:
                replace_dir(staging, out)
            except OSError as error:
                disk_space.note_needs(error, staging if staging.exists() else out, previous)
                raise
        finally:
            shutil.rmtree(staging, ignore_errors=True)
