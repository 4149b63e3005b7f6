"""The 撰稿人 ranking's and the 稿酬 tables' columns, defined once for the site, the CSV and the JSON.

Like bulletin/tables/board_columns.py: every place that shows an author's figures takes its headers and
cells from here, so the page and finance's spreadsheet cannot disagree; each column carries the
sentence that explains it, printed under the table.
"""

from __future__ import annotations

from dataclasses import dataclass

from bulletin.cycle.authors import Author, AuthorTally, Authors, Payment, yuan
from bulletin.tables.board_columns import UNIT, Column, level_row, rank_text
from bulletin.labels import issue_number, upward_label
from bulletin.model import FeeRule, Settings, in_force_during
from bulletin.cycle.scoring import Period, one_decimal
from bulletin.tables.spreadsheet import excel_csv

UNIT_CREDITED = "（单位）"   # the name cell of a unit credited for its items without authors
NAME = "name"              # the key of the author's column: the row's header


def author_periods(board) -> list[Period]:
    """The periods with a 撰稿人 page and 稿酬 table, newest year first: each year, its quarters and
    months, as the leaderboard's tabs (year to date is the month circular's, not the authors')."""
    return [p for year in board.years for p in board.periods(year) if p.kind != "ytd"]


def name_of(author: Author) -> str:
    return author.name or UNIT_CREDITED


RANKING_NOTE = ("稿件因本机关刊物刊用、向上级报送、被上级采用和获领导批示所得的分数，由该稿件署名的撰稿人平分；"
                "联合报送的稿件，全部得分由署名撰稿人平分，不按单位拆分。未署撰稿人的稿件，得分计入报送单位"
                f"（联合报送的按单位平分），表中姓名栏记为“{UNIT_CREDITED}”。约稿、定额和扣分是单位自身的得分，不计入撰稿人。"
                "撰稿人以“姓名 + 单位”区分，两个单位的同名撰稿人是两个人。")


def ranking_columns() -> list[Column]:
    """排名, 姓名, 单位, 稿件, 刊用, 上报, 采用, 批示, 得分: a cell function takes an AuthorStanding."""
    return [
        Column("rank", "排名", rank_text, note="按得分排名，得分相同名次相同（如 1、2、2、4），同分按稿件篇数、再按单位顺序和姓名排列；未得分的不排名次（—）。"),
        Column(NAME, "姓名", lambda s: name_of(s.author), numeric=False,
               note=f"撰稿人姓名；“{UNIT_CREDITED}”为该单位未署撰稿人的稿件。"),
        Column(UNIT, "单位", lambda s: s.author.unit.short, numeric=False, note="撰稿人所在的报送单位（稿件的报送单位）。"),
        Column("items", "稿件", lambda s: str(len(s.tally.items)), note="本期间有得分事项的稿件篇数。"),
        Column("published", "刊用", lambda s: str(s.tally.published), note="本期间本机关各期刊物刊发的篇次。"),
        Column("forwarded", "上报", lambda s: str(s.tally.forwarded), note="向上级报送的次数。"),
        Column("adopted", "采用", lambda s: str(s.tally.adopted), note="被上级刊物采用的次数（各级合计）。"),
        Column("instruction", "批示", lambda s: str(s.tally.instructions), note="获领导批示的次数。"),
        Column("points", "得分", lambda s: one_decimal(s.tally.points), note="撰稿人分得的得分，按事件当日有效的计分规则计算，保留一位小数。"),
    ]


# -- 稿酬 ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class FeeRow:
    """One author's fees in a period: what a line of finance's table reads."""

    author: Author
    tally: AuthorTally


def fee_rows(authors: Authors, period: Period) -> list[FeeRow]:
    """Everyone paid in the period, as finance pays them: by unit (units.yml order), the unit's own
    line (items without authors) first, then by name."""
    keys = dict.fromkeys(p.author.key for p in authors.payments_in(period))
    rows = [FeeRow(authors.authors[key], authors.tally(key, period)) for key in keys]
    return sorted(rows, key=lambda row: (row.author.unit.order, row.author.name or ""))


def pays_forwarding(settings: Settings) -> bool:
    return any(rule.forwarded for rule in settings.fees)


def fee_columns(settings: Settings, grouped: bool) -> list[Column]:
    """姓名, 单位, (上报 where a fee rule pays it), 刊用, 采用, 批示, 金额（元）: a cell takes a FeeRow.
    `grouped` writes 1,234.50 (the page); the CSV has plain 1234.50, as Excel reads a number."""
    counted = [("刊用", "published", "本机关刊物刊用的篇次（每刊用一次付酬一次）。"),
               ("采用", "adopted", "被上级刊物采用的次数（标准表中未列的级别不付酬，不计在内）。"),
               ("批示", "instruction", "获领导批示的次数（同上）。")]
    if pays_forwarding(settings):
        counted.insert(0, ("上报", "forwarded", "向上级报送的次数（同上）。"))
    return [Column(NAME, "姓名", lambda r: name_of(r.author), numeric=False, note=f"撰稿人；“{UNIT_CREDITED}”为该单位未署撰稿人稿件的稿酬。"),
            Column(UNIT, "单位", lambda r: r.author.unit.short, numeric=False, note="撰稿人所在的报送单位。"),
            *(Column(kind, header, lambda r, kind=kind: str(r.tally.paid[kind]), note=note) for header, kind, note in counted),
            Column("amount", "金额（元）", lambda r: yuan(r.tally.fen, grouped), note="本期间应付稿酬，单位元，保留两位小数（精确到分）。")]


def fee_total(rows: list[FeeRow], columns: list[Column]) -> list[str]:
    """The 合计 line under the table: counts and amounts summed; 合计 in the name cell, the unit cell blank."""
    total = AuthorTally()
    for row in rows:
        total.paid.update(row.tally.paid)
        total.fen += row.tally.fen
    whole = FeeRow(None, total)
    return ["合计" if c.key == NAME else "" if c.key == UNIT else c.cell(whole) for c in columns]


FEE_NOTE = ("稿酬按每个事项发生当日执行的稿酬标准计付（见稿酬标准表）；一篇稿件有几位撰稿人，稿酬由几人平分，"
            "分不尽的零头（1 分）依次计给署名在前的撰稿人，每个事项各人所得之和等于该事项的稿酬。未署撰稿人的稿件，"
            f"稿酬计入报送单位（联合报送的按单位平分），姓名栏记为“{UNIT_CREDITED}”。综合采用与单条采用同样计付；"
            "标准表中未列的级别不付酬。")


def payment_what(settings: Settings, payment: Payment, level_names: dict[str, str]) -> str:
    """事项 of a payment line: 刊用《政务信息》2026年第3期, 省级《参阅信息》采用, 国家级领导批示, and the
    split when the fee is shared: （共100.00元，3人平分）, （共50.00元，2个单位平分）."""
    if payment.kind == "published":
        issue = payment.issue
        what = f"刊用《{settings.series[issue.series].name}》{issue.year}年{issue_number(issue.number, issue.supplement)}"
    else:
        event = payment.event
        what = upward_label(payment.kind, level_names[payment.level], event.publication, event.form, event.issue)
    if payment.parts == 1:
        return what
    among = f"{payment.parts}人" if payment.author.name else f"{payment.parts}个单位"
    return f"{what}（共{yuan(payment.total)}元，{among}平分）"


def fee_rules_in_force(settings: Settings, period: Period) -> list[FeeRule]:
    return in_force_during(settings.fees, period.start, period.end)


def fee_table(settings: Settings, rule: FeeRule) -> tuple[list[str], list[list[str]]]:
    """One fee rule as a table: a row per kind of event, a column per level (yuan); — where nothing is paid."""
    levels = list(settings.levels.values())
    rows = [level_row(levels, "上报（每次）", rule.forwarded.get)] if pays_forwarding(settings) else []
    rows += [level_row(levels, "采用（每次）", rule.adopted.get), level_row(levels, "领导批示（每次）", rule.instruction.get)]
    return ["事项", *(level.name for level in levels)], rows


# -- finance's CSV ---------------------------------------------------------------------------------

LINE_HEADER = ["期间", "日期", "姓名", "单位", "稿件编号", "稿件标题", "事项", "金额（元）"]


def fees_csv_for_year(authors: Authors, year: int) -> str:
    """data/gaochou-<year>.csv: the year, then each month, each a table of who is paid what with its
    合计 line; each month is followed by its payment lines, so that finance can check every amount."""
    settings = authors.board.settings
    levels = {level.id: level.name for level in settings.levels.values()}
    columns = fee_columns(settings, grouped=False)
    periods = [p for p in authors.board.periods(year) if p.kind in ("year", "month")]
    out: list[list[str]] = []
    for period in periods:
        rows = fee_rows(authors, period)
        out.append(["期间", *(c.header for c in columns)])
        out += [[period.label, *(c.cell(row) for c in columns)] for row in rows]
        out.append([period.label, *fee_total(rows, columns)])
        out.append([])
        payments = authors.payments_in(period) if period.kind == "month" else []
        if payments:
            out.append(LINE_HEADER)
            out += [_payment_line(settings, levels, period, p) for p in payments]
            out.append([])
    return excel_csv(out)


def _payment_line(settings, levels: dict, period, payment) -> list[str]:
    p = payment
    return [period.label, p.day.isoformat(), name_of(p.author), p.author.unit.short, p.item.id, p.item.title,
            payment_what(settings, p, levels), yuan(p.fen)]


def payments_csv_for_year(authors: Authors, year: int) -> str:
    """data/gaochou-<year>-mingxi.csv: every payment of the year under one header, a row each, by date,
    with no totals or section breaks in between: what finance filters, sorts and pivots in Excel."""
    settings = authors.board.settings
    levels = {level.id: level.name for level in settings.levels.values()}
    rows = [LINE_HEADER]
    for month in authors.board.months(year):
        period = Period("month", year, month)
        rows += [_payment_line(settings, levels, period, p) for p in authors.payments_in(period)]
    return excel_csv(rows)

