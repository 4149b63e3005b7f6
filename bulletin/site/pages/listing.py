"""A paginated list of items or issues, as rows: the listing every term, series year and month has."""

from __future__ import annotations

from bulletin.site.pages.spec import PageSpec, paginate
from bulletin.site.urls import Links
from bulletin.site.views import Views

TEMPLATE = "bulletin/listing.html"


def listing(rows: Views, base: str, title: str, entries: list, kind: str, crumb: str = "", **context) -> list[PageSpec]:
    """Extra context (a summary, an intro) goes on every page.

    Items (newest first) are shown under a heading per year, and every page knows where each year
    starts (`year_links`: the page and its #y2025 anchor), so a reader jumps to a year in one click."""
    pages = paginate(entries, base)
    year_links: dict[int, str] = {}
    if kind == "item":
        for index, entry in enumerate(entries):
            if entry.date.year not in year_links:
                year_links[entry.date.year] = pages[0].pager.url_of(index) + "#" + Links.year_anchor(entry.date.year)
    specs = []
    for page in pages:
        shown = [rows.row(entry) for entry in page.entries]
        years: list[tuple[int, str, list]] = []
        if kind == "item":
            for row in shown:
                if not years or years[-1][0] != row.item.date.year:
                    years.append((row.item.date.year, Links.year_anchor(row.item.date.year), []))
                years[-1][2].append(row)
        specs.append(PageSpec(page.url, TEMPLATE, page.pager.title(title),
                              dict(context, entries=shown, years=years, year_links=year_links, kind=kind, pager=page.pager,
                                   total=len(entries), heading=title),
                              crumb=page.pager.crumb(crumb)))
    return specs
