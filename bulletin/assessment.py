"""年度考核: per year and group, every unit's figures for the year, and who is named 先进.

Units are ranked by the year's points (the leaderboard's own ranking, the unit's own points
included). 先进单位: the units ranked within the top `awards.units[group]` places with points above
0; units tied on the last place are all named (ranks 1, 2, 2 with three places name three, ranks
1, 2, 3, 3 name four). 先进个人: the top `awards.authors` named authors the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from bulletin.authors import Authors, AuthorStanding
from bulletin.scoring import Leaderboard, Period, Standing


@dataclass(frozen=True)
class AssessedUnit:
    standing: Standing
    advanced: bool   # 先进单位

    @property
    def penalty_points(self) -> Fraction:
        kinds = self.standing.tally.points_by_kind
        return kinds["penalty"] + kinds["quota"]


@dataclass(frozen=True)
class GroupAssessment:
    group: str
    places: int              # 先进单位 places for the group (0: none named)
    units: list[AssessedUnit]


@dataclass(frozen=True)
class Assessment:
    year: int
    groups: list[GroupAssessment]
    places: int              # 先进个人 places
    authors: list[AuthorStanding]   # the named ones, in rank order

    @property
    def advanced_units(self) -> list[AssessedUnit]:
        return [unit for group in self.groups for unit in group.units if unit.advanced]


def within(rank: int, points: Fraction, places: int) -> bool:
    return places > 0 and points > 0 and rank <= places


def assess(board: Leaderboard, authors: Authors, year: int) -> Assessment:
    period = Period("year", year)
    awards = board.settings.awards
    unit_places = awards.units if awards else {}
    groups = []
    for group in board.settings.groups:
        places = unit_places.get(group, 0)
        rows = [AssessedUnit(standing, within(standing.rank, standing.tally.points, places))
                for standing in board.table(period, group)]
        groups.append(GroupAssessment(group, places, rows))
    author_places = awards.authors if awards else 0
    named = [s for s in authors.ranking(period, named_only=True) if within(s.rank, s.tally.points, author_places)]
    return Assessment(year, groups, author_places, named)
