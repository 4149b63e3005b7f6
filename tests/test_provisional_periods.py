"""A running period is provisional, visibly and by rule (issue 31): on the build date a month, quarter
or year that has not ended has no 文号 and no PDF, its pages say 截至X月X日（暂未结束）, quota is judged
only for months that have ended, and the home page's 最新通报 is the last finished month.

The sample is built on 2026-11-25 (testsupport/reference.py), mid-November: October has ended,
November, the fourth quarter and 2026 have not."""

from datetime import date, timedelta

import pytest

from bulletin.cycle.circular import early_note, issued, issued_circulars, provisional_note
from bulletin.cycle.scoring import Leaderboard, Period
from bulletin.site.pages.periods import latest_circular

NOVEMBER, OCTOBER = Period("month", 2026, 11), Period("month", 2026, 10)
BANNER = "截至2026年11月25日（暂未结束）"


def test_the_running_month_is_no_circular(sample_site):
    soup = sample_site.soup("leaderboard/2026/11/")
    assert soup.h1.get_text(strip=True) == "2026年11月采用情况（暂未结束）"
    assert soup.select_one(".bl-provisional").get_text(strip=True) == BANNER + "：数字仍会变动，不是正式通报；未结束的月份不计定额。"
    assert not soup.select(".bl-circular__number, .bl-circular__sign, .bl-circular__to, .bl-pdf")
    assert "通报如下" not in soup.get_text()
    summary = soup.select_one(".bl-summary").get_text()
    assert "尚未报送稿件的单位：" in summary and "尚无稿件刊用的单位：" in summary        # not yet, rather than not
    october = sample_site.soup("leaderboard/2026/10/").select_one(".bl-summary").get_text()
    assert "尚未" not in october and "无稿件刊用的单位：" in october
    assert not (sample_site.root / "leaderboard/2026/11/tongbao-2026-11.pdf").exists()


def test_the_month_that_has_ended_is_the_circular_with_its_number_and_pdf(sample_site):
    soup = sample_site.soup("leaderboard/2026/10/")
    assert soup.select_one(".bl-circular__number").get_text(strip=True) == "巴署办信〔2026〕10号"
    assert [p.get_text(strip=True) for p in soup.select(".bl-circular__sign p")][-1] == "2026年10月31日"
    assert not soup.select(".bl-provisional")
    assert (sample_site.root / "leaderboard/2026/10/tongbao-2026-10.pdf").is_file()


@pytest.mark.parametrize("url", ["leaderboard/", "leaderboard/2026/", "leaderboard/2026/q4/", "units/linshuang/points/2026/",
                                 "leaderboard/2026/11/authors/"])
def test_every_page_of_a_running_period_says_so(sample_site, url):
    assert BANNER in sample_site.soup(url).select_one(".bl-provisional").get_text()


@pytest.mark.parametrize("url", ["leaderboard/2025/", "leaderboard/2026/q3/", "units/linshuang/points/2025/"])
def test_pages_of_ended_periods_carry_no_banner(sample_site, url):
    assert not sample_site.soup(url).select(".bl-provisional")


def test_the_assessment_of_the_running_year_says_so(sample_site):
    status = sample_site.soup("leaderboard/2026/kaohe/").select_one(".bl-assessment__status--provisional")
    assert status.strong.get_text(strip=True) == BANNER
    notes = sample_site.soup("leaderboard/2026/kaohe/").select_one(".bl-assess-notes").get_text()
    assert "未结束的月份不计定额" in notes and "本月的定额按截至统计日" not in notes


def test_the_home_page_leads_to_the_last_finished_month(sample_site):
    latest = sample_site.soup("").select_one(".bl-latest-circular")
    assert latest.a["href"].rstrip("/").endswith("leaderboard/2026/10")
    assert "巴署办信〔2026〕10号" in latest.get_text() and "11月" not in latest.a.get_text()


def test_the_search_knows_only_issued_numbers(sample_site):
    import json
    known = json.loads(sample_site.soup("search/").select_one(".bl-search__help")["data-known"])
    numbers = [c["number"] for c in known["circulars"]]
    assert numbers[0] == "巴署办信〔2026〕10号" and "巴署办信〔2026〕11号" not in numbers


def test_nothing_formal_on_any_day_of_a_month(sample_archive):
    """Built on the first, a middle and the last day of each month of 2026 and the day after: never a
    文号 for a month not ended, never quota judged for one, the home page's circular always ended."""
    days = [d for m in range(1, 13) for d in (date(2026, m, 1), date(2026, m, 15))] + [date(2026, 11, 30), date(2026, 12, 1)]
    for day in days:
        board = Leaderboard(sample_archive, day)
        assert all(p.end < day for p in issued_circulars(board)), day
        assert all(c.day < day for c in board.credits if c.kind == "quota"), day
        latest = latest_circular(board)
        assert latest is None or latest["date"] < day, day
        running = Period("month", day.year, day.month)
        assert not issued(board, running) and provisional_note(board, running)
    on_last_day = Leaderboard(sample_archive, date(2026, 11, 30))
    day_after = Leaderboard(sample_archive, date(2026, 12, 1))
    assert not issued(on_last_day, NOVEMBER) and issued(day_after, NOVEMBER)   # a month runs through its last day


def test_a_circular_issued_early_is_issued_deliberately(sample_archive):
    from dataclasses import replace
    from bulletin.archive import Archive
    settings = replace(sample_archive.settings, early_circulars=(date(2026, 11, 20),))
    content = replace(sample_archive.content, settings=settings)
    board = Leaderboard(Archive(content), date(2026, 11, 25))
    assert issued(board, NOVEMBER)                                              # the date written has come
    assert early_note(board, NOVEMBER).startswith("本通报按设置于2026年11月20日提前印发，所列数字截至2026年11月20日")
    assert provisional_note(board, NOVEMBER).startswith("截至2026年11月25日（暂未结束）")   # the month's own figures still run
    assert not issued(Leaderboard(Archive(content), date(2026, 11, 19)), NOVEMBER)   # not before it
