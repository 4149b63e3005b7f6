"""信息员: the office's own people (staff.yml) and their tasks, month by month and at year end.

A month's task is `items_per_week` for each week (Monday to Sunday) whose Thursday falls in the
month (4 or 5 weeks, as ISO weeks are given to months), plus `items_per_month` items, and
`issues_per_month` issues. Items are the approved items dated in the month that name the person
among their `authors` (of the person's `unit`, when given); issues are those dated in the month
whose `editor` is the person. A month is judged once it is over by the build date, and only when the
person was in post all of it (`since`, `until`); it is missed when either count falls short.

At year end, by the `eligibility` rule set in force on the year's last day (or the build date while
the year runs): `staff_months_unfit` months missed, or `staff_items_short_unfit` items short over the
judged months, make 不称职; `staff_months_not_excellent` months missed bar 优秀 (称职); otherwise the
person may be considered for 优秀. A threshold not written is not applied.
"""

from __future__ import annotations

import weakref
from calendar import monthrange
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from bulletin.cycle.eligibility import year_rule
from bulletin.cycle.scoring import Leaderboard
from bulletin.model import StaffMember

MAY_EXCEL, FIT, UNFIT = "may_excel", "fit", "unfit"
OUTCOME_LABELS = {MAY_EXCEL: "称职，可评优秀", FIT: "称职，不评优秀", UNFIT: "不称职"}


def weeks_in(year: int, month: int) -> int:
    """Weeks (Monday to Sunday) whose Thursday falls in the month: 4 or 5."""
    first = date(year, month, 1)
    thursday = first + timedelta(days=(3 - first.weekday()) % 7)
    return sum(1 for day in range(thursday.day, monthrange(year, month)[1] + 1, 7))


@dataclass(frozen=True)
class StaffMonth:
    month: int
    items: int
    items_owed: int
    issues: int
    issues_owed: int
    judged: bool   # over by the build date, and the person in post all of it

    @property
    def missed(self) -> bool:
        return self.judged and (self.items < self.items_owed or self.issues < self.issues_owed)

    @property
    def short(self) -> int:
        """Items short of the task (0 when met or not judged)."""
        return max(0, self.items_owed - self.items) if self.judged else 0


@dataclass(frozen=True)
class StaffYear:
    member: StaffMember
    year: int
    months: tuple[StaffMonth, ...]   # the months of the year up to the build date's
    outcome: str | None              # None: no month judged, or no thresholds in bulletin.yml
    reasons: tuple[str, ...]         # why, as the 年度考核 says it

    @property
    def missed_months(self) -> int:
        return sum(1 for m in self.months if m.missed)

    @property
    def items_short(self) -> int:
        return sum(m.short for m in self.months)

    @property
    def judged_months(self) -> int:
        return sum(1 for m in self.months if m.judged)

    @property
    def label(self) -> str:
        return OUTCOME_LABELS[self.outcome] if self.outcome else ""


def _in_post(member: StaffMember, first: date, last: date) -> bool:
    return (member.since is None or member.since <= first) and (member.until is None or member.until >= last)


_YEARS: "weakref.WeakKeyDictionary[Leaderboard, dict[int, list[StaffYear]]]" = weakref.WeakKeyDictionary()


def staff_years(board: Leaderboard, year: int) -> list[StaffYear]:
    """Every 信息员 in post some day of the year, in staff.yml's order; worked out once per board and
    year (the 年度考核, the staff page, the export and every month's circular ask)."""
    years = _YEARS.setdefault(board, {})
    if year not in years:
        years[year] = _staff_years(board, year)
    return years[year]


def _staff_years(board: Leaderboard, year: int) -> list[StaffYear]:
    archive = board.archive
    staff = archive.content.staff
    if not staff:
        return []
    written: Counter = Counter()   # (name, unit or "", month) -> items
    for item in archive.items.values():
        if item.date.year == year:
            for name in item.authors:
                written[(name, "", item.date.month)] += 1
                for unit in item.units:
                    written[(name, unit, item.date.month)] += 1
    edited = Counter((issue.editor, issue.date.month) for issues in archive.series_issues.values()
                     for issue in issues if issue.date.year == year and issue.editor)
    rule = year_rule(board, year)
    last_month = 12 if board.today.year > year else board.today.month
    result = []
    for member in staff:
        if not (member.since is None or member.since.year <= year) or (member.until and member.until.year < year):
            continue
        months = []
        for month in range(1, last_month + 1):
            first, last = date(year, month, 1), date(year, month, monthrange(year, month)[1])
            months.append(StaffMonth(month, written[(member.name, member.unit or "", month)],
                                     member.items_per_week * weeks_in(year, month) + member.items_per_month,
                                     edited[(member.name, month)], member.issues_per_month,
                                     last < board.today and _in_post(member, first, last)))
        result.append(_judged(member, year, tuple(months), rule))
    return result


def _judged(member: StaffMember, year: int, months: tuple[StaffMonth, ...], rule) -> StaffYear:
    draft = StaffYear(member, year, months, None, ())
    if rule is None or not draft.judged_months:
        return draft
    missed, short = draft.missed_months, draft.items_short
    reasons = []
    if rule.staff_months_unfit and missed >= rule.staff_months_unfit:
        reasons.append(f"累计{missed}个月未完成信息任务（达{rule.staff_months_unfit}个月）")
    if rule.staff_items_short_unfit and short >= rule.staff_items_short_unfit:
        reasons.append(f"累计差{short}条（达{rule.staff_items_short_unfit}条）")
    if reasons:
        return StaffYear(member, year, months, UNFIT, tuple(reasons))
    if rule.staff_months_not_excellent and missed >= rule.staff_months_not_excellent:
        return StaffYear(member, year, months, FIT,
                         (f"累计{missed}个月未完成信息任务（达{rule.staff_months_not_excellent}个月），不参加优秀档次评比",))
    return StaffYear(member, year, months, MAY_EXCEL, ())


def month_completion(board: Leaderboard, year: int, month: int) -> list[tuple[StaffMember, StaffMonth]]:
    """The month-end table: each 信息员 in post that month with the month's counts."""
    return [(s.member, s.months[month - 1]) for s in staff_years(board, year) if len(s.months) >= month]


def circular_sentences(board: Leaderboard, period) -> list[str]:
    """The month's circular reports the 信息员's tasks once the month is over (月底通报): who met them,
    and who did not, with the counts."""
    if period.kind != "month" or not board.archive.content.staff:
        return []
    judged = [(member, month) for member, month in month_completion(board, period.year, period.number) if month.judged]
    if not judged:
        return []
    done = [member.name for member, month in judged if not month.missed]
    missed = [f"{member.name}（{_counts(month)}）" for member, month in judged if month.missed]
    parts = ([f"完成的：{'、'.join(done)}"] if done else []) + ([f"未完成的：{'、'.join(missed)}"] if missed else [])
    return [f"本月信息员任务完成情况，{'；'.join(parts)}。"]


def _counts(month: StaffMonth) -> str:
    parts = []
    if month.items_owed:
        parts.append(f"撰稿{month.items}条，任务{month.items_owed}条")
    if month.issues_owed:
        parts.append(f"编刊{month.issues}期，任务{month.issues_owed}期")
    return "；".join(parts)
