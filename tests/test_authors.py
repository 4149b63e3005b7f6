"""撰稿人 ranking and 稿酬 against hand-computed figures.

The archive below is small enough to score and pay by hand; each expectation's comment shows the sum.
Points (scoring, one rule set for 2026): published 3, forwarded province 2, adopted city 3 / province 10
/ state 50, instruction state 100. Fees (yuan): until 2026-06-30 published 50, adopted city 100 /
province 300 (no state: pays 0), instruction state 500; from 2026-07-01 published 60, adopted city 100 /
province 400 / state 1000.
"""

from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest

from bulletin.archive import Archive
from bulletin.cycle.authors import Authors, split_fen, yuan
from bulletin.content.load import load_content
from bulletin.cycle.scoring import Leaderboard, Period

BUILT = date(2026, 11, 25)

BULLETIN = """\
publisher: 测试办
series:
  - {id: zwxx, name: 政务信息}
categories: [动态]
groups: [县市区, 部门]
levels:
  - {id: city, name: 市级}
  - {id: province, name: 省级}
  - {id: state, name: 国家级}
scoring:
  - since: 2026-01-01
    published: 3
    forwarded: {province: 2}
    adopted: {city: 3, province: 10, state: 50}
    instruction: {state: 100}
    request_answered: 2
    quota_missed: -2
    penalties: {迟报: -10}
fees:
  - since: 2026-01-01
    published: 50
    adopted: {city: 100, province: 300}
    instruction: {state: 500}
  - since: 2026-07-01
    published: 60
    adopted: {city: 100, province: 400, state: 1000}
    instruction: {state: 500}
publish_fees: true        # this office publishes its fee tables (the default keeps them to finance: test_fees_private.py)
"""
UNITS = """\
- {id: a, name: 甲县人民政府办公室, short: 甲县, group: 县市区}
- {id: b, name: 乙县人民政府办公室, short: 乙县, group: 县市区, quota: 1}
- {id: c, name: 丙县人民政府办公室, short: 丙县, group: 县市区}
- {id: d, name: 丁局, short: 丁局, group: 部门}
"""
# id: (unit, date, extra front matter, events)
ITEMS = {
    # two authors share 3 + 10 = 13 points and 50 + 300 = 350 yuan; it answers the request r1 (the unit's +2)
    "x1": ("a", "2026-03-01", ["authors: [王明, 李华]", "request: r1"],
           ["{type: adopted, level: province, publication: 参阅信息, date: 2026-03-10}"]),
    # joint, no authors: each unit its share, 3 of 3 + 3 = 6 points and 75 of 50 + 100 = 150 yuan
    "x2": ("b", "2026-03-02", ["co_units: [c]"], ["{type: adopted, level: city, publication: 昨日情况, date: 2026-03-12}"]),
    # joint with an author: 王明 (甲县) gets the whole 3 + 2 + 50 = 55, and 50 yuan (state adoption: 0 until July)
    "x3": ("a", "2026-04-01", ["co_units: [b]", "authors: [王明]"],
           ["{type: forwarded, level: province, date: 2026-04-06}", "{type: adopted, level: state, publication: 国办信息, date: 2026-04-20}"]),
    # three authors: 3 points, 1 each; 100 yuan -> 33.34 + 33.33 + 33.33, the odd fen to the first listed
    "x4": ("c", "2026-05-01", ["authors: [赵一, 钱二, 孙三]"], ["{type: adopted, level: city, publication: 昨日情况, date: 2026-05-10}"]),
    # another 王明, of 丁局: another person
    "x5": ("d", "2026-05-02", ["authors: [王明]"], []),
    # forwarded to the city: no points, no fee, but counted
    "x6": ("d", "2026-06-01", ["authors: [吴八]"], ["{type: forwarded, level: city, date: 2026-06-10}"]),
    # after the fee change: 60 + 1000 yuan; 3 + 50 = 53 points
    "x7": ("b", "2026-08-01", ["authors: [周七]"], ["{type: adopted, level: state, publication: 国办信息, date: 2026-08-10}"]),
}
ISSUES = {1: ("2026-03-05", ["x1", "x2"]), 2: ("2026-04-05", ["x3"]), 3: ("2026-05-06", ["x5"]), 4: ("2026-08-05", ["x7"])}
REQUEST = "id: r1\ntitle: 关于报送春耕情况的约稿\ndate: 2026-02-20\ndue: 2026-03-31\nunits: [a]\n"
PENALTIES = "- {unit: c, type: 迟报, date: 2026-06-03, note: 迟报}\n"
SUBMISSIONS = "b: {3: 1}\n"   # 乙县 owes 1 a month: every other month to November costs it 2


def write_archive(root: Path) -> Path:
    """The content folder above, complete enough to build a site from."""
    for folder in ("items/2026", "issues/zwxx/2026", "requests/2026", "penalties", "submissions"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    (root / "bulletin.yml").write_text(BULLETIN, encoding="utf-8")
    (root / "units.yml").write_text(UNITS, encoding="utf-8")
    (root / "topics.yml").write_text("- {id: t, name: 主题}\n", encoding="utf-8")
    (root / "requests/2026/r1.yml").write_text(REQUEST, encoding="utf-8")
    (root / "penalties/2026.yml").write_text(PENALTIES, encoding="utf-8")
    (root / "submissions/2026.yml").write_text(SUBMISSIONS, encoding="utf-8")
    for item_id, (unit, day, extra, events) in ITEMS.items():
        lines = [f"id: {item_id}", f"title: 稿件{item_id}", f"unit: {unit}", *extra, "category: 动态", "topics: [t]",
                 f"date: {day}", "status: approved", "approved_by: 审核人"]
        if events:
            lines += ["events:"] + [f"  - {event}" for event in events]
        (root / f"items/2026/{item_id}.md").write_text("---\n" + "\n".join(lines) + "\n---\n正文。\n", encoding="utf-8")
    for number, (day, items) in ISSUES.items():
        (root / f"issues/zwxx/2026/{number:03d}.yml").write_text(
            f"series: zwxx\nnumber: {number}\ndate: {day}\nsigner: 签发人\nitems: [{', '.join(items)}]\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def board(tmp_path_factory):
    root = write_archive(tmp_path_factory.mktemp("authors") / "content")
    return Leaderboard(Archive(load_content(root)), BUILT)


@pytest.fixture(scope="module")
def authors(board):
    return Authors(board)


YEAR = Period("year", 2026)


def standings(authors, period=YEAR, **options):
    return [(s.rank, s.author.unit.short, s.author.name, s.tally.points) for s in authors.ranking(period, **options)]


def test_the_year_ranking_splits_each_items_points_among_its_authors(authors):
    assert standings(authors) == [
        (1, "甲县", "王明", Fraction(123, 2)),   # x1: (3 + 10) / 2 = 6.5; x3: 3 + 2 + 50 = 55 (whole, not 甲县's half)
        (2, "乙县", "周七", Fraction(53)),       # x7: 3 + 50
        (3, "甲县", "李华", Fraction(13, 2)),    # x1: (3 + 10) / 2
        (4, "乙县", None, Fraction(3)),          # x2 without authors: 乙县's half of 3 + 3
        (4, "丙县", None, Fraction(3)),          # x2: 丙县's half
        (4, "丁局", "王明", Fraction(3)),        # x5: another 王明, another row; ties share rank 4, by unit order
        (7, "丙县", "孙三", Fraction(1)),        # x4: 3 / 3 each; equal points and items: by name
        (7, "丙县", "赵一", Fraction(1)),
        (7, "丙县", "钱二", Fraction(1)),
        (10, "丁局", "吴八", Fraction(0)),       # x6: forwarded to the city scores nothing, still counted
    ]


def test_requests_quotas_and_penalties_stay_with_the_unit(board, authors):
    # the units' own credits are there on the leaderboard ...
    assert board.tally("a", YEAR).points == Fraction(85, 2)   # x1 13 + x3 55/2 + request r1 answered on time 2 = 42.5
    # x2 3 + x3 55/2 + x7 53 - 2 x 9 months under quota (to October: November still runs on 11-25) = 65.5
    assert board.tally("b", YEAR).points == Fraction(131, 2)
    assert board.tally("c", YEAR).points == Fraction(-4)      # x2 3 + x4 3 - 迟报 10
    # ... and reach no author: 甲县 has no row of its own (all its items have authors), 乙县's and 丙县's are x2's 3
    rows = {(s.author.unit.id, s.author.name): s.tally.points for s in authors.ranking(YEAR)}
    assert ("a", None) not in rows
    assert (rows[("b", None)], rows[("c", None)]) == (3, 3)


def test_counts_credit_an_item_once_to_its_authors_and_in_full_to_each_unit(authors):
    def counts(key):
        t = authors.tally(key, YEAR)
        return len(t.items), t.published, t.forwarded, t.adopted, t.instructions
    assert counts("a/王明") == (2, 2, 1, 2, 0)   # x1 printed + adopted; x3 printed, forwarded, adopted (joint: once)
    assert counts("b") == (1, 1, 0, 1, 0)        # x2 only: x3 (joint with 乙县) has an author
    assert counts("c") == (1, 1, 0, 1, 0)        # x2 in full to each joint unit


def test_a_quarter_and_a_month_rank_their_own_events(authors):
    assert standings(authors, Period("month", 2026, 3)) == [
        (1, "甲县", "李华", Fraction(13, 2)), (1, "甲县", "王明", Fraction(13, 2)),   # x1: tie, by name
        (3, "乙县", None, Fraction(3)), (3, "丙县", None, Fraction(3))]             # x2
    assert standings(authors, Period("quarter", 2026, 2)) == [
        (1, "甲县", "王明", Fraction(55)),     # x3 in April
        (2, "丁局", "王明", Fraction(3)),      # x5 in May
        (3, "丙县", "孙三", Fraction(1)), (3, "丙县", "赵一", Fraction(1)), (3, "丙县", "钱二", Fraction(1)),
        (6, "丁局", "吴八", Fraction(0))]


def test_the_named_ranking_leaves_out_the_units(authors):
    assert [(rank, name) for rank, _, name, _ in standings(authors, named_only=True)] == [
        (1, "王明"), (2, "周七"), (3, "李华"), (4, "王明"), (5, "孙三"), (5, "赵一"), (5, "钱二"), (8, "吴八")]


def fees(authors, period=YEAR):
    return {key: authors.tally(key, period).fen for key in authors.authors if authors.tally(key, period).fen}


def test_fees_are_paid_by_the_rule_of_each_events_date_and_split_like_the_points(authors):
    assert fees(authors) == {
        "a/王明": 22500,   # x1: (50 + 300) / 2 = 175; x3: printed 50, forwarded (no rate) 0, state adoption before July 0
        "a/李华": 17500,   # x1: (50 + 300) / 2
        "b": 7500,         # x2 without authors, joint: (50 + 100) / 2 to each unit
        "c": 7500,
        "c/赵一": 3334,    # x4: 100 yuan among three, the odd fen to the first listed
        "c/钱二": 3333,
        "c/孙三": 3333,
        "d/王明": 5000,    # x5 printed
        "b/周七": 106000,  # x7 after 2026-07-01: printed 60 + state adoption 1000
    }
    assert sum(fees(authors).values()) == 176000   # 225 + 175 + 75 + 75 + 33.34 + 33.33 + 33.33 + 50 + 1060 = 1760.00


def test_each_events_shares_add_up_to_its_fee_in_author_order(authors):
    lines = [(p.item.id, p.kind, p.author.label, p.fen, p.total, p.parts) for p in authors.payments_in(Period("month", 2026, 5))]
    assert lines == [
        ("x5", "published", "王明", 5000, 5000, 1),
        ("x4", "adopted", "赵一", 3334, 10000, 3),   # 2026-05-10: 33.34 + 33.33 + 33.33 = 100.00
        ("x4", "adopted", "钱二", 3333, 10000, 3),
        ("x4", "adopted", "孙三", 3333, 10000, 3),
    ]


def test_a_level_the_fee_rule_does_not_name_pays_nothing(authors):
    april = [(p.item.id, p.kind) for p in authors.payments_in(Period("month", 2026, 4))]
    assert april == [("x3", "published")]   # x3's forwarding (no forwarded rates) and state adoption (none before July)
    august = [(p.item.id, p.kind, p.fen) for p in authors.payments_in(Period("month", 2026, 8))]
    assert august == [("x7", "published", 6000), ("x7", "adopted", 100000)]   # the new rule: 60, and state 1000


def test_what_each_author_is_paid_for(authors):
    assert dict(authors.tally("a/王明", YEAR).paid) == {"published": 2, "adopted": 1}   # x1, x3 printed; x1 adopted
    assert dict(authors.tally("c/赵一", YEAR).paid) == {"adopted": 1}


def test_money_is_whole_fen_written_as_finance_writes_it():
    assert split_fen(10000, 3) == [3334, 3333, 3333]
    assert split_fen(2, 3) == [1, 1, 0]
    assert (yuan(106000), yuan(106000, grouped=True), yuan(5), yuan(123456789, grouped=True)) == (
        "1060.00", "1,060.00", "0.05", "1,234,567.89")


def test_one_authors_per_board(board):
    assert Authors.of(board) is Authors.of(board)


def test_a_name_excel_would_run_stays_text_in_the_fee_csv(tmp_path):
    import csv
    import io
    from bulletin.tables.author_columns import fees_csv_for_year
    root = write_archive(tmp_path / "content")
    item = root / "items/2026/x5.md"
    item.write_text(item.read_text(encoding="utf-8").replace("authors: [王明]", 'authors: ["=HYPERLINK(1)"]'), encoding="utf-8")
    text = fees_csv_for_year(Authors(Leaderboard(Archive(load_content(root)), BUILT)), 2026)
    assert text.startswith("\ufeff") and "\r\n" in text
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert ["2026年", "'=HYPERLINK(1)", "丁局", "1", "0", "0", "50.00"] in rows   # x5 printed: 50 yuan


def test_where_a_fee_rule_pays_forwarding_the_tables_count_it(tmp_path):
    import csv
    import io
    from bulletin.tables.author_columns import fee_table, fees_csv_for_year
    root = write_archive(tmp_path / "content")
    text = (root / "bulletin.yml").read_text(encoding="utf-8")
    (root / "bulletin.yml").write_text(text.replace("    published: 50\n", "    published: 50\n    forwarded: {province: 20}\n"),
                                       encoding="utf-8")
    authors = Authors(Leaderboard(Archive(load_content(root)), BUILT))
    assert authors.tally("a/王明", YEAR).fen == 24500   # 225 + x3 forwarded to the province 20 (2026-04-06)
    rows = list(csv.reader(io.StringIO(fees_csv_for_year(authors, 2026).lstrip("\ufeff"))))
    assert rows[0] == ["期间", "姓名", "单位", "上报", "刊用", "采用", "批示", "金额（元）"]
    assert ["2026年", "王明", "甲县", "1", "2", "1", "0", "245.00"] in rows
    settings = authors.board.settings
    assert fee_table(settings, settings.fees[1])[1][0] == ["上报（每次）", "—", "—", "—"]   # the July rule pays none
