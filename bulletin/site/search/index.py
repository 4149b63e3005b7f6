"""The search index: one Pagefind record per item and per issue, of bigram tokens, not the page.

Records carry bigram tokens (bulletin/site/search/text.py), so the index holds exactly the text a reader
searches: an item's title and body; an issue's own text, its editor's note and its contents, never
the masthead, series name or colophon, which every issue shares. What a result shows (title, unit,
date, issue, the text for its excerpt) travels as metadata.

Each record is written as a small HTML file at its page's URL in a staging folder, and the Pagefind
CLI indexes the folder in one run. Pagefind's Python API (add_custom_record) would say the same
thing, but its client polls for each answer every 0.1 s: 130 s for 1,000 items, 35 min for 20,000.

One bundle per year, by the record's date (an item's date, an issue's date), at <site>/pagefind/<year>/,
so publishing one issue re-indexes one year, not the archive. <site>/pagefind/ itself holds a bundle of
one page that no query matches: it carries Pagefind's script and WebAssembly once for every year, and
the search page (theme/assets/javascripts/search.js) opens one Pagefind instance per year on it, merging
that year's bundle in; it finds the years in <site>/pagefind/years.json. A year's folder keeps only what
a merged index reads (its entry, metadata, index, filter and fragment files).

With a cache folder, a year's bundle is built once per digest of its staged pages (and of Pagefind's
version and LANGUAGE) into cache/<digest>/ and copied into the site; digests this build does not use
are removed, so the cache holds one bundle per year. A kept bundle is immutable as kept pages are
(bulletin/site/kept_files.py): its files read-only, their SHA-256 listed in its `.hashes`, checked as
they are copied (never linked); a bundle with a file changed, added or missing is built again.
"""

from __future__ import annotations

import gzip
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
from bulletin.site.search.words import vocabulary
from bulletin.site.kept_files import copy_checked, sha256, store
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


# What a merged year's bundle is read for: Pagefind's scripts, styles and WebAssembly come from the root.
YEAR_KEEPS = ("pagefind-entry.json", ".pf_meta", "index", "filter", "fragment")
# The root bundle's one page: words, never the digit tokens a query is made of, and no filters.
ROOT_PAGE = (f'<!doctype html><html lang="{LANGUAGE}"><head><meta charset="utf-8"><title></title></head><body>'
             '<main data-pagefind-body><p>bulletin search root</p></main></body></html>')


def _year(record: dict) -> str:
    return record["sort"]["date"][:4]


def staged_years(archive: Archive) -> dict[str, dict[str, dict]]:
    """Each year's records by the path of the page Pagefind reads: {year: {relative path: record}}.
    Records are cheap; turning them into token pages is not, so only a year that is indexed is."""
    years: dict[str, dict[str, dict]] = {}
    for record in records(archive):
        years.setdefault(_year(record), {})[f'{record["url"].strip("/")}/index.html'] = record
    return dict(sorted(years.items(), reverse=True))


def _pages(staged: dict) -> dict[str, str]:
    """Staged records (or a page's HTML as it is) as the HTML pages Pagefind reads."""
    return {path: record if isinstance(record, str) else record_html(record) for path, record in staged.items()}


# The staged pages are a function of the records and of this code: a digest of both stands for them.
_CODE = hashlib.sha256(Path(__file__).read_bytes() + Path(searchtext.__file__).read_bytes()).hexdigest()


def _versions() -> str:
    found = []
    for name in ("pagefind", "pagefind_bin_extended", "pagefind_bin"):
        try:
            found.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            pass
    return ";".join(found)


def digest(pages: dict, kind: str = "year") -> str:
    """sha256 of the staged records or pages (paths and exact content), this code, Pagefind's
    version and LANGUAGE."""
    h = hashlib.sha256(f"bulletin-search {kind}\0{_versions()}\0{LANGUAGE}\0{_CODE}\0".encode())
    for path in sorted(pages):
        data = pages[path] if isinstance(pages[path], str) else json.dumps(pages[path], ensure_ascii=False, sort_keys=True)
        h.update(f"{path}\0{len(data.encode())}\0".encode())
        h.update(data.encode())
    return h.hexdigest()


# -- the same pages, the same bytes --------------------------------------------------------------------
# Pagefind 1.5 writes a bundle's filters in hash-map order, different on every run: the filter chunks
# (CBOR [filter, [[value, [page, ...]], ...]]) and the metadata's list of them. Sorting both makes a
# bundle a function of its pages, so a warm cache and a fresh build give the same bytes.

SIGNATURE = b"pagefind_dcd"


def _cbor_head(major: int, value: int) -> bytes:
    if value < 24:
        return bytes([major << 5 | value])
    for extra, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if value < 1 << (8 * size):
            return bytes([major << 5 | extra]) + value.to_bytes(size, "big")
    raise ValueError(value)


def cbor_encode(value) -> bytes:
    """The CBOR subset Pagefind's metadata and filters use: unsigned and negative integers, text, arrays."""
    if isinstance(value, bool) or value is None:
        raise TypeError(value)
    if isinstance(value, int):
        return _cbor_head(0, value) if value >= 0 else _cbor_head(1, -1 - value)
    if isinstance(value, str):
        data = value.encode()
        return _cbor_head(3, len(data)) + data
    if isinstance(value, bytes):
        return _cbor_head(2, len(value)) + value
    if isinstance(value, list):
        return _cbor_head(4, len(value)) + b"".join(cbor_encode(v) for v in value)
    raise TypeError(value)


def cbor_decode(data: bytes):
    def item(at: int):
        major, extra = data[at] >> 5, data[at] & 31
        at += 1
        if extra < 24:
            value = extra
        elif extra <= 27:
            size = 1 << (extra - 24)
            value, at = int.from_bytes(data[at:at + size], "big"), at + size
        else:
            raise ValueError(f"CBOR item {data[at - 1]:#x} at {at - 1}: not in Pagefind's subset")
        if major == 0:
            return value, at
        if major == 1:
            return -1 - value, at
        if major in (2, 3):
            raw = data[at:at + value]
            return (raw.decode() if major == 3 else bytes(raw)), at + value
        if major == 4:
            found = []
            for _ in range(value):
                one, at = item(at)
                found.append(one)
            return found, at
        raise ValueError(f"CBOR major type {major} at {at}: not in Pagefind's subset")
    value, end = item(0)
    if end != len(data):
        raise ValueError("CBOR: trailing bytes")
    return value


def _unpack(path: Path):
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise ValueError(f"{path}: not a Pagefind file")
    return cbor_decode(data[len(SIGNATURE):])


def _pack(value) -> tuple[bytes, str]:
    data = SIGNATURE + cbor_encode(value)
    return gzip.compress(data, compresslevel=9, mtime=0), hashlib.sha256(data).hexdigest()


def canonical(bundle: Path) -> None:
    """Sort the bundle's filters and rename what that changes by the sha256 of its content."""
    renamed = {}
    for chunk in sorted((bundle / "filter").glob("*.pf_filter")):
        name, values = _unpack(chunk)
        packed, sha = _pack([name, sorted(values, key=lambda v: v[0])])
        language = chunk.stem.rsplit("_", 1)[0]
        renamed[chunk.stem] = f"{language}_{sha[:7]}"
        chunk.unlink()
        (bundle / "filter" / f"{renamed[chunk.stem]}.pf_filter").write_bytes(packed)
    entry = bundle / "pagefind-entry.json"
    text = entry.read_text(encoding="utf-8")
    for meta in sorted(bundle.glob("pagefind.*.pf_meta")):
        index = _unpack(meta)
        index[3] = sorted([name, renamed.get(chunk, chunk)] for name, chunk in index[3])
        packed, sha = _pack(index)
        old = meta.name[len("pagefind."):-len(".pf_meta")]
        new = f"{old.rsplit('_', 1)[0]}_{sha[:10]}"
        meta.unlink()
        (bundle / f"pagefind.{new}.pf_meta").write_bytes(packed)
        if f'"{old}"' not in text:
            raise ValueError(f"{entry}: no {old}")
        text = text.replace(f'"{old}"', f'"{new}"')
    entry.write_text(text, encoding="utf-8")


def _pagefind(pages: dict[str, str], output: Path, year: bool) -> None:
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
    if year:
        for path in output.iterdir():
            if not any(path.name == keep or path.name.endswith(keep) for keep in YEAR_KEEPS):
                shutil.rmtree(path) if path.is_dir() else path.unlink()


HASHES = ".hashes"   # a kept bundle's list of its files' SHA-256, not part of the bundle


def _files(bundle: Path) -> set[str]:
    names = {path.relative_to(bundle).as_posix() for path in bundle.rglob("*") if path.is_symlink() or not path.is_dir()}
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
    """Copy a kept bundle's files into `target` (never links), each checked against its listed
    hash; False if any file was changed, added or removed since it was kept."""
    try:
        hashes = json.loads((bundle / HASHES).read_text(encoding="utf-8"))
        if not isinstance(hashes, dict) or set(hashes) != _files(bundle):
            return False
        return all(copy_checked(bundle / name, digest, target / name) for name, digest in sorted(hashes.items()))
    except (OSError, ValueError):
        return False


def _cached(cache: Path, key: str, pages: dict[str, str], year: bool) -> Path:
    """cache/<key>/, built now unless an earlier build left it; built in a temporary folder and renamed."""
    done = cache / key
    if not done.is_dir():
        work = Path(tempfile.mkdtemp(prefix=".building-", dir=cache))
        try:
            _pagefind(_pages(pages), work / "bundle", year)
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
    """Write the search bundles into <site>/pagefind/ (the root bundle) and <site>/pagefind/<year>/;
    returns the root folder. With `cache` (a folder for these bundles), a year whose pages are unchanged
    since a build that used the same cache is not indexed again, and the bundles this build did not use
    are removed; cache=None indexes every year afresh. Either way the same pages give the same bytes."""
    output = Path(site_dir).resolve() / "pagefind"
    if output.exists():
        shutil.rmtree(output)
    years = staged_years(archive)
    root = {"index.html": ROOT_PAGE}
    jobs = [("root", root, False, output)] + [(year, pages, True, output / year) for year, pages in years.items()]
    workers = min(2, os.cpu_count() or 1)
    if cache is None:
        output.parent.mkdir(parents=True, exist_ok=True)
        _pagefind(_pages(root), output, False)
        with ThreadPoolExecutor(workers) as pool:
            list(pool.map(lambda job: _pagefind(_pages(job[1]), job[3], job[2]), jobs[1:]))
    else:
        cache = Path(cache).resolve()
        cache.mkdir(parents=True, exist_ok=True)
        keys = {name: digest(pages, "root" if name == "root" else "year") for name, pages, _, _ in jobs}
        with ThreadPoolExecutor(workers) as pool:
            built = dict(zip(keys, pool.map(lambda job: _cached(cache, keys[job[0]], job[1], job[2]), jobs)))
        for name, pages, year, target in jobs:
            if not _copy_checked_tree(built[name], target):   # changed since kept: built again
                shutil.rmtree(built[name], ignore_errors=True)
                shutil.rmtree(target, ignore_errors=True)
                if not _copy_checked_tree(_cached(cache, keys[name], pages, year), target):
                    raise OSError(f"{built[name]}: 检索索引缓存在使用时被改动，请重新生成")
        used = set(keys.values())
        for path in cache.iterdir():
            # older digests, and a crashed build's temporary folders (not another build's, running now);
            # nothing else, should the folder hold more than bundles
            stale = re.fullmatch(r"[0-9a-f]{64}", path.name) and path.name not in used
            if stale or (path.name.startswith(".building-") and _older_than(path, 3600)):
                shutil.rmtree(path, ignore_errors=True)
    (output / "years.json").write_text(json.dumps({"years": list(years)}) + "\n", encoding="utf-8")
    # read by the search page only when a query finds nothing ("did you mean", words.py)
    (output / "words.json").write_text(json.dumps(vocabulary(archive), ensure_ascii=False, separators=(",", ":")),
                                       encoding="utf-8")
    return output
