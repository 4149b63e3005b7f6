"""What the site shows of 约稿: each request's row and outcomes, and what the home, item and unit
pages say of requests. Who answered and how is the ledger's (bulletin/cycle/requests.py); this module
only turns it into plain data in a fixed order, which the pages (bulletin/site/pages/requests.py and
the home, item and unit pages) take when they are made.
"""

from __future__ import annotations

from dataclasses import dataclass

from bulletin.archive import Archive
from bulletin.labels import OUTCOME_HEADINGS, REQUEST_STATES, days_late, days_left, request_counts
from bulletin.model import Item, Request
from bulletin.cycle.requests import DISSOLVED, LATE, MISSED, ON_TIME, PENDING, RequestLedger
from bulletin.site.urls import URLS

OUTCOMES = (ON_TIME, LATE, MISSED, PENDING, DISSOLVED)   # the request page's sections, in this order
UNIT_REQUESTS = 10   # a unit page lists its latest requests; the rest are on each request's page


@dataclass(frozen=True)
class RequestRow:
    """A request as the index, the home page and its own page's head show it."""

    request: Request
    is_open: bool        # not yet due on the build date (due today still is)
    state: str           # 进行中 / 已截止
    held: int            # units held to it: asked, less those dissolved before the due date
    answered: int        # of those, how many have answered (on time or late)
    counts: dict         # outcome -> units, in OUTCOMES order
    summary: str         # 应报4个单位，按时1，逾期2，未报1
    left: str            # an open request's 还剩5天 / 今天截止; "" once decided


@dataclass(frozen=True)
class Answering:
    """An item that answers a request, and how many days after the due date it was submitted (0: on time)."""

    item: Item
    late: str            # 逾期2天, or ""


@dataclass(frozen=True)
class UnitAnswer:
    unit_id: str
    name: str
    items: tuple[Answering, ...]


@dataclass(frozen=True)
class Outcome:
    """One section of a request page: the units with that outcome, per ranking group when the request
    asked units of several groups (else one unnamed group)."""

    outcome: str
    heading: str
    count: int
    groups: tuple[tuple[str, tuple[UnitAnswer, ...]], ...]


@dataclass(frozen=True)
class UnitRequest:
    """A row of a unit page's 约稿 table."""

    request: Request
    outcome: str
    label: str           # 按时报送, 逾期报送（逾期2天）...


def _late(item: Item, request: Request) -> str:
    days = (item.date - request.due).days
    return days_late(days) if days > 0 else ""


class RequestViews:
    """What every page shows of requests, worked out once a build from the leaderboard's ledger."""

    def __init__(self, archive: Archive, ledger: RequestLedger):
        self.archive = archive
        self.ledger = ledger
        self.by_id = {request.id: request for request in ledger.requests}
        self.rows = {request.id: self._row(request) for request in ledger.requests}

    def _row(self, request: Request) -> RequestRow:
        answers = self.ledger.answers(request)
        counts = {outcome: sum(1 for a in answers if a.outcome == outcome) for outcome in OUTCOMES}
        is_open = not self.ledger.decided(request)
        held = len(answers) - counts[DISSOLVED]
        return RequestRow(request, is_open, REQUEST_STATES[is_open], held, counts[ON_TIME] + counts[LATE], counts,
                          request_counts(held, counts, is_open),
                          days_left((request.due - self.ledger.today).days) if is_open else "")

    def newest_first(self) -> list[RequestRow]:
        """The index's order: open requests first, soonest due first; then the rest, newest first."""
        open_rows = [self.rows[r.id] for r in self.ledger.open_requests()]
        decided = [self.rows[r.id] for r in reversed(self.ledger.requests) if self.ledger.decided(r)]
        return open_rows + decided

    def open_rows(self) -> list[RequestRow]:
        return [self.rows[r.id] for r in self.ledger.open_requests()]

    def outcomes(self, request: Request) -> list[Outcome]:
        answers = self.ledger.answers(request)
        groups = [g for g in self.archive.settings.groups if any(a.unit.group == g for a in answers)]
        several = len(groups) > 1
        result = []
        for outcome in OUTCOMES:
            mine = [a for a in answers if a.outcome == outcome]
            if not mine:
                continue
            rows = [(a.unit.group, UnitAnswer(a.unit.id, a.unit.short, tuple(Answering(i, _late(i, request)) for i in a.items)))
                    for a in mine]
            by_group = tuple((group if several else "", tuple(row for g, row in rows if g == group))
                             for group in groups if any(g == group for g, _ in rows))
            result.append(Outcome(outcome, OUTCOME_HEADINGS[outcome], len(mine), by_group))
        return result

    def answered(self, item: Item) -> dict | None:
        """The item page's 答复约稿 line."""
        request = self.by_id.get(item.request or "")
        if request is None:
            return None
        return {"id": request.id, "title": request.title, "late": _late(item, request)}

    def of_unit(self, unit_id: str) -> dict | None:
        """The unit page's 约稿: its latest requests with its answer to each, and its record in all."""
        found = self.ledger.of_unit(unit_id)
        if not found:
            return None
        rows = []
        for request, answer in found[:UNIT_REQUESTS]:
            late = _late(answer.items[0], request) if answer.outcome == LATE else ""   # its first answer's
            rows.append(UnitRequest(request, answer.outcome, OUTCOME_HEADINGS[answer.outcome] + (f"（{late}）" if late else "")))
        counts = {outcome: sum(1 for _, a in found if a.outcome == outcome) for outcome in OUTCOMES}
        parts = [f"{OUTCOME_HEADINGS[o]}{counts[o]}次" for o in OUTCOMES if counts[o]]
        return {"rows": rows, "total": len(found), "summary": "，".join(parts), "index": URLS["requests"]}
