"""followups/<YYYY>.yml, staff.yml and bulletin.yml's `eligibility` are checked like every other file:
each mistake named by file, line and field in Chinese, all of them in one run; the office fixture passes."""

import pytest

from bulletin.content.load import load_content
from conftest import run_cli
from test_validation import edit, problems_of
from testsupport.office_archive import compose

FOLLOWUPS = "followups/2026.yml"
STAFF = "staff.yml"
SETTINGS = "bulletin.yml"


@pytest.fixture
def office(tmp_path):
    return compose(tmp_path / "content")


def test_the_office_fixture_is_read_whole(office):
    content = load_content(office)
    assert [(f.item, f.unit, f.instruction.isoformat(), f.due.isoformat(), f.done and f.done.isoformat(), f.report)
            for f in content.followups] == [
        ("2026-0034", "renshe", "2026-06-05", "2026-06-30", "2026-06-26", "2026-0901"),   # unit: the item's
        ("2026-0051", "hongqi", "2026-08-03", "2026-08-31", None, None),
        ("2026-0053", "yingji", "2026-08-11", "2026-09-10", "2026-09-18", None),
        ("2026-0053", "jinsha", "2026-08-11", "2026-09-10", None, None),
        ("2026-0902", "linshuang", "2026-11-18", "2026-12-10", None, None)]
    assert [(s.name, s.since.isoformat(), s.items_per_month, s.issues_per_month) for s in content.staff] == [
        ("李敏", "2026-03-01", 0, 1), ("赵丽", "2026-07-01", 0, 1), ("刘洋", "2026-01-01", 1, 0), ("马涛", "2026-01-01", 1, 0)]
    rule = content.settings.eligibility[0]
    assert (rule.barring_penalties, rule.zeroing_missed_requests, rule.staff_months_unfit) == (("漏报瞒报",), 2, 3)
    assert [r.followup_missed for r in content.settings.scoring] == [0, -5, -10]


CASES = {
    # name: (file, old, new, expected path, line, field, message fragment)
    "follow-up of an unknown item": (FOLLOWUPS, "- item: 2026-0051", "- item: 2026-0951", FOLLOWUPS, 7, "[2].item", "“2026-0951”不存在"),
    "follow-up of an item without 批示": (FOLLOWUPS, "- item: 2026-0051", "- item: 2026-0050", FOLLOWUPS, 7, "[2].item",
                                          "没有领导批示（events 中没有 type: instruction），不能督办"),
    "follow-up of a draft": (FOLLOWUPS, "- item: 2026-0051", "- item: 2026-0035", FOLLOWUPS, 7, "[2].item", "未审核通过"),
    "follow-up of a 批示 on another day": (FOLLOWUPS, "instruction: 2026-08-11", "instruction: 2026-08-12", FOLLOWUPS, 14,
                                         "[4].instruction", "在 2026-08-12 没有批示（批示日期：2026-08-11）"),
    "follow-up due before the 批示": (FOLLOWUPS, "due: 2026-08-31", "due: 2026-07-31", FOLLOWUPS, 8, "[2].due",
                                     "反馈期限 2026-07-31 早于批示日期 2026-08-03"),
    "follow-up of an unknown unit": (FOLLOWUPS, "unit: jinsha", "unit: jinsah", FOLLOWUPS, 15, "[4].unit", "未知单位“jinsah”"),
    "follow-up of a unit gone by the 批示": (FOLLOWUPS, "unit: jinsha", "unit: anjian", FOLLOWUPS, 15, "[4].unit",
                                           "在批示日期 2026-08-11 不存在"),
    "feedback without its date": (FOLLOWUPS, "  done: 2026-09-18\n", "", FOLLOWUPS, 11, "[3].text", "须写 done（反馈日期）"),
    "report of another unit": (FOLLOWUPS, "report: 2026-0901", "report: 2026-0902", FOLLOWUPS, 6, "[1].report", "不是督办单位报送的"),
    "report after the feedback": (FOLLOWUPS, "done: 2026-06-26", "done: 2026-06-25", FOLLOWUPS, 6, "[1].report",
                                  "应在批示日期 2026-06-05 与反馈日期 2026-06-25 之间"),
    "follow-up in the wrong year's file": (FOLLOWUPS, "- item: 2026-0051", "- item: 2025-0042", FOLLOWUPS, 7, "[2].item",
                                           "却记在 2026.yml：督办按批示的年份记"),
    "follow-up written twice": (FOLLOWUPS, "  unit: jinsha\n", "  unit: yingji\n", FOLLOWUPS, 13, "[4].item", "同一督办只写一次"),
    "follow-up with a typo'd field": (FOLLOWUPS, "  due: 2026-12-10", "  deu: 2026-12-10", FOLLOWUPS, 18, "[5].deu", "是否应为“due”"),
    "follow-up of an item with two 批示, none named": ("items/2026/2026-0051.md", "text: 请跟踪指导，及时报告进展情况。}",
                                                      "text: 请跟踪指导，及时报告进展情况。}\n  - {type: instruction, level: city, date: 2026-08-20}",
                                                      FOLLOWUPS, 7, "[2].item", "有 2 次批示（2026-08-03、2026-08-20），须写 instruction"),
    "staff written twice": (STAFF, "{name: 赵丽,", "{name: 李敏,", STAFF, 3, "[2].name", "信息员“李敏”重复（第 1 项已有）"),
    "staff of an unknown unit": (STAFF, "{name: 刘洋, role: 兼职信息员,", "{name: 刘洋, role: 兼职信息员, unit: hongqii,", STAFF, 4,
                                 "[3].unit", "未知单位“hongqii”"),
    "staff without a task": (STAFF, ", issues_per_month: 1}            # 3月调入", "}", STAFF, 2, "[1].name", "没有任务"),
    "staff task not a number": (STAFF, "items_per_month: 1}\n- {name: 马涛", "items_per_month: 一}\n- {name: 马涛", STAFF, 4,
                                "[3].items_per_month", "应为整数"),
    "barring an unknown penalty type": (SETTINGS, "barring_penalties: [漏报瞒报]", "barring_penalties: [瞒报]", SETTINGS, 76,
                                        "eligibility[1].barring_penalties", "未知扣分类型“瞒报”"),
    "不称职 before 不评优秀": (SETTINGS, "staff_months_unfit: 3", "staff_months_unfit: 1", SETTINGS, 80,
                             "eligibility[1].staff_months_unfit", "不称职的月数 1 小于不评优秀的月数 2"),
    "follow-up deduction written positive": (SETTINGS, "followup_late: -3", "followup_late: 3", SETTINGS, 48,
                                             "scoring[2].followup_late", "扣分应写负数"),
}


@pytest.mark.parametrize("name", CASES)
def test_each_mistake_is_named_by_file_line_and_field(office, name):
    relative, old, new, path, line, field, fragment = CASES[name]
    edit(office, relative, old, new)
    found = problems_of(office)
    assert any(p[:3] == (path, line, field) and fragment in p[3] for p in found), found


def test_every_mistake_is_listed_in_one_run_and_check_fails(office):
    names = ("follow-up due before the 批示", "staff written twice", "barring an unknown penalty type")
    for name in names:
        relative, old, new, *_ = CASES[name]
        edit(office, relative, old, new)
    result = run_cli("check", "--content", office)
    assert result.returncode == 1
    for name in names:
        path, line, field = CASES[name][3:6]
        assert f"{path}:{line}: {field}:" in result.stdout + result.stderr, result.stdout + result.stderr


def test_a_misplaced_followups_file_is_reported(office):
    (office / "followups" / "2026-督办.yml").write_text("[]\n", encoding="utf-8")
    found = problems_of(office)
    assert any(p[0] == "followups/2026-督办.yml" and "督办反馈应为 followups/<四位年份>.yml" in p[3] for p in found), found
