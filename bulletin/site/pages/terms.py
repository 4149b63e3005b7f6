"""Term indexes: one declared table, one mechanism (Hugo's taxonomies). Each index is a family of
pages: a listing per term, paginated like every listing, and the index page with a row per term."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from bulletin.archive import Archive
from bulletin.cycle.scoring import Period
from bulletin.cycle.unit_points import trend
from bulletin.model import Item
from bulletin.site.pages.followups import unit_followups
from bulletin.site.pages.listing import listing
from bulletin.site.pages.site_views import SiteViews
from bulletin.site.pages.spec import PageSpec, Row
from bulletin.site.urls import URLS, Links
from bulletin.tables.board_columns import rank_text


@dataclass(frozen=True)
class Term:
    """One term of an index: its row on the index page and the listing of its items."""

    label: str            # its row's name (a unit's short name)
    url: str
    items: list[Item]
    heading: str = ""     # the listing's title, when the row's name is too short for it
    note: str = ""        # the row's note (撤并, a topic's description)
    group: str = ""       # the index page's group it is listed under
    context: dict = field(default_factory=dict)  # what the listing shows besides its items


@dataclass(frozen=True)
class TermIndex:
    """A way of grouping items: its terms, and the index page that lists them with their counts
    (none for unit x topic, whose terms are reached from the unit and topic pages)."""

    title: str
    url: str | None
    terms: Callable[[SiteViews], list[Term]]   # in the index page's order
    groups: Callable[[Archive], list[str]] | None = None   # the index page's groups, in order; None: one group

    def pages(self, site: SiteViews) -> list[PageSpec]:
        specs, rows = [], {}
        for term in self.terms(site):
            rows.setdefault(term.group, []).append(Row(term.label, term.url, len(term.items), term.note))
            specs += listing(site.rows, term.url, term.heading or term.label, term.items, "item", **term.context)
        if self.url is not None:
            groups = [(group, rows.get(group, [])) for group in (self.groups(site.archive) if self.groups else [""])]
            specs.append(PageSpec(self.url, "bulletin/terms.html", self.title, {"groups": groups, "unit_label": "篇"}))
        return specs


@dataclass(frozen=True)
class UnitYear:
    """A unit's year on its own page: its rank in its group and where its points are traced."""

    year: int
    standing: Any
    size: int           # units ranked in its group that year
    rank: str           # as printed: — when it scored nothing
    points_url: str     # its points page: every item and event behind the score

    @property
    def ranked(self) -> bool:
        return self.standing.ranked


def _units(site: SiteViews) -> list[Term]:
    archive, board = site.archive, site.board
    terms = []
    for group in archive.settings.groups:
        for unit in (u for u in archive.units.values() if u.group == group):
            items = archive.by_unit.get(unit.id, [])
            standings = [UnitYear(year, standing, len(board.units_in(Period("year", year), group)), rank_text(standing),
                                  Links.unit_points(unit.id, year))
                         for year in board.years for standing in [board.standing(unit.id, Period("year", year))] if standing]
            context = dict(unit=unit, successor=archive.units.get(unit.successor) if unit.successor else None,
                           predecessors=[u for u in archive.units.values() if u.successor == unit.id],
                           by_year=archive.count_by_year(items), standings=standings, trend=trend(board, unit.id),
                           topic_years=archive.unit_topic_years(unit.id))
            requests = site.requests.of_unit(unit.id)
            if requests:   # only where there is something to say
                context["unit_requests"] = requests
            followups = unit_followups(board, unit.id)   # 批示督办 (pages/followups.py), only where any
            if followups:
                context["unit_followups"] = followups
            terms.append(Term(unit.short, Links.unit(unit.id), items, heading=unit.name, group=group,
                              note=f"{unit.until.year}年{unit.until.month}月撤并" if unit.until else "", context=context))
    return terms


def _topics(site: SiteViews) -> list[Term]:
    archive = site.archive
    terms = []
    for topic in archive.topics.values():
        items = archive.by_topic.get(topic.id, [])
        terms.append(Term(topic.name, Links.topic(topic.id), items, note=topic.description or "",
                          context=dict(intro=topic.description, by_year=archive.count_by_year(items),
                                       topic_units=archive.topic_units(topic.id), topic_id=topic.id)))
    return terms


def _categories(site: SiteViews) -> list[Term]:
    archive = site.archive
    return [Term(name, Links.category(name), items, context=dict(by_year=archive.count_by_year(items)))
            for name in archive.settings.categories for items in [archive.by_category.get(name, [])]]


def _unit_topics(site: SiteViews) -> list[Term]:
    """A listing per unit and topic it wrote on."""
    archive = site.archive
    pairs: dict[tuple[str, str], list[Item]] = {}
    for unit_id, items in archive.by_unit.items():
        for item in items:  # by_unit is newest first, so each listing is too
            for topic_id in item.topics:
                pairs.setdefault((unit_id, topic_id), []).append(item)
    terms = []
    for (unit_id, topic_id), items in pairs.items():
        unit, topic = archive.units[unit_id], archive.topics[topic_id]
        terms.append(Term(f"{unit.short} · {topic.name}", Links.unit_topic(unit_id, topic_id), items,
                          context=dict(cross=(unit, topic), by_year=archive.count_by_year(items))))
    return terms


UNITS = TermIndex("报送单位", URLS["units"], _units, groups=lambda archive: archive.settings.groups)
TOPICS = TermIndex("主题", URLS["topics"], _topics)
CATEGORIES = TermIndex("类别", URLS["categories"], _categories)
UNIT_TOPICS = TermIndex("单位与主题", None, _unit_topics)
