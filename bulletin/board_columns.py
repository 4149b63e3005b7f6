"""The leaderboard's columns, defined once for the site, the CSV export and `bulletin stats`.

Every place that shows a leaderboard table takes its headers and cells from `columns`, so the
page, the spreadsheet and the terminal cannot disagree. Each column carries the sentence that
explains it: the page prints it under the table, so nothing depends on a hover tooltip.
"""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Callable

from bulletin.labels import EVENT_LABELS, event_label
from bulletin.model import EVENT_TYPES, RuleSet, in_force_during
from bulletin.scoring import Leaderboard, Period, Standing, one_decimal, percent
from bulletin.spreadsheet import excel_csv


@dataclass(frozen=True)
class Column:
    header: str
    cell: Callable[[Standing], str]
    numeric: bool = True
    note: str = ""
    ranking: bool = False  # shown in the always-visible ranking table; the rest are details


def previous_period(board: Leaderboard, period: Period) -> Period | None:
    """The period a rank change is measured against (last month, quarter or year), if it has data."""
    if period.kind == "year":
        before = Period("year", period.year - 1)
    elif period.number > 1:
        before = Period(period.kind, period.year, period.number - 1)
    else:
        before = Period(period.kind, period.year - 1, 4 if period.kind == "quarter" else 12)
    if before.year not in board.last_day or before.months[0] > board.months(before.year)[-1]:
        return None
    return before


UNRANKED = "—"
ENTERED = "上榜"   # ranked now, unranked (no points) in the period before: it rose from nothing, not by places


def rank_text(standing: Standing) -> str:
    """The rank as printed: a unit with no points is not ranked (—), rather than tied for a place
    it did nothing to earn (every 0-point unit would otherwise read as 2nd after one scorer)."""
    return UNRANKED if standing.tally.points == 0 else str(standing.rank)


def rank_change(board: Leaderboard, standing: Standing, before: Period) -> str:
    """↑2 / ↓1 / 持平 against the previous period; 新 when the unit was not in that table; — when it
    is unranked now (no points), 上榜 when it was unranked then: no unit moves places by scoring nothing."""
    old = board.standing(standing.unit.id, before)
    if old is None:
        return "新"
    if rank_text(standing) == UNRANKED:
        return UNRANKED
    if rank_text(old) == UNRANKED:
        return ENTERED
    moved = old.rank - standing.rank
    return f"↑{moved}" if moved > 0 else f"↓{-moved}" if moved < 0 else "持平"


def columns(board: Leaderboard, period: Period, cumulative: bool = False) -> list[Column]:
    """报送 and 采用率 where the year has submissions; 目标完成 where a unit has a target (yearly tables);
    名次变化 where the previous period has data."""
    has_submissions = bool(board.archive.content.submissions.get(period.year))
    has_targets = period.kind in ("year", "ytd") and any(u.target for u in board.archive.units.values())
    before = previous_period(board, period)
    result = [Column("排名", rank_text, ranking=True,
                     note="组内按得分排名，得分相同名次相同（如 1、2、2、4），同分按刊用篇次、再按单位顺序排列；未得分的单位不排名次（—）。")]
    if before is not None:
        result.append(Column("名次变化", lambda s: rank_change(board, s, before), ranking=True,
                             note=f"与{before.label}组内名次相比：↑2 为上升 2 位，↓1 为下降 1 位，持平为名次不变，"
                                  "新为上一期间不在本组名单中，上榜为上一期间未得分，—为本期间未得分。"))
    result.append(Column("单位", lambda s: s.unit.short, numeric=False, ranking=True,
                         note="报送单位简称；点击单位名称查看本期间得分的来源稿件和事件。"))
    if has_submissions:
        result.append(Column("报送", lambda s: str(s.tally.submitted or 0),
                             note="本期间向信息科报送的稿件篇数（按各单位报送登记）。"))
    result += [Column("刊用", lambda s: str(s.tally.published),
                      note="本期间本机关各期刊物刊发该单位稿件的篇次；联合报送的稿件各单位各计一篇。"),
               Column(EVENT_LABELS["forwarded"], lambda s: str(sum(s.tally.forwarded.values())),
                      note="信息科向上级报送该单位稿件的次数，报送到不同级别分别计次。")]
    for level in board.settings.levels.values():
        result.append(Column(f"{EVENT_LABELS['adopted']}·{level.name}", lambda s, level=level.id: str(s.tally.adopted[level]),
                             note=f"{level.name}刊物采用该单位稿件的次数，单条采用和综合采用都计；一篇稿件被几种刊物采用计几次。"))
    result.append(Column(EVENT_LABELS["instruction"], lambda s: str(sum(s.tally.instructions.values())),
                         note="该单位稿件获得领导批示的次数。"))
    if has_submissions:
        result.append(Column("采用率", lambda s: percent(s.tally.rate), note="刊用篇次 ÷ 报送篇数；未报送的单位不计。"))
    result.append(Column("得分", lambda s: one_decimal(s.tally.points), ranking=True,
                         note="按事件发生当日有效的计分规则（见下方计分规则表）计算；联合报送稿件的得分由各单位平分；保留一位小数。"))
    if cumulative:
        result.append(Column("累计得分", lambda s: one_decimal(board.tally(s.unit.id, Period("ytd", period.year, period.number)).points),
                             ranking=True, note=f"{period.year}年1月至本月的得分合计。"))
    if has_targets:
        result.append(Column("目标完成", lambda s: percent(s.target_share), ranking=True,
                             note="刊用篇次 ÷ 年度刊用目标（各单位的目标篇数）；未定目标的单位空白。"))
    return result


def csv_for_year(board: Leaderboard, year: int) -> str:
    """Every period of the year, every group, as Excel reads it (bulletin/spreadsheet.py)."""
    rows: list[list[str]] = []
    for period in board.periods(year):
        cols = columns(board, period, cumulative=period.kind == "month")
        rows.append(["期间", "分组", *(c.header for c in cols)])
        for group in board.settings.groups:
            for standing in board.table(period, group):
                rows.append([period.label, group, *(c.cell(standing) for c in cols)])
        rows.append([])
    return excel_csv(rows)


THIS = {"month": "本月", "quarter": "本季度", "year": "本年度", "ytd": "今年以来"}


def _units(names: list[str]) -> str:
    return "、".join(names)


def circular_summary(board: Leaderboard, period: Period) -> list[str]:
    """The sentences a circular opens with, as the office writes them: totals, who published most,
    who sent or printed nothing. One unit reads 共 N 篇, several 各 N 篇; an empty list reads 均."""
    this = THIS[period.kind]
    every = [s for group in board.settings.groups for s in board.table(period, group)]
    published = sum(1 for issues in board.archive.series_issues.values() for i in issues
                    if i.date.year == period.year and i.date.month in period.months for _ in i.item_ids)
    forwarded, adopted, instructed = (len(board.events_in(period, kind)) for kind in EVENT_TYPES)
    lines = [f"{period.label}，各期刊物共刊发稿件{published}篇次，向上级报送{forwarded}篇次，"
             f"被上级采用{adopted}篇次，获领导批示{instructed}次。"]
    top = max((s.tally.published for s in every), default=0)
    leaders = [s.unit.short for s in every if top and s.tally.published == top]
    if len(leaders) == 1:
        lines.append(f"刊用稿件最多的单位是{leaders[0]}，共{top}篇。")
    elif leaders:
        lines.append(f"刊用稿件最多的单位是{_units(leaders)}，各{top}篇。")
    else:
        lines.append(f"{this}各单位均无稿件刊用。")
    if board.archive.content.submissions.get(period.year):
        silent = [s for s in every if not s.tally.submitted]
        if silent:
            line = f"未报送稿件的单位：{_units([s.unit.short for s in silent])}。"
            # A unit can top the 刊用 list and still be here: an issue prints items sent in earlier months.
            earlier = [s.unit.short for s in silent if s.tally.published]
            if len(earlier) == 1:
                line += f"其中{earlier[0]}{this}刊用的稿件系此前报送。"
            elif earlier:
                line += f"其中{_units(earlier)}{this}刊用的稿件均系此前报送。"
            lines.append(line)
        else:
            lines.append(f"{this}各单位均报送了稿件。")
    idle = [s.unit.short for s in every if not s.tally.published]
    if idle and leaders:
        lines.append(f"无稿件刊用的单位：{_units(idle)}。")
    elif leaders:
        lines.append(f"{this}各单位均有稿件刊用。")
    return lines


def circular_number(board: Leaderboard, period: Period) -> str:
    """文号 from bulletin.yml's pattern: {year} and {month} replaced, nothing else interpreted."""
    return board.settings.circular_number.replace("{year}", str(period.year)).replace("{month}", str(period.number))


def circular_date(board: Leaderboard, period: Period) -> date:
    """Dated the month's last day, or the last day with data while the month is still running."""
    end = date(period.year, period.number, monthrange(period.year, period.number)[1])
    return min(end, board.last_day.get(period.year, end))


def figure(points: Fraction) -> str:
    """A rule's points: 3, 0.5, 12.5 (whole numbers without a decimal)."""
    return str(points.numerator) if points.denominator == 1 else one_decimal(points)


def rules_in_force(board: Leaderboard, period: Period) -> list[RuleSet]:
    """The rule sets any day of the period is scored by (usually one; two when rules change mid-period)."""
    return in_force_during(board.settings.scoring, period.start, period.end)


def level_row(levels, label: str, value_of: Callable[[str], Fraction | None]) -> list[str]:
    """A rates table's row: its label, then a figure per level (lowest first); — where none is set."""
    return [label, *(figure(v) if (v := value_of(level.id)) is not None else "—" for level in levels)]


def rules_table(board: Leaderboard, rules: RuleSet) -> tuple[list[str], list[list[str]]]:
    """One rule set as a table: a row per kind of event, a column per level; — where nothing is scored."""
    levels = list(board.settings.levels.values())
    header = ["事项", *(level.name for level in levels)]

    def row(label: str, points_of: Callable[[str], Fraction | None]) -> list[str]:
        return level_row(levels, label, points_of)

    rows = [row(f"{event_label('forwarded')}（每篇次）", rules.forwarded.get),
            row(event_label("adopted", "single"), rules.adopted.get)]
    for publication, points in rules.publications.items():
        rows.append(row(f"《{publication}》采用", lambda lv, points=points: points.get(lv, rules.adopted.get(lv))))
    if rules.combined != 1:
        rows.append(row("综合采用", lambda lv: rules.adopted[lv] * rules.combined if lv in rules.adopted else None))
    rows.append(row("领导批示（加分）", rules.instruction.get))
    return header, rows
