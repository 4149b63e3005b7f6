"""The home page: this month's and last month's issues, the latest of each series, the latest items,
the newest 通报 and the open 约稿 (only where there are any)."""

from __future__ import annotations

from datetime import date

from bulletin.archive import Archive
from bulletin.labels import cn_month
from bulletin.site.pages.site_views import SiteViews
from bulletin.site.pages.spec import PageSpec
from bulletin.site.urls import Links

LATEST_ITEMS = 8   # the home page's 最新稿件


def _month_before(day: date) -> tuple[int, int]:
    return (day.year, day.month - 1) if day.month > 1 else (day.year - 1, 12)


def feeds(archive: Archive) -> list[tuple[str, str]]:
    """The Atom feeds, all series first: linked from the home page and 往期刊物."""
    return [("全部刊物", Links.feed())] + [(f"《{series.name}》", Links.feed(series_id))
                                       for series_id, series in archive.settings.series.items()]


def _months(site: SiteViews) -> list[tuple]:
    """本月 and 上月 by the build date, whichever has issues (an empty month is not shown; with both
    empty, the newest month that has any): what a leader opening the site looks for first."""
    archive, today = site.archive, site.today
    shown = [(name, year, month) for name, (year, month) in (("本月", (today.year, today.month)), ("上月", _month_before(today)))
             if archive.issues_by_month.get(year, {}).get(month)]
    if not shown and archive.issues_newest_first:
        newest = archive.issues_newest_first[0]
        shown = [("最近出刊", newest.year, newest.date.month)]
    return [(name, cn_month(year, month), Links.year(year, month), [site.rows.issue_row(i) for i in reversed(archive.issues_by_month[year][month])])
            for name, year, month in shown]


def pages(site: SiteViews) -> list[PageSpec]:
    """The months first; then the latest issue of any series not listed there (no issue twice), the
    latest items, the feeds, the newest 通报 and the open 约稿."""
    archive, rows = site.archive, site.rows
    months = _months(site)
    listed = {row.issue.key for *_, shown in months for row in shown}
    others = [rows.issue_row(issue) for series_id in archive.settings.series
              for issue in [archive.latest_issue(series_id)] if issue and issue.key not in listed]
    printed = [item for item in archive.items_newest_first if archive.issues_of(item)][:LATEST_ITEMS]
    counts = {"series": len(archive.settings.series), "issues": len(archive.issues_newest_first),
              "printed": len(archive.placements), "units": len(archive.units), "topics": len(archive.topics)}
    context = {"months": months, "built": site.today, "counts": counts, "others": others,
               "latest_rows": [rows.item_row(item) for item in printed], "feeds": feeds(archive), "circular": site.circular}
    open_requests = site.requests.open_rows()
    if open_requests:   # an office without requests sees its home page as it was
        context["open_requests"] = open_requests
    return [PageSpec("", "bulletin/home.html", "首页", context)]
