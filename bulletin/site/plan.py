"""Which pages and other files the site has: the archive as a page plan, in two phases (as Pelican
does). First the views more than one family shows (site_views.py: requests, authors, points, the
latest circular, item and issue rows), each worked out once; then each family, declared below in
the site's order, makes its pages and declares its data files from those views. No page is written
into after it is made: placement (breadcrumbs and sidebar section, read off the finished plan's
URLs) makes placed copies.

URL shapes are format strings in one place (urls.py); every list goes through one paginator (spec.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Callable

from bulletin.archive import Archive
from bulletin.cycle.scoring import Leaderboard
from bulletin.export import Dump
from bulletin.site.pages import assessment, authors, board, followups, home, issues, items, points, requests, search, staff, terms, years
from bulletin.site.pages.placement import placed
from bulletin.site.pages.site_views import SiteViews
from bulletin.site.pages.spec import DataFile, PageSpec


def _no_data(site: SiteViews) -> list[DataFile]:
    return []


@dataclass(frozen=True)
class Family:
    """A kind of page the site has (Hugo's kinds, Material's blog views): how its pages are made, and
    the data files its pages link, from the views."""

    name: str
    pages: Callable[[SiteViews], list[PageSpec]]
    data: Callable[[SiteViews], list[DataFile]] = _no_data


# In the order of the sitemap.
FAMILIES = (
    Family("home", home.pages),
    Family("search", search.pages, search.data),
    Family("issues", issues.pages, issues.data),
    Family("items", items.pages, items.pictures),
    Family("units", terms.UNITS.pages),
    Family("topics", terms.TOPICS.pages),
    Family("categories", terms.CATEGORIES.pages),
    Family("years", years.pages),
    Family("board", board.pages, board.data),
    Family("points", points.pages),
    Family("assessment", assessment.pages, assessment.data),
    Family("unit_topics", terms.UNIT_TOPICS.pages),
    Family("authors", authors.pages, authors.data),
    Family("requests", requests.pages, requests.data),
    Family("followups", followups.pages, followups.data),   # 批示督办, where any
    Family("staff", staff.pages),                           # 信息员, where staff.yml lists any
)


@dataclass(frozen=True)
class SitePlan:
    pages: dict[str, PageSpec]   # every generated page, keyed by its source path
    data: list[DataFile]         # every other file of the site (JSON, CSV, feeds, redirects), made only when written


def plan_site(archive: Archive, board: Leaderboard, today: date | None = None, site_url: str | None = None,
              dump: Dump | None = None) -> SitePlan:
    """The site's pages and data files. `today` is the build date (本月 on the home page); `site_url`
    where it is served (the feeds link absolutely); `dump` encodes the JSON data files (from the build
    cache's kept texts, bulletin/site/kept_texts.py)."""
    site = SiteViews(archive, board, today or date.today(), site_url, dump)
    pages = placed([page for family in FAMILIES for page in family.pages(site)])
    return SitePlan({page.src_uri: page for page in pages}, _data(site))


def data_files(archive: Archive, board: Leaderboard) -> list[DataFile]:
    """The data files alone, without making a page: what `verify` expects beside the pages."""
    return _data(SiteViews(archive, board, board.today))


def _data(site: SiteViews) -> list[DataFile]:
    return [file for family in FAMILIES for file in family.data(site)]
