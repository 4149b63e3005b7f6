"""年度考核: per year and group, every unit's figures for the year, and who is named 先进.

Units are ranked by the year's points (the leaderboard's own ranking, the unit's own points
included). 先进单位: the units ranked within the top `awards.units[group]` places with points above
0; units tied on the last place are all named (ranks 1, 2, 2 with three places name three, ranks
1, 2, 3, 3 name four). Only units that existed in the year are named, and places are counted among
them: a unit dissolved in an earlier year still scores when its old items are adopted (so the
months add up to the year), but it is listed, not named. 先进个人: the top `awards.authors` named
authors the same way. A year not over on the build date is provisional (`as_of`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from bulletin.cycle.authors import Authors, AuthorStanding
from bulletin.model import Awards
from bulletin.cycle.scoring import Leaderboard, Period, Standing, shared_ranks
from bulletin.cycle.eligibility import Bar, unit_bars   # 一票否决
from bulletin.cycle.staff import StaffYear, staff_years   # 信息员


@dataclass(frozen=True)
class AssessedUnit:
    standing: Standing
    advanced: bool   # 先进单位
    eligible: bool = True   # existed in the year (a unit gone before it is listed, never named)
    bars: tuple[Bar, ...] = ()   # 一票否决 (bulletin/cycle/eligibility.py): listed, never named

    @property
    def zeroed(self) -> bool:
        """The year's points count 0 (约稿 missed): shown as 0 and not ranked."""
        return any(bar.zeroes for bar in self.bars)

    @property
    def penalty_points(self) -> Fraction:
        """扣分: recorded penalties and months under quota (约稿 points are in 得分, not here)."""
        kinds = self.standing.tally.points_by_kind
        return Fraction(kinds["penalty"] + kinds["quota"])


@dataclass(frozen=True)
class GroupAssessment:
    group: str
    places: int              # 先进单位 places for the group (0: none named)
    units: list[AssessedUnit]

    @property
    def advanced(self) -> list[AssessedUnit]:
        """The group's 先进单位, in rank order."""
        return [unit for unit in self.units if unit.advanced]


@dataclass(frozen=True)
class Assessment:
    year: int
    groups: list[GroupAssessment]
    places: int              # 先进个人 places
    authors: list[AuthorStanding]   # the named ones, in rank order
    awards: Awards | None = None    # bulletin.yml's; None: no one is named
    as_of: date | None = None       # the build date while the year is still running (provisional)
    staff: list[StaffYear] = field(default_factory=list)   # 信息员, where staff.yml lists any

    @property
    def advanced_units(self) -> list[AssessedUnit]:
        return [unit for group in self.groups for unit in group.units if unit.advanced]

    @property
    def provisional(self) -> bool:
        return self.as_of is not None


def within(rank: int, points: Fraction, places: int) -> bool:
    return places > 0 and points > 0 and rank <= places


def _named_units(standings: list[Standing], eligible: list[bool], places: int) -> list[bool]:
    """Who is 先进单位: ranks counted among the eligible units only (equal points, equal rank)."""
    ranks = iter(shared_ranks([s.tally.points for s, may in zip(standings, eligible, strict=True) if may]))
    return [may and within(next(ranks), s.tally.points, places) for s, may in zip(standings, eligible, strict=True)]


def assess(board: Leaderboard, authors: Authors, year: int) -> Assessment:
    period = Period("year", year)
    awards = board.settings.awards
    unit_places = awards.units if awards else {}
    groups = []
    bars = unit_bars(board, year)
    for group in board.settings.groups:
        places = unit_places.get(group, 0)
        standings = board.table(period, group)
        eligible = [s.unit.existed(period.start, period.end) and not bars.get(s.unit.id) for s in standings]
        rows = [AssessedUnit(standing, named, standing.unit.existed(period.start, period.end), tuple(bars.get(standing.unit.id, ())))
                for standing, named in zip(standings, _named_units(standings, eligible, places), strict=True)]
        groups.append(GroupAssessment(group, places, rows))
    author_places = awards.authors if awards else 0
    named = [s for s in authors.ranking(period, named_only=True) if within(s.rank, s.tally.points, author_places)]
    as_of = board.today if board.today.year <= year else None
    return Assessment(year, groups, author_places, named, awards, as_of, staff_years(board, year))
