"""A page per approved item, with the 约稿 it answers (where it answers one) and the follow-ups of its 批示 (where any).

The family declares what its pages read (PageSpec.reads), so the build cache keys an item page by
the digests of those records and values alone, and its context is made only when it is rendered.
The read set is conservative: whole records where the page shows part of one (the unit, not just
its short name), and every value `_context` is made of. tests/test_item_reads.py holds the two
together: every change to a page's context changes its declared key.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from bulletin.model import Item
from bulletin.site.pages.followups import item_followups
from bulletin.site.pages.site_views import SiteViews
from bulletin.site.pages.spec import DataFile, PageSpec
from bulletin.site.urls import Links

READS_VERSION = 1   # raise when what `_reads` names changes meaning


def _context(site: SiteViews, item: Item) -> dict:
    context = {"item": item, **site.rows.item_page(item)}
    answered = site.requests.answered(item)
    if answered:
        context["answered_request"] = answered
    followups = item_followups(site.board, item.id)   # 批示督办 of its 批示, only where any
    if followups:
        context["item_followups"] = followups
    return context


def _reads(site: SiteViews, item: Item) -> tuple:
    """Everything `_context` is made of (bulletin/site/views.py's item_page, the request it
    answers, its follow-ups), named by record where there is one."""
    archive, rows = site.archive, site.rows
    placements = tuple(archive.issues_of(item))   # each issue, the item's position, its neighbours (records)
    return (READS_VERSION, item,
            placements, tuple(archive.label(p.issue) for p in placements),
            tuple(archive.units[unit_id] for unit_id in item.units),
            tuple(archive.topics[topic_id] for topic_id in item.topics),
            tuple(archive.settings.levels.items()) if item.events else (),
            tuple(rows.item_row(other) for other in archive.related(item)),   # each row: the item, its units' names, its issues' labels
            site.requests.answered(item),
            item_followups(site.board, item.id))


def _item_page(site: SiteViews, item: Item) -> PageSpec:
    placements = site.archive.issues_of(item)
    # Breadcrumbs lead through the issue the item first appeared in, or its unit if it never did.
    parent = Links.issue(placements[0].issue) if placements else Links.unit(item.unit)
    return PageSpec(Links.item(item), "bulletin/item.html", item.title, item=item, parent=parent,
                    reads=_reads(site, item), make_context=partial(_context, site, item))


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
