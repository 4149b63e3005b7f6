"""The sample site in headless Chromium, served under /bulletin/ with the nginx sample's headers."""

import re
import subprocess
import urllib.error
import urllib.request
from html.parser import HTMLParser
from urllib.parse import quote, urldefrag, urljoin, urlsplit

import pytest

from conftest import OUTPUT, ROOT, serve

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
MM = 72 / 25.4  # PDF points per millimetre


def open_page(page, url, errors=None):
    if errors is not None:
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
    response = page.goto(url, wait_until="networkidle")
    assert response.status == 200, url
    return response


@pytest.mark.parametrize("name", KEY_PAGES)
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


@pytest.mark.parametrize("name", KEY_PAGES)
def test_no_serious_accessibility_violations(page, sample_url, name):
    open_page(page, sample_url + KEY_PAGES[name])
    page.add_script_tag(path=str(ROOT / "node_modules" / "axe-core" / "axe.min.js"))
    result = page.evaluate("async () => (await axe.run(document)).violations"
                           ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))")
    serious = [v for v in result if v["impact"] in ("serious", "critical")]
    assert serious == [], serious


@pytest.mark.parametrize("name", KEY_PAGES)
def test_usable_on_a_phone(browser, sample_url, name):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)
    phone = context.new_page()
    open_page(phone, sample_url + KEY_PAGES[name])
    width = phone.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= 390, f"{name}: the page is {width}px wide on a 390px screen"


def _pdftotext(pdf, *args):
    return subprocess.run(["pdftotext", "-layout", *args, str(pdf), "-"], check=True, capture_output=True, text=True).stdout


def test_issue_prints_on_a4_like_the_paper_bulletin(page, sample_url, sample_archive):
    issue = next(i for i in sample_archive.content.issues if (i.series, i.year, i.number) == ("zwxx", 2026, 3))
    open_page(page, sample_url + KEY_PAGES["issue"])
    OUTPUT.mkdir(exist_ok=True)
    pdf = OUTPUT / "issue-print.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(OUTPUT / "issue-print-page1")], check=True)

    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    assert re.search(r"Page size:\s+59[45]\.\d+ x 84[12]\.\d+ pts \(A4\)", info), info
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    first = _pdftotext(pdf, "-f", "1", "-l", "1")
    squashed = re.sub(r"\s+", "", first)
    assert "政务信息" in squashed and f"第{issue.number}期" in squashed and "巴尔地区行政公署办公室" in squashed
    assert "-1-" in squashed, "page number - 1 - at the foot"
    assert "往期刊物" not in squashed and "搜索" not in squashed, "site chrome does not print"
    last = re.sub(r"\s+", "", _pdftotext(pdf, "-f", str(pages), "-l", str(pages)))
    assert "报：自治区人民政府办公厅" in last and f"共印{issue.copies}份" in last

    # every word of the text block stands inside the GB/T 9704 margins: 37 mm top, 28 mm left, 156 x 225 mm.
    # poppler's boxes are exact across but span the font's whole ascent and descent, so rows are judged by their centre.
    bbox = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    words = [tuple(float(v) for v in m) for m in re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"', bbox)]
    middle = [(w[1] + w[3]) / 2 for w in words]
    block = [w for w, y in zip(words, middle) if y < (37 + 225) * MM]
    assert block, "no text on page 1"
    assert min(w[0] for w in block) >= 28 * MM - 1
    assert max(w[2] for w in block) <= (28 + 156) * MM + 1
    assert min(middle) >= 37 * MM
    assert max(y for y in middle if y < (37 + 225) * MM) > 200 * MM, "the text block runs down the page"
    assert (OUTPUT / "issue-print-page1.png").stat().st_size > 10_000


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


def test_hostile_content_runs_nothing_in_the_browser(browser, tmp_path):
    import shutil
    from conftest import MINIMAL, build_site
    from hostile import make_hostile
    shutil.copytree(MINIMAL, tmp_path / "content")
    make_hostile(tmp_path / "content")
    site = build_site(tmp_path / "content", tmp_path / "site")
    server, url = serve(site)
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
