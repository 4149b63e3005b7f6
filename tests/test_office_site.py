"""The office fixture built as a site (tests/fixtures/office/ over the sample; built on 2026-11-25):
what a unit head, the 信息科 and a leader read of 批示督办, 一票否决 and 信息员, checked against hand
sums. The sample without them builds the same site as before (tests/test_reference.py).

Hand sums (rules in tests/fixtures/office/bulletin.yml: 督办 until 8-31 done +2, late -3, missed -5;
from 9-01 done +2, late -5, missed -10):
- 红旗乡, 2026-0051 (市长 8-03 批示), due 8-31, no feedback: 逾期未反馈, 9-01 to 11-25 = 30 + 31 + 25 = 86 days; -5.
- 应急管理局, 2026-0053, due 9-10, fed back 9-18: 逾期反馈 8 days; -5 (the 9-01 rules).
- 金沙县, 2026-0053, due 9-10, no feedback: 逾期未反馈; -10. 金沙县 also has 漏报瞒报 on 9-14: 一票否决.
- 人社局, 2026-0034, due 6-30, fed back 6-26 with the report 2026-0901: 按期反馈; +2.
- 林双县, 2026-0902 (专员 11-18 批示), due 12-10: 待反馈, not scored.
信息员 (judged: January to October 2026, in post all month; counts from the sample's authors and editors):
- 刘洋, 1 item a month: none in April and October: 2 months, 称职，不评优秀.
- 马涛, 1 item a month: none in April, June, October: 3 months, 不称职.
- 李敏, 1 issue a month from 3-01: none in September: 1 month, 称职，可评优秀.
"""

import json

from conftest import Site
from testsupport.site_data import read_split


def followup_rows(site: Site, url: str) -> dict[str, str]:
    """Each follow-up row's text, by its item's title."""
    return {" ".join(row.select_one("a[href*='items/']").get_text().split()): " ".join(row.get_text(" ").split())
            for row in site.soup(url).select("li.bl-followup")}


def test_the_unit_page_shows_its_overdue_follow_up_with_its_deduction(office_site):
    rows = followup_rows(office_site, "units/hongqi/")
    row = rows["红旗乡防止返贫动态监测存在的问题及对策"]
    assert "市长2026年8月3日批示" in row and "反馈期限 2026年8月31日" in row
    assert "逾期未反馈（逾期86天）" in row and "扣5分" in row
    assert "共督办1件：逾期未反馈1" in office_site.text("units/hongqi/")
    assert "批示督办" not in office_site.text("units/tahe/")   # a unit without follow-ups says nothing of them


def test_the_office_page_lists_every_follow_up_overdue_first(office_site):
    soup = office_site.soup("followups/")
    assert ["".join(h.get_text().split()) for h in soup.select("section.bl-outcome h2")] == [
        "逾期未反馈（2件）", "待反馈（1件）", "逾期反馈（1件）", "按期反馈（1件）"]
    overdue = [" ".join(row.get_text(" ").split()) for row in soup.select("section.bl-outcome--overdue li.bl-followup")]
    assert [row.split("：")[0].strip() for row in overdue] == ["红旗乡", "金沙县"]   # by due date: 8-31, 9-10
    assert "逾期未反馈（逾期76天） · 扣10分" in overdue[1]                  # 9-10 to 11-25: 20 + 31 + 25
    rows = followup_rows(office_site, "followups/")
    assert "反馈于 2026年6月26日 · 按期反馈 · 加2分" in rows["当前行署人社局零就业家庭帮扶亟待加强"]
    assert "报告稿件： 行署人社局关于零就业家庭帮扶落实情况的报告" in rows["当前行署人社局零就业家庭帮扶亟待加强"]
    assert "待反馈（还剩15天） · 到期后计分" in rows["林双县城区冬季供暖保障存在的问题及建议"]   # 12-10 - 11-25


def test_the_circulars_name_the_overdue_follow_ups(office_site):
    august = office_site.text("leaderboard/2026/08/")
    assert ("领导批示督办事项限2026年8月内反馈的1件，逾期未反馈的：红旗乡（《红旗乡防止返贫动态监测存在的问题及对策》，"
            "限2026年8月31日前反馈，扣5分）。") in august
    september = office_site.text("leaderboard/2026/09/")
    assert ("逾期反馈的：应急管理局；逾期未反馈的：金沙县（《行署应急管理局森林草原防火后期走势分析》，限2026年9月10日前反馈，扣10分）"
            in september)
    assert "此前到期、截至统计日仍未反馈的督办事项：红旗乡" in september


def test_the_json_carries_each_follow_up_and_its_points(office_site):
    data = json.loads((office_site.root / "data" / "followups.json").read_text(encoding="utf-8"))
    found = {(row["item"], row["unit"]): (row["outcome"], row["days_late"], row["points"]) for row in data["followups"]}
    assert found == {("2026-0034", "renshe"): ("done", 0, 2.0), ("2026-0051", "hongqi"): ("overdue", 86, -5.0),
                     ("2026-0053", "yingji"): ("late", 8, -5.0), ("2026-0053", "jinsha"): ("overdue", 76, -10.0),
                     ("2026-0902", "linshuang"): ("open", 0, None)}
    board = read_split(office_site.root, "leaderboard")
    september = next(p for p in board["periods"] if p["key"] == "2026-09")
    jinsha = next(u for g in september["groups"] for u in g["units"] if u["id"] == "jinsha")
    assert (jinsha["followups"], jinsha["points_by_kind"]["followup"], jinsha["points_by_kind"]["penalty"]) == (
        {"done": 0, "late": 0, "overdue": 1}, -10.0, -20.0)
    assert "督办·逾期未反馈" in (office_site.root / "data" / "leaderboard-2026.csv").read_text(encoding="utf-8-sig")


def test_a_unit_with_a_barring_penalty_is_not_named(office_site):
    soup = office_site.soup("leaderboard/2026/kaohe/")
    verdicts = {row["data-unit"]: row.select_one("td[data-col='评定']").get_text(strip=True) for row in soup.select("tr[data-unit]")}
    assert verdicts["jinsha"] == "一票否决"
    named = soup.select_one("dd[data-group='县市区']").get_text()
    assert "金沙县" not in named and "巴尔市人民政府办公室" in named   # the fourth place goes to the next eligible unit
    assert "金沙县：2026年9月14日漏报瞒报（山洪灾情未及时报送），一票否决。不参加评先。" in office_site.text("leaderboard/2026/kaohe/")


def test_the_assessment_and_the_staff_page_give_each_persons_outcome(office_site):
    soup = office_site.soup("leaderboard/2026/kaohe/")
    outcome = {row.th.get_text(" ", strip=True).split()[0]: row["data-outcome"] for row in soup.select("table.bl-staff-outcome tbody tr")}
    assert outcome == {"李敏": "may_excel", "赵丽": "may_excel", "刘洋": "fit", "马涛": "unfit"}
    staff = office_site.soup("leaderboard/2026/xinxiyuan/")
    months = {row.th.get_text(strip=True): [td["data-state"] for td in row.select("td[data-state]")]
              for row in staff.select("table.bl-staff-months tbody tr")}
    assert months["马涛"][3] == months["马涛"][5] == months["马涛"][9] == "未完成"   # April, June, October
    assert months["马涛"].count("未完成") == 3 and months["马涛"][10] == "不考核"      # November not over on 11-25
    assert months["李敏"][:2] == ["不考核", "不考核"]                                   # in post from March


def test_the_item_page_shows_the_follow_ups_of_its_instruction(office_site):
    found = office_site.soup("items/2026-0053/").select("li.bl-followup")
    rows = [" ".join(row.get_text(" ").split()) for row in found]
    assert [row.a.get_text() for row in found] == ["金沙县", "应急管理局"]   # both due 9-10, in units.yml order
    assert not any(row.select("a[href*='items/']") for row in found)      # the page's own item is not repeated
    assert "逾期未反馈（逾期76天） · 扣10分" in rows[0] and "逾期反馈（逾期8天） · 扣5分" in rows[1]
    assert not office_site.soup("items/2026-0050/").select("li.bl-followup")


def test_the_points_page_traces_a_follow_ups_points_to_its_item(office_site):
    rows = [" ".join(row.get_text(" ").split()) for row in office_site.soup("units/hongqi/points/2026/").select("tr.bl-credit--followup")]
    assert rows == ["8月31日 红旗乡防止返贫动态监测存在的问题及对策 批示督办逾期未反馈 -5.0"]


def test_the_assessment_counts_each_units_overdue_follow_ups(office_site):
    soup = office_site.soup("leaderboard/2026/kaohe/")
    overdue = {row["data-unit"]: row.select_one("td[data-col='督办逾期未反馈']").get_text(strip=True) for row in soup.select("tr[data-unit]")}
    assert (overdue["hongqi"], overdue["jinsha"], overdue["yingji"], overdue["renshe"]) == ("1", "1", "0", "0")
