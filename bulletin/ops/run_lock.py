"""One build or publish at a time per output: an flock on a file that names its holder.

The kernel releases an flock when its holder dies, however it dies, so a lock left by a killed run
is never in the way: the file's text only tells the next run whose lock it takes over. The file is
removed on release; the inode check after locking keeps that safe against a run that opened the
file just before it was removed.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import sys
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path


class Busy(Exception):
    """Another run holds the lock; the message names it."""


def describe(holder: dict) -> str:
    return (f"进程 {holder.get('pid', '?')}（主机 {holder.get('host', '?')}，"
            f"{holder.get('started', '?')} 开始：{holder.get('command', '?')}）")


def _read(fd: int) -> dict | None:
    os.lseek(fd, 0, os.SEEK_SET)
    raw = os.read(fd, 65536)
    if not raw.strip():
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return {"command": raw.decode("utf-8", "replace").strip()}


@contextmanager
def held(path: Path, command: str):
    """Hold the lock at `path` for the block; raise Busy if another live run holds it.

    Yields the holder of a lock that was left by a killed run and taken over, else None.
    """
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read(fd) or {}
            os.close(fd)
            raise Busy(f"{path} 已被占用：{describe(holder)}。请等它结束后再试。") from None
        try:
            same = os.fstat(fd).st_ino == os.stat(path).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)  # the holder removed the file as we opened it: lock the new one
    try:
        stale = _read(fd)
        me = {"pid": os.getpid(), "host": socket.gethostname(),
              "started": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"), "command": command}
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, json.dumps(me, ensure_ascii=False).encode("utf-8"))
        if stale:
            print(f"接管了已中止的运行留下的锁：{describe(stale)}", file=sys.stderr)
        yield stale
    finally:
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass
        os.close(fd)
