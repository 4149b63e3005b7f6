"""The ids met so far, so that records can be checked against the ones they refer to.

A record with problems of its own is left out of the content, but its id stays known as broken:
what refers to it is not reported a second time, so one mistake gives one problem.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Known:
    """Ids of one kind: records that passed their checks, and ids whose record did not."""

    good: dict[str, Any] = field(default_factory=dict)
    broken: set[str] = field(default_factory=set)
    paths: dict[str, str] = field(default_factory=dict)  # id -> file that defined it, for duplicate messages
    # False when the file listing them is missing or could not be read: then no id is reported as
    # unknown, since the one problem is that file (units.yml with a syntax error must not make every
    # item wrong)
    readable: bool = True

    def __contains__(self, record_id) -> bool:
        return not self.readable or record_id in self.good or record_id in self.broken

    def get(self, record_id):
        return self.good.get(record_id)

    def add(self, record_id: str, record) -> None:
        self.good[record_id] = record

    def mark_broken(self, record_id) -> None:
        if record_id:
            self.broken.add(record_id)


def _listed_in_a_file() -> Known:
    """Ids a file lists (units.yml, topics.yml): none is unknown until that file is found."""
    return Known(readable=False)


@dataclass
class Registry:
    units: Known = field(default_factory=_listed_in_a_file)
    topics: Known = field(default_factory=_listed_in_a_file)
    items: Known = field(default_factory=Known)
    requests: Known = field(default_factory=Known)
