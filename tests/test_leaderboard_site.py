"""The sample's leaderboard pages, circulars, CSV, JSON and `bulletin stats` agree, and trace to items."""

import csv
import io

import pytest

from conftest import SAMPLE, run_cli
from testsupport.reference import BUILD_DAY
from testsupport.site_data import read_split

DAY = BUILD_DAY.isoformat()   # the sample site's build date: requests and quotas are judged on it

GROUPS = ["县市区", "行署部门", "乡镇街道"]


def page_tables(site, url):
    """{group: [{column: cell}]} as a reader sees them: the ranking table and the detail table joined by unit."""
    soup = site.soup(url)
    tables = {}
    for section in soup.select(".bl-group"):
        rows = []
        ranking = section.select_one(".bl-board--ranking table")
        for table in (ranking, *section.select(".bl-board--details table")):   # the details, and the unit's own where any
            header = [th.get_text(strip=True) for th in table.select("thead th")]
            for index, tr in enumerate(table.select("tbody tr")):
                cells = dict(zip(header, (c.get_text(strip=True) for c in tr.find_all(["th", "td"])), strict=True))
                if table is ranking:
                    rows.append(cells)
                else:
                    assert rows[index]["单位"] == cells["单位"], "both tables list the units in rank order"
                    rows[index].update(cells)
        tables[section.h2.get_text(strip=True)] = rows
    return tables


def as_lists(tables, header):
    return {group: (header, [[row[name] for name in header] for row in rows]) for group, rows in tables.items()}


def csv_tables(site, year, label):
    raw = (site.root / "data" / f"leaderboard-{year}.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    tables, header = {}, None
    for row in csv.reader(io.StringIO(raw.decode("utf-8-sig"))):
        if row and row[0] == "期间":
            header = row[2:]
        elif row and row[0] == label:
            tables.setdefault(row[1], (header, []))[1].append(row[2:])
    return tables


def stats_tables(year, month=None):
    args = ["stats", "--year", year, "--date", DAY] + (["--month", month] if month else [])
    result = run_cli(*args, "--content", SAMPLE)
    assert result.returncode == 0, result.stderr
    tables = {}
    for block in result.stdout.strip().split("\n\n"):
        title, header, *rows = block.splitlines()
        if " · " not in title:
            continue                                   # the circular's summary, above the tables
        tables[title.split(" · ")[1]] = (header.split(), [row.split() for row in rows])
    return tables


@pytest.mark.parametrize("url, label, year, month", [
    ("leaderboard/2026/", "2026年", 2026, None),
    ("leaderboard/2025/", "2025年", 2025, None),
    ("leaderboard/2026/05/", "2026年5月", 2026, 5),
])
def test_page_csv_and_stats_show_the_same_table(sample_site, url, label, year, month):
    shown = page_tables(sample_site, url)
    assert list(shown) == GROUPS
    spreadsheet = csv_tables(sample_site, year, label)
    header = spreadsheet[GROUPS[0]][0]
    assert set(header) == set(next(iter(shown.values()))[0]), "the page shows every column of the CSV, no more"
    page = as_lists(shown, header)
    assert spreadsheet == page
    terminal = stats_tables(year, month)
    for group, (header, rows) in page.items():
        assert terminal[group] == (header, [[cell for cell in row if cell] for row in rows])


def test_current_leaderboard_is_the_latest_year(sample_site):
    assert page_tables(sample_site, "leaderboard/") == page_tables(sample_site, "leaderboard/2026/")


def test_json_agrees_with_the_pages(sample_site, sample_archive):
    data = read_split(sample_site.root, "leaderboard")
    periods = {p["key"]: p for p in data["periods"]}
    assert {"2026", "2026-Q2", "2026-05", "2026-YTD-05", "2025"} <= set(periods)
    for key, url in (("2026", "leaderboard/2026/"), ("2026-05", "leaderboard/2026/05/"), ("2025-Q3", "leaderboard/2025/q3/")):
        page = page_tables(sample_site, url)
        for group in periods[key]["groups"]:
            shown = [(r["排名"], r["单位"], r["刊用"], r["得分"]) for r in page[group["group"]]]
            # a unit with no points (or below 0) is not ranked on the page (—); the JSON keeps its place in the order
            assert shown == [(str(u["rank"]) if u["points"] > 0 else "—", sample_archive.units[u["id"]].short, str(u["published"]),
                              f"{u['points']:.1f}") for u in group["units"]]


def test_circular_tables_show_month_and_year_to_date_points(sample_site, sample_archive, sample_board):
    from bulletin.cycle.scoring import Period, one_decimal
    board = sample_board
    for row in page_tables(sample_site, "leaderboard/2026/05/")["县市区"]:
        unit = next(u for u in sample_archive.units.values() if u.short == row["单位"])
        assert row["累计得分"] == one_decimal(board.tally(unit.id, Period("ytd", 2026, 5)).points)


def test_circular_summary_is_the_same_on_the_page_and_in_the_terminal(sample_site):
    page = [" ".join(p.get_text().split()) for p in sample_site.soup("leaderboard/2026/05/").select(".bl-summary p")]
    terminal = run_cli("stats", "--year", "2026", "--month", "5", "--date", DAY, "--content", SAMPLE).stdout.split("\n\n")[0].splitlines()
    assert page == terminal and page[0].startswith("2026年5月，各期刊物共刊发稿件")


def test_circular_lists_the_months_adoptions_with_links(sample_site, sample_archive):
    adopted = sorted((e.date, i.id) for i in sample_archive.items.values() for e in i.events
                     if e.type == "adopted" and (e.date.year, e.date.month) == (2026, 5))
    links = sample_site.soup("leaderboard/2026/05/").select(".bl-adoptions a")
    assert [a["href"] for a in links] == [f"../../../items/{item_id}/" for _, item_id in adopted]
    summary = " ".join(sample_site.soup("leaderboard/2026/05/").select_one(".bl-summary").get_text().split())
    assert f"被上级采用{len(adopted)}篇次" in summary


def test_dissolved_unit_is_in_2025_tables_and_gone_from_2026(sample_site):
    assert "安监局" in [r["单位"] for r in page_tables(sample_site, "leaderboard/2025/q2/")["行署部门"]]
    assert "安监局" not in [r["单位"] for r in page_tables(sample_site, "leaderboard/2025/q3/")["行署部门"]]
    assert "安监局" not in [r["单位"] for r in page_tables(sample_site, "leaderboard/2026/")["行署部门"]]


def test_adoption_counts_trace_to_event_rows_on_the_units_item_pages(sample_site, sample_archive):
    """A reader can check a unit's 采用 figure by opening its items: the numbers come from those rows."""
    for row in page_tables(sample_site, "leaderboard/2025/")["县市区"]:
        unit = next(u for u in sample_archive.units.values() if u.short == row["单位"])
        item_links = sample_site.soup(f"units/{unit.id}/").select(".bl-row__title")
        counted = 0
        for link in item_links:
            item_page = sample_site.soup(link["href"].replace("../../", ""))
            for event in item_page.select(".bl-event--adopted time"):
                counted += event["datetime"].startswith("2025-")
        assert counted == sum(int(cell) for name, cell in row.items() if name.startswith("采用·")), unit.id


def test_unit_page_shows_rank_points_and_a_trend_chart(sample_site, sample_archive, sample_board):
    from bulletin.cycle.scoring import Period, one_decimal
    board = sample_board
    soup = sample_site.soup("units/hongqi/")
    rows = {tr.th.get_text(strip=True): [td.get_text(strip=True) for td in tr.find_all("td")]
            for tr in soup.select(".bl-standings tbody tr")}
    standing = board.standing("hongqi", Period("year", 2026))
    assert rows["2026年"][0] == f"{standing.rank} / 3"
    assert rows["2026年"][3] == one_decimal(standing.tally.points)
    figure = soup.select_one("figure.bl-figure")
    assert figure.figcaption.get_text(strip=True) == "红旗乡近两年每月得分"
    labels = [t.get_text() for t in figure.select(".bl-chart__label")]
    values = [t.get_text() for t in figure.select(".bl-chart__value")]
    assert len(figure.select("rect")) == len(labels) == len(board.months(2025)) + len(board.months(2026))
    assert labels[0] == "2025年1月" and labels[-1] == "2026年11月"
    months = [Period("month", y, m) for y in (2025, 2026) for m in board.months(y)]
    assert values == [one_decimal(board.tally("hongqi", p).points) for p in months]
    top = max(board.tally("hongqi", p).points for p in months)
    assert f"单月最高 {one_decimal(top)} 分" in figure.select_one(".bl-figure__note").get_text()
