"""Fingerprints of what a page is made from, so an unchanged page need not be rendered again.

A page is rendered from its own context and nothing else of the archive (bulletin/site/views.py
puts every name and label it prints there), so its context's digest vouches for it.
`Fingerprints.of` digests a value by its content: the value is pickled (in C), with each model
record and each large list or dict standing in by its own digest, worked out once per build (a
record by its pickle, every field and nested record; a large list or dict, which the pages of one
listing share, the same way), and a set by its elements' digests in sorted order. Anything this
module cannot vouch for (a function, an object that is no record) makes the page *doubtful*: it
is rendered again every time.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import io
import pickle
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from typing import Any

_SCALARS = (str, bytes, bool, int, float, Fraction, Decimal, date, datetime, enum.Enum)
_PLAIN = frozenset({str, int, float, bool, type(None), Fraction, Decimal, date, datetime})   # the common case, at once
_SHARED = 16  # lists and dicts this long are digested once a build (by identity), shorter ones each time
_PROTOCOL = 5


class Unknown(Exception):
    """A value whose content cannot be vouched for."""


def _digest(data) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _stood_in(digest: str) -> None:
    """What a nested record is pickled as (by reference, with its digest): never called."""


class _NestedRecords(dict):
    """A pickler's dispatch table that stands every record (any dataclass) in for its digest: the
    table is asked (in C) for each type pickled, and answers for a new type once."""

    def __init__(self, prints: "Fingerprints") -> None:
        super().__init__()
        self._prints = prints
        self._others: set[type] = set()

    def __missing__(self, kind: type):
        if kind in self._others or not dataclasses.is_dataclass(kind):
            self._others.add(kind)
            raise KeyError(kind)
        self[kind] = self._stand_in
        return self._stand_in

    def _stand_in(self, record: Any):
        prints = self._prints
        return _stood_in, (prints._once(record, lambda: prints._record(record)),)


class Fingerprints:
    """Content digests for one build; records are digested once (they do not change in a build)."""

    def __init__(self) -> None:
        self._records: dict[int, tuple[Any, str]] = {}   # id -> (the record, kept alive; its digest)
        self._nested = _NestedRecords(self)

    def of(self, value: Any) -> str:
        return self._pickled(value, None)

    def _pickled(self, value: Any, whole: Any) -> str:
        """The digest of `value` pickled, each record and large container in it (but `whole`
        itself) standing in by its digest."""
        buffer = io.BytesIO()
        pickler = pickle.Pickler(buffer, protocol=_PROTOCOL)
        pickler.persistent_id = lambda obj: None if obj is whole else self._stand_in(obj)
        try:
            pickler.dump(value)
        except Unknown:
            raise
        except Exception as error:  # noqa: BLE001 - whatever pickle refuses, or nesting too deep
            raise Unknown(f"{type(error).__name__}: {error}") from None
        return _digest(buffer.getbuffer())

    def _stand_in(self, obj: Any) -> str | None:
        """What pickle writes instead of `obj` (None: `obj` itself, pickled as it is)."""
        kind = type(obj)
        if kind in _PLAIN:
            return None
        if kind is list or kind is tuple or kind is dict:
            return f"C{self._once(obj, lambda: self._pickled(obj, obj))}" if len(obj) >= _SHARED else None
        if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
            return f"D{self._once(obj, lambda: self._record(obj))}"
        if isinstance(obj, (set, frozenset)):
            return f"S{kind.__name__}{{" + ",".join(sorted(self.of(element) for element in obj)) + "}"
        if isinstance(obj, (type, list, tuple, dict, *_SCALARS)):   # classes by name; Markup, named tuples as they are
            return None
        raise Unknown(f"{kind.__module__}.{kind.__qualname__}")

    def _once(self, obj: Any, digest) -> str:
        known = self._records.get(id(obj))
        if known is not None and known[0] is obj:
            return known[1]
        made = digest()
        self._records[id(obj)] = (obj, made)
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
            buffer = io.BytesIO()
            pickler = pickle.Pickler(buffer, protocol=_PROTOCOL)
            pickler.dispatch_table = self._nested
            pickler.dump((type(value), fields))
            return _digest(buffer.getbuffer())
        except Unknown:
            raise
        except Exception as error:  # noqa: BLE001 - whatever pickle refuses, or nesting too deep
            raise Unknown(f"{type(value).__qualname__}: {error}") from None
