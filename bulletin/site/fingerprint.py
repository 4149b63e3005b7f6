"""Fingerprints of what a page is made from, so an unchanged page need not be rendered again.

A page is rendered from its own context and nothing else of the archive (bulletin/site/views.py
puts every name and label it prints there), so its context's digest vouches for it.
`Fingerprints.of` digests a value by its content: model records, lists and dicts all the way down,
a record digested once per build. Anything this module cannot vouch for (an object it does not
know how to digest) makes the page *doubtful*: it is rendered again every time.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import pickle
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from typing import Any


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
