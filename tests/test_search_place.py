"""Back from a search result comes back to the same place (issue 31, point 7): the results, as many
rows as 显示更多 had shown, and the scroll, at 1280 and 390 px. The page keeps them in its history
entry (history.state), asks no other host and stores nothing beyond the tab."""

import pytest

from conftest import OUTPUT
from test_search import ask, containing

ROWS = ".bl-result:not(.bl-result__divider)"


@pytest.mark.parametrize("width, height", [(1280, 800), (390, 844)])
def test_back_from_a_result_restores_rows_and_scroll(browser, sample_url, sample_archive, width, height):
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": height})
    page = context.new_page()
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    everything = containing(sample_archive, "工作")
    assert len(everything) > 40, "more than two batches of 20, so 显示更多 matters"
    ask(page, sample_url, "?q=工作")
    page.click(".bl-search__more")
    page.locator(ROWS).nth(39).wait_for()
    row = page.locator(ROWS).nth(33)           # a row of the second batch, well down the page
    row.scroll_into_view_if_needed()
    page.mouse.wheel(0, 120)
    page.wait_for_timeout(400)                 # the place is kept once scrolling stops
    scrolled = page.evaluate("scrollY")
    title = row.locator(".bl-result__title").inner_text()
    # an unload handler keeps the page out of the back-forward cache: Back loads it afresh, as after
    # a browser restart or on a busy machine, so what is tested is the page's own restoring
    page.evaluate("() => { window.beforeBack = true; addEventListener('unload', () => {}); }")
    with page.expect_navigation():
        row.locator(".bl-result__title").click()
    assert page.locator("h1").inner_text() == title
    page.go_back(wait_until="networkidle")
    page.wait_for_selector("[data-bl-search][data-state=done]")
    assert page.evaluate("window.beforeBack") is None, "a fresh load, not the cached page"
    assert page.locator(ROWS).count() == 40
    assert abs(page.evaluate("scrollY") - scrolled) <= 2 and scrolled > height
    box = page.locator(ROWS).nth(33).bounding_box()
    assert 0 <= box["y"] < height, "the row clicked is on screen again"
    (OUTPUT / "search").mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUTPUT / "search" / f"back-{width}.png"))
    page.click(".bl-search__more")             # and the place goes on from there
    page.locator(ROWS).nth(59).wait_for()
    context.close()
    host = sample_url.split("/bulletin/")[0]
    assert all(url.startswith(host) for url in asked), [u for u in asked if not u.startswith(host)]


def test_a_new_search_starts_at_the_top(page, sample_url):
    ask(page, sample_url, "?q=工作")
    page.click(".bl-search__more")
    page.locator(ROWS).nth(39).wait_for()
    page.reload(wait_until="networkidle")      # the same entry: its place comes back
    page.wait_for_selector("[data-bl-search][data-state=done]")
    assert page.locator(ROWS).count() == 40
    ask(page, sample_url, "?q=信访")            # a new entry: the first batch, at the top
    assert page.locator(ROWS).count() == 18 and page.evaluate("scrollY") == 0
