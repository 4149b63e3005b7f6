"""The record's text in parts, kept in the build's cache from one publish to the next.

Writing the whole record as YAML cost about a second at 5,000 items on every publish, though a new
issue changes one year's part of it. The text is made of one part per section and year, each looked
up by the digest of its entries among the texts kept from the last publish (bulletin/site/kept_texts.py:
each with its own hash, so a damaged file costs a full render, never a damaged record), and written
only when not found: the same bytes as `published_record.dump` (tests/test_record_parts.py).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import yaml

from bulletin.content.published_record import dump
from bulletin.site.kept_texts import KeptTexts

FILE = "record-parts.json"
_YEAR = re.compile(r"[^/-]*$")   # a key less its last part: zwxx/2026/15 -> zwxx/2026/, 2026-0153 -> 2026-
WRITER = f"{yaml.__version__} {getattr(yaml, '__with_libyaml__', False)} 1"   # a new PyYAML may write otherwise


def in_parts(record: dict, parts: KeptTexts) -> str:
    """`dump(record)`, made of parts: an entry of a block mapping is written the same wherever it
    stands, so a run of one year's entries is the text it was last time."""
    if not record.get("issues"):
        return dump(record)
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
            digest = hashlib.sha256(f"{section} {run!r}".encode("utf-8")).hexdigest()
            texts.append(parts.text(digest, lambda: dump({section: dict(run)}).split("\n", 1)[1]))
    return "".join(texts)


def kept(cache: str) -> KeptTexts | None:
    """The parts kept in the cache folder `cache` (a request's); None when the cache is off."""
    return KeptTexts(Path(cache) / FILE, WRITER) if cache and cache.lower() != "off" else None
