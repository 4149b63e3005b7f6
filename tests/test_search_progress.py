"""The 检索 page shows each bundle's rows as soon as it and the bundles before it in the list have answered
(theme/assets/javascripts/search.js), and rows once shown never move: the list runs bundle after bundle
in the sort's direction. In Chromium on the sample, with one bundle's index held back by the test so that
the page is caught half-answered."""

import pytest

from bulletin.archive import Archive

WORD = "信访"
# The sample's bundles (tests/test_search_years.py): 2026-10..11, the rest of 2026, 2025. Items with 信访,
# counted by hand from the sample (Ctrl+F over titles and bodies): 2 in 2026-10..11, 7 in 2026-01..09,
# 9 in 2025; 18 in all, one page of 20.
NEWEST, REST_OF_YEAR, OLDER = "2026-10_2026-11", "2026-01_2026-09", "2025-01_2025-12"


def bundle_of(archive: Archive, item_id: str) -> str:
    month = f"{archive.items[item_id].date:%Y-%m}"
    return NEWEST if month >= "2026-10" else REST_OF_YEAR if month >= "2026-01" else OLDER


def shown_ids(page) -> list[str]:
    return [a.get_attribute("href").rstrip("/").split("/")[-1] for a in page.locator(".bl-result__title").all()]


@pytest.mark.parametrize("sort, held, first", [
    ("", OLDER, [NEWEST, REST_OF_YEAR]),                  # 按相关度: newest bundle first
    ("date", OLDER, [NEWEST, REST_OF_YEAR]),              # 日期：新的在前
    ("date-asc", NEWEST, [OLDER, REST_OF_YEAR]),          # 日期：早的在前: oldest bundle first
])
def test_the_first_bundles_rows_show_at_once_and_never_move(browser, sample_url, sample_archive, sort, held, first):
    with_word = {i.id for i in sample_archive.items.values() if WORD in i.title or WORD in i.body}
    assert len(with_word) == 18
    early = {i for i in with_word if bundle_of(sample_archive, i) in first}
    assert len(early) == (9 if first[0] == NEWEST else 16)   # 2 + 7, or 9 + 7
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    waiting, holding = [], [True]

    def hold(route):
        waiting.append(route) if holding[0] else route.continue_()
    try:
        page.goto(sample_url + "search/" + (f"?sort={sort}" if sort else ""), wait_until="networkidle")
        page.wait_for_selector("[data-bl-search][data-state=done]")
        # from now on the held bundle's index chunks (fetched per query) wait until the test lets them go
        context.route(f"**/pagefind/{held}/index/**", hold)
        page.fill("#bl-q", WORD)
        page.press("#bl-q", "Enter")
        page.wait_for_selector("[data-bl-search][data-state=showing]")
        page.wait_for_function("n => document.querySelectorAll('.bl-result__title').length >= n", arg=len(early))
        half = shown_ids(page)
        half_status = page.locator(".bl-search__status").inner_text()
        still = page.get_attribute("[data-bl-search]", "data-state")
        assert waiting, "the held bundle was asked"
        holding[0] = False
        for route in waiting:
            route.continue_()
        page.wait_for_selector("[data-bl-search][data-state=done]")
        whole = shown_ids(page)
        status = page.locator(".bl-search__status").inner_text()
    finally:
        context.close()
    # half answered: exactly the first bundles' items, and the page says it is not finished
    assert set(half) == early and still == "showing" and half_status == "正在检索其余年份……"
    # answered: the same rows on top in the same order, the held bundle's below them, nothing else
    assert whole[:len(half)] == half
    assert set(whole) == with_word and len(whole) == 18 and status == "找到 18 条结果"
    order = [bundle_of(sample_archive, i) for i in whole]
    expected = first + [held]
    assert order == sorted(order, key=expected.index), order   # bundle after bundle in the sort's direction


class HeldBundles:
    """The 检索 page opened and answered, then every bundle's index chunks (fetched per query) watched:
    `asked` lists their bundles in order, and a chunk of a bundle in `held` waits until `release`."""

    def __init__(self, browser, sample_url, held):
        self.asked, self.waiting, self.held = [], [], set(held)
        self.context = browser.new_context(locale="zh-CN")
        self.page = self.context.new_page()
        self.page.goto(sample_url + "search/", wait_until="networkidle")
        self.page.wait_for_selector("[data-bl-search][data-state=done]")
        self.context.route("**/pagefind/*/index/**", self._watch)

    def _watch(self, route):
        bundle = route.request.url.split("/pagefind/")[1].split("/")[0]
        self.asked.append(bundle)
        self.waiting.append(route) if bundle in self.held else route.continue_()

    def search(self, word):
        self.page.fill("#bl-q", word)
        self.page.press("#bl-q", "Enter")

    def release(self, bundle):
        self.held.discard(bundle)
        for route in [r for r in self.waiting if f"/pagefind/{bundle}/" in r.request.url]:
            self.waiting.remove(route)
            route.continue_()

    def wait_for_asked(self, bundle):
        for _ in range(100):   # within 10 s, then a second for any other asked beside it
            if bundle in self.asked:
                break
            self.page.wait_for_timeout(100)
        self.page.wait_for_timeout(1000)

    def state(self):
        """What is asked so far, the page's state and how many rows it shows."""
        return list(self.asked), self.page.get_attribute("[data-bl-search]", "data-state"), len(shown_ids(self.page))

    def close(self):
        self.context.close()


def test_the_newest_bundle_is_asked_alone_and_the_others_after_its_rows(browser, sample_url):
    """The first bundle is asked alone (Pagefind scores in one worker: asked beside the older, larger
    bundles its answer would wait behind theirs), the others once its rows are on the page."""
    held = HeldBundles(browser, sample_url, {NEWEST})
    try:
        held.search(WORD)
        held.wait_for_asked(NEWEST)
        while_held = held.state()
        held.release(NEWEST)
        held.page.wait_for_selector("[data-bl-search][data-state=done]")
        whole = shown_ids(held.page)
        asked = held.asked
    finally:
        held.close()
    # held: only the newest bundle asked, nothing shown yet; then the others, and all 18 rows (2 + 7 + 9)
    assert while_held[0] and set(while_held[0]) == {NEWEST}, while_held[0]
    assert while_held[1:] == ("searching", 0)
    assert {REST_OF_YEAR, OLDER} <= set(asked[len(while_held[0]):]) and len(whole) == 18


def test_a_word_not_in_the_newest_bundle_shows_the_next_bundles_rows_before_the_rest_are_asked(browser, sample_url):
    """Bundles are asked one at a time until one has rows: a word the newest months lack waits for the rest
    of the year alone, not for every older year scored beside it, and the older years are asked once those
    rows are on the page."""
    word = "迅速应对"
    # grep of the sample's items: 2026-0013, 0028, 0029, 0037, 0048, 0070 (February to September 2026, the
    # rest of the year), 2025-0023, 0055, 0078, 0086 (2025); none of October or November 2026
    rest_of_year = {"2026-0013", "2026-0028", "2026-0029", "2026-0037", "2026-0048", "2026-0070"}
    older = {"2025-0023", "2025-0055", "2025-0078", "2025-0086"}
    held = HeldBundles(browser, sample_url, {REST_OF_YEAR, OLDER})
    try:
        held.search(word)
        held.wait_for_asked(REST_OF_YEAR)
        # the newest bundle answered with nothing; the rest of the year is asked, and alone
        while_next = held.state()
        held.release(REST_OF_YEAR)
        held.page.wait_for_selector("[data-bl-search][data-state=showing]")
        held.wait_for_asked(OLDER)
        # its rows on the page, and only then 2025 asked (still held)
        half, half_state = shown_ids(held.page), held.page.get_attribute("[data-bl-search]", "data-state")
        held.release(OLDER)
        held.page.wait_for_selector("[data-bl-search][data-state=done]")
        whole = shown_ids(held.page)
        status = held.page.locator(".bl-search__status").inner_text()
        asked = held.asked
    finally:
        held.close()
    assert set(while_next[0]) == {NEWEST, REST_OF_YEAR}, while_next[0]
    assert while_next[1:] == ("searching", 0)
    assert set(half) == rest_of_year and half_state == "showing"
    assert OLDER in asked
    # 6 + 4 rows, the rest of the year's on top as they were shown, 2025's below
    assert whole[:6] == half and set(whole[6:]) == older and status == "找到 10 条结果"
