"""Search in headless Chromium on the sample, served under /bulletin/ with the nginx sample's headers:
what it finds (scripts/search_quality.py with the issue's thresholds), and the 检索 page around it."""

import hashlib
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import ROOT
from testsupport import search_quality


def ask(page, url, query=""):
    page.goto(url + "search/" + query, wait_until="networkidle")
    page.wait_for_selector("[data-bl-search][data-state=done]")


def status(page):
    return page.locator(".bl-search__status").inner_text()


def shown_ids(page):
    return [a.get_attribute("href").rstrip("/").split("/")[-1] for a in page.locator(".bl-result__title").all()]


def containing(archive, *words):
    return {i.id for i in archive.items.values() if all(w in i.title or w in i.body for w in words)}


def wait_for_search(page, action):
    """Do `action` and wait until the search it starts has put its results on the page."""
    page.evaluate("() => { document.querySelector('[data-bl-search]').dataset.state = 'asked'; }")
    action()
    page.wait_for_selector("[data-bl-search][data-state=done]")


# -- what it finds ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def quality(sample_site, sample_archive, browser):
    return search_quality.evaluate(sample_site.root, sample_archive, browser, random_count=200, seed=1)


@pytest.mark.slow   # hundreds of queries in the browser; the searches below are the fast lane's
def test_domain_words_are_found_completely_and_only_where_they_stand(quality):
    domain = quality["groups"]["domain"]
    print(search_quality.report(quality, 10))
    present = [a for a in quality["answers"]["domain"] if a.expected]
    assert domain["queries"] >= 300 and len(present) >= 150, "the word list is several hundred words, most in the sample"
    assert domain["recall"] >= 0.99
    assert domain["precision"] >= 0.98
    assert domain["precision_at_10"] >= 0.98


@pytest.mark.slow   # hundreds of queries in the browser; the searches below are the fast lane's
def test_random_substrings_are_found_as_ctrl_f_finds_them(quality):
    random = quality["groups"]["random"]
    assert random["queries"] == 200
    assert random["recall"] >= 0.95
    assert random["precision"] >= 0.95


@pytest.mark.slow   # hundreds of queries in the browser; the searches below are the fast lane's
def test_absent_words_find_nothing_and_say_so(quality):
    absent = quality["groups"]["absent"]
    assert absent["queries"] >= 15
    assert absent["no_result"] == 1.0
    assert absent["no_result_message"]


def test_a_query_that_must_return_nothing(page, sample_url):
    ask(page, sample_url, "?q=量子计算机")
    assert page.locator(".bl-result").count() == 0
    assert status(page) == "没有找到包含“量子计算机”的稿件。请换个关键词或减少筛选条件。"


def test_a_word_across_segmenter_boundaries_is_found(page, sample_url, sample_archive):
    ask(page, sample_url, "?q=期走势分")
    assert set(shown_ids(page)) == containing(sample_archive, "期走势分") != set()


def test_issues_match_on_their_own_text_never_the_masthead(page, sample_url, sample_archive):
    issues = sample_archive.content.issues
    ask(page, sample_url, "?q=政务信息&kind=期刊")
    own = [i for i in issues if "政务信息" in (i.foreword or "") or any("政务信息" in t.title for t in sample_archive.issue_items(i))]
    assert page.locator(".bl-result").count() == len(own) < len(issues) / 2
    ask(page, sample_url, "?q=信访&kind=全部")
    kinds = ["issue" if "/issues/" in a.get_attribute("href") else "item" for a in page.locator(".bl-result__title").all()]
    while not page.locator(".bl-search__more").is_hidden():
        page.click(".bl-search__more")
        kinds = ["issue" if "/issues/" in a.get_attribute("href") else "item" for a in page.locator(".bl-result__title").all()]
    assert "issue" in kinds and kinds == sorted(kinds, key=lambda k: k == "issue"), "items come before issues"
    assert kinds.count("item") == len(containing(sample_archive, "信访"))


def test_several_words_put_items_with_all_of_them_first(page, sample_url, sample_archive):
    ask(page, sample_url, "?q=防汛 乡镇")
    both = containing(sample_archive, "防汛", "乡镇")
    assert both and status(page).startswith(f"找到 {len(both)} 条同时包含全部词语的结果")
    ids = shown_ids(page)
    assert set(ids[:len(both)]) == both
    assert page.locator(".bl-result__divider").inner_text() == "以下结果只包含部分词语"
    assert all(i in containing(sample_archive, "防汛") | containing(sample_archive, "乡镇") for i in ids[len(both):])


def test_exact_phrase_and_title_only_narrow_the_results(page, sample_url, sample_archive):
    ask(page, sample_url, "?q=信访 积案&exact=1")
    assert set(shown_ids(page)) == containing(sample_archive, "信访积案") != set()
    ask(page, sample_url, "?q=问题")
    wait_for_search(page, lambda: page.check("input[name=title]"))
    titled = {i.id for i in sample_archive.items.values() if "问题" in i.title}
    assert titled < containing(sample_archive, "问题")
    assert status(page) == f"找到 {len(titled)} 条结果"
    assert parse_qs(urlsplit(page.url).query) == {"q": ["问题"], "title": ["1"]}
    assert [c.inner_text() for c in page.locator(".bl-chip").all()] == ["只查标题×", "清除筛选"]


# -- the page around it ---------------------------------------------------------------------------

def test_results_show_title_unit_date_issue_and_a_marked_excerpt(page, sample_url, sample_archive):
    ask(page, sample_url, "?q=锅炉")
    first = page.locator(".bl-result").first
    link = first.locator(".bl-result__title").get_attribute("href")
    assert link.startswith("/bulletin/items/")
    item = sample_archive.items[link.rstrip("/").split("/")[-1]]
    assert first.locator(".bl-result__title").inner_text() == item.title
    meta = first.locator(".bl-result__meta").inner_text()
    assert sample_archive.unit_name(item.unit) in meta
    assert f"{item.date.year}年{item.date.month}月{item.date.day}日" in meta
    placed = sample_archive.issues_of(item)
    assert (f"刊于《{sample_archive.series_name(placed[0].issue)}》" if placed else "未在本机关刊物刊发") in meta
    excerpt = first.locator(".bl-result__excerpt")
    assert "锅炉" in excerpt.locator("mark").first.inner_text()
    assert not excerpt.inner_text().startswith(item.title), "the excerpt is the body's, not title and body run together"


def test_filters_show_as_chips_that_remove_themselves(page, sample_url, sample_archive):
    ask(page, sample_url, "?q=信访")
    everything = containing(sample_archive, "信访")
    assert status(page) == f"找到 {len(everything)} 条结果"
    label = page.locator(".bl-facet[data-filter='unit'] label", has_text="信访局")
    count = int(label.locator(".bl-count").inner_text())
    wait_for_search(page, lambda: label.locator("input").check())
    xinfang = {i for i in everything if "xinfang" in sample_archive.items[i].units}
    assert count == len(xinfang) < len(everything)
    assert set(shown_ids(page)) == xinfang
    assert parse_qs(urlsplit(page.url).query) == {"q": ["信访"], "unit": ["信访局"]}
    chip = page.locator(".bl-chip", has_text="单位：信访局")
    wait_for_search(page, chip.click)
    assert status(page) == f"找到 {len(everything)} 条结果"
    assert page.locator(".bl-chip").count() == 0
    assert not page.locator(".bl-facet[data-filter='unit'] input[value='信访局']").is_checked()


def test_date_range_from_month_to_month(page, sample_url, sample_archive):
    ask(page, sample_url, "?q=信访")
    wait_for_search(page, lambda: page.fill("input[name=from]", "2025-03"))
    wait_for_search(page, lambda: page.fill("input[name=to]", "2025-06"))
    inside = {i for i in containing(sample_archive, "信访") if "2025-03" <= sample_archive.items[i].date.strftime("%Y-%m") <= "2025-06"}
    assert inside and set(shown_ids(page)) == inside
    assert page.locator(".bl-chip", has_text="时间：2025年3月 至 2025年6月").count() == 1
    query = parse_qs(urlsplit(page.url).query)
    assert query["from"] == ["2025-03"] and query["to"] == ["2025-06"]
    page.reload(wait_until="networkidle")       # a bookmarked search comes back the same
    page.wait_for_selector("[data-bl-search][data-state=done]")
    assert set(shown_ids(page)) == inside and page.locator("input[name=from]").input_value() == "2025-03"
    wait_for_search(page, lambda: page.click(".bl-chip--clear"))
    assert status(page) == f"找到 {len(containing(sample_archive, '信访'))} 条结果"
    assert urlsplit(page.url).query == "q=%E4%BF%A1%E8%AE%BF"


def test_sort_by_date_puts_the_newest_first(page, sample_url, sample_archive):
    ask(page, sample_url, "?q=信访&sort=date")
    dates = [sample_archive.items[i].date for i in shown_ids(page)]
    assert len(dates) > 3 and dates == sorted(dates, reverse=True)
    assert page.locator("#bl-sort").input_value() == "date"
    wait_for_search(page, lambda: page.select_option("#bl-sort", "date-asc"))
    dates = [sample_archive.items[i].date for i in shown_ids(page)]
    assert dates == sorted(dates)


def test_on_a_phone_the_first_result_shows_without_scrolling(browser, sample_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)
    phone = context.new_page()
    ask(phone, sample_url, "?q=信访&unit=信访局")
    top = phone.locator(".bl-result").first.bounding_box()
    chips = phone.locator(".bl-chip").count()
    folded = not phone.locator(".bl-search__panel").evaluate("d => d.open")
    context.close()
    assert folded and chips == 2
    assert top["y"] + 40 < 844, f"first result at {top['y']}px"


def test_header_box_and_page_both_say_jiansuo_and_lead_to_the_search(page, sample_url):
    page.goto(sample_url + "units/", wait_until="networkidle")
    box = page.locator(".bl-header-search input")
    # it says 检索 (not 搜索) and that Enter runs it: typing alone shows nothing
    assert re.fullmatch(r"检索.*（按回车）", box.get_attribute("placeholder"))
    box.fill("防汛")
    box.press("Enter")
    page.wait_for_selector("[data-bl-search][data-state=done]")
    assert urlsplit(page.url).path == "/bulletin/search/"
    assert page.locator("#bl-q").input_value() == "防汛"
    assert page.locator("h1").inner_text() == "检索"
    assert "搜索" not in page.locator("body").inner_text()


def test_our_header_was_adapted_from_the_installed_materials_header():
    """theme/partials/header.html owns a copy of Material's header (which has no block to override):
    when an upgrade changes Material's, this fails until ours takes the change and the new hash."""
    import material
    original = (ROOT.joinpath(material.__path__[0]) / "templates" / "partials" / "header.html").read_bytes()
    ours = (ROOT / "theme" / "partials" / "header.html").read_text(encoding="utf-8")
    adapted_from = re.search(r"sha256 ([0-9a-f]{64})", ours).group(1)
    assert hashlib.sha256(original).hexdigest() == adapted_from


# -- help around the results (issue 21) -----------------------------------------------------------

def help_lines(page):
    box = page.locator(".bl-search__help")
    return [li.inner_text() for li in box.locator("li").all()] if box.is_visible() else []


def test_a_query_with_no_result_offers_the_split_query_and_the_topic(page, sample_url, sample_archive):
    ask(page, sample_url, "?q=防汛工作")
    assert "没有找到" in status(page)
    lines = help_lines(page)
    both = containing(sample_archive, "防汛", "工作")
    assert both and f"分开检索：防汛 工作（{len(both)} 条）" in lines, lines
    assert any(line.startswith("相关主题：") and "防灾减灾" in line for line in lines), lines
    wait_for_search(page, lambda: page.locator(".bl-search__help a[data-q]").first.click())
    assert page.locator("#bl-q").input_value() == "防汛 工作"
    assert set(shown_ids(page)) >= both and help_lines(page) == []


def test_an_item_id_or_a_circulars_number_leads_to_it(page, sample_url, sample_archive):
    item = sample_archive.items["2025-0003"]
    ask(page, sample_url, "?q=2025-0003")
    link = page.locator(".bl-search__help a")
    assert link.inner_text() == item.title and link.get_attribute("href").endswith("/items/2025-0003/")
    assert "没有找到" not in status(page), "never 'not found' above the answer"
    ask(page, sample_url, "?q=" + "〔2026〕10号")
    link = page.locator(".bl-search__help a")
    assert link.inner_text() == "关于2026年10月信息采用情况的通报"
    assert link.get_attribute("href").endswith("/leaderboard/2026/10/")
    ask(page, sample_url, "?q=2099-0001")
    assert help_lines(page) == [], "an id with no item leads nowhere"


def test_one_action_picks_a_year_and_a_typed_unit_filters(page, sample_url, sample_archive):
    ask(page, sample_url, "?q=信访")
    wait_for_search(page, lambda: page.select_option("#bl-year", "2025"))
    assert parse_qs(urlsplit(page.url).query)["from"] == ["2025-01"] and parse_qs(urlsplit(page.url).query)["to"] == ["2025-12"]
    assert "时间：2025年" in page.locator(".bl-search__chips").inner_text()
    assert {i[:4] for i in shown_ids(page)} == {"2025"}
    page.locator("#bl-unit").fill("信访")          # part of a name: the unit whose name holds it
    wait_for_search(page, lambda: page.locator("#bl-unit").press("Enter"))
    unit = next(u for u in sample_archive.units.values() if "信访" in u.short)
    assert f"单位：{unit.short}" in page.locator(".bl-search__chips").inner_text()
    assert set(shown_ids(page)) == {i.id for i in sample_archive.items.values()
                                    if unit.id in i.units and i.date.year == 2025 and ("信访" in i.title or "信访" in i.body)}
    wait_for_search(page, lambda: page.select_option("#bl-year", ""))
    assert "from" not in parse_qs(urlsplit(page.url).query)


def test_long_filter_lists_type_ahead_and_show_whole_rows(page, sample_url, sample_archive):
    ask(page, sample_url, "?q=的")
    page.locator(".bl-search__panel > summary").click() if not page.locator(".bl-search__panel").evaluate("e => e.open") else None
    units = page.locator(".bl-facet[data-filter=unit]")
    rows = units.locator("li")
    assert rows.count() > 8
    geometry = units.locator("ul").evaluate("u => [u.clientHeight, u.querySelector('li').getBoundingClientRect().height]")
    assert abs(geometry[0] / geometry[1] - round(geometry[0] / geometry[1])) < 0.05, f"a row is cut: {geometry}"
    find = units.locator(".bl-facet__find")
    find.fill("县")
    visible = [r.inner_text() for r in rows.all() if r.is_visible()]
    assert visible and all("县" in v for v in visible)
    wait_for_search(page, lambda: find.press("Enter"))
    chosen = visible[0].split()[0]
    assert f"单位：{chosen}" in page.locator(".bl-search__chips").inner_text()
