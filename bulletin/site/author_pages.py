"""The 撰稿人 ranking and the 稿酬 tables: a page of each per period (the year, each quarter and each
month the leaderboard has), beside the period's board page.

Contexts are plain data (strings and small records, built in order), so the build cache can vouch
for them: never an AuthorTally (its item set) or a cell function.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bulletin.tables.author_columns import (
    FEE_NOTE, RANKING_NOTE, UNIT_CREDITED, author_periods, fee_columns, fee_rows, fee_rules_in_force, fee_table, fee_total, name_of,
    payment_what, ranking_columns,
)
from bulletin.cycle.authors import Authors, yuan
from bulletin.tables.board_columns import figure
from bulletin.labels import cn_date
from bulletin.cycle.scoring import Leaderboard, Period
from bulletin.site.urls import URLS, Links
from bulletin.site.views import Views


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


def author_pages(board: Leaderboard, views: Views) -> list:
    from bulletin.site.plan import PAGE_SIZE, PageSpec, Pager, _tabs   # plan.py calls this module

    authors = Authors.of(board)
    settings = board.settings
    paid = bool(settings.fees)
    levels = views.level_names()
    cols = ranking_columns()
    money = fee_columns(settings, grouped=True)
    pages = []
    for period in author_periods(board):
        fees_url = Links.fees(period) if paid else None
        standings = authors.ranking(period)
        common = dict(period=period, years=[(year, Links.authors(Period("year", year))) for year in board.years],
                      json=URLS["authors_json"], fees_url=fees_url, authors_url=Links.authors(period),
                      csv=Links.fees_csv(period.year) if paid else None)
        base = Links.authors(period)
        count = max(1, -(-len(standings) // PAGE_SIZE))
        rows = [AuthorRow([c.cell(s) for c in cols], s.author.unit.id, s.author.name is None) for s in standings]
        named = sum(1 for s in standings if s.author.name is not None)
        for number in range(1, count + 1):
            pager = Pager(number, count, base)
            title = f"{period.label}撰稿人排名" + ("" if number == 1 else f"（第{number}页）")
            pages.append(PageSpec(pager.url(number), "bulletin/authors.html", title, dict(
                common, tabs=_tabs(board, period.year, period, Links.authors), pager=pager,
                columns=[Header(c.key, c.header, c.numeric, c.note) for c in cols], rows=rows[(number - 1) * PAGE_SIZE: number * PAGE_SIZE],
                total=len(rows), named=named, units=len(rows) - named, unit_credited=UNIT_CREDITED, note=RANKING_NOTE),
                crumb="撰稿人排名" if number == 1 else f"第{number}页"))
        if not paid:
            continue
        lines = [PaymentLine(p.day, name_of(p.author), p.author.unit.short, p.author.unit.id, p.item.title, Links.item(p.item),
                             payment_what(settings, p, levels), yuan(p.fen, grouped=True)) for p in authors.payments_in(period)]
        payees = fee_rows(authors, period)
        summary = [AuthorRow([c.cell(r) for c in money], r.author.unit.id, r.author.name is None) for r in payees]
        rules = [{"caption": f"自{cn_date(rule.since)}起执行（元）" if rule.since != date.min else "稿酬标准（元）",
                  "published": figure(rule.published), "table": fee_table(settings, rule)}
                 for rule in fee_rules_in_force(settings, period)]
        count = max(1, -(-len(lines) // PAGE_SIZE))
        for number in range(1, count + 1):
            pager = Pager(number, count, fees_url)
            title = f"{period.label}稿酬" + ("" if number == 1 else f"（第{number}页）")
            pages.append(PageSpec(pager.url(number), "bulletin/fees.html", title, dict(
                common, tabs=_tabs(board, period.year, period, Links.fees), pager=pager,
                columns=[Header(c.key, c.header, c.numeric, c.note) for c in money], rows=summary if number == 1 else [],
                total_row=fee_total(payees, money), payees=len(payees), lines=lines[(number - 1) * PAGE_SIZE: number * PAGE_SIZE],
                line_count=len(lines), first_line=(number - 1) * PAGE_SIZE + 1, rules=rules if number == 1 else [],
                note=FEE_NOTE, unit_credited=UNIT_CREDITED),
                crumb="稿酬" if number == 1 else f"第{number}页"))
    return pages
