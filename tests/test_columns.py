"""A table's columns are found by their keys, never by their printed headers: renaming 单位 to 报送单位
in a column declaration changes what the pages print, not which cell is the row's header or links to
the unit (bulletin/tables/board_columns.py Column)."""

import csv
import io
import re
import weakref
from dataclasses import replace
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from jinja2 import Environment, FileSystemLoader

from conftest import ROOT
from bulletin.tables import board_columns
from bulletin.tables.author_columns import NAME, fee_columns, fee_total, ranking_columns
from bulletin.tables.board_columns import UNIT, columns, split_tables

RENAMED = "报送单位"
SOURCES = sorted([*(ROOT / "bulletin").rglob("*.py"), *(ROOT / "theme").rglob("*.html")])
# A comparison (==, !=, in) whose other side is a string literal, in Python or Jinja.
LITERAL = r"""(["'])([^"'\n]*)\1"""
COMPARISONS = [re.compile(r"(?:==|!=)\s*" + LITERAL), re.compile(LITERAL + r"\s*(?:==|!=)"),
               re.compile(r"\bin\s*[(\[{]([^)\]}\n]*)[)\]}]")]
# A column's printed text tested against anything: the header itself, a header-like attribute, a label.
PRINTED_TESTED = re.compile(r"(?:\bheader|\.text|\.label)\s*(?:==|!=|not\s+in\b|in\b)")


def every_header(board) -> set[str]:
    """Every header a table of the sample can print: each period's leaderboard, the authors', the fees'."""
    headers = {c.header for year in board.years for period in board.periods(year)
               for c in columns(board, period, cumulative=True)}
    return headers | {c.header for c in ranking_columns()} | {c.header for c in fee_columns(board.settings, grouped=True)}


def compared_literals(line: str) -> list[str]:
    found = []
    for pattern in COMPARISONS:
        for match in pattern.finditer(line):
            found += [m.group(2) for m in re.finditer(LITERAL, match.group(0))]
    return found


def test_no_module_or_template_compares_a_columns_printed_header(sample_board):
    headers = every_header(sample_board)
    assert {"单位", "姓名", "得分"} <= headers
    offending = []
    for path in SOURCES:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if PRINTED_TESTED.search(line) or headers & set(compared_literals(line)):
                offending.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not offending, "test a column's key (unit, name, ...), not its header:\n" + "\n".join(offending)


def test_the_check_sees_the_comparisons_it_forbids():
    headers = {"单位", "姓名"}
    for line in ('{%- if col.header == "单位" %}', "if key == '单位':", '"姓名" != c.text', 'c.header in ("单位", "姓名")'):
        assert PRINTED_TESTED.search(line) or headers & set(compared_literals(line)), line
    for line in ('{%- if col.key == "unit" %}', '<th data-col="单位">', 'Column(UNIT, "单位", cell)'):
        assert not (PRINTED_TESTED.search(line) or headers & set(compared_literals(line))), line


def renamed(cols):
    return [replace(c, header=RENAMED) if c.key == UNIT else c for c in cols]


@pytest.fixture
def year(sample_board):
    return max(sample_board.years)


def test_a_renamed_unit_column_still_heads_and_links_every_row(sample_board, year):
    """The leaderboard partial as the site renders it, with the unit column's header renamed: each row
    of the ranking and of the details still opens with the unit as its header, linked to its points."""
    period = sample_board.periods(year)[0]
    cols = renamed(columns(sample_board, period))
    groups = []
    for group in sample_board.settings.groups:
        standings = sample_board.table(period, group)
        ranking, details, own = split_tables(cols)
        assert details[0].header == RENAMED and (not own or own[0].header == RENAMED)
        groups.append(SimpleNamespace(group=group, anchor=f"g{len(groups)}", chart=[], standings=standings,
                                      ranking=ranking, details=details, own=own))
    env = Environment(loader=FileSystemLoader(ROOT / "theme"), autoescape=True)
    env.filters.update(url=lambda url: url, cn_date=str)   # the site's filters, as far as this partial needs them
    context = dict(groups=groups, period=period, notes=cols, rules=[], bar_chart=lambda *args: "",
                   point_links={s.unit.id: f"points/{s.unit.id}/" for g in groups for s in g.standings},
                   links=SimpleNamespace(unit=lambda unit_id: f"units/{unit_id}/"))
    soup = BeautifulSoup(env.get_template("bulletin/partials/board-groups.html").render(context), "html.parser")
    rows = soup.select(".bl-board tbody tr")
    assert len(rows) > len(groups)
    for tr in rows:
        head = tr.select_one("th[scope=row]")
        assert head["data-col"] == RENAMED
        assert head.a["href"] in (f"points/{tr['data-unit']}/", f"units/{tr['data-unit']}/")


def test_a_renamed_unit_header_is_printed_in_the_csv_over_the_same_cells(sample_board, year, monkeypatch):
    before = list(csv.reader(io.StringIO(board_columns.csv_for_year(sample_board, year).lstrip("\ufeff"))))
    original = board_columns.columns
    # a board's cells are worked out once (table_cells): start the renamed run from no kept cells
    monkeypatch.setattr(board_columns, "_TABLES", weakref.WeakKeyDictionary())
    monkeypatch.setattr(board_columns, "columns", lambda *args, **kwargs: renamed(original(*args, **kwargs)))
    after = list(csv.reader(io.StringIO(board_columns.csv_for_year(sample_board, year).lstrip("\ufeff"))))
    assert [[RENAMED if cell == "单位" else cell for cell in row] for row in before] == after


def test_the_fee_total_keeps_its_name_and_unit_cells_under_other_headers(sample_board):
    cols = [replace(c, header=c.header + "（改）") if c.key in (NAME, UNIT) else c for c in fee_columns(sample_board.settings, True)]
    total = fee_total([], cols)
    assert total[:2] == ["合计", ""]
