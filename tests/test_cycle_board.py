"""What a reader sees of the units' own points (约稿, 定额, 扣分): the leaderboard's cells, the CSV row,
`bulletin stats`, the circular's sentences, the points page and the JSON, for the office of
tests/test_cycle_scoring.py, built on its build date 2026-09-10. The figures are worked out there."""

import json

import pytest

from conftest import Site, run_cli
from test_cycle_scoring import TODAY, write_content
from test_leaderboard_site import csv_tables, page_tables
from testsupport.site_data import read_split

EPOCH = {"SOURCE_DATE_EPOCH": "1788998400", "BULLETIN_PDF": "off"}   # 2026-09-10 00:00 UTC = TODAY
DAY = TODAY.isoformat()

HEADER_2026 = ["排名", "名次变化", "单位", "报送", "刊用", "上报", "采用·市级", "采用·省级", "批示", "采用率",
               "约稿·按时", "约稿·逾期", "约稿·未报", "未完成定额月数", "扣分", "得分"]
COUNTIES_2026 = [
    # a: 2025 rank 1 -> 1; sent 2+1+2+2+2+2+1+2+2 = 16, printed 0; q1 q2 q3 on time; Feb, Jul under; 8 - 3 = 5
    ["1", "持平", "甲县", "16", "0", "0", "0", "0", "0", "0.0%", "3", "0", "0", "2", "", "5.0"],
    # c: sent 1 (register) but 2 items dated 2026 (i_ac, i_c), of which i_c printed: 采用率 1 / max(1, 2) = 50%
    # (刊用 ÷ 报送 read 100% here, and over 100% where an issue prints earlier months' items);
    # q2 on time, q1 missed; no quota; 迟报 -10 - 15; 2 - 1 - 25 = -24: below 0, no place (—)
    ["—", "—", "丙县", "1", "1", "0", "0", "0", "0", "50.0%", "1", "0", "1", "", "-25.0", "-24.0"],
    # b: nothing recorded as sent; q1 q3 late, q2 missed; 8 months under (Jan-Aug: September runs on 9-10);
    # 漏报瞒报 -30; 0 - 14 - 30 = -44
    ["—", "—", "乙县", "0", "0", "0", "0", "0", "0", "", "0", "2", "1", "8", "-30.0", "-44.0"],
]
DEPARTMENTS_2026 = [
    # old: sent 1+0+1; q2 dissolved, not held; Feb, Apr under: -4, no place (—)
    ["—", "—", "安监局", "2", "0", "0", "0", "0", "0", "0.0%", "0", "0", "0", "2", "", "-4.0"],
    # new: set up 2026 (新); sent 1+1+1+0+1; q3 missed -5; Apr, Aug under -2 - 1: -8
    ["—", "新", "应急局", "4", "0", "0", "0", "0", "0", "0.0%", "0", "0", "1", "2", "", "-8.0"],
]


@pytest.fixture(scope="module")
def content(tmp_path_factory):
    return write_content(tmp_path_factory.mktemp("cycle-site") / "content")


@pytest.fixture(scope="module")
def site(content, tmp_path_factory):
    out = tmp_path_factory.mktemp("cycle-site") / "site"
    result = run_cli("build", "--content", content, "--out", out, "--site-url", "http://intranet.example/bulletin/", env=EPOCH)
    assert result.returncode == 0, result.stdout + result.stderr
    return Site(out)


def lists(tables, header):
    return {group: [[row.get(name, "") for name in header] for row in rows] for group, rows in tables.items()}


def test_the_year_table_shows_requests_quota_months_and_penalties(site):
    tables = page_tables(site, "leaderboard/2026/")
    assert list(tables["县市区"][0]) == ["排名", "名次变化", "单位", "得分", *HEADER_2026[3:-1]]   # ranking, then details
    assert lists(tables, HEADER_2026) == {"县市区": COUNTIES_2026, "部门": DEPARTMENTS_2026}


def test_the_csv_carries_the_same_cells_and_keeps_deductions_numbers(site):
    spreadsheet = csv_tables(site, 2026, "2026年")
    assert spreadsheet["县市区"] == (HEADER_2026, COUNTIES_2026)
    assert spreadsheet["部门"] == (HEADER_2026, DEPARTMENTS_2026)
    raw = (site.root / "data" / "leaderboard-2026.csv").read_bytes().decode("utf-8-sig")
    assert "2026年,县市区,—,—,乙县,0,0,0,0,0,0,,0,2,1,8,-30.0,-44.0\r\n" in raw    # no ' before a negative number


def stats(content, *args):
    result = run_cli("stats", "--content", content, "--year", "2026", "--group", "县市区", *args)
    assert result.returncode == 0, result.stderr
    block = result.stdout.strip().split("\n\n")[-1].splitlines()
    return block[1].split(), [line.split() for line in block[2:]]


def test_stats_judge_requests_and_quotas_on_the_given_date(content):
    assert stats(content, "--date", DAY) == (HEADER_2026, [[cell for cell in row if cell] for row in COUNTIES_2026])
    # On 10-01 q4 (due 9-30) is decided and September has ended (R2): b misses q4 (-5) and September (0 of 1, -1);
    # October runs and owes nothing yet: 9 months under quota
    header, rows = stats(content, "--date", "2026-10-01")
    assert rows[2] == ["—", "—", "乙县", "0", "0", "0", "0", "0", "0", "0", "2", "2", "9", "-30.0", "-50.0"]  # -44 - 5 - 1


def test_stats_refuse_a_date_that_is_not_one(content):
    result = run_cli("stats", "--content", content, "--date", "2026-02-30")
    assert result.returncode == 2 and "不是日期" in result.stderr and "Traceback" not in result.stderr


def test_columns_show_only_where_the_period_has_them(site):
    def headers(url):
        return [th.get_text(strip=True) for th in site.soup(url).select(".bl-board--details thead th")][:20]
    may = headers("leaderboard/2026/05/")      # nothing due in May, no penalty; quotas are scored
    assert "未完成定额月数" in may and not {"约稿·按时", "约稿·逾期", "约稿·未报", "扣分"} & set(may)
    june = headers("leaderboard/2026/06/")     # c's 迟报 on 6-30
    assert "扣分" in june and "约稿·按时" not in june
    year_2025 = headers("leaderboard/2025/")   # no submissions file, no requests, no penalties
    assert not {"报送", "约稿·按时", "未完成定额月数", "扣分"} & set(year_2025)


def test_the_rules_table_lists_the_units_own_points(site):
    tables = site.soup("leaderboard/2026/").select(".bl-rules table:not(.bl-table--own)")
    assert [t.caption.get_text(strip=True) for t in tables] == ["自2026年1月1日起执行（分）", "自2026年7月1日起执行（分）"]
    # the points by level: every row has a cell per level (市级, 省级), none a single value under the last level
    assert all(len(tr.select("td")) == 2 for t in tables for tr in t.select("tbody tr"))
    own = site.soup("leaderboard/2026/").select(".bl-rules .bl-table--own")
    assert len(own) == 2 and [th.get_text(strip=True) for th in own[1].select("thead th")] == ["约稿、定额和扣分（不分级别）", "分值"]
    rows = [[c.get_text(strip=True) for c in tr.find_all(["th", "td"])] for tr in own[1].select("tbody tr")]
    assert rows == [["约稿按时报送（每次）", "4"], ["约稿逾期报送（每次）", "2"], ["约稿未报送（每次）", "-5"],
                    ["未完成月度定额（每月）", "-1"], ["扣分（迟报，每次）", "-15"], ["扣分（漏报瞒报，每次）", "-30"]]
    assert not any(tr.td.get("colspan") for t in tables for tr in t.select("tbody tr"))
    assert "约稿、定额和扣分是单位自身的得分" in site.soup("leaderboard/2026/").select_one(".bl-rules").get_text()


@pytest.mark.parametrize("month, sentences", [
    (3, ["《关于报送春耕备耕情况的约稿》限2026年3月10日前报送。按时报送的单位：甲县；逾期报送的单位：乙县；未报送的单位：丙县。",
         "未完成月度报送定额的单位：乙县（报送0篇，定额1篇）。"]),                 # a sent 2 of 2, old 1 of 1
    (4, ["《关于报送安全生产情况的约稿》限2026年4月20日前报送。按时报送的单位：甲县、丙县；未报送的单位：乙县。",   # old: dissolved, unnamed
         "未完成月度报送定额的单位：乙县（报送0篇，定额1篇）、安监局（报送0篇，定额1篇）、应急局（报送0篇，定额1篇）。"]),
    (6, ["未完成月度报送定额的单位：乙县（报送0篇，定额1篇）。",
         "本月扣分：丙县迟报扣10分（暴雨灾情迟报）。"]),                          # R1
    (7, ["《关于报送汛期防灾减灾情况的约稿》限2026年7月15日前报送。按时报送的单位：甲县；逾期报送的单位：乙县；未报送的单位：应急局。",
         "未完成月度报送定额的单位：甲县（报送1篇，定额2篇）、乙县（报送0篇，定额1篇）。",
         "本月扣分：丙县迟报扣15分（冰雹灾情迟报）。"]),                          # R2
    # the running month, as of 9-10: its quota is judged once the month has ended
    (9, ["《关于报送秋收情况的约稿》限2026年9月30日前报送，尚未到期，已报送的单位：甲县。"]),
])
def test_the_circular_names_late_and_missing_units_quotas_and_penalties(site, content, month, sentences):
    soup = site.soup(f"leaderboard/2026/{month:02d}/")
    assert [p.get_text(strip=True) for p in soup.select(".bl-summary p.bl-summary__own")] == sentences
    if sentences[0].startswith("《"):
        assert soup.select_one(".bl-summary__own a")["href"].endswith(f"requests/q{ {3: 1, 4: 2, 7: 3, 9: 4}[month] }/")
    terminal = run_cli("stats", "--content", content, "--year", "2026", "--month", month, "--date", DAY).stdout
    assert terminal.split("\n\n")[0].splitlines()[-len(sentences):] == sentences    # the same words in the terminal


def test_the_points_page_traces_the_units_own_points(site):
    soup = site.soup("units/b/points/2026/")
    intro = " ".join(soup.select_one(".bl-intro").get_text().split())
    assert intro == ("乙县人民政府办公室（县市区）2026年共得 -44.0 分：刊用 0 篇次，上报 0 次，被上级采用 0 次，获批示 0 次；"
                     "约稿按时报送 0 次、逾期报送 2 次、未报送 1 次；月度定额 1 篇，未完成 8 个月；扣分 1 次。")
    months = soup.select_one(".bl-board--months")
    assert [th.get_text(strip=True) for th in months.select("thead th")] == ["月份", "刊用", "稿件得分", "约稿", "定额", "扣分", "得分"]
    rows = {tr.th.get_text(strip=True): [td.get_text(strip=True) for td in tr.find_all("td")] for tr in months.select("tbody tr")}
    assert rows["3月"] == ["0", "0.0", "1.0", "-2.0", "0.0", "-1.0"]      # q1 late +1, under quota -2
    assert rows["4月"] == ["0", "0.0", "-3.0", "-2.0", "0.0", "-5.0"]     # q2 missed -3, -2
    assert rows["7月"] == ["0", "0.0", "2.0", "-1.0", "0.0", "1.0"]       # q3 late +2 (R2), -1 (R2)
    assert rows["8月"] == ["0", "0.0", "0.0", "-1.0", "-30.0", "-31.0"]   # -1, 漏报瞒报 -30
    own = soup.select_one(".bl-own")
    assert own.h2.span.get_text(strip=True) == "共 -44.0 分"      # requests 0, quota -14 (Jan-Aug), penalty -30
    tables = own.select("table")
    requests = [[c.get_text(strip=True) for c in tr.find_all(["th", "td"])] for tr in tables[0].select("tbody tr")]
    assert requests == [
        ["关于报送春耕备耕情况的约稿", "2026年3月10日", "逾期报送：稿件i_b1（2026年3月15日）", "1.0"],
        ["关于报送安全生产情况的约稿", "2026年4月20日", "未报送", "-3.0"],
        ["关于报送汛期防灾减灾情况的约稿", "2026年7月15日", "逾期报送：稿件i_b3（2026年7月20日）", "2.0"],
        ["关于报送秋收情况的约稿", "2026年9月30日", "尚未报送", "—"],          # open on 9-10
    ]
    assert tables[0].select_one("tbody th a")["href"].endswith("requests/q1/")
    quota = [[c.get_text(strip=True) for c in tr.find_all(["th", "td"])] for tr in tables[1].select("tbody tr")]
    # the months that have ended on 9-10: January to August (September still runs)
    assert quota[0] == ["1月", "0", "1", "-2.0"] and quota[-1] == ["8月", "0", "1", "-1.0"] and len(quota) == 8
    penalties = [[c.get_text(strip=True) for c in tr.find_all(["th", "td"])] for tr in tables[2].select("tbody tr")]
    assert penalties == [["2026年8月5日", "漏报瞒报", "山洪灾情漏报", "-30.0"]]
    assert not soup.select(".bl-board--by-item tbody tr")            # by item: items only, and b printed none


def test_a_dissolved_unit_is_shown_not_held_to_the_request(site):
    rows = [[c.get_text(strip=True) for c in tr.find_all(["th", "td"])]
            for tr in site.soup("units/old/points/2026/").select(".bl-own table")[0].select("tbody tr")]
    assert rows == [["关于报送安全生产情况的约稿", "2026年4月20日", "已撤并，不计", "—"]]


def test_a_unit_with_items_only_keeps_the_plain_months_table(site):
    soup = site.soup("units/a/points/2025/")
    assert [th.get_text(strip=True) for th in soup.select(".bl-board--months thead th")] == ["月份", "刊用", "得分"]
    assert soup.select_one(".bl-own") is None


def test_the_json_carries_the_own_figures(site, content, tmp_path):
    data = read_split(site.root, "leaderboard")
    year = next(p for p in data["periods"] if p["key"] == "2026")
    b = next(u for g in year["groups"] for u in g["units"] if u["id"] == "b")
    assert (b["requests"], b["quota_missed"], b["penalties"]) == ({"on_time": 0, "late": 2, "missed": 1}, 8, {"漏报瞒报": 1})
    assert b["points_by_kind"] == {"published": 0.0, "forwarded": 0.0, "adopted": 0.0, "instruction": 0.0,
                                   "request": 0.0, "quota": -14.0, "penalty": -30.0}    # 1 - 3 + 2 = 0; Jan-Jun 6 x -2 + Jul-Aug 2 x -1
    assert b["points_by_kind_exact"]["quota"] == "-14" and b["points_exact"] == "-44"
    out = tmp_path / "bulletin.json"
    assert run_cli("export", "--json", "--date", DAY, "--content", content, "--out", out).returncode == 0
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["leaderboard"] == data["periods"]                 # judged on the same day as the site
    assert document["bulletin"]["scoring"][2] == {
        "since": "2026-07-01", "published": 2, "forwarded": {"province": 2}, "adopted": {"city": 3, "province": 10},
        "publications": {}, "combined": 0.5, "instruction": {"province": 50}, "request_answered": 4, "request_late": 2,
        "request_missed": -5, "quota_missed": -1, "penalties": {"迟报": -15, "漏报瞒报": -30}}


def test_points_by_item_say_in_words_what_earned_them(site):
    soup = site.soup("units/c/points/2026/")
    rows = [[c.get_text(strip=True) for c in tr.find_all(["th", "td"])] for tr in soup.select(".bl-board--by-item tbody tr")]
    assert rows == [["稿件i_c", "刊用1次", "2.0"]]                     # printed in 第1期 (5-10, R1: +2); no "1 项"
    assert [th.get_text(strip=True) for th in soup.select(".bl-board--by-item thead th")] == ["稿件", "得分来自", "得分"]
    assert soup.select_one("#own").get_text(strip=True).startswith("约稿、定额和扣分")
