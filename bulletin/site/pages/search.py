"""The 检索 page, with what it offers besides results: a year to pick, units to type ahead, and for a
query that finds nothing, the topics it may have meant; and what a query may name outright: an item by
its id, a circular by its 文号, an issue by its number."""

from __future__ import annotations

import json

from bulletin.archive import Archive
from bulletin.cycle.circular import circular_number, issued_circulars
from bulletin.site.pages.periods import circular_title
from bulletin.site.pages.site_views import SiteViews
from bulletin.site.pages.spec import DataFile, PageSpec
from bulletin.site.urls import URLS, Links


def _issue(archive: Archive, issue) -> dict:
    """What a reader may cite an issue by: [《政务信息》][2026年]第16期, 增刊第1期, 总第331期."""
    return {"series": archive.series_name(issue), "year": issue.year, "number": issue.number,
            "supplement": issue.supplement, "total": archive.total(issue) or 0,
            "label": archive.label(issue), "url": Links.issue(issue)}


def pages(site: SiteViews) -> list[PageSpec]:
    archive, board = site.archive, site.board
    circulars = [{"number": circular_number(board, period), "title": circular_title(period), "url": Links.period(period)}
                 for period in issued_circulars(board)]   # a month still running has no 文号
    return [PageSpec(URLS["search"], "bulletin/search.html", "检索", {
        "years": list(archive.years),
        "unit_names": [unit.short for unit in archive.units.values()],
        # the issues grow with the archive: a file fetched only when a query names an issue (第16期)
        "help": {"issues": ISSUES_FILE,
                 "topics": [{"name": t.name, "note": t.description or "", "url": Links.topic(t.id)} for t in archive.topics.values()],
                 "circulars": circulars, "item": URLS["item"].replace("{id}", "ID")}})]


ISSUES_FILE = "search/issues.json"


def data(site: SiteViews) -> list[DataFile]:
    archive = site.archive
    return [DataFile(ISSUES_FILE, lambda: json.dumps([_issue(archive, issue) for issue in archive.content.issues],
                                                      ensure_ascii=False, separators=(",", ":")))]
