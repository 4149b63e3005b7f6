"""The unit's own points (约稿, 定额, 扣分) against hand-computed figures.

A small office scored on 2026-09-10 (the build date, TODAY): September is the running month, so
October to December are not scored for quota, and 约稿 q4 (due 30 September) is still open.

Rules: R0 since 2025-01-01 (published 1, quota_missed -2);
       R1 since 2026-01-01 (published 2; 约稿 on time +2, late +1, missed -3; quota -2; 迟报 -10, 漏报瞒报 -20);
       R2 since 2026-07-01 (published 2; 约稿 on time +4, late +2, missed -5; quota -1; 迟报 -15, 漏报瞒报 -30).
Units: a 甲县 (quota 2), b 乙县 (quota 1, absent from submissions/2026.yml: 0 every month), c 丙县
       (no quota), old 安监局 (quota 1, dissolved 2026-04-15), new 应急局 (quota 1, set up 2026-04-16).
No submissions/2025.yml: 2025 scores no quota, though a has one and R0 prices it.

约稿: q1 (3-01, due 3-10, [a, b, c], R1): a on time (3-08), b late (3-15), c missed.
      q2 (4-01, due 4-20, all = a, b, c, old; new not yet set up): a and c on time by one joint item
          (4-18), b missed, old dissolved on 4-15 before the due date: not held to it.
      q3 (6-20, due 7-15, [a, b, new], R2 by its due date): a on time (7-10), b late (7-20), new missed.
      q4 (9-01, due 9-30, all): open on the build date; a has answered (9-05), nothing is scored.
扣分: c 迟报 6-30 (R1: -10), c 迟报 7-01 (R2: -15), b 漏报瞒报 8-05 (R2: -30).
Printed: c's item i_c in 第1期 (2026-05-10, R1: +2); a's 2025 item in 2025年第1期 (R0: +1).
"""

from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest

from bulletin.archive import Archive
from bulletin.content.load import load_content
from bulletin.cycle.requests import DISSOLVED, LATE, MISSED, ON_TIME, PENDING
from bulletin.cycle.scoring import Leaderboard, Period

TODAY = date(2026, 9, 10)

BULLETIN = """\
publisher: 测试地区行政公署办公室
series:
  - {id: zwxx, name: 政务信息}
categories: [动态]
groups: [县市区, 部门]
levels:
  - {id: city, name: 市级}
  - {id: province, name: 省级}
scoring:
  - since: 2025-01-01
    published: 1
    forwarded: {province: 2}
    adopted: {city: 3, province: 10}
    combined: 0.5
    instruction: {province: 50}
    quota_missed: -2
  - since: 2026-01-01
    published: 2
    forwarded: {province: 2}
    adopted: {city: 3, province: 10}
    combined: 0.5
    instruction: {province: 50}
    request_answered: 2
    request_late: 1
    request_missed: -3
    quota_missed: -2
    penalties: {迟报: -10, 漏报瞒报: -20}
  - since: 2026-07-01
    published: 2
    forwarded: {province: 2}
    adopted: {city: 3, province: 10}
    combined: 0.5
    instruction: {province: 50}
    request_answered: 4
    request_late: 2
    request_missed: -5
    quota_missed: -1
    penalties: {迟报: -15, 漏报瞒报: -30}
"""
UNITS = """\
- {id: a, name: 甲县人民政府办公室, short: 甲县, group: 县市区, quota: 2}
- {id: b, name: 乙县人民政府办公室, short: 乙县, group: 县市区, quota: 1}
- {id: c, name: 丙县人民政府办公室, short: 丙县, group: 县市区}
- {id: old, name: 原安全生产监督管理局, short: 安监局, group: 部门, quota: 1, until: 2026-04-15, successor: new}
- {id: new, name: 应急管理局, short: 应急局, group: 部门, quota: 1, since: 2026-04-16}
"""
SUBMISSIONS_2026 = """\
a: {1: 2, 2: 1, 3: 2, 4: 2, 5: 2, 6: 2, 7: 1, 8: 2, 9: 2}
old: {1: 1, 2: 0, 3: 1}
new: {5: 1, 6: 1, 7: 1, 8: 0, 9: 1}
c: {3: 1}
"""
REQUESTS = {
    "q1": ("关于报送春耕备耕情况的约稿", "2026-03-01", "2026-03-10", "[a, b, c]"),
    "q2": ("关于报送安全生产情况的约稿", "2026-04-01", "2026-04-20", "all"),
    "q3": ("关于报送汛期防灾减灾情况的约稿", "2026-06-20", "2026-07-15", "[a, b, new]"),
    "q4": ("关于报送秋收情况的约稿", "2026-09-01", "2026-09-30", "all"),
}
PENALTIES = """\
- {unit: c, type: 迟报, date: 2026-06-30, note: 暴雨灾情迟报}
- {unit: c, type: 迟报, date: 2026-07-01, note: 冰雹灾情迟报}
- {unit: b, type: 漏报瞒报, date: 2026-08-05, note: 山洪灾情漏报}
"""
# id: (unit, date, extra front matter)
ITEMS = {
    "i25": ("a", "2025-06-01", ""),
    "i_a1": ("a", "2026-03-08", "request: q1"),
    "i_b1": ("b", "2026-03-15", "request: q1"),
    "i_ac": ("a", "2026-04-18", "co_units: [c]\nrequest: q2"),
    "i_c": ("c", "2026-05-02", ""),
    "i_a3": ("a", "2026-07-10", "request: q3"),
    "i_b3": ("b", "2026-07-20", "request: q3"),
    "i_a4": ("a", "2026-09-05", "request: q4"),
}
ISSUES = {"2025/1": ("2025-06-10", ["i25"]), "2026/1": ("2026-05-10", ["i_c"])}


def write_content(root: Path) -> Path:
    """The office above as a content folder."""
    (root / "submissions").mkdir(parents=True)
    (root / "bulletin.yml").write_text(BULLETIN, encoding="utf-8")
    (root / "units.yml").write_text(UNITS, encoding="utf-8")
    (root / "topics.yml").write_text("- {id: t, name: 主题}\n", encoding="utf-8")
    (root / "submissions" / "2026.yml").write_text(SUBMISSIONS_2026, encoding="utf-8")
    (root / "penalties").mkdir()
    (root / "penalties" / "2026.yml").write_text(PENALTIES, encoding="utf-8")
    (root / "requests" / "2026").mkdir(parents=True)
    for request_id, (title, day, due, units) in REQUESTS.items():
        (root / "requests" / "2026" / f"{request_id}.yml").write_text(
            f"id: {request_id}\ntitle: {title}\ndate: {day}\ndue: {due}\nunits: {units}\n", encoding="utf-8")
    for item_id, (unit, day, extra) in ITEMS.items():
        path = root / "items" / day[:4] / f"{item_id}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        lines = [f"id: {item_id}", f"title: 稿件{item_id}", f"unit: {unit}", extra, "category: 动态", "topics: [t]",
                 f"date: {day}", "status: approved", "approved_by: 审核人"]
        path.write_text("---\n" + "\n".join(line for line in lines if line) + "\n---\n正文。\n", encoding="utf-8")
    for name, (day, items) in ISSUES.items():
        year, number = name.split("/")
        path = root / "issues" / "zwxx" / year / f"{number}.yml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"series: zwxx\nnumber: {number}\ndate: {day}\nsigner: 签发人\nitems: [{', '.join(items)}]\n",
                        encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def board(tmp_path_factory):
    root = write_content(tmp_path_factory.mktemp("cycle") / "content")
    return Leaderboard(Archive(load_content(root)), TODAY)


YEAR = Period("year", 2026)


def own(board, unit, period, kind):
    return board.tally(unit, period).points_by_kind[kind]


# -- 约稿 ---------------------------------------------------------------------------------------------

def test_each_asked_unit_answers_on_time_late_or_not_at_all(board):
    q1 = board.requests.requests[0]
    assert [(a.unit.id, a.outcome) for a in board.requests.answers(q1)] == [("a", ON_TIME), ("b", LATE), ("c", MISSED)]
    march = Period("month", 2026, 3)
    assert own(board, "a", march, "request") == 2      # on time, R1
    assert own(board, "b", march, "request") == 1      # late (3-15 > 3-10), R1; dated on the due date, in March
    assert own(board, "c", march, "request") == -3     # missed, R1


def test_all_asks_the_units_existing_on_the_date_and_a_joint_item_answers_for_both(board):
    q2 = board.requests.requests[1]
    # new (since 4-16) did not exist on 4-01: not asked; old was asked but dissolved on 4-15 < due 4-20
    assert [(a.unit.id, a.outcome) for a in board.requests.answers(q2)] == [
        ("a", ON_TIME), ("b", MISSED), ("c", ON_TIME), ("old", DISSOLVED)]
    april = Period("month", 2026, 4)
    assert own(board, "a", april, "request") == 2      # the joint item i_ac, R1
    assert own(board, "c", april, "request") == 2      # the same item, in full: a request is answered, not split
    assert own(board, "b", april, "request") == -3
    assert board.tally("old", YEAR).requests == {}      # dissolved before the due date: not held to it


def test_a_request_is_scored_by_the_rules_of_its_due_date(board):
    # q3 was issued on 6-20 under R1 but is due 7-15 under R2
    july = Period("month", 2026, 7)
    assert own(board, "a", july, "request") == 4       # on time, R2
    assert own(board, "b", july, "request") == 2       # late, R2
    assert own(board, "new", july, "request") == -5    # missed, R2


def test_an_open_request_scores_nothing_yet(board):
    q4 = board.requests.requests[3]
    assert not board.requests.decided(q4)
    # asked: every unit existing on 9-01 (old is gone, new is there); a has answered, the rest are pending
    assert [(a.unit.id, a.outcome) for a in board.requests.answers(q4)] == [
        ("a", ON_TIME), ("b", PENDING), ("c", PENDING), ("new", PENDING)]
    assert all(c.request is not q4 for c in board.credits if c.kind == "request")
    assert own(board, "a", Period("month", 2026, 9), "request") == 0


def test_the_years_request_counts(board):
    assert dict(board.tally("a", YEAR).requests) == {ON_TIME: 3}                # q1, q2, q3
    assert dict(board.tally("b", YEAR).requests) == {LATE: 2, MISSED: 1}        # q1, q3 late; q2 missed
    assert dict(board.tally("c", YEAR).requests) == {ON_TIME: 1, MISSED: 1}     # q2 on time; q1 missed
    assert dict(board.tally("new", YEAR).requests) == {MISSED: 1}               # q3
    assert (board.tally("b", YEAR).requests_answered, board.tally("b", YEAR).requests_asked) == (2, 3)


# -- 定额 ---------------------------------------------------------------------------------------------

def test_a_month_under_quota_costs_points_by_the_rules_of_the_month(board):
    assert board.tally("a", YEAR).quota_missed == 2                   # Feb (1 < 2), Jul (1 < 2)
    assert own(board, "a", YEAR, "quota") == Fraction(-3)             # Feb -2 (R1) + Jul -1 (R2)


def test_a_unit_missing_from_the_submissions_file_submitted_nothing(board):
    # b is not in submissions/2026.yml: 0 of 1 every month that has ended, January to August
    # (September still runs on TODAY, 9-10: a unit has the whole month to send its quota)
    assert board.tally("b", YEAR).quota_missed == 8
    assert own(board, "b", YEAR, "quota") == -14                      # Jan-Jun 6 x -2 + Jul-Aug 2 x -1
    assert own(board, "b", Period("month", 2026, 9), "quota") == 0     # the running month owes nothing yet


def test_only_months_ended_by_the_build_date_are_scored(board):
    assert [c.day for c in board.credits if c.kind == "quota" and c.unit == "b"][-1] == date(2026, 8, 31)   # August, on its last day
    assert not [c for c in board.credits if c.kind == "quota" and c.day.month > 8]


def test_a_month_is_judged_the_day_after_its_last_day(board):
    from bulletin.cycle.scoring import Leaderboard
    on_last_day = Leaderboard(board.archive, date(2026, 8, 31))
    next_day = Leaderboard(board.archive, date(2026, 9, 1))
    # b owes 1 a month and sent 0: August is judged only once it is over
    assert own(on_last_day, "b", Period("month", 2026, 8), "quota") == 0
    assert own(next_day, "b", Period("month", 2026, 8), "quota") == -1   # R2: quota -1


def test_a_dissolved_unit_is_scored_for_quota_only_while_it_existed(board):
    # old: Feb (0 of 1) and April (until 4-15: it existed in April, with no count for it); not May onwards
    assert [c.day.month for c in board.credits if c.kind == "quota" and c.unit == "old"] == [2, 4]
    assert own(board, "old", YEAR, "quota") == -4                     # -2 + -2, both R1


def test_a_unit_set_up_mid_year_is_scored_from_its_since(board):
    # new: since 4-16, so not Jan-Mar; April (0 of 1, R1) and August (0 of 1, R2)
    assert [c.day.month for c in board.credits if c.kind == "quota" and c.unit == "new"] == [4, 8]
    assert own(board, "new", YEAR, "quota") == -3                     # -2 + -1


def test_a_year_without_a_submissions_file_scores_no_quota(board):
    year_2025 = board.tally("a", Period("year", 2025))
    assert (year_2025.quota_missed, year_2025.points) == (0, 1)       # only its printed item (R0 published 1)


# -- 扣分 ---------------------------------------------------------------------------------------------

def test_a_penalty_is_scored_by_the_rules_of_its_date(board):
    assert own(board, "c", Period("month", 2026, 6), "penalty") == -10    # 6-30, R1 迟报
    assert own(board, "c", Period("month", 2026, 7), "penalty") == -15    # 7-01, R2 迟报
    assert dict(board.tally("c", YEAR).penalties) == {"迟报": 2}
    assert own(board, "b", YEAR, "penalty") == -30                        # 8-05, R2 漏报瞒报


# -- totals -------------------------------------------------------------------------------------------

def test_the_years_totals_and_ranks(board):
    rows = [(s.rank, s.unit.id, s.tally.points) for s in board.table(YEAR, "县市区")]
    assert rows == [
        (1, "a", Fraction(5)),      # requests 2 + 2 + 4 = 8; quota -3 -> 5
        (2, "c", Fraction(-24)),    # requests -3 + 2 = -1; penalties -10 - 15 = -25; printed i_c +2 -> -24
        (3, "b", Fraction(-44)),    # requests 1 - 3 + 2 = 0; quota -14 (Jan-Aug: September still runs); penalty -30 -> -44
    ]
    assert [(s.unit.id, s.tally.points) for s in board.table(YEAR, "部门")] == [
        ("old", Fraction(-4)),      # quota -2 - 2
        ("new", Fraction(-8)),      # request -5; quota -2 - 1
    ]
    c = board.tally("c", YEAR)
    assert (c.item_points, c.points - c.item_points) == (2, -26)   # i_c's publication; -1 - 25 its own


def test_own_credits_of_a_period_in_date_then_unit_order(board):
    april = board.own_in(Period("month", 2026, 4), "quota")
    assert [(c.unit, c.quota) for c in april] == [("b", (0, 1)), ("old", (0, 1)), ("new", (0, 1))]
    assert [(c.unit, c.penalty.note) for c in board.own_in(Period("quarter", 2026, 3), "penalty")] == [
        ("c", "冰雹灾情迟报"), ("b", "山洪灾情漏报")]
