"""A page per approved item, with the 约稿 it answers (where it answers one) and the follow-ups of its 批示 (where any)."""

from __future__ import annotations

from pathlib import Path

from bulletin.model import Item
from bulletin.site.pages.followups import item_followups
from bulletin.site.pages.site_views import SiteViews
from bulletin.site.pages.spec import DataFile, PageSpec
from bulletin.site.urls import Links


def _item_page(site: SiteViews, item: Item) -> PageSpec:
    placements = site.archive.issues_of(item)
    # Breadcrumbs lead through the issue the item first appeared in, or its unit if it never did.
    parent = Links.issue(placements[0].issue) if placements else Links.unit(item.unit)
    context = {"item": item, **site.rows.item_page(item)}
    answered = site.requests.answered(item)
    if answered:
        context["answered_request"] = answered
    followups = item_followups(site.board, item.id)   # 批示督办 of its 批示, only where any
    if followups:
        context["item_followups"] = followups
    return PageSpec(Links.item(item), "bulletin/item.html", item.title, context, item=item, parent=parent)


def pages(site: SiteViews) -> list[PageSpec]:
    return [_item_page(site, item) for item in site.archive.items_newest_first]


def pictures(site: SiteViews) -> list[DataFile]:
    """Each picture a body shows (bulletin/content/item_images.py), beside every page showing the
    body, the item's and each issue's printing it: there the body's relative address finds it."""
    files = {}
    for item in site.archive.items_newest_first:
        pages = [Links.item(item)] + [Links.issue(placement.issue) for placement in site.archive.issues_of(item)]
        for image in item.images:
            for page in pages:
                files[page + image.source] = DataFile(page + image.source, Path(image.file).read_bytes, image.file)
    return list(files.values())
