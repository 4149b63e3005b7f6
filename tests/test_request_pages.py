"""The 约稿 pages (issue 22), read as a reader sees them: who answered each of the sample's requests
on time, late or not at all (worked out by hand from the sample's files, written here as literals),
the open request on the home page, the item and unit pages' mentions, the index's order and its
pages; an office without requests sees no 约稿 on its home page, and a request's text is made safe."""

import shutil
from datetime import date, timedelta
from urllib.parse import urljoin

import pytest

from conftest import MINIMAL, OUTPUT, ROOT, SITE_URL, build_site, fast_lane

# By hand, from tests/fixtures/sample/requests/2026/*.yml and the items naming them (all approved):
# 2026-yd03 (4 units, due 3月12日): 林双县 by 2026-0019 on 3月11日; 塔河县 and 青原县 by the joint item
#   2026-0020 on 3月14日, two days late; 农业农村局 nothing.
# 2026-yd06 (5 departments, due 6月20日): 生态环境局 2026-0039 (6月7日), 人社局 2026-0040 (6月12日),
#   农业农村局 2026-0041 (6月15日) on time; 应急管理局 2026-0053 on 7月31日, 41 days late; 商务局 nothing.
# 2026-yd11 (units: all, issued 11月10日, due 11月30日, open on the build date 11月25日): every unit of
#   units.yml but 安监局 (until 2025-06-30) existed on 11月10日: 15 units; 新华街道 (2026-0082) and
#   阿山县 (2026-0083) have answered, the other 13 not yet.
EXPECTED = {
    "2026-yd03": {"按时报送": ["林双县"], "逾期报送": ["塔河县", "青原县"], "未报送": ["农业农村局"]},
    "2026-yd06": {"按时报送": ["农业农村局", "人社局", "生态环境局"], "逾期报送": ["应急管理局"], "未报送": ["商务局"]},
    "2026-yd11": {"按时报送": ["阿山县", "新华街道"],
                  "尚未报送": ["巴尔市", "林双县", "塔河县", "青原县", "金沙县", "农业农村局", "商务局", "人社局",
                           "生态环境局", "信访局", "应急管理局", "城关镇", "红旗乡"]},
}
TITLES = {"2026-yd03": "关于报送春耕备耕工作情况的约稿", "2026-yd06": "关于报送汛期防灾减灾和安全生产工作情况的约稿",
          "2026-yd11": "关于报送冬季防寒防雪灾工作情况的约稿"}


def squash(text):
    return " ".join(text.split())


def target(page_url, href):
    """The site-relative URL a link on `page_url` leads to."""
    return urljoin(SITE_URL + page_url, href).split("#")[0].removeprefix(SITE_URL)


def outcomes(site, request_id):
    """Each outcome's heading (without its count) -> the unit names listed under it, as shown."""
    soup = site.soup(f"requests/{request_id}/")
    shown = {}
    for section in soup.select("section.bl-outcome"):
        heading = section.h2.contents[0].strip()
        shown[heading] = [a.get_text(strip=True) for a in section.select(".bl-answers__unit, .bl-chips a")]
    return shown


@pytest.mark.parametrize("request_id", EXPECTED)
def test_a_request_page_lists_each_asked_unit_under_its_outcome(sample_site, request_id):
    assert outcomes(sample_site, request_id) == EXPECTED[request_id]
    for section in sample_site.soup(f"requests/{request_id}/").select("section.bl-outcome"):
        for a in section.select(".bl-answers__unit, .bl-chips a"):
            assert target(f"requests/{request_id}/", a["href"]).startswith("units/")


def test_a_decided_request_page_gives_its_dates_state_counts_and_answers(sample_site):
    text = sample_site.text("requests/2026-yd03/")
    assert "约稿日期 2026年3月2日 · 报送期限 2026年3月12日 · 已截止" in text
    assert "应报4个单位，按时1，逾期2，未报1" in text
    assert "请以上单位围绕春耕备耕、农资供应和农业产业化项目进展" in text
    soup = sample_site.soup("requests/2026-yd03/")
    assert [a.get_text() for a in soup.select(".bl-request__topics a")] == ["农业产业化"]
    late = soup.select_one("section.bl-outcome--late")
    rows = [squash(li.get_text()) for li in late.select(".bl-answers li")]
    assert rows == ["塔河县：塔河县农企利益联结存在的问题及对策 （2026年3月14日，逾期2天）",
                    "青原县：塔河县农企利益联结存在的问题及对策 （2026年3月14日，逾期2天）"]
    assert {target("requests/2026-yd03/", a["href"]) for a in late.select(".bl-answers__item a")} == {"items/2026-0020/"}
    on_time = squash(soup.select_one("section.bl-outcome--on_time").get_text())
    assert "林双县：" in on_time and "2026年3月11日" in on_time and "逾期" not in on_time
    # groups are shown: the request asked counties and a department
    assert [h3.get_text() for h3 in soup.select("section.bl-outcome h3")] == ["县市区", "县市区", "行署部门"]
    late = sample_site.soup("requests/2026-yd06/").select_one("section.bl-outcome--late li")
    assert squash(late.get_text()) == "应急管理局：行署应急管理局森林草原防火后期走势分析 （2026年7月31日，逾期41天）"
    # a request of one group names none
    assert sample_site.soup("requests/2026-yd06/").select("section.bl-outcome h3") == []


def test_the_open_request_says_it_is_open_and_how_long_is_left(sample_site):
    text = sample_site.text("requests/2026-yd11/")
    assert "报送期限 2026年11月30日 · 进行中 （还剩5天）" in text
    assert "应报15个单位，已报2，尚未报送13" in text
    # nobody has missed a request that is not due yet
    assert sample_site.soup("requests/2026-yd11/").select("section.bl-outcome--missed") == []


def test_the_home_page_lists_the_open_request_with_answered_so_far(sample_site):
    soup = sample_site.soup("")
    section = soup.select_one(".bl-open-requests")
    assert section.h2.get_text() == "正在约稿"
    rows = section.select("li.bl-row")
    assert len(rows) == 1
    assert squash(rows[0].get_text()) == "关于报送冬季防寒防雪灾工作情况的约稿 报送期限 2026年11月30日 · 还剩5天 · 已报 2/15"
    assert target("", rows[0].a["href"]) == "requests/2026-yd11/"
    home = sample_site.text("")
    for decided in ("2026-yd03", "2026-yd06"):
        assert TITLES[decided] not in home
    # below the leader's months: 本月 and 上月 come first
    order = [s.get("class")[0] for s in soup.select(".md-content section.bl-month, .md-content section.bl-open-requests")]
    assert order == ["bl-month", "bl-month", "bl-open-requests"]


def test_an_answering_item_says_which_request_it_answers(sample_site):
    def answered(url):
        soup = sample_site.soup(url)
        row = next((tr for tr in soup.select(".bl-facts tr") if tr.th.get_text() == "答复约稿"), None)
        return row and (squash(row.td.get_text()), target(url, row.td.a["href"]))
    assert answered("items/2026-0020/") == ("关于报送春耕备耕工作情况的约稿（逾期2天）", "requests/2026-yd03/")
    assert answered("items/2026-0019/") == ("关于报送春耕备耕工作情况的约稿", "requests/2026-yd03/")
    assert answered("items/2026-0082/") == ("关于报送冬季防寒防雪灾工作情况的约稿", "requests/2026-yd11/")
    assert answered("items/2026-0034/") is None


def test_a_unit_page_lists_its_requests_with_its_answer(sample_site):
    soup = sample_site.soup("units/nongye/")
    rows = [(squash(li.a.get_text()), li.select_one(".bl-outcome-label").get_text(), target("units/nongye/", li.a["href"]))
            for li in soup.select(".bl-unit-requests li")]
    assert rows == [(TITLES["2026-yd11"], "尚未报送", "requests/2026-yd11/"),
                    (TITLES["2026-yd06"], "按时报送", "requests/2026-yd06/"),
                    (TITLES["2026-yd03"], "未报送", "requests/2026-yd03/")]
    assert "共约稿 3 次：按时报送1次，未报送1次，尚未报送1次" in sample_site.text("units/nongye/")
    tahe = [li.select_one(".bl-outcome-label").get_text() for li in sample_site.soup("units/tahe/").select(".bl-unit-requests li")]
    assert tahe == ["尚未报送", "逾期报送（逾期2天）"]
    # a unit never asked (安监局 was dissolved before any request) has no such section
    assert sample_site.soup("units/anjian/").select(".bl-unit-requests") == []
    # later pages of a unit's listing do not repeat it
    assert not sample_site.path("units/nongye/page/2/").exists() or not sample_site.soup("units/nongye/page/2/").select(".bl-unit-requests")


def test_the_index_lists_open_requests_first_then_newest_first(sample_site):
    soup = sample_site.soup("requests/")
    assert [squash(h2.get_text()) for h2 in soup.select(".md-content h2")] == ["进行中", "2026年"]
    links = [(a.get_text(), target("requests/", a["href"])) for a in soup.select(".bl-request-row .bl-row__title")]
    assert links == [(TITLES[r], f"requests/{r}/") for r in ("2026-yd11", "2026-yd06", "2026-yd03")]
    metas = [squash(m.get_text()) for m in soup.select(".bl-request-row .bl-row__meta")]
    assert metas == ["报送期限 2026年11月30日 · 进行中（还剩5天） · 应报15个单位，已报2，尚未报送13",
                     "报送期限 2026年6月20日 · 已截止 · 应报5个单位，按时3，逾期1，未报1",
                     "报送期限 2026年3月12日 · 已截止 · 应报4个单位，按时1，逾期2，未报1"]


def test_the_request_pages_sit_under_the_index_in_the_sidebar_and_trail(sample_site):
    for url in ("requests/", "requests/2026-yd03/"):
        soup = sample_site.soup(url)
        assert [squash(li.a.get_text()) for li in soup.select(".md-nav--primary li.md-nav__item--active")] == ["约稿"]
    assert [squash(li.get_text()) for li in sample_site.soup("requests/2026-yd03/").select(".bl-crumbs li")] == [
        "首页", "约稿", TITLES["2026-yd03"]]


# -- the plan, without a build: pagination and edge days --------------------------------------------

def _plan(content_dir, requests, today):
    from bulletin.archive import Archive
    from bulletin.content.load import load_content
    from bulletin.cycle.scoring import Leaderboard
    from bulletin.site.plan import plan_site
    content = load_content(content_dir)
    content.requests.update({r.id: r for r in requests})
    archive = Archive(content)
    return plan_site(archive, Leaderboard(archive, today), today).pages


def test_a_long_archive_of_requests_is_paginated_with_its_years_continued():
    from bulletin.model import Request
    from bulletin.site.pages.spec import PAGE_SIZE
    # 130 requests, one a fortnight over five years, the last one still open
    start = date(2021, 1, 4)
    requests = [Request(f"r{n:03d}", f"第{n}次约稿", start + timedelta(days=14 * n), start + timedelta(days=14 * n + 10), "x.yml")
                for n in range(130)]
    today = requests[-1].date + timedelta(days=3)
    pages = _plan(MINIMAL, requests, today)
    index = [pages[key] for key in ("requests/index.md", "requests/page/2/index.md", "requests/page/3/index.md")]
    assert "requests/page/4/index.md" not in pages and all(f"requests/r{n:03d}/index.md" in pages for n in range(130))
    shown = [row.request.id for page in index for *_, rows in page.context["sections"] for row in rows]
    assert shown == ["r129"] + [f"r{n:03d}" for n in range(128, -1, -1)]
    assert [len([r for *_, rows in page.context["sections"] for r in rows]) for page in index] == [PAGE_SIZE, PAGE_SIZE, 30]
    first = [(heading, continued) for heading, _, continued, _ in index[0].context["sections"]]
    assert first[0] == ("进行中", False)
    second = [(heading, continued) for heading, _, continued, _ in index[1].context["sections"]]
    assert second[0][1] is True, "a year carried over from page 1 says （续）"
    assert index[1].title == "约稿（第2页）" and index[1].context["crumbs"][-1] == ("第2页", "requests/page/2/")
    assert pages["index.md"].context["open_requests"][0].request.id == "r129"


def test_a_request_due_today_is_still_open_and_due_yesterday_is_not():
    from bulletin.model import Request
    due = date(2026, 11, 25)
    requests = [Request("today", "今天截止的约稿", date(2026, 11, 1), due, "x.yml"),
                Request("yesterday", "昨天截止的约稿", date(2026, 11, 1), due - timedelta(days=1), "x.yml")]
    pages = _plan(MINIMAL, requests, due)
    rows = pages["index.md"].context["open_requests"]
    assert [(row.request.id, row.left, row.state) for row in rows] == [("today", "今天截止", "进行中")]
    assert pages["requests/yesterday/index.md"].context["row"].state == "已截止"


# -- an office without requests, and one whose request text carries HTML -------------------------

@pytest.fixture(scope="module")
def plain_site(minimal_site):
    return minimal_site


HOSTILE_TEXT = ('请各单位报送。<script>alert(1)</script><img src="http://evil.example/x.png" onerror="alert(2)">'
                '<a href="javascript:alert(3)">点此</a>\n\n**重点**报送防汛情况。\n')


@pytest.fixture(scope="module")
def requested_site(tmp_path_factory):
    """The minimal office with one request to all units, open on the build date (2026-11-25),
    answered by 2026-0001 (林双县); its text carries raw HTML."""
    from conftest import Site
    import json
    root = tmp_path_factory.mktemp("requested")
    content = root / "content"
    shutil.copytree(MINIMAL, content)
    (content / "requests" / "2026").mkdir(parents=True)
    (content / "requests" / "2026" / "2026-yd01.yml").write_text(
        "id: 2026-yd01\ntitle: 关于报送<b>防汛</b>工作情况的约稿\ndate: 2026-03-01\ndue: 2026-12-31\nunits: all\n"
        f"text: {json.dumps(HOSTILE_TEXT, ensure_ascii=False)}\n", encoding="utf-8")
    item = content / "items" / "2026" / "2026-0001.md"
    item.write_text(item.read_text(encoding="utf-8").replace("status: approved\n", "status: approved\nrequest: 2026-yd01\n", 1), encoding="utf-8")
    return Site(build_site(content, root / "site", pdf=False))


def test_an_office_without_requests_sees_no_request_on_its_pages(plain_site):
    assert plain_site.soup("").select(".bl-open-requests") == []
    assert "约稿" not in squash(plain_site.soup("").select_one(".md-content").get_text())
    assert "约稿" not in plain_site.text("items/2026-0001/")
    assert "约稿" not in plain_site.text("units/linshuang/")
    assert "暂无约稿。" in plain_site.text("requests/")     # the sidebar's 约稿 still leads somewhere


def test_a_request_to_all_units_holds_only_those_not_dissolved(requested_site):
    # asked: the four units existing on 3月1日; 安监局 dissolved 3月31日 without answering, so not held
    assert outcomes(requested_site, "2026-yd01") == {"按时报送": ["林双县"], "尚未报送": ["塔河县", "应急管理局"], "已撤并": ["安监局"]}
    assert "应报3个单位，已报1，尚未报送2（另有1个单位已撤并，不计）" in requested_site.text("requests/2026-yd01/")
    row = requested_site.soup("").select_one(".bl-open-requests li")
    assert squash(row.get_text()) == "关于报送<b>防汛</b>工作情况的约稿 报送期限 2026年12月31日 · 还剩36天 · 已报 1/3"


def test_a_request_text_with_raw_html_is_made_safe(requested_site):
    soup = requested_site.soup("requests/2026-yd01/")
    text = soup.select_one(".bl-request__text")
    assert "请各单位报送。" in text.get_text() and text.strong.get_text() == "重点"
    assert text.select("script, img[onerror]") == [] and not [a for a in text.select("a[href]") if "javascript" in a["href"]]
    assert not [img for img in text.select("img") if "evil.example" in img.get("src", "")]
    html = requested_site.html("requests/2026-yd01/")
    assert "<script>alert" not in html and "evil.example" not in html
    assert soup.h1.get_text() == "关于报送<b>防汛</b>工作情况的约稿"   # a title is text, escaped


# -- in the browser: at a monitor's width and a phone's -------------------------------------------

SCREENS = {"1280": {"width": 1280, "height": 800}, "390": {"width": 390, "height": 844}}


@pytest.mark.parametrize("width", fast_lane(["1280", "390"], {"390"}))   # the fast lane: on a phone
def test_request_pages_fit_the_screen_and_the_home_page_keeps_its_months_first(browser, sample_url, width):
    size = SCREENS[width]
    phone = size["width"] < 500
    context = browser.new_context(viewport=size, locale="zh-CN", device_scale_factor=2 if phone else 1, is_mobile=phone)
    tab = context.new_page()
    outside = []
    tab.on("request", lambda r: outside.append(r.url) if not r.url.startswith((sample_url.split("/bulletin/")[0] + "/", "data:", "blob:")) else None)
    OUTPUT.mkdir(exist_ok=True)
    try:
        for name, url in (("request", "requests/2026-yd03/"), ("request-open", "requests/2026-yd11/"), ("requests", "requests/"),
                          ("unit", "units/nongye/")):
            assert tab.goto(sample_url + url, wait_until="networkidle").status == 200
            assert tab.evaluate("document.documentElement.scrollWidth") <= size["width"], f"{name} at {width}"
            tab.screenshot(path=str(OUTPUT / f"requests-{name}-{width}.png"), full_page=True)
            tab.add_script_tag(path=str(ROOT / "node_modules" / "axe-core" / "axe.min.js"))
            serious = tab.evaluate("async () => (await axe.run(document)).violations.filter(v => ['serious', 'critical'].includes(v.impact))"
                                   ".map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))")
            assert serious == [], f"{name} at {width}: {serious}"
        # the request page: its state and counts on the first screen
        tab.goto(sample_url + "requests/2026-yd03/", wait_until="networkidle")
        counts = tab.locator(".bl-request__counts").bounding_box()
        assert counts["y"] + counts["height"] <= size["height"]
        # the home page: 本月's first issue on the first screen, 正在约稿 below the months, one request a row
        tab.goto(sample_url, wait_until="networkidle")
        first_issue = tab.locator(".bl-month .bl-row").first.bounding_box()
        assert first_issue["y"] + first_issue["height"] <= size["height"]
        months = tab.locator(".bl-months").bounding_box()
        open_box = tab.locator(".bl-open-requests").bounding_box()
        assert open_box["y"] >= months["y"] + months["height"] - 1
        row = tab.locator(".bl-open-requests li").first.bounding_box()
        assert row["height"] < 100, "compact: a title and one line of facts"
        tab.screenshot(path=str(OUTPUT / f"requests-home-{width}-full.png"), full_page=True)
    finally:
        context.close()
    assert outside == []
