"""Which pages the site has, where they live and what each one shows: the archive as a page plan.

URL shapes are format strings in one place (urls.py). Every listing goes through one paginator, so no page
grows with the archive: a unit with 3,000 items gets 60 pages of 50, not one page of 3,000.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bulletin.archive import Archive
from bulletin.labels import OUTCOME_LABELS, OWN_KIND_LABELS, cn_month, issue_number
from bulletin.model import Item
from bulletin.cycle.scoring import UNIT_KINDS, Leaderboard, Period
from bulletin.site.assessment_pages import assessment_pages
from bulletin.site.author_pages import author_pages
from bulletin.site.urls import URLS, Links
from bulletin.site.views import IssueRow, Views
from bulletin.cycle.circular import circular_date, circular_number, overview_sentences, own_sentences
from bulletin.tables.board_columns import columns, previous_period, rank_text, rules_context, split_tables

PAGE_SIZE = 50

@dataclass
class PageSpec:
    url: str
    template: str
    title: str
    context: dict[str, Any] = field(default_factory=dict)
    item: Item | None = None  # item pages: whose body is the page content
    crumb: str = ""           # its name in breadcrumbs (第3期, 2026年, 第2页); the title when empty
    parent: str | None = None  # the page it sits under when its URL does not say (items: their issue)
    section: str = ""         # the sidebar section it belongs to (a nav page's URL), set by place_pages

    @property
    def src_uri(self) -> str:
        return f"{self.url}index.md" if self.url else "index.md"


@dataclass(frozen=True)
class Pager:
    number: int
    count: int
    base: str

    def url(self, number: int) -> str:
        return self.base if number == 1 else URLS["page"].format(base=self.base, number=number)

    @property
    def window(self) -> list[int | None]:
        """Page numbers to show: first, last and two either side of this one; None marks a gap."""
        shown = sorted({1, self.count, *range(max(1, self.number - 2), min(self.count, self.number + 2) + 1)})
        result: list[int | None] = []
        for number in shown:
            if result and number - result[-1] > 1:
                result.append(None)
            result.append(number)
        return result


@dataclass(frozen=True)
class Row:
    """One line of a term index: a unit, topic, category, year or month, and its counts."""

    label: str
    url: str
    count: int
    note: str = ""


def listing(views: Views, base: str, title: str, entries: list, kind: str, crumb: str = "", **context) -> list[PageSpec]:
    """A paginated list of items or issues, as rows; extra context (a summary, an intro) goes on every page.

    Items (newest first) are shown under a heading per year, and every page knows where each year
    starts (`year_links`: the page and its #y2025 anchor), so a reader jumps to a year in one click."""
    count = max(1, -(-len(entries) // PAGE_SIZE))
    year_links: dict[int, str] = {}
    if kind == "item":
        for index, entry in enumerate(entries):
            if entry.date.year not in year_links:
                page = index // PAGE_SIZE + 1
                year_links[entry.date.year] = Pager(page, count, base).url(page) + "#" + Links.year_anchor(entry.date.year)
    pages = []
    for number in range(1, count + 1):
        pager = Pager(number, count, base)
        shown = [views.row(entry) for entry in entries[(number - 1) * PAGE_SIZE: number * PAGE_SIZE]]
        years: list[tuple[int, str, list]] = []
        if kind == "item":
            for row in shown:
                if not years or years[-1][0] != row.item.date.year:
                    years.append((row.item.date.year, Links.year_anchor(row.item.date.year), []))
                years[-1][2].append(row)
        page_title = title if number == 1 else f"{title}（第{number}页）"
        pages.append(PageSpec(pager.url(number), "bulletin/listing.html", page_title,
                              dict(context, entries=shown, years=years, year_links=year_links, kind=kind, pager=pager,
                                   total=len(entries), heading=title),
                              crumb=crumb if number == 1 else f"第{number}页"))
    return pages


def plan_site(archive: Archive, board: Leaderboard, today: date | None = None) -> dict[str, PageSpec]:
    """Every generated page, keyed by its source path. `today` is the build date (本月 on the home page)."""
    views = Views(archive)
    home = _home_page(archive, views, today or date.today())
    home.context["circular"] = _latest_circular(board)
    pages: list[PageSpec] = [home, _search_page(archive, board)]
    pages += _issue_pages(archive, views)
    pages += [_item_page(archive, views, item) for item in archive.items_newest_first]
    for name in ("units", "topics", "categories"):
        pages += _term_pages(archive, board, views, TERM_INDEXES[name])
    pages += _year_pages(archive, views)
    point_pages, point_links = _unit_point_pages(board, views)
    pages += _leaderboard_pages(board, views, point_links)
    pages += point_pages
    pages += assessment_pages(board)
    pages += _term_pages(archive, board, views, TERM_INDEXES["unit_topics"])
    pages += author_pages(board, views)
    from bulletin.site.request_pages import add_request_pages   # it builds on this module's PageSpec and Pager
    add_request_pages(pages, archive, board)   # and tells the home, item and unit pages of them
    place_pages(pages)
    return {page.src_uri: page for page in pages}


# -- where a page sits: breadcrumbs and sidebar section --------------------------------------------

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


def place_pages(pages: list[PageSpec]) -> None:
    """Give every page its breadcrumb trail (context `crumbs`: label, URL; the last is the page) and
    its sidebar section, read off its URL, so generated pages kept out of the nav still say where they are."""
    by_url = {page.url: page for page in pages}

    def trail(page: PageSpec, depth: int = 0) -> list[tuple[str, str]]:
        up = page.parent if page.parent is not None else _url_parent(page.url)
        while up is not None and up not in by_url:   # a URL level with no page of its own (items/)
            up = _url_parent(up)
        above = trail(by_url[up], depth + 1) if up is not None and depth < 10 else []
        return [*above, (SECTION_CRUMBS.get(page.url) or page.crumb or page.title, page.url)]

    for page in pages:
        crumbs = trail(page)
        page.context["crumbs"] = crumbs if len(crumbs) > 1 else []
        page.section = next((url for _, url in crumbs if url in SECTIONS), "")


# -- home, issues and items -------------------------------------------------------------------------

def _month_before(day: date) -> tuple[int, int]:
    return (day.year, day.month - 1) if day.month > 1 else (day.year - 1, 12)


LATEST_ITEMS = 8   # the home page's 最新稿件


def _home_page(archive: Archive, views: Views, today: date) -> PageSpec:
    """本月 and 上月 by the build date, whichever has issues (an empty month is not shown; with both
    empty, the newest month that has any): what a leader opening the site looks for first. Then the
    latest issue of any series not listed there (no issue twice), the latest items, the feeds."""
    months = []
    for name, (year, month) in (("本月", (today.year, today.month)), ("上月", _month_before(today))):
        issues = archive.issues_by_month.get(year, {}).get(month, [])
        if issues:
            months.append((name, cn_month(year, month), Links.year(year, month), [views.issue_row(i) for i in reversed(issues)]))
    if not months and archive.issues_newest_first:
        newest = archive.issues_newest_first[0]
        year, month = newest.year, newest.date.month
        issues = archive.issues_by_month[year][month]
        months.append(("最近出刊", cn_month(year, month), Links.year(year, month), [views.issue_row(i) for i in reversed(issues)]))
    listed = {row.issue.key for *_, rows in months for row in rows}
    others = [views.issue_row(issue) for series_id in archive.settings.series
              for issue in [archive.latest_issue(series_id)] if issue and issue.key not in listed]
    printed = [item for item in archive.items_newest_first if archive.issues_of(item)][:LATEST_ITEMS]
    counts = {"series": len(archive.settings.series), "issues": len(archive.issues_newest_first),
              "printed": len(archive.placements), "units": len(archive.units), "topics": len(archive.topics)}
    return PageSpec("", "bulletin/home.html", "首页", {
        "months": months, "built": today, "counts": counts, "others": others,
        "latest_rows": [views.item_row(item) for item in printed], "feeds": _feeds(archive)})


def _feeds(archive: Archive) -> list[tuple[str, str]]:
    """The Atom feeds, all series first: linked from the home page and 往期刊物."""
    return [("全部刊物", Links.feed())] + [(f"《{series.name}》", Links.feed(series_id))
                                       for series_id, series in archive.settings.series.items()]


def _search_page(archive: Archive, board: Leaderboard) -> PageSpec:
    """The 检索 page, with what it offers besides results: a year to pick, units to type ahead, and
    for a query that finds nothing, the topics and circulars (by 文号) it may have meant."""
    circulars = [{"number": circular_number(board, period), "title": _circular_title(period), "url": Links.period(period)}
                 for year in board.years for month in reversed(board.months(year)) for period in [Period("month", year, month)]]
    return PageSpec(URLS["search"], "bulletin/search.html", "检索", {
        "years": list(archive.years),
        "unit_names": [unit.short for unit in archive.units.values()],
        "help": {"topics": [{"name": t.name, "note": t.description or "", "url": Links.topic(t.id)} for t in archive.topics.values()],
                 "circulars": circulars, "item": URLS["item"].replace("{id}", "ID")}})


def _item_page(archive: Archive, views: Views, item: Item) -> PageSpec:
    placements = archive.issues_of(item)
    # Breadcrumbs lead through the issue the item first appeared in, or its unit if it never did.
    parent = Links.issue(placements[0].issue) if placements else Links.unit(item.unit)
    return PageSpec(Links.item(item), "bulletin/item.html", item.title, {"item": item, **views.item_page(item)},
                    item=item, parent=parent)


def _issue_pages(archive: Archive, views: Views) -> list[PageSpec]:
    pages = []
    shelves = []
    for series_id, years in archive.series_years.items():
        name = archive.settings.series[series_id].name
        rows = [Row(f"{year}年", Links.series(series_id, year), len(issues),
                    f"{issue_number(issues[0].number, issues[0].supplement)}至{issue_number(issues[-1].number, issues[-1].supplement)}")
                for year, issues in years.items()]
        newest = list(reversed(archive.series_issues[series_id]))
        shelves.append(Shelf(f"《{name}》", Links.series(series_id), len(newest), rows,
                             [views.issue_row(issue) for issue in newest[:LATEST_ON_SHELF]]))
        pages.append(PageSpec(Links.series(series_id), "bulletin/terms.html", f"《{name}》",
                              {"groups": [("按年份", rows)], "unit_label": "期"}))
        for year, issues in years.items():
            pages += listing(views, Links.series(series_id, year), f"《{name}》{year}年", list(reversed(issues)), "issue",
                             crumb=f"{year}年", volume=Links.volume(series_id, year))
        for issue in archive.series_issues[series_id]:
            before, after = archive.adjacent_issues(issue)
            pages.append(PageSpec(Links.issue(issue), "bulletin/issue.html", archive.label(issue),
                                  {"issue": issue, "previous": before, "next": after, "pdf": Links.pdf(issue),
                                   **views.issue_page(issue)},
                                  crumb=issue_number(issue.number, issue.supplement)))
    pages.append(PageSpec(URLS["issues"], "bulletin/issues-index.html", "往期刊物", {"shelves": shelves, "feeds": _feeds(archive)}))
    return pages


LATEST_ON_SHELF = 5


@dataclass(frozen=True)
class Shelf:
    """A series on /issues/: its years and its latest issues."""

    name: str
    url: str
    count: int
    years: list[Row]
    latest: list[IssueRow]


# -- term indexes: one declared table, one mechanism (Hugo's taxonomies) -----------------------------

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
    terms: Any            # (archive, board) -> the terms, in the index page's order
    groups: Any = None    # (archive) -> the index page's groups, in order; None: one group


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


def _units(archive: Archive, board: Leaderboard) -> list[Term]:
    terms = []
    for group in archive.settings.groups:
        for unit in (u for u in archive.units.values() if u.group == group):
            items = archive.by_unit.get(unit.id, [])
            standings = [UnitYear(year, standing, len(board.units_in(Period("year", year), group)), rank_text(standing),
                                  Links.unit_points(unit.id, year))
                         for year in board.years for standing in [board.standing(unit.id, Period("year", year))] if standing]
            terms.append(Term(unit.short, Links.unit(unit.id), items, heading=unit.name, group=group,
                              note=f"{unit.until.year}年{unit.until.month}月撤并" if unit.until else "",
                              context=dict(unit=unit, successor=archive.units.get(unit.successor) if unit.successor else None,
                                           predecessors=[u for u in archive.units.values() if u.successor == unit.id],
                                           by_year=archive.count_by_year(items),
                                           standings=standings, trend=_trend(board, unit.id),
                                           topic_years=_unit_topic_years(archive, unit.id))))
    return terms


def _topics(archive: Archive, board: Leaderboard) -> list[Term]:
    terms = []
    for topic in archive.topics.values():
        items = archive.by_topic.get(topic.id, [])
        terms.append(Term(topic.name, Links.topic(topic.id), items, note=topic.description or "",
                          context=dict(intro=topic.description, by_year=archive.count_by_year(items),
                                       topic_units=_topic_units(archive, topic.id), topic_id=topic.id)))
    return terms


def _categories(archive: Archive, board: Leaderboard) -> list[Term]:
    return [Term(name, Links.category(name), items, context=dict(by_year=archive.count_by_year(items)))
            for name in archive.settings.categories for items in [archive.by_category.get(name, [])]]


def _unit_topics(archive: Archive, board: Leaderboard) -> list[Term]:
    """A listing per unit and topic it wrote on."""
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


TERM_INDEXES = {
    "units": TermIndex("报送单位", URLS["units"], _units, groups=lambda archive: archive.settings.groups),
    "topics": TermIndex("主题", URLS["topics"], _topics),
    "categories": TermIndex("类别", URLS["categories"], _categories),
    "unit_topics": TermIndex("单位与主题", None, _unit_topics),
}


def _term_pages(archive: Archive, board: Leaderboard, views: Views, index: TermIndex) -> list[PageSpec]:
    """Every term's listing, paginated like every listing, then the index page with a row per term."""
    pages, rows = [], {}
    for term in index.terms(archive, board):
        rows.setdefault(term.group, []).append(Row(term.label, term.url, len(term.items), term.note))
        pages += listing(views, term.url, term.heading or term.label, term.items, "item", **term.context)
    if index.url is not None:
        groups = [(group, rows.get(group, [])) for group in (index.groups(archive) if index.groups else [""])]
        pages.append(PageSpec(index.url, "bulletin/terms.html", index.title, {"groups": groups, "unit_label": "篇"}))
    return pages


def _month_steps(archive: Archive) -> dict[tuple[int, int], dict]:
    """Per month with issues, the months with issues either side: ‹ 上月 and 下月 › on its page."""
    ordered = sorted((year, month) for year, months in archive.issues_by_month.items() for month in months)
    def step(key):
        return {"label": cn_month(*key), "url": Links.year(*key)} if key else None
    return {key: {"previous": step(ordered[i - 1] if i else None), "next": step(ordered[i + 1] if i + 1 < len(ordered) else None)}
            for i, key in enumerate(ordered)}


def _year_pages(archive: Archive, views: Views) -> list[PageSpec]:
    pages, year_rows = [], []
    steps = _month_steps(archive)
    for year in archive.years:
        months = archive.issues_by_month.get(year, {})
        month_rows = []
        for month, issues in sorted(months.items(), reverse=True):
            printed = sum(len(issue.item_ids) for issue in issues)
            month_rows.append(Row(cn_month(year, month), Links.year(year, month), len(issues), f"刊发稿件 {printed} 篇"))
            pages += listing(views, Links.year(year, month), cn_month(year, month), list(reversed(issues)), "issue",
                             crumb=f"{month}月", month_steps=steps[(year, month)])
        issue_count = sum(len(issues) for issues in months.values())
        year_rows.append(Row(f"{year}年", Links.year(year), issue_count))
        pages.append(PageSpec(Links.year(year), "bulletin/terms.html", f"{year}年", {"groups": [("按月份", month_rows)], "unit_label": "期"}))
    pages.append(PageSpec(URLS["archive"], "bulletin/terms.html", "年度归档", {"groups": [("", year_rows)], "unit_label": "期"}))
    return pages


def _trend(board: Leaderboard, unit_id: str) -> list[tuple[str, float]]:
    """Points per month over the last two years with scores, oldest first: the unit page's chart."""
    months = [(year, month) for year in sorted(board.years)[-2:] for month in board.months(year)]
    return [(f"{year}年{month}月", float(board.tally(unit_id, Period("month", year, month)).points)) for year, month in months]


# -- unit x topic ---------------------------------------------------------------------------------

def _unit_topic_years(archive: Archive, unit_id: str) -> list[tuple[int, list[tuple[Any, int]]]]:
    """Per year, newest first: the unit's topics with item counts, most items first (then topic order)."""
    counts: dict[int, dict[str, int]] = {}
    for item in archive.by_unit.get(unit_id, []):
        for topic_id in item.topics:
            year = counts.setdefault(item.date.year, {})
            year[topic_id] = year.get(topic_id, 0) + 1
    return [(year, sorted(((archive.topics[t], n) for t, n in counts[year].items()), key=lambda tn: (-tn[1], tn[0].order)))
            for year in sorted(counts, reverse=True)]


def _topic_units(archive: Archive, topic_id: str) -> list[tuple[Any, int]]:
    """The units writing on a topic, most items first (then units.yml order)."""
    counts: dict[str, int] = {}
    for item in archive.by_topic.get(topic_id, []):
        for unit_id in item.units:
            counts[unit_id] = counts.get(unit_id, 0) + 1
    return sorted(((archive.units[u], n) for u, n in counts.items()), key=lambda un: (-un[1], un[0].order))


# -- the leaderboard ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Tab:
    label: str
    url: str
    current: bool


def _tabs(board: Leaderboard, year: int, current: Period, link=Links.period) -> list[Tab]:
    """The year's periods as tabs (全年, each quarter, each month), each linking to `link(period)`."""
    shown = [p for p in board.periods(year) if p.kind != "ytd"]
    labels = {"year": "全年", "quarter": "", "month": ""}
    return [Tab(labels[p.kind] or p.label.removeprefix(f"{year}年"), link(p), p == current) for p in shown]


@dataclass(frozen=True)
class GroupBoard:
    """One group's ranking: the chart, the always-visible ranking columns and the detail columns."""

    group: str
    anchor: str          # its id on the page, for the jump links
    standings: list
    ranking: list
    details: list
    chart: list[tuple[str, float]]
    own: list = field(default_factory=list)   # the unit's own points (约稿, 定额, 扣分), where any


@dataclass(frozen=True)
class Cells:
    """A leaderboard column with its cells worked out for one group's units: the page's context is
    then data, which the build cache can fingerprint (a column's cell function cannot be)."""

    key: str
    header: str
    numeric: bool
    note: str
    ranking: bool
    values: dict[str, str] = field(default_factory=dict)

    def cell(self, standing) -> str:
        return self.values[standing.unit.id]


def _cells(column, standings=()) -> Cells:
    return Cells(column.key, column.header, column.numeric, column.note, column.ranking,
                 {s.unit.id: column.cell(s) for s in standings})


def _groups(board: Leaderboard, period: Period, cumulative: bool = False) -> list[GroupBoard]:
    cols = columns(board, period, cumulative)
    result = []
    for group in board.settings.groups:
        standings = board.table(period, group)
        ranking, details, own = ([_cells(c, standings) for c in shown] for shown in split_tables(cols))
        result.append(GroupBoard(group, Links.group_anchor(board.settings.groups, group), standings, ranking, details,
                                 [(s.unit.short, float(s.tally.points)) for s in standings], own))
    return result


def _cycle_links(board: Leaderboard, period: Period) -> list[tuple[str, str]]:
    """The rest of the cycle beside a leaderboard page: the period's 撰稿人 ranking and 稿酬 table (where
    fees are set), the year's 年度考核, and the 约稿 (where there are any)."""
    shown = period if period.kind != "ytd" else Period("month", period.year, period.number)
    links = [(f"{shown.label}撰稿人排名", Links.authors(shown))]
    if board.settings.fees:
        links.append((f"{shown.label}稿酬", Links.fees(shown)))
    links.append((f"{period.year}年度考核", Links.assessment(period.year)))
    if board.requests.requests:
        links.append(("约稿", URLS["requests"]))
    return links


def _board_context(board: Leaderboard, period: Period, point_links: dict) -> dict:
    """A leaderboard page: each unit links to the page (and month anchor) where its period's events start."""
    cumulative = period.kind == "month"
    groups = _groups(board, period, cumulative)
    def start(unit_id: str) -> str:
        """A year opens the page at its month-by-month summary; a quarter or month at its first event."""
        top = Links.unit_points(unit_id, period.year)
        if period.kind in ("year", "ytd"):
            return top
        return next((point_links[(unit_id, period.year, m)] for m in period.months if (unit_id, period.year, m) in point_links), top)

    starts = {s.unit.id: start(s.unit.id) for g in groups for s in g.standings}
    return dict(period=period, groups=groups, point_links=starts, notes=[_cells(c) for c in columns(board, period, cumulative)],
                previous=previous_period(board, period),
                rules=rules_context(board, period), tabs=_tabs(board, period.year, period), years=board.years,
                csv=Links.csv(period.year), json=URLS["board_json"], cycle=_cycle_links(board, period))


def _circular_title(period: Period) -> str:
    return f"关于{period.label}信息采用情况的通报"


def _latest_circular(board: Leaderboard) -> dict | None:
    """The home page's 最新通报: the newest month with a circular."""
    if not board.years:
        return None
    period = Period("month", board.years[0], board.months(board.years[0])[-1])
    return {"title": _circular_title(period), "url": Links.period(period), "number": circular_number(board, period),
            "date": circular_date(board, period)}


def _leaderboard_pages(board: Leaderboard, views: Views, point_links: dict) -> list[PageSpec]:
    if not board.years:
        return [PageSpec(URLS["leaderboard"], "bulletin/leaderboard.html", "采用情况通报", {"groups": [], "years": []})]
    latest = board.years[0]
    pages = [PageSpec(URLS["leaderboard"], "bulletin/leaderboard.html", f"采用情况通报（{latest}年）",
                      _board_context(board, Period("year", latest), point_links))]
    for year in board.years:
        for period in board.periods(year):
            if period.kind in ("year", "quarter"):
                pages.append(PageSpec(Links.period(period), "bulletin/leaderboard.html", f"{period.label}采用情况",
                                      _board_context(board, period, point_links)))
            elif period.kind == "month":
                adoptions = board.events_in(period, "adopted")
                pages.append(PageSpec(Links.period(period), "bulletin/circular.html", _circular_title(period), dict(
                    _board_context(board, period, point_links), summary=overview_sentences(board, period),
                    own_sentences=[dict(text=x.text, cited=x.cited, rest=x.rest, url=Links.request(x.request) if x.request else None)
                                   for x in own_sentences(board, period)],
                    adoptions=adoptions, number=circular_number(board, period), date=circular_date(board, period),
                    pdf=Links.circular_pdf(period),
                    unit_names=views.unit_names(dict.fromkeys(u for item, _ in adoptions for u in item.units)), levels=views.level_names())))
    return pages


def _unit_point_pages(board: Leaderboard, views: Views) -> tuple[list[PageSpec], dict]:
    """Per unit and year, every credit behind its points, by date, 50 to a page like every listing.

    Returns the pages and, per (unit, year, month) with credits, the URL of the page and anchor
    where that month starts: the leaderboard links each unit there.
    """
    credits: dict[tuple[str, int], list] = {}
    for credit in board.credits:
        credits.setdefault((credit.unit, credit.day.year), []).append(credit)
    pages, links = [], {}
    for year in board.years:
        for group in board.settings.groups:
            for unit in board.units_in(Period("year", year), group):
                mine = sorted(credits.get((unit.id, year), []), key=lambda c: (c.day, c.item.id if c.item else "", c.kind))
                base = Links.unit_points(unit.id, year)
                count = max(1, -(-len(mine) // PAGE_SIZE))
                for index, credit in enumerate(mine):
                    key = (unit.id, year, credit.day.month)
                    if key not in links:
                        links[key] = Pager(index // PAGE_SIZE + 1, count, base).url(index // PAGE_SIZE + 1) + f"#m{credit.day.month}"
                months = [(m, board.tally(unit.id, Period("month", year, m)), links.get((unit.id, year, m))) for m in board.months(year)]
                own = _own_points(board, unit.id, year, mine)
                own_kinds = [kind for kind in UNIT_KINDS if any(c.kind == kind for c in mine)]   # the months table's columns
                standing = board.standing(unit.id, Period("year", year))
                rank = {"rank": rank_text(standing), "ranked": standing.ranked, "size": len(board.units_in(Period("year", year), group)), "group": group,
                        "board": Links.board_year(year) + "#" + Links.group_anchor(board.settings.groups, group)}
                for number in range(1, count + 1):
                    pager = Pager(number, count, base)
                    shown = mine[(number - 1) * PAGE_SIZE: number * PAGE_SIZE]
                    # (month, its credits on this page, continued from the page before, the month's total)
                    sections = [(month, [c for c in shown if c.day.month == month], not links[(unit.id, year, month)].startswith(pager.url(number) + "#"),
                                 months[month - 1][1]) for month in sorted({c.day.month for c in shown})]
                    title = f"{unit.short}{year}年得分明细" + ("" if number == 1 else f"（第{number}页）")
                    pages.append(PageSpec(pager.url(number), "bulletin/points.html", title, {
                        "unit": unit, "year": year, "sections": sections, "months": months, "pager": pager, "standing": rank,
                        "by_item": _points_by_item(mine) if number == 1 else [],
                        "own": own if number == 1 else None, "own_kinds": own_kinds, "own_labels": OWN_KIND_LABELS,
                        "quota_scored": bool(unit.quota and board.archive.content.submissions.get(year)),
                        "total": board.tally(unit.id, Period("year", year)), "levels": views.level_names(),
                        "series_names": {s: series.name for s, series in board.settings.series.items()}}))
    return pages, links


@dataclass(frozen=True)
class ItemPoints:
    """One item's share of a unit's year: what a unit head asks first ("which item earned it?")."""

    item: Item
    points: Any        # a Fraction, shown with one decimal
    events: int        # credits behind it (刊用, 上报, 采用, 批示)


def _points_by_item(credits: list) -> list[ItemPoints]:
    """A unit's credits of a year summed per item, most points first (then oldest item first)."""
    totals: dict[str, list] = {}
    for credit in (c for c in credits if c.item is not None):   # in date order, so ties keep the item that scored first
        entry = totals.setdefault(credit.item.id, [credit.item, 0, 0])
        entry[1] += credit.points
        entry[2] += 1
    rows = [ItemPoints(item, points, events) for item, points, events in totals.values()]
    return sorted(rows, key=lambda row: -row.points)



def _own_points(board: Leaderboard, unit_id: str, year: int, credits: list) -> dict | None:
    """单位自身得分 on a unit's points page: its 约稿 due in the year (scored or still open) with the
    answer and points of each, its months under quota, its penalties; None when it has none."""
    scored = {c.request.id: c for c in credits if c.kind == "request"}
    requests = [{"title": request.title, "url": Links.request(request.id), "due": request.due,
                 "outcome": OUTCOME_LABELS[answer.outcome], "kind": answer.outcome,
                 "points": scored[request.id].points if request.id in scored else None,
                 "answers": [(item.title, Links.item(item), item.date) for item in answer.items]}
                for request, answer in reversed(board.requests.of_unit(unit_id)) if request.due.year == year]
    quota = [{"month": c.day.month, "submitted": c.quota[0], "owed": c.quota[1], "points": c.points}
             for c in credits if c.kind == "quota"]
    items = board.archive.items
    penalties = [{"date": c.day, "type": c.penalty.type, "note": c.penalty.note or "", "points": c.points,
                  "item": (items[c.penalty.item].title, Links.item(items[c.penalty.item])) if c.penalty.item in items else None}
                 for c in credits if c.kind == "penalty"]
    if not (requests or quota or penalties):
        return None
    total = board.tally(unit_id, Period("year", year))
    return {"requests": requests, "quota": quota, "penalties": penalties,
            "item_points": total.item_points, "own_points": total.points - total.item_points}
