"""`bulletin new-issue` composes the next issue, or refuses saying why; `new-item` writes a draft.

Both write through the YAML library: whatever a title holds, the file reads back as written.
"""

from datetime import date
from pathlib import Path

import pytest
import yaml

from bulletin.archive import Archive
from bulletin.content.load import load_content
from conftest import run_cli
from test_validation import edit

ISSUE_2 = "issues/zwxx/2026/002.yml"


def approve(content, item_id="2026-0003", day="2026-05-20"):
    """Approve the minimal fixture's draft, reported (by default) after its last issue of 2026-05-18."""
    edit(content, f"items/2026/{item_id}.md", "status: draft", "status: approved\napproved_by: 李华")
    edit(content, f"items/2026/{item_id}.md", "date: 2026-05-10", f"date: {day}")


def add_item(content, item_id, day, status="approved\napproved_by: 李华", title="新稿件"):
    (content / f"items/2026/{item_id}.md").write_text(
        f"---\nid: {item_id}\ntitle: {title}\nunit: linshuang\ncategory: 动态\ntopics: [agriculture]\n"
        f"date: {day}\nstatus: {status}\n---\n正文。\n", encoding="utf-8")


def new_issue(content, *args):
    return run_cli("new-issue", "--content", content, *args)


def written(content, relative=ISSUE_2):
    return yaml.safe_load((content / relative).read_text(encoding="utf-8"))


def test_next_issue_takes_the_approved_items_since_the_last_issue_oldest_first(content):
    approve(content)                          # 2026-05-20
    add_item(content, "2026-0004", "2026-05-18")  # the last issue's day: came in after it was made up
    add_item(content, "2026-0005", "2026-06-20")  # later than the issue: waits for the next one
    add_item(content, "2026-0006", "2026-04-01")  # before the last issue (2026-05-18) and not in it: old
    result = new_issue(content, "zwxx", "--date", "2026-06-01")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("issues/zwxx/2026/002.yml")
    assert written(content) == {"series": "zwxx", "number": 2, "total": 101, "date": date(2026, 6, 1),
                                "signer": "张建国", "items": ["2026-0004", "2026-0003"]}
    said = result.stderr.splitlines()
    assert said[0] == ("未编入 1 篇：报送于上一期（《政务信息》2026年第1期，2026年5月18日）之前、未刊于《政务信息》"
                       "的已审核稿件：不是本期的稿件；确要刊发，请用 --items 指定")
    assert said[1].split() == ["2026-0006", "2026年4月1日", "新稿件"]
    assert said[2] == "未编入 1 篇：报送日期晚于本期日期 2026年6月1日，留待以后各期" and said[3].startswith("  2026-0005")
    assert run_cli("check", "--content", content).returncode == 0
    issue = next(i for i in load_content(content).issues if i.number == 2)
    assert issue.item_ids == ["2026-0004", "2026-0003"]


def test_a_limit_keeps_the_oldest_and_says_which_wait(content):
    for number, day in enumerate(["2026-05-25", "2026-05-19", "2026-05-30", "2026-05-21"], start=4):
        add_item(content, f"2026-{number:04d}", day)
    add_item(content, "2026-0008", "2026-05-22", status="draft")
    result = new_issue(content, "zwxx", "--date", "2026-06-01", "--limit", "2")
    assert result.returncode == 0, result.stderr
    assert written(content)["items"] == ["2026-0005", "2026-0007"]     # 5月19日, 5月21日
    said = result.stderr.splitlines()
    assert said[0] == "未编入 2 篇：超出每期 2 篇的上限（--limit），按报送先后留待下一期"
    assert [line.split()[0] for line in said[1:3]] == ["2026-0004", "2026-0006"]   # 5月25日, 5月30日
    assert said[3] == "未编入 1 篇：上一期以来报送、尚未审核通过（status 不是 approved）" and said[4].startswith("  2026-0008")
    assert "2026-0003" not in result.stderr, "a draft from before the last issue is not news"


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


def test_on_an_archive_with_old_leftovers_the_issue_is_the_new_items(tmp_path):
    """Issue 31: on a synthetic archive with approved items that never went into 《政务信息》, the next
    issue is the five items reported since its last issue, and the old ones are listed as left out."""
    from testsupport.synthetic import add_issue, write_archive
    from conftest import SAMPLE
    content = tmp_path / "content"
    write_archive(SAMPLE, content, items=400, start_year=2025, years=2, seed=3)
    new = add_issue(content, count=5, seed=3)      # five approved items, the day after the latest issue
    Path(new["path"]).unlink()                     # ... not yet in an issue: what new-issue must propose
    archive = Archive(load_content(content))
    printed = {i for issue in archive.series_issues["zwxx"] for i in issue.item_ids}
    last = [i for i in archive.series_issues["zwxx"] if not i.supplement][-1]
    old = sorted(i.id for i in archive.items.values() if i.id not in printed and i.date < last.date)
    between = sorted(i.id for i in archive.items.values() if i.id not in printed and i.date >= last.date
                     and i.id not in new["items"])   # reported after 《政务信息》's last issue (another series' days)
    assert len(old) > 10, "the synthetic archive has old leftovers, as an imported archive does"
    result = new_issue(content, "zwxx", "--date", new["date"], "--limit", "20")
    assert result.returncode == 0, result.stderr
    issue = yaml.safe_load(Path(result.stdout.strip()).read_text(encoding="utf-8"))
    print(f"{len(old)} old leftovers, {len(between)} items between the issues, 5 new")
    assert sorted(issue["items"]) == sorted(between + new["items"]) and len(issue["items"]) < 20
    said = result.stderr.splitlines()
    assert said[0].startswith(f"未编入 {len(old)} 篇：报送于上一期（{archive.label(last)}")
    listed = {word for line in said for word in line.replace("、", " ").replace("：", " ").split()}
    assert set(old) <= listed, "every old item left out is named"
