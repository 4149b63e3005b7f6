"""What pages show of the archive, worked out here and handed to templates in each page's context.

Templates ask nothing of the archive: a page's context holds every name, label and number it
prints, and only those of the things on that page. So a page's context is the whole of what it is
made from: the build cache vouches for a page by its context alone, and a change to one unit's
name re-renders the pages that print that name, not every page.

A row is made once a build per item or issue and shared by every listing it appears in.
"""

from __future__ import annotations

from dataclasses import dataclass

from bulletin.archive import Archive, Placement
from bulletin.model import Issue, Item, Settings

TITLES_IN_ROW = 3   # an issue's row lists its first three titles, each a link to its item


@dataclass(frozen=True)
class ItemRow:
    """An item as a listing shows it: title, units, date and the issues that printed it."""

    item: Item
    names: dict[str, str]              # unit id -> short name, for the item's units
    printed: tuple[tuple[Issue, str], ...]  # (issue, its label), in the order the item appeared


@dataclass(frozen=True)
class IssueRow:
    """An issue as a listing shows it: its label, 总第M期, date and its first items (linked by title)."""

    issue: Issue
    label: str
    total: int | None
    items: tuple[Item, ...]


class Views:
    def __init__(self, archive: Archive):
        self.archive = archive
        self._item_rows: dict[str, ItemRow] = {}
        self._issue_rows: dict[str, IssueRow] = {}

    def row(self, entry: Item | Issue) -> ItemRow | IssueRow:
        return self.issue_row(entry) if isinstance(entry, Issue) else self.item_row(entry)

    def item_row(self, item: Item) -> ItemRow:
        row = self._item_rows.get(item.id)
        if row is None:
            printed = tuple((p.issue, self.archive.label(p.issue)) for p in self.archive.issues_of(item))
            row = self._item_rows[item.id] = ItemRow(item, self.unit_names(item.units), printed)
        return row

    def issue_row(self, issue: Issue) -> IssueRow:
        row = self._issue_rows.get(issue.key)
        if row is None:
            items = tuple(self.archive.issue_items(issue)[:TITLES_IN_ROW])
            row = self._issue_rows[issue.key] = IssueRow(issue, self.archive.label(issue), self.archive.total(issue), items)
        return row

    def unit_names(self, unit_ids) -> dict[str, str]:
        """Never from a set: a page's context is digested in order, and a set's order changes
        from one process to the next."""
        return {unit_id: self.archive.unit_name(unit_id) for unit_id in unit_ids}

    def labels(self, issues) -> dict[str, str]:
        return {issue.key: self.archive.label(issue) for issue in issues}

    def level_names(self) -> dict[str, str]:
        return {level_id: level.name for level_id, level in self.archive.settings.levels.items()}

    def issue_page(self, issue: Issue) -> dict:
        """The issue as printed: its items, masthead numbers and colophon."""
        items = self.archive.issue_items(issue)
        return {"issue_items": items, "issue_total": self.archive.total(issue), "series_name": self.archive.series_name(issue),
                "unit_names": self.unit_names(dict.fromkeys(u for item in items for u in item.units)),
                "distribution": self.archive.distribution(issue)}

    def item_page(self, item: Item) -> dict:
        placements: list[Placement] = self.archive.issues_of(item)
        return {"placements": placements, "labels": self.labels(p.issue for p in placements),
                "unit_names": self.unit_names(item.units),
                "topic_names": {t: self.archive.topics[t].name for t in item.topics},
                "levels": self.level_names() if item.events else {},
                "event_columns": event_columns(item),
                "related_rows": [self.item_row(other) for other in self.archive.related(item)]}


def event_columns(item: Item) -> dict[str, bool]:
    """Which of the events table's optional columns have anything in them: an empty column is not shown."""
    return {"publication": any(e.publication or e.issue or e.leader for e in item.events),
            "text": any(e.text for e in item.events)}


def office(settings: Settings) -> dict:
    """What every page prints of the office (its name and markings in the footer, its series' feeds
    in the head): the same on every page, so it is part of the build's global fingerprint rather
    than any page's context."""
    return {"publisher": settings.publisher, "markings": list(settings.markings),
            "site_name": settings.site.name, "site_description": settings.site.description,
            "series": {series_id: series.name for series_id, series in settings.series.items()}}
