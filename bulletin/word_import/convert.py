"""Older Word (.doc) and WPS (.wps) files, converted to .docx by LibreOffice headless.

python-docx reads only .docx. LibreOffice is the one converter that runs offline on the office's
Linux machines; it is optional: where it is not installed, such a file is reported by name with
what to do, and the other files are imported all the same.

All files of a run are converted by one LibreOffice, in batches, with one profile of its own in a
temporary folder: starting LibreOffice with a fresh profile cost about 2.4 s of CPU a file. A
process that imports again (the tests' command pool) keeps that profile for its later runs: making
it costs about 0.2 s of CPU of LibreOffice's ~1.4 s start (measured on the import corpus's .doc). A
profile is never used by two LibreOffices at once (it is locked while one runs): a run that finds
the process's profile busy makes one of its own, as before. Each
file goes in under a number of its own (two folders' 第5期.doc cannot overwrite each other's
.docx); a batch that hangs is stopped and its files converted one by one, so one bad file costs
only itself.
"""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import subprocess
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path

CONVERTED = (".doc", ".wps")
TIMEOUT = 120     # seconds for one file; a hung conversion must not hang the whole import
BATCH = 100       # files per LibreOffice call (a command line has a limit)

NOT_INSTALLED = ("需要 LibreOffice 才能读取 .doc/.wps 文件，但本机未安装（找不到 soffice）："
                 "请安装 LibreOffice（Debian：apt-get install libreoffice-writer-nogui），"
                 "或在 Word/WPS 中把此文件另存为 .docx 后再导入")


class ConversionFailed(Exception):
    """The message says why, for the user."""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_docx_all(paths: list[Path], workdir: Path) -> dict[Path, Path | ConversionFailed]:
    """Each file's .docx in `workdir`, or why it could not be made."""
    if not paths:
        return {}
    program = soffice()
    if program is None:
        return {path: ConversionFailed(NOT_INSTALLED) for path in paths}
    inbox, outbox = workdir / "in", workdir / "out"
    inbox.mkdir(exist_ok=True)
    outbox.mkdir(exist_ok=True)
    with _profile(workdir) as profile:
        return _convert(program, profile, paths, inbox, outbox)


_kept: tuple[int, Path] | None = None   # (pid, folder): this process's profile, made by its first conversion
_kept_lock = threading.Lock()           # held while a LibreOffice runs with it


@contextmanager
def _profile(workdir: Path):
    """A profile of its own, never the user's: a LibreOffice the user has open would otherwise take
    the job and exit 0. The process's kept one when free, else one in `workdir`."""
    global _kept
    if not _kept_lock.acquire(blocking=False):
        yield (workdir / "profile").as_uri()
        return
    try:
        if _kept is None or _kept[0] != os.getpid():   # a forked child never shares its parent's
            _kept = (os.getpid(), Path(tempfile.mkdtemp(prefix="bulletin-libreoffice-")))
            atexit.register(shutil.rmtree, _kept[1], True)
        # the lock a LibreOffice stopped on a timeout left: no other LibreOffice can be using it now
        (_kept[1] / ".lock").unlink(missing_ok=True)
        yield _kept[1].as_uri()
    finally:
        _kept_lock.release()


def _convert(program: str, profile: str, paths: list[Path], inbox: Path, outbox: Path) -> dict[Path, Path | ConversionFailed]:
    named = {}
    for index, path in enumerate(paths):
        link = inbox / f"{index}{path.suffix.lower()}"
        try:
            os.symlink(path.resolve(), link)
        except OSError:
            shutil.copyfile(path, link)
        named[path] = link
    results: dict[Path, Path | ConversionFailed] = {}
    for start in range(0, len(paths), BATCH):
        batch = paths[start:start + BATCH]
        error = _run(program, profile, outbox, [named[p] for p in batch], TIMEOUT + 10 * len(batch))
        if error and len(batch) > 1:   # a file hung the batch: the rest one by one
            for path in batch:
                if not _output(outbox, named[path]).is_file():
                    _run(program, profile, outbox, [named[path]], TIMEOUT)
        for path in batch:
            converted = _output(outbox, named[path])
            if converted.is_file():
                results[path] = converted
            else:
                results[path] = ConversionFailed(error if error and len(batch) == 1 else
                                                 "LibreOffice 未能转换此文件（文件可能已损坏、加了密码，或是本机 LibreOffice 不支持的 WPS 格式）")
    return results


def _output(outbox: Path, link: Path) -> Path:
    return outbox / f"{link.stem}.docx"


def _run(program: str, profile: str, outbox: Path, files: list[Path], timeout: int) -> str:
    """Runs one conversion; the reason it failed as a whole, or ''."""
    command = [program, f"-env:UserInstallation={profile}", "--headless", "--norestore",
               "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(outbox), *map(str, files)]
    try:
        # a session of its own: on a timeout the whole LibreOffice (launcher and soffice.bin) is stopped
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, start_new_session=True)
    except OSError as error:
        return f"无法运行 LibreOffice（{error}）"
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except OSError:
            pass
        process.wait()
        return f"LibreOffice 转换超过 {timeout} 秒未完成，已放弃"
    return ""
