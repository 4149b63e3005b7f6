"""年度考核 against hand-computed expectations: the domain, the page's cells and the JSON.

The archive below is small enough to score by hand; each expectation's comment shows the sum.
Rules: R1 from 2025-01-01 (刊用 2, 上报 1, 采用 10, 批示 20, 约稿 +2/+1/-3, 缺报 -2, 迟报 -10),
R2 from 2025-07-01 (刊用 3, 采用 12, 未报 -4, 迟报 -15; the rest as R1). The build date is
2026-11-25 (conftest's), so 2025 is final and 2026 provisional.
"""

import json
from datetime import date
from fractions import Fraction

import pytest

from bulletin.archive import Archive
from bulletin.cycle.assessment import assess
from bulletin.cycle.authors import Authors
from bulletin.content.load import load_content
from bulletin.cycle.scoring import Leaderboard
from conftest import Site, build_site

BULLETIN = """\
publisher: 测试地区行政公署办公室
series:
  - {id: zwxx, name: 政务信息}
categories: [动态]
groups: [县市区, 部门, 乡镇]
levels:
  - {id: province, name: 省级}
scoring:
  - since: 2025-01-01
    published: 2
    forwarded: {province: 1}
    adopted: {province: 10}
    combined: 0.5
    instruction: {province: 20}
    request_answered: 2
    request_late: 1
    request_missed: -3
    quota_missed: -2
    penalties: {迟报: -10}
  - since: 2025-07-01
    published: 3
    forwarded: {province: 1}
    adopted: {province: 12}
    combined: 0.5
    instruction: {province: 20}
    request_answered: 2
    request_late: 1
    request_missed: -4
    quota_missed: -2
    penalties: {迟报: -15}
awards: {units: {县市区: 2, 部门: 3}, authors: 4}
"""
UNITS = """\
- {id: a, name: 甲县人民政府办公室, short: 甲县, group: 县市区, target: 4}
- {id: b, name: 乙县人民政府办公室, short: 乙县, group: 县市区}
- {id: c, name: 丙县人民政府办公室, short: 丙县, group: 县市区}
- {id: d, name: 丁县人民政府办公室, short: 丁县, group: 县市区, quota: 1}
- {id: e, name: 戊县人民政府办公室, short: 戊县, group: 县市区}
- {id: old, name: 原安全生产监督管理局, short: 安监局, group: 部门, until: 2025-06-30, successor: new}
- {id: new, name: 应急管理局, short: 应急局, group: 部门}
- {id: f, name: 财政局, short: 财政局, group: 部门}
- {id: z1, name: 甲镇人民政府, short: 甲镇, group: 乡镇}
- {id: z2, name: 乙镇人民政府, short: 乙镇, group: 乡镇}
"""
ADOPTED = "{{type: adopted, level: province, publication: 昨日要情, date: {}}}"
ITEMS = {
    # id: (unit, date, extra front matter, events)
    "a1": ("a", "2025-03-01", "authors: [张三]", [ADOPTED.format("2025-08-10")]),            # adopted under R2
    "d1": ("d", "2025-03-01", "authors: [张三]", [ADOPTED.format("2025-03-20"),             # another 张三: 丁县's
                                                 "{type: instruction, level: province, leader: 副省长, date: 2025-03-25}"]),
    "c1": ("c", "2025-04-01", "authors: [赵六]", ["{type: forwarded, level: province, date: 2025-04-06}",
                                                 "{type: adopted, level: province, publication: 综合, form: combined, date: 2025-07-15}"]),
    # no authors: credits its unit, which is never a 先进个人; adopted again after the unit was dissolved
    "old1": ("old", "2025-04-01", "", ["{type: forwarded, level: province, date: 2025-04-10}", ADOPTED.format("2025-05-01"),
                                       ADOPTED.format("2026-02-10")]),
    "e1": ("e", "2025-05-10", "request: r1\nauthors: [孙八]", []),
    "a2": ("a", "2025-09-01", "co_units: [b]\nauthors: [李四, 王五]", [ADOPTED.format("2025-09-10")]),   # joint, two authors
    "ce1": ("c", "2025-09-01", "co_units: [e]", []),
    "new1": ("new", "2025-08-01", "", []),
    "z1a": ("z1", "2025-06-01", "", []),
    "b1": ("b", "2025-10-01", "authors: [钱七]", []),
    "f1": ("f", "2025-10-01", "authors: [周九]", []),
    "a3": ("a", "2026-03-20", "request: r2\nauthors: [张三]", []),   # answers r2 late (due 03-10)
    "new2": ("new", "2026-03-01", "", []),
}
ISSUES = {
    "2025/001": ("2025-03-05", ["a1", "d1"]),                        # R1: 2 each
    "2025/002": ("2025-04-05", ["c1", "old1"]),                      # R1: 2 each
    "2025/003": ("2025-09-05", ["a2", "ce1", "e1", "new1", "z1a"]),  # R2: 3 each (a2, ce1 split in two)
    "2025/004": ("2025-10-08", ["b1", "f1"]),                        # R2: 3 each
    "2026/001": ("2026-03-05", ["new2"]),
    "2026/002": ("2026-04-01", ["a3"]),
}
REQUESTS = {
    "2025/r1": "id: r1\ntitle: 关于报送汛期情况的约稿\ndate: 2025-05-01\ndue: 2025-05-15\nunits: [d, e]\n",
    "2026/r2": "id: r2\ntitle: 关于报送春耕情况的约稿\ndate: 2026-03-01\ndue: 2026-03-10\nunits: [a]\n",
}
PENALTIES = """\
- {unit: d, type: 迟报, date: 2025-05-10, note: 暴雨灾情迟报}
- {unit: d, type: 迟报, date: 2025-08-01, note: 火情迟报}
- {unit: f, type: 迟报, date: 2025-11-01, note: 雪灾迟报}
"""
# 丁县 owes 1 a month: May is missing (scored 2025-05-31 under R1: -2); no 2026 counts, so no 2026 quota
SUBMISSIONS = "d: {1: 1, 2: 1, 3: 1, 4: 1, 6: 1, 7: 1, 8: 1, 9: 1, 10: 1, 11: 1, 12: 1}\n"
BUILT = date(2026, 11, 25)


def write_content(root):
    for folder in ("submissions", "penalties", "requests/2025", "requests/2026", "issues/zwxx/2025", "issues/zwxx/2026",
                   "items/2025", "items/2026"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    (root / "bulletin.yml").write_text(BULLETIN, encoding="utf-8")
    (root / "units.yml").write_text(UNITS, encoding="utf-8")
    (root / "topics.yml").write_text("- {id: t, name: 主题}\n", encoding="utf-8")
    (root / "submissions" / "2025.yml").write_text(SUBMISSIONS, encoding="utf-8")
    (root / "penalties" / "2025.yml").write_text(PENALTIES, encoding="utf-8")
    for name, text in REQUESTS.items():
        (root / "requests" / f"{name}.yml").write_text(text, encoding="utf-8")
    for item_id, (unit, day, extra, events) in ITEMS.items():
        lines = [f"id: {item_id}", f"title: 稿件{item_id}", f"unit: {unit}", extra, "category: 动态", "topics: [t]",
                 f"date: {day}", "status: approved", "approved_by: 审核人"]
        if events:
            lines += ["events:"] + [f"  - {event}" for event in events]
        (root / "items" / day[:4] / f"{item_id}.md").write_text(
            "---\n" + "\n".join(line for line in lines if line) + "\n---\n正文。\n", encoding="utf-8")
    for name, (day, items) in ISSUES.items():
        year, number = name.split("/")
        (root / "issues" / "zwxx" / year / f"{number}.yml").write_text(
            f"series: zwxx\nnumber: {int(number)}\ndate: {day}\nsigner: 签发人\nitems: [{', '.join(items)}]\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def content(tmp_path_factory):
    return write_content(tmp_path_factory.mktemp("assessment") / "content")


@pytest.fixture(scope="module")
def board(content):
    return Leaderboard(Archive(load_content(content)), BUILT)


@pytest.fixture(scope="module")
def assessed(board):
    authors = Authors(board)
    return {year: assess(board, authors, year) for year in (2025, 2026)}


def group_rows(assessment, group):
    found = next(g for g in assessment.groups if g.group == group)
    return [(row.standing.rank, row.standing.unit.id, row.standing.tally.points, row.advanced) for row in found.units]


# -- the domain ------------------------------------------------------------------------------------

def test_top_places_per_group_name_every_unit_tied_on_the_last_place(assessed):
    assert group_rows(assessed[2025], "县市区") == [
        (1, "a", Fraction(43, 2), True),   # a1: 2 (R1) + 12 (adopted under R2); a2 joint with b: 3/2 + 12/2 = 7.5 -> 21.5
        (2, "b", Fraction(21, 2), True),   # a2: 7.5; b1: 3 -> 10.5 (both published 2; b before c in units.yml)
        (2, "c", Fraction(21, 2), True),   # c1: 2 + 1 + 12 x 0.5 = 9; ce1 joint with e: 3/2 -> 10.5: tied, named
        (4, "e", Fraction(13, 2), False),  # r1 on time: 2 (R1); e1: 3; ce1: 1.5 -> 6.5
        (5, "d", Fraction(2), False),      # d1: 2 + 10 + 20 = 32; 迟报 -10 (R1) -15 (R2); r1 missed -3; May under quota -2 -> 2
    ]
    assert [row.standing.unit.id for row in assessed[2025].groups[0].advanced] == ["a", "b", "c"]   # 2 places, 3 named


def test_penalties_a_missed_request_and_a_missed_month_drop_a_unit_below_another(assessed):
    d = next(row for row in assessed[2025].groups[0].units if row.standing.unit.id == "d")
    tally = d.standing.tally
    assert tally.item_points == 32                       # d1: 2 + 10 + 20: first in the group before deductions
    assert d.penalty_points == -27                       # 迟报 -10 - 15, May -2 (the missed request's -3 is not 扣分)
    assert tally.points_by_kind["request"] == -3         # r1 missed, scored on its due date under R1
    assert (tally.requests_asked, tally.requests["missed"], tally.quota_missed) == (1, 1, 1)


def test_a_unit_with_no_points_above_zero_is_never_named_and_a_dissolved_unit_keeps_its_part_year(assessed):
    assert group_rows(assessed[2025], "部门") == [
        (1, "old", Fraction(13), True),    # dissolved 2025-06-30: old1 2 + 1 + 10 before it; named (it existed in 2025)
        (2, "new", Fraction(3), True),     # new1: 3 (R2)
        (3, "f", Fraction(-12), False),    # f1: 3; 迟报 -15 (R2) -> -12: within the 3 places, never named
    ]


def test_a_group_without_places_names_no_one(assessed):
    group = assessed[2025].groups[2]
    assert (group.group, group.places) == ("乡镇", 0)                    # 乡镇 is not in awards.units
    assert group_rows(assessed[2025], "乡镇") == [(1, "z1", Fraction(3), False), (2, "z2", Fraction(0), False)]


def test_a_unit_gone_before_the_year_is_listed_but_takes_no_place(assessed):
    assert group_rows(assessed[2026], "部门") == [
        (1, "old", Fraction(12), False),   # old1 adopted 2026-02-10 (R2: 12) though old was dissolved in 2025
        (2, "new", Fraction(3), True),     # new2: 3: first of the units that existed in 2026
        (3, "f", Fraction(0), False),
    ]
    assert [row.eligible for row in assessed[2026].groups[1].units] == [False, True, True]
    assert group_rows(assessed[2026], "县市区")[0] == (1, "a", Fraction(4), True)   # r2 late: 1; a3: 3


def test_authors_top_places_with_a_tie_and_never_a_unit(assessed):
    named = [(s.rank, s.author.name, s.author.unit.id, s.tally.points) for s in assessed[2025].authors]
    assert named == [
        (1, "张三", "d", Fraction(32)),        # d1: 2 + 10 + 20 (penalties and requests are the unit's, not the author's)
        (2, "张三", "a", Fraction(14)),        # a1: 2 + 12; another person than 丁县's 张三
        (3, "赵六", "c", Fraction(9)),         # c1: 2 + 1 + 6 (old1's 13 credits 安监局 itself and takes no place)
        (4, "李四", "a", Fraction(15, 2)),     # a2: (3 + 12) / 2 authors
        (4, "王五", "a", Fraction(15, 2)),     # tied on the 4th and last place: both named
    ]
    assert [(s.author.name, s.tally.points) for s in assessed[2026].authors] == [("张三", Fraction(3))]   # a3: 3


def test_a_running_year_is_provisional_and_a_past_one_final(assessed):
    assert (assessed[2025].provisional, assessed[2025].as_of) == (False, None)
    assert (assessed[2026].provisional, assessed[2026].as_of) == (True, BUILT)


def test_without_awards_no_one_is_named(board):
    from dataclasses import replace
    archive = board.archive
    bare = Leaderboard(archive, BUILT)
    bare.settings = replace(archive.settings, awards=None)
    assessment = assess(bare, Authors(bare), 2025)
    assert assessment.awards is None and assessment.authors == [] and assessment.advanced_units == []
    assert [row.standing.unit.id for row in assessment.groups[0].units] == ["a", "b", "c", "e", "d"]   # still ranked


# -- the page and the JSON -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def site(content, tmp_path_factory):
    return Site(build_site(content, tmp_path_factory.mktemp("assessment-site") / "site", pdf=False))


def page_groups(site, url):
    """{group: [{column: cell}]} from the page's tables, by each cell's data-col."""
    soup = site.soup(url)
    return {section.h3.get_text(strip=True): [{cell["data-col"]: cell.get_text(strip=True) for cell in tr.find_all(["th", "td"])}
                                              for tr in section.select("tbody tr")]
            for section in soup.select(".bl-assess-group")}


COLUMNS = ["名次", "单位", "刊用", "上报", "采用", "批示", "目标完成率", "约稿已报/应报", "约稿未报", "未完成定额月数", "扣分", "得分", "评定"]


def test_the_page_shows_each_groups_figures_and_marks_the_advanced(site):
    groups = page_groups(site, "leaderboard/2025/kaohe/")
    assert list(groups) == ["县市区", "部门", "乡镇"]
    assert [[row[col] for col in COLUMNS] for row in groups["县市区"]] == [
        ["1", "甲县", "2", "0", "2", "0", "50.0%", "", "", "", "", "21.5", "先进单位"],   # a1, a2 of a target of 4
        ["2", "乙县", "2", "0", "1", "0", "", "", "", "", "", "10.5", "先进单位"],
        ["2", "丙县", "2", "1", "1", "0", "", "", "", "", "", "10.5", "先进单位"],
        ["4", "戊县", "2", "0", "0", "0", "", "1/1", "0", "", "", "6.5", ""],
        ["5", "丁县", "1", "0", "1", "1", "", "0/1", "1", "1", "-25.0", "2.0", ""],   # 扣分 as on the leaderboard: -10 - 15 (the month under quota is 未完成定额月数)
    ]
    assert [[row[col] for col in ("名次", "单位", "扣分", "得分", "评定")] for row in groups["部门"]] == [
        ["1", "安监局", "", "13.0", "先进单位"], ["2", "应急局", "", "3.0", "先进单位"], ["—", "财政局", "-15.0", "-12.0", ""]]   # below 0: no place
    heads = [th["data-col"] if th.has_attr("data-col") else th.get_text(strip=True)
             for th in site.soup("leaderboard/2025/kaohe/").select(".bl-assess-group")[0].select("tbody tr")[0].find_all(["th", "td"])]
    assert heads[:4] == ["名次", "单位", "得分", "评定"]   # what the page is for, on a phone's first screen
    assert [[row[col] for col in ("名次", "单位", "得分", "评定")] for row in groups["乡镇"]] == [
        ["1", "甲镇", "3.0", ""], ["—", "乙镇", "0.0", ""]]


def test_the_page_names_the_advanced_units_and_persons(site):
    soup = site.soup("leaderboard/2025/kaohe/")
    assert soup.h1.get_text(strip=True) == "2025年度信息工作考核结果"
    assert soup.select_one(".bl-assessment__office").get_text(strip=True) == "测试地区行政公署办公室"
    assert "统计期间：2025年1月1日至12月31日" in site.text("leaderboard/2025/kaohe/")
    named = {dd["data-group"]: dd.get_text(strip=True) for dd in soup.select(".bl-assess-list dd")}
    assert named == {"县市区": "甲县人民政府办公室、乙县人民政府办公室、丙县人民政府办公室。",
                     "部门": "原安全生产监督管理局、应急管理局。", "乡镇": "本组不设先进单位名额。"}
    persons = [[td.get_text(strip=True) for td in tr.find_all(["th", "td"])] for tr in soup.select(".bl-assess-persons tbody tr")]
    assert persons == [["1", "张三", "丁县人民政府办公室", "32.0"], ["2", "张三", "甲县人民政府办公室", "14.0"],
                       ["3", "赵六", "丙县人民政府办公室", "9.0"], ["4", "李四", "甲县人民政府办公室", "7.5"],
                       ["4", "王五", "甲县人民政府办公室", "7.5"]]
    notes = [p.get_text(strip=True) for p in soup.select(".bl-assess-group .bl-note")]
    assert notes == ["安监局于2025年6月30日撤并，所列为撤并前的数据（撤并后其稿件被采用的得分也计入）。"]
    rules = [caption.get_text(strip=True) for caption in soup.select(".bl-board--rules caption")]
    assert rules == ["自2025年1月1日起执行（分）", "自2025年7月1日起执行（分）"]        # both sets were in force in 2025
    second = {tr.th.get_text(strip=True): [td.get_text(strip=True) for td in tr.select("td")]
              for tr in soup.select(".bl-board--rules")[1].select("tbody tr")}
    assert second["扣分（迟报，每次）"] == ["-15"]        # the set from 2025-07-01 prices 迟报 at -15


def test_a_running_year_says_as_of_the_build_date(site):
    soup = site.soup("leaderboard/2026/kaohe/")
    assert soup.select_one(".bl-assessment__status--provisional").get_text(strip=True).startswith("截至2026年11月25日")
    groups = page_groups(site, "leaderboard/2026/kaohe/")
    assert [[row[col] for col in ("名次", "单位", "约稿已报/应报", "得分", "评定")] for row in groups["县市区"]][0] == [
        "1", "甲县", "1/1", "4.0", "先进单位"]                                           # r2 late 1 + a3 3
    assert [[row[col] for col in ("名次", "单位", "得分", "评定")] for row in groups["部门"]] == [
        ["1", "安监局", "12.0", "不参评"], ["2", "应急局", "3.0", "先进单位"], ["—", "财政局", "0.0", ""]]
    assert "未完成定额月数" not in groups["县市区"][0] and "扣分" not in groups["县市区"][0]   # no 2026 counts, no penalties


def test_the_data_file_carries_each_years_assessment(site):
    document = json.loads((site.root / "data" / "assessment.json").read_text(encoding="utf-8"))
    years = {entry["year"]: entry for entry in document["assessments"]}
    assert list(years) == [2026, 2025]
    past = years[2025]
    assert (past["provisional"], past["as_of"], past["awards"]) == (False, None, {"units": {"县市区": 2, "部门": 3}, "authors": 4})
    counties = past["groups"][0]
    assert [(u["id"], u["rank"], u["points"], u["points_exact"], u["advanced"]) for u in counties["units"]] == [
        ("a", 1, 21.5, "43/2", True), ("b", 2, 10.5, "21/2", True), ("c", 2, 10.5, "21/2", True),
        ("e", 4, 6.5, "13/2", False), ("d", 5, 2.0, "2", False)]
    d = counties["units"][-1]
    assert (d["requests"], d["quota_missed"], d["penalties"], d["deductions"]) == (
        {"asked": 1, "on_time": 0, "late": 0, "missed": 1}, 1, {"迟报": 2}, -27.0)
    assert [(a["rank"], a["key"], a["points"]) for a in past["authors"]] == [
        (1, "d/张三", 32.0), (2, "a/张三", 14.0), (3, "c/赵六", 9.0), (4, "a/李四", 7.5), (4, "a/王五", 7.5)]
    running = years[2026]
    assert (running["provisional"], running["as_of"]) == (True, "2026-11-25")
    assert [(u["id"], u["advanced"], u["eligible"]) for u in running["groups"][1]["units"]] == [
        ("old", False, False), ("new", True, True), ("f", False, True)]


def test_without_awards_the_tables_show_and_the_page_says_no_one_is_named(minimal_site):
    site = minimal_site
    soup = site.soup("leaderboard/2026/kaohe/")
    assert soup.select(".bl-assess-table tbody tr") and not soup.select("[data-col='评定']")
    assert not soup.select(".bl-assess-advanced")
    assert [p.get_text(strip=True) for p in soup.select(".bl-assess-none")] == [
        "本年度未设定评先名额，只列各单位考核得分，不评定先进单位和先进个人。", "本年度未设定评先名额，不评定先进个人。"]
    document = json.loads((site.root / "data" / "assessment.json").read_text(encoding="utf-8"))
    assert all(entry["awards"] is None and entry["authors"] == [] for entry in document["assessments"])
    assert not any(unit["advanced"] for entry in document["assessments"] for g in entry["groups"] for unit in g["units"])


# -- printed (Ctrl+P) and on a phone, in Debian's Chromium ------------------------------------------

@pytest.fixture(scope="module")
def served(site):
    from conftest import serve
    server, url = serve(site.root)
    yield url
    server.shutdown()


def pdf_pages(path):
    import subprocess
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return ["".join(page.split()) for page in text.split("\f") if page.strip()]


def test_printing_the_page_gives_a_clean_a4_document(page, served, tmp_path):
    page.emulate_media(media="print")     # before loading: no colour transition from the screen's to read mid-way
    page.goto(served + "leaderboard/2025/kaohe/")
    pdf = tmp_path / "kaohe.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True)
    pages = pdf_pages(pdf)
    assert pages[0].startswith("测试地区行政公署办公室2025年度信息工作考核结果")   # the document's heading, nothing above it
    everything = "".join(pages)
    for chrome in ("往期刊物", "报送单位主题", "检索稿件", "主办单位", "下载", "跳到"):   # nav, header, footer, downloads, jumps
        assert chrome not in everything
    for group, first in (("县市区", "1甲县"), ("部门", "1安监局"), ("乡镇", "1甲镇")):   # a heading stays with its table
        assert any(first in text and group in text[:text.index(first)] for text in pages), group
    styles = page.evaluate("""() => {
        const row = document.querySelector('.bl-assess-table tbody tr.bl-assess-advanced');
        const cell = getComputedStyle(row.querySelector('th a'));
        return {row: getComputedStyle(row).breakInside, color: cell.color, background: getComputedStyle(row.querySelector('td')).backgroundColor,
                head: getComputedStyle(document.querySelector('.bl-assess-group h3')).breakAfter};
    }""")
    assert styles == {"row": "avoid", "color": "rgb(0, 0, 0)", "background": "rgb(255, 255, 255)", "head": "avoid"}


def test_on_a_phone_only_the_tables_scroll(browser, served):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    phone = context.new_page()
    phone.goto(served + "leaderboard/2025/kaohe/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    region = phone.locator(".bl-board--assessment").first
    assert region.get_attribute("tabindex") == "0"        # a keyboard reaches the columns scrolled out of view
    context.close()
