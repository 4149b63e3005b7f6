"""Each mistake the content-format spec lists is caught, named by file, line and field."""

import pytest

from bulletin.content.load import check_content
from conftest import SAMPLE, run_cli

ITEM_1 = "items/2026/2026-0001.md"
ISSUE_1 = "issues/zwxx/2026/001.yml"


def edit(content, relative, old, new):
    path = content / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems_of(content):
    return [(p.path.removeprefix("content/"), p.line, p.field, p.message) for p in check_content(content)]


def assert_problem(content, path, line, field, fragment):
    found = problems_of(content)
    assert any(p[:3] == (path, line, field) and fragment in p[3] for p in found), found


CASES = {
    # name: (file, old text, new text, expected path, line, field, message fragment)
    "unknown unit": (ITEM_1, "unit: linshuang", "unit: linshaung", ITEM_1, 4, "unit", "未知单位“linshaung”"),
    "unknown co-unit": ("items/2026/2026-0002.md", "co_units: [tahe]", "co_units: [tahe, nosuch]",
                        "items/2026/2026-0002.md", 5, "co_units", "未知单位“nosuch”"),
    "unknown topic": (ITEM_1, "topics: [agriculture]", "topics: [agricultur]", ITEM_1, 6, "topics", "未知主题"),
    "unknown category": (ITEM_1, "category: 动态", "category: 新闻", ITEM_1, 5, "category", "未知类别“新闻”"),
    "unknown series": (ISSUE_1, "series: zwxx", "series: zwxxx", ISSUE_1, 1, "series", "未知刊物"),
    "unknown level": (ITEM_1, "level: province", "level: county", ITEM_1, 11, "events[1].level", "未知级别“county”"),
    "unknown level in scoring": ("bulletin.yml", "forwarded: {province: 2}", "forwarded: {provnce: 2}",
                                 "bulletin.yml", 18, "scoring[1].forwarded", "未知级别“provnce”"),
    "classified marking": (ITEM_1, "status: approved", "status: approved\nmarking: 机密", ITEM_1, 9, "marking", "涉密"),
    "unlisted marking": (ISSUE_1, "signer: 张建国", "signer: 张建国\nmarking: 请勿外传", ISSUE_1, 6, "marking", "未知标识"),
    "malformed date": (ITEM_1, "date: 2026-05-12", "date: 2026-5-12", ITEM_1, 7, "date", "应为 YYYY-MM-DD"),
    "impossible date": (ITEM_1, "date: 2026-05-12", "date: 2026-02-30", ITEM_1, 7, "date", "不存在"),
    "event before item": (ITEM_1, "date: 2026-05-13", "date: 2026-05-01", ITEM_1, 11, "events[1].date", "早于稿件报送日期"),
    "item after its issue": (ISSUE_1, "date: 2026-05-18", "date: 2026-05-11", ISSUE_1, 6, "items[1]", "晚于本期日期"),
    "missing required field": (ITEM_1, "title: 今年林双县棉花病虫害预计为中度偏重发生\n", "", ITEM_1, 2, "title", "缺少必填字段"),
    "approved without approver": (ITEM_1, "approved_by: 李华\n", "", ITEM_1, 8, "approved_by", "须写 approved_by"),
    "unknown field": (ITEM_1, "category: 动态", "catgory: 动态", ITEM_1, 5, "catgory", "是否应为“category”"),
    "full-width colon": (ITEM_1, "title: 今年", "title： 今年", ITEM_1, 3, "title", "全角冒号"),
    "item missing from items": (ISSUE_1, "items: [2026-0001, 2026-0002]", "items: [2026-0001, 2026-0099]",
                                ISSUE_1, 6, "items[2]", "“2026-0099”不存在"),
    "item not approved": (ISSUE_1, "items: [2026-0001, 2026-0002]", "items: [2026-0001, 2026-0003]",
                          ISSUE_1, 6, "items[2]", "未审核通过（status: draft）"),
    "item twice in one issue": (ISSUE_1, "items: [2026-0001, 2026-0002]", "items: [2026-0001, 2026-0001]",
                                ISSUE_1, 6, "items[2]", "列了两次"),
    "unit dissolved before item": ("items/2026/2026-0002.md", "date: 2026-03-02", "date: 2026-04-02",
                                   "items/2026/2026-0002.md", 4, "unit", "已于 2026-03-31 撤并"),
    "unknown group": ("units.yml", "group: 县市区}", "group: 县区}", "units.yml", 1, "[1].group", "未知分组"),
    "duplicate key": (ITEM_1, "category: 动态", "category: 动态\ncategory: 经验", ITEM_1, 6, "category", "重复的键"),
    "scoring sets out of order": ("bulletin.yml", "scoring:\n  - since: 2026-01-01",
                                  "scoring:\n  - since: 2026-01-01\n  - since: 2025-01-01", "bulletin.yml", 17,
                                  "scoring[2].since", "从早到晚"),
    "id differs from file name": (ITEM_1, "id: 2026-0001", "id: 2026-0009", ITEM_1, 2, "id", "应与文件名"),
    "bad id": (ITEM_1, "unit: linshuang", "unit: 林双", ITEM_1, 4, "unit", "不是有效标识"),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_each_listed_mistake_is_named_by_file_line_and_field(content, case):
    relative, old, new, path, line, field, fragment = CASES[case]
    edit(content, relative, old, new)
    assert_problem(content, path, line, field, fragment)


def test_duplicate_item_id_names_both_files(content):
    (content / "items/2026/copy.md").write_text(
        (content / ITEM_1).read_text(encoding="utf-8"), encoding="utf-8")
    assert_problem(content, "items/2026/copy.md", 2, "id", "稿件 id “2026-0001”重复（另见 content/items/2026/2026-0001.md）")


def test_item_in_two_issues_of_one_series(content):
    (content / "issues/zwxx/2026/002.yml").write_text(
        "series: zwxx\nnumber: 2\ndate: 2026-05-25\nsigner: 张建国\nitems: [2026-0001]\n", encoding="utf-8")
    assert_problem(content, "issues/zwxx/2026/002.yml", 5, "items[1]", "已刊于同一刊物的 content/issues/zwxx/2026/001.yml")


def test_item_may_appear_in_issues_of_two_series(content):
    (content / "issues/qkfy/2026").mkdir(parents=True, exist_ok=True)
    (content / "issues/qkfy/2026/001.yml").write_text(
        "series: qkfy\nnumber: 1\ndate: 2026-05-25\nsigner: 张建国\nitems: [2026-0001]\n", encoding="utf-8")
    assert problems_of(content) == []


def approve_draft(content):
    edit(content, "items/2026/2026-0003.md", "status: draft", "status: approved\napproved_by: 李华")


def test_issue_number_reused(content):
    approve_draft(content)
    (content / "issues/zwxx/2026/01.yml").write_text(
        "series: zwxx\nnumber: 1\ndate: 2026-05-25\nsigner: 张建国\nitems: [2026-0003]\n", encoding="utf-8")
    assert_problem(content, "issues/zwxx/2026/01.yml", 2, "number", "期号重复")


def test_supplement_is_numbered_apart(content):
    approve_draft(content)
    (content / "issues/zwxx/2026/zk1.yml").write_text(
        "series: zwxx\nnumber: 1\nsupplement: true\ndate: 2026-05-25\nsigner: 张建国\nitems: [2026-0003]\n",
        encoding="utf-8")
    assert problems_of(content) == []


def test_non_utf8_file_is_refused_by_name(content):
    (content / ITEM_1).write_bytes("---\nid: 2026-0001\ntitle: 林双县\n---\n".encode("gbk"))
    found = problems_of(content)
    assert any(p[0] == ITEM_1 and "不是 UTF-8 编码" in p[3] for p in found), found


@pytest.mark.parametrize("relative, broken, line", [
    (ITEM_1, 'title: "未闭合的引号\n', 3),
    (ISSUE_1, "items: [2026-0001, 2026-0002\n", 7),
])
def test_yaml_syntax_error_is_reported_with_its_line(content, relative, broken, line):
    path = content / relative
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, text in enumerate(lines) if text.startswith(broken.split(":")[0] + ":"))
    lines[index] = broken
    path.write_text("".join(lines), encoding="utf-8")
    found = problems_of(content)
    assert any(p[0] == relative and p[1] is not None and p[1] >= line - 1 and "YAML 语法错误" in p[3] for p in found), found


def test_byte_order_mark_is_tolerated(content):
    path = content / ITEM_1
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert problems_of(content) == []


def test_full_width_colon_does_not_hide_other_problems(content):
    edit(content, ITEM_1, "title: 今年", "title： 今年")
    edit(content, ITEM_1, "category: 动态", "category: 新闻")
    fields = {p[2] for p in problems_of(content)}
    assert {"title", "category"} <= fields


def test_every_problem_in_one_run(content):
    edit(content, ITEM_1, "unit: linshuang", "unit: nobody")
    edit(content, "items/2026/2026-0002.md", "category: 问题建议", "category: 新闻")
    edit(content, ISSUE_1, "signer: 张建国", "signer: 张建国\ncopies: -3")
    fields = {(p[0], p[2]) for p in problems_of(content)}
    assert {(ITEM_1, "unit"), ("items/2026/2026-0002.md", "category"), (ISSUE_1, "copies")} <= fields


def test_a_broken_item_is_reported_once_not_again_by_its_issue(content):
    edit(content, ITEM_1, "category: 动态", "category: 新闻")
    assert [p[0] for p in problems_of(content)] == [ITEM_1]


def test_check_command_prints_path_line_field_and_fails(content):
    edit(content, ITEM_1, "unit: linshuang", "unit: linshaung")
    result = run_cli("check", "--content", content)
    assert result.returncode == 1
    assert f"{content.name}/{ITEM_1}:4: unit: 未知单位“linshaung”" in result.stdout
    assert "共 1 个问题" in result.stderr


def test_check_command_passes_clean_content(content):
    result = run_cli("check", "--content", content)
    assert result.returncode == 0, result.stdout
    assert "内容检查通过：稿件 3 篇（已审核 2 篇），刊物 1 期" in result.stdout


def test_bundled_sample_is_clean():
    result = run_cli("check", "--content", SAMPLE)
    assert result.returncode == 0, result.stdout


def test_build_refuses_broken_content_and_leaves_the_site_untouched(content, tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("the published site", encoding="utf-8")
    edit(content, ISSUE_1, "items: [2026-0001, 2026-0002]", "items: [2026-0001, 2026-0003]")
    result = run_cli("build", "--content", content, "--out", out)
    assert result.returncode == 1
    assert "未审核通过" in result.stderr
    assert (out / "index.html").read_text(encoding="utf-8") == "the published site"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "site"]
