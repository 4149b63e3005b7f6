"""The leaderboard, circular, unit and topic pages in Chromium at 1280x800 and 390x844, and printed.

Screenshots and PDFs go to test-output/ for a person to look at; the asserts are what a reader
would notice: something sticking out of the column, 得分 not on the first screen, a cut table.
"""

import subprocess

import pytest

from conftest import OUTPUT, fast_lane

SIZES = {"1280": (1280, 800), "390": (390, 844)}
PAGES = {
    "leaderboard": "leaderboard/",
    "leaderboard-month": "leaderboard/2026/05/",
    "circular": "leaderboard/2026/10/",
    "unit": "units/hongqi/",
    "unit-points": "units/qingyuan/points/2026/",
    "topic": "topics/agriculture/",
    "unit-topic": "units/hongqi/topics/safety/",
}
A4_TEXT_WIDTH_PX = round(156 / 25.4 * 96)  # GB/T 9704 text block, 156 mm, in CSS px

# Elements whose box leaves the content column. Anything inside a scroll container (the detail
# table on a phone) is skipped: the container itself is checked, and it scrolls on its own.
OVERFLOW = """() => {
  const column = document.querySelector('.md-content__inner').getBoundingClientRect();
  const inScroller = (el) => {
    for (let p = el.parentElement; p && !p.classList.contains('md-content__inner'); p = p.parentElement) {
      if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(p).overflowX)) return true;
    }
    return false;
  };
  const out = [];
  for (const el of document.querySelectorAll('.md-content__inner *')) {
    const box = el.getBoundingClientRect();
    if (!box.width || inScroller(el)) continue;
    if (box.right > column.right + 1 || box.left < column.left - 1) {
      out.push(`${el.tagName.toLowerCase()}.${el.getAttribute('class') || ''} "${(el.textContent || '').trim().slice(0, 20)}" ` +
               `${Math.round(box.left)}..${Math.round(box.right)} outside ${Math.round(column.left)}..${Math.round(column.right)}`);
    }
  }
  return out;
}"""


def open_at(browser, url, size, **options):
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN",
                                  is_mobile=size == "390", device_scale_factor=2 if size == "390" else 1, **options)
    page = context.new_page()
    response = page.goto(url, wait_until="networkidle")
    assert response.status == 200, url
    return context, page


@pytest.mark.parametrize("size", fast_lane(SIZES, {"390"}))
@pytest.mark.parametrize("name", PAGES)
def test_nothing_sticks_out_of_the_content_column(browser, sample_url, name, size):
    context, page = open_at(browser, sample_url + PAGES[name], size)
    try:
        OUTPUT.mkdir(exist_ok=True)
        page.screenshot(path=str(OUTPUT / f"{name}-{size}.png"))
        assert page.evaluate(OVERFLOW) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[size][0]
    finally:
        context.close()


def _visible_on_first_screen(page, selector):
    """The element is inside the viewport without scrolling and nothing covers or clips its centre."""
    return page.evaluate("""(selector) => {
      const el = document.querySelector(selector);
      const box = el.getBoundingClientRect();
      const inside = box.left >= 0 && box.top >= 0 && box.right <= innerWidth && box.bottom <= innerHeight;
      const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      return inside && (hit === el || el.contains(hit));
    }""", selector)


@pytest.mark.parametrize("size", fast_lane(SIZES, {"390"}))
def test_points_and_target_are_on_the_first_screen_of_the_leaderboard(browser, sample_url, size):
    context, page = open_at(browser, sample_url + "leaderboard/", size)
    try:
        first = ".bl-group .bl-board--ranking"
        for column in ("排名", "单位", "得分", "目标完成率"):
            assert _visible_on_first_screen(page, f'{first} thead th[data-col="{column}"]'), column
        # The first unit's points themselves, not just the header.
        assert _visible_on_first_screen(page, f'{first} tbody tr:first-child td[data-col="得分"]')
        # Every ranking table shows all its columns without sideways scrolling.
        widths = page.evaluate("""() => [...document.querySelectorAll('.bl-board--ranking')]
                                  .map(d => [d.scrollWidth, d.clientWidth, d.querySelector('table').getBoundingClientRect().right])""")
        column_right = page.evaluate("document.querySelector('.md-content__inner').getBoundingClientRect().right")
        assert all(scroll <= client and right <= column_right + 1 for scroll, client, right in widths), widths
        page.screenshot(path=str(OUTPUT / f"leaderboard-{size}.png"))
    finally:
        context.close()


@pytest.mark.parametrize("url", ["leaderboard/", "leaderboard/2026/10/"])
def test_tables_fit_the_a4_text_block_when_printed(browser, sample_url, url):
    """In print, every table is laid out in the 156 mm text block: no column cut, no scroller."""
    context = browser.new_context(viewport={"width": A4_TEXT_WIDTH_PX, "height": 1000}, locale="zh-CN")
    page = context.new_page()
    try:
        page.emulate_media(media="print")
        page.goto(sample_url + url, wait_until="networkidle")
        cut = page.evaluate("""() => [...document.querySelectorAll('.bl-board table')]
            .filter(t => t.getBoundingClientRect().right > document.querySelector('.md-content__inner').getBoundingClientRect().right + 1
                         || t.parentElement.scrollWidth > t.parentElement.clientWidth)
            .map(t => t.querySelector('caption') ? t.querySelector('caption').textContent : t.outerHTML.slice(0, 60))""")
        assert cut == []
        assert page.evaluate(OVERFLOW) == []
    finally:
        context.close()


def _pdftotext(pdf, *args):
    return subprocess.run(["pdftotext", "-layout", *args, str(pdf), "-"], check=True, capture_output=True, text=True).stdout


def test_printed_leaderboard_keeps_every_column(page, sample_url, sample_site):
    page.goto(sample_url + "leaderboard/", wait_until="networkidle")
    OUTPUT.mkdir(exist_ok=True)
    pdf = OUTPUT / "leaderboard-print.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True)
    text = " ".join(_pdftotext(pdf).split())
    headers = {th.get_text(strip=True) for th in sample_site.soup("leaderboard/").select(".bl-group thead th")}
    assert headers and all(header in text for header in headers), headers
    # The last column of the detail table, for the last unit of the last group, made it to paper.
    last_row = sample_site.soup("leaderboard/").select(".bl-board--details tbody tr")[-1]
    cells = [c.get_text(strip=True) for c in last_row.find_all(["th", "td"])]
    assert " ".join(c for c in cells if c) in text


def test_printed_circular_is_a_document(page, sample_url, sample_site):
    page.goto(sample_url + "leaderboard/2026/10/", wait_until="networkidle")
    pdf = OUTPUT / "circular-print.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(OUTPUT / "circular-print-page1")],
                   check=True)
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    assert "595.2 x 841.92 pts" in info or "594.96 x 841.92 pts" in info            # A4
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    first = " ".join(_pdftotext(pdf, "-f", "1", "-l", "1").split())
    for words in ("巴尔地区行政公署办公室", "巴署办信〔2026〕10号", "关于2026年10月信息采用情况的通报", "各报送单位：",
                  "2026年10月，各期刊物共刊发稿件"):
        assert words in first.replace(" ", ""), words
    last = _pdftotext(pdf, "-f", str(pages), "-l", str(pages)).replace(" ", "")
    assert "2026年10月31日" in last                                             # 落款 at the end
    assert "10月得分排名" not in _pdftotext(pdf).replace(" ", "")                    # charts stay on screen


@pytest.mark.parametrize("name", ["unit-points", "unit-topic", "topic"])
def test_new_pages_have_no_serious_accessibility_violations(page, sample_url, name):
    from conftest import ROOT
    page.goto(sample_url + PAGES[name], wait_until="networkidle")
    page.add_script_tag(path=str(ROOT / "node_modules" / "axe-core" / "axe.min.js"))
    result = page.evaluate("async () => (await axe.run(document)).violations.map(v => ({id: v.id, impact: v.impact}))")
    assert [v for v in result if v["impact"] in ("serious", "critical")] == []
