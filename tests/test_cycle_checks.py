"""The cycle's files (requests, penalties, quotas, fees, awards) are checked like every other:
each mistake named by file, line and field, all of them in one run, and the good ones pass."""


import pytest

from bulletin.content.load import load_content
from conftest import run_cli
from test_validation import edit, problems_of

YD03 = "requests/2026/2026-yd03.yml"
PENALTIES = "penalties/2026.yml"
ANSWER = "items/2026/2026-0019.md"   # answers 2026-yd03


def test_the_sample_cycle_is_read_whole(sample):
    content = load_content(sample)
    assert sorted(content.requests) == ["2026-yd03", "2026-yd06", "2026-yd11"]
    yd03 = content.requests["2026-yd03"]
    assert (yd03.date.isoformat(), yd03.due.isoformat(), yd03.units) == ("2026-03-02", "2026-03-12", ("linshuang", "tahe", "qingyuan", "nongye"))
    assert content.requests["2026-yd11"].units is None          # units: all
    assert [(p.unit, p.type, p.date.isoformat()) for p in content.penalties] == [
        ("tahe", "迟报", "2026-07-03"), ("jinsha", "漏报瞒报", "2026-09-14")]
    assert {u.id: u.quota for u in content.units.values() if u.quota} == {"yingji": 1, "hongqi": 1}
    assert content.items["2026-0020"].request == "2026-yd03"
    fees = content.settings.fees
    assert len(fees) == 1 and fees[0].published == 50 and fees[0].adopted["state"] == 1000
    assert content.settings.awards.units == {"县市区": 3, "行署部门": 3, "乡镇街道": 1}
    assert content.settings.awards.authors == 5
    rules = content.settings.scoring[-1]
    assert (rules.request_answered, rules.request_late, rules.request_missed, rules.quota_missed) == (2, 1, -3, -2)
    assert rules.penalties == {"迟报": -10, "漏报瞒报": -20}


CASES = {
    # name: (file, old, new, expected path, line, field, message fragment)
    "request id not its file name": (YD03, "id: 2026-yd03", "id: 2026-yd3", YD03, 1, "id", "应与文件名"),
    "request due before its date": (YD03, "due: 2026-03-12", "due: 2026-02-12", YD03, 4, "due", "早于约稿日期"),
    "request asks an unknown unit": (YD03, "units: [linshuang, tahe", "units: [linshaung, tahe", YD03, 5, "units[1]", "未知单位“linshaung”"),
    "request asks a dissolved unit": (YD03, "units: [linshuang, tahe", "units: [anjian, tahe", YD03, 5, "units[1]", "不存在"),
    "request unit listed twice": (YD03, "units: [linshuang, tahe", "units: [tahe, tahe", YD03, 5, "units[2]", "重复"),
    "request with an unknown topic": (YD03, "topics: [agriculture]", "topics: [agricultur]", YD03, 6, "topics", "未知主题"),
    "request with a typo'd field": (YD03, "due: 2026-03-12", "deu: 2026-03-12", YD03, 4, "deu", "是否应为“due”"),
    "request in the wrong year folder": (YD03, "date: 2026-03-02", "date: 2025-03-02", YD03, 3, "date", "文件却在 2026/ 目录"),
    "request date malformed": (YD03, "date: 2026-03-02", "date: 2026-3-2", YD03, 3, "date", "应为 YYYY-MM-DD"),
    "request text links elsewhere": (YD03, "各报送1篇信息。", "各报送1篇信息，见 [通知](http://example.com/a)。", YD03, 8, "text", "链接指向其他网站"),
    "item answers an unknown request": (ANSWER, "request: 2026-yd03", "request: 2026-yd33", ANSWER, 10, "request", "未知约稿“2026-yd33”"),
    "item answers before the request": ("items/2026/2026-0009.md", "status: approved", "status: approved\nrequest: 2026-yd03",
                                        "items/2026/2026-0009.md", 10, "request", "早于约稿“2026-yd03”的日期"),
    "item answers a request not sent to its unit": ("items/2026/2026-0021.md", "status: approved",
                                                    "status: approved\nrequest: 2026-yd03", "items/2026/2026-0021.md", 10,
                                                    "request", "未向本稿件的报送单位约稿"),
    "penalty of an unknown unit": (PENALTIES, "unit: tahe", "unit: tahee", PENALTIES, 2, "[1].unit", "未知单位“tahee”"),
    "penalty type no rule names": (PENALTIES, "type: 迟报", "type: 迟 报", PENALTIES, 2, "[1].type", "未知扣分类型“迟 报”"),
    "penalty dated in another year": (PENALTIES, "date: 2026-07-03", "date: 2025-07-03", PENALTIES, 2, "[1].date", "却记在 2026.yml"),
    "penalty on an unknown item": (PENALTIES, "note: 7月2日暴雨灾情迟报}", "item: 2026-9999, note: 7月2日暴雨灾情迟报}", PENALTIES, 2,
                                   "[1].item", "“2026-9999”不存在"),
    "penalty with a typo'd field": (PENALTIES, "note: 7月2日", "nte: 7月2日", PENALTIES, 2, "[1].nte", "是否应为“note”"),
    "penalty of a dissolved unit": (PENALTIES, "unit: tahe", "unit: anjian", PENALTIES, 2, "[1].unit", "不存在"),
    "penalty citing a draft": (PENALTIES, "note: 7月2日暴雨灾情迟报}", "item: 2026-0035, note: 7月2日暴雨灾情迟报}", PENALTIES, 2,
                               "[1].item", "稿件“2026-0035”未审核通过（status: draft）：网站上列出扣分所引稿件的编号"),
    "penalty citing another unit's item": (PENALTIES, "note: 7月2日暴雨灾情迟报}", "item: 2026-0019, note: 7月2日暴雨灾情迟报}",
                                           PENALTIES, 2, "[1].item",
                                           "稿件“2026-0019”是“林双县”报送的，不是“塔河县”的：扣分只能引用被扣分单位报送的稿件"),
    "penalty citing a later item": (PENALTIES, "date: 2026-07-03, note:", "date: 2026-03-10, item: 2026-0020, note:", PENALTIES, 2,
                                    "[1].item", "稿件“2026-0020”报送于 2026-03-14，晚于扣分日期 2026-03-10：扣分不能引用此后的稿件"),
    "penalty written twice": (PENALTIES, "- {unit: jinsha", "- {unit: tahe, type: 迟报, date: 2026-07-03, note: 7月2日暴雨灾情迟报}\n"
                              "- {unit: jinsha", PENALTIES, 3, "[2]", "与第 1 项（第 2 行）完全相同：同一扣分写了两次，会扣两次分"),
    "submissions after the unit's until": ("submissions/2025.yml", "anjian: {4: 3, 5: 2}", "anjian: {4: 3, 5: 2, 8: 1}",
                                           "submissions/2025.yml", 15, "anjian.8",
                                           "单位“安监局”已于 2025-06-30 撤并，2025年8月不应有报送数（1）"),
    "submissions before the unit's since": ("units.yml", "short: 信访局, group: 行署部门}", "short: 信访局, group: 行署部门, since: 2025-07-01}",
                                            "submissions/2025.yml", 16, "xinfang.6", "单位“信访局”于 2025-07-01 才设立，2025年6月不应有报送数（2）"),
    "fee rate that pays 0 fen": ("bulletin.yml", "  published: 50", "  published: 0.004", "bulletin.yml", 52, "fees.published",
                                 "稿酬 0.004 元不是整分：稿酬按分计付，会被四舍五入为 0"),
    "fee rate finer than a fen": ("bulletin.yml", "adopted: {city: 100,", "adopted: {city: 100.015,", "bulletin.yml", 53,
                                  "fees.adopted", "市级（city）稿酬 100.015 元不是整分"),
    "deduction written positive": ("bulletin.yml", "request_missed: -3", "request_missed: 3", "bulletin.yml", 47,
                                   "scoring[2].request_missed", "扣分应写负数"),
    "penalty points written positive": ("bulletin.yml", "penalties: {迟报: -10", "penalties: {迟报: 10", "bulletin.yml", 49,
                                        "scoring[2].penalties.迟报", "扣分应写负数"),
    "fee for an unknown level": ("bulletin.yml", "adopted: {city: 100,", "adopted: {county: 100,", "bulletin.yml", 53,
                                 "fees.adopted", "未知级别“county”"),
    "fee rate negative": ("bulletin.yml", "  published: 50", "  published: -50", "bulletin.yml", 52, "fees.published", "不能为负数"),
    "awards for an unknown group": ("bulletin.yml", "awards: {units: {县市区: 3", "awards: {units: {县区: 3", "bulletin.yml", 56,
                                    "awards.units.县区", "未知分组“县区”"),
    "awards not a number": ("bulletin.yml", "authors: 5}", "authors: 五}", "bulletin.yml", 56, "awards.authors", "应为整数"),
    "quota not a whole number": ("units.yml", "target: 10, quota: 1}", "target: 10, quota: 1.5}", "units.yml", 19, "[13].quota", "应为整数"),
    "unit established after it was dissolved": ("units.yml", "  until: 2025-06-30", "  since: 2025-07-01\n  until: 2025-06-30",
                                                "units.yml", 17, "[12].since", "晚于撤并日期"),
}


@pytest.mark.parametrize("name", CASES)
def test_each_mistake_is_named_by_file_line_and_field(sample, name):
    relative, old, new, path, line, field, fragment = CASES[name]
    edit(sample, relative, old, new)
    found = problems_of(sample)
    assert any(p[:3] == (path, line, field) and fragment in p[3] for p in found), found


def test_dated_fee_rules_must_each_say_since_and_run_in_order(sample):
    edit(sample, "bulletin.yml", "fees:\n  published: 50\n", "fees:\n  - since: 2026-01-01\n    published: 50\n  - published: 80\n"
         "  - since: 2025-01-01\n    published: 60\n")
    edit(sample, "bulletin.yml", "  adopted: {city: 100, province: 300, state: 1000}\n  instruction: {province: 200, state: 500}\n", "")
    found = problems_of(sample)
    assert ("bulletin.yml", 54, "fees[2].since", "稿酬标准有多条时，每条都须写 since（起用日期）") in found, found


def test_every_cycle_mistake_is_listed_in_one_run_and_check_fails(sample):
    for name in ("request due before its date", "penalty type no rule names", "item answers an unknown request", "fee for an unknown level"):
        relative, old, new, *_ = CASES[name]
        edit(sample, relative, old, new)
    found = problems_of(sample)
    assert {(p[0], p[2]) for p in found} >= {(YD03, "due"), (PENALTIES, "[1].type"), (ANSWER, "request"), ("bulletin.yml", "fees.adopted")}
    result = run_cli("check", "--content", str(sample))
    assert result.returncode != 0 and "penalties/2026.yml:2: [1].type" in result.stdout + result.stderr


def test_a_misplaced_cycle_file_is_reported_not_skipped(sample):
    (sample / "requests" / "2026-yd07.yml").write_text("id: 2026-yd07\n", encoding="utf-8")
    (sample / "penalties" / "2026").mkdir()
    (sample / "penalties" / "2026" / "a.yml").write_text("[]\n", encoding="utf-8")
    found = problems_of(sample)
    assert any(p[0] == "requests/2026-yd07.yml" and "requests/<四位年份>/<id>.yml" in p[3] for p in found), found
    assert any(p[0] == "penalties/2026/a.yml" and "penalties/<四位年份>.yml" in p[3] for p in found), found


def test_a_broken_request_is_one_problem_not_one_per_answer(sample):
    edit(sample, YD03, "title: 关于报送春耕备耕工作情况的约稿\n", "")
    found = problems_of(sample)
    assert [p[:3] for p in found] == [(YD03, 1, "title")], found


def test_penalties_file_that_is_not_a_list_is_one_problem(sample):
    (sample / PENALTIES).write_text("tahe: 迟报\n", encoding="utf-8")
    found = problems_of(sample)
    assert [(p[0], p[1]) for p in found] == [(PENALTIES, 1)] and "列表" in found[0][3], found


def test_a_penalty_may_cite_an_item_its_unit_submitted_jointly(sample):
    edit(sample, PENALTIES, "{unit: tahe, type: 迟报, date: 2026-07-03, note:",
         "{unit: qingyuan, type: 迟报, date: 2026-07-03, item: 2026-0020, note:")   # qingyuan is a co-unit of 2026-0020
    assert problems_of(sample) == []


def test_two_penalties_differing_in_a_note_are_both_counted(sample):
    edit(sample, PENALTIES, "- {unit: jinsha", "- {unit: tahe, type: 迟报, date: 2026-07-03, note: 7月2日晚再次迟报}\n- {unit: jinsha")
    assert problems_of(sample) == []
    assert [p.note for p in load_content(sample).penalties if p.unit == "tahe"] == ["7月2日暴雨灾情迟报", "7月2日晚再次迟报"]


def test_whole_fen_rates_pass(sample):
    edit(sample, "bulletin.yml", "  published: 50", "  published: 0.05")
    assert problems_of(sample) == []
