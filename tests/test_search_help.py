"""What the 检索 page offers besides matches (issue 31): an issue found by its number, a misspelt word
answered with the archive's own spelling, and the id, 文号 and 期号 shortcuts answered without a
"没有找到" above the answer. In headless Chromium on the sample, like tests/test_search.py."""

import pytest

from conftest import OUTPUT
from test_search import ask, containing, help_lines, shown_ids, status, wait_for_search
from testsupport import search_quality

# The sample's 《政务信息》 number 16 of each year: 2025's is 总第315期 (300 issues before the sample
# began, 15 in 2025 before it), 2026's 总第331期 (315 + 15 issues of 2026 before it; 增刊 not counted).
ZWXX_16 = {"2026": ("《政务信息》2026年第16期（总第331期）", "/issues/zwxx/2026/16/"),
           "2025": ("《政务信息》2025年第16期（总第315期）", "/issues/zwxx/2025/16/")}


def help_links(page):
    return [(a.inner_text(), a.get_attribute("href")) for a in page.locator(".bl-search__help a").all()]


@pytest.mark.parametrize("query, years", [
    ("第16期", ["2026", "2025"]), ("2026年第16期", ["2026"]), ("总第331期", ["2026"]),
    ("第十六期", ["2026", "2025"]), ("《政务信息》2025年第十六期", ["2025"]), ("2026年16期", ["2026"]),
    ("总第三百三十一期", ["2026"])])
def test_an_issue_is_found_by_its_number(page, sample_url, query, years):
    ask(page, sample_url, f"?q={query}")
    assert not status(page).startswith("没有找到"), status(page)
    lines = help_lines(page)
    assert lines == [ZWXX_16[y][0] for y in years], lines
    assert [href.split("/bulletin")[-1] for _, href in help_links(page)] == [ZWXX_16[y][1] for y in years]


def test_searching_issues_by_number_lists_the_issue_itself(page, sample_url):
    ask(page, sample_url, "?q=第16期&kind=期刊")
    hrefs = [a.get_attribute("href") for a in page.locator(".bl-result__title").all()]
    assert sorted(h.split("/bulletin")[-1] for h in hrefs) == sorted(link for _, link in ZWXX_16.values())
    ask(page, sample_url, "?q=总第331期&kind=期刊")
    assert [a.get_attribute("href").split("/bulletin")[-1] for a in page.locator(".bl-result__title").all()] == [ZWXX_16["2026"][1]]
    ask(page, sample_url, "?q=第1期&kind=期刊")   # not 第16期 nor 第11期: the number as a whole (增刊第1期 holds it)
    numbers = {a.inner_text() for a in page.locator(".bl-result__title").all()}
    assert numbers == {"《政务信息》2025年第1期", "《政务信息》2026年第1期", "《情况反映》2025年第1期", "《情况反映》2026年第1期",
                       "《政务信息》2026年增刊第1期"}


@pytest.mark.parametrize("query", ["第99期", "二期", "16期"])   # no such issue; a project's 二期; a bare number
def test_what_cites_no_issue_is_not_an_answer(page, sample_url, query):
    ask(page, sample_url, f"?q={query}")
    assert help_lines(page) == [] and status(page).startswith("没有找到")


@pytest.mark.parametrize("query, answer", [("2025-0003", "稿件编号"), ("〔2026〕10号", "文号"), ("巴署办信〔2026〕10号", "文号")])
def test_a_shortcut_never_says_not_found_above_its_answer(page, sample_url, query, answer):
    ask(page, sample_url, f"?q={query}")
    assert status(page).startswith(f"按{answer}找到"), status(page)
    assert "没有找到" not in status(page)
    assert len(help_links(page)) == 1


def test_a_misspelt_word_gets_the_archives_spelling(page, sample_url, sample_archive):
    ask(page, sample_url, "?q=防讯")
    assert status(page).startswith("没有找到")
    flood = containing(sample_archive, "防汛")
    assert help_lines(page)[0] == f"您要找的是不是：防汛（{len(flood)} 条）"
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 800})
        (OUTPUT / "search").mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(OUTPUT / "search" / f"did-you-mean-{width}.png"))
    wait_for_search(page, lambda: page.locator(".bl-search__help a[data-q]").first.click())
    assert page.locator("#bl-q").input_value() == "防汛" and set(shown_ids(page)) == flood
    ask(page, sample_url, "?q=防讯工作")   # the spelling mended, and the words the archive has apart
    both = containing(sample_archive, "防汛", "工作")
    assert help_lines(page)[0] == f"您要找的是不是：防汛 工作（{len(both)} 条）"
    ask(page, sample_url, "?q=防讯 乡镇")   # one word of two misspelt: 乡镇 alone finds some, none has both
    assert status(page).startswith("找到 0 条同时包含全部词语的结果")
    assert help_lines(page)[0] == f"您要找的是不是：防汛 乡镇（{len(containing(sample_archive, '防汛', '乡镇'))} 条）"


def test_a_word_the_archive_has_is_never_respelt(page, sample_url):
    ask(page, sample_url, "?q=信访")
    assert help_lines(page) == []


@pytest.fixture(scope="module")
def respelt(sample_site, sample_archive, browser):
    return search_quality.did_you_mean(sample_site.root, sample_archive, browser)


def test_typos_are_mended_and_correct_words_left_alone(respelt, sample_archive):
    truth = search_quality.Truth(sample_archive)
    print(search_quality.did_you_mean_report(respelt))
    assert all(truth(word) and not truth(typo) for typo, word, _ in respelt["typos"]), "the list's own premise"
    # measured on the sample: 42 of 45 mended (尾矿苦: 矿库 stands in one text only; 高压锅妒 and 专项行功:
    # a different sound at a word's end), none to a wrong word
    assert len(respelt["typos"]) == 45 and len(respelt["fixed"]) >= 42 and respelt["wrong"] == []
    # 384 correct words, 160 of them in no item of the sample (where the page offers a respelling):
    # measured 1 respelt (县委 -> 县围, 县围 stands in 18 texts: 林双县围绕…)
    assert len(respelt["absent"]) >= 150 and len(respelt["corrected"]) <= 1
    assert all(not found for _, found, _ in respelt["corrected"]), "a word the archive has is never respelt"
