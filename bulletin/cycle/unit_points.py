"""What a unit's points add up to, read off the leaderboard: its monthly trend and its points per item."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from fractions import Fraction

from bulletin.cycle.scoring import Credit, Leaderboard, Period
from bulletin.model import Item


def trend(board: Leaderboard, unit_id: str) -> list[tuple[str, float]]:
    """Points per month over the last two years with scores, oldest first: the unit page's chart."""
    months = [(year, month) for year in sorted(board.years)[-2:] for month in board.months(year)]
    return [(f"{year}年{month}月", float(board.tally(unit_id, Period("month", year, month)).points)) for year, month in months]


@dataclass(frozen=True)
class ItemPoints:
    """One item's share of a unit's year: what a unit head asks first ("which item earned it?")."""

    item: Item
    points: Fraction   # shown with one decimal
    events: int        # credits behind it (刊用, 上报, 采用, 批示)
    sources: str = ""  # the same in words: 刊用1次、采用2次


SOURCE_WORDS = {"published": "刊用", "forwarded": "上报", "adopted": "采用", "instruction": "批示"}


def _in_words(kinds: Counter) -> str:
    """刊用1次、上报1次、采用2次: what earned an item its points, in the leaderboard's words."""
    return "、".join(f"{word}{kinds[kind]}次" for kind, word in SOURCE_WORDS.items() if kinds[kind])


def points_by_item(credits: list[Credit]) -> list[ItemPoints]:
    """A unit's credits of a year summed per item, most points first (then oldest item first)."""
    totals: dict[str, list] = {}
    for credit in credits:   # in date order, so ties keep the item that scored first
        if credit.item is None:
            continue
        entry = totals.get(credit.item.id)
        if entry is None:
            entry = totals[credit.item.id] = [credit.item, 0, 0, Counter()]
        entry[1] += credit.points
        entry[2] += 1
        entry[3][credit.kind] += 1
    rows = [ItemPoints(item, points, events, _in_words(kinds)) for item, points, events, kinds in totals.values()]
    return sorted(rows, key=lambda row: -row.points)
