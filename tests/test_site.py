"""The built sample site shows the right content on every page a reader opens."""

import re
from statistics import median

import pytest

from bulletin.labels import cn_date
from conftest import SAMPLE, SITE_URL, Site, build_site, run_cli


def issue_url(issue):
    return f"issues/{issue.series}/{issue.year}/{issue.slug}/"


def squash(text):
    return " ".join(text.split())


def test_every_issue_page_reads_like_the_printed_bulletin(sample_site, sample_archive):
    for issue in sample_archive.content.issues:
        soup = sample_site.soup(issue_url(issue))
        series = sample_archive.settings.series[issue.series]
        assert soup.select_one(".bl-masthead__name").get_text() == series.name
        number = squash(soup.select_one(".bl-masthead__number").get_text())
        assert number.startswith(f"增刊第{issue.number}期" if issue.supplement else f"第{issue.number}期")
        line = squash(soup.select_one(".bl-masthead__line").get_text(" "))
        assert line == f"巴尔地区行政公署办公室 {cn_date(issue.date)}"
        printed = [h.get_text(strip=True) for h in soup.select(".bl-issue-item__title")]
        assert printed == [sample_archive.content.items[i].title for i in issue.item_ids]
        colophon = squash(soup.select_one(".bl-colophon").get_text())
        for label, text in (issue.distribution or series.distribution).items():
            assert f"{label}：{text}" in colophon
        assert f"签发：{issue.signer}" in colophon
        if issue.copies:
            assert f"共印{issue.copies}份" in colophon
        marking = soup.select_one(".bl-masthead .bl-marking")
        assert (marking.get_text() if marking else None) == issue.marking
        assert bool(soup.select_one(".bl-foreword")) == bool(issue.foreword)


def test_total_numbers_run_on_from_the_first_written_one(sample_site, sample_archive):
    main_run = [i for i in sample_archive.series_issues["zwxx"] if not i.supplement]
    assert main_run[0].total == 300
    for offset, issue in enumerate(main_run):
        number = squash(sample_site.soup(issue_url(issue)).select_one(".bl-masthead__number").get_text())
        assert f"总第{300 + offset}期" in number


def test_issue_pages_link_previous_and_next_in_their_series(sample_site, sample_archive):
    first, second = sample_archive.series_issues["qkfy"][:2]
    soup = sample_site.soup(issue_url(first))
    assert soup.select_one('.bl-adjacent a[rel="prev"]') is None
    assert soup.select_one('.bl-adjacent a[rel="next"]')["href"] == f"../{second.slug}/"


def test_every_item_page_shows_its_facts_issues_and_events(sample_site, sample_archive):
    content = sample_archive.content
    for item in sample_archive.items.values():
        soup = sample_site.soup(f"items/{item.id}/")
        assert soup.select_one(".bl-item h1").get_text() == item.title
        facts = {row.th.get_text(): squash(row.td.get_text()) for row in soup.select(".bl-facts tr")}
        units = [a.get_text() for a in soup.select(".bl-facts a[href*='units/']:not([href*='/by/'])")]   # not 撰稿人 (units/<id>/by/<name>/)
        assert units == [content.units[u].short for u in item.units]      # short names; the full name is on the unit page
        assert facts["报送日期"] == cn_date(item.date)
        assert facts["类别"] == item.category
        assert facts["主题"] == "、".join(content.topics[t].name for t in item.topics)
        issues = [i for i in content.issues if item.id in i.item_ids]
        for issue in issues:
            assert f"{issue.year}年{'增刊' if issue.supplement else ''}第{issue.number}期" in facts["刊发"]
        if not issues:
            assert facts["刊发"] == "未在本机关刊物刊发"
        assert len(soup.select(".bl-event")) == len(item.events)
        first_words = item.body.split("，")[0].strip()
        assert first_words in squash(soup.select_one(".bl-body").get_text())


def test_event_rows_say_what_happened(sample_site, sample_archive):
    item = next(i for i in sample_archive.items.values() if any(e.type == "instruction" for e in i.events))
    rows = [squash(r.get_text(" ")) for r in sample_site.soup(f"items/{item.id}/").select(".bl-event")]
    for event, row in zip(item.events, rows, strict=True):
        assert cn_date(event.date) in row
        assert {"forwarded": "上报", "adopted": "采用", "instruction": "批示"}[event.type] in row
        assert sample_archive.settings.levels[event.level].name in row


def test_unapproved_items_appear_nowhere(sample_site, sample_archive):
    drafts = [i for i in sample_archive.content.items.values() if not i.approved]
    published_titles = {i.title for i in sample_archive.items.values()}
    unique_titles = [d.title for d in drafts if d.title not in published_titles]
    assert drafts and unique_titles, "the sample should hold unapproved items for this test to mean anything"
    for path in sample_site.root.rglob("*"):
        if path.suffix in (".html", ".json", ".xml"):
            text = path.read_text(encoding="utf-8")
            for draft in drafts:
                assert f"items/{draft.id}/" not in text, (path, draft.id)
            for title in unique_titles:
                assert title not in text, (path, title)
        assert not any(draft.id in path.parts for draft in drafts)


def test_unit_directory_groups_units_with_counts(sample_site, sample_archive):
    soup = sample_site.soup("units/")
    groups = [h.get_text() for h in soup.select(".md-content h2")]
    assert groups == ["县市区", "行署部门", "乡镇街道"]
    content = sample_archive.content
    for row in soup.select(".bl-terms tbody tr"):
        unit = next(u for u in content.units.values() if u.short == row.a.get_text())
        expected = sum(1 for i in content.items.values() if i.approved and unit.id in (i.unit, *i.co_units))
        assert row.find_all("td")[1].get_text() == f"{expected} 篇"


def test_unit_page_lists_its_items_newest_first_with_counts_by_year(sample_site, sample_archive):
    content = sample_archive.content
    mine = sorted((i for i in content.items.values() if i.approved and "linshuang" in (i.unit, *i.co_units)),
                  key=lambda i: (i.date, i.id), reverse=True)
    soup = sample_site.soup("units/linshuang/")
    shown = [a.get_text() for a in soup.select(".bl-row__title")]
    assert shown == [i.title for i in mine][:50]
    counts = squash(soup.select_one(".bl-counts").get_text())
    assert counts.startswith(f"共 {len(mine)} 篇")
    for year in {i.date.year for i in mine}:
        assert f"{year}年 {sum(1 for i in mine if i.date.year == year)} 篇" in counts


def test_dissolved_unit_points_to_its_successor_and_back(sample_site):
    old = squash(sample_site.soup("units/anjian/").select_one(".bl-intro").get_text())
    assert "已于 2025年6月30日 撤并" in old and "行署应急管理局" in old
    new = squash(sample_site.soup("units/yingji/").select_one(".bl-intro").get_text())
    assert "承接原行署安全生产监督管理局" in new
    assert "2025年6月撤并" in sample_site.text("units/")


def test_topic_pages_list_items_newest_first(sample_site, sample_archive):
    for topic in sample_archive.topics.values():
        soup = sample_site.soup(f"topics/{topic.id}/")
        dates = [t["datetime"] for t in soup.select(".bl-row__meta time")]
        expected = sum(1 for i in sample_archive.items.values() if topic.id in i.topics)
        assert len(dates) == min(50, expected)
        assert dates == sorted(dates, reverse=True)
    index = sample_site.soup("topics/")
    assert [a.get_text() for a in index.select(".bl-terms a")] == [t.name for t in sample_archive.topics.values()]


def test_category_pages(sample_site, sample_archive):
    for category in sample_archive.settings.categories:
        soup = sample_site.soup(f"categories/{category}/")
        expected = sum(1 for i in sample_archive.items.values() if i.category == category)
        assert squash(soup.select_one(".bl-counts").get_text()).startswith(f"共 {expected} 篇")


def test_year_page_lists_months_and_month_pages_list_their_issues(sample_site, sample_archive):
    issues_2026 = [i for i in sample_archive.content.issues if i.year == 2026]
    months = sorted({i.date.month for i in issues_2026}, reverse=True)   # newest first, like every list
    soup = sample_site.soup("archive/2026/")
    assert [a.get_text() for a in soup.select(".bl-terms a")] == [f"2026年{m}月" for m in months]
    march = sample_site.soup("archive/2026/03/")
    listed = [a.get_text() for a in march.select(".bl-row__title")]
    assert listed == [sample_archive.label(i) for i in sorted(issues_2026, key=lambda i: (i.date, i.series, i.number), reverse=True)
                      if i.date.month == 3]
    assert len(listed) > 1, "the sample should have several issues in March for the order to mean anything"


def test_series_archive_lists_years_and_each_years_issues(sample_site, sample_archive):
    rows = [squash(r.get_text(" ")) for r in sample_site.soup("issues/zwxx/").select(".bl-terms tbody tr")]
    assert rows[0].startswith("2026年") and rows[1].startswith("2025年")
    listed = [a.get_text() for a in sample_site.soup("issues/zwxx/2025/").select(".bl-row__title")]
    expected = sorted((i for i in sample_archive.content.issues if i.series == "zwxx" and i.year == 2025),
                      key=lambda i: i.date, reverse=True)
    assert listed == [sample_archive.label(i) for i in expected]    # newest first


def test_home_shows_the_latest_issue_of_each_series_once(sample_site, sample_archive):
    """Each series' newest issue is on the home page, in its month's box or under 其他刊物最新一期,
    and no issue is listed twice (the old page showed 第17期 under 本月 and again under 各刊最新一期)."""
    soup = sample_site.soup("")
    listed = [a.get_text(strip=True) for a in soup.select(".md-content .bl-row__title")
              if "/issues/" in a["href"] or a["href"].startswith("issues/")]
    assert listed and len(listed) == len(set(listed)), listed
    for series_id, series in sample_archive.settings.series.items():
        issue = sample_archive.series_issues[series_id][-1]
        assert f"《{series.name}》{issue.year}年{'增刊' if issue.supplement else ''}第{issue.number}期" in listed


def test_generated_pages_stay_out_of_the_navigation(sample_site):
    nav = sample_site.soup("items/2025-0001/").select(".md-nav--primary .md-nav__link")
    labels = {squash(a.get_text()) for a in nav}
    assert labels <= {"首页", "往期刊物", "报送单位", "主题", "类别", "年度归档", "采用情况通报", "约稿", "检索", "使用说明", "编辑说明", "巴尔地区政务信息"}


def test_the_site_writes_the_files_the_plan_declares_and_no_other(sample_site, sample_archive, sample_board):
    """Every planned page has its file; the data files, feeds and latest pages are the plan's, byte for byte."""
    from bulletin.site.plan import plan_site
    from testsupport.reference import BUILD_DAY
    plan = plan_site(sample_archive, sample_board, BUILD_DAY, SITE_URL)
    root = sample_site.root
    assert [url for url in (page.url for page in plan.pages.values()) if not (root / url / "index.html").is_file()] == []
    written = {path.relative_to(root).as_posix() for pattern in ("data/*", "search/*.json", "**/feed.xml", "**/latest/index.html")
               for path in root.glob(pattern)}
    assert written == {data.path for data in plan.data}
    assert [data.path for data in plan.data if (root / data.path).read_bytes() != data.content()] == []


def test_one_paginator_for_every_list():
    from bulletin.site.pages.spec import PAGE_SIZE, paginate
    assert [(p.url, list(p.entries), p.start) for p in paginate([], "units/x/")] == [("units/x/", [], 0)]
    pages = paginate(list(range(2 * PAGE_SIZE + 1)), "units/x/")
    assert [(p.url, len(p.entries), p.start, p.pager.count) for p in pages] == [
        ("units/x/", PAGE_SIZE, 0, 3), ("units/x/page/2/", PAGE_SIZE, PAGE_SIZE, 3), ("units/x/page/3/", 1, 2 * PAGE_SIZE, 3)]
    assert pages[0].pager.url_of(2 * PAGE_SIZE) == "units/x/page/3/"
    assert [p.pager.title("报送单位") for p in pages[:2]] == ["报送单位", "报送单位（第2页）"]
    assert [p.pager.crumb("单位") for p in pages[:2]] == ["单位", "第2页"]


@pytest.mark.slow   # builds an archive of 1,700 items
def test_page_size_does_not_grow_with_the_archive(sample_site, tmp_path):
    """Ten times the items: the typical page is the same size and the largest is bounded by the paginator."""
    from testsupport.synthetic import write_archive
    write_archive(SAMPLE, tmp_path / "content", items=1700, start_year=2025, years=2, seed=7)
    big = Site(build_site(tmp_path / "content", tmp_path / "site", pdf=False))
    sizes = {name: [p.stat().st_size for p in site.pages()] for name, site in (("sample", sample_site), ("big", big))}
    # ten times the items: the item pages say so (pages per unit-month and per 撰稿人 grow with units, months and people)
    assert len(list(big.root.glob("items/*/index.html"))) > 5 * len(list(sample_site.root.glob("items/*/index.html")))
    assert median(sizes["big"]) < 1.1 * median(sizes["sample"])
    assert max(sizes["big"]) < 1.6 * max(sizes["sample"])
    assert big.path("units/linshuang/page/2/").is_file()


def test_new_item_scaffolds_the_next_free_id(content):
    result = run_cli("new-item", "--content", content, "--unit", "tahe", "--title", "塔河县新稿", "--date", "2026-06-01")
    assert result.returncode == 0, result.stderr
    created = content / "items" / "2026" / "2026-0004.md"
    assert result.stdout.strip() == str(created)
    text = created.read_text(encoding="utf-8")
    assert "unit: tahe" in text and "date: 2026-06-01" in text and "status: draft" in text
    assert run_cli("check", "--content", content).returncode == 0


def test_text_from_content_is_escaped_and_bodies_sanitized(content, tmp_path):
    item = content / "items/2026/2026-0001.md"
    text = item.read_text(encoding="utf-8")
    text = re.sub(r"^title: .*$", 'title: "<script>alert(1)</script>今年"', text, count=1, flags=re.M)
    text += '\n<script>alert(2)</script><img src="#x" onerror="alert(3)"> [点我](javascript:alert(4))\n'
    item.write_text(text, encoding="utf-8")
    site = Site(build_site(content, tmp_path / "site"))
    for url in ("items/2026-0001/", "issues/zwxx/2026/1/", "units/linshuang/", ""):
        html = site.html(url)
        assert "<script>alert" not in html and "onerror" not in html and "javascript:alert" not in html, url
    page = site.html("items/2026-0001/")
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt;今年 - " in page
    assert '<h1 class="bl-item-title">&lt;script&gt;alert(1)&lt;/script&gt;今年</h1>' in page


# -- the PDF of every issue ------------------------------------------------------------------------

def test_every_issue_page_links_its_pdf(sample_site, sample_archive):
    for issue in sample_archive.content.issues:
        name = f"{issue.series}-{issue.year}-{issue.slug}.pdf"
        link = sample_site.soup(issue_url(issue)).select_one(".bl-pdf a")
        assert link["href"] == name
        pdf = sample_site.root / issue_url(issue) / name
        assert pdf.read_bytes()[:5] == b"%PDF-", pdf


def test_unchanged_issues_are_not_printed_again(content, tmp_path):
    cache = tmp_path / "cache"
    env = {"BULLETIN_PDF_CACHE": str(cache)}
    first = run_cli("build", "--content", content, "--out", tmp_path / "a", env=env)
    assert first.returncode == 0, first.stderr
    # the issue, its year's volume and the circulars of its months: each typeset once, each in the cache
    made = sorted(p.name for p in (tmp_path / "a").rglob("*.pdf"))
    assert {"zwxx-2026-1.pdf", "zwxx-2026-huibian.pdf"} <= set(made) and any(n.startswith("tongbao-2026-") for n in made), made
    assert "新印 1 期" in first.stderr and len(list(cache.glob("*.pdf"))) == len(made)
    again = run_cli("build", "--content", content, "--out", tmp_path / "b", env=env)
    assert "新印 0 期" in again.stderr and "沿用缓存 1 期" in again.stderr and "汇编：新印 0 册" in again.stderr
    assert (tmp_path / "b/issues/zwxx/2026/1/zwxx-2026-1.pdf").read_bytes() == (tmp_path / "a/issues/zwxx/2026/1/zwxx-2026-1.pdf").read_bytes()
    # a changed title changes what prints: that issue is printed again
    item = content / "items/2026/2026-0001.md"
    item.write_text(re.sub(r"^title: .*$", "title: 改过的标题", item.read_text(encoding="utf-8"), count=1, flags=re.M), encoding="utf-8")
    changed = run_cli("build", "--content", content, "--out", tmp_path / "c", env=env)
    # its volume too (it prints the issue); the cache keeps the old ones beside the new
    assert "新印 1 期" in changed.stderr and "汇编：新印 1 册" in changed.stderr
    assert len(list(cache.glob("*.pdf"))) >= len(made) + 2
    assert not list((tmp_path / "c").rglob("*.part")) and not (tmp_path / "c" / ".cache").exists()


def test_pdfs_need_no_chromium_and_off_leaves_them_out(content, tmp_path):
    """Typst typesets the PDFs in-process: a build machine without Chromium still makes them (the
    old Chromium-missing stop is gone with Chromium); BULLETIN_PDF=off makes none and links none."""
    out = tmp_path / "site"
    result = run_cli("build", "--content", content, "--out", out,
                     env={"BULLETIN_CHROMIUM": str(tmp_path / "no-chromium"), "BULLETIN_PDF_CACHE": str(tmp_path / "cache")})
    assert result.returncode == 0, result.stderr
    assert (out / "issues/zwxx/2026/1/zwxx-2026-1.pdf").read_bytes()[:5] == b"%PDF-"
    skipped = run_cli("build", "--content", content, "--out", out,
                      env={"BULLETIN_CHROMIUM": str(tmp_path / "no-chromium"), "BULLETIN_PDF": "off"})
    assert skipped.returncode == 0, skipped.stderr
    assert not list(out.rglob("*.pdf"))
    for page in ("issues/zwxx/2026/1/index.html", "issues/zwxx/2026/index.html", "leaderboard/2026/05/index.html"):
        assert "bl-pdf" not in (out / page).read_text(encoding="utf-8"), page


def test_contents_only_for_issues_of_two_or_more_items(sample_site, sample_archive):
    for issue in sample_archive.content.issues:
        contents = sample_site.soup(issue_url(issue)).select(".bl-contents li")
        assert len(contents) == (len(issue.item_ids) if len(issue.item_ids) > 1 else 0), issue.path
    assert any(len(i.item_ids) == 1 for i in sample_archive.content.issues), "the sample keeps a one-item issue"
