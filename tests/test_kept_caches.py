"""Issue 30, 2 for PDFs and search bundles: a kept file edited in place never reaches a site.

As for pages (test_chain.py, test_a_cached_page_edited_in_place_never_reaches_readers): the
built site shares no inode with the cache, the kept files are read-only, and one edited in place
(chmod-ed first, as a determined hand would) is found by its hash on the next build, dropped and
made again, so the next site holds the bytes a clean build writes.
"""

import os
from pathlib import Path

import pytest

from conftest import PUBLISH_DAY, SITE_URL, run_cli

ISSUE_PDF = "issues/zwxx/2026/1/zwxx-2026-1.pdf"
BUNDLE_ENTRY = "pagefind/2026-05_2026-05/pagefind-entry.json"   # the minimal bulletin's newest months: May 2026


@pytest.fixture(scope="module")
def kept(tmp_path_factory):
    """The minimal bulletin built once with a cache of its own; (root, cache, site)."""
    import shutil
    from conftest import MINIMAL
    root = tmp_path_factory.mktemp("kept")
    shutil.copytree(MINIMAL, root / "content")
    cache = root / "cache"
    assert build(root, cache, "first").returncode == 0
    return root, cache, root / "first"


def build(root: Path, cache: Path, out: str):
    result = run_cli("build", "--content", root / "content", "--out", root / out, "--site-url", SITE_URL,
                     "--cache", cache, env=PUBLISH_DAY)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def entry_of(folder: Path, data: bytes) -> Path:
    """The kept file holding these bytes."""
    found = [path for path in folder.rglob("*") if path.is_file() and path.read_bytes() == data]
    assert len(found) == 1, found
    return found[0]


def forge_in_place(entry: Path, old: bytes, new: bytes) -> None:
    """Rewrite the kept file's own inode, same size, its times set back: only its bytes tell."""
    before = entry.stat()
    entry.chmod(0o644)
    data = entry.read_bytes()
    assert old in data and len(old) == len(new)
    with open(entry, "r+b") as file:
        file.seek(data.index(old))
        file.write(new)
    entry.chmod(0o444)
    os.utime(entry, ns=(before.st_atime_ns, before.st_mtime_ns))


def test_a_kept_pdf_edited_in_place_never_reaches_a_site(kept):
    root, cache, first = kept
    served = first / ISSUE_PDF
    original = served.read_bytes()
    entry = entry_of(cache / "issue-pdf", original)
    assert entry.stat().st_ino != served.stat().st_ino   # a copy: the site shares no inode with the cache
    assert entry.stat().st_mode & 0o222 == 0              # read-only
    forge_in_place(entry, b"/StructTreeRoot", b"/StructTreeRoox")
    assert served.read_bytes() == original               # the built site did not change
    build(root, cache, "second")
    assert (root / "second" / ISSUE_PDF).read_bytes() == original   # typeset again, not the forged bytes
    assert not entry.exists() or entry.read_bytes() == original      # the forged entry dropped or remade


def test_a_kept_search_bundle_edited_in_place_never_reaches_a_site(kept):
    root, cache, first = kept
    served = first / BUNDLE_ENTRY
    original = served.read_bytes()
    entry = entry_of(cache / "search", original)
    assert entry.stat().st_ino != served.stat().st_ino and entry.stat().st_mode & 0o222 == 0
    forge_in_place(entry, b'"version"', b'"forged!"')
    assert served.read_bytes() == original
    build(root, cache, "third")
    assert (root / "third" / BUNDLE_ENTRY).read_bytes() == original  # indexed again
    # the whole bundle is the one first built, file for file
    files = lambda site: {p.relative_to(site).as_posix(): p.read_bytes() for p in (site / "pagefind").rglob("*") if p.is_file()}
    assert files(root / "third") == files(first)
    assert not entry.exists() or entry.read_bytes() == original
