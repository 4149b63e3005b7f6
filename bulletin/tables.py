"""The leaderboard's columns, defined once for the site, the CSV export and `bulletin stats`.

Every place that shows a leaderboard table takes its headers and cells from `columns`, so the
page, the spreadsheet and the terminal cannot disagree.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Callable

from .scoring import Leaderboard, Period, Standing, one_decimal, percent


@dataclass(frozen=True)
class Column:
    header: str
    cell: Callable[[Standing], str]
    numeric: bool = True


def columns(board: Leaderboard, period: Period, cumulative: bool = False) -> list[Column]:
    """报送 and 采用率 where the year has submissions; 目标完成 where a unit has a target (yearly tables)."""
    has_submissions = bool(board.archive.content.submissions.get(period.year))
    has_targets = period.kind in ("year", "ytd") and any(u.target for u in board.archive.units.values())
    result = [Column("排名", lambda s: str(s.rank)), Column("单位", lambda s: s.unit.short, numeric=False)]
    if has_submissions:
        result.append(Column("报送", lambda s: str(s.tally.submitted or 0)))
    result += [Column("刊用", lambda s: str(s.tally.published)),
               Column("上报", lambda s: str(sum(s.tally.forwarded.values())))]
    for level in board.settings.levels.values():
        result.append(Column(f"采用·{level.name}", lambda s, level=level.id: str(s.tally.adopted[level])))
    result.append(Column("批示", lambda s: str(sum(s.tally.instructions.values()))))
    if has_submissions:
        result.append(Column("采用率", lambda s: percent(s.tally.rate)))
    result.append(Column("得分", lambda s: one_decimal(s.tally.points)))
    if cumulative:
        result.append(Column("累计得分", lambda s: one_decimal(board.tally(s.unit.id, Period("ytd", period.year, period.number)).points)))
    if has_targets:
        result.append(Column("目标完成", lambda s: percent(s.target_share)))
    return result


def _inert(cell: str) -> str:
    """A cell Excel would run as a formula (=, +, -, @) is prefixed with ' so it stays text."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell


def csv_for_year(board: Leaderboard, year: int) -> str:
    """Every period of the year, every group: UTF-8 with a BOM so that Excel reads the Chinese right."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for period in board.periods(year):
        cols = columns(board, period, cumulative=period.kind == "month")
        writer.writerow(["期间", "分组", *(c.header for c in cols)])
        for group in board.settings.groups:
            for standing in board.table(period, group):
                writer.writerow([_inert(cell) for cell in (period.label, group, *(c.cell(standing) for c in cols))])
        writer.writerow([])
    return "\ufeff" + out.getvalue()


def circular_summary(board: Leaderboard, period: Period) -> list[str]:
    """The sentences a circular opens with: totals, who published most, who sent or printed nothing."""
    every = [s for group in board.settings.groups for s in board.table(period, group)]
    published = sum(1 for issues in board.archive.series_issues.values() for i in issues
                    if i.date.year == period.year and i.date.month in period.months for _ in i.item_ids)
    forwarded, adopted, instructed = (len(board.events_in(period, kind)) for kind in ("forwarded", "adopted", "instruction"))
    lines = [f"{period.label}，各期刊物共刊发稿件 {published} 篇次，向上级报送 {forwarded} 篇次，"
             f"被上级采用 {adopted} 篇次，获领导批示 {instructed} 次。"]
    top = max((s.tally.published for s in every), default=0)
    if top:
        leaders = "、".join(s.unit.short for s in every if s.tally.published == top)
        lines.append(f"刊用稿件最多的单位：{leaders}（各 {top} 篇）。")
    if board.archive.content.submissions.get(period.year):
        silent = [s.unit.short for s in every if not s.tally.submitted]
        if silent:
            lines.append(f"未报送稿件的单位：{'、'.join(silent)}。")
    idle = [s.unit.short for s in every if not s.tally.published]
    if idle:
        lines.append(f"无稿件刊用的单位：{'、'.join(idle)}。")
    return lines
