"""Leaderboard numbers against hand-computed expectations.

The archive below is small enough to score by hand; each expectation's comment shows the sum.
"""

from fractions import Fraction

import pytest

from bulletin.archive import Archive
from bulletin.content.load import load_content
from bulletin.cycle.scoring import Leaderboard, Period, one_decimal, percent

BULLETIN = """\
publisher: 测试办
series:
  - {id: zwxx, name: 政务信息}
  - {id: qkfy, name: 情况反映}
categories: [动态]
groups: [县市区, 部门]
levels:
  - {id: city, name: 市级}
  - {id: province, name: 省级}
  - {id: state, name: 国家级}
scoring:
  - since: 2025-01-01
    published: 3
    forwarded: {province: 2}
    adopted: {city: 3, province: 10, state: 50}
    publications: {信息专报: {province: 20}}
    combined: 0.5
    instruction: {province: 50, state: 100}
  - since: 2026-01-01
    published: 4
    forwarded: {province: 3}
    adopted: {city: 4, province: 12, state: 60}
    combined: 0.5
    instruction: {province: 50, state: 100}
"""
UNITS = """\
- {id: a, name: 甲县人民政府办公室, short: 甲县, group: 县市区, target: 4}
- {id: b, name: 乙县人民政府办公室, short: 乙县, group: 县市区}
- {id: c, name: 丙县人民政府办公室, short: 丙县, group: 县市区}
- {id: d, name: 丁县人民政府办公室, short: 丁县, group: 县市区}
- {id: old, name: 原安监局, short: 安监局, group: 部门, until: 2025-06-30, successor: new}
- {id: new, name: 应急管理局, short: 应急局, group: 部门}
"""
ITEMS = {
    # across the year boundary: forwarded under the 2025 rules, adopted under 2026's
    "i1": ("a", "2025-12-20", "", ["{type: forwarded, level: province, date: 2025-12-21}",
                                    "{type: adopted, level: province, publication: 昨日要情, date: 2026-01-05}"]),
    # a publication override: 信息专报 scores 20 at province level, not 10
    "i2": ("b", "2025-03-01", "", ["{type: adopted, level: province, publication: 信息专报, date: 2025-03-10}"]),
    # a combined adoption: 3 x 0.5; never printed in our issues
    "i3": ("c", "2025-04-01", "", ["{type: adopted, level: city, publication: 昨日情况, form: combined, date: 2025-04-10}"]),
    # joint among three units: every point split in three, every count credited in full
    "i4": ("a", "2025-05-01", "co_units: [b, c]", ["{type: adopted, level: state, publication: 国办信息, date: 2025-05-10}",
                                                    "{type: instruction, level: state, leader: 国务院领导同志, date: 2025-05-12}"]),
    # printed in both series: published twice
    "i5": ("old", "2025-03-01", "", []),
    "i6": ("new", "2025-08-01", "", []),
    # a tie with i1's 2026 adoption (12): published 4 + adopted city 4 + city 4 = 12
    "i7": ("d", "2026-01-10", "", ["{type: adopted, level: city, publication: 昨日情况, date: 2026-01-20}",
                                    "{type: adopted, level: city, publication: 市政府专报, date: 2026-01-21}"]),
}
ISSUES = {
    "zwxx/2025/001": ("2025-03-05", ["i2", "i5"]),
    "qkfy/2025/001": ("2025-03-06", ["i5"]),
    "zwxx/2025/002": ("2025-05-05", ["i4"]),
    "zwxx/2025/003": ("2025-08-05", ["i6"]),
    "zwxx/2025/004": ("2025-12-28", ["i1"]),
    "zwxx/2026/001": ("2026-01-15", ["i7"]),
}


@pytest.fixture(scope="module")
def board(tmp_path_factory):
    root = tmp_path_factory.mktemp("scoring") / "content"
    (root / "submissions").mkdir(parents=True)
    (root / "bulletin.yml").write_text(BULLETIN, encoding="utf-8")
    (root / "units.yml").write_text(UNITS, encoding="utf-8")
    (root / "topics.yml").write_text("- {id: t, name: 主题}\n", encoding="utf-8")
    (root / "submissions" / "2025.yml").write_text("a: {3: 4, 12: 4}\n", encoding="utf-8")
    for item_id, (unit, day, extra, events) in ITEMS.items():
        path = root / "items" / day[:4] / f"{item_id}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        lines = [f"id: {item_id}", f"title: 稿件{item_id}", f"unit: {unit}", extra, "category: 动态", "topics: [t]",
                 f"date: {day}", "status: approved", "approved_by: 审核人"]
        if events:
            lines += ["events:"] + [f"  - {event}" for event in events]
        path.write_text("---\n" + "\n".join(line for line in lines if line) + "\n---\n正文。\n", encoding="utf-8")
    for name, (day, items) in ISSUES.items():
        series, year, number = name.split("/")
        path = root / "issues" / name.rsplit("/", 1)[0] / f"{number}.yml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"series: {series}\nnumber: {int(number)}\ndate: {day}\nsigner: 签发人\nitems: [{', '.join(items)}]\n",
                        encoding="utf-8")
    return Leaderboard(Archive(load_content(root)))


def rows(board, period, group):
    return [(s.rank, s.unit.id, s.tally.points) for s in board.table(period, group)]


def test_year_table_ranks_units_within_their_group(board):
    assert rows(board, Period("year", 2025), "县市区") == [
        (1, "b", Fraction(74)),        # i2: 3 + 20 (信息专报 override); i4: 1 + 50/3 + 100/3
        (2, "a", Fraction(56)),        # i1: 3 + 2 (2025 rules); i4: 51
        (3, "c", Fraction(105, 2)),    # i3: 3 x 0.5; i4: 51
        (4, "d", Fraction(0)),         # a unit with nothing is still ranked
    ]


def test_an_event_is_scored_by_the_rules_in_force_on_its_date(board):
    # i1's adoption on 2026-01-05 scores 12 (2026 rules), its forwarding on 2025-12-21 scored 2
    assert board.tally("a", Period("year", 2026)).points == 12
    assert board.tally("a", Period("month", 2025, 12)).points == 3 + 2


def test_joint_item_splits_points_exactly_and_credits_counts_in_full(board):
    for unit in ("a", "b", "c"):
        may = board.tally(unit, Period("month", 2025, 5))
        assert may.points == 51                      # 3/3 + 50/3 + 100/3, exactly
        assert (may.published, may.adopted["state"], may.instructions["state"]) == (1, 1, 1)


def test_item_in_two_series_scores_twice(board):
    march = board.tally("old", Period("month", 2025, 3))
    assert (march.published, march.points) == (2, 6)


def test_ties_share_a_rank_and_show_by_published_count(board):
    # d: 4 + 4 + 4 = 12 with one item published; a: 12 with none; b, c: nothing in 2026
    assert rows(board, Period("year", 2026), "县市区") == [
        (1, "d", Fraction(12)), (1, "a", Fraction(12)), (3, "b", Fraction(0)), (3, "c", Fraction(0))]


def test_dissolved_unit_leaves_the_tables_after_its_until(board):
    assert [s.unit.id for s in board.table(Period("quarter", 2025, 2), "部门")] == ["old", "new"]
    assert [s.unit.id for s in board.table(Period("quarter", 2025, 3), "部门")] == ["new"]
    assert [s.unit.id for s in board.table(Period("year", 2026), "部门")] == ["new"]
    assert [s.unit.id for s in board.table(Period("year", 2025), "部门")] == ["old", "new"]


def test_submissions_give_the_adoption_rate(board):
    a = board.tally("a", Period("year", 2025))
    assert (a.submitted, a.published, percent(a.rate)) == (8, 2, "25.0%")
    assert board.tally("b", Period("year", 2025)).rate is None
    assert percent(board.standing("a", Period("year", 2025)).target_share) == "50.0%"   # 2 of 4


def test_year_to_date_sums_the_months(board):
    assert board.tally("a", Period("ytd", 2025, 5)).points == 51
    assert board.tally("a", Period("ytd", 2025, 12)).points == 56


def test_adoptions_of_a_month_list_each_adoption_once(board):
    may = board.events_in(Period("month", 2025, 5), "adopted")
    assert [(item.id, event.level) for item, event in may] == [("i4", "state")]


def test_points_show_with_one_decimal_rounded_half_up():
    assert [one_decimal(Fraction(x)) for x in ("105/2", "170/3", "0", "1/20")] == ["52.5", "56.7", "0.0", "0.1"]
