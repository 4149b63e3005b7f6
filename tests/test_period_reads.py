"""The leaderboard families' pages (points pages, 通报, the board's year and quarter pages) are kept by
what a year's scoring reads (bulletin/site/pages/period_reads.py), not by their context: every change
to what such a page shows must change its key, or the cache would serve a stale page; and a change
to one year must leave the other years' keys alone, or nothing is saved. Each case compares, page by
page, the declared key with the digest of the whole context the page is rendered from, before and
after one change to a copy of the sample (2025 and 2026, built 2026-12-05).

The key is a year's, coarser than a page: within the changed year, a page whose whole context is
unchanged is still reused, by that context's digest (page_cache.PageCache.shown); the incremental
cases in tests/test_incremental.py check those builds equal clean ones."""

import shutil
from datetime import date
from pathlib import Path

import pytest

from conftest import SAMPLE
from test_incremental import add_item_and_issue, rename_unit
from bulletin.archive import Archive
from bulletin.content.load import load_content
from bulletin.cycle.scoring import Leaderboard
from bulletin.site.fingerprint import Fingerprints
from bulletin.site.page_cache import PageCache
from bulletin.site.pages import period_reads
from bulletin.site.plan import plan_site

BUILT = date(2026, 12, 5)


def year_pages(content: Path) -> dict[str, tuple[str, str]]:
    """Per page keyed by a year's reads, by URL: (its declared key, the digest of all it is rendered from)."""
    archive = Archive(load_content(content))
    plan = plan_site(archive, Leaderboard(archive, BUILT), BUILT)
    cache, shown = PageCache(None, "global", Fingerprints()), Fingerprints()
    return {spec.url: (cache.key(spec), shown.of((spec.template, spec.url, spec.title, spec.section, spec.full_context(), spec.item)))
            for spec in plan.pages.values() if spec.recheck}


def _year(url: str) -> int:
    """The year a page shows: its URL's (units/<id>/points/<year>/..., leaderboard/<year>/...); the
    leaderboard's own page shows the newest."""
    return next((int(part) for part in url.split("/") if part.isdigit() and len(part) == 4), 2026)


@pytest.fixture(scope="module")
def before():
    return year_pages(SAMPLE)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def new_issue(content: Path) -> None:
    """A new 政务信息 issue of 2026-12-02 printing a new item (行署信访局)."""
    add_item_and_issue(content, None)


def correct_level(content: Path) -> None:
    """2025-0041 was adopted by the state, not the city, on 2025-06-11: 3 points become 50, which
    moves its unit up 2025's ranking, and so the rank changes 2026's pages show against 2025."""
    _edit(content / "items" / "2025" / "2025-0041.md", "{type: adopted, level: city, publication: 昨日情况, form: single, issue: 2025年第144期, date: 2025-06-11}",
          "{type: adopted, level: state, publication: 昨日情况, form: single, issue: 2025年第144期, date: 2025-06-11}")


def unit_renamed(content: Path) -> None:
    rename_unit(content, None)


def rule_of_2026(content: Path) -> None:
    """The 2026 rules pay 5 points, not 4, for an adoption at city level; 2025's are untouched."""
    _edit(content / "bulletin.yml", "adopted: {city: 4, province: 12, state: 60}", "adopted: {city: 5, province: 12, state: 60}")


# The year whose pages a change rekeys: its own, and the year after (its rank changes are measured
# against the year before).
CASES = [(new_issue, {2026}), (correct_level, {2025, 2026}), (unit_renamed, {2025, 2026}), (rule_of_2026, {2026})]


def _changed(before: dict, content: Path) -> tuple[set, set, dict]:
    after = year_pages(content)
    common = set(before) & set(after)
    rekeyed = {url for url in common if after[url][0] != before[url][0]}
    reshown = {url for url in common if after[url][1] != before[url][1]}
    return rekeyed, reshown, after


@pytest.mark.parametrize("change, years", CASES, ids=lambda value: getattr(value, "__name__", None))
def test_a_change_rekeys_every_page_that_shows_it_and_no_other_year(before, tmp_path, change, years):
    content = tmp_path / SAMPLE.name   # a record names its file by the folder's name: the same here
    shutil.copytree(SAMPLE, content)
    change(content)
    rekeyed, reshown, after = _changed(before, content)
    assert reshown, "the change shows on some page"
    assert reshown <= rekeyed, f"shown differently but kept: {sorted(reshown - rekeyed)}"
    assert rekeyed == {url for url in set(before) & set(after) if _year(url) in years}
    assert all(key and key.startswith("d") for key, _ in after.values())


def test_the_families_and_their_years(before):
    """The sample's pages keyed by a year: per year, the points pages of each unit (and month) with
    credits, the year's and quarters' boards and each month's 通报; the leaderboard's own page."""
    by_year = {}
    for url in before:
        by_year.setdefault(_year(url), set()).add(url)
    assert set(by_year) == {2025, 2026}
    assert "leaderboard/" in by_year[2026] and "leaderboard/2025/" in by_year[2025]
    # 2026: the year, 4 quarters, 11 months (nothing dated in December yet: built 2026-12-05)
    assert {url for url in by_year[2026] if url.startswith("leaderboard/")} == {
        "leaderboard/", "leaderboard/2026/", *(f"leaderboard/2026/q{q}/" for q in range(1, 5)),
        *(f"leaderboard/2026/{m:02d}/" for m in range(1, 12))}


def test_nothing_changed_nothing_rekeyed(before):
    again = year_pages(SAMPLE)
    assert [url for url in again if again[url] != before[url]] == []


def _without_the_year_before(reads: period_reads.PeriodReads, year: int) -> tuple:
    return (reads._common, reads._own(year))


def _without_units(reads: period_reads.PeriodReads) -> tuple:
    """The reads of every year without the units (nor bulletin.yml, the 信息员, the 约稿 flag)."""
    board = reads.board
    return (period_reads.READS_VERSION, board.today, tuple(board.years))


@pytest.mark.parametrize("leave_out, change", [
    (lambda monkeypatch: monkeypatch.setattr(period_reads.PeriodReads, "year", _without_the_year_before), correct_level),
    (lambda monkeypatch: monkeypatch.setattr(period_reads.PeriodReads, "_common", property(_without_units)), unit_renamed),
], ids=["the year before", "the units"])
def test_a_read_left_out_is_caught(tmp_path, monkeypatch, leave_out, change):
    """The check above can fail: with a read left out, some page shows the change under its old key."""
    leave_out(monkeypatch)
    before = year_pages(SAMPLE)
    content = tmp_path / SAMPLE.name
    shutil.copytree(SAMPLE, content)
    change(content)
    rekeyed, reshown, _ = _changed(before, content)
    assert reshown - rekeyed
