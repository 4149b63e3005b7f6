"""Parsed YAML kept between runs, by the digest of its text: a file that did not change is not parsed again.

Every check (and so every build and publish) reads every content file; composing its YAML (an
item's front matter, an issue, the settings) into line-numbered records was a third of the check's
CPU. A parse that added no problem is kept under the BLAKE2b digest of its text, its line offset and
the parser's own code; the next run still reads each file (cheap) and takes the parse of a text it
knows, so an edited file is parsed afresh whatever its name, size or time. A file with any problem
is never kept: every message is the one a full parse gives. A missing, damaged or foreign memo is
no memo, and a memo that cannot be written is none next time: a cache, never a source of truth.

    <cache>/check/parsed.pickle    {"format", "code", "parsed": {digest: pickled parse}}
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import tempfile
from pathlib import Path

FORMAT = 1
_PARSER = Path(__file__).with_name("yamltext.py")


class _Memo:
    def __init__(self, kept: dict[str, bytes]) -> None:
        self.kept = kept
        self.used: dict[str, bytes] = {}   # what this run read or parsed: the next memo, so it never grows stale


_active: _Memo | None = None


def key(text: str, line_offset: int) -> str | None:
    """The digest a parse of `text` is kept under, or None when no memo is in use."""
    if _active is None:
        return None
    digest = hashlib.blake2b(f"{line_offset}:".encode(), digest_size=20)
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def recalled(digest: str | None):
    """The kept parse of that digest (a fresh copy), or None."""
    if _active is None or digest is None:
        return None
    data = _active.kept.get(digest)
    if data is None:
        return None
    _active.used[digest] = data
    return pickle.loads(data)


def remember(digest: str | None, parsed) -> None:
    if _active is not None and digest is not None and parsed is not None:
        _active.used[digest] = pickle.dumps(parsed, protocol=pickle.HIGHEST_PROTOCOL)


def _code() -> str:
    return hashlib.blake2b(_PARSER.read_bytes() + f"format {FORMAT}".encode(), digest_size=16).hexdigest()


def _read(path: Path, code: str) -> dict[str, bytes]:
    try:
        with path.open("rb") as file:
            memo = pickle.load(file)
        if memo.get("format") == FORMAT and memo.get("code") == code and isinstance(memo.get("parsed"), dict):
            return memo["parsed"]
    except Exception:   # missing, damaged or written by other code: parse everything
        pass
    return {}


def _write(path: Path, code: str, parsed: dict[str, bytes]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, prefix=".parsed-", delete=False) as file:
            pickle.dump({"format": FORMAT, "code": code, "parsed": parsed}, file, protocol=pickle.HIGHEST_PROTOCOL)
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
    path, code = cache / "check" / "parsed.pickle", _code()
    _active = _Memo(_read(path, code))
    try:
        yield
        if _active.used.keys() != _active.kept.keys():
            _write(path, code, _active.used)
    finally:
        _active = None
