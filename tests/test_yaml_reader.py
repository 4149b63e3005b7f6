"""Content YAML is read with YAML 1.2 core rules and hard limits; a full-width colon is caught where it is one."""

import time

from bulletin.content.load import load_content
from bulletin.content.problems import Problems
from bulletin.content.schema import At, Invalid, ident
from test_validation import ISSUE_1, assert_problem, edit, problems_of

# A 342-byte bomb (issue 9: 332 bytes would need about 90 GB): nine levels of nine aliases, 9^9 strings expanded.
BOMB = "\n".join(["a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]"]
                 + [f"{c}: &{c} [{','.join(['*' + p] * 9)}]" for p, c in zip("abcdefgh", "bcdefghi")]) + "\n"


def test_alias_bomb_is_refused_in_well_under_a_second(content):
    (content / ISSUE_1).write_text(BOMB, encoding="utf-8")
    started = time.perf_counter()
    found = problems_of(content)
    assert time.perf_counter() - started < 0.5
    assert (ISSUE_1, 2, "", "不支持 YAML 别名“*a”：请把内容直接写出来") in found, found


def test_deep_nesting_is_refused(content):
    (content / ISSUE_1).write_text("items: " + "[" * 30 + "]" * 30 + "\n", encoding="utf-8")
    assert_problem(content, ISSUE_1, 1, "", "嵌套超过 20 层")


def test_leading_zero_is_decimal_as_in_yaml_1_2(content):
    (content / ISSUE_1).rename(content / "issues/zwxx/2026/010.yml")
    edit(content, "issues/zwxx/2026/010.yml", "number: 1", "number: 010")
    issue = load_content(content).issues[0]
    assert issue.number == 10  # YAML 1.1 read 010 as octal 8, and the file name check failed


def test_yes_and_no_are_words_not_booleans(content):
    edit(content, ISSUE_1, "signer: 张建国", "signer: Yes")
    assert load_content(content).issues[0].signer == "Yes"


def test_a_boolean_field_says_what_it_wants(content):
    edit(content, ISSUE_1, "signer: 张建国", "signer: 张建国\nsupplement: no")
    assert_problem(content, ISSUE_1, 6, "supplement", "“no”应为 true 或 false")


def test_full_width_colon_in_ordinary_text_is_not_an_error(content):
    edit(content, ISSUE_1, "signer: 张建国", "signer: 张建国\nforeword: |\n  A级景区：新增 3 家。\n  GDP：同比增长 6%。")
    assert problems_of(content) == []


def test_full_width_colon_after_a_chinese_key_is_named(content):
    edit(content, "bulletin.yml", "      报: 自治区人民政府办公厅",
         "      报：自治区人民政府办公厅\n      送: 地委办公室")
    assert_problem(content, "bulletin.yml", 6, "报", "用了全角冒号“：”作分隔符")


def test_full_width_colon_in_a_lone_mapping_entry_is_named(content):
    edit(content, "bulletin.yml", "      报: 自治区人民政府办公厅", "      报：自治区人民政府办公厅")
    assert_problem(content, "bulletin.yml", 5, "series[1].distribution", "这里用了全角冒号")


def test_ident_refuses_a_trailing_newline():
    where = At("units.yml", Problems(), "id", 1)
    try:
        ident("linshuang\n", where)
    except Invalid as refused:
        assert "不是有效标识" in refused.message
    else:
        raise AssertionError("an id with a newline was accepted")


def test_unit_id_with_a_trailing_newline_is_reported(content):
    with (content / "units.yml").open("a", encoding="utf-8") as units:
        units.write('- {id: "xinqu\\n", name: 新区, group: 县市区}\n')
    assert_problem(content, "units.yml", 10, "[5].id", "不是有效标识")
