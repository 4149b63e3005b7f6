"""撰稿人: the authors' ranking and their fees (稿酬, 付酬制).

An item's points from publication, forwarding, adoption and instructions (not the unit's own: 约稿,
定额, 扣分) are split equally among its `authors`; an item without authors credits its unit(s), as
the leaderboard splits it. Fees follow the same split, by the fee rule in force on each event's date,
in whole fen: a fee that does not divide evenly gives its odd fen to the first-listed authors, so the
payments of one event always add up to its fee.

An author is a name within the submitting unit: two 王伟 of two units are two people.
"""

from __future__ import annotations

import weakref
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from bulletin.model import Event, FeeRule, Issue, Item, Unit, in_force
from bulletin.cycle.scoring import ITEM_KINDS, Credit, Leaderboard, Period, shared_ranks, sum_months


@dataclass(frozen=True)
class Author:
    name: str | None   # None: the unit itself, for items without authors
    unit: Unit

    @property
    def key(self) -> str:
        """Stable id for exports and anchors: unit id, then the name (or the unit alone)."""
        return f"{self.unit.id}/{self.name}" if self.name else self.unit.id

    @property
    def label(self) -> str:
        return self.name or self.unit.short


@dataclass(frozen=True)
class Payment:
    """One event's fee, or an author's share of it, in fen (分)."""

    author: Author
    day: date
    kind: str          # one of ITEM_KINDS
    level: str | None
    item: Item
    fen: int
    issue: Issue | None = None
    event: Event | None = None
    total: int = 0     # the event's whole fee, in fen: what the shares of `parts` recipients add up to
    parts: int = 1


@dataclass
class AuthorTally:
    items: set = field(default_factory=set)   # item ids credited to the author in the period
    published: int = 0
    forwarded: int = 0
    adopted: int = 0
    instructions: int = 0
    points: Fraction = Fraction(0)
    fen: int = 0
    paid: Counter = field(default_factory=Counter)   # kind -> payments (events that earned the author a fee)

    def add(self, other: "AuthorTally") -> None:
        self.items |= other.items
        self.published += other.published
        self.forwarded += other.forwarded
        self.adopted += other.adopted
        self.instructions += other.instructions
        if other.points:   # Fraction sums and Counter.update are most of the cost: skip what adds nothing
            self.points += other.points
        self.fen += other.fen
        if other.paid:
            self.paid.update(other.paid)


@dataclass(frozen=True)
class AuthorStanding:
    rank: int
    author: Author
    tally: AuthorTally

    @property
    def ranked(self) -> bool:
        """Given a place (as a unit's standing): only with points above 0."""
        return self.tally.points > 0


COUNTS = {"published": "published", "forwarded": "forwarded", "adopted": "adopted", "instruction": "instructions"}


def fee_of(rule: FeeRule | None, credit: Credit) -> Fraction:
    """Yuan for one event by the rule of its date; 0 where the rule names nothing for it."""
    if rule is None:
        return Fraction(0)
    if credit.kind == "published":
        return rule.published
    return getattr(rule, credit.kind).get(credit.level, Fraction(0))


def split_fen(total: int, parts: int) -> list[int]:
    """`total` fen in `parts` shares that add up to it: the odd fen go to the first shares."""
    base, odd = divmod(total, parts)
    return [base + (1 if index < odd else 0) for index in range(parts)]


def to_fen(yuan: Fraction) -> int:
    return int((Decimal(yuan.numerator) / Decimal(yuan.denominator) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def yuan(fen: int, grouped: bool = False) -> str:
    """Money as finance writes it: 1234.50 (for spreadsheets), or 1,234.50 (`grouped`, for reading)."""
    if fen < 0:
        return f"-{yuan(-fen, grouped)}"
    return f"{fen // 100:,}.{fen % 100:02d}" if grouped else f"{fen // 100}.{fen % 100:02d}"


_BUILT: "weakref.WeakKeyDictionary[Leaderboard, Authors]" = weakref.WeakKeyDictionary()


class Authors:
    """The authors' tallies by month (any period is a sum of months) and every fee payment."""

    @classmethod
    def of(cls, board: Leaderboard) -> "Authors":
        """One `Authors` per leaderboard: the pages, the data files and the assessment share it."""
        if board not in _BUILT:
            _BUILT[board] = cls(board)
        return _BUILT[board]

    def __init__(self, board: Leaderboard):
        self.board = board
        self.units = board.archive.units
        self._months: dict[tuple[str, int, int], AuthorTally] = defaultdict(AuthorTally)
        self._active: dict[tuple[int, int], dict[str, None]] = defaultdict(dict)   # (year, month) -> author keys
        self.authors: dict[str, Author] = {}
        self.payments: list[Payment] = []
        self._paid: dict[tuple[int, int], list[Payment]] = defaultdict(list)
        self._rankings: dict[tuple[Period, bool], list[AuthorStanding]] = {}
        self._period_tallies: dict[tuple[str, Period], AuthorTally] = {}
        fees = board.settings.fees
        for credit in board.credits:
            if credit.kind not in ITEM_KINDS:
                continue
            item = credit.item
            first = credit.unit == item.unit   # an event is credited to each joint unit; count it once
            recipients = self._recipients(item, credit.unit)
            for author in recipients:
                tally = self._month(author, credit.day)
                tally.points += credit.points / (len(item.authors) or 1)
                if first or not item.authors:
                    tally.items.add(item.id)
                    setattr(tally, COUNTS[credit.kind], getattr(tally, COUNTS[credit.kind]) + 1)
            if fees and first:
                self._pay(credit, to_fen(fee_of(in_force(fees, credit.day), credit)))

    def _month(self, author: Author, day: date) -> AuthorTally:
        self._active[(day.year, day.month)][author.key] = None
        return self._months[(author.key, day.year, day.month)]

    def _author(self, name: str | None, unit_id: str) -> Author:
        author = Author(name, self.units[unit_id])
        return self.authors.setdefault(author.key, author)

    def _recipients(self, item: Item, unit_id: str) -> list[Author]:
        """Who shares a credit to `unit_id`: the item's authors, or that unit."""
        if item.authors:
            return [self._author(name, item.unit) for name in item.authors]
        return [self._author(None, unit_id)]

    def _pay(self, credit: Credit, fen: int) -> None:
        if not fen:
            return
        item = credit.item
        recipients = ([self._author(name, item.unit) for name in item.authors] if item.authors
                      else [self._author(None, unit_id) for unit_id in item.units])
        for author, share in zip(recipients, split_fen(fen, len(recipients)), strict=True):
            if share:
                payment = Payment(author, credit.day, credit.kind, credit.level, item, share, credit.issue, credit.event,
                                  total=fen, parts=len(recipients))
                self.payments.append(payment)
                self._paid[(credit.day.year, credit.day.month)].append(payment)
                tally = self._month(author, credit.day)
                tally.fen += share
                tally.paid[credit.kind] += 1

    def tally(self, author_key: str, period: Period) -> AuthorTally:
        """Worked out once (rankings, fee tables and exports ask again); a year is the sum of its
        quarters, which are asked for anyway. Never changed by whoever asks."""
        key = (author_key, period)
        found = self._period_tallies.get(key)
        if found is None:
            if period.kind == "year":
                found = AuthorTally()
                for quarter in range(1, 5):
                    found.add(self.tally(author_key, Period("quarter", period.year, quarter)))
            else:
                found = sum_months(self._months, author_key, period, AuthorTally())
            self._period_tallies[key] = found
        return found

    def ranking(self, period: Period, named_only: bool = False) -> list[AuthorStanding]:
        """Authors with anything in the period, most points first; equal points share a rank
        (1, 2, 2, 4), then most items, then unit order and name. `named_only` leaves out the
        units credited for items without authors (先进个人 are people)."""
        if (period, named_only) not in self._rankings:
            self._rankings[(period, named_only)] = self._rank(period, named_only)
        return self._rankings[(period, named_only)]

    def _rank(self, period: Period, named_only: bool) -> list[AuthorStanding]:
        keys = dict.fromkeys(key for month in period.months for key in self._active.get((period.year, month), ()))
        rows = [(self.authors[key], self.tally(key, period)) for key in keys
                if not (named_only and self.authors[key].name is None)]
        rows.sort(key=lambda row: (-row[1].points, -len(row[1].items), row[0].unit.order, row[0].name or ""))
        ranks = shared_ranks([tally.points for _, tally in rows])
        return [AuthorStanding(rank, author, tally) for rank, (author, tally) in zip(ranks, rows, strict=True)]

    def payments_in(self, period: Period) -> list[Payment]:
        """Fee payments of the period, by date, then item and kind (刊用, 上报, 采用, 批示); the shares of
        one event stay together, in the order its authors are listed (the odd fen on the first)."""
        found = [p for month in period.months for p in self._paid.get((period.year, month), ())]
        return sorted(found, key=lambda p: (p.day, p.item.id, ITEM_KINDS.index(p.kind)))
