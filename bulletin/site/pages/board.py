"""采用情况通报: the leaderboard of the latest year, a page per year and quarter, a 通报 per month, and
the data files they link (the JSON of every standing, a CSV per year)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, partial

from bulletin.cycle.scoring import Leaderboard, Period
from bulletin.export import fees_public, leaderboard_file, leaderboard_year_file
from bulletin.site.pages.periods import circular_title, period_tabs
from bulletin.site.pages.site_views import SiteViews
from bulletin.site.pages.spec import DataFile, PageSpec
from bulletin.site.urls import URLS, Links
from bulletin.cycle.circular import (circular_date, circular_number, early_date, early_note, issued, overview_sentences,
                                     own_sentences, provisional_note)
from bulletin.cycle.circular_record import as_issued, corrections, late_events
from bulletin.cycle.unscored import year_note
from bulletin.tables.board_columns import csv_for_year, previous_period, rules_context, split_tables, table_cells


@dataclass(frozen=True)
class GroupBoard:
    """One group's ranking: the chart, the always-visible ranking columns and the detail columns."""

    group: str
    anchor: str          # its id on the page, for the jump links
    standings: list
    ranking: list
    details: list
    chart: list[tuple[str, float]]
    own: list = field(default_factory=list)   # the unit's own points (约稿, 定额, 扣分), where any


@dataclass(frozen=True)
class Cells:
    """A leaderboard column with its cells worked out for one group's units: the page's context is
    then data, which the build cache can fingerprint (a column's cell function cannot be)."""

    key: str
    header: str
    numeric: bool
    note: str
    ranking: bool
    values: dict[str, str] = field(default_factory=dict)

    def cell(self, standing) -> str:
        return self.values[standing.unit.id]


def _cells(column, values: dict[str, str] | None = None) -> Cells:
    return Cells(column.key, column.header, column.numeric, column.note, column.ranking, values or {})


def _groups(board: Leaderboard, period: Period, cumulative: bool = False) -> list[GroupBoard]:
    cols, cells = table_cells(board, period, cumulative)   # the same cells as the year's CSV
    place = {id(c): index for index, c in enumerate(cols)}
    result = []
    for group in board.settings.groups:
        standings = board.table(period, group)
        rows = cells[group]
        ranking, details, own = ([_cells(c, {s.unit.id: row[place[id(c)]] for s, row in zip(standings, rows, strict=True)})
                                  for c in shown] for shown in split_tables(cols))
        result.append(GroupBoard(group, Links.group_anchor(board.settings.groups, group), standings, ranking, details,
                                 [(s.unit.short, float(s.tally.points)) for s in standings], own))
    return result


def _cycle_links(board: Leaderboard, period: Period) -> list[tuple[str, str]]:
    """The rest of the cycle beside a leaderboard page: the period's 撰稿人 ranking and 稿酬 table (where
    fees are published), the year's 年度考核, and the 约稿 (where there are any)."""
    shown = period if period.kind != "ytd" else Period("month", period.year, period.number)
    links = [(f"{shown.label}撰稿人排名", Links.authors(shown))]
    if fees_public(board):
        links.append((f"{shown.label}稿酬", Links.fees(shown)))
    links.append((f"{period.year}年度考核", Links.assessment(period.year)))
    if board.requests.requests:
        links.append(("约稿", URLS["requests"]))
    return links


def _board_context(site: SiteViews, period: Period, board: Leaderboard | None = None) -> dict:
    """A leaderboard page: each unit links to the page (and month anchor) where its period's events start.
    `board`: the figures shown, if not the build date's (a circular issued early keeps its own)."""
    board, month_starts = board or site.board, site.points.month_starts
    cumulative = period.kind == "month"
    groups = _groups(board, period, cumulative)
    def start(unit_id: str) -> str:
        """A year opens the page at its month-by-month summary; a month the unit's page of that month;
        a quarter the year's page at its first event."""
        top = Links.unit_points(unit_id, period.year)
        if period.kind in ("year", "ytd"):
            return top
        if period.kind == "month":
            return Links.unit_month_points(unit_id, period.year, period.number) if (unit_id, period.year, period.number) in month_starts else top
        return next((month_starts[(unit_id, period.year, m)] for m in period.months if (unit_id, period.year, m) in month_starts), top)

    starts = {s.unit.id: start(s.unit.id) for g in groups for s in g.standings}
    return dict(period=period, groups=groups, point_links=starts, provisional=provisional_note(board, period),
                unscored=year_note(board.archive, period.year), notes=[_cells(c) for c in table_cells(board, period, cumulative)[0]],
                previous=previous_period(board, period),
                rules=rules_context(board, period), tabs=period_tabs(site.board, period.year, period), years=site.board.years,
                csv=Links.csv(period.year), json=Links.board_json(period.year), cycle=_cycle_links(site.board, period))


def _circular_context(site: SiteViews, period: Period, latest: bool) -> dict:
    live = site.board
    early = early_date(live, period)
    formal = issued(live, period) and not latest
    board = as_issued(live, period) if formal and early else live
    adoptions = board.events_in(period, "adopted")
    context = _board_context(site, period, board)
    if formal and early:
        context["provisional"] = early_note(live, period)
    return dict(
        context, summary=overview_sentences(board, period),
        own_sentences=[dict(text=x.text, cited=x.cited, rest=x.rest, url=Links.request(x.request) if x.request else None)
                       for x in own_sentences(board, period)],
        adoptions=adoptions, number=circular_number(board, period) if formal else None,
        date=circular_date(board, period) if not latest else min(live.today, period.end),
        formal=formal,
        early=dict(date=early, number=circular_number(live, period), url=Links.period(period), latest=Links.month_latest(period))
        if early else None,
        corrections=corrections(live, period) if formal else [],
        late_events=late_events(live, period) if formal else [],
        unit_names=site.rows.unit_names(dict.fromkeys(u for item, _ in adoptions for u in item.units)),
        levels=site.rows.level_names())


def _lazy(site: SiteViews, url: str, template: str, title: str, shows: Period, make, **context) -> PageSpec:
    """A page of the board keyed by its year's scoring (period_reads.py), its context made only to
    render it; `context`: what the plan reads of it before (the 通报's PDF)."""
    return PageSpec(url, template, title, context, reads=("board", shows, site.period_reads.year(shows.year)),
                    make_context=cache(make), recheck=True)


def _circular(site: SiteViews, period: Period, latest: bool = False) -> PageSpec:
    """A month's page: laid out as a 通报 with its 文号 and PDF once issued (bulletin/cycle/circular.py,
    `issued`); while the month runs, the same figures under a provisional title, with no 文号 or PDF.
    A circular issued early shows its figures as of its date (circular_record.as_issued, as its PDF);
    the month's figures since are on a page of their own (`latest`)."""
    formal = issued(site.board, period) and not latest
    title = (f"{period.label}最新情况" if latest else circular_title(period) if formal
             else f"{period.label}采用情况（暂未结束）")
    return _lazy(site, Links.month_latest(period) if latest else Links.period(period), "bulletin/circular.html", title, period,
                 partial(_circular_context, site, period, latest), period=period, pdf=Links.circular_pdf(period) if formal else None)


def _board_page(site: SiteViews, url: str, title: str, period: Period) -> PageSpec:
    return _lazy(site, url, "bulletin/leaderboard.html", title, period, partial(_board_context, site, period))


def pages(site: SiteViews) -> list[PageSpec]:
    board = site.board
    if not board.years:
        return [PageSpec(URLS["leaderboard"], "bulletin/leaderboard.html", "采用情况通报", {"groups": [], "years": []})]
    latest = board.years[0]
    specs = [_board_page(site, URLS["leaderboard"], f"采用情况通报（{latest}年）", Period("year", latest))]
    for year in board.years:
        for period in board.periods(year):
            if period.kind in ("year", "quarter"):
                specs.append(_board_page(site, Links.period(period), f"{period.label}采用情况", period))
            elif period.kind == "month":
                specs.append(_circular(site, period))
                if early_date(board, period):
                    specs.append(_circular(site, period, latest=True))
    return specs


def data(site: SiteViews) -> list[DataFile]:
    board = site.board
    return [DataFile(URLS["board_json"], lambda: leaderboard_file(board)),
            *(DataFile(Links.board_json(year), lambda year=year: leaderboard_year_file(board, year, site.dump)) for year in board.years),
            *(DataFile(Links.csv(year), lambda year=year: csv_for_year(board, year)) for year in board.years)]
