"""Hostile text in every content field comes out inert on every page; exports cannot run formulas."""

import csv
import io

from hostile import dangers_in


def test_no_page_carries_anything_that_could_run(hostile_site):
    pages = hostile_site.pages()
    assert len(pages) > 20
    for page in pages:
        soup = hostile_site.soup(str(page.relative_to(hostile_site.root)))
        assert dangers_in(soup) == [], page


def test_hostile_text_is_shown_as_text_not_dropped(hostile_site):
    item = hostile_site.soup("items/2026-0001/")
    assert item.select_one(".bl-item h1").get_text() == "<script>alert('s')</script>棉花"
    facts = {row.th.get_text(): row.td.get_text() for row in item.select(".bl-facts tr")}
    assert facts["撰稿"] == "<img src=x onerror=alert('i')>"
    assert "<script>alert('s')</script>" in item.select_one(".bl-events").get_text()
    issue = hostile_site.soup("issues/zwxx/2026/1/")
    assert issue.select_one(".bl-masthead__name").get_text() == "政务信息\"><svg onload=alert('b')>"
    assert "报：<script>alert('s')</script>" in issue.select_one(".bl-colophon").get_text()


def test_sanitizer_keeps_what_items_need(hostile_site):
    body = hostile_site.soup("items/2026-0001/").select_one(".bl-body")
    assert body.find("div").get_text() == "点我"              # the element stays, its handler goes
    assert [a.get("href") for a in body.find_all("a")] == [None, None]
    assert body.find("img", alt="off-site").get("src") is None


def test_csv_cells_that_excel_would_run_stay_text(tmp_path):
    from bulletin.archive import Archive
    from bulletin.content.load import load_content
    from bulletin.cycle.scoring import Leaderboard
    from bulletin.tables.board_columns import csv_for_year
    import shutil
    from conftest import MINIMAL
    shutil.copytree(MINIMAL, tmp_path / "content")
    units = tmp_path / "content" / "units.yml"
    units.write_text(units.read_text(encoding="utf-8").replace("short: 林双县", 'short: "=HYPERLINK(\\"http://x\\")"'), encoding="utf-8")
    text = csv_for_year(Leaderboard(Archive(load_content(tmp_path / "content"))), 2026)
    names = [row[3] for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))) if len(row) > 3 and row[0] == "2026年"]
    assert "'=HYPERLINK(\"http://x\")" in names
