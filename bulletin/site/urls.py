"""Every URL of the site, as format strings in one place: the plan, the feeds, the redirect pages,
the verification and the generator's adapter all build addresses here and nowhere else.

URLs are site-relative (no leading slash); a folder URL ends in "/" and is served by its index.html.
"""

from __future__ import annotations

from bulletin.model import Issue, Item
from bulletin.cycle.scoring import Period

URLS = {
    "home": "",
    "issues": "issues/",
    "series": "issues/{series}/",
    "series_year": "issues/{series}/{year}/",
    "issue": "issues/{series}/{year}/{slug}/",
    "issue_pdf": "issues/{series}/{year}/{slug}/{series}-{year}-{slug}.pdf",
    "volume_pdf": "issues/{series}/{year}/{series}-{year}-huibian.pdf",
    "item": "items/{id}/",
    "units": "units/",
    "unit": "units/{id}/",
    "unit_points": "units/{id}/points/{year}/",
    "unit_month_points": "units/{id}/points/{year}/{month:02d}/",
    "unit_topic": "units/{id}/topics/{topic}/",
    "topics": "topics/",
    "topic": "topics/{id}/",
    "categories": "categories/",
    "category": "categories/{name}/",
    "archive": "archive/",
    "year": "archive/{year}/",
    "month": "archive/{year}/{month:02d}/",
    "page": "{base}page/{number}/",
    "search": "search/",
    "leaderboard": "leaderboard/",
    "board_year": "leaderboard/{year}/",
    "board_quarter": "leaderboard/{year}/q{number}/",
    "board_month": "leaderboard/{year}/{number:02d}/",
    "circular_pdf": "leaderboard/{year}/{number:02d}/tongbao-{year}-{number:02d}.pdf",
    "board_month_latest": "leaderboard/{year}/{number:02d}/zuixin/",   # a month whose circular was issued early
    "board_json": "data/leaderboard.json",             # which years there are; each in a file of its own:
    "board_year_json": "data/leaderboard-{year}.json",  # a publish rewrites the year it touched (docs/export.md)
    "board_csv": "data/leaderboard-{year}.csv",
    # the rest of the cycle: 约稿, 撰稿人, 稿酬, 年度考核 (authors and fees per period, under its board page)
    "requests": "requests/",
    "request": "requests/{id}/",
    "authors": "{board}authors/",
    "author": "units/{unit}/by/{name}/",
    "fees": "{board}fees/",
    "fees_csv": "data/gaochou-{year}.csv",
    "payments_csv": "data/gaochou-{year}-mingxi.csv",
    "authors_json": "data/authors.json",
    "authors_year_json": "data/authors-{year}.json",
    "assessment": "leaderboard/{year}/kaohe/",
    "requests_json": "data/requests.json",
    "assessment_json": "data/assessment.json",
    # after the 批示 and the office's own people: 督办反馈, 信息员 (bulletin/site/pages/followups.py, staff.py)
    "followups": "followups/",
    "followups_json": "data/followups.json",
    "staff": "leaderboard/{year}/xinxiyuan/",
    "feed": "feed.xml",
    "series_feed": "issues/{series}/feed.xml",
    "latest": "latest/",
    "series_latest": "issues/{series}/latest/",
}


class Links:
    """Site-relative URLs of the archive's things, for templates (pipe them through `| url`)."""

    @staticmethod
    def item(item: Item) -> str:
        return URLS["item"].format(id=item.id)

    @staticmethod
    def author(unit_id: str, name: str) -> str:
        """A 撰稿人's items (a name within its unit); a name a URL cannot carry as typed goes by its hash."""
        import hashlib
        safe = name if not any(ch in name for ch in '/\\?#%&"<> .') else "a-" + hashlib.sha256(name.encode()).hexdigest()[:10]
        return URLS["author"].format(unit=unit_id, name=safe)

    @staticmethod
    def issue(issue: Issue) -> str:
        return URLS["issue"].format(series=issue.series, year=issue.year, slug=issue.slug)

    @staticmethod
    def pdf(issue: Issue) -> str:
        """The issue printed to A4, beside its page."""
        return URLS["issue_pdf"].format(series=issue.series, year=issue.year, slug=issue.slug)

    @staticmethod
    def volume(series_id: str, year: int) -> str:
        """年度汇编: a series' year as one PDF, beside the year's page."""
        return URLS["volume_pdf"].format(series=series_id, year=year)

    @staticmethod
    def circular_pdf(period: Period) -> str:
        """A monthly circular (通报) printed to A4, beside its page."""
        return URLS["circular_pdf"].format(year=period.year, number=period.number)

    @staticmethod
    def series(series_id: str, year: int | None = None) -> str:
        return URLS["series_year" if year else "series"].format(series=series_id, year=year)

    @staticmethod
    def unit(unit_id: str) -> str:
        return URLS["unit"].format(id=unit_id)

    @staticmethod
    def unit_month_points(unit_id: str, year: int, month: int) -> str:
        """A unit's points of one month: where a monthly ranking leads a unit head."""
        return URLS["unit_month_points"].format(id=unit_id, year=year, month=month)

    @staticmethod
    def unit_points(unit_id: str, year: int) -> str:
        """The events behind a unit's points in a year (paginated; months are anchors #m5)."""
        return URLS["unit_points"].format(id=unit_id, year=year)

    @staticmethod
    def unit_topic(unit_id: str, topic_id: str) -> str:
        return URLS["unit_topic"].format(id=unit_id, topic=topic_id)

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

    @staticmethod
    def period(period: Period) -> str:
        """Year-to-date tables live on the month's circular."""
        kind = {"year": "board_year", "quarter": "board_quarter", "month": "board_month", "ytd": "board_month"}[period.kind]
        return URLS[kind].format(year=period.year, number=period.number)

    @staticmethod
    def month_latest(period: Period) -> str:
        """A month's figures as they stand, beside its circular issued early (kept as of its date)."""
        return URLS["board_month_latest"].format(year=period.year, number=period.number)

    @staticmethod
    def board_year(year: int) -> str:
        return Links.period(Period("year", year))

    @staticmethod
    def group_anchor(groups, group: str) -> str:
        """A group's table on a leaderboard page (group-2 for the second group in bulletin.yml's order):
        the jump links at the top of the page and each unit's points page link to it."""
        return f"group-{list(groups).index(group) + 1}"

    @staticmethod
    def year_anchor(year: int) -> str:
        """A year's heading in an item listing (y2025), where the listing's year links lead."""
        return f"y{year}"

    @staticmethod
    def request(request_id: str) -> str:
        return URLS["request"].format(id=request_id)

    @staticmethod
    def authors(period: Period) -> str:
        """撰稿人 ranking of a period (year, quarter or month), beside the period's board page."""
        return URLS["authors"].format(board=Links.period(period))

    @staticmethod
    def fees(period: Period) -> str:
        """稿酬 table of a period, beside the period's board page."""
        return URLS["fees"].format(board=Links.period(period))

    @staticmethod
    def fees_csv(year: int) -> str:
        return URLS["fees_csv"].format(year=year)

    @staticmethod
    def payments_csv(year: int) -> str:
        """Every payment of the year as one flat table: one header, a row a payment (finance filters it)."""
        return URLS["payments_csv"].format(year=year)

    @staticmethod
    def assessment(year: int) -> str:
        """年度考核 of a year."""
        return URLS["assessment"].format(year=year)

    @staticmethod
    def staff(year: int) -> str:
        """信息员任务完成情况 of a year, beside its 年度考核."""
        return URLS["staff"].format(year=year)

    @staticmethod
    def csv(year: int) -> str:
        return URLS["board_csv"].format(year=year)

    @staticmethod
    def board_json(year: int) -> str:
        return URLS["board_year_json"].format(year=year)

    @staticmethod
    def authors_json(year: int) -> str:
        return URLS["authors_year_json"].format(year=year)

    @staticmethod
    def feed(series_id: str | None = None) -> str:
        """The Atom feed of one series' issues, or of every series' (None)."""
        return URLS["series_feed"].format(series=series_id) if series_id else URLS["feed"]

    @staticmethod
    def latest(series_id: str | None = None) -> str:
        """A page that leads to the newest issue of one series, or of all (None)."""
        return URLS["series_latest"].format(series=series_id) if series_id else URLS["latest"]
