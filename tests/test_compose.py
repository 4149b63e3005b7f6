"""`bulletin new-issue` composes the next issue, or refuses saying why; `new-item` writes a draft.

Both write through the YAML library: whatever a title holds, the file reads back as written.
"""

from datetime import date

import pytest
import yaml

from bulletin.content.load import load_content
from conftest import run_cli
from test_validation import edit

ISSUE_2 = "issues/zwxx/2026/002.yml"


def approve(content, item_id="2026-0003"):
    edit(content, f"items/2026/{item_id}.md", "status: draft", "status: approved\napproved_by: 李华")


def add_item(content, item_id, day, status="approved\napproved_by: 李华", title="新稿件"):
    (content / f"items/2026/{item_id}.md").write_text(
        f"---\nid: {item_id}\ntitle: {title}\nunit: linshuang\ncategory: 动态\ntopics: [agriculture]\n"
        f"date: {day}\nstatus: {status}\n---\n正文。\n", encoding="utf-8")


def new_issue(content, *args):
    return run_cli("new-issue", "--content", content, *args)


def written(content, relative=ISSUE_2):
    return yaml.safe_load((content / relative).read_text(encoding="utf-8"))


def test_next_issue_takes_the_unprinted_approved_items_oldest_first(content):
    approve(content)                          # 2026-05-10
    add_item(content, "2026-0004", "2026-04-01")
    add_item(content, "2026-0005", "2026-06-20")  # later than the issue: waits for the next one
    result = new_issue(content, "zwxx", "--date", "2026-06-01")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("issues/zwxx/2026/002.yml")
    assert written(content) == {"series": "zwxx", "number": 2, "total": 101, "date": date(2026, 6, 1),
                                "signer": "张建国", "items": ["2026-0004", "2026-0003"]}
    assert run_cli("check", "--content", content).returncode == 0
    issue = next(i for i in load_content(content).issues if i.number == 2)
    assert issue.item_ids == ["2026-0004", "2026-0003"]


def test_given_items_are_printed_in_the_order_given(content):
    approve(content)
    add_item(content, "2026-0004", "2026-04-01")
    result = new_issue(content, "zwxx", "--date", "2026-06-01", "--items", "2026-0003", "2026-0004", "--signer", "王强")
    assert result.returncode == 0, result.stderr
    assert written(content)["items"] == ["2026-0003", "2026-0004"] and written(content)["signer"] == "王强"


def test_dry_run_prints_the_file_and_writes_nothing(content):
    approve(content)
    result = new_issue(content, "zwxx", "--date", "2026-06-01", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "issues/zwxx/2026/002.yml" in result.stdout and "items: [2026-0003]" in result.stdout
    assert not (content / ISSUE_2).exists()


def test_first_issue_of_a_new_year_is_number_one_and_totals_run_on(content):
    approve(content)
    result = new_issue(content, "zwxx", "--date", "2027-01-05")
    assert result.returncode == 0, result.stderr
    assert written(content, "issues/zwxx/2027/001.yml")["number"] == 1
    assert written(content, "issues/zwxx/2027/001.yml")["total"] == 101


REFUSALS = {
    # name: (arguments, message fragment)
    "nothing to publish": (["zwxx", "--date", "2026-06-01"], "没有可刊发的稿件"),
    "item not approved": (["zwxx", "--date", "2026-06-01", "--items", "2026-0003"], "未审核通过（status: draft）"),
    "item already printed": (["zwxx", "--date", "2026-06-01", "--items", "2026-0001"], "已刊于《政务信息》"),
    "item missing": (["zwxx", "--date", "2026-06-01", "--items", "2026-0099"], "不存在"),
    "item listed twice": (["zwxx", "--date", "2026-06-01", "--items", "2026-0004", "2026-0004"], "列了两次"),
    "item newer than the issue": (["zwxx", "--date", "2026-05-20", "--items", "2026-0005"], "晚于本期日期"),
    "date before the last issue": (["zwxx", "--date", "2026-05-01", "--items", "2026-0004"], "期号会与日期顺序冲突"),
    "unknown series": (["zwxy", "--date", "2026-06-01"], "未知刊物“zwxy”"),
    "no signer to carry over": (["qkfy", "--date", "2026-06-01", "--items", "2026-0004"], "--signer"),
}


@pytest.mark.parametrize("name", REFUSALS)
def test_new_issue_refuses_and_writes_nothing(content, name):
    arguments, message = REFUSALS[name]
    add_item(content, "2026-0004", "2026-04-01")
    add_item(content, "2026-0005", "2026-06-20")
    if name == "nothing to publish":
        (content / "items/2026/2026-0004.md").unlink()
    before = sorted(p.relative_to(content) for p in content.rglob("*"))
    result = new_issue(content, *arguments)
    assert result.returncode == 1 and message in result.stderr, result.stderr
    assert sorted(p.relative_to(content) for p in content.rglob("*")) == before


def test_new_issue_refuses_a_number_whose_file_is_taken(content):
    approve(content)
    (content / ISSUE_2).write_text("series: zwxx\nnumber: 2\n", encoding="utf-8")  # broken, so not loaded
    result = new_issue(content, "zwxx", "--date", "2026-06-01")
    assert result.returncode == 1
    assert (content / ISSUE_2).read_text(encoding="utf-8") == "series: zwxx\nnumber: 2\n"


def test_new_issue_refuses_on_broken_content(content):
    approve(content)
    edit(content, "items/2026/2026-0001.md", "unit: linshuang", "unit: nosuch")
    result = new_issue(content, "zwxx", "--date", "2026-06-01")
    assert result.returncode == 1 and "未知单位“nosuch”" in result.stderr
    assert not (content / ISSUE_2).exists()


@pytest.mark.parametrize("title", ["会议纪要: 第一次", "#1 号文件 [试行]", "'引号' \"双引号\"", "yes", "2026-05-18"])
def test_new_item_writes_a_draft_whatever_the_title(content, title):
    result = run_cli("new-item", "--content", content, "--unit", "linshuang", "--title", title, "--date", "2026-06-02")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("items/2026/2026-0004.md")
    assert run_cli("check", "--content", content).returncode == 0
    item = load_content(content).items["2026-0004"]
    assert item.title == title and item.status == "draft" and item.topics == ["agriculture"]
