"""Each reader's task done in Chromium as the reader does it, at 1280 and 390 px, counting clicks.

A click is a press on a link, a button or a checkbox, or a choice in a select; typing and Enter are
not clicks. Every click must hit something already on the screen the reader is looking at (no
scrolling hunt: the target's box lies within the first screen of the page as it opened), and each
task ends on the page that answers it, checked against the archive, in at most three clicks.
Screenshots of every step go to test-output/tasks/ for a person to look at.
"""

import pytest

from conftest import OUTPUT, fast_lane

SIZES = {"1280": (1280, 800), "390": (390, 844)}
ON_SCREENS = fast_lane(["1280", "390"], {"390"})   # the fast lane reads on a phone
MAX_CLICKS = 3


class Reader:
    """A browser tab that counts the reader's clicks and refuses targets off the first screen."""

    def __init__(self, browser, url, size, task):
        width, self.height = SIZES[size]
        self.context = browser.new_context(viewport={"width": width, "height": self.height}, locale="zh-CN",
                                           is_mobile=size == "390", device_scale_factor=1)
        self.page = self.context.new_page()
        self.base, self.name, self.clicks, self.steps = url, f"{task}-{size}", 0, 0
        (OUTPUT / "tasks").mkdir(parents=True, exist_ok=True)

    def open(self, path):
        self.page.goto(self.base + path, wait_until="networkidle")
        self.snap()

    def snap(self):
        self.page.screenshot(path=str(OUTPUT / "tasks" / f"{self.name}-{self.steps}.png"))
        self.steps += 1

    def visible_now(self, locator):
        """The target is on the screen as it stands: the reader sees it without scrolling."""
        locator.wait_for(state="visible")
        box = locator.bounding_box()
        assert box and 0 <= box["y"] and box["y"] + box["height"] <= self.height, \
            f"{self.name}: {locator} is at y={box and round(box['y'])}, off a {self.height}px screen"

    def click(self, locator, navigates=True):
        self.visible_now(locator)
        self.clicks += 1
        if navigates:
            with self.page.expect_navigation(wait_until="networkidle"):
                locator.click()
        else:
            locator.click()
        self.snap()

    def choose(self, select, value):
        self.visible_now(select)
        self.clicks += 1
        select.select_option(value)

    def type(self, locator, text, enter=True, navigates=False):
        """Typing, then Enter: no click."""
        self.visible_now(locator)
        locator.fill(text)
        if enter and navigates:
            with self.page.expect_navigation(wait_until="networkidle"):
                locator.press("Enter")
        elif enter:
            locator.press("Enter")

    def close(self):
        self.context.close()


@pytest.fixture
def reader(browser, sample_url, request):
    opened = []

    def make(size, task):
        opened.append(Reader(browser, sample_url, size, task))
        return opened[-1]
    yield make
    for one in opened:
        one.close()


def wait_for_search(page, action):
    page.evaluate("() => { document.querySelector('[data-bl-search]').dataset.state = 'asked'; }")
    action()
    page.wait_for_selector("[data-bl-search][data-state=done]")


# -- a unit head: my rank, and the items that earned the points ------------------------------------------

@pytest.mark.parametrize("size", ON_SCREENS)
def test_a_unit_head_sees_the_rank_and_the_items_that_earned_the_points(reader, sample_archive, sample_board, size):
    from bulletin.cycle.scoring import Period, one_decimal
    board = sample_board
    unit = sample_archive.units["linshuang"]
    year = board.years[0]
    standing = board.standing(unit.id, Period("year", year))
    me = reader(size, "unit-head")
    me.open("")
    me.click(me.page.locator(".bl-home-nav").get_by_role("link", name="报送单位", exact=True))
    me.click(me.page.locator(".bl-terms").get_by_role("link", name=unit.short, exact=True))
    me.click(me.page.locator(".bl-points-link"))
    assert me.clicks <= MAX_CLICKS
    page = me.page
    rank = page.locator(".bl-rank")
    me.visible_now(rank)
    assert f"第 {standing.rank} 名" in rank.inner_text() and f"{unit.group}共" in rank.inner_text()
    # the items, each with its total: the largest share first, on the first screen
    by_item = page.locator(".bl-board--by-item tbody tr")
    me.visible_now(by_item.first)
    totals = {}
    for credit in board.credits:
        if credit.unit == unit.id and credit.day.year == year and credit.item is not None:   # items only: not 约稿, 定额, 扣分
            totals[credit.item.title] = totals.get(credit.item.title, 0) + credit.points
    shown = [(r.locator("th").inner_text().strip(), r.locator("td").last.inner_text().strip()) for r in by_item.all()]
    assert shown[0] == max(((t, one_decimal(p)) for t, p in totals.items()), key=lambda tp: totals[tp[0]])
    assert sorted(shown) == sorted((t, one_decimal(p)) for t, p in totals.items())
    assert sum(totals.values()) == standing.tally.item_points


# -- a leader: last month's issue, then an item in it ----------------------------------------------------

@pytest.mark.parametrize("size", ON_SCREENS)
def test_a_leader_opens_last_months_issue_and_reads_an_item(reader, sample_archive, size):
    from testsupport.reference import BUILD_DATE
    from datetime import datetime, timezone
    built = datetime.fromtimestamp(int(BUILD_DATE["SOURCE_DATE_EPOCH"]), timezone.utc).date()
    year, month = (built.year, built.month - 1) if built.month > 1 else (built.year - 1, 12)
    issue = sample_archive.issues_by_month[year][month][-1]      # last month's newest issue
    first = sample_archive.issue_items(issue)[0]
    me = reader(size, "leader")
    me.open("")
    page = me.page
    assert page.locator(".bl-home-head .bl-masthead__name").evaluate("e => getComputedStyle(e).color") == "rgb(200, 22, 29)", \
        "the red 报头"
    labels = [a.inner_text() for a in page.locator(".bl-row__title").all()]
    assert len(labels) == len(set(labels)), "no issue listed twice"
    last_month = page.locator(".bl-month", has=page.locator("h2", has_text="上月"))
    me.click(last_month.locator(".bl-row__title", has_text=f"第{issue.number}期"))
    me.click(page.locator(".bl-contents a").first)          # the issue's contents: its first item
    me.click(page.locator(f"#item-{first.id} .bl-item-title a"))
    assert me.clicks <= MAX_CLICKS
    assert page.locator("h1").inner_text().strip() == first.title
    body = page.locator(".bl-item .bl-body")
    top = body.bounding_box()["y"]
    assert top < me.height / 2, f"the text starts at y={round(top)}: the reader reads without scrolling"
    # the item's title looks as it did inside the issue, and reads as a title
    look = "e => { const s = getComputedStyle(e); return [s.fontFamily, s.fontWeight, s.color]; }"
    on_page = page.locator("h1.bl-item-title").evaluate(look)
    page.go_back(wait_until="networkidle")
    assert page.locator(f"#item-{first.id} .bl-item-title a").evaluate(look) == on_page
    assert int(on_page[1]) >= 600 and on_page[2] != "rgba(0, 0, 0, 0.54)"


# -- staff: every item on a word, from one unit, in one year; then the newest ------------------------------

WORD, UNIT, YEAR = "信访", "xinfang", 2025   # the unit wrote on it in both years: the year filter matters


@pytest.mark.parametrize("size", ON_SCREENS)
def test_staff_find_a_units_items_on_a_word_in_a_year_and_open_the_newest(reader, sample_archive, size):
    unit = sample_archive.units[UNIT]
    expected = sorted((i for i in sample_archive.items.values()
                       if UNIT in i.units and i.date.year == YEAR and (WORD in i.title or WORD in i.body)),
                      key=lambda i: (i.date, i.id), reverse=True)
    others = [i for i in sample_archive.items.values() if UNIT in i.units and i.date.year != YEAR and WORD in i.body]
    assert len(expected) >= 2 and others, "the sample must make the unit and the year both matter"
    me = reader(size, "staff")
    me.open("")
    page = me.page
    header = page.locator(".bl-header-search input")
    assert "回车" in header.get_attribute("placeholder"), "the header's box says to press Enter"
    me.type(header, WORD, navigates=True)
    page.wait_for_selector("[data-bl-search][data-state=done]")
    wait_for_search(page, lambda: me.type(page.locator("#bl-unit"), unit.short))        # type-ahead, Enter
    wait_for_search(page, lambda: me.choose(page.locator("#bl-year"), str(YEAR)))       # one action for the year
    wait_for_search(page, lambda: me.choose(page.locator("#bl-sort"), "date"))
    chips = page.locator(".bl-search__chips").inner_text()
    assert f"单位：{unit.short}" in chips and f"时间：{YEAR}年" in chips
    urls = [a.get_attribute("href") for a in page.locator(".bl-result__title").all()]
    assert [u.rstrip("/").rsplit("/", 1)[-1] for u in urls] == [i.id for i in expected], "every item, newest first"
    me.snap()
    me.click(page.locator(".bl-result__title").first)
    assert me.clicks <= MAX_CLICKS
    assert page.locator("h1").inner_text().strip() == expected[0].title


@pytest.mark.parametrize("size", ON_SCREENS)
def test_the_leaderboard_jumps_to_ones_group_from_the_first_screen(reader, sample_archive, size):
    """The other way to one's rank: 采用情况通报 → one's group (the last is four screens down) → one's unit."""
    group = list(sample_archive.settings.groups)[-1]
    me = reader(size, "leaderboard-jump")
    me.open("leaderboard/")
    page = me.page
    me.click(page.locator(".bl-jump").get_by_role("link", name=group, exact=True), navigates=False)
    heading = page.locator(".bl-group > h2", has_text=group)
    page.wait_for_function("h => { const y = h.getBoundingClientRect().y; return y >= 0 && y < 200; }", arg=heading.element_handle())
    unit = page.locator(".bl-group", has=page.locator("h2", has_text=group)).locator(".bl-board--ranking tbody th a").first
    me.visible_now(unit)
