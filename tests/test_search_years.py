"""The search index, Pagefind bundles by age (bulletin/site/search/index.py): the newest two months, the
rest of their year, each older year. With a cache, a new item re-indexes its bundle only (the
small newest one for a new issue's items); a warm cache gives the same bytes as a fresh build; the search
page finds the new item in the bundles' merged answers, in Chromium."""

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import SAMPLE, serve
from bulletin.archive import Archive
from bulletin.content.load import load_content
from bulletin.site.search import index as search_index

NEW = "2025-0999"
RECENT = "2026-0999"
WORD = "鸵鸟养殖"   # in no sample item
# The sample's records run from 2025-01 to 2026-11 (its newest item and issue are of November 2026), so
# its bundles are 2026-10..2026-11, the rest of 2026, and 2025.
BUNDLES = ["2026-10_2026-11", "2026-01_2026-09", "2025-01_2025-12"]


def add_item(content: Path, new: str = NEW, day: str | None = None) -> None:
    """A copy of the sample's first item of new's year, with id `new`, a word no other item has, and
    the date `day` if given."""
    first = sorted((content / "items" / new[:4]).glob("*.md"))[0]
    text = first.read_text(encoding="utf-8")
    old_id = first.stem
    text = text.replace(f"id: {old_id}", f"id: {new}", 1)
    if day:
        text = re.sub(r"^date: .*$", f"date: {day}", text, count=1, flags=re.M)
    head, body = text.split("\n---\n", 1)
    title = next(line for line in head.splitlines() if line.startswith("title: "))
    head = head.replace(title, f"title: 林双县{WORD}产业稳步发展", 1)
    (content / "items" / new[:4] / f"{new}.md").write_text(f"{head}\n---\n{WORD}带动群众增收。{body}", encoding="utf-8")


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def grown(tmp_path_factory):
    """The sample indexed with a cache, then again with one new 2025 item, then again with one new item of
    November 2026: which bundles (first_last month of their records) Pagefind ran for each time, the
    cache's folders after, and the archives."""
    base = tmp_path_factory.mktemp("years")
    content = base / "content"
    shutil.copytree(SAMPLE, content)
    cache = base / "cache"
    cache.mkdir()
    (cache / "notes.txt").write_text("not a bundle", encoding="utf-8")
    runs: list[list[str]] = []
    real = search_index._pagefind

    def counted(pages, output, merged):
        months = sorted(m for page in pages.values() for m in re.findall(r'data-pagefind-sort="date">(\d{4}-\d\d)', page))
        runs[-1].append(f"{months[0]}_{months[-1]}" if merged else "root")
        return real(pages, output, merged)

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
        grown_cache = sorted(p.name for p in cache.iterdir())
        add_item(content, RECENT, "2026-11-20")
        recent = Archive(load_content(content))
        runs.append([])
        search_index.write_index(recent, base / "recent", cache)
    finally:
        search_index._pagefind = real
    return {"base": base, "runs": runs, "cache": grown_cache, "before": before, "after": after, "recent": recent}


def test_the_index_is_bundles_by_age_beside_the_root(grown):
    bundle = grown["base"] / "cold" / "pagefind"
    listed = json.loads((bundle / "years.json").read_text(encoding="utf-8"))["bundles"]
    assert listed == [{"name": name, "from": name[:7], "to": name[-7:]} for name in BUNDLES]
    assert (bundle / "pagefind.js").is_file() and (bundle / "wasm.en.pagefind").is_file()
    for name in BUNDLES:
        assert (bundle / name / "pagefind-entry.json").is_file()
        assert not (bundle / name / "pagefind.js").exists(), "a bundle holds only what a merged index reads"
    # every record in exactly one bundle: the sample's items and issues, one fragment each
    fragments = sum(len(list((bundle / name / "fragment").iterdir())) for name in BUNDLES)
    assert fragments == len(grown["before"].items) + len(grown["before"].content.issues)


@pytest.mark.parametrize("months, bundles", [
    (["2026-11", "2026-10", "2026-09", "2026-01", "2025-12", "2017-01"],
     [("2026-10", "2026-11"), ("2026-01", "2026-09"), ("2025-12", "2025-12"), ("2017-01", "2017-01")]),
    # January: December is still recent, the rest of last year a bundle, each year before its own
    (["2026-01", "2025-12", "2025-11", "2025-01", "2024-12", "2024-03", "2020-06"],
     [("2025-12", "2026-01"), ("2025-01", "2025-11"), ("2024-03", "2024-12"), ("2020-06", "2020-06")]),
    # March: January is the year's second bundle; 2025 is a closed year again
    (["2026-03", "2026-02", "2026-01", "2025-12", "2025-02"],
     [("2026-02", "2026-03"), ("2026-01", "2026-01"), ("2025-02", "2025-12")]),
    (["2026-05", "2026-03"], [("2026-05", "2026-05"), ("2026-03", "2026-03")]),   # April has no record
    (["2026-05"], [("2026-05", "2026-05")]),
])
def test_bundles_grow_with_age(months, bundles):
    assert search_index.tiers(months) == bundles


def test_one_new_item_re_indexes_only_its_bundle(grown):
    cold, warm, grown_runs, recent_runs = grown["runs"]
    assert sorted(cold) == sorted(BUNDLES + ["root"])
    assert warm == [], "nothing changed: nothing indexed"
    assert grown_runs == ["2025-01_2025-12"], "an item of 2025 is in its closed year's bundle"
    assert recent_runs == ["2026-10_2026-11"], "a new issue's item is in the small newest bundle"
    bundles = [name for name in grown["cache"] if re.fullmatch(r"[0-9a-f]{64}", name)]
    assert len(bundles) == 4, "the cache keeps the digests this build used: the old 2025 bundle is gone"
    assert sorted(set(grown["cache"]) - set(bundles)) == ["notes.txt"], "no temporary folder left, nothing else removed"


def test_a_warm_cache_gives_the_same_bytes_as_a_fresh_build(grown, tmp_path):
    base = grown["base"]
    assert files(base / "warm" / "pagefind") == files(base / "cold" / "pagefind")
    search_index.write_index(grown["after"], tmp_path / "fresh")   # cache=None: everything indexed afresh
    fresh = files(tmp_path / "fresh" / "pagefind")
    assert files(base / "grown" / "pagefind") == fresh
    unchanged = {k: v for k, v in fresh.items() if k.startswith("2026-")}
    assert unchanged and unchanged == {k: v for k, v in files(base / "cold" / "pagefind").items() if k.startswith("2026-")}


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
