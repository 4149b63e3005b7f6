"""WEBROOT/publish.log: every deploy, rollback and repair, one JSON line each, appended only.

    {"time": ..., "action": "deploy", "release": "<name>", "sha256": "<release id>", "from": "<served before>",
     "by": "user@host", "commit": "<content's git commit>", "prev": "<sha256 of the line before>"}

Each line names the hash of the line before it, so a line removed, changed or put in between
breaks the log where it happened. A `repair` line (bulletin publish --repair-chain) starts the
log afresh from what was found: it lists the releases it vouched for and what was wrong before.
The log is outside current/, so the web server never serves it.
"""

from __future__ import annotations

import getpass
import json
import os
import socket
import subprocess
from datetime import datetime, timezone
from pathlib import Path

from bulletin.ops.chain import bytes_hash
from bulletin.ops.request import ci_user

LOG = "publish.log"


def who() -> str:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = str(os.getuid())
    ci = ci_user()
    return f"{user}@{socket.gethostname()}" + (f" ({ci})" if ci else "")


def commit_of(folder: Path) -> str | None:
    """The git commit the content was checked out at, or None outside a repository."""
    try:
        result = subprocess.run(["git", "-C", str(folder), "rev-parse", "HEAD"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    dirty = ""
    if result.returncode == 0:
        status = subprocess.run(["git", "-C", str(folder), "status", "--porcelain", "--", "."], capture_output=True,
                                text=True, timeout=60)
        dirty = "+changes" if status.stdout.strip() else ""
    return result.stdout.strip() + dirty if result.returncode == 0 else None


def _lines(root: Path) -> list[bytes]:
    path = root / LOG
    if path.is_symlink() or not path.is_file():
        return []
    return [line for line in path.read_bytes().split(b"\n") if line]


def append(root: Path, entry: dict) -> None:
    """Add one line, chained to the last; fsynced, since it is the only account of what happened."""
    lines = _lines(root)
    entry = {"time": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"), **entry, "by": who(),
             "prev": bytes_hash(lines[-1]) if lines else None}
    data = json.dumps(entry, ensure_ascii=False).encode("utf-8") + b"\n"
    descriptor = os.open(root / LOG, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW, 0o644)
    try:
        os.write(descriptor, data)
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _parsed(line: bytes) -> dict | None:
    try:
        entry = json.loads(line.decode("utf-8"))
    except ValueError:
        return None
    return entry if isinstance(entry, dict) else None


class Log:
    """The log as read: its problems, the releases it names, and which it says is served."""

    def __init__(self, root: Path):
        self.exists = (root / LOG).exists() or (root / LOG).is_symlink()
        self.problems: list[str] = []
        self.made: dict[str, str] = {}       # release -> id, for every release the log says was made
        self.served: str | None = None
        self.last: bytes | None = None
        self.entries = 0
        self.interrupted: dict | None = None
        if (root / LOG).is_symlink() or (self.exists and not (root / LOG).is_file()):
            self.problems.append(f"{LOG}: 不是普通文件")
            return
        lines = _lines(root)
        self.last = lines[-1] if lines else None
        entries = [_parsed(line) for line in lines]
        # A repair vouched for what it found: the log is checked from the last one on.
        start = max((n for n, entry in enumerate(entries) if entry and entry.get("action") == "repair"), default=0)
        previous = bytes_hash(lines[start - 1]) if start else None
        for number, (line, entry) in enumerate(zip(lines[start:], entries[start:]), start + 1):
            self.entries += 1
            if not isinstance(entry, dict):
                self.problems.append(f"{LOG}:{number}: 这一行不是发布日志的记录")
                previous = bytes_hash(line)
                continue
            if (number > start + 1 or not start) and entry.get("prev") != previous:
                self.problems.append(f"{LOG}:{number}: 日志在这一行之前被删改过（与上一行的哈希接不上）")
            previous = bytes_hash(line)
            self._take(entry)
        self.interrupted = entries[-1] if entries and entries[-1] and entries[-1].get("action") in ("deploy", "rollback") else None

    def _take(self, entry: dict) -> None:
        if entry.get("action") == "repair":
            for listed in ("releases", "damaged"):   # a damaged one set aside may be the one a new release replaced
                self.made.update(entry.get(listed) if isinstance(entry.get(listed), dict) else {})
            self.served = entry.get("served")
        if entry.get("action") == "abort":
            self.served = entry.get("served")
        if entry.get("action") in ("deploy", "rollback") and isinstance(entry.get("release"), str):
            if entry.get("action") == "deploy":
                self.made[entry["release"]] = entry.get("sha256")
            self.served = entry["release"]

    def killed_before_switch(self, served: str | None) -> dict | None:
        """The last line, if it is of a run killed after writing it and before pointing `current`
        (its "from" is still served). Said by an `abort` line by the next run, never silently."""
        if self.interrupted and self.interrupted.get("from") == served and self.served != served:
            return self.interrupted
        return None

    def check(self, served: str | None, releases: dict) -> list[str]:
        """Its own problems, and every kept release (name -> chain.Release) it does not account for."""
        problems = list(self.problems)
        if not self.exists:
            return problems + [f"{LOG}: 缺少发布日志"] if releases else problems
        for name, release in releases.items():
            if name not in self.made:
                problems.append(f"releases/{name}: 发布日志中没有这个版本的发布记录")
            elif release.id is not None and self.made[name] != release.id:
                problems.append(f"releases/{name}: 版本记录与发布日志中记下的不符（发布后被改动过）")
        if self.killed_before_switch(served):
            pass
        elif served is not None and self.served != served:
            problems.append(f"current: 指向 {served}，而发布日志最后记下的是 {self.served or '（无）'}：current 被别人改过")
        return problems
