"""What the leaderboard families' pages read (points pages, 通报, the board's year and quarter pages,
the 撰稿人 rankings and 稿酬 tables), named in content terms a year at a time, so the build cache
keys such a page without making or digesting its context (PageSpec.reads, page_cache.PageCache.key).

A page of a period of year Y shows what the scoring of Y makes of:
- every credit dated in Y, each with its item (units, authors, levels, events and when they were
  made known, corrections), issue, event, 约稿, penalty, quota month or follow-up;
- the items dated in Y and the issues printing them (采用率), the issues of Y with their labels;
- the 约稿 due in Y with every answer, and whether each is decided by the build date;
- the items a penalty of Y names; the 批示 follow-ups due in Y, open ones too; Y's submissions
  (定额, 采用率); the scoring rules in force in Y, and Y's 不计分 note;
- the rank change against the period before, which for a year, its first quarter and January is
  the year before: so Y's reads hold Y-1's too;
and, whatever the year: the build date, the leaderboard's years (tabs and year links), every unit,
the 信息员 (a 通报 says who met the month's tasks: items written, issues edited, both of Y's),
bulletin.yml but its scoring rules (levels, groups, series names, fees, early 通报 dates, 文号),
and whether any 约稿 exist (the cycle links).

Conservative: whole records where a page shows part of one. tests/test_period_reads.py holds
this list against the pages: every change to a page's whole context changes its declared key. A
page whose key did change is still reused when its whole context's digest has not (PageCache).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import cached_property

from bulletin.cycle.scoring import Leaderboard
from bulletin.cycle.unscored import year_note
from bulletin.model import in_force_during
from bulletin.site.fingerprint import Shared

READS_VERSION = 1   # raise when what a year's reads name changes meaning


class PeriodReads:
    """Each year's reads, gathered once a build (one pass over the credits and items), then shared
    by every page of that year: the build's fingerprints digest a shared list once."""

    def __init__(self, board: Leaderboard):
        self.board = board
        self._years: dict[int, Shared] = {}
        self._owns: dict[int, tuple] = {}

    @cached_property
    def _common(self) -> tuple:
        board, archive = self.board, self.board.archive
        return (READS_VERSION, board.today, tuple(board.years), replace(archive.settings, scoring=[]),
                tuple(archive.units.values()), tuple(archive.content.staff), bool(board.requests.requests))

    @cached_property
    def _by_year(self) -> dict[int, tuple[list, list, list]]:
        """Per year: its credits, its items with the issues printing them, its issues with their labels."""
        archive = self.board.archive
        found: dict[int, tuple[list, list, list]] = {}
        def of(year: int) -> tuple[list, list, list]:
            return found.setdefault(year, ([], [], []))
        for credit in self.board.credits:
            of(credit.day.year)[0].append(credit)
        for item in archive.items.values():
            of(item.date.year)[1].append((item, tuple(placed.issue for placed in archive.issues_of(item))))
        for issues in archive.series_issues.values():
            for issue in issues:
                of(issue.date.year)[2].append((issue, archive.label(issue), archive.total(issue)))
        return found

    def _own(self, year: int) -> tuple:
        if year not in self._owns:
            self._owns[year] = self._gather(year)
        return self._owns[year]

    def _gather(self, year: int) -> tuple:
        board, archive = self.board, self.board.archive
        credits, items, issues = self._by_year.get(year, ([], [], []))
        ledger = board.requests
        requests = [(request, tuple(ledger.answers(request)), ledger.decided(request))
                    for request in ledger.requests if request.due.year == year]
        penalised = [archive.items.get(penalty.item) for penalty in archive.content.penalties
                     if penalty.date.year == year and penalty.item]
        followups = [tracked for tracked in board.followups.tracked if tracked.followup.due.year == year]   # open ones too
        rules = in_force_during(archive.settings.scoring, date(year, 1, 1), date(year, 12, 31))
        return (year, credits, items, issues, requests, penalised, followups, archive.content.submissions.get(year),
                rules, year_note(archive, year))

    def year(self, year: int) -> Shared:
        """All a page of a period of `year` reads: the same object for every page of the year, so
        a build digests it once, not once a page (some 300 pages a year share it)."""
        if year not in self._years:
            self._years[year] = Shared((self._common, self._own(year), self._own(year - 1)))
        return self._years[year]
