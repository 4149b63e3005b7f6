"""The search index, one Pagefind bundle per year (bulletin/site/search/index.py): with a cache, one
new item re-indexes its year only; a warm cache gives the same bytes as a fresh build; the search page
finds the new item in the years' merged answers, in Chromium."""

import re
import shutil
from pathlib import Path

import pytest

from conftest import SAMPLE, serve
from bulletin.archive import Archive
from bulletin.content.load import load_content
from bulletin.site.search import index as search_index

NEW = "2025-0999"
WORD = "鸵鸟养殖"   # in no sample item


def add_item(content: Path) -> None:
    """A copy of the sample's first 2025 item, with a new id and a word no other item has."""
    first = sorted((content / "items" / "2025").glob("*.md"))[0]
    text = first.read_text(encoding="utf-8")
    old_id = first.stem
    text = text.replace(f"id: {old_id}", f"id: {NEW}", 1)
    head, body = text.split("\n---\n", 1)
    title = next(line for line in head.splitlines() if line.startswith("title: "))
    head = head.replace(title, f"title: 林双县{WORD}产业稳步发展", 1)
    (content / "items" / "2025" / f"{NEW}.md").write_text(f"{head}\n---\n{WORD}带动群众增收。{body}", encoding="utf-8")


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def grown(tmp_path_factory):
    """The sample indexed with a cache, then again with one new 2025 item: which years Pagefind ran
    for each time, the cache's folders after, and both archives."""
    base = tmp_path_factory.mktemp("years")
    content = base / "content"
    shutil.copytree(SAMPLE, content)
    cache = base / "cache"
    cache.mkdir()
    (cache / "notes.txt").write_text("not a bundle", encoding="utf-8")
    runs: list[list[str]] = []
    real = search_index._pagefind

    def counted(pages, output, year):
        first = next(iter(pages.values()))
        runs[-1].append(re.search(r'data-pagefind-sort="date">(\d{4})', first).group(1) if year else "root")
        return real(pages, output, year)

    search_index._pagefind = counted
    try:
        before = Archive(load_content(content))
        runs.append([])
        search_index.write_index(before, base / "cold", cache)
        runs.append([])
        search_index.write_index(before, base / "warm", cache)
        add_item(content)
        after = Archive(load_content(content))
        runs.append([])
        search_index.write_index(after, base / "grown", cache)
    finally:
        search_index._pagefind = real
    return {"base": base, "runs": runs, "cache": sorted(p.name for p in cache.iterdir()), "before": before,
            "after": after}


def test_the_index_is_one_bundle_per_year_beside_the_root(grown):
    bundle = grown["base"] / "cold" / "pagefind"
    years = sorted({f"{i.date:%Y}" for i in grown["before"].items.values()}, reverse=True)
    assert (bundle / "years.json").read_text(encoding="utf-8").strip() == '{"years": ["%s"]}' % '", "'.join(years)
    assert (bundle / "pagefind.js").is_file() and (bundle / "wasm.en.pagefind").is_file()
    for year in years:
        assert (bundle / year / "pagefind-entry.json").is_file()
        assert not (bundle / year / "pagefind.js").exists(), "a year's bundle holds only what a merged index reads"


def test_one_new_item_re_indexes_only_its_year(grown):
    cold, warm, grown_runs = grown["runs"]
    assert sorted(cold) == ["2025", "2026", "root"]
    assert warm == [], "nothing changed: nothing indexed"
    assert grown_runs == ["2025"]
    bundles = [name for name in grown["cache"] if re.fullmatch(r"[0-9a-f]{64}", name)]
    assert len(bundles) == 3, "the cache keeps the digests this build used: the old 2025 bundle is gone"
    assert sorted(set(grown["cache"]) - set(bundles)) == ["notes.txt"], "no temporary folder left, nothing else removed"


def test_a_warm_cache_gives_the_same_bytes_as_a_fresh_build(grown, tmp_path):
    base = grown["base"]
    assert files(base / "warm" / "pagefind") == files(base / "cold" / "pagefind")
    search_index.write_index(grown["after"], tmp_path / "fresh")   # cache=None: everything indexed afresh
    fresh = files(tmp_path / "fresh" / "pagefind")
    assert files(base / "grown" / "pagefind") == fresh
    unchanged = {k: v for k, v in fresh.items() if k.startswith("2026/")}
    assert unchanged and unchanged == {k: v for k, v in files(base / "cold" / "pagefind").items() if k.startswith("2026/")}


def test_the_search_page_finds_the_new_item_after_the_incremental_build(grown, sample_site, browser, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(sample_site.root, site, ignore=shutil.ignore_patterns("pagefind"))
    shutil.copytree(grown["base"] / "grown" / "pagefind", site / "pagefind")
    server, url = serve(site)
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    try:
        page.goto(url + f"search/?q={WORD}", wait_until="networkidle")
        page.wait_for_selector("[data-bl-search][data-state=done]")
        links = [a.get_attribute("href") for a in page.locator(".bl-result__title").all()]
        status = page.locator(".bl-search__status").inner_text()
        page.goto(url + "search/?q=信访&sort=date", wait_until="networkidle")
        page.wait_for_selector("[data-bl-search][data-state=done]")
        total = page.locator(".bl-search__status").inner_text()
    finally:
        context.close()
        server.shutdown()
    assert links == [f"/bulletin/items/{NEW}/"] and status == "找到 1 条结果"
    with_word = [i for i in grown["after"].items.values() if "信访" in i.title or "信访" in i.body]
    assert total == f"找到 {len(with_word)} 条结果"
