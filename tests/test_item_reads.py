"""Item pages are kept by the read set they declare (bulletin/site/pages/items.py), not by their
context: every change to what an item page shows must change its key, or the cache would serve a
stale page; and a change must leave the keys of pages that do not show it alone, or nothing is
saved. Each case compares, item page by item page, the declared key with the digest of the whole
context the page is rendered from, before and after one change to a copy of the sample."""

import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from conftest import SAMPLE
from bulletin.archive import Archive
from bulletin.content.load import load_content
from bulletin.cycle.scoring import Leaderboard
from bulletin.site.fingerprint import Fingerprints
from bulletin.site.page_cache import PageCache
from bulletin.site.plan import plan_site

BUILT = date(2026, 12, 5)
ITEM = "2026-0084"   # 行署信访局 (xinfang), topic petition, 3rd in zwxx 2026 No. 17 after 2026-0083, no events


def item_pages(content: Path) -> dict[str, tuple[str, str]]:
    """Per item page: (its declared key, the digest of all it is rendered from)."""
    archive = Archive(load_content(content))
    plan = plan_site(archive, Leaderboard(archive, BUILT), BUILT)
    cache, shown = PageCache(None, "global", Fingerprints()), Fingerprints()
    return {spec.item.id: (cache.key(spec), shown.of((spec.template, spec.url, spec.title, spec.section, spec.full_context(), spec.item)))
            for spec in plan.pages.values() if spec.template == "bulletin/item.html"}


@pytest.fixture(scope="module")
def before():
    return item_pages(SAMPLE)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def retitle_item(content: Path) -> None:
    _edit(content / "items" / "2026" / f"{ITEM}.md", "title: 行署信访局探索信访积案化解新路子", "title: 行署信访局化解信访积案")


def correct_item(content: Path) -> None:
    _edit(content / "items" / "2026" / f"{ITEM}.md", "events:", "corrections:\n  - {date: 2026-11-25, text: 第二段数字有误，已更正。}\nevents:")


def rename_topic(content: Path) -> None:
    _edit(content / "topics.yml", "{id: petition, name: 信访,", "{id: petition, name: 信访工作,")


def rename_unit(content: Path) -> None:
    _edit(content / "units.yml", "{id: xinfang, name: 行署信访局, short: 信访局,", "{id: xinfang, name: 行署信访和群众工作局, short: 信访和群众工作局,")


def rename_level(content: Path) -> None:
    _edit(content / "bulletin.yml", "{id: state, name: 国家级}", "{id: state, name: 国家层面}")


# The 21 items of topic petition; the same 21 are xinfang's 11 and those listing one of them as related.
PETITION = {"2025-0015", "2025-0025", "2025-0036", "2025-0041", "2025-0051", "2025-0057", "2025-0059", "2025-0069",
            "2025-0073", "2025-0078", "2025-0083", "2026-0023", "2026-0036", "2026-0046", "2026-0047", "2026-0058",
            "2026-0064", "2026-0069", "2026-0070", "2026-0081", "2026-0084"}
# ITEM's page; 2026-0081, which lists it as related; 2026-0083, whose 下一篇 it is.
SHOWING_ITEM = {ITEM, "2026-0081", "2026-0083"}
CASES = [(retitle_item, SHOWING_ITEM), (correct_item, SHOWING_ITEM), (rename_topic, PETITION), (rename_unit, PETITION),
         (rename_level, 58)]   # 58 items have events: their 级别 column names the level


@pytest.mark.parametrize("change, expected", CASES, ids=lambda value: getattr(value, "__name__", None))
def test_a_change_rekeys_exactly_the_item_pages_that_show_it(before, tmp_path, change, expected):
    content = tmp_path / SAMPLE.name   # a record names its file by the folder's name: the same here
    shutil.copytree(SAMPLE, content)
    change(content)
    after = item_pages(content)
    assert set(after) == set(before)   # 163 item pages either way
    rekeyed = {item for item in after if after[item][0] != before[item][0]}
    reshown = {item for item in after if after[item][1] != before[item][1]}
    assert reshown <= rekeyed, f"shown differently but kept: {sorted(reshown - rekeyed)}"
    assert rekeyed == reshown, f"rendered again for nothing: {sorted(rekeyed - reshown)}"
    if isinstance(expected, int):
        assert len(rekeyed) == expected
    else:
        assert rekeyed == expected


def test_nothing_changed_nothing_rekeyed(before):
    again = item_pages(SAMPLE)
    assert [item for item in again if again[item][0] != before[item][0]] == []
    assert len(again) == 163 and all(key and key.startswith("d") for key, _ in again.values())
