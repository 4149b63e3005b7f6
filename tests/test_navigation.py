"""Where the reader is: breadcrumbs down from the home page, the sidebar's section, previous and next
issue, the home page's months by the build date, the footer and the 404 page, on the built sample."""

import re
from urllib.parse import urljoin

from bulletin.labels import cn_date
from test_site import issue_url, squash


def crumbs(site, url):
    return [squash(li.get_text()) for li in site.soup(url).select(".bl-crumbs li")]


def test_every_generated_page_has_breadcrumbs_down_from_the_home_page(sample_site):
    assert crumbs(sample_site, "issues/zwxx/2026/16/") == ["首页", "往期刊物", "《政务信息》", "2026年", "第16期"]
    assert crumbs(sample_site, "issues/zwxx/2026/zk1/")[-1] == "增刊第1期"
    assert crumbs(sample_site, "archive/2026/05/") == ["首页", "年度归档", "2026年", "5月"]
    assert crumbs(sample_site, "units/linshuang/")[:2] == ["首页", "报送单位"]
    assert crumbs(sample_site, "leaderboard/2026/05/")[:2] == ["首页", "采用情况通报"]
    # every link in a trail but the last leads up, and the last is the page itself
    soup = sample_site.soup("issues/zwxx/2026/16/")
    here = "http://host/bulletin/issues/zwxx/2026/16/"
    assert [urljoin(here, a["href"]) for a in soup.select(".bl-crumbs a")] == [
        "http://host/bulletin/", "http://host/bulletin/issues/", "http://host/bulletin/issues/zwxx/",
        "http://host/bulletin/issues/zwxx/2026/"]
    assert soup.select_one(".bl-crumbs [aria-current=page]").get_text() == "第16期"
    missing = [p for p in sample_site.pages()
               if p.parent != sample_site.root and "pagefind" not in p.parts and p.name == "index.html"
               and "bl-crumbs" not in (text := p.read_text(encoding="utf-8"))
               and 'http-equiv="refresh"' not in text]  # /latest/ pages only lead on to an issue
    assert [str(p.relative_to(sample_site.root)) for p in missing] == ["editors/index.html", "help/index.html"]   # hand-written pages


def test_an_item_sits_under_the_issue_it_first_appeared_in_or_its_unit(sample_site, sample_archive):
    placed = next(i for i in sample_archive.items.values() if sample_archive.issues_of(i))
    issue = sample_archive.issues_of(placed)[0].issue
    trail = crumbs(sample_site, f"items/{placed.id}/")
    assert trail[:3] == ["首页", "往期刊物", f"《{sample_archive.series_name(issue)}》"]
    assert trail[-2:] == [f"第{issue.number}期" if not issue.supplement else f"增刊第{issue.number}期", placed.title]
    loose = next(i for i in sample_archive.items.values() if not sample_archive.issues_of(i))
    assert crumbs(sample_site, f"items/{loose.id}/") == ["首页", "报送单位", sample_archive.units[loose.unit].name, loose.title]


def test_the_sidebar_lights_the_section_a_generated_page_belongs_to(sample_site):
    def lit(url):
        return [squash(li.a.get_text()) for li in sample_site.soup(url).select(".md-nav--primary li.md-nav__item--active")]
    assert lit("issues/zwxx/2026/3/") == ["往期刊物"]
    assert lit("items/2026-0034/") == ["往期刊物"]
    assert lit("units/linshuang/") == ["报送单位"]
    assert lit("archive/2026/05/") == ["年度归档"]
    assert lit("leaderboard/2026/05/") == ["采用情况通报"]
    assert lit("topics/agriculture/") == ["主题"]


def test_issue_pages_offer_previous_and_next_at_the_top_too(sample_site, sample_archive):
    first, second, third = sample_archive.series_issues["zwxx"][:3]
    soup = sample_site.soup(issue_url(second))
    top, bottom = soup.select("nav.bl-adjacent--issues")
    assert top.find_next("article") is not None, "one before the issue"
    for nav in (top, bottom):
        assert nav.select_one('a[rel="prev"]')["href"] == f"../{first.slug}/"
        assert nav.select_one('a[rel="next"]')["href"] == f"../{third.slug}/"
    assert "已是第一期" in squash(sample_site.soup(issue_url(first)).select_one("nav.bl-adjacent--issues").get_text())


def test_issues_index_shows_each_series_with_its_latest_issues(sample_site, sample_archive):
    soup = sample_site.soup("issues/")
    shelves = soup.select(".bl-shelf")
    assert [s.h2.get_text() for s in shelves] == [f"《{s.name}》" for s in sample_archive.settings.series.values()]
    for shelf, series_id in zip(shelves, sample_archive.settings.series):
        newest = list(reversed(sample_archive.series_issues[series_id]))[:5]
        assert [a.get_text() for a in shelf.select(".bl-row__title")] == [sample_archive.label(i) for i in newest]
        assert f"共 {len(sample_archive.series_issues[series_id])} 期" in shelf.get_text()


def test_home_lists_this_and_last_months_issues_by_the_build_date(sample_site, sample_archive):
    from datetime import date
    soup = sample_site.soup("")
    built = date.fromisoformat(soup.select_one(".bl-masthead__line time")["datetime"])
    last = (built.year, built.month - 1) if built.month > 1 else (built.year - 1, 12)
    def issues_in(year, month):
        return sorted((i for i in sample_archive.content.issues if (i.year, i.date.month) == (year, month)),
                      key=lambda i: i.date, reverse=True)
    shown = [(year, month) for year, month in [(built.year, built.month), last] if issues_in(year, month)]
    assert shown, "the reference build date has issues this month or last, for this test to mean anything"
    sections = soup.select(".bl-month")
    assert len(sections) == len(shown), "a month without issues gets no box (tests/test_reader_pages.py builds one)"
    for section, (year, month) in zip(sections, shown):
        assert f"{year}年{month}月" in section.h2.get_text()
        assert [a.get_text() for a in section.select(".bl-row__title")] == [sample_archive.label(i) for i in issues_in(year, month)]


def test_footer_names_the_publisher_and_the_marking_and_the_home_page_the_build_date(sample_site):
    for url in ("", "issues/zwxx/2026/3/", "help/"):
        footer = squash(sample_site.soup(url).select_one("footer.bl-footer").get_text())
        assert "主办单位：巴尔地区行政公署办公室" in footer
        assert "内部资料 注意保存" in footer
        # no date in the footer: a page that says the day changes every day (tests/test_incremental.py)
        assert not re.search(r"\d{4}年\d{1,2}月\d{1,2}日", footer), footer
        assert "Material for MkDocs" not in sample_site.html(url)
    masthead = squash(sample_site.soup("").select_one(".bl-masthead__line").get_text())
    assert "更新于2026年11月25日" in masthead   # the reference build's date


def test_not_found_page_is_chinese_and_links_under_the_sub_path(sample_site):
    html = sample_site.html("404.html")
    soup = sample_site.soup("404.html")
    assert soup.h1.get_text() == "未找到该页面" and "404 - Not found" not in html
    # served for a missing URL at any depth, so links are absolute, and under /bulletin/
    refs = [tag.get("href") or tag.get("src") for tag in soup.select("link[href], script[src], a[href]")]
    assert refs and all(ref.startswith("/bulletin/") for ref in refs if ref.startswith("/")), refs
    assert not [ref for ref in refs if ref.startswith(("/assets/", "/search/"))]


def test_colophon_ends_with_the_printing_office_and_date(sample_site, sample_archive):
    for issue in sample_archive.content.issues:
        line = sample_site.soup(issue_url(issue)).select_one(".bl-colophon__printed")
        assert squash(line.get_text(" ")) == f"巴尔地区行政公署办公室 {cn_date(issue.date)}印发"
