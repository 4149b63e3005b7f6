"""What each reader's pages give them (issue 21), read from the built sample and its page plan:
a unit head's rank and points per item, a leader's home page and month pages, staff's year-grouped
listings and the search page's aids, the feeds linked, and the help split for readers and editors."""

import re
from datetime import date
from urllib.parse import urljoin

import pytest

from conftest import SITE_URL


@pytest.fixture(scope="module")
def board(sample_board):
    return sample_board


def target(site, page_url, href):
    """The site-relative URL a link on `page_url` leads to (no #fragment)."""
    return urljoin(SITE_URL + page_url, href).split("#")[0].removeprefix(SITE_URL)


# -- a unit head ---------------------------------------------------------------------------------------

def test_the_unit_page_leads_to_its_points_with_its_rank(sample_site, board):
    from bulletin.cycle.scoring import Period, one_decimal
    year = board.years[0]
    standing = board.standing("linshuang", Period("year", year))
    soup = sample_site.soup("units/linshuang/")
    score = soup.select_one(".bl-unit-score")
    assert f"{year}年组内排名 第 {standing.rank} 名" in " ".join(score.get_text().split())
    assert one_decimal(standing.tally.points) in score.get_text()
    assert target(sample_site, "units/linshuang/", score.select_one("a.bl-points-link")["href"]) == f"units/linshuang/points/{year}/"
    # every year's score in the table leads to that year's points
    for row in soup.select(".bl-standings tbody tr"):
        shown_year = int(row.th.get_text(strip=True).removesuffix("年"))
        assert target(sample_site, "units/linshuang/", row.select("td a")[-1]["href"]) == f"units/linshuang/points/{shown_year}/"


def test_the_points_page_gives_the_rank_and_a_total_per_item(sample_site, board):
    from bulletin.cycle.scoring import Period, one_decimal
    for unit_id in ("linshuang", "qingyuan", "hongqi"):
        year = board.years[0]
        standing = board.standing(unit_id, Period("year", year))
        soup = sample_site.soup(f"units/{unit_id}/points/{year}/")
        rank = " ".join(soup.select_one(".bl-rank").get_text().split())
        assert (f"第 {standing.rank} 名" if standing.tally.points > 0 else "未得分") in rank
        assert f"{standing.unit.group}共 {len(board.units_in(Period('year', year), standing.unit.group))} 个单位" in rank
        totals = {}
        for credit in board.credits:
            if credit.unit == unit_id and credit.day.year == year and credit.item is not None:   # items only
                totals[credit.item.title] = totals.get(credit.item.title, 0) + credit.points
        rows = [(tr.th.get_text(strip=True), tr.select("td")[-1].get_text(strip=True)) for tr in soup.select(".bl-board--by-item tbody tr")]
        assert sorted(rows) == sorted((title, one_decimal(points)) for title, points in totals.items()), unit_id
        points = [totals[title] for title, _ in rows]
        assert points == sorted(points, reverse=True), "most points first"


def test_the_leaderboard_jumps_to_each_group(sample_site, sample_archive):
    for url in ("leaderboard/", "leaderboard/2026/05/"):
        soup = sample_site.soup(url)
        jumps = soup.select(".bl-jump a")
        assert [a.get_text() for a in jumps] == list(sample_archive.settings.groups)
        for a in jumps:
            heading = soup.find(id=a["href"].removeprefix("#"))
            assert heading is not None and heading.get_text(strip=True) == a.get_text()


def test_units_without_points_are_not_ranked_nor_said_to_rise(sample_site, board):
    from bulletin.cycle.scoring import Period
    checked = 0
    for year in board.years:
        for month in board.months(year):
            period = Period("month", year, month)
            soup = sample_site.soup(f"leaderboard/{year}/{month:02d}/")
            for section in soup.select(".bl-group"):
                heads = [th.get_text(strip=True) for th in section.select(".bl-board--ranking thead th")]
                for tr in section.select(".bl-board--ranking tbody tr"):
                    cells = dict(zip(heads, [c.get_text(strip=True) for c in tr.find_all(["th", "td"])]))
                    if float(cells["得分"]) <= 0:   # nothing scored, or below 0 by deductions
                        checked += 1
                        assert cells["排名"] == "—", (period, cells)
                        assert cells.get("名次变化", "—") == "—", (period, cells)
                    else:
                        assert cells["排名"].isdigit(), (period, cells)
    assert checked > 10, "the sample has months where units score nothing"


# -- a leader ------------------------------------------------------------------------------------------

def _home(sample_archive, board, today):
    from bulletin.site.plan import plan_site
    return plan_site(sample_archive, board, today).pages["index.md"].context


def test_an_empty_month_gets_no_box_on_the_home_page(sample_archive, board):
    months = [name for name, *_ in _home(sample_archive, board, date(2026, 12, 1))["months"]]
    assert months == ["上月"], "December has no issue yet: the page leads with November's"
    months = _home(sample_archive, board, date(2027, 6, 1))["months"]
    newest = sample_archive.issues_newest_first[0]
    assert [(name, label) for name, label, *_ in months] == [("最近出刊", f"{newest.year}年{newest.date.month}月")]


def test_the_home_page_has_the_masthead_a_search_box_and_the_latest_items(sample_site, sample_archive):
    soup = sample_site.soup("")
    assert soup.select_one(".bl-home-head h1.bl-masthead__name").get_text(strip=True) == "巴尔地区政务信息"
    form = soup.select_one("form.bl-home-search")
    assert target(sample_site, "", form["action"]) == "search/" and form.select_one("input[name=q]")
    printed = [i for i in sample_archive.items_newest_first if sample_archive.issues_of(i)][:8]
    shown = [a.get_text(strip=True) for a in soup.select("h2:-soup-contains('最新刊发稿件') + ol .bl-row__title")]
    assert shown == [i.title for i in printed]


@pytest.mark.parametrize("url", ["", "archive/2026/10/", "issues/zwxx/2026/", "issues/"])
def test_titles_listed_under_issues_link_to_their_items(sample_site, sample_archive, url):
    soup = sample_site.soup(url)
    rows = soup.select(".md-content .bl-row:has(ul.bl-row__titles)")
    assert rows
    for row in rows:
        for a in row.select("ul.bl-row__titles li:not(.bl-row__more) a"):
            item_id = target(sample_site, url, a["href"]).removeprefix("items/").rstrip("/")
            assert sample_archive.items[item_id].title == a.get_text(strip=True)


def test_month_pages_step_to_the_months_either_side(sample_site, sample_archive):
    months = sorted((y, m) for y, ms in sample_archive.issues_by_month.items() for m in ms)
    for before, here, after in zip(months, months[1:], months[2:]):
        url = f"archive/{here[0]}/{here[1]:02d}/"
        nav = sample_site.soup(url).select_one(".bl-adjacent--months")
        assert target(sample_site, url, nav.select_one("a[rel=prev]")["href"]) == f"archive/{before[0]}/{before[1]:02d}/"
        assert target(sample_site, url, nav.select_one("a[rel=next]")["href"]) == f"archive/{after[0]}/{after[1]:02d}/"
        assert f"‹ 上月 {before[0]}年{before[1]}月" in nav.get_text() and f"下月 {after[0]}年{after[1]}月 ›" in nav.get_text()
    first = sample_site.soup(f"archive/{months[0][0]}/{months[0][1]:02d}/").select_one(".bl-adjacent--months")
    assert "已是最早月份" in first.get_text()


def test_an_item_page_puts_the_text_first_and_shows_no_empty_column(sample_site, sample_archive):
    with_events = 0
    for item in sample_archive.items.values():
        soup = sample_site.soup(f"items/{item.id}/")
        article = soup.select_one("article.bl-item")
        parts = [el for el in article.find_all(class_=["bl-byline", "bl-body", "bl-facts"])]
        assert [p["class"][0] for p in parts] == ["bl-byline", "bl-body", "bl-facts"], item.id
        table = soup.select_one(".bl-events table")
        if table is None:
            continue
        with_events += 1
        rows = [[td.get_text(strip=True) for td in tr.find_all("td")] for tr in table.select("tbody tr")]
        heads = [th.get_text(strip=True) for th in table.select("thead th")]
        for column, head in enumerate(heads):
            assert any(row[column] for row in rows), f"{item.id}: the column {head} is empty"
    assert with_events > 10


# -- staff ---------------------------------------------------------------------------------------------

def test_a_unit_listing_is_grouped_by_year_without_its_own_name_on_every_row(sample_site, sample_archive):
    items = sample_archive.by_unit["xinfang"]
    soup = sample_site.soup("units/xinfang/")
    years = [h.get_text(strip=True) for h in soup.select("h3.bl-year")]
    assert years == [f"{y}年" for y in dict.fromkeys(i.date.year for i in items[:50])]
    for link in soup.select(".bl-year-links a"):
        year = re.match(r"(\d{4})年", link.get_text()).group(1)
        assert link["href"].endswith(f"#y{year}") and soup.find(id=f"y{year}")
    alone = [row for row in soup.select(".bl-list .bl-row") if "bl-row__meta" in str(row)]
    name = sample_archive.units["xinfang"].short
    for row, item in zip(alone, items):
        meta = row.select_one(".bl-row__meta").get_text()
        assert (name in meta) == (len(item.units) > 1), item.id


def test_the_search_page_offers_years_units_and_what_a_query_may_mean(sample_site, sample_archive, board):
    import json
    soup = sample_site.soup("search/")
    assert [o["value"] for o in soup.select("#bl-year option")] == [""] + [str(y) for y in sample_archive.years]
    assert [o["value"] for o in soup.select("#bl-unit-names option")] == [u.short for u in sample_archive.units.values()]
    known = json.loads(soup.select_one(".bl-search__help")["data-known"])
    assert {t["name"] for t in known["topics"]} == {t.name for t in sample_archive.topics.values()}
    assert "巴署办信〔2026〕10号" in [c["number"] for c in known["circulars"]]
    assert "回车" in sample_site.soup("").select_one(".bl-header-search input")["placeholder"]


def test_pages_link_to_the_feeds(sample_site, sample_archive):
    for url in ("", "issues/"):
        links = [target(sample_site, url, a["href"]) for a in sample_site.soup(url).select(".bl-feeds a")]
        assert links == ["feed.xml"] + [f"issues/{s}/feed.xml" for s in sample_archive.settings.series]
        assert all((sample_site.root / link).is_file() for link in links)


# -- editors -------------------------------------------------------------------------------------------

def test_the_help_is_for_readers_and_content_configuration_has_its_own_page(sample_site):
    readers = sample_site.text("help/")
    editors = sample_site.text("editors/")
    assert "content/" not in readers and "circular_number" not in readers, "reader help names no content files"
    assert "circular_number" in editors and "content/bulletin.yml" in editors and "content/units.yml" in editors
    assert sample_site.soup("help/").select_one("a[href*='editors']")
