"""往期刊物: a shelf per series, each series' page of years, each year's listing, and a page per issue;
and the addresses that stay put while the archive grows: the Atom feeds of the newest issues
(/feed.xml, /issues/<series>/feed.xml) and the `latest` pages that lead to the newest issue."""

from __future__ import annotations

from dataclasses import dataclass

from bulletin.labels import issue_number
from bulletin.model import Issue, Item
from bulletin.site.feeds import atom_feed
from bulletin.site.latest import redirect_page
from bulletin.site.pages.home import feeds
from bulletin.site.pages.listing import listing
from bulletin.site.pages.site_views import SiteViews
from bulletin.site.pages.spec import DataFile, PageSpec, Row
from bulletin.site.urls import URLS, Links
from bulletin.site.views import IssueRow

LATEST_ON_SHELF = 5


@dataclass(frozen=True)
class Shelf:
    """A series on /issues/: its years and its latest issues."""

    name: str
    url: str
    count: int
    years: list[Row]
    latest: list[IssueRow]


def pages(site: SiteViews) -> list[PageSpec]:
    archive, rows = site.archive, site.rows
    specs = []
    shelves = []
    for series_id, years in archive.series_years.items():
        name = archive.settings.series[series_id].name
        year_rows = [Row(f"{year}年", Links.series(series_id, year), len(issues),
                         f"{issue_number(issues[0].number, issues[0].supplement)}至{issue_number(issues[-1].number, issues[-1].supplement)}")
                     for year, issues in years.items()]
        newest = list(reversed(archive.series_issues[series_id]))
        shelves.append(Shelf(f"《{name}》", Links.series(series_id), len(newest), year_rows,
                             [rows.issue_row(issue) for issue in newest[:LATEST_ON_SHELF]]))
        specs.append(PageSpec(Links.series(series_id), "bulletin/terms.html", f"《{name}》",
                              {"groups": [("按年份", year_rows)], "unit_label": "期"}))
        for year, issues in years.items():
            specs += listing(rows, Links.series(series_id, year), f"《{name}》{year}年", list(reversed(issues)), "issue",
                             crumb=f"{year}年", volume=Links.volume(series_id, year))
        for issue in archive.series_issues[series_id]:
            before, after = archive.adjacent_issues(issue)
            specs.append(PageSpec(Links.issue(issue), "bulletin/issue.html", archive.label(issue),
                                  {"issue": issue, "previous": before, "next": after, "pdf": Links.pdf(issue),
                                   **rows.issue_page(issue)},
                                  crumb=issue_number(issue.number, issue.supplement)))
    specs.append(PageSpec(URLS["issues"], "bulletin/issues-index.html", "往期刊物", {"shelves": shelves, "feeds": feeds(site.archive)}))
    return specs


def _page_url(thing: Issue | Item) -> str:
    return Links.issue(thing) if isinstance(thing, Issue) else Links.item(thing)


def data(site: SiteViews) -> list[DataFile]:
    """Every series' feed and latest page, all series first."""
    archive, site_url = site.archive, site.site_url
    newest = archive.issues_newest_first[0] if archive.issues_newest_first else None
    files = [DataFile(Links.feed(), lambda: atom_feed(archive, None, Links.feed(), site_url, _page_url, "")),
             DataFile(f"{Links.latest()}index.html", lambda: redirect_page(archive, Links.latest(), newest))]
    for series in archive.settings.series:
        files += [DataFile(Links.feed(series), lambda series=series: atom_feed(archive, series, Links.feed(series), site_url, _page_url,
                                                                               Links.series(series))),
                  DataFile(f"{Links.latest(series)}index.html",
                           lambda series=series: redirect_page(archive, Links.latest(series), archive.latest_issue(series)))]
    return files
