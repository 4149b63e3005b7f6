"""Fingerprints of what a page is made from, so an unchanged page need not be rendered again.

A page is rendered from its own context and nothing else of the archive (bulletin/site/views.py
puts every name and label it prints there), so its context's digest vouches for it.
`Fingerprints.of` digests a value by its content: the value is pickled (in C), with each model
record and each large list or dict standing in by its own digest, worked out once per build (a
record by its pickle, every field and nested record; a large list or dict, which the pages of one
listing share, the same way), and a set by its elements' digests in sorted order. Anything this
module cannot vouch for (a function, an object that is no record) makes the page *doubtful*: it
is rendered again every time.

A family that declares what its pages read (PageSpec.reads: item pages; the leaderboard's pages, by
their year's scoring, bulletin/site/pages/period_reads.py) is keyed by the digest of that read set
instead, the same way: mostly records, each standing in by its digest, and a year's scoring, which
its pages share (a `Shared` value), digested once a build, not once a page; its context is neither built nor pickled for the key
(bulletin/site/page_cache.py).

A build digests some 100,000 records: picklers are reused (one per nesting depth), as making one
costs several times what pickling a small record does.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import io
import operator
import pickle
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from typing import Any

_SCALARS = (str, bytes, bool, int, float, Fraction, Decimal, date, datetime, enum.Enum)
_PLAIN = frozenset({str, int, float, bool, type(None), Fraction, Decimal, date, datetime})   # the common case, at once
_SHARED = 16  # lists and dicts this long are digested once a build (by identity), shorter ones each time
_PROTOCOL = 5
# How a value of each type is pickled for a digest (worked out once a type, see `_how`).
_AS_IS, _CONTAINER, _RECORD, _SET, _SHARED_VALUE = range(5)
_DEFAULT_REDUCE = operator.methodcaller("__reduce_ex__", _PROTOCOL)   # what pickle calls when no table answers


class Unknown(Exception):
    """A value whose content cannot be vouched for."""


def _digest(data) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _stood_in(digest: str) -> None:
    """What a nested record is pickled as (by reference, with its digest): never called."""


class Shared:
    """A value many pages' keys hold whatever its size (a year's scoring, read by some 300 pages):
    digested once a build, by identity, as a record is; its digest is the digest of the value."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value


def _how(kind: type) -> int | None:
    """How `_stand_in` treats a value of type `kind`; None: it cannot be vouched for."""
    if kind in _PLAIN:
        return _AS_IS
    if kind is Shared:
        return _SHARED_VALUE
    if kind is list or kind is tuple or kind is dict:
        return _CONTAINER
    if dataclasses.is_dataclass(kind) and not issubclass(kind, type):
        return _RECORD
    if issubclass(kind, (set, frozenset)):
        return _SET
    if issubclass(kind, (type, list, tuple, dict, *_SCALARS)):   # classes by name; Markup, named tuples as they are
        return _AS_IS
    return None


class _Picklers:
    """Picklers kept for reuse, by nesting depth: a record met while pickling another is digested
    by the next one. Each use starts from an empty buffer and memo, so its bytes are a fresh one's."""

    def __init__(self, setup) -> None:
        self._setup = setup
        self._free: list[tuple[io.BytesIO, pickle.Pickler]] = []

    def digest(self, value: Any, persistent_id=None) -> str:
        if self._free:
            buffer, pickler = self._free.pop()
        else:
            buffer = io.BytesIO()
            pickler = pickle.Pickler(buffer, protocol=_PROTOCOL)
            self._setup(pickler)
        if persistent_id is not None:
            pickler.persistent_id = persistent_id
        try:
            pickler.dump(value)
            return _digest(buffer.getbuffer())
        finally:
            pickler.clear_memo()
            buffer.seek(0)
            buffer.truncate()
            self._free.append((buffer, pickler))


class _NestedRecords(dict):
    """A pickler's dispatch table that stands every record (any dataclass) in for its digest: the
    table is asked (in C) for each type pickled, and answers for a new type once."""

    def __init__(self, prints: "Fingerprints") -> None:
        super().__init__()
        self._prints = prints

    def __missing__(self, kind: type):
        if issubclass(kind, type):   # a class: pickled by name, as pickle does when the table has no entry
            raise KeyError(kind)
        # Any other type is answered from here on without asking again (a KeyError each time cost
        # more than the pickling): a record by its digest, anything else as pickle does by default.
        self[kind] = self._stand_in if dataclasses.is_dataclass(kind) else _DEFAULT_REDUCE
        return self[kind]

    def _stand_in(self, record: Any):
        return _stood_in, (self._prints._record_digest(record),)


class Fingerprints:
    """Content digests for one build; records are digested once (they do not change in a build)."""

    def __init__(self) -> None:
        self._records: dict[int, tuple[Any, str]] = {}   # id -> (the record, kept alive; its digest)
        self._nested = _NestedRecords(self)
        self._hows: dict[type, int | None] = {}
        self._values = _Picklers(lambda pickler: None)
        self._fields = _Picklers(self._use_nested)

    def _use_nested(self, pickler: pickle.Pickler) -> None:
        pickler.dispatch_table = self._nested

    def of(self, value: Any) -> str:
        return self._pickled(value, None)

    def _pickled(self, value: Any, whole: Any) -> str:
        """The digest of `value` pickled, each record and large container in it (but `whole`
        itself) standing in by its digest."""
        stand_in = self._stand_in if whole is None else (lambda obj: None if obj is whole else self._stand_in(obj))
        try:
            return self._values.digest(value, stand_in)
        except Unknown:
            raise
        except Exception as error:  # noqa: BLE001 - whatever pickle refuses, or nesting too deep
            raise Unknown(f"{type(error).__name__}: {error}") from None

    def _stand_in(self, obj: Any) -> str | None:
        """What pickle writes instead of `obj` (None: `obj` itself, pickled as it is)."""
        kind = type(obj)
        if kind in _PLAIN:
            return None
        try:
            how = self._hows[kind]
        except KeyError:
            how = self._hows[kind] = _how(kind)
        if how == _AS_IS:
            return None
        if how == _RECORD:
            return "D" + self._record_digest(obj)
        if how == _CONTAINER:
            if len(obj) < _SHARED:
                return None
            known = self._records.get(id(obj))
            if known is not None and known[0] is obj:
                return "C" + known[1]
            made = self._pickled(obj, obj)
            self._records[id(obj)] = (obj, made)
            return "C" + made
        if how == _SET:
            return f"S{kind.__name__}{{" + ",".join(sorted(self.of(element) for element in obj)) + "}"
        if how == _SHARED_VALUE:
            known = self._records.get(id(obj))
            if known is None or known[0] is not obj:
                known = self._records[id(obj)] = (obj, self.of(obj.value))
            return "H" + known[1]
        raise Unknown(f"{kind.__module__}.{kind.__qualname__}")

    def _record_digest(self, record: Any) -> str:
        known = self._records.get(id(record))
        if known is not None and known[0] is record:
            return known[1]
        made = self._record(record)
        self._records[id(record)] = (record, made)
        return made

    def _record(self, value: Any) -> str:
        """A record's digest, by its pickle: its class and every field, in C, each record nested in
        it standing in by its own digest (worked out once a build: an item is pickled once, not
        again in every row, placement and listing entry holding it). Pickling the same content
        gives the same bytes (objects are built the same way each build); bytes that differ only
        cost a reuse, and what cannot be pickled (a function) cannot be vouched for."""
        try:
            fields = vars(value)
        except TypeError:   # a record without a __dict__ (slots): pickled whole
            fields = None
        try:
            if fields is None:
                return _digest(pickle.dumps(value, protocol=_PROTOCOL))
            return self._fields.digest((type(value), fields))
        except Unknown:
            raise
        except Exception as error:  # noqa: BLE001 - whatever pickle refuses, or nesting too deep
            raise Unknown(f"{type(value).__qualname__}: {error}") from None
