"""The table of content file kinds (bulletin/content/kinds.py) and the checks bulletin.yml's fields
declare (bulletin/content/contract.py): each problem exactly as `bulletin check` has always printed it."""

from __future__ import annotations

import pytest

from bulletin.content.kinds import KINDS, NOT_READ, READING_ORDER
from bulletin.content.readers import RecordReader
from test_content_files import write
from test_validation import edit, problems_of

HINT = "；不需发布的文件请以“_”开头命名，或写入 .bulletinignore"


def test_every_kind_is_read_by_a_reader_or_said_to_be_read_elsewhere():
    for kind in KINDS:
        assert kind.reader is None or callable(getattr(RecordReader, kind.reader)), kind.pattern
    assert [kind.pattern for kind in READING_ORDER] == [
        "bulletin.yml", "units.yml", "topics.yml",
        "items/<四位年份>/images/<图片>",   # an item's pictures, before the items that show them
        "requests/<四位年份>/<id>.yml",
        "items/<四位年份>/<id>.md", "issues/<刊物>/<四位年份>/<期号>.yml", "submissions/<四位年份>.yml",
        "penalties/<四位年份>.yml", "followups/<四位年份>.yml", "staff.yml"]


def test_the_general_rule_names_what_an_editor_puts_in_the_folder():
    assert NOT_READ == ("未读取：内容目录只读取 bulletin.yml、units.yml、topics.yml、items/、issues/、submissions/、"
                        "requests/、penalties/ 和 followups/")


MISPLACED = {
    "items/2026/a.txt": "稿件文件的扩展名应为 .md",
    "items/2026/sub/a.md": "未读取：稿件应放在 items/<四位年份>/<id>.md（年份 1900-2099）",
    "issues/zwxx/2026/abc.yml": "未读取：每期应放在 issues/<刊物>/<四位年份>/<期号>.yml（增刊为 zk<期号>.yml）",
    "issues/zwxx/2026/002.YAML": "未读取：扩展名应为 .yml",
    "submissions/2026/a.yml": "未读取：报送统计应为 submissions/<四位年份>.yml",
    "penalties/x.yml": "未读取：扣分记录应为 penalties/<四位年份>.yml",
    "requests/a.yml": "未读取：约稿应放在 requests/<四位年份>/<id>.yml",
    "followups/2026/a.yml": "未读取：督办反馈应为 followups/<四位年份>.yml",
    "staff.yaml": "未读取：扩展名应为 .yml",
    "units.yaml": "未读取：扩展名应为 .yml",
    "published.yaml": NOT_READ,
    "other/units.yml": NOT_READ,
}


@pytest.mark.parametrize("relative", MISPLACED)
def test_a_misplaced_file_is_told_where_its_kind_goes(content, relative):
    write(content, relative, "- a\n")
    assert (relative, None, "", MISPLACED[relative] + HINT) in problems_of(content)


@pytest.mark.parametrize("name", [kind.pattern for kind in KINDS if kind.required])
def test_a_missing_required_file_is_one_problem(content, name):
    (content / name).unlink()
    assert (name, None, "", "缺少此文件") in problems_of(content)


SETTINGS = {
    # name: (old text, new text, line, field, message)
    "series id twice": ("  - id: qkfy", "  - id: zwxx", 2, "series", "刊物 id “zwxx”重复"),
    "level id twice": ("  - {id: province", "  - {id: city", 11, "levels", "级别 id “city”重复"),
    "category twice": ("categories: [动态", "categories: [动态, 动态", 9, "categories", "有重复的名称"),
    "group twice": ("groups: [县市区", "groups: [县市区, 县市区", 10, "groups", "有重复的名称"),
    "category in a URL": ("categories: [动态", "categories: [动/态", 9, "categories",
                          "类别“动/态”含有 / \\ ? # % 等字符：类别名用在网址中"),
    "classified marking": ("markings: [", "markings: [秘密, ", 14, "markings", "“秘密”是涉密标识：涉密信息不得上网"),
    "rule sets out of order": ("    combined: 0.5\n", "    combined: 0.5\n  - since: 2025-01-01\n", 21, "scoring[2].since",
                               "规则集应按 since 日期从早到晚排列，且日期不重复"),
    "unknown level": ("forwarded: {province: 2}", "forwarded: {state: 2}", 18, "scoring[1].forwarded",
                      "未知级别“state”（bulletin.yml levels 中没有）"),
    "unknown level of a publication": ("    combined: 0.5\n", "    combined: 0.5\n    publications: {专报: {state: 20}}\n", 21,
                                       "scoring[1].publications.专报", "未知级别“state”（bulletin.yml levels 中没有）"),
    "fees out of order": ("scoring:", "fees:\n  - {since: 2026-01-01, published: 50}\n  - {since: 2026-01-01, published: 60}\n"
                          "scoring:", 17, "fees[2].since", "稿酬标准应按 since 日期从早到晚排列，且日期不重复"),
    "unknown level of a fee": ("scoring:", "fees: {published: 50, adopted: {state: 100}}\nscoring:", 15, "fees.adopted",
                               "未知级别“state”（bulletin.yml levels 中没有）"),
    "unknown group of awards": ("scoring:", "awards: {units: {县区: 3}}\nscoring:", 15, "awards.units.县区",
                                "未知分组“县区”（bulletin.yml groups：县市区、行署部门）"),
}


@pytest.mark.parametrize("case", SETTINGS, ids=list(SETTINGS))
def test_settings_checks_report_where_the_field_stands(content, case):
    old, new, line, field, message = SETTINGS[case]
    edit(content, "bulletin.yml", old, new)
    assert ("bulletin.yml", line, field, message) in problems_of(content)


def test_settings_checks_wait_until_bulletin_yml_parsed(content):
    """One mistake at a time in bulletin.yml: its checks run once every field of it reads."""
    edit(content, "bulletin.yml", "  - id: qkfy", "  - id: zwxx")
    edit(content, "bulletin.yml", "publisher:", "publishr:")
    assert not [p for p in problems_of(content) if "重复" in p[3]]


def test_settings_with_a_checked_problem_still_check_the_other_files(content):
    """A name written twice is reported, and the settings stay in force: items are still checked
    against the categories."""
    edit(content, "bulletin.yml", "groups: [县市区", "groups: [县市区, 县市区")
    edit(content, "items/2026/2026-0001.md", "category: 动态", "category: 动向")
    found = problems_of(content)
    assert ("bulletin.yml", 10, "groups", "有重复的名称") in found
    assert any(p[:3] == ("items/2026/2026-0001.md", 5, "category") and "未知类别“动向”" in p[3] for p in found), found
