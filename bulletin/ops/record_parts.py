"""The record's text in parts, kept in the build's cache from one publish to the next.

Writing the whole record as YAML cost about a second at 5,000 items on every publish, though a new
issue changes one year's part of it. The text is made of one part per section and year, each looked
up by the digest of its entries in the parts kept from the last publish, and written only when not
found: the same bytes as `published_record.dump` (tests/test_record_parts.py). Each kept part is
stored with its own hash, so a damaged file costs a full render, never a damaged record; the file
is as trusted as the rest of the build's cache (written only by publish, in the web root's cache).
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import yaml

from bulletin.content.published_record import dump
from bulletin.ops.chain import write_by_rename

FILE = "record-parts.json"
_YEAR = re.compile(r"[^/-]*$")   # a key less its last part: zwxx/2026/15 -> zwxx/2026/, 2026-0153 -> 2026-
_WRITER = f"{yaml.__version__} {getattr(yaml, '__with_libyaml__', False)} 1"   # a new PyYAML may write otherwise


def in_parts(record: dict, memo: dict[str, str]) -> str:
    """`dump(record)`, made of parts: an entry of a block mapping is written the same wherever it
    stands, so a run of one year's entries is the text it was last time. `memo` (digest -> text) is
    left holding exactly this text's parts."""
    if not record.get("issues"):
        return dump(record)
    used: dict[str, str] = {}
    head = dump({"about": record["about"], "version": record["version"], "issues": {}})
    texts = [head[:head.rindex("issues:")]]
    for section in ("issues", "items", "circulars"):
        entries = record.get(section)
        if not entries:
            continue
        texts.append(f"{section}:\n")
        runs: list[list] = []   # runs of one year's entries, in the record's order
        for key, entry in entries.items():
            if not runs or _YEAR.sub("", str(key)) != _YEAR.sub("", str(runs[-1][0][0])):
                runs.append([])
            runs[-1].append((key, entry))
        for run in runs:
            digest = hashlib.sha256(f"{_WRITER} {section} {run!r}".encode("utf-8")).hexdigest()
            text = memo.get(digest)
            if text is None:
                text = dump({section: dict(run)}).split("\n", 1)[1]
            texts.append(used.setdefault(digest, text))
    memo.clear()
    memo.update(used)
    return "".join(texts)


def where(cache: str) -> Path | None:
    """The parts' file in the cache folder `cache` (a request's), None when the cache is off."""
    return Path(cache) / FILE if cache and cache.lower() != "off" else None


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load(path: Path | None) -> dict[str, str] | None:
    """The kept parts (digest -> text); empty if none or damaged; None when there is no cache."""
    if path is None:
        return None
    try:
        kept = json.loads(path.read_bytes())
        return {key: text for key, (text, digest) in kept.items() if _hash(text) == digest}
    except (OSError, ValueError, TypeError, AttributeError):
        return {}


def save(path: Path | None, parts: dict[str, str] | None) -> None:
    if path is None or parts is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    write_by_rename(path, json.dumps({key: [text, _hash(text)] for key, text in parts.items()},
                                     ensure_ascii=False).encode("utf-8"))
