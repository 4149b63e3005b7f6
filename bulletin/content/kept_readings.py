"""A clean file's reading kept for the next check, so that a check after a one-file change reads one file.

An item or issue file read without a single problem leaves its record (the `Item`; the `Issue` as
its file says it) under a key made of: the file's digest (`parse_memo.file_digest`: from the index
when its stamp has not changed), its path as shown (from the content folder's name on: the records
hold no other, so a fresh clone elsewhere finds them), the digest of every file read before items
(bulletin.yml, units, topics, 约稿, pictures: all that such a reading is checked against) and the
digest of the package's code. The same key can only come from the same text read against the
same files by the same code, so the reading would be the same: it is taken as it was.

What a file's reading says about the other files is not kept but done again on every run, from the
kept record: an item's id against the other items' (`RecordReader._placed`: a duplicate), an issue's
items against the items read this run (`Rules.issue_items`, printed twice, 第N期 and 总第M期), and the
text each puts on the site, for the drafts named in it (`draft_leaks.Shown`). A reading is kept only
when it added no problem, touched no picture, and its dates are judged against a later or equal day.

Nothing here is trusted that the memo's own rules do not allow: no memo (`--clean`), nothing kept.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from bulletin.content import parse_memo
from bulletin.content.kinds import READING_ORDER
from bulletin.content.schema import At
from bulletin.content.yamltext import LineDict
from bulletin.model import Issue, Item

_ITEM_STEP = next(kind.step for kind in READING_ORDER if kind.reader == "item")
_PACKAGE = Path(__file__).resolve().parent.parent


@dataclass
class KeptItem:
    item: Item            # its id is checked against the other items' every run (`RecordReader.claim`)
    id_line: int | None   # where a duplicate is reported
    shown: list           # (field, line, text): what the item puts on the site besides its own text
    draft_title: tuple | None   # (field, line) of a draft's title
    latest_date: date     # dates were judged against this one; a later day judges the same
    memo_keys: list = field(default_factory=list)   # the parses it used, kept for a full read


@dataclass
class KeptIssue:
    issue: Issue          # as the file says it, before its items are checked against the items
    data: LineDict        # its lines, for the checks across files
    latest_date: date
    memo_keys: list = field(default_factory=list)


@functools.cache
def package_code() -> str:
    """The digest of the package's code: a reading kept by other code is never taken."""
    digest = hashlib.blake2b(digest_size=20)
    for code in sorted(_PACKAGE.rglob("*.py")):
        digest.update(code.read_bytes())
    return digest.hexdigest()


class KeptReadings:
    def __init__(self, reader, layout) -> None:
        self.reader = reader
        self.layout = layout
        self._context: str | None = None

    def context(self) -> str:
        """The digest of what a reading is checked against besides its own file (computed once)."""
        if self._context is None:
            digest = hashlib.blake2b(package_code().encode(), digest_size=20)
            for kind in READING_ORDER:
                if kind.step < _ITEM_STEP:
                    for path in self.layout.paths(kind):
                        shown = self.reader.problems.display(path)
                        digest.update(f"\0{kind.pattern}\0{shown}\0{parse_memo.file_digest(path, self.layout.stat(path))}".encode("utf-8", "surrogatepass"))
            self._context = digest.hexdigest()
        return self._context

    def _key(self, kind: str, path: Path, digest: str | None) -> str | None:
        if digest is None:   # no memo, or the file could not be read
            return None
        known, parts = parse_memo.derived_keys(), (kind, str(path), digest, self.context())
        if parts not in known:
            # by the path as shown, not as given: a fresh clone elsewhere (CI) finds what the last one kept
            known[parts] = parse_memo.key_of(kind, self.reader.problems.display(path), digest, self.context())
        return known[parts]

    def recall(self, kind: str, path: Path):
        """The kept reading of this file as it is now, or None."""
        # shared: records are never changed once read, so new-item's second read takes the first's
        digest = parse_memo.file_digest(path, self.layout.stat(path))   # stat'ed once, by the walk
        kept = parse_memo.recalled(self._key(kind, path, digest), shared=True)
        if kept is None or kept.latest_date > self.reader.rules.latest_date:
            return None
        parse_memo.carry(kept.memo_keys)
        return kept

    def watch(self, path: Path) -> "Watch":
        return Watch(self, path)

    def item_again(self, path: Path, kept: KeptItem) -> None:
        """What reading the item does across files, from its kept reading."""
        reader, item_id = self.reader, kept.item.id
        if not reader.claim(item_id, kept.item.path, At(path, reader.problems, "id", kept.id_line), reader.registry.items, "稿件"):
            return   # another file has its id: reported, and left out as a full reading leaves it
        shown = reader.rules.shown
        shown.texts += [(At(path, reader.problems, name, line), text) for name, line, text in kept.shown]
        if kept.draft_title is not None:
            shown.draft_titles[item_id] = At(path, reader.problems, *kept.draft_title)
        reader.registry.items.add(item_id, kept.item)


class Watch:
    """One file's reading under way: kept at its end if it added no problem."""

    def __init__(self, readings: KeptReadings, path: Path) -> None:
        reader = readings.reader
        self.readings, self.path = readings, path
        self.problems = len(reader.problems)
        self.texts = len(reader.rules.shown.texts)
        self.pictures = len(reader.images.shown)
        self.trail = len(parse_memo.trail())

    def _clean(self) -> bool:
        reader = self.readings.reader
        return len(reader.problems) == self.problems and len(reader.images.shown) == self.pictures

    def _keep(self, kind: str, kept) -> None:
        # the digest of the very bytes this reading read, whatever the file holds by now
        key = self.readings._key(kind, self.path, parse_memo.read_digest(self.path))
        if key is not None:
            kept.memo_keys = parse_memo.trail()[self.trail:]
            parse_memo.remember(key, kept)

    def keep_item(self, item: Item, data: LineDict) -> None:
        reader = self.readings.reader
        if not self._clean() or item.images:
            return
        shown = [(at.field, at.line, text) for at, text in reader.rules.shown.texts[self.texts:]]
        title = reader.rules.shown.draft_titles.get(item.id) if not item.approved else None
        self._keep("item", KeptItem(item, data.line_of("id"), shown, (title.field, title.line) if title else None,
                                    reader.rules.latest_date))

    def keep_issue(self, issue: Issue, data: LineDict) -> None:
        if self._clean():
            self._keep("issue", KeptIssue(issue, data, self.readings.reader.rules.latest_date))
