"""The search index: one Pagefind record per item and per issue, of bigram tokens, not the page.

Records carry bigram tokens (bulletin/site/search/text.py), so the index holds exactly the text a reader
searches: an item's title and body; an issue's own text, its editor's note and its contents, never
the masthead, series name or colophon, which every issue shares. What a result shows (title, unit,
date, issue, the text for its excerpt) travels as metadata.

Each record is written as a small HTML file at its page's URL in a staging folder, and the Pagefind
CLI indexes the folder in one run. Pagefind's Python API (add_custom_record) would say the same
thing, but its client polls for each answer every 0.1 s: 130 s for 1,000 items, 35 min for 20,000.

Bundles by the record's month (an item's date, an issue's date), as tiers() cuts them: the newest month
with the one before it, the rest of that year, then one bundle per older year (<site>/pagefind/
2026-10_2026-11/, 2026-01_2026-09/, 2025-01_2025-12/, ...). A new issue prints items of the last weeks, so
publishing it re-indexes the small first bundle only; the second is indexed again when the window moves
on (once a month) or one of its records changes, a closed year when one of its records is corrected.
<site>/pagefind/ itself holds a bundle of one page that no query matches: it carries Pagefind's script
and WebAssembly once for every bundle, and the search page (theme/assets/javascripts/search.js) opens
one Pagefind instance per bundle on it, merging that bundle in; it finds the bundles, newest first, with
their first and last months in <site>/pagefind/years.json. A bundle's folder keeps only what a merged
index reads (its entry, metadata, index, filter and fragment files).

With a cache folder, a bundle is built once per digest of its staged pages (and of Pagefind's
version and LANGUAGE) into cache/<digest>/ and copied into the site; digests this build does not use
are removed, so the cache holds the bundles of the last build. A kept bundle is immutable as kept pages are
(bulletin/site/kept_files.py): its files read-only, their SHA-256 listed in its `.hashes`, checked as
they are copied (never linked); a bundle with a file changed, added or missing is built again.
"""

from __future__ import annotations

import hashlib
import errno
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from importlib import metadata
from pathlib import Path

from markupsafe import escape

from bulletin import labels
from bulletin.archive import Archive
from bulletin.model import Issue, Item
from bulletin.site.search import text as searchtext
from bulletin.site.search.text import TITLE, plain, tokens
from bulletin.site.search import canonical as canonical_module
from bulletin.site.search.canonical import canonical
from bulletin.site.search.words import vocabulary
from bulletin.site.kept_files import sha256, store
from bulletin.site.urls import Links

# Not a language Pagefind segments (zh would be): the tokens are digits, untouched by its stemmer.
LANGUAGE = "en"
KINDS = {"item": "稿件", "issue": "期刊"}


def _common(kind: str, title: str, day, text: str) -> dict:
    return {
        "content": [title, text],   # tokenized only when the record's year is indexed (record_html)
        "meta": {"title": title, "date": labels.cn_date(day), "text": text},
        "filters": {"kind": [KINDS[kind]], "month": [f"{day:%Y-%m}"]},
        "sort": {"date": day.isoformat()},
    }


def item_record(archive: Archive, item: Item) -> dict:
    placements = archive.issues_of(item)
    record = _common("item", item.title, item.date, plain(item.body))
    record["url"] = "/" + Links.item(item)
    record["meta"].update(unit="、".join(archive.unit_name(u) for u in item.units),
                          issue="，".join(archive.label(p.issue) for p in placements))
    record["filters"].update(unit=[archive.unit_name(u) for u in item.units],
                             topic=[archive.topics[t].name for t in item.topics], category=[item.category],
                             series=sorted({archive.series_name(p.issue) for p in placements}))
    return record


def issue_number_text(archive: Archive, issue: Issue) -> str:
    """How a reader cites the issue, less the series name: 2026年第16期 总第331期 (增刊第1期)."""
    return " ".join(filter(None, [f"{issue.year}年{labels.issue_number(issue.number, issue.supplement)}",
                                  labels.total_number(archive.total(issue))]))


def issue_record(archive: Archive, issue: Issue) -> dict:
    contents = "；".join(item.title for item in archive.issue_items(issue))
    own = " ".join(filter(None, [plain(issue.foreword or ""), contents]))
    # the label is the result's title; its series name is not searchable text (every issue of the
    # series shares it), its number is: 第16期, 2026年第16期 and 总第331期 find the issue
    record = _common("issue", archive.label(issue), issue.date, own)
    record["content"] = [f"{issue_number_text(archive, issue)}\n{own}"]
    record["url"] = "/" + Links.issue(issue)
    record["filters"]["series"] = [archive.series_name(issue)]
    return record


def records(archive: Archive):
    for item in archive.items.values():
        yield item_record(archive, item)
    for issue in archive.content.issues:
        yield issue_record(archive, issue)


def record_html(record: dict) -> str:
    """The record as Pagefind reads a page: tokens in the body; metadata, filters and sort key in a
    hidden block (Pagefind reads those even where data-pagefind-ignore keeps text out of the index)."""
    hidden = [f'<span data-pagefind-meta="{key}">{escape(value)}</span>' for key, value in record["meta"].items()]
    hidden += [f'<span data-pagefind-filter="{key}">{escape(value)}</span>'
               for key, values in record["filters"].items() for value in values]
    hidden += [f'<span data-pagefind-sort="{key}">{escape(value)}</span>' for key, value in record["sort"].items()]
    return (f'<!doctype html><html lang="{LANGUAGE}"><head><meta charset="utf-8"><title></title></head><body>'
            f'<div hidden data-pagefind-ignore>{"".join(hidden)}</div>'
            f'<main data-pagefind-body><p>{_tokens(record["content"])}</p></main></body></html>')


def _tokens(content: list[str]) -> str:
    """An item's title (also as title tokens) and text; an issue's own text alone."""
    if len(content) == 1:
        return tokens(content[0])
    title, text = content
    return f"{tokens(title)}\n{tokens(title, TITLE)}\n{tokens(text)}"


# What a merged bundle is read for: Pagefind's scripts, styles and WebAssembly come from the root.
BUNDLE_KEEPS = ("pagefind-entry.json", ".pf_meta", "index", "filter", "fragment")
# The root bundle's one page: words, never the digit tokens a query is made of, and no filters.
ROOT_PAGE = (f'<!doctype html><html lang="{LANGUAGE}"><head><meta charset="utf-8"><title></title></head><body>'
             '<main data-pagefind-body><p>bulletin search root</p></main></body></html>')


def _month(record: dict) -> str:
    return record["sort"]["date"][:7]


def _months_before(month: str, count: int) -> str:
    year, number = divmod(int(month[:4]) * 12 + int(month[5:]) - 1 - count, 12)
    return f"{year:04d}-{number + 1:02d}"


def tiers(months: list[str]) -> list[tuple[str, str]]:
    """The bundles as (first month, last month), newest first, from the months that have a record:
    the newest month M and the one before it; the rest of the year of M-2; then each older year. With M
    2026-11: 2026-10..2026-11, 2026-01..2026-09, 2025-01..2025-12, ... A new issue prints items of the last
    weeks, so it changes the first bundle only, which stays under two months; the second is indexed again
    once a month, when the window moves on, or when one of its records changes; a closed year when one of
    its records is corrected. Closed years are not merged: Pagefind's search of a common bigram slows
    more than in proportion to its bundle (a bundle of 8 years answered 工作 in 11 s where 8 bundles of a
    year took 2 s, same machine and load)."""
    newest = max(months)
    recent, year = _months_before(newest, 1), _months_before(newest, 2)[:4] + "-01"
    groups = [[m for m in months if m >= recent], [m for m in months if year <= m < recent]]
    older = sorted({m[:4] for m in months if m < year}, reverse=True)
    groups += [[m for m in months if m[:4] == y] for y in older]
    return [(min(group), max(group)) for group in groups if group]


def staged_bundles(archive: Archive) -> dict[tuple[str, str], dict[str, dict]]:
    """Each bundle's records by the path of the page Pagefind reads: {(first month, last month):
    {relative path: record}}, newest first. Records are cheap; turning them into token pages is not,
    so only a bundle that is indexed is."""
    by_month: dict[str, list[dict]] = {}
    for record in records(archive):
        by_month.setdefault(_month(record), []).append(record)
    if not by_month:
        return {}
    return {(first, last): {f'{record["url"].strip("/")}/index.html': record
                            for month in sorted(by_month) if first <= month <= last for record in by_month[month]}
            for first, last in tiers(list(by_month))}


def bundle_name(span: tuple[str, str]) -> str:
    """The bundle's folder: its first and last month, 2026-10_2026-11."""
    return "_".join(span)


def _pages(staged: dict) -> dict[str, str]:
    """Staged records (or a page's HTML as it is) as the HTML pages Pagefind reads."""
    return {path: record if isinstance(record, str) else record_html(record) for path, record in staged.items()}


# The staged pages are a function of the records and of this code: a digest of both stands for them.
_CODE = hashlib.sha256(b"".join(Path(path).read_bytes()
                                for path in (__file__, searchtext.__file__, canonical_module.__file__))).hexdigest()


def _versions() -> str:
    found = []
    for name in ("pagefind", "pagefind_bin_extended", "pagefind_bin"):
        try:
            found.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            pass
    return ";".join(found)


def digest(pages: dict, kind: str = "bundle") -> str:
    """sha256 of the staged records or pages (paths and exact content), this code, Pagefind's
    version and LANGUAGE."""
    h = hashlib.sha256(f"bulletin-search {kind}\0{_versions()}\0{LANGUAGE}\0{_CODE}\0".encode())
    for path in sorted(pages):
        data = pages[path] if isinstance(pages[path], str) else json.dumps(pages[path], ensure_ascii=False, sort_keys=True)
        h.update(f"{path}\0{len(data.encode())}\0".encode())
        h.update(data.encode())
    return h.hexdigest()


def _pagefind(pages: dict[str, str], output: Path, merged: bool) -> None:
    """Index `pages` into `output` (which must not exist) in one Pagefind run."""
    with tempfile.TemporaryDirectory(prefix="bulletin-search-") as staging:
        for path, html in pages.items():
            page = Path(staging, path)
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(html, encoding="utf-8")
        result = subprocess.run([sys.executable, "-m", "pagefind", "--site", staging, "--output-path", str(output),
                                 "--silent"], capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{result.stdout}{result.stderr}")
    # Pagefind exits 0 on a full disk, leaving empty files (no file of a bundle is ever empty):
    # such a bundle must not reach the site, nor the cache that later builds reuse.
    if any(path.is_file() and path.stat().st_size == 0 for path in output.rglob("*")):
        raise OSError(errno.ENOSPC, "Pagefind 写出了空文件（磁盘已满？）", str(output))
    canonical(output)
    if merged:
        for path in output.iterdir():
            if not any(path.name == keep or path.name.endswith(keep) for keep in BUNDLE_KEEPS):
                shutil.rmtree(path) if path.is_dir() else path.unlink()


HASHES = ".hashes"   # a kept bundle's list of its files' SHA-256, not part of the bundle


def _files(bundle: Path) -> set[str]:
    """The bundle's files (and links) by relative path; os.walk, not pathlib: tens of thousands of fragments."""
    names = set()
    for folder, dirs, files in os.walk(bundle):
        relative = os.path.relpath(folder, bundle)
        prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
        names.update(prefix + name for name in files)
        names.update(prefix + name for name in dirs if os.path.islink(os.path.join(folder, name)))
    return names - {HASHES}


def _seal(bundle: Path) -> None:
    """Make a fresh bundle's files read-only and list their hashes beside them."""
    hashes = {}
    for name in sorted(_files(bundle)):
        path = bundle / name
        hashes[name] = sha256(path.read_bytes())
        path.chmod(0o444)
    store(bundle / HASHES, json.dumps(hashes, sort_keys=True).encode("utf-8"))


def _copy_checked_tree(bundle: Path, target: Path) -> bool:
    """Copy a kept bundle's files into `target` (a new folder; copies, never links), each checked against
    its listed hash; False if any file was changed, added or removed since it was kept. A file's bytes
    are read and written once each, with no more system calls than that: this runs for every bundle
    of every build."""
    try:
        hashes = json.loads((bundle / HASHES).read_text(encoding="utf-8"))
        if not isinstance(hashes, dict) or set(hashes) != _files(bundle):
            return False
        for folder in sorted({os.path.dirname(name) for name in hashes}):
            os.makedirs(os.path.join(target, folder), exist_ok=True)
        for name, digest in sorted(hashes.items()):
            with open(os.path.join(bundle, name), "rb") as kept:
                data = kept.read()
            if sha256(data) != digest:   # changed since it was kept: never reused
                return False
            # O_EXCL: never through a link or over a file already there
            with open(os.open(os.path.join(target, name), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644), "wb") as copy:
                copy.write(data)
        return True
    except (OSError, ValueError):
        return False


def _cached(cache: Path, key: str, pages: dict[str, str], merged: bool) -> Path:
    """cache/<key>/, built now unless an earlier build left it; built in a temporary folder and renamed."""
    done = cache / key
    if not done.is_dir():
        work = Path(tempfile.mkdtemp(prefix=".building-", dir=cache))
        try:
            _pagefind(_pages(pages), work / "bundle", merged)
            _seal(work / "bundle")
            try:
                os.rename(work / "bundle", done)
            except OSError:
                if not done.is_dir():   # another build's rename won the race: theirs is the same bundle
                    raise
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return done


def _older_than(path: Path, seconds: float) -> bool:
    return time.time() - path.stat().st_mtime > seconds


def write_index(archive: Archive, site_dir: str | Path, cache: Path | None = None) -> Path:
    """Write the search bundles into <site>/pagefind/ (the root bundle) and <site>/pagefind/<bundle>/;
    returns the root folder. With `cache` (a folder for these bundles), a bundle whose pages are unchanged
    since a build that used the same cache is not indexed again, and the bundles this build did not use
    are removed; cache=None indexes every bundle afresh. Either way the same pages give the same bytes."""
    output = Path(site_dir).resolve() / "pagefind"
    if output.exists():
        shutil.rmtree(output)
    bundles = staged_bundles(archive)
    root = {"index.html": ROOT_PAGE}
    jobs = [("root", root, False, output)] + [(bundle_name(span), pages, True, output / bundle_name(span))
                                              for span, pages in bundles.items()]
    workers = min(2, os.cpu_count() or 1)
    if cache is None:
        output.parent.mkdir(parents=True, exist_ok=True)
        _pagefind(_pages(root), output, False)
        with ThreadPoolExecutor(workers) as pool:
            list(pool.map(lambda job: _pagefind(_pages(job[1]), job[3], job[2]), jobs[1:]))
    else:
        cache = Path(cache).resolve()
        cache.mkdir(parents=True, exist_ok=True)
        keys = {name: digest(pages, "root" if name == "root" else "bundle") for name, pages, _, _ in jobs}
        # the largest first, so that two workers finish together
        order = sorted(jobs, key=lambda job: -len(job[1]))
        with ThreadPoolExecutor(workers) as pool:
            built = dict(zip([job[0] for job in order],
                             pool.map(lambda job: _cached(cache, keys[job[0]], job[1], job[2]), order)))
        for name, pages, merged, target in jobs:
            if not _copy_checked_tree(built[name], target):   # changed since kept: built again
                shutil.rmtree(built[name], ignore_errors=True)
                shutil.rmtree(target, ignore_errors=True)
                if not _copy_checked_tree(_cached(cache, keys[name], pages, merged), target):
                    raise OSError(f"{built[name]}: 检索索引缓存在使用时被改动，请重新生成")
        used = set(keys.values())
        for path in cache.iterdir():
            # older digests, and a crashed build's temporary folders (not another build's, running now);
            # nothing else, should the folder hold more than bundles
            stale = re.fullmatch(r"[0-9a-f]{64}", path.name) and path.name not in used
            if stale or (path.name.startswith(".building-") and _older_than(path, 3600)):
                shutil.rmtree(path, ignore_errors=True)
    listed = [{"name": bundle_name(span), "from": span[0], "to": span[1]} for span in bundles]
    (output / "years.json").write_text(json.dumps({"bundles": listed}) + "\n", encoding="utf-8")
    # read by the search page only when a query finds nothing ("did you mean", words.py)
    (output / "words.json").write_text(json.dumps(vocabulary(archive), ensure_ascii=False, separators=(",", ":")),
                                       encoding="utf-8")
    return output
