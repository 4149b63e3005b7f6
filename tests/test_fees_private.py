"""Named people's fees are finance's (issue 31, point 14): by default no page or data file of the site
shows a person's fee; finance takes its CSVs from `bulletin fees` (run in CI, kept as a private
artifact); `publish_fees: true` in bulletin.yml puts them on the site (tests/test_author_pages.py).

Both of finance's CSVs are summed here as Excel sums a column (SUM over the cells that read as
numbers): the flat table's 金额 column is the year's total; the sectioned one is for people, each
section's rows summing to its own 合计 line."""

import csv
import io
import json
from decimal import Decimal, InvalidOperation

import pytest

from bulletin.archive import Archive
from bulletin.content.load import load_content
from bulletin.cycle.scoring import Leaderboard
from bulletin.export import authors_file, authors_year_file
from bulletin.site.plan import plan_site
from conftest import SAMPLE, run_cli
from test_authors import BUILT, write_archive
from testsupport.site_data import read_split


def private_archive(tmp_path):
    """test_authors.py's office as an office that has not chosen to publish its fees."""
    root = write_archive(tmp_path / "content")
    settings = root / "bulletin.yml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("publish_fees: true", ""), encoding="utf-8")
    return root


def excel_sum(cells) -> Decimal:
    """SUM as Excel takes it: numbers count, text and blank cells are skipped."""
    total = Decimal(0)
    for cell in cells:
        try:
            total += Decimal(cell.replace(",", ""))
        except InvalidOperation:
            continue
    return total


def read_csv(path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))


def test_by_default_no_page_or_data_file_names_a_fee(tmp_path):
    root = private_archive(tmp_path)
    board = Leaderboard(Archive(load_content(root)), BUILT)
    plan = plan_site(board.archive, board, BUILT)
    assert not [url for url in plan.pages if "/fees/" in url]
    assert not [data.path for data in plan.data if "gaochou" in data.path]
    cycles = [page.full_context().get("cycle") for page in plan.pages.values()]   # the leaderboard's pages make theirs when asked
    assert [cycle for cycle in cycles if cycle] and not [cycle for cycle in cycles if any("稿酬" in label for label, _ in cycle or ())]
    index = json.loads(authors_file(board))
    years = [json.loads(authors_year_file(board, entry["year"])) for entry in index["years"]]
    assert index["fee_rules"] == [] and years and all(year["payments"] == [] for year in years)
    assert all(p["fees"] is None and all(a["fees"] is None for a in p["authors"]) for year in years for p in year["periods"])
    assert years[0]["periods"][0]["authors"], "the ranking itself stays public"


def test_finance_takes_both_tables_from_the_fees_command(tmp_path):
    root = private_archive(tmp_path)
    out = tmp_path / "finance"
    result = run_cli("fees", "--content", root, "--out", out, "--date", BUILT.isoformat())
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["gaochou-2026-mingxi.csv", "gaochou-2026.csv"]
    flat = read_csv(out / "gaochou-2026-mingxi.csv")
    # the office of test_authors.py is paid 1,760.00 yuan in 2026 (its comments show the sums)
    assert excel_sum(row[-1] for row in flat[1:]) == Decimal("1760.00")
    assert excel_sum(row[-1] for row in flat) == Decimal("1760.00")          # the whole column, header included
    refused = run_cli("fees", "--content", root, "--out", root / "gaochou")
    assert refused.returncode == 1 and "内容目录" in refused.stderr and not (root / "gaochou").exists()


def test_the_sectioned_table_sums_section_by_section(tmp_path):
    root = private_archive(tmp_path)
    out = tmp_path / "finance"
    assert run_cli("fees", "--content", root, "--out", out, "--date", BUILT.isoformat()).returncode == 0
    rows = read_csv(out / "gaochou-2026.csv")
    sections, current = [], []
    for row in rows:
        if not any(row):
            sections.append(current)
            current = []
        else:
            current.append(row)
    tables = [s for s in sections if s and s[0][0] == "期间" and s[-1][1] == "合计"]
    assert tables and tables[0][-1][0] == "2026年"
    for table in tables:   # each section: its people's amounts sum to its 合计 line
        assert excel_sum(row[-1] for row in table[1:-1]) == excel_sum([table[-1][-1]]), table[-1]
    assert excel_sum([tables[0][-1][-1]]) == Decimal("1760.00")
    # and summing its whole column, as one would by mistake, is not the total: why finance gets the flat one
    assert excel_sum(row[-1] for row in rows if row) > Decimal("1760.00")


def test_the_sample_publishes_no_fee_but_finance_has_its_flat_table(sample_site, tmp_path):
    assert not (sample_site.root / "data" / "gaochou-2026.csv").exists()
    assert not (sample_site.root / "leaderboard" / "2026" / "fees").exists()
    assert "稿酬" not in sample_site.text("leaderboard/2026/")
    data = read_split(sample_site.root, "authors")
    assert data["payments"] == []
    out = tmp_path / "finance"
    assert run_cli("fees", "--content", SAMPLE, "--out", out, "--date", "2026-11-25").returncode == 0
    flat = read_csv(out / "gaochou-2026-mingxi.csv")
    assert flat[0] == ["期间", "日期", "姓名", "单位", "稿件编号", "稿件标题", "事项", "金额（元）"]
    body = flat[1:]
    assert body and all(len(row) == 8 and row[0].startswith("2026年") for row in body)   # no blank, header or total rows
    assert [row[1] for row in body] == sorted(row[1] for row in body)                     # by date
    # 9,650.00 yuan: the sample's 2026 fees (tests/test_author_pages.py worked it out from its items, issues and rates)
    assert excel_sum(row[7] for row in flat) == Decimal("9650.00")
