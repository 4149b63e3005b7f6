"""What the site tells crawlers (the intranet's search engine): robots.txt, as the office's
bulletin.yml says (`site: robots:`), and each page's sitemap lastmod, the newest content date it
shows rather than the build's date, so a crawler revisits only what changed.
"""

from __future__ import annotations

from datetime import date
from functools import cached_property

from bulletin.archive import Archive
from bulletin.model import Issue, Item
from bulletin.site.pages.spec import PageSpec


def robots_txt(policy: str, site_url: str | None) -> str:
    """`allow`: every crawler may index the site (and is told where its sitemap is, when the site's
    address is known); `deny`: none may."""
    lines = ["User-agent: *", "Disallow:" if policy == "allow" else "Disallow: /"]
    if policy == "allow" and site_url:
        lines += ["", f"Sitemap: {site_url.rstrip('/')}/sitemap.xml"]
    return "\n".join(lines) + "\n"


def item_changed(item: Item) -> date:
    """An item page changes with its date, its upward events and its corrections."""
    return max([item.date, *(event.date for event in item.events), *(fix.date for fix in item.corrections)])


class LastChanged:
    """A planned page's lastmod: an item's own dates, an issue's and its items', and for every
    other page (indexes, rankings, which any new item may change) the archive's newest date; never
    after the build's date."""

    def __init__(self, archive: Archive, built: date):
        self.archive, self.built = archive, built

    @cached_property
    def newest(self) -> date:
        dates = [item_changed(item) for item in self.archive.items.values()]
        dates += [issue.date for issue in self.archive.content.issues]
        return max(dates, default=self.built)

    def __call__(self, spec: PageSpec) -> date:
        issue = spec.context.get("issue")
        if spec.item is not None:
            changed = item_changed(spec.item)
        elif isinstance(issue, Issue):
            changed = max([issue.date, *(item_changed(item) for item in self.archive.issue_items(issue))])
        else:
            changed = self.newest
        return min(changed, self.built)
