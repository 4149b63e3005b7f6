"""Texts a build makes again and again from the same inputs, kept in the build cache by those inputs.

Two texts cost a publish most while rarely changing: the site's JSON data files a year a file
(bulletin/export.py, json's pure-Python encoder with an indent) and the record's YAML a section and
year a part (bulletin/ops/record_parts.py). Each is looked up by the digest of what it is made
from; a text not found is made. A kept text carries its own SHA-256 and is reused only while it
matches, so a damaged cache costs a remake, never a wrong file. The stamp (the code or writer that
makes the texts) must match too: a new encoder discards every kept text. Only this run's texts are
kept, so a year's old versions drop out. The cache is written only by a build, by rename; one that
cannot be written costs a remake next time, never the build.
"""

from __future__ import annotations

import json
import os
import pickle
import tempfile
from pathlib import Path
from typing import Callable

from bulletin.site.kept_files import sha256

FORMAT = 1


def _hash(text: str) -> str:
    return sha256(text.encode("utf-8"))


class KeptTexts:
    def __init__(self, file: Path | None, stamp: str):
        self.file, self.stamp = file, stamp
        self._old: dict[str, list[str]] = self._load()
        self._new: dict[str, list[str]] = {}
        self.reused = self.made = 0

    def _load(self) -> dict:
        if self.file is None:
            return {}
        try:
            kept = json.loads(self.file.read_bytes())
            if kept.get("format") == FORMAT and kept.get("stamp") == self.stamp and isinstance(kept.get("texts"), dict):
                return kept["texts"]
        except (OSError, ValueError, AttributeError):   # none yet, or damaged: make everything, as a clean build
            pass
        return {}

    def text(self, key: str, make: Callable[[], str]) -> str:
        """`make()`, or the text it gave a run before for the inputs known by `key`."""
        kept = self._new.get(key) or self._old.get(key)
        if isinstance(kept, list) and len(kept) == 2 and isinstance(kept[0], str) and _hash(kept[0]) == kept[1]:
            self.reused += 1
        else:
            self.made += 1
            text = make()
            kept = [text, _hash(text)]
        self._new[key] = kept
        return kept[0]

    def of(self, document: object, make: Callable[[object], str]) -> str:
        """`make(document)`, known by the digest of the document's pickle (its exact data; a document
        pickled otherwise only costs a remake)."""
        return self.text(sha256(pickle.dumps(document, protocol=5)), lambda: make(document))

    def keys(self) -> list[str]:
        """The texts used this run, in first use."""
        return list(self._new)

    def save(self) -> None:
        if self.file is None:
            return
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=self.file.parent, prefix=f".{self.file.name}.", delete=False) as out:
                out.write(json.dumps({"format": FORMAT, "stamp": self.stamp, "texts": self._new},
                                     ensure_ascii=False).encode("utf-8"))
            os.replace(out.name, self.file)
        except OSError:
            pass
