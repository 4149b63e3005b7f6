"""A leaderboard year's periods as the cycle's pages show them: tabs, and each month's 通报 by title."""

from __future__ import annotations

from dataclasses import dataclass

from bulletin.cycle.circular import circular_date, circular_number, issued_circulars
from bulletin.cycle.scoring import Leaderboard, Period
from bulletin.site.urls import Links


@dataclass(frozen=True)
class Tab:
    label: str
    url: str
    current: bool


def period_tabs(board: Leaderboard, year: int, current: Period, link=Links.period) -> list[Tab]:
    """The year's periods as tabs (全年, each quarter, each month), each linking to `link(period)`."""
    shown = [p for p in board.periods(year) if p.kind != "ytd"]
    labels = {"year": "全年", "quarter": "", "month": ""}
    return [Tab(labels[p.kind] or p.label.removeprefix(f"{year}年"), link(p), p == current) for p in shown]


def circular_title(period: Period) -> str:
    return f"关于{period.label}信息采用情况的通报"


def latest_circular(board: Leaderboard) -> dict | None:
    """The home page's 最新通报: the newest issued circular, never a month still running."""
    period = next(iter(issued_circulars(board)), None)
    if period is None:
        return None
    return {"title": circular_title(period), "label": period.label, "url": Links.period(period), "number": circular_number(board, period),
            "date": circular_date(board, period)}
