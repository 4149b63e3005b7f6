"""A four-unit bulletin (tests/fixtures/board) whose leaderboard is worked out by hand below.

Rules (since 2026-01-01): published 3, forwarded province 2, adopted city 3 / province 10,
combined x0.5. Issues: 第1期 2026-04-20 (0001 林双县, 0002 塔河县), 第2期 2026-05-18
(0003 青原县, 0004 林双县+青原县 jointly).

April: 林双县 3; 塔河县 3 + city adoption 3 = 6; 青原县 0 -> 塔河县 1, 林双县 2, 青原县 3.
May:   林双县 1.5 (half of 0004) + province combined 10 x 0.5 = 6.5;
       青原县 3 (0003) + 1.5 (half of 0004) + forwarded 2 = 6.5; 塔河县 0.
       Tie at 6.5: 青原县 printed 2 items, 林双县 1, so 青原县 is listed first; both rank 1; 塔河县
       scored nothing and is not ranked (—), rather than 3rd.
       Change against April: 青原县 had no points in April (unranked), so it 上榜 rather than rising ↑2;
       林双县 2 -> 1 is ↑1; 塔河县, unranked now, shows — rather than ↓2.
       Year to date: 林双县 9.5, 青原县 6.5, 塔河县 6.0.
"""

from pathlib import Path

import pytest

from conftest import ROOT, Site, build_site

BOARD = ROOT / "tests" / "fixtures" / "board"


@pytest.fixture(scope="module")
def board_site(tmp_path_factory) -> Site:
    return Site(build_site(BOARD, tmp_path_factory.mktemp("board") / "site"))


def ranking(site, url, group):
    """The ranking table of a group as {column: cell} rows, in the order shown."""
    section = next(s for s in site.soup(url).select(".bl-group") if s.h2.get_text(strip=True) == group)
    table = section.select_one(".bl-board--ranking table")
    header = [th.get_text(strip=True) for th in table.select("thead th")]
    return [dict(zip(header, (c.get_text(strip=True) for c in tr.find_all(["th", "td"])), strict=True))
            for tr in table.select("tbody tr")]


def test_may_ranks_ties_changes_and_year_to_date(board_site):
    rows = ranking(board_site, "leaderboard/2026/05/", "县市区")
    assert [(r["排名"], r["名次变化"], r["单位"], r["得分"], r["累计得分"]) for r in rows] == [
        ("1", "上榜", "青原县", "6.5", "6.5"),
        ("1", "↑1", "林双县", "6.5", "9.5"),
        ("—", "—", "塔河县", "0.0", "6.0"),
    ]


def test_year_table_has_target_share_and_no_change_without_a_previous_year(board_site):
    rows = ranking(board_site, "leaderboard/2026/", "县市区")
    assert list(rows[0]) == ["排名", "单位", "得分", "目标完成率"]
    # 林双县 printed 2 items (0001, 0004) against a target of 4; the others have no target.
    assert [(r["排名"], r["单位"], r["得分"], r["目标完成率"]) for r in rows] == [
        ("1", "林双县", "9.5", "50.0%"), ("2", "青原县", "6.5", ""), ("3", "塔河县", "6.0", "")]


def test_bar_chart_prints_each_units_points_in_rank_order(board_site):
    section = board_site.soup("leaderboard/2026/05/").select_one(".bl-group")
    figure = section.select_one("figure.bl-figure")
    assert figure.figcaption.get_text(strip=True) == "县市区 · 2026年5月得分排名"
    assert [t.get_text() for t in figure.select(".bl-chart__label")] == ["青原县", "林双县", "塔河县"]
    assert [t.get_text() for t in figure.select(".bl-chart__value")] == ["6.5", "6.5", "0.0"]
    widths = [r["width"] for r in figure.select("rect")]
    assert widths[0] == widths[1] and widths[2] == "0.00%" and widths[0] != "0.00%"


def test_each_column_is_explained_on_the_page_and_in_the_help(board_site):
    soup = board_site.soup("leaderboard/2026/05/")
    headers = {th.get_text(strip=True) for th in soup.select(".bl-group thead th")}
    legend = {dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(strip=True) for dt in soup.select(".bl-legend dt")}
    assert headers <= set(legend) and all(legend.values())
    assert "与2026年4月组内名次相比" in legend["名次变化"]
    help_rows = board_site.soup("help/").select("table tbody tr")
    explained = {name.strip() for tr in help_rows for name in tr.find("td").get_text().split("、")}
    missing = {h for h in headers if h not in explained}
    assert missing == set(), f"使用说明 does not explain {missing}"


def test_rules_in_force_are_shown_as_a_table(board_site):
    rules = board_site.soup("leaderboard/2026/05/").select_one(".bl-rules")
    table = rules.select_one("table")
    assert table.caption.get_text(strip=True) == "自2026年1月1日起执行（分）"
    assert [th.get_text(strip=True) for th in table.select("thead th")] == ["事项", "市级", "省级"]
    rows = [[c.get_text(strip=True) for c in tr.find_all(["th", "td"])] for tr in table.select("tbody tr")]
    assert rows == [["上报（每篇次）", "—", "2"], ["采用（单条）", "3", "10"], ["综合采用", "1.5", "5"],
                    ["领导批示（加分）", "—", "50"]]
    assert "每刊用一篇计 3 分" in rules.get_text()


def test_units_link_to_the_events_behind_their_points(board_site):
    soup = board_site.soup("leaderboard/2026/05/")
    link = soup.select_one('.bl-board--ranking tr[data-unit="linshuang"] a')["href"]
    assert link == "../../../units/linshuang/points/2026/05/"        # the monthly ranking: the unit's page of that month
    points = board_site.soup("units/linshuang/points/2026/")
    for may in (points.select_one("#m5"), board_site.soup("units/linshuang/points/2026/05/").select_one("#m5")):
        rows = [[td.get_text(" ", strip=True) for td in tr.find_all("td")] for tr in may.select("tbody tr")]
        assert [(r[0], r[3]) for r in rows] == [("5月18日", "1.5"), ("5月20日", "5.0")]   # 1.5 + 5.0 = 6.5, the May points
        assert "联合报送，得分平分" in rows[0][1] and rows[0][2].startswith("刊用")
        assert rows[1][2] == "省级《参阅信息》综合采用"
    assert [a["href"] for a in points.select(".bl-board--months tbody th a")][:2] == ["04/", "05/"]   # each month's page
    months = {tr.th.get_text(strip=True): [td.get_text() for td in tr.find_all("td")] for tr in points.select(".bl-board--months tbody tr")}
    assert months["4月"] == ["1", "3.0"] and months["5月"] == ["1", "6.5"]


@pytest.mark.parametrize("month, sentences", [
    (5, ["2026年5月，各期刊物共刊发稿件2篇次，向上级报送1篇次，被上级采用1篇次，获领导批示0次。",
         "刊用稿件最多的单位是青原县，共2篇。",                                     # one unit: 共, never 各
         "未报送稿件的单位：青原县、塔河县、应急管理局。其中青原县本月刊用的稿件系此前报送。",
         "无稿件刊用的单位：塔河县、应急管理局。"]),
    (4, ["2026年4月，各期刊物共刊发稿件2篇次，向上级报送0篇次，被上级采用1篇次，获领导批示0次。",
         "刊用稿件最多的单位是塔河县、林双县，各1篇。",                              # several: 各
         "未报送稿件的单位：青原县、应急管理局。",
         "无稿件刊用的单位：青原县、应急管理局。"]),
    (3, ["2026年3月，各期刊物共刊发稿件0篇次，向上级报送0篇次，被上级采用0篇次，获领导批示0次。",
         "本月各单位均无稿件刊用。",                                               # none
         "未报送稿件的单位：林双县、塔河县、青原县、应急管理局。"]),
])
def test_circular_text_reads_right_for_one_several_and_no_units(board_site, month, sentences):
    soup = board_site.soup(f"leaderboard/2026/{month:02d}/")
    assert [p.get_text(strip=True) for p in soup.select(".bl-summary p")] == sentences


def test_circular_is_a_document_with_number_office_and_date(board_site):
    soup = board_site.soup("leaderboard/2026/05/")
    circular = soup.select_one("article.bl-circular")
    assert circular.select_one(".bl-circular__office").get_text(strip=True) == "测试地区行政公署办公室"
    assert circular.select_one(".bl-circular__number").get_text(strip=True) == "〔2026〕5号"   # the default pattern
    assert circular.h1.get_text(strip=True) == "关于2026年5月信息采用情况的通报"
    assert circular.select_one(".bl-circular__to").get_text(strip=True) == "各报送单位："
    # May has ended on the build date (2026-11-25): dated its last day, as April is.
    sign = [p.get_text(strip=True) for p in circular.select(".bl-circular__sign p")]
    assert sign == ["测试地区行政公署办公室", "2026年5月31日"]
    april = board_site.soup("leaderboard/2026/04/").select_one(".bl-circular__sign time")
    assert april.get_text() == "2026年4月30日"


def test_circular_number_follows_the_configured_pattern(tmp_path):
    import shutil
    content = tmp_path / "content"
    shutil.copytree(BOARD, content)
    settings = content / "bulletin.yml"
    settings.write_text(settings.read_text(encoding="utf-8") + "circular_number: 测署办信〔{year}〕{month}号\n", encoding="utf-8")
    site = Site(build_site(content, tmp_path / "site"))
    assert site.soup("leaderboard/2026/05/").select_one(".bl-circular__number").get_text(strip=True) == "测署办信〔2026〕5号"
    home = site.soup("")
    latest = home.select_one(".bl-latest-circular")
    assert "最新通报" in latest.get_text() and latest.a["href"] == "leaderboard/2026/05/"
    assert "测署办信〔2026〕5号" in latest.get_text()


def test_unit_page_counts_topics_by_year_and_links_to_the_cross_listing(board_site):
    soup = board_site.soup("units/linshuang/")
    assert soup.h1.get_text(strip=True) == "林双县人民政府办公室"                    # full name on its own page
    year = soup.select_one(".bl-topic-years section")
    assert year.h3.get_text(strip=True) == "2026年"
    chips = [(li.a.get_text(), li.select_one(".bl-count").get_text(), li.a["href"]) for li in year.select("li")]
    assert chips == [("农业产业化", "2 篇", "topics/agriculture/"), ("安全生产", "1 篇", "topics/safety/")]
    listing = board_site.soup("units/linshuang/topics/agriculture/")
    titles = [a.get_text(strip=True) for a in listing.select(".bl-row__title")]
    assert titles == ["林双县青原县联合整治农资市场", "林双县棉花病虫害预计中度偏重发生"]   # newest first


def test_topic_page_lists_its_units_with_counts(board_site):
    soup = board_site.soup("topics/agriculture/")
    units = [(li.a.get_text(), li.select_one(".bl-count").get_text(), li.a["href"]) for li in soup.select("ul.bl-chips li")]
    # 0001 and 0004 are 林双县's, 0002 塔河县's, 0004 is also 青原县's (joint).
    assert units == [("林双县", "2 篇", "../../units/linshuang/topics/agriculture/"),
                     ("塔河县", "1 篇", "../../units/tahe/topics/agriculture/"),
                     ("青原县", "1 篇", "../../units/qingyuan/topics/agriculture/")]


def test_units_index_uses_short_names(board_site):
    names = [a.get_text() for a in board_site.soup("units/").select(".bl-terms tbody a")]
    assert names == ["林双县", "塔河县", "青原县", "应急管理局"]


def test_cross_listing_and_points_are_paginated_at_fifty(tmp_path):
    """51 more items of 塔河县 on one topic, each forwarded in May: two pages each, not one growing page."""
    import shutil
    content = tmp_path / "content"
    shutil.copytree(BOARD, content)
    for n in range(5, 56):
        (content / "items" / "2026" / f"2026-{n:04d}.md").write_text(
            f"---\nid: 2026-{n:04d}\ntitle: 塔河县稿件{n}\nunit: tahe\ncategory: 动态\ntopics: [safety]\n"
            f"date: 2026-05-{n % 28 + 1:02d}\nstatus: approved\napproved_by: 李华\n"
            f"events:\n  - {{type: forwarded, level: province, date: 2026-05-{n % 28 + 1:02d}}}\n---\n正文。\n", encoding="utf-8")
    site = Site(build_site(content, tmp_path / "site"))
    assert len(site.soup("units/tahe/topics/safety/").select(".bl-row__title")) == 50
    assert len(site.soup("units/tahe/topics/safety/page/2/").select(".bl-row__title")) == 1
    assert Path(site.path("units/tahe/topics/safety/page/3/")).exists() is False
    # 塔河县's credits: April's publication and adoption (2), then 51 forwardings in May: 53 in all.
    # May starts on page 1 and runs on to page 2 of the year's page; the leaderboard's May link opens May's own page.
    first, second = site.soup("units/tahe/points/2026/"), site.soup("units/tahe/points/2026/page/2/")
    assert len(first.select("tr.bl-credit")) == 50 and len(second.select("tr.bl-credit")) == 3
    assert [h.get_text(" ", strip=True) for h in first.select("section h2")] == ["4月 本月 6.0 分", "5月 本月 102.0 分"]
    assert [h.get_text(" ", strip=True) for h in second.select("section h2")] == ["5月（续） 本月 102.0 分"]
    may = site.soup("leaderboard/2026/05/").select_one('.bl-board--ranking tr[data-unit="tahe"] a')["href"]
    assert may == "../../../units/tahe/points/2026/05/"
    may_pages = site.soup("units/tahe/points/2026/05/"), site.soup("units/tahe/points/2026/05/page/2/")   # 51 forwardings: 50 + 1
    assert [len(page.select("tr.bl-credit")) for page in may_pages] == [50, 1]
    year = site.soup("leaderboard/2026/").select_one('.bl-board--ranking tr[data-unit="tahe"] a')["href"]
    assert year == "../../units/tahe/points/2026/"
    summary = {tr.th.get_text(strip=True): tr.find_all("td")[1].get_text() for tr in first.select(".bl-board--months tbody tr")}
    assert summary["5月"] == "102.0"                                  # 51 forwardings x 2 points
