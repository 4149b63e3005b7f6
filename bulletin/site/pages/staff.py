"""信息员 on the site: per year, each person's tasks and the month-end completion table (a column a
month: items written of items owed, issues edited of issues owed), the months missed, the items
short and the year-end outcome (bulletin/cycle/staff.py). The 年度考核 shows the outcome beside the
units (`assessment_rows`). An office without staff.yml gets none of it."""

from __future__ import annotations

from bulletin.cycle.scoring import Leaderboard
from bulletin.cycle.staff import StaffMonth, StaffYear, staff_years
from bulletin.site.pages.site_views import SiteViews
from bulletin.site.pages.spec import PageSpec
from bulletin.site.urls import Links


def staff_title(year: int) -> str:
    return f"{year}年度信息员任务完成情况"


def task_text(years: StaffYear) -> str:
    """每周2条、每月编刊2期."""
    member = years.member
    parts = [f"每周撰稿{member.items_per_week}条" if member.items_per_week else "",
             f"每月撰稿{member.items_per_month}条" if member.items_per_month else "",
             f"每月编刊{member.issues_per_month}期" if member.issues_per_month else ""]
    return "、".join(part for part in parts if part)


def _cell(member, month: StaffMonth) -> dict:
    """稿9/8 刊2/2, or — for a month not judged (not over, or not in post all of it)."""
    parts = []
    if month.items_owed:
        parts.append(f"稿{month.items}/{month.items_owed}")
    if month.issues_owed:
        parts.append(f"刊{month.issues}/{month.issues_owed}")
    state = "未完成" if month.missed else "完成" if month.judged else "不考核"
    return {"month": month.month, "text": " ".join(parts) if month.judged else "—", "state": state, "missed": month.missed}


def assessment_rows(years: list[StaffYear]) -> list[dict]:
    """The rows the 年度考核 and the staff page share: who, the task, months missed, items short, outcome."""
    return [{"name": y.member.name, "role": y.member.role or "", "task": task_text(y), "judged": y.judged_months,
             "missed": y.missed_months, "short": y.items_short, "outcome": y.outcome or "", "label": y.label or "未评定",
             "reasons": "；".join(y.reasons), "months": [_cell(y.member, m) for m in y.months]} for y in years]


def pages(site: SiteViews) -> list[PageSpec]:
    board: Leaderboard = site.board
    if not board.archive.content.staff:
        return []
    specs = []
    for year in board.years:
        years = staff_years(board, year)
        if years:
            specs.append(PageSpec(Links.staff(year), "bulletin/staff.html", staff_title(year), {
                "year": year, "rows": assessment_rows(years), "months": [m.month for m in years[0].months],
                "assessment": Links.assessment(year), "as_of": board.today if board.today.year <= year else None},
                crumb="信息员"))
    return specs
