"""A unit head reaches the month's points in 3 clicks from home, at 1280 and 390 px (issue 31, point 12):
home → 最新通报 (the last finished month's circular) → 跳到 the unit's group → the unit's name in the
monthly ranking, which opens that unit's page of that month. Clicks and screens are counted as in
tests/test_browser_tasks.py (every target on the screen as it stands); screenshots of each step go to
test-output/tasks/month-points-<size>-<step>.png."""

import pytest

from test_browser_tasks import MAX_CLICKS, ON_SCREENS, reader  # noqa: F401 - the fixture


@pytest.mark.parametrize("size", ON_SCREENS)
def test_a_unit_head_reaches_the_months_points_in_three_clicks(reader, sample_archive, sample_board, size):  # noqa: F811
    from bulletin.cycle.scoring import Period, one_decimal
    unit = sample_archive.units["linshuang"]
    october = Period("month", 2026, 10)          # the last month ended on the build date, 2026-11-25
    me = reader(size, "month-points")
    me.open("")
    me.click(me.page.locator(".bl-latest-circular a"))
    assert me.page.locator("h1").first.inner_text().strip() == "关于2026年10月信息采用情况的通报"
    link = me.page.locator(f'.bl-board--ranking tr[data-unit="{unit.id}"] a')
    me.click(me.page.locator(".bl-jump").get_by_role("link", name=unit.group, exact=True), navigates=False)
    me.click(link)
    assert me.clicks <= MAX_CLICKS
    page = me.page
    assert page.locator("h1").first.inner_text().strip() == f"{unit.short}2026年10月得分明细"
    intro = page.locator(".bl-intro")
    me.visible_now(intro)
    tally = sample_board.tally(unit.id, october)
    assert f"2026年10月共得 {one_decimal(tally.points)} 分" in intro.inner_text()
    rank = page.locator(".bl-rank")
    me.visible_now(rank)
    standing = sample_board.standing(unit.id, october)
    assert f"第 {standing.rank} 名" in rank.inner_text()
    # every credit of the month is listed, and only October's
    days = [cell.inner_text() for cell in page.locator("tr.bl-credit td:first-child").all()]
    expected = sorted(c.day for c in sample_board.credits if c.unit == unit.id and c.day.year == 2026 and c.day.month == 10)
    assert days == [f"{d.month}月{d.day}日" for d in expected]
