"""The leaderboard's columns, defined once for the site, the CSV export and `bulletin stats`.

Every place that shows a leaderboard table takes its headers and cells from `columns`, so the
page, the spreadsheet and the terminal cannot disagree. Each column carries the sentence that
explains it: the page prints it under the table, so nothing depends on a hover tooltip. The
circular's sentences above these tables are bulletin/cycle/circular.py's.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from fractions import Fraction
from typing import Callable

from bulletin.labels import EVENT_LABELS, event_label, own_rule_label
from bulletin.model import RuleSet, in_force_during
from bulletin.cycle.requests import LATE, MISSED, ON_TIME
from bulletin.cycle import followups as followup_cycle
from bulletin.cycle.scoring import Leaderboard, Period, Standing, figure, one_decimal, percent
from bulletin.tables.spreadsheet import excel_csv


UNIT = "unit"   # the key of the unit's column: the row's header, linked to its points, repeated first in every table


@dataclass(frozen=True)
class Column:
    """A table's column. Code and templates find a column by its `key` (ASCII, stable); the `header`
    is only printed, so renaming it (单位 to 报送单位) changes no link and no row header."""

    key: str
    header: str
    cell: Callable[[Standing], str]
    numeric: bool = True
    note: str = ""
    ranking: bool = False  # shown in the always-visible ranking table; the rest are details
    own: bool = False      # the unit's own points (约稿, 定额, 扣分): a table of their own beside the details


def split_tables(cols: list[Column]) -> tuple[list[Column], list[Column], list[Column]]:
    """A group's columns as the tables that show them, each narrow enough for a page or a sheet of A4:
    the ranking, the details (篇、次), and the unit's own points (none when no column is the unit's own).
    Every table but the ranking repeats 单位 first."""
    unit = [c for c in cols if c.key == UNIT]
    own = [c for c in cols if c.own]
    return ([c for c in cols if c.ranking], unit + [c for c in cols if not (c.ranking or c.own)], unit + own if own else [])


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
    """The rank as printed: a unit with no points (or below 0 by deductions) is not ranked (—), rather
    than tied for a place it did nothing to earn (every 0-point unit would otherwise read as 2nd after
    one scorer), and a penalised unit never reads 上榜."""
    return str(standing.rank) if standing.ranked else UNRANKED


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


def has_requests(board: Leaderboard, period: Period) -> bool:
    """Whether a 约稿 was decided in the period (due in it, and the due date past by the build date)."""
    return any(period.start <= r.due <= period.end and board.requests.decided(r) for r in board.requests.requests)


def has_quotas(board: Leaderboard, period: Period) -> bool:
    """Whether months under quota are scored in the period: the year has submission counts and a unit owes a quota."""
    return bool(board.archive.content.submissions.get(period.year)) and any(u.quota for u in board.archive.units.values())


def has_penalties(board: Leaderboard, period: Period) -> bool:
    return any(period.start <= p.date <= period.end for p in board.archive.content.penalties)


def columns(board: Leaderboard, period: Period, cumulative: bool = False) -> list[Column]:
    """报送 and 采用率 where the year has submissions; 目标完成率 where a unit has a target (yearly tables);
    名次变化 where the previous period has data; the unit's own points (约稿, 未完成定额月数, 扣分) where the
    period has any: a decided 约稿, a year with submissions and a unit with a quota, a recorded penalty."""
    has_submissions = bool(board.archive.content.submissions.get(period.year))
    has_targets = period.kind in ("year", "ytd") and any(u.target for u in board.archive.units.values())
    before = previous_period(board, period)
    result = [Column("rank", "排名", rank_text, ranking=True,
                     note="组内按得分排名，得分相同名次相同（如 1、2、2、4），同分按刊用篇次、再按单位顺序排列；未得分或因扣分得分为负的单位不排名次（—）。")]
    if before is not None:
        result.append(Column("rank_change", "名次变化", lambda s: rank_change(board, s, before), ranking=True,
                             note=f"与{before.label}组内名次相比：↑2 为上升 2 位，↓1 为下降 1 位，持平为名次不变，"
                                  "新为上一期间不在本组名单中，上榜为上一期间未得分，—为本期间未得分。"))
    result.append(Column(UNIT, "单位", lambda s: s.unit.short, numeric=False, ranking=True,
                         note="报送单位简称；点击单位名称查看本期间得分的来源稿件和事件。"))
    if has_submissions:
        result.append(Column("submitted", "报送", lambda s: str(s.tally.submitted or 0),
                             note="本期间向信息科报送的稿件篇数（按各单位报送登记）。"))
    result += [Column("published", "刊用", lambda s: str(s.tally.published),
                      note="本期间本机关各期刊物刊发该单位稿件的篇次；联合报送的稿件各单位各计一篇。"),
               Column("forwarded", EVENT_LABELS["forwarded"], lambda s: str(sum(s.tally.forwarded.values())),
                      note="信息科向上级报送该单位稿件的次数，报送到不同级别分别计次。")]
    for level in board.settings.levels.values():
        result.append(Column(f"adopted.{level.id}", f"{EVENT_LABELS['adopted']}·{level.name}", lambda s, level=level.id: str(s.tally.adopted[level]),
                             note=f"{level.name}刊物采用该单位稿件的次数，单条采用和综合采用都计；一篇稿件被几种刊物采用计几次。"))
    result.append(Column("instruction", EVENT_LABELS["instruction"], lambda s: str(sum(s.tally.instructions.values())),
                         note="该单位稿件获得领导批示的次数。"))
    if has_submissions:
        result.append(Column("rate", "采用率", lambda s: percent(s.tally.rate), note="本期间报送的稿件中已在本机关刊物刊用的篇数 ÷ 本期间报送篇数（报送登记少于稿件库中"
                                                                      "本期间的稿件时按稿件数计），不超过 100%；未报送的单位空白。"))
    own = own_columns(board, period)
    result += own
    result.append(Column("points", "得分", lambda s: one_decimal(s.tally.points), ranking=True,
                         note="按事件发生当日有效的计分规则（见下方计分规则表）计算；联合报送稿件的得分由各单位平分；"
                              + ("约稿、定额和扣分的得分（扣分为负）计入单位自身，不属于任何稿件；" if own else "")
                              + "保留一位小数。"))
    if cumulative:
        result.append(Column("points_ytd", "累计得分", lambda s: one_decimal(board.tally(s.unit.id, Period("ytd", period.year, period.number)).points),
                             ranking=True, note=f"{period.year}年1月至本月的得分合计。"))
    if has_targets:
        result.append(Column("target_share", "目标完成率", lambda s: percent(s.target_share), ranking=True,
                             note="刊用篇次 ÷ 年度刊用目标（各单位的目标篇数）；未定目标的单位空白。"))
    return result


REQUEST_COLUMNS = ((ON_TIME, "按时", "在报送期限当日或之前报送了约稿稿件"),
                   (LATE, "逾期", "过了报送期限才报送"),
                   (MISSED, "未报", "到报送期限仍未报送"))


def own_columns(board: Leaderboard, period: Period) -> list[Column]:
    """The unit's own points as detail columns: 约稿 counted on their due dates, months under quota, penalties."""
    result = []
    if has_requests(board, period):
        for outcome, short, meaning in REQUEST_COLUMNS:
            result.append(Column(f"request.{outcome}", f"约稿·{short}", lambda s, outcome=outcome: str(s.tally.requests[outcome]), own=True,
                                 note=f"报送期限在本期间内的约稿中，该单位{meaning}的次数（联合报送的稿件各单位都算报送；"
                                      "报送期限前已撤并的单位不计）。"))
    if has_quotas(board, period):
        result.append(Column("quota_missed", "未完成定额月数", lambda s: str(s.tally.quota_missed) if s.unit.quota else "", own=True,
                             note="有月度报送定额的单位，本期间报送篇数少于定额的月数（当月未登记报送的按0篇计，"
                                  "未结束的月份不计，月份结束后才判定）；未定定额的单位空白。"))
    if has_penalties(board, period):
        result.append(Column("penalty", "扣分", lambda s: one_decimal(s.tally.points_by_kind["penalty"]) if s.tally.penalties else "", own=True,
                             note="本期间迟报、漏报瞒报等扣分事项的分值合计（负数，按扣分当日有效的规则），已计入得分；"
                                  "无扣分的单位空白。"))
    result += followup_columns(board, period)
    return result


def followup_columns(board: Leaderboard, period: Period) -> list[Column]:
    """批示督办 (bulletin/cycle/followups.py): where a follow-up was due and decided in the period."""
    if not any(board.followups.decided(t.followup) for t in board.followups.due_in(period.start, period.end)):
        return []
    return [Column(f"followup.{outcome}", f"督办·{followup_cycle.LABELS[outcome]}",
                   lambda s, outcome=outcome: str(s.tally.followups[outcome]), own=True,
                   note=f"反馈期限在本期间内的领导批示督办事项中，该单位{followup_cycle.LABELS[outcome]}的件数"
                        "（按反馈期限当日有效的规则计分）。")
            for outcome in followup_cycle.SCORED]


_TABLES: "weakref.WeakKeyDictionary[Leaderboard, dict]" = weakref.WeakKeyDictionary()


def table_cells(board: Leaderboard, period: Period, cumulative: bool = False) -> tuple[list[Column], dict[str, list[list[str]]]]:
    """The period's columns and, per group, each standing's cells in column order (the group's table
    order): worked out once a board, as the period's page and the year's CSV show the same cells."""
    tables = _TABLES.setdefault(board, {})
    if (period, cumulative) not in tables:
        cols = columns(board, period, cumulative)
        tables[(period, cumulative)] = (cols, {group: [[c.cell(s) for c in cols] for s in board.table(period, group)]
                                               for group in board.settings.groups})
    return tables[(period, cumulative)]


def csv_for_year(board: Leaderboard, year: int) -> str:
    """Every period of the year, every group, as Excel reads it (bulletin/tables/spreadsheet.py)."""
    rows: list[list[str]] = []
    for period in board.periods(year):
        cols, cells = table_cells(board, period, cumulative=period.kind == "month")
        rows.append(["期间", "分组", *(c.header for c in cols)])
        for group in board.settings.groups:
            rows += [[period.label, group, *row] for row in cells[group]]
        rows.append([])
    return excel_csv(rows)


def rules_in_force(board: Leaderboard, period: Period) -> list[RuleSet]:
    """The rule sets any day of the period is scored by (usually one; two when rules change mid-period)."""
    return in_force_during(board.settings.scoring, period.start, period.end)


def level_row(levels, label: str, value_of: Callable[[str], Fraction | None]) -> list[str]:
    """A rates table's row: its label, then a figure per level (lowest first); — where none is set."""
    return [label, *(figure(v) if (v := value_of(level.id)) is not None else "—" for level in levels)]


def rules_table(board: Leaderboard, rules: RuleSet) -> tuple[list[str], list[list[str]]]:
    """One rule set's points by level as a table: a row per kind of event, a column per level; — where
    nothing is scored. A single value (约稿, 定额, 扣分) never sits under a level's column."""
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
    return header, rows   # the unit's own points are not by level: a table of their own (rules_context)


def rules_context(board: Leaderboard, period: Period) -> list[dict]:
    """The rule sets in force in the period as a page shows them (partials/board-rules.html): the
    leaderboard's pages and the 年度考核 alike."""
    return [{"since": rules.since, "published": figure(rules.published), "table": rules_table(board, rules),
             "own": [(label, figure(points)) for label, points in own_rules(rules)]} for rules in rules_in_force(board, period)]


def own_rules(rules: RuleSet) -> list[tuple[str, Fraction]]:
    """The rule set's points for the unit's own credits, where not 0: 约稿 by outcome, a month under quota, each penalty type."""
    own = [(own_rule_label("request", ON_TIME), rules.request_answered), (own_rule_label("request", LATE), rules.request_late),
           (own_rule_label("request", MISSED), rules.request_missed), (own_rule_label("quota"), rules.quota_missed),
           *((own_rule_label("penalty", penalty_type=kind), points) for kind, points in rules.penalties.items()),
           *((own_rule_label("followup", outcome), getattr(rules, f"followup_{rule}"))
             for outcome, rule in zip(followup_cycle.SCORED, ("done", "late", "missed"), strict=True))]
    return [(label, points) for label, points in own if points]
