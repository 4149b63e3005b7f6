"""Which pages the site has, where they live and what each one shows: the archive as a page plan.

URL shapes are format strings in one place. Every listing goes through one paginator, so no page
grows with the archive: a unit with 3,000 items gets 60 pages of 50, not one page of 3,000.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bulletin.archive import Archive
from bulletin.chinese import cn_month, issue_number
from bulletin.model import Issue, Item

PAGE_SIZE = 50

URLS = {
    "home": "",
    "issues": "issues/",
    "series": "issues/{series}/",
    "series_year": "issues/{series}/{year}/",
    "issue": "issues/{series}/{year}/{slug}/",
    "item": "items/{id}/",
    "units": "units/",
    "unit": "units/{id}/",
    "topics": "topics/",
    "topic": "topics/{id}/",
    "categories": "categories/",
    "category": "categories/{name}/",
    "archive": "archive/",
    "year": "archive/{year}/",
    "month": "archive/{year}/{month:02d}/",
    "page": "{base}page/{number}/",
}


class Links:
    """Site-relative URLs of the archive's things, for templates (pipe them through `| url`)."""

    @staticmethod
    def item(item: Item) -> str:
        return URLS["item"].format(id=item.id)

    @staticmethod
    def issue(issue: Issue) -> str:
        return URLS["issue"].format(series=issue.series, year=issue.year, slug=issue.slug)

    @staticmethod
    def series(series_id: str, year: int | None = None) -> str:
        return URLS["series_year" if year else "series"].format(series=series_id, year=year)

    @staticmethod
    def unit(unit_id: str) -> str:
        return URLS["unit"].format(id=unit_id)

    @staticmethod
    def topic(topic_id: str) -> str:
        return URLS["topic"].format(id=topic_id)

    @staticmethod
    def category(name: str) -> str:
        return URLS["category"].format(name=name)

    @staticmethod
    def year(year: int, month: int | None = None) -> str:
        return URLS["month" if month else "year"].format(year=year, month=month)

    @staticmethod
    def index(name: str) -> str:
        return URLS[name]


@dataclass
class PageSpec:
    url: str
    template: str
    title: str
    context: dict[str, Any] = field(default_factory=dict)
    item: Item | None = None  # item pages: whose body is the page content

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


def listing(base: str, title: str, entries: list, kind: str, **context) -> list[PageSpec]:
    """A paginated list of items or issues; extra context (a summary, an intro) goes on every page."""
    count = max(1, -(-len(entries) // PAGE_SIZE))
    pages = []
    for number in range(1, count + 1):
        pager = Pager(number, count, base)
        shown = entries[(number - 1) * PAGE_SIZE: number * PAGE_SIZE]
        page_title = title if number == 1 else f"{title}（第{number}页）"
        pages.append(PageSpec(pager.url(number), "bulletin/listing.html", page_title,
                              dict(context, entries=shown, kind=kind, pager=pager, total=len(entries), heading=title)))
    return pages


def plan_site(archive: Archive) -> dict[str, PageSpec]:
    """Every generated page, keyed by its source path."""
    pages: list[PageSpec] = [PageSpec("", "bulletin/home.html", "首页")]
    pages += _issue_pages(archive)
    pages += [PageSpec(Links.item(item), "bulletin/item.html", item.title, {"item": item}, item=item)
              for item in archive.items_newest_first]
    pages += _unit_pages(archive)
    pages += _term_pages(archive)
    pages += _year_pages(archive)
    return {page.src_uri: page for page in pages}


def _issue_pages(archive: Archive) -> list[PageSpec]:
    pages = []
    series_rows = []
    for series_id, years in archive.series_years.items():
        name = archive.settings.series[series_id].name
        series_rows.append(Row(f"《{name}》", Links.series(series_id), len(archive.series_issues[series_id])))
        rows = [Row(f"{year}年", Links.series(series_id, year), len(issues),
                    f"{issue_number(issues[0].number, issues[0].supplement)}至{issue_number(issues[-1].number, issues[-1].supplement)}")
                for year, issues in years.items()]
        pages.append(PageSpec(Links.series(series_id), "bulletin/terms.html", f"《{name}》",
                              {"groups": [("按年份", rows)], "unit_label": "期"}))
        for year, issues in years.items():
            pages += listing(Links.series(series_id, year), f"《{name}》{year}年", issues, "issue")
        for issue in archive.series_issues[series_id]:
            title = f"《{name}》{issue.year}年{issue_number(issue.number, issue.supplement)}"
            before, after = archive.adjacent_issues(issue)
            pages.append(PageSpec(Links.issue(issue), "bulletin/issue.html", title,
                                  {"issue": issue, "previous": before, "next": after}))
    pages.append(PageSpec(URLS["issues"], "bulletin/terms.html", "往期刊物", {"groups": [("刊物", series_rows)], "unit_label": "期"}))
    return pages


def _unit_pages(archive: Archive) -> list[PageSpec]:
    pages, groups = [], []
    for group in archive.settings.groups:
        rows = []
        for unit in (u for u in archive.units.values() if u.group == group):
            items = archive.by_unit.get(unit.id, [])
            note = f"{unit.until.year}年{unit.until.month}月撤并" if unit.until else ""
            rows.append(Row(unit.name, Links.unit(unit.id), len(items), note))
            successor = archive.units.get(unit.successor) if unit.successor else None
            predecessors = [u for u in archive.units.values() if u.successor == unit.id]
            pages += listing(Links.unit(unit.id), unit.name, items, "item", unit=unit, successor=successor,
                             predecessors=predecessors, by_year=archive.count_by_year(items))
        groups.append((group, rows))
    pages.append(PageSpec(URLS["units"], "bulletin/terms.html", "报送单位", {"groups": groups, "unit_label": "篇"}))
    return pages


def _term_pages(archive: Archive) -> list[PageSpec]:
    pages = []
    topic_rows = []
    for topic in archive.topics.values():
        items = archive.by_topic.get(topic.id, [])
        topic_rows.append(Row(topic.name, Links.topic(topic.id), len(items), topic.description or ""))
        pages += listing(Links.topic(topic.id), topic.name, items, "item", intro=topic.description,
                         by_year=archive.count_by_year(items))
    pages.append(PageSpec(URLS["topics"], "bulletin/terms.html", "主题", {"groups": [("", topic_rows)], "unit_label": "篇"}))
    category_rows = []
    for name in archive.settings.categories:
        items = archive.by_category.get(name, [])
        category_rows.append(Row(name, Links.category(name), len(items)))
        pages += listing(Links.category(name), name, items, "item", by_year=archive.count_by_year(items))
    pages.append(PageSpec(URLS["categories"], "bulletin/terms.html", "类别", {"groups": [("", category_rows)], "unit_label": "篇"}))
    return pages


def _year_pages(archive: Archive) -> list[PageSpec]:
    pages, year_rows = [], []
    for year in archive.years:
        months = archive.issues_by_month.get(year, {})
        month_rows = []
        for month, issues in sorted(months.items()):
            printed = sum(len(issue.item_ids) for issue in issues)
            month_rows.append(Row(cn_month(year, month), Links.year(year, month), len(issues), f"刊发稿件 {printed} 篇"))
            pages += listing(Links.year(year, month), cn_month(year, month), issues, "issue")
        issue_count = sum(len(issues) for issues in months.values())
        year_rows.append(Row(f"{year}年", Links.year(year), issue_count))
        pages.append(PageSpec(Links.year(year), "bulletin/terms.html", f"{year}年", {"groups": [("按月份", month_rows)], "unit_label": "期"}))
    pages.append(PageSpec(URLS["archive"], "bulletin/terms.html", "年度归档", {"groups": [("", year_rows)], "unit_label": "期"}))
    return pages
