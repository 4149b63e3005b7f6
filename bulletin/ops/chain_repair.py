"""`bulletin publish --repair-chain`: rebuild the chain from the kept releases and the repository.

Run by an administrator, under the publish lock, after finding out why publish stopped. Every file
of every kept release is read. Then, release by release, oldest first:
- a release whose files differ from its intact manifest is damaged: it is no longer a release
  (renamed releases/damaged-<name>, after the new release is served if it was the served one), and
  nothing of it is shared with the new release;
- a missing, emptied, symlinked or altered record is restored from the repository: the last
  committed content/published.lock (git history, so a deleted or rewritten working copy does not
  matter), else the working copy; none at all refuses, naming the release;
- a file shared with anything outside the releases (a cache) gets a copy of its own;
- a missing or untrusted manifest is made from the files as found, and the head is written again,
  chained to the release before it.
A `repair` line in the publish log lists what was found and the releases vouched for; the publish
that follows builds every page afresh and serves a clean release.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from bulletin.content import published_record
from bulletin.content.problems import Refused
from bulletin.ops import chain, publish_log
from bulletin.ops.release_links import own_copy

DAMAGED = "damaged-"


def _committed_record(content: Path) -> tuple[bytes, str] | None:
    """The last committed content/published.lock and where it came from, or None."""
    git = ["git", "-C", str(content)]
    try:
        commits = subprocess.run([*git, "log", "--format=%H", "-n", "50", "--", published_record.FILE],
                                 capture_output=True, text=True, timeout=60).stdout.split()
        for commit in commits:   # the newest first; a commit that deleted it has none
            shown = subprocess.run([*git, "show", f"{commit}:./{published_record.FILE}"], capture_output=True, timeout=60)
            if shown.returncode == 0 and shown.stdout.strip():
                return shown.stdout, f"版本库提交 {commit[:12]} 中的 {published_record.FILE}"
    except (OSError, subprocess.SubprocessError):
        pass
    working = content / published_record.FILE
    if working.is_file() and not working.is_symlink() and working.stat().st_size:
        return working.read_bytes(), str(working)
    return None


def _record_sound(release: chain.Release) -> bool:
    path = release.path / chain.RECORD
    if path.is_symlink() or not path.is_file() or path.stat().st_size == 0:
        return False
    return release.head is None or release.head.get("record") == chain.file_hash(path)


def repair(root: Path, content: Path, served: str | None) -> tuple[chain.Findings, set[str]]:
    """Rebuild the chain of `root`; return the chain as repaired and the damaged releases."""
    log = publish_log.Log(root)
    found = chain.check(root, served, log.made, hash_all=True)
    problems = found.problems + log.check(served, found.releases)
    damaged = {name for name, release in found.releases.items() if release.damaged}
    report, ids = [], {}
    source = None
    sealed: tuple[str, str] | None = None
    for name, release in sorted(found.releases.items()):
        if name in damaged:
            report.append(f"releases/{name}: 文件与清单不符（{len(release.damaged)} 个），不再当作版本，改名为 {DAMAGED}{name}")
            continue
        changed = release.head is None or release.manifest is None
        if not _record_sound(release):
            source = source or _committed_record(content)
            if source is None:
                raise Refused(f"无法修复：releases/{name} 的发布记录缺失或被改动，而版本库中也没有 "
                              f"{published_record.FILE} 可以恢复它。请从备份恢复 {release.path / chain.RECORD} 后再运行。")
            chain.write_by_rename(release.path / chain.RECORD, source[0])   # a new inode, replacing a symlink too
            release.hashes[chain.RECORD] = chain.bytes_hash(source[0])
            report.append(f"releases/{name}/{chain.RECORD}: 已从{source[1]}恢复")
            changed = True
        for path in release.outside:
            release.hashes[path] = own_copy(release.path / path)
        if release.outside:
            report.append(f"releases/{name}: {len(release.outside)} 个与缓存共用数据的文件已换成独立的副本")
        previous = (release.head or {}).get("previous")
        had = (previous.get("release"), previous.get("sha256")) if isinstance(previous, dict) else None
        if had is None or had[0] in damaged or (had[0] in found.releases and had[0] not in ids):
            wanted = sealed if release.head is None or had is not None else None
        elif had[0] in ids:
            wanted = (had[0], ids[had[0]])
        else:
            wanted = had   # pruned before: the log knows it
        if changed or wanted != had:
            about = {key: value for key, value in (release.head or {}).items() if key in ("made", "by", "commit")}
            ids[name] = chain.seal(release.path, release.hashes, wanted, {**about, "repaired": True})
            report.append(f"releases/{name}: 版本记录和文件清单已按现有文件重写")
        else:
            ids[name] = release.id
        sealed = (name, ids[name])
    log_path = root / publish_log.LOG
    if log_path.is_symlink():   # a link holds no line of the log; what it pointed at is left alone
        report.append(f"{publish_log.LOG}: 是指向 {log_path.readlink()} 的符号链接，已删除，日志从这次修复重新开始")
        log_path.unlink()
    publish_log.append(root, {"action": "repair", "served": served, "releases": ids,
                              "damaged": {name: found.releases[name].id for name in sorted(damaged)},
                              "found": problems[:200]})
    for problem in problems:
        print(f"发现：{problem}")
    for line in report or (["发现的问题只在发布日志中：日志从这次修复重新开始"] if problems else ["版本链完好，没有需要修复的地方"]):
        print(f"修复：{line}")
    repaired = chain.check(root, served, {**log.made, **ids}, hash_all=False)
    return repaired, damaged


def set_aside(root: Path, damaged: set[str]) -> None:
    """Damaged releases stop being releases (never served, never pruned), kept for investigation."""
    for name in sorted(damaged):
        folder = root / "releases" / name
        if folder.is_dir():
            folder.rename(folder.with_name(DAMAGED + name))
