"""年度考核: a page per year with the assessment (bulletin/cycle/assessment.py), laid out to be printed.

Per group, a table of the year's figures with the 先进单位 marked; then the 先进单位 named per group
(full names, in rank order), the 先进个人, and how it was worked out (the rules in force, ties). The
cells are worked out here as text, so the page's context is plain data in a fixed order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from bulletin.cycle.assessment import AssessedUnit, Assessment, assess
from bulletin.tables.board_columns import UNIT, rank_text, rules_context
from bulletin.labels import EVENT_LABELS, cn_date
from bulletin.cycle.scoring import Leaderboard, Period, one_decimal, percent
from bulletin.export import assessment_file
from bulletin.site.pages.site_views import SiteViews
from bulletin.site.pages.staff import assessment_rows
from bulletin.site.pages.spec import DataFile, PageSpec
from bulletin.site.urls import URLS, Links

TEMPLATE = "bulletin/assessment.html"
ADVANCED = "先进单位"
SHORT_GROUP = 25   # rows of a group's table kept on one printed page; a longer one breaks between rows
NOT_ELIGIBLE = "不参评"
BARRED = "一票否决"   # bulletin/cycle/eligibility.py


def assessment_title(year: int) -> str:
    return f"{year}年度信息工作考核结果"


@dataclass(frozen=True)
class AssessColumn:
    key: str                              # what the template tests (unit: the row's header, linked)
    label: str                            # data-col on the page and the legend's term: the header, with its parent's name
    header: str
    cell: Callable[[AssessedUnit], str]
    note: str
    parent: str = ""                      # a header spanning several columns (约稿)


def _requests_cell(row: AssessedUnit) -> str:
    tally = row.standing.tally
    return f"{tally.requests_answered}/{tally.requests_asked}" if tally.requests_asked else ""


def _verdict(row: AssessedUnit) -> str:
    return ADVANCED if row.advanced else BARRED if row.bars else "" if row.eligible else NOT_ELIGIBLE


def columns(board: Leaderboard, assessment: Assessment) -> list[AssessColumn]:
    """目标完成率 where a unit has a target; 约稿 where a unit was asked; 未完成定额月数 where quotas were
    scored (a year with submissions); 扣分 where there is any; 评定 where bulletin.yml sets awards."""
    rows = [row for group in assessment.groups for row in group.units]
    tallies = [row.standing.tally for row in rows]
    quotas = bool(board.archive.content.submissions.get(assessment.year)) and any(row.standing.unit.quota for row in rows)
    cols = [AssessColumn("rank", "名次", "名次", lambda r: "—" if r.zeroed else rank_text(r.standing),
                         "组内按全年得分排名，得分相同名次相同（如 1、2、2、4）；未得分或因扣分得分为负的单位不排名次（—）。"),
            AssessColumn(UNIT, "单位", "单位", lambda r: r.standing.unit.short, "报送单位简称。"),
            AssessColumn("published", "刊用", "刊用", lambda r: str(r.standing.tally.published),
                         "全年本机关各期刊物刊发该单位稿件的篇次；联合报送的稿件各单位各计一篇。"),
            AssessColumn("forwarded", "上报", EVENT_LABELS["forwarded"], lambda r: str(sum(r.standing.tally.forwarded.values())),
                         "信息科向上级报送该单位稿件的次数。"),
            AssessColumn("adopted", "采用", EVENT_LABELS["adopted"], lambda r: str(sum(r.standing.tally.adopted.values())),
                         "各级上级刊物采用该单位稿件的次数（单条、综合采用都计）。"),
            AssessColumn("instruction", "批示", EVENT_LABELS["instruction"], lambda r: str(sum(r.standing.tally.instructions.values())),
                         "该单位稿件获领导批示的次数。")]
    if any(row.standing.unit.target for row in rows):
        cols.append(AssessColumn("target_share", "目标完成率", "目标完成率", lambda r: percent(r.standing.target_share),
                                 "刊用篇次 ÷ 年度刊用目标；未定目标的单位空白。"))
    if any(t.requests_asked for t in tallies):
        cols += [AssessColumn("request.answered", "约稿已报/应报", "已报/应报", _requests_cell,
                              "约稿按报送期限当日判定：已报含逾期报送，应报为期限在本年度内、发给该单位的约稿数。", parent="约稿"),
                 AssessColumn("request.missed", "约稿未报", "未报", lambda r: str(r.standing.tally.requests["missed"]) if r.standing.tally.requests_asked else "",
                              "到报送期限仍未报送的约稿数（期限后补报的按逾期报送计）。", parent="约稿")]
    if quotas:
        cols.append(AssessColumn("quota_missed", "未完成定额月数", "未完成定额月数", lambda r: str(r.standing.tally.quota_missed) if r.standing.unit.quota else "",
                                 "报送篇数少于月度定额的月份数；未定定额的单位空白。"))
    if any(t.penalties for t in tallies):   # as on the leaderboard: the penalties' points (quota months are counted apart)
        cols.append(AssessColumn("penalty", "扣分", "扣分", lambda r: one_decimal(r.standing.tally.points_by_kind["penalty"]) if r.standing.tally.penalties else "",
                                 "迟报、漏报瞒报等扣分事项的分值合计（按扣分当日有效的规则），已计入得分；无扣分的单位空白。"))
    followups = any(t.followups for t in tallies)   # 批示督办 (bulletin/cycle/followups.py), where any was decided
    if followups:
        cols.append(AssessColumn("followup", "督办逾期未反馈", "督办逾期", lambda r: str(r.standing.tally.followups["overdue"]),
                                 "反馈期限在本年度内、到期仍未反馈落实情况的领导批示督办件数（按反馈期限当日的规则计分，已计入得分）。"))
    # What the page is for comes first, after the unit: on a phone the figures behind it scroll.
    verdict = [AssessColumn("points", "得分", "得分", lambda r: one_decimal(0 if r.zeroed else r.standing.tally.points),
                            f"全年得分合计（稿件得分、约稿得分、未完成定额{'、扣分和批示督办' if followups else '和扣分'}），保留一位小数。")]
    if assessment.awards is not None:
        barred = f"“{BARRED}”为按评先规则不得评为先进的单位（原因见表下说明）；" if any(row.bars for row in rows) else ""
        verdict.append(AssessColumn("verdict", "评定", "评定", _verdict,
                                    f"“{ADVANCED}”为本年度评定的先进单位；{barred}“{NOT_ELIGIBLE}”为本年度已不存在的单位。"))
    return cols[:2] + verdict + cols[2:]


def _head(cols: list[AssessColumn]) -> tuple[list[dict], list[str]]:
    """The table head: a first row of headers (a parent spans its columns) and the second row's."""
    first: list[dict] = []
    second: list[str] = []
    nested = any(col.parent for col in cols)
    for col in cols:
        if col.parent:
            if first and first[-1]["label"] == col.parent and first[-1]["parent"]:
                first[-1]["colspan"] += 1
            else:
                first.append({"label": col.parent, "colspan": 1, "rowspan": 1, "parent": True})
            second.append(col.header)
        else:
            first.append({"label": col.header, "colspan": 1, "rowspan": 2 if nested else 1, "parent": False})
    return first, second


def _unit_notes(year: int, rows: list[AssessedUnit]) -> list[str]:
    """Units that came or went during the year (part-year figures), or were gone before it."""
    notes = []
    for row in rows:
        unit = row.standing.unit
        if not row.eligible:
            notes.append(f"{unit.short}已于{cn_date(unit.until)}撤并，本年度得分来自其此前报送稿件被采用，列出备查，不参加评先。"
                         if unit.until else f"{unit.short}本年度尚未设立，不参加评先。")
        elif unit.until and unit.until.year == year:
            notes.append(f"{unit.short}于{cn_date(unit.until)}撤并，所列为撤并前的数据（撤并后其稿件被采用的得分也计入）。")
        elif unit.since and unit.since.year == year:
            notes.append(f"{unit.short}于{cn_date(unit.since)}设立，所列为设立后的数据。")
    return notes


def _places_text(places: int, named: list[str], awarded: bool) -> str:
    if not awarded:
        return ""
    if not places:
        return "本组不设先进单位名额。"
    if not named:
        return "本组没有得分为正的单位，不评定先进单位。"
    return "、".join(named) + "。"


def assessment_context(board: Leaderboard, assessment: Assessment) -> dict:
    year = assessment.year
    cols = columns(board, assessment)
    head, subhead = _head(cols)
    awarded = assessment.awards is not None
    groups = []
    for group in assessment.groups:
        named = [row.standing.unit.name for row in group.advanced]
        groups.append({
            "group": group.group, "anchor": Links.group_anchor(board.settings.groups, group.group), "places": group.places,
            "rows": [{"unit": row.standing.unit.id, "points_url": Links.unit_points(row.standing.unit.id, year),
                      "advanced": row.advanced, "cells": [(col.key, col.label, col.cell(row)) for col in cols]} for row in group.units],
            "notes": _unit_notes(year, group.units) + bar_notes(group.units), "named": named,
            "verdict": _places_text(group.places, named, awarded)})
    persons = [{"rank": s.rank, "name": s.author.name, "unit": s.author.unit.name, "unit_short": s.author.unit.short,
                "points": one_decimal(s.tally.points)} for s in assessment.authors]
    return {
        "year": year, "publisher": board.settings.publisher, "as_of": assessment.as_of, "awarded": awarded,
        "head": head, "subhead": subhead, "legend": [(col.label, col.note) for col in cols], "groups": groups,
        "persons": persons, "person_places": assessment.places, "rules": rules_context(board, Period("year", year)),
        "json": URLS["assessment_json"], "short_group": SHORT_GROUP,
        "years": [(y, Links.assessment(y)) for y in board.years],
        "staff": assessment_rows(assessment.staff), "staff_url": Links.staff(year),   # 信息员 (pages/staff.py), where any
    }


def bar_notes(rows: list[AssessedUnit]) -> list[str]:
    """What bars each barred unit (一票否决, bulletin/cycle/eligibility.py), under its group's table."""
    return [f"{row.standing.unit.short}：{'；'.join(bar.reason for bar in row.bars)}。不参加评先。" for row in rows if row.bars]


def pages(site: SiteViews) -> list[PageSpec]:
    """One page per year with anything to count, newest first."""
    board = site.board
    return [PageSpec(Links.assessment(year), TEMPLATE, assessment_title(year),
                     assessment_context(board, assess(board, site.authors, year)), crumb="年度考核")
            for year in board.years]


def data(site: SiteViews) -> list[DataFile]:
    return [DataFile(URLS["assessment_json"], lambda: assessment_file(site.board))]
