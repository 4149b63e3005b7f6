"""The 撰稿人 ranking and the 稿酬 tables: a page of each per period (the year, each quarter and each
month the leaderboard has), beside the period's board page.

Contexts are plain data (strings and small records, built in order), so the build cache can vouch
for them: never an AuthorTally (its item set) or a cell function.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bulletin.cycle.authors import yuan
from bulletin.cycle.circular import provisional_note
from bulletin.cycle.scoring import Period
from bulletin.export import authors_file, authors_year_file, fees_public
from bulletin.labels import cn_date
from bulletin.site.pages.listing import listing
from bulletin.site.pages.periods import period_tabs
from bulletin.site.pages.site_views import SiteViews
from bulletin.site.pages.spec import DataFile, PageSpec, paginate
from bulletin.site.urls import URLS, Links
from bulletin.tables.author_columns import (
    FEE_NOTE, RANKING_NOTE, UNIT_CREDITED, author_periods, fee_columns, fee_rows, fee_rules_in_force, fee_table, fee_total, fees_csv_for_year,
    name_of, payment_what, payments_csv_for_year, ranking_columns,
)
from bulletin.tables.board_columns import figure


@dataclass(frozen=True)
class Header:
    key: str     # what the template tests (bulletin/tables/board_columns.py Column)
    text: str
    numeric: bool
    note: str


@dataclass(frozen=True)
class AuthorRow:
    """One line of a table: its cells in column order, and who it is (a unit's own line is marked)."""

    cells: list[str]
    unit_id: str
    unit_credited: bool
    url: str = ""        # the author's items (a unit's own line: the unit's page)


@dataclass(frozen=True)
class PaymentLine:
    day: date
    name: str
    unit: str
    unit_id: str
    title: str
    url: str             # the item's page
    what: str            # 事项
    amount: str


def _ranking_pages(site: SiteViews, period: Period, common: dict) -> list[PageSpec]:
    standings = site.authors.ranking(period)
    cols = ranking_columns()
    rows = [AuthorRow([c.cell(s) for c in cols], s.author.unit.id, s.author.name is None,
                      Links.author(s.author.unit.id, s.author.name) if s.author.name else Links.unit(s.author.unit.id))
            for s in standings]
    named = sum(1 for s in standings if s.author.name is not None)
    return [PageSpec(page.url, "bulletin/authors.html", page.pager.title(f"{period.label}撰稿人排名"), dict(
                common, tabs=period_tabs(site.board, period.year, period, Links.authors), pager=page.pager,
                columns=[Header(c.key, c.header, c.numeric, c.note) for c in cols], rows=page.entries,
                total=len(rows), named=named, units=len(rows) - named, unit_credited=UNIT_CREDITED, note=RANKING_NOTE),
                crumb=page.pager.crumb("撰稿人排名"))
            for page in paginate(rows, Links.authors(period))]


def _fee_pages(site: SiteViews, period: Period, common: dict) -> list[PageSpec]:
    authors, settings = site.authors, site.board.settings
    money = fee_columns(settings, grouped=True)
    levels = site.rows.level_names()
    lines = [PaymentLine(p.day, name_of(p.author), p.author.unit.short, p.author.unit.id, p.item.title, Links.item(p.item),
                         payment_what(settings, p, levels), yuan(p.fen, grouped=True)) for p in authors.payments_in(period)]
    payees = fee_rows(authors, period)
    summary = [AuthorRow([c.cell(r) for c in money], r.author.unit.id, r.author.name is None) for r in payees]
    rules = [{"caption": f"自{cn_date(rule.since)}起执行（元）" if rule.since != date.min else "稿酬标准（元）",
              "published": figure(rule.published), "table": fee_table(settings, rule)}
             for rule in fee_rules_in_force(settings, period)]
    specs = []
    for page in paginate(lines, Links.fees(period)):
        first = page.pager.number == 1
        specs.append(PageSpec(page.url, "bulletin/fees.html", page.pager.title(f"{period.label}稿酬"), dict(
            common, tabs=period_tabs(site.board, period.year, period, Links.fees), pager=page.pager,
            columns=[Header(c.key, c.header, c.numeric, c.note) for c in money], rows=summary if first else [],
            total_row=fee_total(payees, money), payees=len(payees), lines=page.entries,
            line_count=len(lines), first_line=page.start + 1, rules=rules if first else [],
            note=FEE_NOTE, unit_credited=UNIT_CREDITED),
            crumb=page.pager.crumb("稿酬")))
    return specs


def _author_pages(site: SiteViews) -> list[PageSpec]:
    """A page per 撰稿人 (a name within its unit) listing the items they wrote, newest first: where
    the ranking and an item's 撰稿 line lead."""
    written: dict[tuple[str, str], list] = {}
    for item in site.archive.items_newest_first:
        for name in item.authors:
            written.setdefault((item.unit, name), []).append(item)
    units = site.archive.units
    return [spec for (unit_id, name), items in written.items()
            for spec in listing(site.rows, Links.author(unit_id, name), f"{name}（{units[unit_id].short}）撰稿的稿件", items, "item",
                                crumb=name, author_intro=f"{units[unit_id].name}撰稿人{name}，共 {len(items)} 篇稿件。")]


def pages(site: SiteViews) -> list[PageSpec]:
    """Per period: the ranking, and where bulletin.yml publishes fees, the 稿酬 table; a page per 撰稿人."""
    board = site.board
    paid = fees_public(board)   # per-person fees: finance's (`bulletin fees`) unless bulletin.yml publishes them
    specs = []
    for period in author_periods(board):
        common = dict(period=period, provisional=provisional_note(board, period), years=[(year, Links.authors(Period("year", year))) for year in board.years],
                      json=Links.authors_json(period.year), fees_url=Links.fees(period) if paid else None, authors_url=Links.authors(period),
                      csv=Links.fees_csv(period.year) if paid else None)
        specs += _ranking_pages(site, period, common)
        if paid:
            specs += _fee_pages(site, period, common)
    return specs + _author_pages(site)


def data(site: SiteViews) -> list[DataFile]:
    """The JSON of the rankings; where fees are published, finance's CSVs per year (the table and every payment)."""
    board = site.board
    files = [DataFile(URLS["authors_json"], lambda: authors_file(board)),
             *(DataFile(Links.authors_json(year), lambda year=year: authors_year_file(board, year, site.dump)) for year in board.years)]
    if fees_public(board):
        files += [DataFile(Links.fees_csv(year), lambda year=year: fees_csv_for_year(site.authors, year)) for year in board.years]
        files += [DataFile(Links.payments_csv(year), lambda year=year: payments_csv_for_year(site.authors, year)) for year in board.years]
    return files
