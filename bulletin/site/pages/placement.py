"""Where a page sits: its breadcrumb trail and sidebar section, read off its URL once every page is made."""

from __future__ import annotations

import re
from dataclasses import replace

from bulletin.site.pages.spec import PageSpec

SECTIONS = ("issues/", "units/", "topics/", "categories/", "archive/", "leaderboard/", "requests/", "search/")
SECTION_CRUMBS = {"leaderboard/": "采用情况通报"}  # section pages whose title says more than the trail needs
_PAGED = re.compile(r"^(?P<base>.*)page/\d+/$")


def _url_parent(url: str) -> str | None:
    """issues/zwxx/2026/3/ -> issues/zwxx/2026/; units/x/page/2/ -> units/x/; the home page has none."""
    if not url:
        return None
    paged = _PAGED.match(url)
    if paged:
        return paged["base"]
    head = url.rstrip("/").rpartition("/")[0]
    return f"{head}/" if head else ""


def placed(pages: list[PageSpec]) -> list[PageSpec]:
    """The pages, each with its breadcrumb trail (context `crumbs`: label, URL; the last is the page)
    and its sidebar section, read off its URL, so generated pages kept out of the nav still say where
    they are. Copies: the pages as made are not written into."""
    by_url = {page.url: page for page in pages}

    def trail(page: PageSpec, depth: int = 0) -> list[tuple[str, str]]:
        up = page.parent if page.parent is not None else _url_parent(page.url)
        while up is not None and up not in by_url:   # a URL level with no page of its own (items/)
            up = _url_parent(up)
        above = trail(by_url[up], depth + 1) if up is not None and depth < 10 else []
        return [*above, (SECTION_CRUMBS.get(page.url) or page.crumb or page.title, page.url)]

    result = []
    for page in pages:
        crumbs = trail(page)
        result.append(replace(page, context={**page.context, "crumbs": crumbs if len(crumbs) > 1 else []},
                              section=next((url for _, url in crumbs if url in SECTIONS), "")))
    return result
