"""年度归档: a page per year with its months, a listing of issues per month (‹ 上月 and 下月 › between
months with issues), and the index of years."""

from __future__ import annotations

from bulletin.archive import Archive
from bulletin.labels import cn_month
from bulletin.site.pages.listing import listing
from bulletin.site.pages.site_views import SiteViews
from bulletin.site.pages.spec import PageSpec, Row
from bulletin.site.urls import URLS, Links


def _month_steps(archive: Archive) -> dict[tuple[int, int], dict]:
    """Per month with issues, the months with issues either side: ‹ 上月 and 下月 › on its page."""
    ordered = sorted((year, month) for year, months in archive.issues_by_month.items() for month in months)
    def step(key):
        return {"label": cn_month(*key), "url": Links.year(*key)} if key else None
    return {key: {"previous": step(ordered[i - 1] if i else None), "next": step(ordered[i + 1] if i + 1 < len(ordered) else None)}
            for i, key in enumerate(ordered)}


def pages(site: SiteViews) -> list[PageSpec]:
    archive = site.archive
    specs, year_rows = [], []
    steps = _month_steps(archive)
    for year in archive.years:
        months = archive.issues_by_month.get(year, {})
        month_rows = []
        for month, issues in sorted(months.items(), reverse=True):
            printed = sum(len(issue.item_ids) for issue in issues)
            month_rows.append(Row(cn_month(year, month), Links.year(year, month), len(issues), f"刊发稿件 {printed} 篇"))
            specs += listing(site.rows, Links.year(year, month), cn_month(year, month), list(reversed(issues)), "issue",
                             crumb=f"{month}月", month_steps=steps[(year, month)])
        issue_count = sum(len(issues) for issues in months.values())
        year_rows.append(Row(f"{year}年", Links.year(year), issue_count))
        specs.append(PageSpec(Links.year(year), "bulletin/terms.html", f"{year}年", {"groups": [("按月份", month_rows)], "unit_label": "期"}))
    specs.append(PageSpec(URLS["archive"], "bulletin/terms.html", "年度归档", {"groups": [("", year_rows)], "unit_label": "期"}))
    return specs
