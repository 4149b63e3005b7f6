"""A clean check's whole answer kept for the next one, so that a check of an unchanged archive reads no file.

`kept_readings.py` keeps each clean file's reading, but the checks across files (ids, an issue's items,
第N期 and 总第M期, drafts named in shown text) are done again from them on every run, and each kept
reading is unpickled on its own: two thirds of a check at 5,000 items with nothing changed. When the
read found no problem, its records (`Content`) are kept under one key made of: every file the walk
found, in walk order (its kind, its path as shown and its digest, from the index when its stamp has
not changed), the digest of the package's code, and the day the dates were judged against. The read
takes only those files (the walk finds them; a file it skips or reports is not read, and a reported
one is a problem, so nothing is kept), so the same key can only come from the same answer: no problem,
and these records. Any change of a file, a file added, removed or renamed, other code or another day
is another key, and the files are read as before.

Not kept: the published record's check (`published_record.check`), done again on every run from the
records (it keeps what it derived for publish); and a read with any problem, so every message is the
one a full read gives.
"""

from __future__ import annotations

import hashlib
from datetime import date

from bulletin.content import parse_memo
from bulletin.content.discover import Layout
from bulletin.content.kept_readings import package_code
from bulletin.content.problems import Problems
from bulletin.model import Content


class WholeReading:
    def __init__(self, layout: Layout, problems: Problems, today: date) -> None:
        try:
            self.key = _key(layout, problems, today)
        except Exception:   # noqa: BLE001 - a cache, never a reason for a check to fail: read the files
            self.key = None

    def recall(self) -> Content | None:
        """The records a clean read of these very files gave, or None."""
        try:
            content, memo_keys = parse_memo.recalled(self.key)
        except Exception:   # noqa: BLE001 - none kept (TypeError unpacking None), or not ours
            return None
        parse_memo.carry(memo_keys)   # the files' own readings stay kept for the next changed run
        return content

    def keep(self, content: Content, problems: Problems) -> None:
        if self.key is not None and not problems:
            parse_memo.remember(self.key, (content, list(parse_memo.trail())))


def _key(layout: Layout, problems: Problems, today: date) -> str | None:
    if parse_memo.key_of("whole") is None:   # no memo (--clean): nothing kept
        return None
    digest = hashlib.blake2b(f"whole\0{package_code()}\0{today.isoformat()}".encode(), digest_size=20)
    for pattern, paths in layout.found.items():
        digest.update(f"\0\0{pattern}".encode())
        for path in paths:
            file_digest = parse_memo.file_digest(path, layout.stat(path))
            if file_digest is None:   # unreadable: its reading says why, and that is a problem
                return None
            digest.update(f"\0{problems.display(path)}\0{file_digest}".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()
