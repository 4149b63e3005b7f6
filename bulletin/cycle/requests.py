"""约稿 (《信息报送要点》): who was asked, who answered on time, late or not at all.

A unit answers a request when an approved item of its own (as `unit` or among `co_units`) names the
request. On time: an answer dated on or before `due`; late: only later answers; missed: none. A request
is decided once its due date has passed by the build date: until then it is open, and the units that
have not answered yet are pending, not missed. A unit asked but dissolved before the due date, without
answering, is not held to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bulletin.archive import Archive
from bulletin.model import Item, Request, Unit

ON_TIME, LATE, MISSED, PENDING, DISSOLVED = "on_time", "late", "missed", "pending", "dissolved"
SCORED = (ON_TIME, LATE, MISSED)   # the outcomes that earn or cost points


@dataclass(frozen=True)
class Answer:
    """One asked unit's answer to one request."""

    unit: Unit
    outcome: str        # one of ON_TIME, LATE, MISSED, PENDING, DISSOLVED
    items: tuple[Item, ...]   # its answering items, oldest first


class RequestLedger:
    """Every request's answers, worked out once a build; `today` is the build date."""

    def __init__(self, archive: Archive, today: date, answers_until: date | None = None):
        """`answers_until`: answers dated after it are not known yet (a circular as it was issued)."""
        self.archive = archive
        self.today = today
        self.requests: list[Request] = sorted(archive.content.requests.values(), key=lambda r: (r.date, r.id))
        answering: dict[tuple[str, str], list[Item]] = {}
        for item in sorted(archive.items.values(), key=lambda i: (i.date, i.id)):
            if item.request and (answers_until is None or item.date <= answers_until):
                for unit_id in item.units:
                    answering.setdefault((item.request, unit_id), []).append(item)
        self._answers = {request.id: [self._answer(request, unit, tuple(answering.get((request.id, unit.id), ())))
                                      for unit in self.asked(request)]
                         for request in self.requests}
        self._of_unit: dict[str, list[tuple[Request, Answer]]] = {}
        for request in reversed(self.requests):   # newest first
            for answer in self._answers[request.id]:
                self._of_unit.setdefault(answer.unit.id, []).append((request, answer))

    def asked(self, request: Request) -> list[Unit]:
        """The units asked, in units.yml order: the list, or every unit that existed on the request's date."""
        units = self.archive.units
        if request.units is not None:
            return sorted((units[u] for u in request.units), key=lambda u: u.order)
        return [u for u in units.values() if u.existed(request.date, request.date)]

    def decided(self, request: Request) -> bool:
        """Scored on its due date, once that day is over."""
        return request.due < self.today

    def _answer(self, request: Request, unit: Unit, items: tuple[Item, ...]) -> Answer:
        if any(item.date <= request.due for item in items):
            return Answer(unit, ON_TIME, items)
        if items:
            return Answer(unit, LATE, items)
        if unit.until is not None and unit.until < request.due:
            return Answer(unit, DISSOLVED, items)
        return Answer(unit, MISSED if self.decided(request) else PENDING, items)

    def answers(self, request: Request) -> list[Answer]:
        return self._answers[request.id]

    def open_requests(self) -> list[Request]:
        """Not yet due (due today still counts as open), soonest due first: the home page's 约稿."""
        return sorted((r for r in self.requests if not self.decided(r)), key=lambda r: (r.due, r.id))

    def of_unit(self, unit_id: str) -> list[tuple[Request, Answer]]:
        """A unit's requests, newest first, with its answer to each."""
        return self._of_unit.get(unit_id, [])
