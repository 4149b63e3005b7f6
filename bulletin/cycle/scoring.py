"""The adoption leaderboard (采用情况通报): every unit scored by the rules in force on each date.

Each publication in one of our issues and each upward event becomes a `Credit` for every unit
that submitted the item: points split equally among joint units (kept as exact fractions), counts
credited in full. The unit's own points are credits too, with no item: each 约稿 answered on time,
late or missed (on its due date), each month under quota (定额), each recorded penalty (扣分).
Credits are summed once into per-unit month tallies; any period (year, quarter, month, year to
date) is a sum of months, so a ten-year archive costs one pass over its events.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import cached_property
from calendar import monthrange

from bulletin.archive import Archive
from bulletin.model import Event, Issue, Item, Penalty, Request, RuleSet, Unit, in_force
from bulletin.cycle.requests import LATE, MISSED, ON_TIME, SCORED, RequestLedger
from bulletin.cycle import followups as followup_cycle   # 批示督办: its credits join the unit's own
from bulletin.cycle.period import QUARTERS, Period   # noqa: F401  (QUARTERS and Period are read from here too)


def event_points(rules: RuleSet | None, event: Event) -> Fraction:
    if rules is None:
        return Fraction(0)
    if event.type == "forwarded":
        return rules.forwarded.get(event.level, Fraction(0))
    if event.type == "instruction":
        return rules.instruction.get(event.level, Fraction(0))
    override = rules.publications.get(event.publication or "", {})
    points = override.get(event.level, rules.adopted.get(event.level, Fraction(0)))
    return points * rules.combined if event.form == "combined" else points


ITEM_KINDS = ("published", "forwarded", "adopted", "instruction")   # what an item earns (and its authors)
UNIT_KINDS = ("request", "quota", "penalty", followup_cycle.KIND)     # what belongs to the unit alone


@dataclass(frozen=True)
class Credit:
    unit: str
    day: date
    kind: str  # one of ITEM_KINDS or UNIT_KINDS
    level: str | None
    points: Fraction
    item: Item | None = None         # None for the unit's own credits
    issue: Issue | None = None
    event: Event | None = None
    request: Request | None = None
    outcome: str | None = None       # a request's: on_time | late | missed
    penalty: Penalty | None = None
    quota: tuple[int, int] | None = None   # a month under quota: (submitted, owed)
    followup: followup_cycle.Tracked | None = None   # a 批示 follow-up's (outcome: done | late | overdue)


def request_points(rules: RuleSet | None, outcome: str) -> Fraction:
    if rules is None:
        return Fraction(0)
    return {ON_TIME: rules.request_answered, LATE: rules.request_late, MISSED: rules.request_missed}[outcome]


@dataclass
class Tally:
    """What a unit did in a period: counts by kind (and level), and points."""

    submitted: int | None = None
    published: int = 0
    forwarded: Counter = field(default_factory=Counter)
    adopted: Counter = field(default_factory=Counter)
    instructions: Counter = field(default_factory=Counter)
    points: Fraction = Fraction(0)
    requests: Counter = field(default_factory=Counter)    # outcome -> requests decided in the period
    quota_missed: int = 0                                 # months under quota
    penalties: Counter = field(default_factory=Counter)   # type -> recorded penalties
    points_by_kind: Counter = field(default_factory=Counter)   # kind -> points (Fractions)
    followups: Counter = field(default_factory=Counter)   # outcome -> 批示 follow-ups decided in the period
    written: int = 0            # the unit's approved items dated in the period (as sent to the office)
    written_printed: int = 0    # of those, the ones printed in one of our issues (whenever)

    def add_credit(self, credit: Credit) -> None:
        self.points += credit.points
        self.points_by_kind[credit.kind] += credit.points
        if credit.kind == "published":
            self.published += 1
        elif credit.kind == "request":
            self.requests[credit.outcome] += 1
        elif credit.kind == "quota":
            self.quota_missed += 1
        elif credit.kind == "penalty":
            self.penalties[credit.penalty.type] += 1
        elif credit.kind == followup_cycle.KIND:
            self.followups[credit.outcome] += 1
        else:
            {"forwarded": self.forwarded, "adopted": self.adopted, "instruction": self.instructions}[credit.kind][credit.level] += 1

    def add(self, other: "Tally") -> None:
        if other.submitted is not None:
            self.submitted = (self.submitted or 0) + other.submitted
        self.published += other.published
        # Counter.update and Fraction sums are most of a board's cost: skip what adds nothing
        for mine, theirs in ((self.forwarded, other.forwarded), (self.adopted, other.adopted),
                             (self.instructions, other.instructions), (self.requests, other.requests),
                             (self.penalties, other.penalties), (self.points_by_kind, other.points_by_kind),
                             (self.followups, other.followups)):
            if theirs:
                mine.update(theirs)
        if other.points:
            self.points += other.points
        self.quota_missed += other.quota_missed
        self.written += other.written
        self.written_printed += other.written_printed

    @property
    def item_points(self) -> Fraction:
        """Points its items earned (刊用, 上报, 采用, 批示), before the unit's own."""
        return sum((self.points_by_kind[kind] for kind in ITEM_KINDS), Fraction(0))

    @property
    def requests_answered(self) -> int:
        return self.requests[ON_TIME] + self.requests[LATE]

    @property
    def requests_asked(self) -> int:
        return sum(self.requests[outcome] for outcome in SCORED)

    @property
    def rate(self) -> Fraction | None:
        """采用率, where submissions are given: of the items the unit sent in the period, the share printed
        in our issues so far. Never over 100%: an issue printing items sent in an earlier month raises
        刊用 but not this (刊用 ÷ 报送 gave 200%); where the register lists fewer than the unit's item
        files dated in the period, those files are what was sent."""
        return Fraction(self.written_printed, max(self.submitted, self.written)) if self.submitted else None


@dataclass(frozen=True)
class Standing:
    rank: int
    unit: Unit
    tally: Tally

    @property
    def ranked(self) -> bool:
        """Given a place: only a unit with points above 0. One that scored nothing, or fell below 0 by
        its deductions, is shown without a place (—), never ahead of or among the units that scored."""
        return self.tally.points > 0

    @property
    def target_share(self) -> Fraction | None:
        """目标完成率: published against the unit's yearly target."""
        return Fraction(self.tally.published, self.unit.target) if self.unit.target else None


class Leaderboard:
    """`today` is the build date: requests are decided and quota months scored up to it. With
    `answers_until`, 约稿 answers dated after it are not known, nor events `recorded` (made known) after
    it (a circular as issued: circular_record.py). With `known_until`, nothing dated after it is known
    at all (no credit, no item sent): the board as it stood that day, which an early circular's figures
    keep (circular_record.as_issued)."""

    def __init__(self, archive: Archive, today: date | None = None, answers_until: date | None = None,
                 known_until: date | None = None):
        self.archive = archive
        self.settings = archive.settings
        self.today = today or date.today()
        self.requests = RequestLedger(archive, self.today, answers_until)
        self.recorded_until = answers_until
        self.followups = followup_cycle.FollowUpLedger(archive, self.today)
        known = (lambda day: day <= known_until) if known_until else (lambda day: True)
        self.own_credits = [c for c in self._unit_credits() if known(c.day)]   # the unit's own (约稿, 定额, 扣分), by kind then date
        self.credits = [c for c in self._credits() if known(c.day)] + self.own_credits
        self._months: dict[tuple[str, int, int], Tally] = defaultdict(Tally)
        self._events: dict[tuple[str, int, int], dict[int, tuple[Item, Event]]] = defaultdict(dict)
        self._tables: dict[tuple[Period, str], list[Standing]] = {}
        self._period_tallies: dict[tuple[str, Period], Tally] = {}
        self._own: dict[tuple[str, int, int], list[Credit]] = defaultdict(list)
        for credit in self.own_credits:
            self._own[(credit.kind, credit.day.year, credit.day.month)].append(credit)
        for credit in self.credits:
            self._months[(credit.unit, credit.day.year, credit.day.month)].add_credit(credit)
            if credit.event is not None:  # each event once, not once per joint unit
                self._events[(credit.kind, credit.day.year, credit.day.month)][id(credit.event)] = (credit.item, credit.event)
        for item in archive.items.values():   # what each unit sent, for 采用率 (joint items count for each unit)
            if not known(item.date):
                continue
            printed = any(known(placed.issue.date) for placed in archive.issues_of(item))
            for unit_id in item.units:
                tally = self._months[(unit_id, item.date.year, item.date.month)]
                tally.written += 1
                tally.written_printed += printed
        for year, units in archive.content.submissions.items():
            for unit_id, months in units.items():
                for month, count in months.items():
                    tally = self._months[(unit_id, year, month)]
                    tally.submitted = (tally.submitted or 0) + count

    def _credits(self):
        rule_sets = self.settings.scoring
        for issues in self.archive.series_issues.values():
            for issue in issues:
                rules = in_force(rule_sets, issue.date)
                points = rules.published if rules else Fraction(0)
                for item in self.archive.issue_items(issue):
                    share = points / len(item.units)
                    for unit in item.units:
                        yield Credit(unit, issue.date, "published", None, share, item, issue=issue)
        for item in self.archive.items.values():
            for event in item.events:
                if self.recorded_until and event.recorded and event.recorded > self.recorded_until:
                    continue   # made known later: not in the circular as issued
                share = event_points(in_force(rule_sets, event.date), event) / len(item.units)
                for unit in item.units:
                    yield Credit(unit, event.date, event.type, event.level, share, item, event=event)

    def _unit_credits(self):
        """The unit's own: 约稿 outcomes on their due dates, months under quota, recorded penalties."""
        rule_sets = self.settings.scoring
        for request in self.requests.requests:
            if not self.requests.decided(request):
                continue
            points = in_force(rule_sets, request.due)
            for answer in self.requests.answers(request):
                if answer.outcome in SCORED:
                    yield Credit(answer.unit.id, request.due, "request", None, request_points(points, answer.outcome),
                                 request=request, outcome=answer.outcome)
        yield from self._quota_credits()
        yield from self.followups.credits(rule_sets, lambda unit, day, points, tracked: Credit(
            unit, day, followup_cycle.KIND, None, points, outcome=tracked.outcome, followup=tracked))
        for penalty in self.archive.content.penalties:
            rules = in_force(rule_sets, penalty.date)
            points = rules.penalties.get(penalty.type, Fraction(0)) if rules else Fraction(0)
            yield Credit(penalty.unit, penalty.date, "penalty", None, points, penalty=penalty)

    def _quota_credits(self):
        """Only years with submissions/<YYYY>.yml and months whose rules price a missed quota; a month
        without a unit's count is 0 submitted; only months that have ended by the build date are judged
        (a unit has the whole month to send its quota), nor months the unit did not exist. A month is
        judged on its last day, by the rules in force then."""
        quota_units = [u for u in self.archive.units.values() if u.quota]
        for year, counts in sorted(self.archive.content.submissions.items()):
            for month in range(1, 13):
                first, day = date(year, month, 1), date(year, month, monthrange(year, month)[1])
                if not self.ended_by(day):
                    break
                rules = in_force(self.settings.scoring, day)
                if rules is None or not rules.quota_missed:
                    continue   # no quota rule in force: a unit owed nothing that month (units.yml's quota is today's)
                for unit in quota_units:
                    submitted = counts.get(unit.id, {}).get(month, 0)
                    if unit.existed(first, day) and submitted < unit.quota:
                        yield Credit(unit.id, day, "quota", None, rules.quota_missed if rules else Fraction(0),
                                     quota=(submitted, unit.quota))

    # -- periods -------------------------------------------------------------------------------

    def ended_by(self, last: date) -> bool:
        """Whether a period whose last day is `last` is over on the build date: on its last day it still runs."""
        return last < self.today

    def ended(self, period: "Period") -> bool:
        """A period that has not ended is provisional: its figures still move, so it is never issued
        as a formal 通报 (no 文号, no PDF) and its pages say so (bulletin/cycle/circular.py)."""
        return self.ended_by(period.end)

    @cached_property
    def last_day(self) -> dict[int, date]:
        """Per year, the last date with anything to count: periods after it are not shown yet."""
        last: dict[int, date] = {}
        dates = [c.day for c in self.credits] + [i.date for i in self.archive.items.values()]   # credits include 约稿 due dates
        for day in dates:
            if day > last.get(day.year, date.min):
                last[day.year] = day
        for year, units in self.archive.content.submissions.items():
            for months in units.values():
                for month in months:
                    last[year] = max(last.get(year, date.min), date(year, month, 1))
        return last

    @property
    def years(self) -> list[int]:
        return sorted(self.last_day, reverse=True)

    def months(self, year: int) -> list[int]:
        return list(range(1, self.last_day[year].month + 1)) if year in self.last_day else []

    def periods(self, year: int) -> list[Period]:
        months = self.months(year)
        quarters = sorted({(m - 1) // 3 + 1 for m in months})
        return ([Period("year", year)] + [Period("quarter", year, q) for q in quarters]
                + [Period("month", year, m) for m in months] + [Period("ytd", year, m) for m in months])

    # -- tables --------------------------------------------------------------------------------

    def tally(self, unit_id: str, period: Period) -> Tally:
        """Worked out once a board (pages, tables and exports ask for the same periods again); never
        changed by whoever asks."""
        key = (unit_id, period)
        found = self._period_tallies.get(key)
        if found is None:
            found = self._period_tallies[key] = self._sum(unit_id, period)
        return found

    def _sum(self, unit_id: str, period: Period) -> Tally:
        """A year, or a year to date, is the year to the month before plus its last month: each month
        is added once per unit and year, in the order sum_months adds them (so the same tally)."""
        last = period.months[-1]
        if period.kind in ("year", "ytd") and last > 1:
            total = Tally()
            total.add(self.tally(unit_id, Period("ytd", period.year, last - 1)))
            part = self._months.get((unit_id, period.year, last))
            if part is not None:
                total.add(part)
            return total
        return sum_months(self._months, unit_id, period, Tally())

    def units_in(self, period: Period, group: str) -> list[Unit]:
        """Units of the group that existed in the period or have something counted in it.

        A dissolved unit leaves the tables after its `until`, except where its items still earn
        (adopted after the unit was merged): so the months and quarters always add up to the year.
        """
        return [u for u in self.archive.units.values()
                if u.group == group and (u.existed(period.start, period.end) or self._counted(u.id, period))]

    def _counted(self, unit_id: str, period: Period) -> bool:
        return any((unit_id, period.year, month) in self._months for month in period.months)

    def table(self, period: Period, group: str) -> list[Standing]:
        """Ranked within the group: equal points share a rank (1, 2, 2, 4); shown by published, then unit order."""
        if (period, group) not in self._tables:
            self._tables[(period, group)] = self._rank(period, group)
        return self._tables[(period, group)]

    def _rank(self, period: Period, group: str) -> list[Standing]:
        rows = [(unit, self.tally(unit.id, period)) for unit in self.units_in(period, group)]
        rows.sort(key=lambda row: (-row[1].points, -row[1].published, row[0].order))
        ranks = shared_ranks([tally.points for _, tally in rows])
        return [Standing(rank, unit, tally) for rank, (unit, tally) in zip(ranks, rows, strict=True)]

    def standing(self, unit_id: str, period: Period) -> Standing | None:
        unit = self.archive.units[unit_id]
        return next((s for s in self.table(period, unit.group) if s.unit.id == unit_id), None)

    def own_in(self, period: Period, kind: str) -> list[Credit]:
        """The unit's own credits of a kind (request, quota, penalty) dated in the period, by date then unit order."""
        units = self.archive.units
        found = [c for month in period.months for c in self._own.get((kind, period.year, month), ())]
        return sorted(found, key=lambda c: (c.day, units[c.unit].order))

    def events_in(self, period: Period, kind: str) -> list[tuple[Item, Event]]:
        """Upward events of a kind in the period, each once (not once per joint unit), by date."""
        found = [pair for month in period.months for pair in self._events.get((kind, period.year, month), {}).values()]
        return sorted(found, key=lambda pair: (pair[1].date, pair[0].id))


def shared_ranks(points: list) -> list[int]:
    """Ranks for points sorted from most to least, equal points sharing a rank (1, 2, 2, 4): the
    leaderboard's, the authors' and the 年度考核's places."""
    ranks: list[int] = []
    for position, value in enumerate(points, 1):
        ranks.append(ranks[-1] if ranks and value == points[position - 2] else position)
    return ranks


def sum_months(months: dict, key: str, period: Period, total):
    """A period's tally as the sum of its months' (`months`: (key, year, month) -> tally), into `total`:
    units' tallies here, authors' in bulletin/cycle/authors.py."""
    for month in period.months:
        part = months.get((key, period.year, month))
        if part is not None:
            total.add(part)
    return total


_SHOWN: dict[tuple[int, int], str] = {}   # a board shows the same few values tens of thousands of times


def one_decimal(value: Fraction) -> str:
    """Points as shown: one decimal, halves rounded up (exact inside, rounded only for display)."""
    key = (value.numerator, value.denominator)   # hashing the ints, not the Fraction (which costs more than the rounding)
    shown = _SHOWN.get(key)
    if shown is None:
        shown = _SHOWN[key] = str((Decimal(key[0]) / Decimal(key[1])).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
    return shown


def figure(points: Fraction) -> str:
    """A rule's points: 3, 0.5, 12.5 (whole numbers without a decimal)."""
    return str(points.numerator) if points.denominator == 1 else one_decimal(points)


def percent(value: Fraction | None) -> str:
    return "" if value is None else f"{one_decimal(value * 100)}%"
