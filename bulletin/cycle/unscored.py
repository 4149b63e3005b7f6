"""Years before the first scoring rule: said plainly, never scored in silence (issue 31, point 5).

An event scores by the rule set in force on its date (bulletin/cycle/scoring.py); before the first
set's `since` there is none, so an office that imports its archive sees every unit at 0.0 for those
years. Those years are not scored by the first rule on the quiet: a rule set that was not in force
would rewrite the office's history (its old circulars were scored otherwise, or not at all). Instead
`bulletin check` and those years' leaderboard pages say which years score nothing and why, and how to
score them by the first rule if the office so decides: write an earlier `since`.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from datetime import date

from bulletin.archive import Archive
from bulletin.model import in_force


@dataclass(frozen=True)
class UnscoredYear:
    year: int
    items: int      # approved items dated in the year
    printed: int    # placements in the year's issues
    events: int     # upward events (上报, 采用, 批示) dated in the year


_FOUND: "weakref.WeakKeyDictionary[Archive, list[UnscoredYear]]" = weakref.WeakKeyDictionary()


def unscored_years(archive: Archive) -> list[UnscoredYear]:
    """The years with items, issues or events but no rule set in force on any day of them, oldest first:
    counted once an archive (every unscored year's leaderboard pages ask)."""
    if archive not in _FOUND:
        _FOUND[archive] = _unscored_years(archive)
    return _FOUND[archive]


def _unscored_years(archive: Archive) -> list[UnscoredYear]:
    rules = archive.settings.scoring
    found: dict[int, list[int]] = {}
    for item in archive.items.values():
        found.setdefault(item.date.year, [0, 0, 0])[0] += 1
        for event in item.events:
            found.setdefault(event.date.year, [0, 0, 0])[2] += 1
    for issues in archive.series_issues.values():
        for issue in issues:
            found.setdefault(issue.date.year, [0, 0, 0])[1] += len(issue.item_ids)
    return [UnscoredYear(year, *counts) for year, counts in sorted(found.items())
            if in_force(rules, date(year, 12, 31)) is None]


def _years(years: list[int]) -> str:
    """2019年、2021年 or 2019年至2024年 (a run)."""
    if len(years) > 2 and years == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}年至{years[-1]}年"
    return "、".join(f"{year}年" for year in years)


def unscored_note(archive: Archive) -> str | None:
    """What `bulletin check` adds after its summary: which years score nothing, why, and the way out."""
    years = unscored_years(archive)
    if not years:
        return None
    rules = archive.settings.scoring
    counts = (f"稿件 {sum(y.items for y in years)} 篇，刊用 {sum(y.printed for y in years)} 篇次，"
              f"上报、采用、批示 {sum(y.events for y in years)} 次")
    if not rules:
        return (f"提示：bulletin.yml 没有计分规则（scoring），{_years([y.year for y in years])}（{counts}）均不计分，"
                f"采用情况通报中各单位为 0 分、不排名次。")
    since = rules[0].since
    return (f"提示：{_years([y.year for y in years])}不计分（{counts}）：最早的计分规则自{since.year}年{since.month}月{since.day}日起执行，"
            f"此前没有规则，采用情况通报中这些年份各单位为 0 分、不排名次。如这些年份也按该规则计分，"
            f"请把 bulletin.yml 中第一套规则的 since 改为 {years[0].year}-01-01。")


def year_note(archive: Archive, year: int) -> str | None:
    """The same, for one year's leaderboard pages: None for a year that is scored."""
    if in_force(archive.settings.scoring, date(year, 12, 31)) is not None:
        return None   # scored: no need to count the archive (every leaderboard page asks)
    if year not in {y.year for y in unscored_years(archive)}:
        return None
    rules = archive.settings.scoring
    if not rules:
        return "没有计分规则（bulletin.yml 的 scoring），各单位不计分，不排名次。"
    since = rules[0].since
    return (f"{year}年没有计分规则：最早的计分规则自{since.year}年{since.month}月{since.day}日起执行，"
            f"各单位本年不计分，不排名次。")
