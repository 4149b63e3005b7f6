"""一票否决: what bars a unit from 先进单位 for a year, by bulletin.yml's `eligibility` rules (dated
like the scoring rules).

- a recorded penalty whose type the rule set in force on its date lists in `barring_penalties`;
- `zeroing_missed_requests` 约稿 missed in the year (judged on their due dates): the year's points
  count 0, so the unit cannot be named;
- `barring_missed_followups` 批示 follow-ups overdue in the year (bulletin/cycle/followups.py).

The counts are held against the rule set in force on the year's last day, or on the build date while
the year runs. A barred unit is listed in the 年度考核 with what bars it, and never named 先进.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bulletin.cycle.followups import OVERDUE
from bulletin.cycle.requests import MISSED
from bulletin.cycle.scoring import Leaderboard, Period
from bulletin.labels import cn_date
from bulletin.model import EligibilityRule, in_force


@dataclass(frozen=True)
class Bar:
    """One reason a unit is not named 先进 this year, as the 年度考核 says it."""

    reason: str
    zeroes: bool = False   # the year's points count 0 (约稿 missed)


def judged_on(board: Leaderboard, year: int) -> date:
    """The day a year's counts are held against the rules: its last day, or the build date before then."""
    return min(date(year, 12, 31), board.today)


def year_rule(board: Leaderboard, year: int) -> EligibilityRule | None:
    return in_force(board.settings.eligibility, judged_on(board, year))


def unit_bars(board: Leaderboard, year: int) -> dict[str, list[Bar]]:
    """unit id -> what bars it in the year (none for an office without `eligibility`)."""
    rules = board.settings.eligibility
    if not rules:
        return {}
    bars: dict[str, list[Bar]] = {}
    for penalty in board.archive.content.penalties:
        rule = in_force(rules, penalty.date)
        if penalty.date.year == year and rule and penalty.type in rule.barring_penalties:
            note = f"（{penalty.note}）" if penalty.note else ""
            bars.setdefault(penalty.unit, []).append(Bar(f"{cn_date(penalty.date)}{penalty.type}{note}，一票否决"))
    rule = year_rule(board, year)
    if rule is None:
        return bars
    period = Period("year", year)
    for unit in board.archive.units.values():
        tally = board.tally(unit.id, period)
        missed = tally.requests[MISSED]
        if rule.zeroing_missed_requests and missed >= rule.zeroing_missed_requests:
            bars.setdefault(unit.id, []).append(
                Bar(f"全年约稿未报送{missed}次（达{rule.zeroing_missed_requests}次），全年得分计零", zeroes=True))
        overdue = tally.followups[OVERDUE]
        if rule.barring_missed_followups and overdue >= rule.barring_missed_followups:
            bars.setdefault(unit.id, []).append(
                Bar(f"全年批示督办逾期未反馈{overdue}件（达{rule.barring_missed_followups}件），不参加评先"))
    return bars
