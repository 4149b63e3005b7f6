"""总第M期 that cannot go wrong, and the other checks issue 9 found against the content-format spec."""

from datetime import date
from fractions import Fraction

import pytest

from bulletin.archive import Archive
from bulletin.content.load import check_content, load_content
from bulletin.cycle.scoring import Leaderboard, Period
from bulletin.site.sanitize import sanitize
from conftest import Site, build_site
from test_validation import ISSUE_1, ITEM_1, assert_problem, edit


def add_items(content, *numbers):
    """Approved copies of item 0001 (林双县, 2026-05-12) under new ids, for issues to list."""
    original = (content / ITEM_1).read_text(encoding="utf-8")
    for number in numbers:
        item_id = f"2026-{number:04d}"
        (content / f"items/2026/{item_id}.md").write_text(original.replace("2026-0001", item_id), encoding="utf-8")


def add_issue(content, number, day, item, total=None):
    total_line = f"total: {total}\n" if total else ""
    (content / f"issues/zwxx/2026/{number:03d}.yml").write_text(
        f"series: zwxx\nnumber: {number}\n{total_line}date: 2026-{day}\nsigner: 张建国\nitems: [{item}]\n", encoding="utf-8")


# -- 总第M期 -----------------------------------------------------------------------------------------

def test_written_total_may_not_collide_with_a_derived_one(content):
    # 第1期 总第100期 (written), 第2期 none (counts on to 101), 第3期 total: 101: two issues would print 总第101期
    add_items(content, 11, 12)
    add_issue(content, 2, "05-25", "2026-0011")
    add_issue(content, 3, "06-01", "2026-0012", total=101)
    assert_problem(content, "issues/zwxx/2026/003.yml", 3, "total",
                   "总第101期不大于前一期 content/issues/zwxx/2026/002.yml 的总第101期（该期未写 total")


def test_written_total_may_not_fall_behind(content):
    add_items(content, 11)
    add_issue(content, 2, "05-25", "2026-0011", total=90)
    assert_problem(content, "issues/zwxx/2026/002.yml", 3, "total", "总第90期不大于前一期")


def test_numbers_rise_with_dates(content):
    add_items(content, 11)
    add_issue(content, 2, "05-17", "2026-0011")  # 第2期 a day before 第1期
    assert_problem(content, "issues/zwxx/2026/002.yml", 3, "date", "早于第1期")


def test_derived_totals_count_on_from_written_ones(content):
    add_items(content, 11, 12)
    add_issue(content, 2, "05-25", "2026-0011")
    add_issue(content, 3, "06-01", "2026-0012", total=110)
    archive = Archive(load_content(content))
    assert [archive.total(issue) for issue in archive.series_issues["zwxx"]] == [100, 101, 110]


# -- against the spec --------------------------------------------------------------------------------

def test_forwarded_at_a_level_no_rule_scores_counts_zero(content):
    edit(content, ITEM_1, "type: forwarded, level: province", "type: forwarded, level: city")
    board = Leaderboard(Archive(load_content(content)))
    standing = board.standing("linshuang", Period("year", 2026))
    assert standing.tally.forwarded["city"] == 1
    assert standing.tally.points == 3  # published 3 in 第1期 + forwarded to city 0


@pytest.mark.parametrize("relative, old, new, line, field", [
    (ITEM_1, "topics: [agriculture]", "topics: []", 6, "topics"),
    (ISSUE_1, "items: [2026-0001, 2026-0002]", "items: []", 6, "items"),
])
def test_empty_lists_where_one_or_more_are_required(content, relative, old, new, line, field):
    edit(content, relative, old, new)
    assert_problem(content, relative, line, field, "列表不能为空")


def test_event_decades_ahead_is_refused(content):
    edit(content, ITEM_1, "date: 2026-05-13", "date: 2062-05-13")
    found = [(p.path.removeprefix("content/"), p.line, p.field) for p in check_content(content, today=date(2026, 11, 27))]
    assert found == [(ITEM_1, 11, "events[1].date")]


def test_event_within_a_year_is_accepted(content):
    edit(content, ITEM_1, "date: 2026-05-13", "date: 2027-01-05")
    assert list(check_content(content, today=date(2026, 11, 27))) == []


# -- markings ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("marking", ["祕密", "秘 密", "机\u200b密", "機密", "绝\u3000密", "㊙密"])
def test_classified_marking_is_caught_however_it_is_typed(content, marking):
    edit(content, "bulletin.yml", "markings: [内部资料 注意保存]", f"markings: [内部资料 注意保存, {marking}]")
    assert_problem(content, "bulletin.yml", 14, "markings", "涉密标识")


# -- sanitizer ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("source", ["\\\\evil.example/x.png", " //evil.example/x.png", "/\\evil.example/x.png",
                                    "\t//evil.example/x.png", "/x.png", "java\tscript:alert(1)", "http://evil.example/x.png",
                                    "../../../../x.png", "a/%2E%2e/../../../x.png"])
def test_image_from_outside_the_site_loses_its_source(source):
    html = str(sanitize(f'<img alt="a" src="{source}">'))
    assert "src" not in html, html


def test_relative_image_inside_the_site_is_kept():
    assert 'src="images/map.png"' in str(sanitize('<img src="images/map.png">'))


# -- leaderboard ---------------------------------------------------------------------------------------

def test_dissolved_unit_periods_add_up_to_the_year(content):
    # 安监局 dissolved 2026-03-31; its joint item 2026-0002 (with 塔河县) was printed in 第1期 on 2026-05-18:
    # published 3 points split in two, so 安监局 earns 1.5 in May, after its until.
    board = Leaderboard(Archive(load_content(content)))
    may = {s.unit.id: s.tally.points for s in board.table(Period("month", 2026, 5), "行署部门")}
    q2 = {s.unit.id: s.tally.points for s in board.table(Period("quarter", 2026, 2), "行署部门")}
    year = {s.unit.id: s.tally.points for s in board.table(Period("year", 2026), "行署部门")}
    assert may["anjian"] == q2["anjian"] == year["anjian"] == Fraction(3, 2)
    assert [s.unit.id for s in board.table(Period("month", 2026, 4), "行署部门")] == ["yingji"]  # nothing counted: not listed


# -- summary in listings -------------------------------------------------------------------------------

def test_summary_is_shown_in_listings(content, tmp_path):
    edit(content, ITEM_1, "approved_by: 李华", "approved_by: 李华\nsummary: 棉铃虫发生面积预计比去年增加两成")
    site = Site(build_site(content, tmp_path / "site"))
    row = next(row for row in site.soup("units/linshuang/").select("li.bl-row") if "棉花病虫害" in row.get_text())
    assert "棉铃虫发生面积预计比去年增加两成" in row.get_text()
