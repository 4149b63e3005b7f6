"""Fingerprints of what a page is made from, so an unchanged page need not be rendered again.

A page is rendered from its own context and from what its template asks the archive while it
renders (`archive.issues_of(item)`, `archive.settings`...). `Fingerprints.of` digests a value by
its content: model records, lists and dicts all the way down, a record digested once per build.
`Reads` stands in for the archive in templates and notes each question a page asked with a
digest of the answer; a later build asks the same questions of its own archive and reuses the
page only if every answer is the same. Anything this module cannot vouch for (an object it does
not know how to digest, an argument it cannot look up again) makes the page *doubtful*: it is
rendered again every time.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import pickle
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from typing import Any, Iterator

from bulletin.model import Issue, Item

_SCALARS = (bool, int, float, Fraction, Decimal, date, datetime, enum.Enum)
_SHARED = 16  # lists and dicts this long are digested once a build (by identity), shorter ones each time


class Unknown(Exception):
    """A value whose content cannot be vouched for."""


class Fingerprints:
    """Content digests for one build; records are digested once (they do not change in a build)."""

    def __init__(self) -> None:
        self._records: dict[int, tuple[Any, str]] = {}   # id -> (the record, kept alive; its digest)

    def of(self, value: Any) -> str:
        parts: list[str] = []
        self._encode(value, parts, 0)
        return hashlib.blake2b("".join(parts).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()

    def _encode(self, value: Any, out: list[str], depth: int) -> None:
        if depth > 40:
            raise Unknown("nested too deep")
        kind = type(value)
        if value is None:
            out.append("N")
        elif isinstance(value, str):
            out += (f"{kind.__name__}{len(value)}:", value)   # Markup and str differ: they print differently
        elif isinstance(value, _SCALARS):
            out.append(f"{kind.__name__}:{value!r};")
        elif len(value) >= _SHARED if isinstance(value, (list, tuple, dict)) else False:
            out.append(f"C{self._shared(value, depth)};")
        elif isinstance(value, (list, tuple)):
            out.append(f"{kind.__name__}[{len(value)}")
            for element in value:
                self._encode(element, out, depth + 1)
            out.append("]")
        elif isinstance(value, dict):
            out.append(f"{kind.__name__}{{{len(value)}")
            for key, element in value.items():      # in order: templates list them in order
                self._encode(key, out, depth + 1)
                self._encode(element, out, depth + 1)
            out.append("}")
        elif isinstance(value, (set, frozenset)):
            out.append(f"set{{{len(value)}:" + ",".join(sorted(self.of(element) for element in value)) + "}")
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            out.append(f"D{kind.__module__}.{kind.__qualname__}:{self._record(value, depth)};")
        else:
            raise Unknown(f"{kind.__module__}.{kind.__qualname__}")

    def _shared(self, value: Any, depth: int) -> str:
        """A large list or dict, digested once: the pages of one listing share their summaries
        (counts by year, topics by year), and the plan is complete before anything is digested."""
        known = self._records.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        parts: list[str] = [f"{type(value).__name__}{len(value)}"]
        items = value.items() if isinstance(value, dict) else ((element,) for element in value)
        for pair in items:
            for element in pair:
                self._encode(element, parts, depth + 1)
        digest = hashlib.blake2b("".join(parts).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
        self._records[id(value)] = (value, digest)
        return digest

    def _record(self, value: Any, depth: int) -> str:
        """A record's digest, by its pickle: every field, nested records too, in C. Pickling the
        same content gives the same bytes (objects are built the same way each build); bytes that
        differ only cost a reuse, and what cannot be pickled (a function) cannot be vouched for."""
        known = self._records.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        try:
            data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as error:  # noqa: BLE001 - whatever pickle refuses
            raise Unknown(f"{type(value).__qualname__}: {error}") from None
        digest = hashlib.blake2b(data, digest_size=16).hexdigest()
        self._records[id(value)] = (value, digest)
        return digest


def _ref(value: Any) -> Any:
    """An argument as a later build can look it up again in its own archive."""
    if value is None or isinstance(value, (str, int)):
        return value
    if isinstance(value, Item):
        return ("item", value.id)
    if isinstance(value, Issue):
        return ("issue", value.path)
    raise Unknown(type(value).__qualname__)


class Reads:
    """The archive as templates see it, noting every question asked while `recording()`."""

    def __init__(self, archive, fingerprints: Fingerprints):
        self._archive = archive
        self._fingerprints = fingerprints
        self._answers: dict[tuple, str | None] = {}   # one key object per question: the index pickles it once
        self._keys: dict[tuple, tuple] = {}
        self._open: list[dict] = []
        self._issues = None

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        value = getattr(self._archive, name)
        if callable(value) and not dataclasses.is_dataclass(value):
            def asked(*args, **kwargs):
                answer = value(*args, **kwargs)
                if self._open:
                    self._note(name, args, kwargs, answer)
                return answer
            setattr(self, name, asked)   # once per method: __getattr__ is not asked again
            return asked
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return _Fields(self, name, value)   # archive.settings.publisher: noted field by field
        self._note(name, None, {}, value)
        return value

    @contextmanager
    def recording(self) -> Iterator[dict]:
        """Collect the questions asked within the block: {(name, args): digest}; a doubtful page
        gets the key `None`."""
        reads: dict = {}
        self._open.append(reads)
        try:
            yield reads
        finally:
            self._open.pop()   # recordings nest: the innermost ends first

    def _note(self, name: str, args, kwargs: dict, answer: Any) -> None:
        if not self._open:
            return
        try:
            if kwargs:
                raise Unknown("keyword arguments")
            key = (name, None if args is None else tuple(_ref(arg) for arg in args))
            if key not in self._answers:
                self._answers[key] = self._fingerprints.of(answer)
                self._keys[key] = key
            key, digest = self._keys.get(key, key), self._answers[key]
        except Unknown:
            key, digest = None, None
        for reads in self._open:
            reads[key] = digest

    def answer(self, key: tuple) -> str | None:
        """The digest this build's archive gives to a question an earlier build noted, or None
        when it cannot be asked any more (an item or issue gone)."""
        if key not in self._answers:
            self._answers[key] = self._ask(key)
        return self._answers[key]

    def _ask(self, key: tuple) -> str | None:
        name, args = key
        try:
            value = self._archive
            for part in name.split("."):
                value = getattr(value, part)
            if args is None:
                return self._fingerprints.of(value)
            return self._fingerprints.of(value(*(self._lookup(arg) for arg in args)))
        except (Unknown, LookupError, AttributeError, TypeError):
            return None

    def _lookup(self, ref: Any) -> Any:
        if not isinstance(ref, tuple):
            return ref
        kind, ident = ref
        if kind == "item":
            return self._archive.items[ident]
        if self._issues is None:
            self._issues = {issue.path: issue for issue in self._archive.content.issues}
        return self._issues[ident]


class _Fields:
    """A record the archive holds (its settings), read field by field, so a page that shows the
    publisher does not depend on the scoring rules beside it."""

    def __init__(self, reads: Reads, name: str, record: Any):
        self._reads, self._name, self._record = reads, name, record

    def __getattr__(self, field: str):
        if field.startswith("_"):
            raise AttributeError(field)
        value = getattr(self._record, field)
        self._reads._note(f"{self._name}.{field}", None, {}, value)
        return value
