"""What an issued circular said, so that its figures never change in silence.

A circular's figures are the credits of its month (every point and count, bulletin/cycle/scoring.py)
and the units' submitted counts, as known on its date: a 约稿 answer dated after the circular is left
out. So a late answer that turns 未报 into 逾期 leaves the figures as issued; it shows on the
circular's page as a dated correction (`corrections`), and the PDF of record is typeset from the
figures as issued (`as_issued`). An adoption or 批示 of the month that the higher office made known
only after the circular (its `recorded` date later than the circular's) is the same kind of change:
the event happened, the office learned it late; it too is left out of the figures as issued and
shown as a dated correction. Those are the changes the rules allow after issue. Any other change
(an event added or moved into the month and known in time, a penalty, a submission count, an
issue's items) changes the figures, and the published record (bulletin/content/published_record.py)
refuses it at the content line that causes it. 采用率 is not a figure of record: it is the share of
the month's items printed so far.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from bulletin.cycle.circular import circular_date, early_date
from bulletin.cycle.requests import DISSOLVED, PENDING
from bulletin.cycle.scoring import Credit, Leaderboard, Period, event_points, one_decimal
from bulletin.labels import OUTCOME_LABELS, upward_label
from bulletin.model import in_force


@dataclass(frozen=True)
class Figure:
    """One line of a circular's figures: readable text, and where in content/ it comes from
    (a file relative to content/'s parent, and the top-level field or key that holds it)."""

    text: str
    path: str | None = None      # as records carry it: from the content folder's name on
    field: str = ""
    submissions: int | None = None   # or the year of submissions/<year>.yml, inside the content folder

    def file(self, root) -> object:
        """The file in content folder `root` (a Path) that holds this figure, or None."""
        if self.submissions is not None:
            return root / "submissions" / f"{self.submissions}.yml"
        return root.parent / self.path if self.path else None

    @property
    def short(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()[:12]


def digest(figures: list[Figure]) -> str:
    return "sha256:" + hashlib.sha256("\n".join(sorted(f.text for f in figures)).encode("utf-8")).hexdigest()


def as_issued(board: Leaderboard, period: Period, as_of: date | None = None) -> Leaderboard:
    """The leaderboard as the circular of `period` was issued: answers dated after `as_of` (its date)
    unknown. The same board when no such answer exists, which is nearly always. A circular issued
    before its month ended (bulletin.yml's early_circulars) is the board as it stood on its date:
    nothing dated later counts, and the month is judged as running then (no quota yet), so later
    builds give the same figures, page and PDF."""
    as_of = as_of or circular_date(board, period)
    if as_of == early_date(board, period):
        return Leaderboard(board.archive, as_of, answers_until=as_of, known_until=as_of)
    if not _answered_after(board, period, as_of):
        return board
    return Leaderboard(board.archive, max(board.today, as_of + timedelta(days=1)), answers_until=as_of)


def _answered_after(board: Leaderboard, period: Period, as_of: date) -> bool:
    return any(item.date > as_of for request in board.requests.requests if period.start <= request.due <= as_of
               for answer in board.requests.answers(request) for item in answer.items) or bool(_told_late(board, period, as_of))


def _told_late(board: Leaderboard, period: Period, as_of: date) -> list[tuple]:
    """The month's adoptions and 批示 made known after the circular: (item, event), by date."""
    return [(item, event) for kind in ("adopted", "instruction") for item, event in board.events_in(period, kind)
            if event.date <= as_of and event.recorded and event.recorded > as_of]


def figures(board: Leaderboard, period: Period, as_of: date | None = None) -> list[Figure]:
    """The circular's figures as issued on `as_of` (default: its date), one line each."""
    as_of = as_of or circular_date(board, period)
    issued = as_issued(board, period, as_of)
    answering = {(answer.unit.id, request.id): answer.items[0] for request in issued.requests.requests
                 for answer in issued.requests.answers(request) if answer.items}
    first, last = period.start, min(period.end, as_of)   # once, not per credit: a month's bounds cost a calendar look-up
    lines = [_credit_figure(credit, answering) for credit in issued.credits if first <= credit.day <= last]
    content = issued.archive.content
    for unit_id, months in (content.submissions.get(period.year) or {}).items():
        if months.get(period.number) is not None:
            lines.append(Figure(f"{period.key} 报送 {unit_id} {months[period.number]}", None, unit_id, period.year))
    return sorted(lines, key=lambda f: f.text)


def _credit_figure(credit: Credit, answering: dict) -> Figure:
    """A credit as a line, with the file and field a change to it would be made in."""
    where, path, field = "", None, ""
    if credit.kind == "published":
        where, path, field = f"{credit.issue.key} {credit.item.id}", credit.issue.path, "items"
    elif credit.item is not None:
        where, path, field = f"{credit.item.id} {credit.level}", credit.item.path, "events"
    elif credit.kind == "request":
        answer = answering.get((credit.unit, credit.request.id))
        where = f"{credit.request.id} {credit.outcome}"
        path, field = (answer.path, "request") if answer is not None else (credit.request.path, "due")
    elif credit.kind == "penalty":
        where, path, field = f"{credit.penalty.type} {credit.penalty.item or ''}", credit.penalty.path, ""
    text = f"{credit.day.isoformat()} {credit.kind} {credit.unit} {where} {credit.points}"
    if credit.kind == "quota":
        text = f"{text} {credit.quota[0]}/{credit.quota[1]}"
        return Figure(text, None, credit.unit, credit.day.year)
    return Figure(" ".join(text.split()), path, field)


@dataclass(frozen=True)
class LateEvent:
    """An adoption or 批示 of the month that the higher office made known after the circular."""

    day: date            # when it was made known (`recorded`)
    units: str           # short names, 、-joined
    item_id: str
    item_title: str
    event_day: date      # when it happened
    what: str            # e.g. 市级《市政务信息》采用
    points: str          # its points, shared by the item's units


@dataclass(frozen=True)
class Correction:
    """A unit's answer to a 约稿 that came after the circular: 未报 became 逾期."""

    day: date            # the answer's date
    unit: str            # short name
    request_id: str
    request_title: str
    before: str          # outcome label as issued
    after: str           # outcome label now
    points_before: str
    points_after: str


def corrections(board: Leaderboard, period: Period) -> list[Correction]:
    """What changed in the circular of `period` since it was issued, by the rules' one allowed way."""
    as_of = circular_date(board, period)
    issued = as_issued(board, period, as_of)
    if issued is board:
        return []
    found = []
    points = {(c.unit, c.request.id): c.points for c in board.credits if c.kind == "request"}
    points_then = {(c.unit, c.request.id): c.points for c in issued.credits if c.kind == "request"}
    for request in board.requests.requests:
        if not period.start <= request.due <= as_of:
            continue
        for now, then in zip(board.requests.answers(request), issued.requests.answers(request), strict=True):
            if now.outcome != then.outcome and then.outcome not in (PENDING, DISSOLVED):
                key = (now.unit.id, request.id)
                found.append(Correction(now.items[0].date, now.unit.short, request.id, request.title,
                                        OUTCOME_LABELS[then.outcome], OUTCOME_LABELS[now.outcome],
                                        one_decimal(points_then.get(key, Fraction(0))), one_decimal(points.get(key, Fraction(0)))))
    return sorted(found, key=lambda c: (c.day, c.request_id, c.unit))


def late_events(board: Leaderboard, period: Period) -> list[LateEvent]:
    """The month's adoptions and 批示 made known after its circular, as corrections to show."""
    archive, found = board.archive, []
    for item, event in _told_late(board, period, circular_date(board, period)):
        level = archive.settings.levels[event.level].name if event.level in archive.settings.levels else event.level
        points = event_points(in_force(board.settings.scoring, event.date), event)
        found.append(LateEvent(event.recorded, "、".join(archive.unit_name(u) for u in item.units), item.id, item.title,
                               event.date, upward_label(event.type, level, event.publication, event.form, event.issue),
                               one_decimal(points)))
    return sorted(found, key=lambda c: (c.day, c.item_id))
