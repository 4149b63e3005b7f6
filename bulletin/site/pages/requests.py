"""The 约稿 pages: one per request, the index of them all, and the JSON of them. What the home, item
and unit pages say of requests they take from the same views (bulletin/site/request_views.py) when
they are made. An office without requests gets the index (saying there are none) and nothing else."""

from __future__ import annotations

from bulletin.export import requests_file
from bulletin.labels import REQUEST_STATES
from bulletin.model import Request
from bulletin.site.pages.site_views import SiteViews
from bulletin.site.pages.spec import DataFile, PageSpec, paginate
from bulletin.site.request_views import RequestRow, RequestViews
from bulletin.site.urls import URLS, Links


def _request_page(views: RequestViews, request: Request) -> PageSpec:
    return PageSpec(Links.request(request.id), "bulletin/request.html", request.title, {
        "row": views.rows[request.id], "outcomes": views.outcomes(request),
        "topic_names": {t: views.archive.topics[t].name for t in request.topics}})


def _index_pages(rows: list[RequestRow]) -> list[PageSpec]:
    """The 约稿 index, PAGE_SIZE to a page like every listing: open requests under 进行中, then the
    rest under a heading per year of issue (a year continued from the page before says so)."""
    specs, seen = [], set()
    for page in paginate(rows, URLS["requests"]):
        sections: list[tuple[str, str, bool, list[RequestRow]]] = []   # (heading, anchor, continued, rows)
        for row in page.entries:
            heading, anchor = ((REQUEST_STATES[True], "open") if row.is_open
                               else (f"{row.request.year}年", Links.year_anchor(row.request.year)))
            if not sections or sections[-1][1] != anchor:
                sections.append((heading, anchor, anchor in seen, []))
                seen.add(anchor)
            sections[-1][3].append(row)
        specs.append(PageSpec(page.url, "bulletin/requests.html", page.pager.title("约稿"),
                              {"sections": sections, "pager": page.pager, "total": len(rows),
                               "open_count": sum(1 for row in rows if row.is_open)},
                              crumb=page.pager.crumb()))
    return specs


def pages(site: SiteViews) -> list[PageSpec]:
    views = site.requests
    return [_request_page(views, request) for request in reversed(views.ledger.requests)] + _index_pages(views.newest_first())


def data(site: SiteViews) -> list[DataFile]:
    return [DataFile(URLS["requests_json"], lambda: requests_file(site.board))]
