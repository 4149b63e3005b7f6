"""批示督办: after a leader's 批示, the unit concerned reports its 落实情况 by a due date.

A follow-up is done (按期反馈) when its feedback is dated on or before `due`, late (逾期反馈) when
after, overdue (逾期未反馈) when none has come and the due date has passed by the build date, open
(待反馈) until then. Like a 约稿 it is scored once its due date is over, on the due date, by the
rules in force that day (`followup_done`, `followup_late`, `followup_missed`): a late feedback
turns an overdue one into a late one, dated the same. The points are the unit's own (a credit with
no item share), traced to the item and its 批示.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from bulletin.labels import FOLLOWUP_LABELS, cn_date
from bulletin.model import Event, FollowUp, Item, RuleSet, Unit, in_force

DONE, LATE, OVERDUE, OPEN = "done", "late", "overdue", "open"
SCORED = (DONE, LATE, OVERDUE)
LABELS = FOLLOWUP_LABELS
ORDER = (OVERDUE, OPEN, LATE, DONE)   # what needs the office's attention first
KIND = "followup"   # the credits' kind (bulletin/cycle/scoring.py UNIT_KINDS)


@dataclass(frozen=True)
class Tracked:
    """A follow-up as judged on the build date, with the item and 批示 it follows."""

    followup: FollowUp
    item: Item
    instruction: Event
    unit: Unit
    outcome: str
    report: Item | None
    days_late: int   # past the due date: the feedback's when late, the build date's while overdue; else 0

    @property
    def label(self) -> str:
        return LABELS[self.outcome]


def followup_points(rules: RuleSet | None, outcome: str) -> Fraction:
    if rules is None:
        return Fraction(0)
    return {DONE: rules.followup_done, LATE: rules.followup_late, OVERDUE: rules.followup_missed}[outcome]


class FollowUpLedger:
    """Every follow-up judged on `today` (the build date), in 批示 date order."""

    def __init__(self, archive, today: date):
        self.today = today
        self.tracked: list[Tracked] = []
        for followup in archive.content.followups:
            item = archive.items.get(followup.item)
            if item is None:   # checked to be approved; an archive without it leaves it out
                continue
            instruction = next(e for e in item.events if e.type == "instruction" and e.date == followup.instruction)
            outcome = self._outcome(followup)
            late = {LATE: lambda: (followup.done - followup.due).days, OVERDUE: lambda: (today - followup.due).days}
            self.tracked.append(Tracked(followup, item, instruction, archive.units[followup.unit], outcome,
                                        archive.items.get(followup.report) if followup.report else None,
                                        late[outcome]() if outcome in late else 0))

        self._by_unit: dict[str, list[Tracked]] = {}
        self._by_item: dict[str, list[Tracked]] = {}
        for tracked in self.tracked:   # every unit and item page asks: one lookup each
            self._by_unit.setdefault(tracked.unit.id, []).append(tracked)
            self._by_item.setdefault(tracked.item.id, []).append(tracked)

    def _outcome(self, followup: FollowUp) -> str:
        if followup.done is not None:
            return DONE if followup.done <= followup.due else LATE
        return OVERDUE if self.decided(followup) else OPEN

    def decided(self, followup: FollowUp) -> bool:
        """Scored once its due date is over (due today is still open), as a 约稿 is."""
        return followup.due < self.today

    def of_unit(self, unit_id: str) -> list[Tracked]:
        return self._by_unit.get(unit_id, [])

    def of_item(self, item_id: str) -> list[Tracked]:
        return self._by_item.get(item_id, [])

    def due_in(self, first: date, last: date) -> list[Tracked]:
        return sorted((t for t in self.tracked if first <= t.followup.due <= last), key=lambda t: (t.followup.due, t.unit.order))

    def credits(self, rule_sets, make_credit):
        """One credit per decided follow-up, on its due date; `make_credit(unit, day, points, tracked)`."""
        for tracked in self.tracked:
            if self.decided(tracked.followup):
                points = followup_points(in_force(rule_sets, tracked.followup.due), tracked.outcome)
                yield make_credit(tracked.unit.id, tracked.followup.due, points, tracked)


def counts(tracked: list[Tracked]) -> dict[str, int]:
    return {outcome: sum(1 for t in tracked if t.outcome == outcome) for outcome in ORDER}


def summary(tracked: list[Tracked]) -> str:
    """共督办3件：逾期未反馈1，待反馈1，按期反馈1."""
    found = counts(tracked)
    return f"共督办{len(tracked)}件：" + "，".join(f"{LABELS[o]}{found[o]}" for o in ORDER if found[o])


def instruction_text(tracked: Tracked, level_name: str) -> str:
    """The 批示 as a line cites it: 副省长（省级）2026年6月5日批示."""
    leader = tracked.instruction.leader or f"{level_name}领导"
    return f"{leader}{cn_date(tracked.instruction.date)}批示"


def circular_sentences(board, period, deduction) -> list[str]:
    """What the month's circular says of follow-ups: those due in the period by outcome, each overdue
    one named with its item and deduction (`deduction`: the circular's 扣10分), and earlier ones still
    overdue on the build date."""
    ledger = board.followups
    if not ledger.tracked:
        return []
    units = board.archive.units
    due = ledger.due_in(period.start, period.end)
    lines = []
    decided = [t for t in due if ledger.decided(t.followup)]
    if decided:
        parts = []
        for outcome in (DONE, LATE):
            named = [t.unit.short for t in decided if t.outcome == outcome]
            if named:
                parts.append(f"{LABELS[outcome]}的：{'、'.join(named)}")
        overdue = [t for t in decided if t.outcome == OVERDUE]
        if overdue:
            parts.append("逾期未反馈的：" + "、".join(_overdue(board, t, deduction) for t in overdue))
        lines.append(f"领导批示督办事项限{period.label}内反馈的{len(decided)}件，" + "；".join(parts) + "。")
    earlier = [t for t in ledger.tracked if t.outcome == OVERDUE and t.followup.due < period.start]
    if earlier:
        lines.append("此前到期、截至统计日仍未反馈的督办事项：" + "、".join(
            f"{units[t.unit.id].short}（《{t.item.title}》，限{cn_date(t.followup.due)}前反馈）" for t in earlier) + "。")
    return lines


def _overdue(board, tracked: Tracked, deduction) -> str:
    points = followup_points(in_force(board.settings.scoring, tracked.followup.due), OVERDUE)
    return f"{tracked.unit.short}（《{tracked.item.title}》，限{cn_date(tracked.followup.due)}前反馈，{deduction(points)}）"
