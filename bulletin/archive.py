"""The published record and its indexes: what the site, the CLI and scoring read.

Only approved items are here; an item that is approved but not yet in any issue is published as an
item (its events still count upward) and simply lists no issue. Every index is built once, in
linear time, so a ten-year archive costs no more per item than a sample.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from bulletin.labels import issue_label
from bulletin.model import Content, Issue, Item, Topic, Unit
from bulletin.numbering import print_order, running_totals


def newest_first(item: Item):
    return (-item.date.toordinal(), item.id)


@dataclass(frozen=True)
class Placement:
    """An item as printed in one issue: its position and neighbours there."""

    issue: Issue
    position: int
    previous: Item | None
    next: Item | None


class Archive:
    def __init__(self, content: Content):
        self.content = content
        self.settings = content.settings
        self.units = content.units
        self.topics = content.topics
        self.items: dict[str, Item] = {i.id: i for i in content.items.values() if i.approved}
        self.series_issues: dict[str, list[Issue]] = {s: [] for s in self.settings.series}
        for issue in sorted(content.issues, key=print_order):
            self.series_issues[issue.series].append(issue)
        self.totals = self._derive_totals()
        self.placements: dict[str, list[Placement]] = defaultdict(list)
        for issues in self.series_issues.values():
            for issue in issues:
                printed = self.issue_items(issue)
                for position, item in enumerate(printed):
                    before = printed[position - 1] if position else None
                    after = printed[position + 1] if position + 1 < len(printed) else None
                    self.placements[item.id].append(Placement(issue, position + 1, before, after))

    def _derive_totals(self) -> dict[str, int | None]:
        """总第M期 for every main-run issue: as written, else one more than the issue before it."""
        totals: dict[str, int | None] = {}
        for issues in self.series_issues.values():
            totals.update((issue.key, issue.total) for issue in issues if issue.supplement)
            totals.update((issue.key, total) for issue, total, _ in running_totals(issues))
        return totals

    # -- issues --------------------------------------------------------------------------------

    def total(self, issue: Issue) -> int | None:
        return self.totals[issue.key]

    def issue_items(self, issue: Issue) -> list[Item]:
        return [self.items[item_id] for item_id in issue.item_ids]

    def series_name(self, issue: Issue) -> str:
        return self.settings.series[issue.series].name

    def label(self, issue: Issue) -> str:
        """《政务信息》2026年第3期: the one way an issue is named."""
        return issue_label(self.series_name(issue), issue.year, issue.number, issue.supplement)

    def distribution(self, issue: Issue) -> dict[str, str]:
        return issue.distribution if issue.distribution is not None else self.settings.series[issue.series].distribution

    def adjacent_issues(self, issue: Issue) -> tuple[Issue | None, Issue | None]:
        issues = self.series_issues[issue.series]
        index = issues.index(issue)
        return (issues[index - 1] if index else None, issues[index + 1] if index + 1 < len(issues) else None)

    @cached_property
    def issues_newest_first(self) -> list[Issue]:
        every = [issue for issues in self.series_issues.values() for issue in issues]
        return sorted(every, key=lambda i: (i.date, i.series, i.number), reverse=True)

    def latest_issue(self, series: str) -> Issue | None:
        issues = self.series_issues[series]
        return issues[-1] if issues else None

    @cached_property
    def series_years(self) -> dict[str, dict[int, list[Issue]]]:
        """Per series, per year (newest year first), its issues in order."""
        result: dict[str, dict[int, list[Issue]]] = {}
        for series, issues in self.series_issues.items():
            years: dict[int, list[Issue]] = defaultdict(list)
            for issue in issues:
                years[issue.year].append(issue)
            result[series] = dict(sorted(years.items(), reverse=True))
        return result

    # -- indexes -------------------------------------------------------------------------------

    def _index(self, keys_of) -> dict:
        index: dict = defaultdict(list)
        for item in self.items_newest_first:
            for key in keys_of(item):
                index[key].append(item)
        return dict(index)

    @cached_property
    def items_newest_first(self) -> list[Item]:
        return sorted(self.items.values(), key=newest_first)

    @cached_property
    def by_unit(self) -> dict[str, list[Item]]:
        """Items each unit submitted, alone or jointly, newest first."""
        return self._index(lambda item: item.units)

    @cached_property
    def by_topic(self) -> dict[str, list[Item]]:
        return self._index(lambda item: item.topics)

    @cached_property
    def by_category(self) -> dict[str, list[Item]]:
        return self._index(lambda item: [item.category])

    @cached_property
    def years(self) -> list[int]:
        """Years with published issues or items, newest first."""
        found = {issue.year for issues in self.series_issues.values() for issue in issues}
        found.update(item.date.year for item in self.items.values())
        return sorted(found, reverse=True)

    @cached_property
    def issues_by_month(self) -> dict[int, dict[int, list[Issue]]]:
        """Year -> month -> issues of every series, in date order."""
        result: dict[int, dict[int, list[Issue]]] = defaultdict(lambda: defaultdict(list))
        for issue in reversed(self.issues_newest_first):
            result[issue.year][issue.date.month].append(issue)
        return result

    def count_by_year(self, items: list[Item]) -> dict[int, int]:
        counts: dict[int, int] = defaultdict(int)
        for item in items:
            counts[item.date.year] += 1
        return dict(sorted(counts.items(), reverse=True))

    def unit_topic_years(self, unit_id: str) -> list[tuple[int, list[tuple[Topic, int]]]]:
        """Per year, newest first: the unit's topics with item counts, most items first (then topic order)."""
        counts: dict[int, dict[str, int]] = {}
        for item in self.by_unit.get(unit_id, []):
            for topic_id in item.topics:
                year = counts.setdefault(item.date.year, {})
                year[topic_id] = year.get(topic_id, 0) + 1
        return [(year, sorted(((self.topics[t], n) for t, n in counts[year].items()), key=lambda tn: (-tn[1], tn[0].order)))
                for year in sorted(counts, reverse=True)]

    def topic_units(self, topic_id: str) -> list[tuple[Unit, int]]:
        """The units writing on a topic, most items first (then units.yml order)."""
        counts: dict[str, int] = {}
        for item in self.by_topic.get(topic_id, []):
            for unit_id in item.units:
                counts[unit_id] = counts.get(unit_id, 0) + 1
        return sorted(((self.units[u], n) for u, n in counts.items()), key=lambda un: (-un[1], un[0].order))

    # -- item neighbourhood --------------------------------------------------------------------

    @cached_property
    def _topic_timelines(self) -> dict[str, tuple[list[int], list[Item]]]:
        timelines = {}
        for topic, items in self.by_topic.items():
            ordered = sorted(items, key=lambda i: (i.date, i.id))
            timelines[topic] = ([i.date.toordinal() for i in ordered], ordered)
        return timelines

    def related(self, item: Item, limit: int = 5) -> list[Item]:
        """Items sharing a topic, nearest in time: a bisection per topic, not a scan of the archive."""
        day = item.date.toordinal()
        candidates: dict[str, tuple[int, Item]] = {}
        for topic in item.topics:
            days, ordered = self._topic_timelines.get(topic, ([], []))
            at = bisect.bisect_left(days, day)
            for other in ordered[max(0, at - limit - 1): at + limit + 1]:
                if other is not item:
                    candidates[other.id] = (abs(other.date.toordinal() - day), other)
        nearest = sorted(candidates.values(), key=lambda pair: (pair[0], pair[1].id))
        return [other for _, other in nearest[:limit]]

    def issues_of(self, item: Item) -> list[Placement]:
        return self.placements.get(item.id, [])

    def unit_name(self, unit_id: str) -> str:
        return self.units[unit_id].short
