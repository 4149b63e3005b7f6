"""Releases under a web root, and the one symlink readers are served from.

    WEBROOT/
      current -> releases/20261127T163005Z     the web server serves this
      releases/20261127T163005Z/               one complete, verified site per publish
        .bulletin-record.yml                   the record of what this release publishes
        .bulletin-manifest, .bulletin-release.json   its files' hashes; its head, chained to the one before
      releases/damaged-*, zz-backup ...        not releases: never served, never pruned, always named
      publish.log                              every deploy, rollback and repair, chained line to line
      releases/.incoming-*/                    a build in progress (removed on any failure)
      releases/.removing-*/                    an old release being pruned
      .bulletin.lock                           while a publish or rollback runs: who holds it
      .cache/                                  the incremental build's cache (unless --cache or BULLETIN_CACHE)

A new site is built and verified in releases/.incoming-*, renamed to its release name, and then
`current` is replaced by a symlink made beside it, in one rename: at every moment `current` is a
complete release. Old releases are pruned after the swap, never the one served.

Publishing is warm wherever it runs: the build's cache lives with the web root, so a fresh clone
on the runner renders only what changed; the new release's unchanged files are hard links to the
served release's (release_links), and verification reads only the files that changed. A publish
whose inputs are exactly the served release's (release_inputs: content, code, settings, date)
builds nothing: the new release is the served one's files, linked.

The record of what was published (bulletin/content/published_record.py) is written into the
release before `current` points at it, so the site served always carries the record of what it
shows, and a kill can never leave a served issue unrecorded. Publish checks the content against
the served release's record as well as content/published.lock: deleting or rewriting that file
cannot let a published title or body change without a correction. content/published.lock is
then a copy for `bulletin check` on merge requests, not the only one.

Each release is sealed into a chain (chain.py): a manifest of every file's hash and a head naming
the release it replaced, and every deploy and rollback is a line of WEBROOT/publish.log
(publish_log.py). Before anything else, publish checks the chain, hashing the served release's
files: a missing or changed record, manifest, head or served file, a broken log, or a `current`
moved by hand stops it, with the way back (`--repair-chain`, chain_repair.py). Content is then
checked against the records of every kept release.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

from bulletin.ops import (chain, chain_repair, disk_space, link_index, publish_log, record_parts, release_inputs,
                          release_links, run_lock, site_build)
from bulletin.content import published_record
from bulletin.archive import Archive
from bulletin.content.problems import Problems, Refused
from bulletin.ops.request import BuildRequest
from bulletin.ops.verify import URL_READERS, unchanged_files_still_hold, verify

RELEASES = "releases"
CURRENT = "current"
LOCK = ".bulletin.lock"
INCOMING = ".incoming-"
REMOVING = ".removing-"
NEW_LINK = ".current.new-"
CACHE = ".cache"
RECORD = chain.RECORD   # a dotfile: the web server never serves it (deploy/nginx.conf)
LOG = publish_log.LOG


def refuse_webroot(root: Path) -> str | None:
    """Why `root` is not a web root publish may manage, or None (missing, empty or ours)."""
    if root.exists() and not root.is_dir():
        return f"{root} 不是目录。"
    if not root.exists():
        return None
    current = root / CURRENT
    if current.exists() and not current.is_symlink():  # replacing it would fail after a whole build
        return (f"{current} 是真实的目录或文件，不是指向某个版本的链接：为免误删，拒绝覆盖。"
                f"请先把它移走（如改名为 {CURRENT}.old，或移出 {root}），再发布。")
    foreign = [p.name for p in root.iterdir()
               if p.name not in (RELEASES, CURRENT, LOCK, CACHE, LOG) and not p.name.startswith(NEW_LINK)]
    if foreign:
        shown = "、".join(sorted(foreign)[:5])
        return (f"{root} 不是 bulletin 的发布目录（其中有 {shown} 等）。为免误删，拒绝使用："
                f"请指定一个新的或空的目录，它只会含有 {CURRENT}、{RELEASES}/ 和锁文件。")
    return None


def releases(root: Path) -> list[str]:
    """Release names, oldest first (names are UTC timestamps; any other folder is no release)."""
    folder = root / RELEASES
    return sorted(p.name for p in folder.iterdir() if chain.is_release_name(p.name) and p.is_dir()
                  and not p.is_symlink()) if folder.is_dir() else []


def unknown_folders(root: Path) -> list[str]:
    """What else is in releases/ (zz-backup, damaged-*): named, never served, never pruned."""
    folder = root / RELEASES
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith(".") and p.name not in releases(root)) \
        if folder.is_dir() else []


def current_release(root: Path) -> str | None:
    link = root / CURRENT
    return Path(os.readlink(link)).name if link.is_symlink() else None


def _point_current(root: Path, name: str) -> None:
    """Replace `current` by a link to releases/<name> in one rename, then make it durable."""
    new_link = root / f"{NEW_LINK}{os.getpid()}"
    new_link.unlink(missing_ok=True)
    os.symlink(f"{RELEASES}/{name}", new_link)  # relative: the web root may be mounted elsewhere
    try:
        os.replace(new_link, root / CURRENT)
    except OSError:
        new_link.unlink(missing_ok=True)  # nothing of a failed swap stays behind
        raise
    directory = os.open(root, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def _new_release_name(root: Path) -> str:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    name, n = stamp, 1
    while (root / RELEASES / name).exists():
        name, n = f"{stamp}-{n:02d}", n + 1
    return name


def _prune(root: Path, keep: int) -> list[str]:
    names = releases(root)   # folders that are no release are never counted, never removed
    served = current_release(root)
    removed = [name for name in names[:-keep] if name != served]
    for name in removed:
        # Renamed out of the list first: a kill halfway through the removal must not leave a
        # half-deleted release that a rollback could point at.
        doomed = root / RELEASES / f"{REMOVING}{name}"
        (root / RELEASES / name).rename(doomed)
        shutil.rmtree(doomed)
    return removed


def _tidy(root: Path) -> None:
    """What killed runs left: call only under the run_lock."""
    site_build.remove_leftovers(root / RELEASES, INCOMING)
    site_build.remove_leftovers(root / RELEASES, REMOVING)
    for link in root.glob(NEW_LINK + "*"):
        link.unlink(missing_ok=True)


def default_cache(root: Path) -> Path:
    """Where publish keeps the build's cache when none is given: with the releases it made, so a
    fresh clone (a CI job whose workspace is wiped) still builds incrementally."""
    return root / CACHE


def _records(root: Path) -> list[Path]:
    """The records content must agree with: every kept release's (what an older one showed was
    published all the same), each text once. Missing or altered ones stopped publish before this."""
    found, seen = [], set()
    for name in releases(root):
        record = root / RELEASES / name / RECORD
        if record.is_file() and not record.is_symlink():
            digest = chain.file_hash(record)
            if digest not in seen:
                seen.add(digest)
                found.append(record)
    return found


def _refuse_changes_to_the_served(content: Path, root: Path, derived: published_record.Derived) -> None:
    # Every kept record is compared, even one with the bytes of content/published.lock that check
    # already held the content to: publish keeps its own guard whoever calls it. What the records
    # hold the content to (hashes, circulars' figures) is worked out once for all of them.
    for record in _records(root):
        _refuse_changes_to(content, record, derived)


def _refuse_changes_to(content: Path, record: Path, derived: published_record.Derived) -> None:
    problems = Problems(content)
    published_record.check(derived.content, content, problems, record=record, derived=derived)
    if problems:
        listed = "\n".join(f"  {problem}" for problem in problems)
        raise Refused(f"内容与已发布版本的发布记录（{record}）不符，未发布，读者看到的仍是原来的版本：\n{listed}\n"
                      f"已发布的内容是正式记录：删除或改写 {content / published_record.FILE} 不能绕过这项检查。")


def _locked(root: Path, command: str):
    refusal = refuse_webroot(root)
    if refusal:
        raise Refused(refusal)
    root.mkdir(parents=True, exist_ok=True)
    return run_lock.held(root / LOCK, command)


_WHY = {errno.ENOSPC: "磁盘空间不足", errno.EDQUOT: "超出磁盘配额", errno.EROFS: "只读文件系统",
        errno.EACCES: "没有写入权限", errno.EPERM: "没有写入权限"}


@contextlib.contextmanager
def _file_system(outcome: str):
    """A file-system error (read-only web root, full disk, no permission) said as what happened to
    the site, instead of a traceback; `outcome` is what readers see after it."""
    try:
        yield
    except OSError as error:
        if disk_space.full_error(error):   # which disk, how much is free there, what was needed
            raise Refused(outcome + disk_space.explain(error, "发布目录", getattr(error, disk_space.NEEDED, None))) from error
        where = f"：{error.filename}" if error.filename else ""
        why = _WHY.get(error.errno, "")
        raise Refused(f"{outcome}文件操作失败{where}（{why + '，' if why else ''}{error.strerror or error}）。") from error


REPAIR = "--repair-chain"


def _chain(root: Path, content: Path | None, hashed: str | None, what: str, stats: Path | None = None) -> chain.Findings:
    """The chain as found; raises Refused, saying what is wrong and the way back, if it is broken.
    The files of `hashed` are read, except those untouched since a publish kept their stats in `stats`."""
    log = publish_log.Log(root)
    served = current_release(root)
    found = chain.check(root, hashed, log.made, hash_all=False, stats=chain.recalled(stats) if stats else None)
    problems = found.problems + log.check(served, found.releases)
    if (root / CURRENT).is_symlink() and served not in found.releases:
        problems.append(f"current: 指向的版本 {served} 不在 releases/ 中")
    if log.made and not found.releases:
        problems.append(f"releases/: 发布日志记下了 {len(log.made)} 个版本，但一个都不在了")
    if problems:
        legacy = not log.exists and all(release.head is None for release in found.releases.values())
        shown = problems[:40] + ([f"……共 {len(problems)} 处"] if len(problems) > 40 else [])
        raise Refused(
            f"发布目录 {root} 的版本链有问题，{what}\n" + "\n".join(f"  {p}" for p in shown) + "\n"
            + ("这个发布目录由旧版 bulletin 发布，还没有版本链。" if legacy else
               "已发布的版本、发布记录和发布日志只应由 bulletin publish 写入：请先查明是谁、为什么改动了它们。")
            + f"恢复：bulletin publish --content {content or 'content'} --to {root} {REPAIR}"
              "（从保留的版本和版本库重建版本链，重新生成并发布一个完整的新版本；受损的版本改名为 "
              "releases/damaged-<名称> 留作查证；在发布日志中记下这次修复。见 docs/publishing.md“版本链”）")
    killed = log.killed_before_switch(served)
    if killed:
        publish_log.append(root, {"action": "abort", "release": killed.get("release"), "served": served})
        print(f"注意：上一次{'发布' if killed.get('action') == 'deploy' else '回退'}（{killed.get('release')}）"
              f"在切换 current 之前中止，读者看到的一直是 {served}；已记入发布日志。")
    return found


def _unknown_note(root: Path) -> None:
    unknown = unknown_folders(root)
    if unknown:
        print(f"注意：{root / RELEASES} 中有不是版本的文件夹：{'、'.join(unknown)}（既不当作版本，也不会被清理）。")


def _shareable(found: chain.Findings, name: str | None) -> dict[str, str]:
    """The served files a new release may link to: read now, as their manifest says, linked nowhere else."""
    release = found.releases.get(name or "")
    if release is None or release.manifest is None or release.damaged:
        return {}
    outside = set(release.outside)
    return {path: digest for path, digest in release.hashes.items() if path not in outside}


def _built_from(served, inputs: str | None, shareable: dict[str, str]) -> bool:
    """Whether the served release was built from exactly `inputs`, and every file of it, as its
    manifest lists them, was read in this publish and may be linked."""
    return bool(inputs and served is not None and served.head and served.head.get(release_inputs.KEY) == inputs
                and served.record_ok and served.manifest is not None and set(served.manifest) == set(shareable))


def _build_and_verify(request: BuildRequest, config: Path, incoming: Path, archive: Archive, root: Path,
                      served_name: str | None, shareable: dict[str, str], record: Path | None,
                      derived: published_record.Derived, served_files: dict | None, links: link_index.Index | None):
    """Generate the site into `incoming` with its record, share what is unchanged with the served
    release and verify it; returns the record's text, what was shared, what verify read (None: all)
    and the new release's link index (None if it cannot be made). `served_files`: the served
    release's files as the chain's check listed them in this run; `links`: its link index."""
    content, served = Path(request.content), root / CURRENT if (root / CURRENT).is_dir() else None
    if site_build.generate(request, config, incoming, archive, served,
                           (root / RELEASES / served_name, shareable) if served_name and shareable else None) != 0:
        raise Refused("生成失败，未发布，读者看到的仍是原来的版本。")
    parts = record_parts.kept(request.cache)
    text = published_record.render(archive, datetime.now(timezone.utc), record or content / published_record.FILE,
                                   today=request.built(), derived=derived,   # the circulars the site just built shows as issued
                                   write=None if parts is None else lambda data: record_parts.in_parts(data, parts))
    if parts is not None:
        parts.save()
    published_record.save(incoming / RECORD, text)   # part of the release before anyone is served it
    shared = release_links.share_unchanged(incoming, served, shareable, served_files if served is not None else None)
    # What is shared passed this check when it was published; a removed page may have been a
    # link's target, so then the files whose links load it are read again (all, without an index).
    only = (shared.changed if unchanged_files_still_hold(shared.removed) else link_index.to_read(links, shared, URL_READERS)) \
        if served is not None and shared.linked else None
    resolved: dict[str, list[str]] = {}
    problems = verify(incoming, archive, request.site_url, only, request.built(), derived.board(request.built()), shared.odd,
                      files=set(shared.hashes), targets=resolved, fixed=release_inputs.nav_pages(config))
    if problems:
        raise Refused("发布前核验未通过，未发布：\n" + "\n".join(f"  {p}" for p in problems))
    made = link_index.merged(links if only is not None else None, resolved, shared.hashes, URL_READERS)
    return text, shared, only, made


def publish(request: BuildRequest, config: Path, root: Path, archive: Archive, keep: int, repair: bool = False) -> str:
    """Build, verify and deploy; return the new release's name. Raises Refused on any failure."""
    started = time.monotonic()
    content = Path(request.content)
    refused = "未发布，读者看到的仍是原来的版本："
    stats = chain.stats_file(Path(request.cache), root) if request.cache and request.cache != "off" else None
    with _file_system(refused), _locked(root, f"bulletin publish --content {content} --to {root}"):
        (root / RELEASES).mkdir(exist_ok=True)
        _tidy(root)
        served_name = current_release(root)
        if repair:
            found, damaged = chain_repair.repair(root, content, served_name)
        else:
            found, damaged = _chain(root, content, served_name, refused, stats), set()
        _unknown_note(root)
        derived = published_record.Derived.of(archive.content, archive)   # as check left it
        _refuse_changes_to_the_served(content, root, derived)
        # first publication times come from the served record, else the newest's
        record = next((root / RELEASES / n / RECORD for n in (served_name, *releases(root)[-1:])
                       if n and (root / RELEASES / n / RECORD).is_file()), None)
        incoming = site_build.staging_dir(root / RELEASES, INCOMING)
        built, served_dir = incoming, root / CURRENT if (root / CURRENT).is_dir() else None
        shareable = _shareable(found, served_name)
        inputs = None if repair else release_inputs.digest(content, config, request)
        same = _built_from(found.releases.get(served_name or ""), inputs, shareable)
        kept_links = link_index.where(Path(request.cache)) if stats else None
        links = link_index.load(kept_links, getattr(found.releases.get(served_name or ""), "id", None),
                                request.site_url) if kept_links and not repair else None
        try:
            if same:   # equal inputs build an equal site: the served one's files, already verified
                shared = release_links.link_all(incoming, root / RELEASES / served_name, shareable)
                text, only = (incoming / RECORD).read_text(encoding="utf-8"), set()
            else:
                listed = None if repair else getattr(found.releases.get(served_name or ""), "files", None)   # a repair rewrites files
                text, shared, only, links = _build_and_verify(request, config, incoming, archive, root, served_name,
                                                              shareable, record, derived, listed, links)
            name = _new_release_name(root)
            previous = found.releases.get(served_name or "")
            commit = publish_log.commit_of(content)
            made = {"made": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"), "by": publish_log.who(), "commit": commit}
            if inputs:
                made[release_inputs.KEY] = inputs
            release_id = chain.seal(incoming, shared.hashes, (served_name, previous.id) if previous and previous.id else None,
                                    made, name)
            # The log's line first: a kill before the switch leaves a line whose "from" is still served.
            publish_log.append(root, {"action": "deploy", "release": name, "sha256": release_id, "from": served_name,
                                      "commit": commit, "issues": len(archive.content.issues), "items": len(archive.items),
                                      "files": len(shared.hashes)})
            incoming.rename(root / RELEASES / name)
            built = root / RELEASES / name
            _point_current(root, name)
        except OSError as error:   # said with what the release needed, measured while it is still there
            disk_space.note_needs(error, built, served_dir)
            raise
        finally:
            shutil.rmtree(incoming, ignore_errors=True)
        with _file_system(f"已发布 {name}（读者已看到新版本），但发布记录未能写入或旧版本未能清理："):
            chain_repair.set_aside(root, damaged)
            written = published_record.save(content / published_record.FILE, text)
            removed = _prune(root, keep)
            if stats:
                chain.remember(root / RELEASES / name, shared.hashes, stats)
            if kept_links and links is not None:   # the same files as the served release's, when `same`
                link_index.save(kept_links, links, release_id, request.site_url)
    if same:
        print(f"内容、程序与设置都与正在发布的版本 {served_name} 相同：新版本与它共用全部文件，未重新生成。")
    print(f"已发布：{root / RELEASES / name}（稿件 {len(archive.items)} 篇，刊物 {len(archive.content.issues)} 期），"
          f"用时 {time.monotonic() - started:.1f} 秒；与上一版本相同的文件 {shared.linked} 个以硬链接共用，"
          f"新的或改动的文件 {len(shared.changed)} 个；核验了{'这些文件' if only is not None else '全部文件'}。"
          f"文件清单 {len(shared.hashes)} 个文件，版本 {name} 的哈希 {release_id[:16]}，接在 {served_name or '（无）'} 之后。")
    if written:
        print(f"发布记录已更新：{written}（请提交到版本库）")
    if removed:
        print(f"已清理旧版本：{'、'.join(removed)}")
    return name


def rollback(root: Path) -> str:
    """Point `current` at the release before the one served; return its name."""
    if not (root / CURRENT).is_symlink():
        raise Refused(f"{root} 下还没有发布过的版本，无法回退。")
    refused = "未回退，读者看到的仍是原来的版本："
    with _file_system(refused), _locked(root, f"bulletin publish --to {root} --rollback"):
        names = releases(root)
        served = current_release(root)
        earlier = [name for name in names if name < (served or "")]
        if not earlier:
            raise Refused(f"当前版本 {served} 之前没有保留的版本，无法回退。")
        target = earlier[-1]
        found = _chain(root, None, target, refused)   # the release about to be served is read whole
        publish_log.append(root, {"action": "rollback", "release": target, "sha256": found.releases[target].id,
                                  "from": served})
        _point_current(root, target)
    _unknown_note(root)
    print(f"已回退：current 由 {served} 改指 {target}。", file=sys.stdout)
    return target
