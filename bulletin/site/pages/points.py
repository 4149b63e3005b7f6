"""得分明细: per unit and year, every credit behind its points, by date, 50 to a page like every
listing, with its months, its rank and (on the first page) its points per item and its own points."""

from __future__ import annotations

from functools import cache, partial

from bulletin.cycle.circular import provisional_note
from bulletin.cycle.scoring import UNIT_KINDS, Credit, Leaderboard, Period
from bulletin.cycle.unit_points import points_by_item
from bulletin.labels import OUTCOME_LABELS, OWN_KIND_LABELS
from bulletin.site.pages.site_views import SiteViews, UnitYearCredits
from bulletin.site.pages.spec import PageSpec, Paged, paginate
from bulletin.site.urls import Links
from bulletin.tables.board_columns import rank_text


def _own_points(board: Leaderboard, unit_id: str, year: int, credits: list[Credit]) -> dict | None:
    """单位自身得分 on a unit's points page: its 约稿 due in the year (scored or still open) with the
    answer and points of each, its months under quota, its penalties; None when it has none."""
    scored = {c.request.id: c for c in credits if c.kind == "request"}
    requests = [{"title": request.title, "url": Links.request(request.id), "due": request.due,
                 "outcome": OUTCOME_LABELS[answer.outcome], "kind": answer.outcome,
                 "points": scored[request.id].points if request.id in scored else None,
                 "answers": [(item.title, Links.item(item), item.date) for item in answer.items]}
                for request, answer in reversed(board.requests.of_unit(unit_id)) if request.due.year == year]
    quota = [{"month": c.day.month, "submitted": c.quota[0], "owed": c.quota[1], "points": c.points}
             for c in credits if c.kind == "quota"]
    items = board.archive.items
    penalties = [{"date": c.day, "type": c.penalty.type, "note": c.penalty.note or "", "points": c.points,
                  "item": (items[c.penalty.item].title, Links.item(items[c.penalty.item])) if c.penalty.item in items else None}
                 for c in credits if c.kind == "penalty"]
    if not (requests or quota or penalties):
        return None
    total = board.tally(unit_id, Period("year", year))
    return {"requests": requests, "quota": quota, "penalties": penalties,
            "item_points": total.item_points, "own_points": total.points - total.item_points}


def _standing(board: Leaderboard, unit_year: UnitYearCredits, period: Period) -> dict:
    """The unit's rank in its group in the period, and the board's place for that group."""
    group = unit_year.group
    standing = board.standing(unit_year.unit.id, period)
    return {"rank": rank_text(standing), "ranked": standing.ranked, "size": len(board.table(period, group)), "group": group,
            "board": Links.period(period) + "#" + Links.group_anchor(board.settings.groups, group)}


def _lazy(site: SiteViews, url: str, title: str, year: int, make, crumb: str = "") -> PageSpec:
    """A points page keyed by its year's scoring (period_reads.py), its context made only to render it."""
    return PageSpec(url, "bulletin/points.html", title, crumb=crumb, reads=("points", site.period_reads.year(year)),
                    make_context=cache(make), recheck=True)


def _shown(site: SiteViews, unit_year: UnitYearCredits, period: Period, page: Paged, mine: list[Credit], total, **rest) -> dict:
    """What a year's and a month's points page both show, and `rest`."""
    board, unit = site.board, unit_year.unit
    return {"unit": unit, "year": period.year, "period": period, "provisional": provisional_note(board, period), "pager": page.pager,
            "standing": _standing(board, unit_year, period), "by_item": points_by_item(mine) if page.pager.number == 1 else [],
            "own_kinds": [kind for kind in UNIT_KINDS if any(c.kind == kind for c in mine)],   # the months table's columns
            "own_labels": OWN_KIND_LABELS, "quota_scored": bool(unit.quota and board.archive.content.submissions.get(period.year)),
            "total": total, "levels": site.rows.level_names(),
            "series_names": {s: series.name for s, series in board.settings.series.items()}, **rest}


def _unit_year_context(site: SiteViews, unit_year: UnitYearCredits, page: Paged) -> dict:
    board, starts = site.board, site.points.month_starts
    unit, year, mine = unit_year.unit, unit_year.year, unit_year.credits
    months = [(m, board.tally(unit.id, Period("month", year, m)), Links.unit_month_points(unit.id, year, m) if (unit.id, year, m) in starts else None)
              for m in board.months(year)]
    # (month, its credits on this page, continued from the page before, the month's total)
    sections = [(month, [c for c in page.entries if c.day.month == month], not starts[(unit.id, year, month)].startswith(page.url + "#"),
                 months[month - 1][1]) for month in sorted({c.day.month for c in page.entries})]
    return _shown(site, unit_year, Period("year", year), page, mine, board.tally(unit.id, Period("year", year)),
                  sections=sections, months=months, own=_own_points(board, unit.id, year, mine) if page.pager.number == 1 else None)


def _unit_year_pages(site: SiteViews, unit_year: UnitYearCredits) -> list[PageSpec]:
    unit, year = unit_year.unit, unit_year.year
    return [_lazy(site, page.url, page.pager.title(f"{unit.short}{year}年得分明细"), year, partial(_unit_year_context, site, unit_year, page))
            for page in paginate(unit_year.credits, Links.unit_points(unit.id, year))]


def _unit_month_context(site: SiteViews, unit_year: UnitYearCredits, period: Period, mine: list[Credit], page: Paged) -> dict:
    total = site.board.tally(unit_year.unit.id, period)
    return _shown(site, unit_year, period, page, mine, total,
                  sections=[(period.number, page.entries, page.pager.number > 1, total)], months=[], own=None)


def _unit_month_pages(site: SiteViews, unit_year: UnitYearCredits) -> list[PageSpec]:
    """A page per month in which the unit has credits: the month's events, its rank in the month,
    its points per item. The monthly ranking links each unit here (3 clicks from home)."""
    unit, year = unit_year.unit, unit_year.year
    by_month: dict[int, list[Credit]] = {}
    for credit in unit_year.credits:
        by_month.setdefault(credit.day.month, []).append(credit)
    specs = []
    for month, mine in sorted(by_month.items()):
        period = Period("month", year, month)
        for page in paginate(mine, Links.unit_month_points(unit.id, year, month)):
            specs.append(_lazy(site, page.url, page.pager.title(f"{unit.short}{period.label}得分明细"), year,
                               partial(_unit_month_context, site, unit_year, period, mine, page), crumb=page.pager.crumb(f"{month}月")))
    return specs


def pages(site: SiteViews) -> list[PageSpec]:
    return [spec for unit_year in site.points.units
            for spec in _unit_year_pages(site, unit_year) + _unit_month_pages(site, unit_year)]
