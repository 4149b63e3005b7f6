"""批示督办, 一票否决 and 信息员 against hand-computed figures.

A small office scored on 2026-10-10 (the build date, TODAY). Every item earns only its 批示 (省级 +50,
publication scores 0), so a unit's year is easy to add up by hand.

Rules: R1 since 2026-01-01 (批示 省级 50; 约稿 missed -3; 迟报 -10, 漏报瞒报 -20; 督办 done +2, late -3, missed -5);
       R2 since 2026-07-01 (the same, but 督办 done +3, late -5, missed -10).
评先:  E1 since 2026-01-01 (漏报瞒报 bars; 2 missed 约稿 zero the year; 2 overdue 督办 bar;
          信息员: 2 months missed bar 优秀, 3 months or 10 items short make 不称职);
       E2 since 2026-09-01 (the same, and 迟报 bars too).
Units a 甲县, b 乙县, c 丙县, d 丁县, e 戊县, all 县市区, 4 先进单位 places.

督办 (each on its item's only 批示):
  ia  (a, 批示 3-10) due 3-31, fed back 3-28           -> 按期反馈, R1 +2
  ib  (b, 批示 5-10) due 5-31, fed back 6-05 (item rb) -> 逾期反馈 5 days, R1 -3
  ic1 (c, 批示 6-20) due 7-10, nothing                 -> 逾期未反馈 92 days on 10-10, R2 -10
  ic2 (c, 批示 7-05) due 7-31, nothing                 -> 逾期未反馈, R2 -10
  id  (d, 批示 9-25) due 10-20                         -> 待反馈, not scored yet
  ie  (e, 批示 2-10) due 10-10, the build date          -> 待反馈: due today is still open
扣分: a 迟报 6-15 (R1 -10; E1: does not bar), b 漏报瞒报 8-01 (R2 -20; bars), e 迟报 9-15 (R2 -10; E2: bars).
约稿: r1 (due 4-10) and r2 (due 5-10) asked d alone; d answered neither: R1 -3 each, 2 missed: zeroed.
ie's 批示 earns e +50.

The year:  a 50 + 2 - 10 = 42;  b 50 - 3 - 20 = 27;  c 50 + 50 - 10 - 10 = 80;  d 50 - 3 - 3 = 44;  e 50 - 10 = 40.
Ranked c 80, d 44, a 42, e 40, b 27: without 评先规则 the four places go to c, d, a, e; with them c (2
督办 overdue), d (zeroed), e (迟报 under E2) and b (漏报瞒报) are barred, and a alone is named.

信息员 (months judged: January to September, over by 10-10, in post all month):
  王芳 1 item a month, none in April and July          -> 2 months missed, 2 short: 称职，不评优秀
  李强 1 item a month, none in February, May, August   -> 3 months missed: 不称职
  张敏 1 issue a month, one each month                 -> 0 missed: 可评优秀
  陈刚 2 items a week from 9-01: September has 4 weeks (Thursdays 3, 10, 17, 24) -> owes 8, writes 9:
       met; August not in post, not judged            -> 可评优秀
  赵云 8 items a month from 7-01: July 8, August 3, September 3 -> 2 months missed, 5 + 5 = 10 short: 不称职
  周平 1 item a month of 乙县 from 9-01: in September one item of 甲县 alone (not counted) and one joint
       with 乙县 (counted): 1 of 1, met                  -> 可评优秀
"""

from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest

from bulletin.archive import Archive
from bulletin.content.load import load_content
from bulletin.cycle.assessment import assess
from bulletin.cycle.authors import Authors
from bulletin.cycle.circular import circular_summary
from bulletin.cycle.followups import DONE, LATE, OPEN, OVERDUE
from bulletin.cycle.scoring import Leaderboard, Period
from bulletin.cycle.staff import FIT, MAY_EXCEL, UNFIT, staff_years, weeks_in
from bulletin.export import archive_document

TODAY = date(2026, 10, 10)
RULES = """\
    published: 0
    instruction: {province: 50}
    request_missed: -3
    penalties: {迟报: -10, 漏报瞒报: -20}
"""
ELIGIBILITY = """\
    zeroing_missed_requests: 2
    barring_missed_followups: 2
    staff_months_not_excellent: 2
    staff_months_unfit: 3
    staff_items_short_unfit: 10
"""
BULLETIN = f"""\
publisher: 测试地区行政公署办公室
series:
  - {{id: zwxx, name: 政务信息}}
categories: [动态]
groups: [县市区]
levels:
  - {{id: province, name: 省级}}
scoring:
  - since: 2026-01-01
{RULES}    followup_done: 2
    followup_late: -3
    followup_missed: -5
  - since: 2026-07-01
{RULES}    followup_done: 3
    followup_late: -5
    followup_missed: -10
awards: {{units: {{县市区: 4}}}}
eligibility:
  - since: 2026-01-01
    barring_penalties: [漏报瞒报]
{ELIGIBILITY}  - since: 2026-09-01
    barring_penalties: [漏报瞒报, 迟报]
{ELIGIBILITY}"""
UNITS = "".join(f"- {{id: {u}, name: {n}县人民政府办公室, short: {n}县, group: 县市区}}\n"
                for u, n in zip("abcde", "甲乙丙丁戊", strict=True))
FOLLOWUPS = """\
- {item: ia, due: 2026-03-31, done: 2026-03-28, text: 已按批示落实。}
- {item: ib, due: 2026-05-31, done: 2026-06-05, text: 已完成整改。, report: rb}
- {item: ic1, due: 2026-07-10}
- {item: ic2, due: 2026-07-31}
- {item: id, due: 2026-10-20}
- {item: ie, due: 2026-10-10}
"""
PENALTIES = """\
- {unit: a, type: 迟报, date: 2026-06-15}
- {unit: b, type: 漏报瞒报, date: 2026-08-01, note: 山洪灾情漏报}
- {unit: e, type: 迟报, date: 2026-09-15}
"""
STAFF = """\
- {name: 王芳, role: 兼职信息员, items_per_month: 1}
- {name: 李强, role: 兼职信息员, items_per_month: 1}
- {name: 张敏, role: 专职信息员, issues_per_month: 1}
- {name: 陈刚, role: 兼职信息员, since: 2026-09-01, items_per_week: 2}
- {name: 赵云, role: 兼职信息员, since: 2026-07-01, items_per_month: 8}
- {name: 周平, role: 乙县兼职信息员, unit: b, since: 2026-09-01, items_per_month: 1}
"""
INSTRUCTED = {"ia": ("a", "2026-03-01", "2026-03-10"), "ib": ("b", "2026-05-01", "2026-05-10"),
              "ic1": ("c", "2026-06-01", "2026-06-20"), "ic2": ("c", "2026-07-01", "2026-07-05"),
              "id": ("d", "2026-09-20", "2026-09-25"), "ie": ("e", "2026-02-01", "2026-02-10")}
# author: the months of their items (several in a month where the month repeats)
WRITTEN = {"王芳": [1, 2, 3, 5, 6, 8, 9], "李强": [1, 3, 4, 6, 7, 9], "陈刚": [9] * 9, "赵云": [7] * 8 + [8] * 3 + [9] * 3}


def write_content(root: Path) -> Path:
    for folder in ("items/2026", "issues/zwxx/2026", "followups", "penalties", "requests/2026"):
        (root / folder).mkdir(parents=True)
    files = {"bulletin.yml": BULLETIN, "units.yml": UNITS, "topics.yml": "- {id: t, name: 主题}\n", "staff.yml": STAFF,
             "followups/2026.yml": FOLLOWUPS, "penalties/2026.yml": PENALTIES}
    for number, due in ((1, "2026-04-10"), (2, "2026-05-10")):
        files[f"requests/2026/r{number}.yml"] = f"id: r{number}\ntitle: 约稿{number}\ndate: 2026-03-20\ndue: {due}\nunits: [d]\n"
    items = {item_id: (unit, day, f"events:\n  - {{type: instruction, level: province, date: {when}}}")
             for item_id, (unit, day, when) in INSTRUCTED.items()}
    items["rb"] = ("b", "2026-06-04", "")
    items["zp1"] = ("a", "2026-09-03", "authors: [周平]")                    # 甲县's alone: not 周平's as 乙县's
    items["zp2"] = ("a", "2026-09-04", "co_units: [b]\nauthors: [周平]")     # joint with 乙县: counts
    for name, months in WRITTEN.items():
        for index, month in enumerate(months):
            items[f"w{len(items)}"] = ("a", f"2026-{month:02d}-{index % 20 + 1:02d}", f"authors: [{name}]")
    for month in range(1, 10):   # 张敏 edits an issue each month, each printing an item of its own
        items[f"p{month}"] = ("a", f"2026-{month:02d}-20", "")
        files[f"issues/zwxx/2026/{month:03d}.yml"] = (f"series: zwxx\nnumber: {month}\ndate: 2026-{month:02d}-25\nsigner: 签发人\n"
                                                      f"editor: 张敏\nitems: [p{month}]\n")
    for item_id, (unit, day, extra) in items.items():
        lines = [f"id: {item_id}", f"title: 稿件{item_id}", f"unit: {unit}", "category: 动态", "topics: [t]", f"date: {day}",
                 "status: approved", "approved_by: 审核人", extra]
        files[f"items/2026/{item_id}.md"] = "---\n" + "\n".join(line for line in lines if line) + "\n---\n正文。\n"
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def content_dir(tmp_path_factory):
    return write_content(tmp_path_factory.mktemp("office") / "content")


@pytest.fixture(scope="module")
def board(content_dir):
    return Leaderboard(Archive(load_content(content_dir, TODAY)), TODAY)


YEAR = Period("year", 2026)


def followup_points(board, unit, period=YEAR):
    return board.tally(unit, period).points_by_kind["followup"]


# -- 批示督办 --------------------------------------------------------------------------------------------

def test_each_follow_up_is_done_late_overdue_or_open_on_the_build_date(board):
    found = {(t.item.id, t.unit.id): (t.outcome, t.days_late) for t in board.followups.tracked}
    assert found == {("ia", "a"): (DONE, 0), ("ib", "b"): (LATE, 5),          # 6-05 - 5-31 = 5 days
                     ("ic1", "c"): (OVERDUE, 92), ("ic2", "c"): (OVERDUE, 71),  # 10-10 - 7-10 = 21 + 31 + 30 + 10; - 7-31 = 31 + 30 + 10
                     ("id", "d"): (OPEN, 0), ("ie", "e"): (OPEN, 0)}
    assert [t.report.id for t in board.followups.tracked if t.report] == ["rb"]


def test_follow_ups_are_priced_by_the_rules_of_their_due_date(board):
    assert followup_points(board, "a", Period("month", 2026, 3)) == 2     # done, R1, dated 3-31
    assert followup_points(board, "b", Period("month", 2026, 5)) == -3    # late, R1: dated the due date (5-31), not the feedback's
    assert followup_points(board, "b", Period("month", 2026, 6)) == 0
    assert followup_points(board, "c", Period("month", 2026, 7)) == -20   # two missed under R2: -10 - 10
    assert followup_points(board, "d", YEAR) == 0                          # open until 10-20
    assert followup_points(board, "e", YEAR) == 0                          # due today: open until the day is over
    assert dict(board.tally("c", YEAR).followups) == {OVERDUE: 2}


def test_the_years_points_add_the_follow_ups_to_the_rest(board):
    points = {unit: board.tally(unit, YEAR).points for unit in "abcde"}
    assert points == {"a": 42, "b": 27, "c": 80, "d": 44, "e": 40}   # the module's sums
    assert board.tally("c", Period("month", 2026, 7)).points == 30    # ic2's 批示 +50, then -10 - 10


def test_the_circular_names_the_overdue_follow_ups_with_their_deduction(board):
    july = circular_summary(board, Period("month", 2026, 7))
    assert ("领导批示督办事项限2026年7月内反馈的2件，逾期未反馈的：丙县（《稿件ic1》，限2026年7月10日前反馈，扣10分）、"
            "丙县（《稿件ic2》，限2026年7月31日前反馈，扣10分）。") in july
    may = circular_summary(board, Period("month", 2026, 5))
    assert "领导批示督办事项限2026年5月内反馈的1件，逾期反馈的：乙县。" in may
    august = circular_summary(board, Period("month", 2026, 8))   # nothing due in August; July's are still overdue
    assert any(line.startswith("此前到期、截至统计日仍未反馈的督办事项：丙县（《稿件ic1》") for line in august)
    october = circular_summary(board, Period("month", 2026, 10))   # id is due 10-20: open, not named
    assert not any("稿件id" in line for line in october)


def test_the_export_carries_each_follow_up_and_the_points_it_scored(board):
    document = archive_document(board.archive, board)
    rows = {(row["item"], row["unit"]): row for row in document["followups"]}
    assert (rows[("ic1", "c")]["outcome"], rows[("ic1", "c")]["points_exact"], rows[("ic1", "c")]["days_late"]) == ("overdue", "-10", 92)
    assert (rows[("ib", "b")]["points"], rows[("ib", "b")]["report"]) == (-3.0, "rb")
    assert rows[("id", "d")]["points"] is None and rows[("id", "d")]["decided"] is False
    year = next(p for p in document["leaderboard"] if p["key"] == "2026")
    c = next(u for u in year["groups"][0]["units"] if u["id"] == "c")
    assert c["followups"] == {"done": 0, "late": 0, "overdue": 2}
    assert c["points_by_kind"]["followup"] == -20.0


# -- 一票否决 ------------------------------------------------------------------------------------------

def test_a_barred_unit_is_never_named_and_says_why(board):
    assessment = assess(board, Authors.of(board), 2026)
    rows = {row.standing.unit.id: row for row in assessment.groups[0].units}
    assert [row.standing.unit.id for row in assessment.advanced_units] == ["a"]
    assert [bar.reason for bar in rows["b"].bars] == ["2026年8月1日漏报瞒报（山洪灾情漏报），一票否决"]
    assert [bar.reason for bar in rows["c"].bars] == ["全年批示督办逾期未反馈2件（达2件），不参加评先"]
    assert [(bar.reason, bar.zeroes) for bar in rows["d"].bars] == [("全年约稿未报送2次（达2次），全年得分计零", True)]
    assert rows["d"].zeroed and not rows["c"].zeroed
    assert [bar.reason for bar in rows["e"].bars] == ["2026年9月15日迟报，一票否决"]   # E2, in force on 9-15
    assert rows["a"].bars == ()    # a's 迟报 of 6-15 was under E1, which does not bar it


def test_without_eligibility_rules_the_same_year_names_the_top_four(content_dir, tmp_path):
    import shutil
    copy = tmp_path / "content"
    shutil.copytree(content_dir, copy)
    text = (copy / "bulletin.yml").read_text(encoding="utf-8")
    (copy / "bulletin.yml").write_text(text[:text.index("eligibility:")], encoding="utf-8")
    plain = Leaderboard(Archive(load_content(copy, TODAY)), TODAY)
    assessment = assess(plain, Authors.of(plain), 2026)
    assert [row.standing.unit.id for row in assessment.advanced_units] == ["c", "d", "a", "e"]   # 80, 44, 42, 40
    assert all(row.bars == () for row in assessment.groups[0].units)


# -- 信息员 ---------------------------------------------------------------------------------------------

def test_weeks_are_given_to_the_month_of_their_thursday():
    # 2026: Thursdays Jan 1, 8, 15, 22, 29; Feb 5, 12, 19, 26; Apr 2 ... 30; Sep 3 ... 24; Dec 3 ... 31
    assert [weeks_in(2026, month) for month in (1, 2, 4, 9, 12)] == [5, 4, 5, 4, 5]


def test_each_persons_months_and_outcome(board):
    years = {y.member.name: y for y in staff_years(board, 2026)}
    summary = {name: (y.judged_months, y.missed_months, y.items_short, y.outcome) for name, y in years.items()}
    assert summary == {"王芳": (9, 2, 2, FIT), "李强": (9, 3, 3, UNFIT), "张敏": (9, 0, 0, MAY_EXCEL),
                       "陈刚": (1, 0, 0, MAY_EXCEL), "赵云": (3, 2, 10, UNFIT), "周平": (1, 0, 0, MAY_EXCEL)}
    assert years["周平"].months[8].items == 1   # zp2 (joint with 乙县), not zp1 (甲县's alone)
    september = years["陈刚"].months[8]
    assert (september.items, september.items_owed, september.judged) == (9, 8, True)   # 4 weeks x 2
    assert not years["陈刚"].months[7].judged          # August: not in post
    assert not years["张敏"].months[9].judged          # October: not over on 10-10
    assert years["王芳"].reasons == ("累计2个月未完成信息任务（达2个月），不参加优秀档次评比",)
    assert years["赵云"].reasons == ("累计差10条（达10条）",)


def test_the_assessment_and_the_circular_show_the_staff(board):
    assessment = assess(board, Authors.of(board), 2026)
    assert [(y.member.name, y.label) for y in assessment.staff] == [
        ("王芳", "称职，不评优秀"), ("李强", "不称职"), ("张敏", "称职，可评优秀"), ("陈刚", "称职，可评优秀"), ("赵云", "不称职"),
        ("周平", "称职，可评优秀")]
    august = circular_summary(board, Period("month", 2026, 8))
    # August: 王芳 1/1, 李强 0/1, 张敏 1 issue, 赵云 3/8; 陈刚 not yet in post
    assert "本月信息员任务完成情况，完成的：王芳、张敏；未完成的：李强（撰稿0条，任务1条）、赵云（撰稿3条，任务8条）。" in august
    assert not any(line.startswith("本月信息员") for line in circular_summary(board, Period("month", 2026, 10)))   # not over


def test_an_office_without_any_of_it_scores_as_before(tmp_path):
    """The same office without followups/, staff.yml or eligibility: no follow-up credit, no bar, no staff."""
    root = write_content(tmp_path / "content")
    for name in ("followups/2026.yml", "staff.yml"):
        (root / name).unlink()
    text = (root / "bulletin.yml").read_text(encoding="utf-8")
    (root / "bulletin.yml").write_text(text[:text.index("eligibility:")], encoding="utf-8")
    plain = Leaderboard(Archive(load_content(root, TODAY)), TODAY)
    assert {unit: plain.tally(unit, YEAR).points for unit in "abcde"} == {"a": 40, "b": 30, "c": 100, "d": 44, "e": 40}
    assessment = assess(plain, Authors.of(plain), 2026)
    assert assessment.staff == [] and "followups" not in archive_document(plain.archive, plain)
    assert Fraction(sum(c.points for c in plain.credits if c.kind == "followup")) == 0


def test_the_export_with_all_of_it_follows_the_documented_schema(tmp_path):
    """docs/export.schema.json names every new part (followups, a standing's followups, bars, staff), and
    refuses what it does not name (additionalProperties: false). On the office fixture: the schema holds
    item ids to the 2026-0001 shape, which this module's small office does not use."""
    import json
    from jsonschema import Draft202012Validator
    from testsupport.office_archive import compose
    day = date(2026, 11, 25)
    board = Leaderboard(Archive(load_content(compose(tmp_path / "content"), day)), day)
    schema = json.loads((Path(__file__).resolve().parent.parent / "docs" / "export.schema.json").read_text(encoding="utf-8"))
    document = json.loads(json.dumps(archive_document(board.archive, board), ensure_ascii=False))
    assert not [error.message for error in Draft202012Validator(schema).iter_errors(document)]
    assert {"followups", "bars", "staff"} <= set(json.dumps(document, ensure_ascii=False).replace('"', " ").split())
    document["followups"][0]["surprise"] = 1
    assert list(Draft202012Validator(schema).iter_errors(document))
