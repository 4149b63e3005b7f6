"""Publish's link index (bulletin/ops/link_index.py): when a release lacks a file the served one
had, verify reads the changed files and the unchanged ones whose links loaded it, and still
refuses every link the removal broke, however the link is written."""

import json
import os
import shutil
from pathlib import Path

import pytest

from bulletin.archive import Archive
from bulletin.content.load import load_content
from bulletin.ops import chain, link_index
from bulletin.ops.release_links import Shared
from bulletin.ops.verify import URL_READERS, verify
from conftest import MINIMAL, SITE_URL, publish
from test_publish import add_second_issue, served

GONE = "items/2026-0002/index.html"


@pytest.fixture(scope="module")
def built(minimal_site):
    """The minimal bulletin as the session builds it once (PDFs off): every test here reads it or copies it."""
    return minimal_site.root, Archive(load_content(MINIMAL))


def files_of(site):
    return set(chain.listing(site)[0])


def index_of(site, archive):
    resolved = {}
    assert verify(site, archive, SITE_URL, targets=resolved) == []
    return link_index.merged(None, resolved, files_of(site), URL_READERS)


def without(served, tmp_path, removed):
    """The next release: the served one's files, less `removed` (nothing else changed)."""
    new = tmp_path / "new"
    shutil.copytree(served, new)
    for path in removed:
        (new / path).unlink()
    return new, Shared(changed=set(), removed=set(removed), hashes=dict.fromkeys(files_of(new)))


@pytest.mark.parametrize("page, link, href", [
    ("units/index.html", '<a href="{}">x</a>', "../items/2026-0002/"),                     # relative, up a folder
    ("units/index.html", '<a href="{}">x</a>', "/bulletin/items/./2026%2D0002/index.html"),  # %-encoded, a ./ part
    ("units/index.html", '<a href="{}">x</a>', "../units/../items/2026-0002"),             # a folder named without /
    ("units/index.html", '<img src="{}">', f"{SITE_URL}items/%32026-0002/"),              # the site's own address
])
def test_a_link_on_an_unchanged_page_to_a_removed_page_is_refused(built, tmp_path, page, link, href):
    site, archive = built
    served = tmp_path / "served"
    shutil.copytree(site, served)
    text = (served / page).read_text(encoding="utf-8")
    assert "2026-0002" not in text and "2026%2D0002" not in text   # the page named the item nowhere before
    (served / page).write_text(text + link.format(href), encoding="utf-8")
    index = index_of(served, archive)       # the served release passed: the link loaded the item's page
    new, shared = without(served, tmp_path, [GONE])
    only = link_index.to_read(index, shared, URL_READERS)
    readable = [path for path in shared.hashes if link_index.read_by_verify(path, URL_READERS)]
    assert page in only and len(only) < len(readable)            # read again, and not everything is
    problems = verify(new, archive, SITE_URL, only, files=set(shared.hashes))
    assert f"{page}: 链接 {href} 指向不存在的文件" in problems, problems


def test_a_removed_file_no_link_loads_reads_nothing_again(built, tmp_path):
    """data/requests.json is linked from no page (test_verify): its removal breaks no link."""
    site, archive = built
    index = index_of(site, archive)
    _, shared = without(site, tmp_path, ["data/requests.json"])
    assert link_index.to_read(index, shared, URL_READERS) == set()


def test_an_index_that_does_not_name_a_page_is_not_used(built, tmp_path):
    site, archive = built
    index = index_of(site, archive)
    del index.pages["units/index.html"]
    _, shared = without(site, tmp_path, [GONE])
    assert link_index.to_read(index, shared, URL_READERS) is None   # verify then reads every file
    assert link_index.to_read(None, shared, URL_READERS) is None


def test_a_kept_index_is_used_only_unaltered_for_its_release_and_address(built, tmp_path):
    site, archive = built
    index = index_of(site, archive)
    kept = tmp_path / "links.json"
    link_index.save(kept, index, "r1", SITE_URL)
    assert link_index.load(kept, "r1", SITE_URL) == index
    assert link_index.load(kept, "r2", SITE_URL) is None                       # another release (a rollback)
    assert link_index.load(kept, "r1", "http://other.example/") is None        # another address
    data = kept.read_bytes()
    kept.write_bytes(data.replace(b'"units/index.html": "', b'"units/index.html": "9999 '))   # a target added by hand
    assert link_index.load(kept, "r1", SITE_URL) is None
    digest, _, body = data.partition(b"\n")
    forged = json.loads(body)
    forged["pages"]["units/index.html"] = ""
    kept.write_bytes(digest + b"\n" + json.dumps(forged).encode())            # edited, old digest kept
    assert link_index.load(kept, "r1", SITE_URL) is None
    kept.unlink()
    assert link_index.load(kept, "r1", SITE_URL) is None


@pytest.mark.parametrize("href", ["../assets/gone.css", "../items/2026%2D0009/", "../items/2026-0001/../../nothing"])
def test_the_listing_finds_what_the_file_system_finds(built, tmp_path, href):
    site, archive = built
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    page = copy / "units/index.html"
    page.write_text(page.read_text(encoding="utf-8") + f'<a href="{href}">x</a>', encoding="utf-8")
    asked = verify(copy, archive, SITE_URL)
    assert f"units/index.html: 链接 {href} 指向不存在的文件" in asked
    assert verify(copy, archive, SITE_URL, files=files_of(copy)) == asked


def test_publish_keeps_the_index_of_the_release_it_serves(content, tmp_path, monkeypatch):
    # A cache of its own, as one web root has: the run's shared cache holds the index of whichever
    # web root a test published last, and an index of another release is (rightly) not used.
    monkeypatch.setenv("BULLETIN_CACHE", str(tmp_path / "cache"))
    published = tmp_path / "www"
    assert publish(content, published).returncode == 0   # read whole: the index is made
    add_second_issue(content)
    result = publish(content, published)                 # reads what changed, the index carried on
    assert result.returncode == 0, result.stderr
    name = os.path.basename(served(published))
    release = chain.check(published, name, {}, hash_all=False).releases[name]
    index = link_index.load(link_index.where(tmp_path / "cache"), release.id, SITE_URL)
    assert index is not None
    pages = {path for path in chain.listing(published / "current")[0] if path.endswith(".html")}
    assert pages <= set(index.pages)
    assert "items/2026-0003/index.html" in {index.targets[int(n)] for n in index.pages["issues/zwxx/2026/2/index.html"].split()}


def test_a_draft_title_leaked_into_a_changed_page_is_refused_when_only_changed_files_are_read(built, tmp_path):
    """As publish verifies after a removal, with the index: the leak scan reads what changed."""
    site, archive = built
    index = index_of(site, archive)
    new, shared = without(site, tmp_path, [GONE])
    page = new / "units/index.html"
    page.write_text(page.read_text(encoding="utf-8") + "<p>塔河县草稿一篇尚未审核</p>", encoding="utf-8")   # a draft's title (test_verify)
    shared.changed = {"units/index.html"}
    only = link_index.to_read(index, shared, URL_READERS)
    problems = verify(new, archive, SITE_URL, only, files=set(shared.hashes))
    assert any(p.startswith("units/index.html: 出现了未审核稿件的标题“塔河县草稿一篇尚未审核”") for p in problems), problems
