"""The first phase of the plan: what more than one family shows (requests, authors, points, the latest
circular, item and issue rows), worked out once a build from the archive and the leaderboard. Every
family then makes its pages whole from these views, so no page is written into after it is made and
no family depends on another having been built first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property

from bulletin.archive import Archive
from bulletin.cycle.authors import Authors
from bulletin.cycle.scoring import Credit, Leaderboard, Period
from bulletin.export import Dump
from bulletin.model import Unit
from bulletin.site.pages.period_reads import PeriodReads
from bulletin.site.pages.periods import latest_circular
from bulletin.site.pages.spec import paginate
from bulletin.site.request_views import RequestViews
from bulletin.site.urls import Links
from bulletin.site.views import Views


@dataclass(frozen=True)
class UnitYearCredits:
    """A unit's credits of a year, by date: what its points pages list."""

    year: int
    group: str
    unit: Unit
    credits: list[Credit]


class PointViews:
    """Per unit and year on the leaderboard, its credits by date, and per (unit, year, month) with
    credits the points page and anchor where that month starts: the leaderboard links each unit there."""

    def __init__(self, board: Leaderboard):
        credits: dict[tuple[str, int], list[Credit]] = {}
        for credit in board.credits:
            credits.setdefault((credit.unit, credit.day.year), []).append(credit)
        self.units: list[UnitYearCredits] = []
        self.month_starts: dict[tuple[str, int, int], str] = {}
        for year in board.years:
            for group in board.settings.groups:
                for unit in board.units_in(Period("year", year), group):
                    mine = sorted(credits.get((unit.id, year), []), key=lambda c: (c.day, c.item.id if c.item else "", c.kind))
                    self.units.append(UnitYearCredits(year, group, unit, mine))
                    pager = paginate(mine, Links.unit_points(unit.id, year))[0].pager
                    for index, credit in enumerate(mine):
                        self.month_starts.setdefault((unit.id, year, credit.day.month), f"{pager.url_of(index)}#m{credit.day.month}")


class SiteViews:
    """Each view is worked out once, when a family first asks for it: the data files' paths (which
    `verify` wants without the pages) need the leaderboard's years and nothing else."""

    def __init__(self, archive: Archive, board: Leaderboard, today: date, site_url: str | None = None,
                 dump: Dump | None = None):
        self.archive = archive
        self.board = board
        self.today = today          # the build date (本月 on the home page)
        self.site_url = site_url    # where the site is served: the feeds' links are absolute
        self.dump: Dump = dump or (lambda document, encode: encode(document))   # JSON data files: the build's memo, if any

    @cached_property
    def rows(self) -> Views:
        """Items and issues as listings show them."""
        return Views(self.archive)

    @cached_property
    def requests(self) -> RequestViews:
        return RequestViews(self.archive, self.board.requests)

    @cached_property
    def authors(self) -> Authors:
        return Authors.of(self.board)

    @cached_property
    def points(self) -> PointViews:
        return PointViews(self.board)

    @cached_property
    def period_reads(self) -> PeriodReads:
        """What a page of a leaderboard period reads, a year at a time (the build cache's key)."""
        return PeriodReads(self.board)

    @cached_property
    def circular(self) -> dict | None:
        """The newest month's 通报, for the home page."""
        return latest_circular(self.board)
