"""`bulletin verify --served WEBROOT`: the `git fsck` of a web root.

Every file of every kept release is read (a file shared by hard links, once) and compared with its
release's manifest; every head, record and manifest with the chain; the publish log with the
releases and with `current`. Reads no content: it can run on the web server itself, from cron.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from bulletin.ops import chain, publish_log
from bulletin.ops.publish import CURRENT, REPAIR, current_release, refuse_webroot


def problems(root: Path) -> tuple[list[str], chain.Findings, publish_log.Log]:
    log = publish_log.Log(root)
    served = current_release(root)
    found = chain.check(root, served, log.made, hash_all=True)
    listed = found.problems + log.check(served, found.releases)
    if (root / CURRENT).is_symlink() and served not in found.releases:
        listed.append(f"current: 指向的版本 {served} 不在 releases/ 中")
    if not found.releases:
        listed.append("releases/: 没有任何版本" + (f"（发布日志记下了 {len(log.made)} 个）" if log.made else ""))
    return listed, found, log


def report(root: Path) -> int:
    started = time.monotonic()
    refusal = refuse_webroot(root) or (None if root.is_dir() else f"{root} 不存在。")
    if refusal:
        print(refusal, file=sys.stderr)
        return 1
    try:
        listed, found, log = problems(root)
    except OSError as error:   # an unreadable file or folder: said, not a traceback
        print(f"无法读取 {error.filename or root}：{error.strerror or error}。请以能读取整个发布目录的用户运行。",
              file=sys.stderr)
        return 1
    if found.unknown:
        print(f"注意：{root / 'releases'} 中有不是版本的文件夹：{'、'.join(found.unknown)}（既不当作版本，也不会被清理）。")
    for problem in listed:
        print(f"  {problem}", file=sys.stderr)
    seconds = time.monotonic() - started
    if listed:
        print(f"发布目录 {root} 核验未通过：共 {len(listed)} 处问题。查明原因后，恢复：bulletin publish --content content "
              f"--to {root} {REPAIR}（见 docs/publishing.md“版本链”）", file=sys.stderr)
        return 1
    print(f"发布目录核验通过：{root}：版本 {len(found.releases)} 个，文件 {found.files} 个（读了其中不同的 {found.read} 个），"
          f"发布日志 {log.entries} 条，current 指向 {current_release(root)}；用时 {seconds:.1f} 秒。")
    return 0
