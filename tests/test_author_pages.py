"""The 撰稿人 and 稿酬 pages, finance's CSV and the JSON, read as their users read them, against the
hand-computed figures of tests/test_authors.py's archive (its comments show the sums)."""

import csv
import io
import json
from urllib.parse import urljoin

import pytest

from conftest import Site, build_site
from test_authors import BUILT, write_archive

from bulletin.archive import Archive
from bulletin.content.load import load_content
from bulletin.export import authors_file, authors_year_file
from bulletin.cycle.scoring import Leaderboard
from bulletin.site.plan import plan_site
from testsupport.site_data import read_split


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("authors-site")
    return Site(build_site(write_archive(folder / "content"), folder / "site", pdf=False))


def target(page_url, href):
    """A link as the browser follows it, site-relative: the site writes relative URLs."""
    return urljoin("http://site/" + page_url, href).removeprefix("http://site/")


def table(soup, selector):
    """[header, *rows] of a table, each row's cells as text (tfoot included)."""
    element = soup.select_one(selector)
    header = [th.get_text(strip=True) for th in element.select("thead th")]
    rows = [[cell.get_text(strip=True) for cell in tr.find_all(["th", "td"])] for tr in element.select("tbody tr, tfoot tr")]
    return [header, *rows]


def test_the_year_ranking_page(site):
    assert table(site.soup("leaderboard/2026/authors/"), ".bl-board--authors table") == [
        ["排名", "姓名", "单位", "稿件", "刊用", "上报", "采用", "批示", "得分"],
        ["1", "王明", "甲县", "2", "2", "1", "2", "0", "61.5"],      # 6.5 + 55 (x3's whole points, joint with 乙县)
        ["2", "周七", "乙县", "1", "1", "0", "1", "0", "53.0"],      # 3 + 50
        ["3", "李华", "甲县", "1", "1", "0", "1", "0", "6.5"],       # (3 + 10) / 2
        ["4", "（单位）", "乙县", "1", "1", "0", "1", "0", "3.0"],   # x2 without authors: half of 3 + 3 (not its quota -20)
        ["4", "（单位）", "丙县", "1", "1", "0", "1", "0", "3.0"],   # x2's other half (not its 迟报 -10)
        ["4", "王明", "丁局", "1", "1", "0", "0", "0", "3.0"],       # the other 王明
        ["7", "孙三", "丙县", "1", "0", "0", "1", "0", "1.0"],       # 3 / 3
        ["7", "赵一", "丙县", "1", "0", "0", "1", "0", "1.0"],
        ["7", "钱二", "丙县", "1", "0", "0", "1", "0", "1.0"],
        ["—", "吴八", "丁局", "1", "0", "1", "0", "0", "0.0"],       # no points: not ranked
    ]


def test_unit_lines_are_marked_and_the_split_is_explained(site):
    soup = site.soup("leaderboard/2026/authors/")
    assert len(soup.select(".bl-board--authors tr.bl-author--unit")) == 2
    text = site.text("leaderboard/2026/authors/")
    assert "共有 8 名撰稿人，另有 2 个单位有未署撰稿人的稿件" in text
    assert "由该稿件署名的撰稿人平分" in text and "约稿、定额和扣分是单位自身的得分，不计入撰稿人" in text


def test_periods_have_tabs_and_each_page_links_its_fees(site):
    soup = site.soup("leaderboard/2026/q2/authors/")
    url = "leaderboard/2026/q2/authors/"
    tabs = {a.get_text(strip=True): target(url, a["href"]) for a in soup.select(".bl-tabs a")}
    assert (tabs["全年"], tabs["5月"]) == ("leaderboard/2026/authors/", "leaderboard/2026/05/authors/")
    assert soup.select_one('.bl-tabs a[aria-current="page"]').get_text(strip=True) == "第二季度"
    assert [target(url, a["href"]) for a in soup.select(".bl-intro a")] == ["leaderboard/2026/q2/fees/"]
    assert [row[:2] + row[-1:] for row in table(soup, ".bl-board--authors table")[1:3]] == [
        ["1", "王明", "55.0"], ["2", "王明", "3.0"]]   # x3 in April; x5 (丁局) in May


def test_the_year_fee_table(site):
    soup = site.soup("leaderboard/2026/fees/")
    assert table(soup, ".bl-board--fees table") == [
        ["姓名", "单位", "刊用", "采用", "批示", "金额（元）"],
        ["李华", "甲县", "1", "1", "0", "175.00"],          # (50 + 300) / 2
        ["王明", "甲县", "2", "1", "0", "225.00"],          # 175 + x3 printed 50 (its state adoption: no rate before July)
        ["（单位）", "乙县", "1", "1", "0", "75.00"],        # x2: (50 + 100) / 2
        ["周七", "乙县", "1", "1", "0", "1,060.00"],        # after the change: 60 + 1000
        ["（单位）", "丙县", "1", "1", "0", "75.00"],
        ["孙三", "丙县", "0", "1", "0", "33.33"],           # 100 / 3, the odd fen to 赵一, listed first
        ["赵一", "丙县", "0", "1", "0", "33.34"],
        ["钱二", "丙县", "0", "1", "0", "33.33"],
        ["王明", "丁局", "1", "0", "0", "50.00"],
        ["合计", "", "7", "8", "0", "1,760.00"],            # 175 + 225 + 75 + 1060 + 75 + 100 + 50 = 1760
    ]


def test_both_fee_rules_are_shown_for_a_year_they_change_in(site):
    soup = site.soup("leaderboard/2026/fees/")
    captions = [c.get_text(strip=True) for c in soup.select(".bl-board--rules caption")]
    assert captions == ["自2026年1月1日起执行（元）", "自2026年7月1日起执行（元）"]
    first, second = (table(soup, f".bl-board--rules:nth-of-type({n}) table") for n in (1, 2))
    assert first == [["事项", "市级", "省级", "国家级"], ["采用（每次）", "100", "300", "—"], ["领导批示（每次）", "—", "—", "500"]]
    assert second[1] == ["采用（每次）", "100", "400", "1000"]
    assert "每刊用一篇付 50 元" in site.text("leaderboard/2026/fees/") and "每刊用一篇付 60 元" in site.text("leaderboard/2026/fees/")
    may = site.soup("leaderboard/2026/05/fees/")
    assert [c.get_text(strip=True) for c in may.select(".bl-board--rules caption")] == ["自2026年1月1日起执行（元）"]


def test_payment_lines_say_what_each_amount_is_for(site):
    soup = site.soup("leaderboard/2026/05/fees/")
    assert table(soup, ".bl-board--payments table")[1:] == [
        ["2026年5月6日", "王明", "丁局", "稿件x5", "刊用《政务信息》2026年第3期", "50.00"],
        ["2026年5月10日", "赵一", "丙县", "稿件x4", "市级《昨日情况》采用（共100.00元，3人平分）", "33.34"],
        ["2026年5月10日", "钱二", "丙县", "稿件x4", "市级《昨日情况》采用（共100.00元，3人平分）", "33.33"],
        ["2026年5月10日", "孙三", "丙县", "稿件x4", "市级《昨日情况》采用（共100.00元，3人平分）", "33.33"],
    ]
    assert target("leaderboard/2026/05/fees/", soup.select_one(".bl-board--payments a")["href"]) == "items/x5/"


def test_finance_csv(site):
    raw = (site.root / "data" / "gaochou-2026.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    march = [row for row in rows if row[:1] == ["2026年3月"]]
    assert march == [
        ["2026年3月", "李华", "甲县", "1", "1", "0", "175.00"],
        ["2026年3月", "王明", "甲县", "1", "1", "0", "175.00"],
        ["2026年3月", "（单位）", "乙县", "1", "1", "0", "75.00"],
        ["2026年3月", "（单位）", "丙县", "1", "1", "0", "75.00"],
        ["2026年3月", "合计", "", "4", "4", "0", "500.00"],   # 350 + 150
        ["2026年3月", "2026-03-05", "王明", "甲县", "x1", "稿件x1", "刊用《政务信息》2026年第1期（共50.00元，2人平分）", "25.00"],
        ["2026年3月", "2026-03-05", "李华", "甲县", "x1", "稿件x1", "刊用《政务信息》2026年第1期（共50.00元，2人平分）", "25.00"],
        ["2026年3月", "2026-03-05", "（单位）", "乙县", "x2", "稿件x2", "刊用《政务信息》2026年第1期（共50.00元，2个单位平分）", "25.00"],
        ["2026年3月", "2026-03-05", "（单位）", "丙县", "x2", "稿件x2", "刊用《政务信息》2026年第1期（共50.00元，2个单位平分）", "25.00"],
        ["2026年3月", "2026-03-10", "王明", "甲县", "x1", "稿件x1", "省级《参阅信息》采用（共300.00元，2人平分）", "150.00"],
        ["2026年3月", "2026-03-10", "李华", "甲县", "x1", "稿件x1", "省级《参阅信息》采用（共300.00元，2人平分）", "150.00"],
        ["2026年3月", "2026-03-12", "（单位）", "乙县", "x2", "稿件x2", "市级《昨日情况》采用（共100.00元，2个单位平分）", "50.00"],
        ["2026年3月", "2026-03-12", "（单位）", "丙县", "x2", "稿件x2", "市级《昨日情况》采用（共100.00元，2个单位平分）", "50.00"],
    ]
    assert ["2026年", "合计", "", "7", "8", "0", "1760.00"] in rows   # plain numbers for Excel
    assert rows[0] == ["期间", "姓名", "单位", "刊用", "采用", "批示", "金额（元）"]


def test_the_json_carries_figures_and_fees(site):
    data = read_split(site.root, "authors")
    year = next(p for p in data["periods"] if p["key"] == "2026")
    assert year["fees"] == {"fen": 176000, "yuan": "1760.00"}
    first = year["authors"][0]
    assert first == {"key": "a/王明", "name": "王明", "unit": "a", "rank": 1, "items": 2, "published": 2, "forwarded": 1,
                     "adopted": 2, "instructions": 0, "points": 61.5, "points_exact": "123/2",
                     "fees": {"fen": 22500, "yuan": "225.00", "published": 2, "forwarded": 0, "adopted": 1, "instructions": 0}}
    unit = next(a for a in year["authors"] if a["key"] == "b")
    assert (unit["name"], unit["points_exact"], unit["fees"]["fen"]) == (None, "3", 7500)
    assert [p["kind"] for p in data["periods"]].count("ytd") == 0
    x4 = [(p["author"], p["fen"], p["event_fen"], p["shares"]) for p in data["payments"] if p["item"] == "x4"]
    assert x4 == [("c/赵一", 3334, 10000, 3), ("c/钱二", 3333, 10000, 3), ("c/孙三", 3333, 10000, 3)]
    assert [r["since"] for r in data["fee_rules"]] == ["2026-01-01", "2026-07-01"]


def test_without_fees_there_are_no_fee_pages_and_nothing_links_to_them(tmp_path):
    root = write_archive(tmp_path / "content")
    text = (root / "bulletin.yml").read_text(encoding="utf-8")
    (root / "bulletin.yml").write_text(text[:text.index("fees:")], encoding="utf-8")
    board = Leaderboard(Archive(load_content(root)), BUILT)
    plan = plan_site(board.archive, board, BUILT)
    pages = plan.pages
    assert not [url for url in pages if "/fees/" in url]
    assert [data.path for data in plan.data if data.path.startswith("data/gaochou")] == []
    authors = [page for url, page in pages.items() if "/authors/" in url]
    assert authors and all(page.context["fees_url"] is None and page.context["csv"] is None for page in authors)
    index = json.loads(authors_file(board))
    years = [json.loads(authors_year_file(board, entry["year"])) for entry in index["years"]]
    assert index["fee_rules"] == [] and years and all(year["payments"] == [] for year in years)
    assert all(p["fees"] is None and all(a["fees"] is None for a in p["authors"]) for year in years for p in year["periods"])


def test_long_lists_are_paginated(tmp_path):
    """A prefecture has hundreds of authors a year: 50 to a page, like every listing."""
    root = write_archive(tmp_path / "content")
    names = ", ".join(f"作者{n:03d}" for n in range(120))
    (root / "items/2026/x8.md").write_text(
        f"---\nid: x8\ntitle: 稿件x8\nunit: d\nauthors: [{names}]\ncategory: 动态\ntopics: [t]\ndate: 2026-09-01\n"
        "status: approved\napproved_by: 审核人\n---\n正文。\n", encoding="utf-8")
    (root / "issues/zwxx/2026/005.yml").write_text("series: zwxx\nnumber: 5\ndate: 2026-09-05\nsigner: 签发人\nitems: [x8]\n",
                                                  encoding="utf-8")
    board = Leaderboard(Archive(load_content(root)), BUILT)
    pages = {page.url: page for page in plan_site(board.archive, board, BUILT).pages.values()}
    year = [pages[url] for url in ("leaderboard/2026/authors/", "leaderboard/2026/authors/page/2/", "leaderboard/2026/authors/page/3/")]
    assert [len(page.context["rows"]) for page in year] == [50, 50, 30]   # 10 + 120 authors
    assert "leaderboard/2026/authors/page/4/" not in pages
    assert year[2].title == "2026年撰稿人排名（第3页）" and year[2].context["crumbs"][-2][1] == "leaderboard/2026/authors/"
    last = [row.cells[:2] for row in year[2].context["rows"][-2:]]
    assert last == [["10", "作者119"], ["—", "吴八"]]   # x8: 3 / 120 = 0.025 each, tied after the nine who score more
    fees = [pages[url] for url in ("leaderboard/2026/09/fees/", "leaderboard/2026/09/fees/page/2/", "leaderboard/2026/09/fees/page/3/")]
    assert [len(page.context["lines"]) for page in fees] == [50, 50, 20]   # 60 yuan in 120 shares of 0.50
    assert len(fees[0].context["rows"]) == 120 and fees[1].context["rows"] == [] and fees[1].context["rules"] == []


def test_the_built_site_passes_verify(site):
    from bulletin.ops.verify import verify
    from conftest import SITE_URL
    root = site.root.parent / "content"
    problems = verify(site.root, Archive(load_content(root)), SITE_URL)
    # (the request pages are another slice's: until they are built, units' points pages link to nothing)
    assert [p for p in problems if "/authors/" in p or "/fees/" in p or p.startswith("data/")] == []
    assert all("requests/" in p for p in problems), problems


def test_the_sample_has_author_pages_that_agree_with_its_data(sample_site, sample_archive):
    """The sample keeps its fees to finance (the default: tests/test_fees_private.py checks its CSVs)."""
    from bulletin.ops.verify import verify
    from conftest import SITE_URL
    data = read_split(sample_site.root, "authors")
    for period in (p for p in data["periods"] if p["kind"] == "year"):
        url = f"leaderboard/{period['year']}/"
        ranked = table(sample_site.soup(url + "authors/"), ".bl-board--authors table")
        assert len(ranked) - 1 == min(len(period["authors"]), 50)
        assert ranked[1][1] == (period["authors"][0]["name"] or "（单位）")
        assert period["fees"] is None and not (sample_site.root / url / "fees").exists()
    problems = verify(sample_site.root, sample_archive, SITE_URL)
    assert [p for p in problems if "/authors/" in p or "/fees/" in p or p.startswith("data/")] == []


def test_each_author_links_to_the_items_they_wrote(site):
    """撰稿人 names lead to their items: from the ranking and from an item's 撰稿 line."""
    soup = site.soup("leaderboard/2026/authors/")
    links = {th.get_text(strip=True) + "/" + tr.select_one('[data-col="单位"]').get_text(strip=True): target("leaderboard/2026/authors/", th.a["href"])
             for tr in soup.select(".bl-board--authors tbody tr") for th in [tr.th]}
    assert links["王明/甲县"] == "units/a/by/王明/" and links["王明/丁局"] == "units/d/by/王明/"   # two people, two pages
    assert links["（单位）/乙县"] == "units/b/"                                                   # a unit's own line: the unit
    written = site.soup("units/a/by/王明/")
    titles = [a.get_text(strip=True) for a in written.select("a") if a.get("href", "").rstrip("/").split("/")[-1] in ("x1", "x3", "x5")]
    assert titles == ["稿件x3", "稿件x1"]                      # 甲县's 王明 wrote x3 and x1 (newest first), not 丁局's x5
    item = site.soup("items/x1/")
    row = next(tr for tr in item.select(".bl-facts tr") if tr.th.get_text(strip=True) == "撰稿")
    assert [(a.get_text(strip=True), target("items/x1/", a["href"])) for a in row.select("a")] == [
        ("王明", "units/a/by/王明/"), ("李华", "units/a/by/李华/")]


def test_bylines_read_as_printed(site):
    """（甲县） under a title, as the paper prints it; joint units 、-separated; no 单位 · 类别."""
    issue = site.soup("issues/zwxx/2026/2/")
    assert [p.get_text(strip=True) for p in issue.select(".bl-issue-item__unit")] == ["（甲县、乙县）"]   # x3, joint
    byline = " ".join(site.soup("items/x1/").select_one(".bl-byline").get_text().split())
    assert byline.startswith("（甲县） 2026年3月1日") and "·" not in byline.split("）")[0]
