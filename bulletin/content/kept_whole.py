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

The answer is kept under one name (one a cache), with its files' list: a check that finds one item
file changed since takes it and that file (`added_item.with_edited_item`), and new-item's second read
takes the first's (`added_item.with_added_item`).

Not kept: the published record's check (`published_record.check`), done again on every run from the
records (it keeps what it derived for publish); and a read with any problem, so every message is the
one a full read gives.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from bulletin.content import parse_memo
from bulletin.content.discover import Layout
from bulletin.content.kept_readings import package_code
from bulletin.content.problems import Problems
from bulletin.model import Content


@dataclass(frozen=True)
class Kept:
    """The last clean check's list of files; its answer (records and shown text) is kept apart, under
    `key`, and read only when wanted: a check after an issue's edit does not unpickle it for nothing."""
    key: str
    files: list            # (kind's pattern, path as shown, digest) of every file, in walk order
    today: date
    memo_keys: list

    def answer(self) -> tuple[Content, str] | None:
        """(records, shown text: added_item.shown_text), or None."""
        try:
            content, shown_text = parse_memo.recalled(self.key, shared=True)
        except Exception:   # noqa: BLE001 - none kept (TypeError unpacking None), or not ours
            return None
        return content, shown_text


def _index_key() -> str | None:
    return parse_memo.key_of("whole", package_code())


class WholeReading:
    def __init__(self, layout: Layout, problems: Problems, today: date) -> None:
        self.today, self.files, self.paths = today, [], []
        try:
            self.key = _key(layout, problems, today, self.files, self.paths)
        except Exception:   # noqa: BLE001 - a cache, never a reason for a check to fail: read the files
            self.key = None
        self.last: Kept | None = None

    def recall(self) -> tuple[Content, str] | None:
        """The records a clean read of these very files gave, and its shown text (added_item.py), or None.
        Else `last` holds the last clean check's, if any, for a check that differs by one file."""
        try:   # shared: new-item's second read takes the first's; nothing here is changed once read
            kept = parse_memo.recalled(_index_key(), shared=True) if self.key else None
        except Exception:   # noqa: BLE001 - damaged or not ours: read the files
            kept = None
        if not isinstance(kept, Kept):
            return None
        parse_memo.carry(kept.memo_keys)   # the files' own readings stay kept for the next changed run
        if kept.key != self.key:
            self.last = kept
            return None
        return kept.answer()

    def keep(self, content: Content, shown_text: str, problems: Problems, from_last: bool = False) -> None:
        """`from_last`: the answer is the last one's and one file's (added_item.py), so the files' readings
        the last one used are still this one's; a full read's own trail names every one it used."""
        if self.key is not None and not problems:
            answers = {self.key, _index_key(), self.last.key if self.last else None}   # never carried: one answer kept
            used = [*(self.last.memo_keys if from_last and self.last else []), *parse_memo.trail()]
            parse_memo.remember(self.key, (content, shown_text))
            parse_memo.remember(_index_key(), Kept(self.key, self.files, self.today,
                                                   [key for key in dict.fromkeys(used) if key not in answers]))


def _key(layout: Layout, problems: Problems, today: date, files: list, paths: list) -> str | None:
    if parse_memo.key_of("whole") is None:   # no memo (--clean): nothing kept
        return None
    digest = hashlib.blake2b(f"whole\0{package_code()}\0{today.isoformat()}".encode(), digest_size=20)
    for pattern, found in layout.found.items():
        digest.update(f"\0\0{pattern}".encode())
        for path in found:
            file_digest = parse_memo.file_digest(path, layout.stat(path))
            if file_digest is None:   # unreadable: its reading says why, and that is a problem
                return None
            shown = problems.display(path)
            digest.update(f"\0{shown}\0{file_digest}".encode("utf-8", "surrogatepass"))
            files.append((pattern, shown, file_digest))
            paths.append(path)
    return digest.hexdigest()
