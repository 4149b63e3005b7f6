"""The site's JSON data files kept between builds, so a publish encodes only the documents that changed.

The leaderboard's and authors' files come a year a file (bulletin/export.py); encoding them with an
indent is json's pure-Python encoder, about 0.7 s a build at 5,000 items, nearly all of it for the
older years, which a new issue leaves as they were. A document is known by the SHA-256 of its pickle
(its exact data; a document pickled otherwise only costs an encode) and the code that encodes it
(the caller's code fingerprint: a change to the encoder discards every kept text). A kept text is
checked against its own digest when reused; the memo lives in the build cache, written only by a
build, the trust the page cache places in its index.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Callable

FORMAT = 1


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class JsonMemo:
    def __init__(self, folder: Path | None, code: str):
        self.file = folder / "json-memo.pickle" if folder else None
        self.code = code
        self._old: dict[str, tuple[str, str]] = self._load()
        self._new: dict[str, tuple[str, str]] = {}
        self.reused = 0

    def _load(self) -> dict:
        try:
            with self.file.open("rb") as file:
                kept = pickle.load(file)
            if kept.get("format") == FORMAT and kept.get("code") == self.code:
                return kept["texts"]
        except Exception:   # none yet, another code's or damaged: encode everything, as a clean build
            pass
        return {}

    def dump(self, document: dict, encode: Callable[[dict], str]) -> str:
        """`encode(document)`, or the text it gave last build for an equal document."""
        try:
            key = _digest(pickle.dumps(document, protocol=5))
        except Exception:   # not picklable: no key, encoded every time
            return encode(document)
        kept = self._old.get(key)
        if kept is not None and _digest(kept[1].encode("utf-8")) == kept[0]:
            self.reused += 1
        else:
            text = encode(document)
            kept = (_digest(text.encode("utf-8")), text)
        self._new[key] = kept
        return kept[1]

    def save(self) -> None:
        """Keep this build's texts (only these: a year's old versions are dropped). A cache that
        cannot be written costs an encode next time, never the build."""
        if self.file is None:
            return
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=self.file.parent, delete=False) as out:
                pickle.dump({"format": FORMAT, "code": self.code, "texts": self._new}, out, protocol=5)
            os.replace(out.name, self.file)
        except OSError:
            pass
