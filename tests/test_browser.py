"""The sample site in headless Chromium, served under /bulletin/ with the nginx sample's headers."""

import re
import subprocess
import urllib.error
import urllib.request
from html.parser import HTMLParser
from urllib.parse import quote, urldefrag, urljoin, urlsplit

import pytest

from conftest import OUTPUT, ROOT, fast_lane, serve

KEY_PAGES = {
    "home": "",
    "issue": "issues/zwxx/2026/3/",
    "item": "items/2026-0034/",
    "unit": "units/linshuang/",
    "topic": "topics/agriculture/",
    "leaderboard": "leaderboard/",
    "circular": "leaderboard/2026/05/",
    "search": "search/?q=棉花",
}
FAST_PAGES = {"home", "issue", "leaderboard", "search"}   # the fast lane's: the other kinds share their templates' parts
MM = 72 / 25.4  # PDF points per millimetre


def open_page(page, url, errors=None):
    if errors is not None:
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
    response = page.goto(url, wait_until="networkidle")
    assert response.status == 200, url
    return response


@pytest.mark.parametrize("name", fast_lane(KEY_PAGES, FAST_PAGES))
def test_no_request_leaves_the_server_and_nothing_breaks(page, sample_url, name):
    requests, errors = [], []
    page.on("request", lambda request: requests.append(request.url))
    open_page(page, sample_url + KEY_PAGES[name], errors)
    if name == "search":
        page.wait_for_selector(".bl-result")         # the index, its filters and fragments have loaded
    origin = sample_url.split("/bulletin/")[0]
    outside = [url for url in requests if not url.startswith((origin + "/", "data:", "blob:"))]
    assert outside == []
    assert errors == [], errors            # a CSP violation is logged as an error


def test_pages_tell_dual_engine_browsers_to_use_chromium(sample_site):
    html = sample_site.html("")
    assert '<meta name="renderer" content="webkit">' in html
    assert '<meta http-equiv="X-UA-Compatible" content="IE=edge">' in html
    assert '<html lang="zh-CN"' in html
    assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html


@pytest.mark.parametrize("name", fast_lane(KEY_PAGES, FAST_PAGES))
def test_no_serious_accessibility_violations(page, sample_url, name):
    open_page(page, sample_url + KEY_PAGES[name])
    page.add_script_tag(path=str(ROOT / "node_modules" / "axe-core" / "axe.min.js"))
    result = page.evaluate("async () => (await axe.run(document)).violations"
                           ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))")
    serious = [v for v in result if v["impact"] in ("serious", "critical")]
    assert serious == [], serious


@pytest.mark.parametrize("name", fast_lane(KEY_PAGES, FAST_PAGES))
def test_usable_on_a_phone(browser, sample_url, name):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)
    phone = context.new_page()
    open_page(phone, sample_url + KEY_PAGES[name])
    width = phone.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= 390, f"{name}: the page is {width}px wide on a 390px screen"


def _pdftotext(pdf, *args):
    return subprocess.run(["pdftotext", "-layout", *args, str(pdf), "-"], check=True, capture_output=True, text=True).stdout


def _words(pdf, page_number):
    """(xMin, yMin, xMax, yMax, text) of every word poppler finds on one page, in PDF points."""
    bbox = subprocess.run(["pdftotext", "-f", str(page_number), "-l", str(page_number), "-bbox", str(pdf), "-"],
                          check=True, capture_output=True, text=True).stdout
    found = re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', bbox)
    return [(float(a), float(b), float(c), float(d), text) for a, b, c, d, text in found]


def _pages(pdf):
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    assert re.search(r"Page size:\s+59[45]\.\d+ x 84[12]\.\d+ pts \(A4\)", info), info
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def _squashed(pdf, first, last):
    return re.sub(r"\s+", "", _pdftotext(pdf, "-f", str(first), "-l", str(last)))


PRINTED = ("zwxx", 2026, 3)   # six items over several pages, with a marking and 编辑


@pytest.fixture(scope="module")
def printed(sample_site, sample_archive):
    """The issue's PDF as the build made it, its first page as a PNG, and the issue."""
    issue = next(i for i in sample_archive.content.issues if (i.series, i.year, i.number) == PRINTED)
    pdf = sample_site.root / "issues/zwxx/2026/3/zwxx-2026-3.pdf"
    OUTPUT.mkdir(exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(OUTPUT / "issue-pdf-page1")],
                   check=True)
    return pdf, issue


def test_issue_pdf_reads_like_the_paper_bulletin(printed, sample_archive):
    pdf, issue = printed
    pages = _pages(pdf)
    assert pages >= 3, "six items run over several pages: the checks below need page breaks"
    everything = _squashed(pdf, 1, pages)
    first = _squashed(pdf, 1, 1)
    assert first.startswith(issue.marking.replace(" ", "")), "the marking line at top left"
    assert "政务信息" in first and f"第{issue.number}期" in first and "巴尔地区行政公署办公室" in first
    assert "本期目录" in first, "目录 printed for an issue of several items, on its first page"
    for item in sample_archive.issue_items(issue):
        assert everything.count(item.title) >= 2, f"{item.title}: in 目录 and above the item"
    assert "往期刊物" not in everything and "上一期" not in everything and "下载本期" not in everything, "no site chrome"
    last = _squashed(pdf, pages, pages)
    distribution = sample_archive.distribution(issue)
    assert all(f"{label}：{line}" in last for label, line in distribution.items()), "版记 on the last page"
    assert f"巴尔地区行政公署办公室{issue.date.year}年{issue.date.month}月{issue.date.day}日印发" in last
    assert f"共印{issue.copies}份" in last
    assert last.index("报：") > 0, "版记 follows the last lines of text, never alone on a page"


def test_issue_pdf_keeps_the_gbt_9704_text_block_and_page_numbers(printed):
    _text_block_and_folios(printed[0])


def _text_block_and_folios(pdf):
    block_top, block_bottom = 37 * MM, (37 + 225) * MM
    for number in range(1, _pages(pdf) + 1):
        words = _words(pdf, number)
        middle = [(w[1] + w[3]) / 2 for w in words]   # poppler's boxes span the font's ascent and descent
        text = [w for w, y in zip(words, middle) if y < block_bottom]
        foot = [w for w, y in zip(words, middle) if y > block_bottom]
        binding, outer = (28, 26) if number % 2 else (26, 28)   # printed on both sides: mirrored margins
        assert min(w[0] for w in text) >= binding * MM - 1, number
        assert max(w[2] for w in text) <= (210 - outer) * MM + 1, number
        assert min((w[1] + w[3]) / 2 for w in text) >= block_top, number
        # "— N —" in 4号, 7 mm under the block, one character in from the outer edge: right on odd pages
        assert "".join(w[4] for w in foot) == f"—{number}—", number
        centre = sum((w[1] + w[3]) / 2 for w in foot) / len(foot)
        assert block_bottom + 7 * MM < centre < block_bottom + 17 * MM, number
        if number % 2:
            assert abs(max(w[2] for w in foot) - ((210 - 26) * MM - 14)) < 3, number
        else:
            assert abs(min(w[0] for w in foot) - (26 * MM + 14)) < 3, number


# The 22 lines of 28 characters: tests/test_paper.py, on every issue's PDF.


def test_no_title_is_stranded_at_a_page_foot(printed, sample_archive):
    pdf, issue = printed
    pages = [_squashed(pdf, n, n) for n in range(1, _pages(pdf) + 1)]
    for item in sample_archive.issue_items(issue):
        # the title above the item (the last occurrence: the first is in 目录) shares its page with the body's start
        page = max(n for n, text in enumerate(pages) if item.title in text)
        opening = re.sub(r"\s+", "", item.body.split("\n")[0])[:8]
        assert opening in pages[page], f"{item.title} on page {page + 1} without its first lines"


def test_the_pdf_and_printing_the_page_keep_one_design(printed, page, sample_url):
    """The reader's 打印 (bulletin.css, @media print) and the build's PDF (Typst) share the
    measurements (tests/test_paper.py compares them): printing the page gives the same A4 text
    block, mirrored margins and "— N —" at the outer edge, and the same text."""
    pdf, _ = printed
    open_page(page, sample_url + KEY_PAGES["issue"])
    OUTPUT.mkdir(exist_ok=True)
    printed_here = OUTPUT / "issue-print.pdf"
    page.pdf(path=str(printed_here), prefer_css_page_size=True, print_background=True)
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", str(printed_here),
                    str(OUTPUT / "issue-print-page1")], check=True)
    _text_block_and_folios(printed_here)
    squash = lambda text: re.sub(r"—\d+—", "", text)
    assert squash(_squashed(printed_here, 1, _pages(printed_here))) .count("。") == squash(_squashed(pdf, 1, _pages(pdf))).count("。")
    link = page.locator(".bl-pdf a")
    assert link.get_attribute("href") == "zwxx-2026-3.pdf"
    assert page.request.get(sample_url + KEY_PAGES["issue"] + "zwxx-2026-3.pdf").body()[:5] == b"%PDF-"


def test_item_page_prints_without_site_chrome(page, sample_url):
    open_page(page, sample_url + KEY_PAGES["item"])
    OUTPUT.mkdir(exist_ok=True)
    pdf = OUTPUT / "item-print.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True)
    text = re.sub(r"\s+", "", _pdftotext(pdf, "-f", "1", "-l", "1"))
    assert "当前行署人社局零就业家庭帮扶亟待加强" in text
    assert "往期刊物" not in text and "上一篇" not in text


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") in ("canonical", "alternate"):
            return
        for name in ("href", "src"):
            if attrs.get(name):
                self.urls.append(attrs[name])


def test_every_internal_link_and_asset_resolves_under_the_sub_path(sample_site, sample_url):
    origin = sample_url.split("/bulletin/")[0]
    checked, broken = {}, []
    for path in sample_site.pages():
        page_url = sample_url + str(path.relative_to(sample_site.root)).removesuffix("index.html")
        parser = _Links()
        parser.feed(path.read_text(encoding="utf-8"))
        for link in parser.urls:
            target = urldefrag(urljoin(page_url, link)).url
            if not target.startswith(origin) and urlsplit(target).scheme in ("http", "https"):
                broken.append((page_url, link, "another host"))
                continue
            if not target.startswith(origin):
                continue
            if target not in checked:
                try:
                    checked[target] = urllib.request.urlopen(quote(target, safe=":/?=&%")).status  # as a browser encodes it
                except urllib.error.HTTPError as error:
                    checked[target] = error.code
            if checked[target] != 200 or not target.startswith(sample_url):
                broken.append((page_url, link, checked[target]))
    assert len(checked) > 300
    assert broken == []


def test_hostile_content_runs_nothing_in_the_browser(browser, hostile_site):
    server, url = serve(hostile_site.root)
    context = browser.new_context()
    tab = context.new_page()
    dialogs = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        for path in ("", "items/2026-0001/", "issues/zwxx/2026/1/", "units/linshuang/", "topics/agriculture/", "leaderboard/"):
            tab.goto(url + path, wait_until="networkidle")
            if path.startswith("items/"):
                tab.get_by_text("点我").click()        # the div that carried onclick= in the content
            assert tab.locator("iframe, object, embed").count() == 0, path
        assert dialogs == []
    finally:
        context.close()
        server.shutdown()


# -- reading on a monitor and a phone -----------------------------------------------------------------

SCREENS = {"1280": {"width": 1280, "height": 800}, "390": {"width": 390, "height": 844}}
LAYOUT_PAGES = {"issue": KEY_PAGES["issue"], "item": KEY_PAGES["item"], "home": "", "archive": "archive/2026/",
                "issues": "issues/", "month": "archive/2026/03/"}

# Elements inside the content column that stick out of it (scrolling boxes, e.g. wide tables, are fine:
# their overflow scrolls inside them), and text set under 14 px (charts' SVG labels aside).
LAYOUT_PROBLEMS = """() => {
  const content = document.querySelector('.md-content'), column = content.getBoundingClientRect();
  const scrolls = el => { for (let p = el.parentElement; p && p !== content; p = p.parentElement) {
    if (/(auto|scroll|hidden)/.test(getComputedStyle(p).overflowX)) return true; } return false; };
  const out = [], small = [];
  for (const el of document.querySelectorAll('.md-content *')) {
    const box = el.getBoundingClientRect();
    if (!box.width || el.closest('svg')) continue;
    if ((box.right > column.right + 1 || box.left < column.left - 1) && !scrolls(el)) out.push(el.outerHTML.slice(0, 80));
    const text = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (text && parseFloat(getComputedStyle(el).fontSize) < 14) small.push(el.outerHTML.slice(0, 80));
  }
  return {out, small, page: document.documentElement.scrollWidth};
}"""


@pytest.fixture(params=fast_lane(SCREENS, {"390"}))
def screen(request, browser):
    size = SCREENS[request.param]
    phone = size["width"] < 500
    context = browser.new_context(viewport=size, locale="zh-CN", device_scale_factor=2 if phone else 1, is_mobile=phone)
    yield request.param, context.new_page()
    context.close()


@pytest.mark.parametrize("name", LAYOUT_PAGES)
def test_content_fits_its_column_and_reads_at_14_px(screen, sample_url, name):
    width, tab = screen
    open_page(tab, sample_url + LAYOUT_PAGES[name])
    problems = tab.evaluate(LAYOUT_PROBLEMS)
    assert problems["page"] <= int(width), f"{name} at {width}: the page is {problems['page']} px wide"
    assert problems["out"] == [], problems["out"]
    assert problems["small"] == [], problems["small"]
    if name != "home":
        crumbs = tab.locator(".bl-crumbs")
        assert crumbs.is_visible() and crumbs.locator("li").first.inner_text() == "首页"
        box = crumbs.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= int(width)
    if name in ("issue", "home", "issues"):   # to be judged by eye: the first screen, and the whole page
        OUTPUT.mkdir(exist_ok=True)
        tab.screenshot(path=str(OUTPUT / f"{name}-{width}.png"))
        tab.screenshot(path=str(OUTPUT / f"{name}-{width}-full.png"), full_page=True)


def test_previous_and_next_issue_sit_side_by_side_above_the_issue_on_a_phone(screen, sample_url):
    width, tab = screen
    open_page(tab, sample_url + KEY_PAGES["issue"])
    top = tab.locator("nav.bl-adjacent--issues").first
    before, after = top.locator('[rel="prev"]').bounding_box(), top.locator('[rel="next"]').bounding_box()
    masthead = tab.locator(".bl-masthead").bounding_box()
    assert abs(before["y"] - after["y"]) < 1, "one row"
    assert before["y"] + before["height"] <= masthead["y"], "above the issue"
    assert after["x"] + after["width"] <= int(width), "inside the screen"
    assert before["height"] >= 40 or width == "1280", "a thumb-sized target on a phone"
    assert top.locator('[rel="prev"]').inner_text().startswith("‹ 上一期")


def test_not_found_page_is_chinese_and_styled_at_any_depth(page, sample_url, sample_site):
    # nginx answers a missing URL with 404.html's content at that URL (error_page): so does this route
    missing = sample_url + "issues/zwxx/1999/no-such-issue/"
    body = sample_site.html("404.html")
    page.route(missing, lambda route: route.fulfill(status=404, body=body, content_type="text/html; charset=utf-8"))
    response = page.goto(missing, wait_until="networkidle")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "未找到该页面"
    # the stylesheet loaded: Material's header is a fixed red bar, not an unstyled list
    assert page.locator("header.md-header").evaluate("h => getComputedStyle(h).position") in ("sticky", "fixed")
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / "404.png"))
    page.locator("a", has_text="查看往期刊物").click()
    assert page.url == sample_url + "issues/"
