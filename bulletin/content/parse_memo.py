"""Parsed YAML kept between runs, by the digest of its text: a file that did not change is not parsed again;
and an index of the content files' digests, so that a file that did not change is not even read.

Every check (and so every build and publish) reads every content file; composing its YAML (an
item's front matter, an issue, the settings) into line-numbered records was a third of the check's
CPU. A parse that added no problem is kept under the BLAKE2b digest of its text, its line offset and
the parser's own code, and takes the parse of a text it knows, so an edited file is parsed afresh
whatever its name, size or time. A file with any problem is never kept: every message is the one a
full parse gives. A missing, damaged or foreign memo is no memo, and a memo that cannot be written
is none next time: a cache, never a source of truth.

The index (`file_digest`) gives a file's digest without reading it when its size, modification and
change times (ns), inode and device are those it had when last read. A time within `DOUBT_NS` of the run
that would record it is not trusted (a file system may keep times to the second or two, and an edit
in that second with the same size would look unchanged): such a file is read and hashed every run
until it is older. `kept_readings.py` keeps a clean file's whole reading under this digest.

    <cache>/check/parsed.pickle    {"format", "code", "parsed": {digest: pickled parse or reading}}
    <cache>/check/files.pickle     {"format", "files": {path: ((size, mtime_ns, ctime_ns, inode, device), digest)}}
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import tempfile
import time
from pathlib import Path

FORMAT = 2
DOUBT_NS = 2_000_000_000
_PARSER = Path(__file__).with_name("yamltext.py")
_clock = time.time_ns   # a test moves it on, as if the run came later


class _Memo:
    def __init__(self, kept: dict[str, bytes], files: dict[str, tuple]) -> None:
        self.kept = kept
        self.used: dict[str, bytes] = {}   # what this run read or parsed: the next memo, so it never grows stale
        self.files = files
        self.stamped: dict[str, tuple] = {}   # this run's trusted stamps: the next index
        self.read: dict[str, str] = {}        # path -> digest of what this run read of it
        self.trusted_before = _clock() - DOUBT_NS
        self.trail: list[str] = []   # the keys recalled or remembered, in order: what a reading used
        self.shared: dict[str, object] = {}
        self.derived: dict[tuple, str] = {}   # key_of's answers by their parts, for a second read
        self.rewritten = False   # a key kept before now holds another value (kept_whole's one index)


_active: _Memo | None = None


def _digest(*parts: bytes) -> str:
    digest = hashlib.blake2b(digest_size=20)
    for part in parts:
        digest.update(part)
    return digest.hexdigest()


def key(text: str, line_offset: int) -> str | None:
    """The digest a parse of `text` is kept under, or None when no memo is in use."""
    if _active is None:
        return None
    return _digest(f"{line_offset}:".encode(), text.encode("utf-8", "surrogatepass"))


def key_of(*parts: str) -> str | None:
    """The digest something derived from these parts (a file's digest among them) is kept under."""
    if _active is None or any(part is None for part in parts):
        return None
    return _digest("\0".join(parts).encode("utf-8", "surrogatepass"))


def derived_keys() -> dict[tuple, str]:
    """Keys already made this run, by whatever names their parts (empty with no memo): new-item's
    second read needs the same keys as its first."""
    return _active.derived if _active is not None else {}


def recalled(digest: str | None, shared: bool = False):
    """The kept parse of that digest (a fresh copy), or None. `shared`: the same object for every
    recall within the block, for a caller that never changes it (a second read by the same command)."""
    if _active is None or digest is None:
        return None
    if shared and digest in _active.shared:
        _active.trail.append(digest)
        return _active.shared[digest]
    data = _active.used.get(digest) or _active.kept.get(digest)   # used: a second read in the same run
    if data is None:
        return None
    _active.used[digest] = data
    _active.trail.append(digest)
    found = pickle.loads(data)
    if shared:
        _active.shared[digest] = found
    return found


def remember(digest: str | None, parsed) -> None:
    if _active is not None and digest is not None and parsed is not None:
        _active.used[digest] = data = pickle.dumps(parsed, protocol=pickle.HIGHEST_PROTOCOL)
        _active.rewritten |= digest in _active.kept and _active.kept[digest] != data
        _active.shared.pop(digest, None)   # a later recall gets what is kept now
        _active.trail.append(digest)


def trail() -> list[str]:
    """The keys recalled or remembered so far this run (empty with no memo)."""
    return _active.trail if _active is not None else []


def carry(keys) -> None:
    """Keep these kept entries for the next run too, though this run did not need them."""
    if _active is not None:
        for digest in keys:
            if digest in _active.kept:
                _active.used[digest] = _active.kept[digest]


def file_digest(path: Path, status: os.stat_result | None = None) -> str | None:
    """The digest of a file's bytes, from the index when its stamp is unchanged, else read and hashed;
    None with no memo or when it cannot be read (its reader says why). `status`: the file's, taken
    this run (by the walk that found it), so as not to ask again."""
    if _active is None:
        return None
    try:
        status = status or os.stat(path)
        known = _active.stamped.get(str(path)) or _active.files.get(str(path))
        if known is not None and known[0] == _stamp(status):
            return _noted(path, status, known[1])
        return note_read(path, status, path.read_bytes())
    except OSError:
        return None


def note_read(path: Path, status: os.stat_result, raw: bytes) -> str | None:
    """A file was read (`raw`, read after `status` was taken): its digest, for the index and for
    `read_digest`."""
    if _active is None:
        return None
    return _noted(path, status, _digest(raw))


def _noted(path: Path, status: os.stat_result, digest: str) -> str:
    name = str(path)
    _active.read[name] = digest
    if max(status.st_mtime_ns, status.st_ctime_ns) < _active.trusted_before:
        _active.stamped[name] = (_stamp(status), digest)
    return digest


def read_digest(path: Path) -> str | None:
    """The digest of what this run read of the file (None: not read, or no memo)."""
    return _active.read.get(str(path)) if _active is not None else None


def _stamp(status: os.stat_result) -> tuple:
    return status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino, status.st_dev


def _code() -> str:
    return hashlib.blake2b(_PARSER.read_bytes() + f"format {FORMAT}".encode(), digest_size=16).hexdigest()


def _read(path: Path, code: str | None, field: str) -> dict:
    try:
        with path.open("rb") as file:
            memo = pickle.load(file)
        if memo.get("format") == FORMAT and memo.get("code") == code and isinstance(memo.get(field), dict):
            return memo[field]
    except Exception:   # missing, damaged or written by other code: parse everything
        pass
    return {}


def _write(path: Path, memo: dict) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, prefix=f".{path.stem}-", delete=False) as file:
            pickle.dump(dict(memo, format=FORMAT), file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(file.name, path)
    except OSError:   # a read-only or full cache folder: the next run parses again
        with contextlib.suppress(OSError, NameError):
            os.unlink(file.name)


@contextlib.contextmanager
def kept(cache: Path | None):
    """Within this block, YAML parses are taken from and kept in `cache` (None: no memo)."""
    global _active
    if cache is None or _active is not None:
        yield
        return
    parsed, files, code = cache / "check" / "parsed.pickle", cache / "check" / "files.pickle", _code()
    _active = _Memo(_read(parsed, code, "parsed"), _read(files, None, "files"))
    try:
        yield
        if _active.rewritten or _active.used.keys() != _active.kept.keys():
            _write(parsed, {"code": code, "parsed": _active.used})
        if _active.stamped != _active.files:
            _write(files, {"code": None, "files": _active.stamped})
    finally:
        _active = None
