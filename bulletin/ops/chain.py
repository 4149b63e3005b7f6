"""The chain of releases: every release names its files' hashes and the release it replaced.

    releases/<name>/.bulletin-manifest      "<sha256>  <path>" per file, sorted (`sha256sum -c` reads it)
    releases/<name>/.bulletin-release.json  the release's head: the manifest's and the record's hashes,
                                            and {release, sha256} of the release it replaced

A release's id is the SHA-256 of its head, as a git commit's is of its text: changing one served
file changes the manifest's hash, which no longer matches the head; changing the head changes the
id the next release names. The publish log (publish_log.py) names every release made, so a
release's predecessor may be pruned and still be checked. `check` is the `git fsck` of a web root,
run in full by `bulletin verify --served` and, hashing the served release's files only, by publish.

Release folders are named by their UTC time; any other folder in releases/ (zz-backup, a copy made
by hand) is no release: never served by publish, never pruned, and always named.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST = ".bulletin-manifest"
HEAD = ".bulletin-release.json"
RECORD = ".bulletin-record.yml"   # written by publish (bulletin/content/published_record.py)
FORMAT = 1
RELEASE_NAME = re.compile(r"\d{8}T\d{6}Z(-\d{2,})?")
HEAD_LIMIT = 64 * 1024
_CHUNK = 1 << 20


def is_release_name(name: str) -> bool:
    return bool(RELEASE_NAME.fullmatch(name))


def file_hash(path: Path | str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        while chunk := file.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def bytes_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def listing(release: Path) -> tuple[dict[str, os.stat_result], list[str]]:
    """Every regular file of `release` (relative posix path -> lstat), and every entry that is
    neither a file nor a folder (a symlink, a device): those are problems wherever they appear."""
    files, odd = {}, []
    pending = [(str(release), "")]   # (folder, its path relative to the release with a slash, or "")
    while pending:
        folder, prefix = pending.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                relative = prefix + entry.name   # strings, not a Path per file: 60,000 files at 20,000 items
                # A folder is known from the directory entry's type, without a stat of its own (the
                # system lstats where it does not say); files are lstat'ed: publish needs their inodes.
                if entry.is_dir(follow_symlinks=False):
                    pending.append((entry.path, relative + "/"))
                    continue
                info = entry.stat(follow_symlinks=False)
                if stat.S_ISREG(info.st_mode):
                    files[relative] = info
                elif stat.S_ISDIR(info.st_mode):   # made between the entry's reading and its stat
                    pending.append((entry.path, relative + "/"))
                else:
                    odd.append(relative)
    for own in (MANIFEST, HEAD):
        files.pop(own, None)
    return files, sorted(odd)


# -- the manifest and the head ------------------------------------------------------------------

def _escaped(path: str) -> tuple[str, str]:
    if "\\" in path or "\n" in path:   # as sha256sum writes such a name
        return "\\", path.replace("\\", "\\\\").replace("\n", "\\n")
    return "", path


def manifest_text(hashes: dict[str, str]) -> str:
    lines = []
    for path in sorted(hashes):
        mark, name = _escaped(path)
        lines.append(f"{mark}{hashes[path]}  {name}\n")
    return "".join(lines)


_DIGEST = re.compile(r"[0-9a-f]{64}")


def parse_manifest(text: str) -> dict[str, str] | None:
    hashes = {}
    is_digest = _DIGEST.fullmatch   # compiled once: a manifest has a line per file, 16,000 at 5,000 items
    for line in text.split("\n")[:-1] if text.endswith("\n") else text.split("\n"):
        escaped = line.startswith("\\")
        body = line[1:] if escaped else line
        digest, sep, path = body.partition("  ")
        if not sep or not is_digest(digest) or not path:
            return None
        if escaped:
            path = re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), path)
        hashes[path] = digest
    return hashes


def write_by_rename(path: Path, data: bytes) -> None:
    """By rename, so a file of a release is never written in place."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.new")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def seal(release: Path, hashes: dict[str, str], previous: tuple[str, str] | None, about: dict,
         name: str | None = None) -> str:
    """Write the manifest and the head of `release` (every file's hash given), to be known as
    `name` (default: its folder's); return its id."""
    manifest = manifest_text(hashes).encode("utf-8")
    write_by_rename(release / MANIFEST, manifest)
    head = {"format": FORMAT, "release": name or release.name,
            "previous": {"release": previous[0], "sha256": previous[1]} if previous else None,
            "manifest": bytes_hash(manifest), "record": hashes.get(RECORD), "files": len(hashes), **about}
    data = (json.dumps(head, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    write_by_rename(release / HEAD, data)
    return bytes_hash(data)


# -- what publish already read ---------------------------------------------------------------------
# Like git's index: a file whose inode, size, mtime and ctime are those it had when its hash was
# last taken is not read again. No write, rename, chmod or link leaves ctime as it was, and nothing
# sets it back, so publish reads only the served files touched since. `verify --served` reads all.

def stats_file(cache: Path, root: Path) -> Path:
    """Where publish keeps the served files' stats for web root `root`, in the build's cache folder."""
    return cache / f"served-stats-{hashlib.blake2b(str(root).encode(), digest_size=8).hexdigest()}.json"


def remember(release: Path, hashes: dict[str, str], where: Path) -> None:
    """Keep each file's stat beside its hash, taken now (after every link and prune of this run)."""
    files, _ = listing(release)
    kept = {f"{info.st_dev}:{info.st_ino}": [info.st_size, info.st_mtime_ns, info.st_ctime_ns, hashes[path]]
            for path, info in files.items() if path in hashes}
    where.parent.mkdir(parents=True, exist_ok=True)
    write_by_rename(where, json.dumps(kept).encode("utf-8"))


def recalled(where: Path) -> dict:
    try:
        kept = json.loads(where.read_bytes())
        return {tuple(map(int, key.split(":"))): tuple(value) for key, value in kept.items()
                if isinstance(value, list) and len(value) == 4}
    except (OSError, ValueError, TypeError, AttributeError):   # missing or damaged: every served file is read
        return {}


# -- checking -----------------------------------------------------------------------------------

@dataclass
class Release:
    name: str
    path: Path
    head: dict | None = None
    id: str | None = None                       # sha256 of the head
    manifest: dict[str, str] | None = None      # as its head vouches for it; None if not
    record_ok: bool = False
    hashes: dict[str, str] = field(default_factory=dict)   # the files' actual hashes, where read
    damaged: list[str] = field(default_factory=list)       # files that differ from the manifest
    outside: list[str] = field(default_factory=list)       # files sharing their inode with a non-release
    files: dict[str, os.stat_result] = field(default_factory=dict)   # as listed by the check (`listing`)


@dataclass
class Findings:
    problems: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)        # folders of releases/ that are not releases
    releases: dict[str, Release] = field(default_factory=dict)
    files: int = 0          # files checked, over all releases
    read: int = 0           # files read and hashed (each shared file once)


def _read_small(path: Path, limit: int) -> bytes | None:
    """A regular file's bytes (never through a symlink), or None."""
    try:
        info = os.lstat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        return path.read_bytes()
    except OSError:
        return None


def _read_head(release: Release, found: Findings) -> None:
    where = f"releases/{release.name}"
    data = _read_small(release.path / HEAD, HEAD_LIMIT)
    if data is None:
        found.problems.append(f"{where}/{HEAD}: 缺少版本记录（或不是普通文件，或大得不像版本记录）")
        return
    try:
        head = json.loads(data.decode("utf-8"))
    except ValueError:
        head = None
    if not isinstance(head, dict) or head.get("format") != FORMAT or head.get("release") != release.name:
        found.problems.append(f"{where}/{HEAD}: 版本记录已损坏或不属于此版本")
        return
    release.head, release.id = head, bytes_hash(data)
    text = _read_small(release.path / MANIFEST, 1 << 30)
    if text is None:
        found.problems.append(f"{where}/{MANIFEST}: 缺少文件清单（或不是普通文件）")
    elif bytes_hash(text) != head.get("manifest"):
        found.problems.append(f"{where}/{MANIFEST}: 文件清单被改动过（与版本记录中的哈希不符）")
    else:
        release.manifest = parse_manifest(text.decode("utf-8", errors="replace"))
        if release.manifest is None:
            found.problems.append(f"{where}/{MANIFEST}: 文件清单格式不对")


def _check_record(release: Release, found: Findings) -> None:
    where = f"releases/{release.name}/{RECORD}"
    path = release.path / RECORD
    if path.is_symlink():
        found.problems.append(f"{where}: 发布记录被换成了符号链接（指向 {os.readlink(path)}）")
    elif not path.exists():
        found.problems.append(f"{where}: 缺少发布记录")
    elif not path.is_file() or path.stat().st_size == 0:
        found.problems.append(f"{where}: 发布记录是空的或不是普通文件")
    elif release.head is not None and release.head.get("record") != file_hash(path):
        found.problems.append(f"{where}: 发布记录被改动过（与版本记录中的哈希不符）")
    else:
        release.record_ok = release.head is not None


def _check_files(release: Release, files: dict[str, os.stat_result], odd: list[str], hash_them: bool,
                 known: dict[tuple[int, int], str], found: Findings, stats: dict | None = None) -> None:
    where = f"releases/{release.name}"
    release.damaged += odd
    for path in odd:
        found.problems.append(f"{where}/{path}: 不是普通文件（符号链接或特殊文件），发布的版本中不应有")
    found.files += len(files)
    if hash_them:
        for path, info in files.items():
            inode = (info.st_dev, info.st_ino)
            seen = (stats or {}).get(inode)
            if inode not in known and seen is not None and seen[:3] == (info.st_size, info.st_mtime_ns, info.st_ctime_ns):
                known[inode] = seen[3]   # untouched since this run's hash of it: any write changes ctime
            if inode not in known:
                known[inode] = file_hash(release.path / path)
                found.read += 1
            release.hashes[path] = known[inode]
    if release.manifest is None:
        return
    files = {path: info for path, info in files.items() if path != RECORD}   # checked on its own, against the head
    for path in sorted(set(release.manifest) - set(files) - {RECORD}):
        release.damaged.append(path)
        found.problems.append(f"{where}/{path}: 清单中的文件不见了")
    for path in sorted(set(files) - set(release.manifest)):
        release.damaged.append(path)
        found.problems.append(f"{where}/{path}: 清单中没有的文件")
    if hash_them:
        for path in sorted(set(files) & set(release.manifest)):
            if release.hashes[path] != release.manifest[path]:
                release.damaged.append(path)
                found.problems.append(f"{where}/{path}: 内容与清单不符（发布后被改动过）")


def _outside_links(found: Findings, listings: dict[str, dict[str, os.stat_result]]) -> None:
    """A release's file must share its inode with other releases' files only: a link from a cache
    or anywhere else is a way to change a served page without publishing."""
    counts: dict[tuple[int, int], int] = {}
    for files in listings.values():
        for info in files.values():
            inode = (info.st_dev, info.st_ino)
            counts[inode] = counts.get(inode, 0) + 1
    for name, files in listings.items():
        shared = [path for path, info in files.items() if info.st_nlink > counts[(info.st_dev, info.st_ino)]]
        found.releases[name].outside = shared
        for path in sorted(shared)[:20]:
            found.problems.append(f"releases/{name}/{path}: 与发布目录之外的文件共用同一份数据（硬链接），"
                                  f"在别处改动它就改动了这个版本")
        if len(shared) > 20:
            found.problems.append(f"releases/{name}: ……共 {len(shared)} 个文件与发布目录之外的文件共用数据")


def check(root: Path, served: str | None, log_entries: dict[str, str], hash_all: bool,
          stats: dict | None = None) -> Findings:
    """Every release of `root` against its head, manifest and record, and every head against the
    one it names. Files are hashed for the served release, or for all with `hash_all`.
    `log_entries`: release name -> id, for every release the publish log says was made.
    `stats`: (dev, inode) -> (size, mtime_ns, ctime_ns, sha256) from `remember` (publish only)."""
    found = Findings()
    folder = root / "releases"
    names = sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")) if folder.is_dir() else []
    known: dict[tuple[int, int], str] = {}
    listings = {}
    for name in names:
        path = folder / name
        if not is_release_name(name) or path.is_symlink() or not path.is_dir():
            found.unknown.append(name)
            continue
        release = found.releases[name] = Release(name, path)
        _read_head(release, found)
        _check_record(release, found)
        files, odd = listing(path)
        listings[name] = release.files = files
        _check_files(release, files, odd, hash_all or name == served, known, found, stats)
    _outside_links(found, listings)
    for release in found.releases.values():
        _check_previous(release, found, log_entries)
    return found


def _check_previous(release: Release, found: Findings, log_entries: dict[str, str]) -> None:
    previous = (release.head or {}).get("previous")
    if not isinstance(previous, dict):
        return   # the first release of the chain
    name, wanted = previous.get("release"), previous.get("sha256")
    kept = found.releases.get(name)
    actual = kept.id if kept is not None else log_entries.get(name)
    if kept is not None and kept.id is None:
        return   # its own missing head is already a problem
    if actual is None:
        found.problems.append(f"releases/{release.name}: 版本链断了：它替换的版本 {name} 既不在 releases/ 中，也不在发布日志里")
    elif actual != wanted:
        found.problems.append(f"releases/{release.name}: 版本链断了：它替换的版本 {name} 的版本记录已不是发布时的那份")
