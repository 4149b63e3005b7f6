"""Search in headless Chromium on the sample, served under /bulletin/: Pagefind with filters and sort."""

from urllib.parse import parse_qs, urlsplit

import search_recall


def results(page):
    page.wait_for_selector(".bl-search__status:not(:text('正在载入'))")
    return [a.inner_text() for a in page.locator(".bl-result .bl-row__title").all()]


def status(page):
    return page.locator(".bl-search__status").inner_text()


def test_chinese_recall_on_the_sample_is_at_least_95_percent(sample_site, sample_archive, browser):
    result = search_recall.measure(sample_site.root, sample_archive, browser)
    missed = [r for r in result["words"] if r["found"] < r["expected"]]
    print(f"recall {result['recall']:.1%} over {len(result['words'])} words; missed: {missed}")
    assert len(result["words"]) >= 25
    assert result["recall"] >= 0.95


def test_query_then_unit_filter_narrows_the_results(page, sample_url, sample_archive):
    page.goto(sample_url + "search/", wait_until="networkidle")
    page.fill("#bl-q", "信访")
    page.click(".bl-search__form button")
    page.wait_for_selector(".bl-result")
    titles = results(page)
    expected = {i.title for i in sample_archive.items.values() if "信访" in i.title or "信访" in i.body}
    assert titles and set(titles) & expected
    before = int(status(page).split()[1])
    assert before >= len(expected)

    unit_box = page.locator(".bl-facet[data-filter='unit'] label", has_text="信访局").locator("input")
    count = int(page.locator(".bl-facet[data-filter='unit'] label", has_text="信访局").locator(".bl-count").inner_text())
    unit_box.check()
    page.locator(".bl-search__status", has_text=f"找到 {count} 条").wait_for()   # no eval: the CSP forbids it
    assert count < before
    filtered = results(page)
    xinfang = {i.title for i in sample_archive.items.values() if "xinfang" in i.units}
    assert filtered and set(filtered) <= xinfang

    query = parse_qs(urlsplit(page.url).query)
    assert query == {"q": ["信访"], "unit": ["信访局"]}
    page.reload(wait_until="networkidle")           # a bookmarked search comes back the same
    page.wait_for_selector(".bl-result")
    assert results(page) == filtered
    assert page.locator(".bl-facet[data-filter='unit'] input[value='信访局']").is_checked()


def test_results_show_unit_date_issue_and_marked_excerpt(page, sample_url, sample_archive):
    page.goto(sample_url + "search/?q=锅炉", wait_until="networkidle")
    page.wait_for_selector(".bl-result")
    first = page.locator(".bl-result").first
    link = first.locator("a").get_attribute("href")
    item = sample_archive.items[link.rstrip("/").split("/")[-1]]
    meta = first.locator(".bl-row__meta").inner_text()
    assert sample_archive.unit_name(item.unit) in meta
    assert f"{item.date.year}年{item.date.month}月{item.date.day}日" in meta
    assert "锅炉" in first.locator(".bl-result__excerpt mark").first.inner_text()
    assert link.startswith("/bulletin/items/")


def test_sort_by_date_puts_the_newest_first(page, sample_url, sample_archive):
    page.goto(sample_url + "search/?q=信访&sort=date&kind=稿件", wait_until="networkidle")
    page.wait_for_selector(".bl-result")
    ids = [a.get_attribute("href").rstrip("/").split("/")[-1] for a in page.locator(".bl-result a").all()]
    dates = [sample_archive.items[i].date for i in ids]
    assert dates == sorted(dates, reverse=True) and len(dates) > 3
    assert page.locator("#bl-sort").input_value() == "date"


def test_issues_are_a_second_kind_of_result(page, sample_url):
    page.goto(sample_url + "search/?q=情况反映&kind=期刊", wait_until="networkidle")
    page.wait_for_selector(".bl-result")
    titles = results(page)
    assert titles and all(t.startswith("《情况反映》") for t in titles)


def test_header_search_box_leads_to_the_search_page(page, sample_url):
    page.goto(sample_url + "units/", wait_until="networkidle")
    page.fill(".bl-header-search input", "防汛")
    page.press(".bl-header-search input", "Enter")
    page.wait_for_selector(".bl-result")
    assert urlsplit(page.url).path == "/bulletin/search/"
    assert page.locator("#bl-q").input_value() == "防汛"
