"""What a built site must be before readers get it, checked on the files themselves.

Run by `bulletin publish` between the build and the swap: a site that fails stays unpublished.
- every internal link and asset resolves to a file of the site, wherever a browser finds a URL
  (`site_urls`: srcset, style and CSS url(), @import, object data, meta refresh, SVG href...);
- nothing refers to another host (the intranet reaches nothing outside), no page embeds a data:
  document, and no symbolic link leads out of the site;
- every approved item and every issue has its page, and every data file the plan declares is there
  (when the build date is known: which years have a CSV depends on it);
- no unapproved item's id or title appears anywhere.
Attributes are found with a regular expression rather than an HTML parser: the generator writes
them double-quoted, and a parser would cost minutes on a ten-year archive.
"""

from __future__ import annotations

import html
import posixpath
import re
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bulletin.archive import Archive
from bulletin.content.id_tokens import ID_TOKEN, inside_token
from bulletin.cycle.scoring import Leaderboard
from bulletin.model import Item
from bulletin.ops import site_urls
from bulletin.ops.site_build import read_manifest
from bulletin.site.plan import data_files
from bulletin.site.urls import Links

NOT_FETCHED = ("data:", "mailto:", "tel:", "blob:", "#", "about:")
SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
URL_READERS = {".html": site_urls.in_html, ".htm": site_urls.in_html, ".xhtml": site_urls.in_html, ".svg": site_urls.in_html,
               ".css": site_urls.in_css, ".js": site_urls.in_script, ".mjs": site_urls.in_script}
TEXT_FILES = {".html", ".xml", ".json", ".csv", ".txt", ".css"}
SHOWN = 20  # problems listed per kind; the count says the rest


def verify(site: Path, archive: Archive, site_url: str | None, only: set[str] | None = None,
           built: date | None = None, board: Leaderboard | None = None, odd: list[str] | None = None,
           files: set[str] | None = None, targets: dict[str, list[str]] | None = None,
           fixed: dict[str, str] | None = None) -> list[str]:
    """Every problem found in the built site at `site`, as lines for the editor.

    `only` (paths relative to the site) limits the reading of files to those: publish passes the
    files that differ from the release served, which passed this check when it was published.
    Links are still resolved against the whole site, and every page is still required.
    `built` is the build date: given it, the data files planned for that day are required too
    (`board`: the archive's leaderboard on that day, if the caller already has it). `odd`: the
    entries of the site that are neither files nor folders, if the caller has just listed them:
    with none, there is no symbolic link to follow. `files`: the site's regular files (relative
    paths), if the caller has just listed them: pages and link targets are looked up there instead
    of asking the file system once each. `targets`, if given, is filled with each file read for its
    links -> the site's files those links resolve to (publish keeps it: bulletin/ops/link_index.py).
    `fixed`: the product's own pages (site path -> their Markdown, release_inputs.nav_pages): an id
    or title one of them says in its own text is not a leak on it (the editors' guide's examples are
    ids like 2026-0087, which an office's draft will have)."""
    problems: list[str] = []
    manifest = read_manifest(site)
    if manifest is None:
        return ["网站目录中没有生成清单，构建不完整"]
    exists = _Exists(site, files)
    problems += _missing_pages(exists, archive)
    if built is not None:
        problems += _missing_data(exists, archive, board or Leaderboard(archive, built))
    problems += _listed("符号链接", site_urls.links_out_of(site) if odd is None or odd else [])
    problems += _bad_links(site, site_url, only, exists, targets)
    problems += _unapproved_leaks(site, archive, only, fixed or {})
    return problems


def unchanged_files_still_hold(removed: set[str]) -> bool:
    """Whether files unchanged since a verified release still pass when these files are gone: not
    if a page or asset went, which an unchanged page may link to. Pagefind's index files carry
    content hashes in their names and only Pagefind's own entry files (changed with them) name them."""
    return all(path.startswith("pagefind/") for path in removed)


def _read(site: Path, suffixes, only: set[str] | None) -> list[Path]:
    if only is not None:
        found = (site / path for path in only)
    else:
        found = site.rglob("*")
    # A symbolic link is not read through (it may lead anywhere): links_out_of names the bad ones.
    return sorted(p for p in found if p.suffix in suffixes and p.is_file() and not p.is_symlink())


class _Exists:
    """Which paths of the site a URL may load: a file, or a folder's index.html. Asked of the
    caller's listing when there is one (a set lookup, where a stat per path cost a second at
    5,000 items); a path that is not in its plain form (`a/../b` after %-decoding) goes to the
    file system, as before."""

    def __init__(self, site: Path, files: set[str] | None) -> None:
        self.site, self.files = site, files
        self.known: dict[str, str | None] = {}

    def file(self, inside: str) -> bool:
        """Whether `inside` (relative to the site) is a regular file."""
        if self.files is not None and _plain(inside):
            return inside in self.files
        return (self.site / inside).is_file()

    def target(self, inside: str, normal: bool = False) -> str | None:
        """The file a URL path (relative to the site, "" or "x/" a folder) loads, or None.
        `normal`: the path is normpath's output as it is (nothing %-decoded into it)."""
        if inside not in self.known:
            if not inside or inside.endswith("/"):
                found = inside + "index.html"
            elif self.files is not None and (normal or _plain(inside)):
                found = inside if inside in self.files else inside + "/index.html"
            else:
                found = inside + "/index.html" if (self.site / inside).is_dir() else inside
            # kept as the listing names it, so an index of targets matches it against removed files
            self.known[inside] = (found if _plain(found) else posixpath.normpath(found)) if self.file(found) else None
        return self.known[inside]


def _plain(path: str) -> bool:
    """A path a listing names as it is: no empty, `.` or `..` part (the file system resolves
    those; a listing does not)."""
    return not path.startswith("/") and "//" not in path and not any(part in (".", "..") for part in path.split("/"))


def _page_file(url: str) -> str:
    return url + "index.html" if url.endswith("/") or not url else url


def _missing_pages(exists: _Exists, archive: Archive) -> list[str]:
    problems = []
    for item in archive.items.values():
        if not exists.file(_page_file(Links.item(item))):
            problems.append(f"已审核稿件 {item.id} 没有页面")
    for issue in archive.content.issues:
        if not exists.file(_page_file(Links.issue(issue))):
            problems.append(f"刊物 {issue.path} 没有页面")
    return problems


def _missing_data(exists: _Exists, archive: Archive, board: Leaderboard) -> list[str]:
    return [f"数据文件 {data.path} 缺失" for data in data_files(archive, board) if not exists.file(data.path)]


def _site_path(site_url: str | None) -> tuple[str, str]:
    """(scheme://host, path prefix) the site is served at."""
    if not site_url:
        return "", "/"
    parts = urlsplit(site_url)
    prefix = parts.path if parts.path.endswith("/") else parts.path + "/"
    return f"{parts.scheme}://{parts.netloc}".lower(), prefix


def _bad_links(site: Path, site_url: str | None, only: set[str] | None, exists: _Exists,
               targets: dict[str, list[str]] | None) -> list[str]:
    origin, prefix = _site_path(site_url)
    outside: list[str] = []
    broken: list[str] = []
    embedded: list[str] = []
    for file in _read(site, tuple(URL_READERS), only):
        relative = file.relative_to(site).as_posix()
        loads = targets.setdefault(relative, []) if targets is not None else []
        found = URL_READERS[file.suffix](file.read_text(encoding="utf-8", errors="replace"))
        embedded += [f"{relative}: {problem}" for problem in found.problems]
        folder = posixpath.dirname(prefix + relative)
        folder += "" if folder.endswith("/") else "/"
        for url in found.urls:
            if not url or url.lower().startswith(NOT_FETCHED):
                continue
            scheme = SCHEME.match(url)
            if scheme and scheme.group(1).lower() not in ("http", "https"):
                outside.append(f"{relative}: 地址 {url} 使用了 {scheme.group(1)}: 协议（只允许本站的 http/https 地址）")
                continue
            path = url
            if "//" in url.split("?", 1)[0].split("#", 1)[0]:  # scheme://host/... or //host/...
                parts = urlsplit(url)
                if f"{parts.scheme or urlsplit(origin or 'http:').scheme}://{parts.netloc}".lower() != origin:
                    outside.append(f"{relative}: 引用了外部地址 {url}")
                    continue
                path = parts.path
            path = path.split("#", 1)[0].split("?", 1)[0]
            joined = path if path.startswith("/") else folder + path   # posixpath.join's, without its checks per URL
            target = posixpath.normpath(joined)
            # A folder link (`x/`, `.`, `/.`) names its index.html; normpath drops the slash, except
            # at the host root, where "/" already is one: adding another made "//", i.e. site / "/".
            if (joined.endswith("/") or joined.endswith("/.")) and not target.endswith("/"):
                target += "/"
            if not (target + "/").startswith(prefix):
                broken.append(f"{relative}: 链接 {url} 指向网站之外")
                continue
            inside = target[len(prefix):]
            loaded = exists.target(unquote(inside), "%" not in inside and not inside.startswith("/"))
            if loaded is None:
                broken.append(f"{relative}: 链接 {url} 指向不存在的文件")
            else:
                loads.append(loaded)
    return _listed("外部引用", outside) + _listed("无效链接", broken) + _listed("内嵌文档", embedded)


def _unapproved_leaks(site: Path, archive: Archive, only: set[str] | None = None, fixed: dict[str, str] | None = None) -> list[str]:
    hidden = [item for item in archive.content.items.values() if not item.approved]
    # A draft may share its title with a published item (a resubmission): what published content
    # says itself cannot be a leak.
    published = "\n".join(f"{item.title}\n{item.summary or ''}\n{item.body}" for item in archive.items.values())
    published += "\n".join(issue.foreword or "" for issue in archive.content.issues)
    cited = set(ID_TOKEN.findall(published))
    wanted: dict[str, Item] = {item.id: item for item in hidden if item.id not in cited}
    for item in hidden:
        if item.title not in published:
            wanted.update({form: item for form in (item.title, html.escape(item.title, quote=False), html.escape(item.title))})
    if not wanted:
        return []
    # One alternation of the ids and one of the titles: the regex engine scans each file twice, where
    # a test per draft per file would cost pages x drafts. Apart, each keeps the engine's fast scan
    # for its first characters (digits; the titles' characters): together they cost 2.7 times as
    # much (0.52 -> 0.19 s on the 257 files a new issue changes at 5,000 items). (No look-behind
    # either: that would cost the same fast scan.) An id inside a leaked title is named as well.
    patterns = [re.compile("|".join(map(re.escape, sorted(group, key=len, reverse=True))))
                for group in ([key for key in wanted if key == wanted[key].id], [key for key in wanted if key != wanted[key].id])
                if group]
    leaks = []
    for file in _read(site, TEXT_FILES, only):
        text = file.read_text(encoding="utf-8", errors="replace")
        found = {match.group() for pattern in patterns for match in pattern.finditer(text) if not inside_token(text, match)}
        relative = file.relative_to(site).as_posix()
        own = (fixed or {}).get(relative)
        for hit in sorted(found):
            if own is not None and hit in own:   # the product's page says it whatever the content
                continue
            item = wanted[hit]
            what = f"编号 {hit}" if hit == item.id else f"标题“{item.title}”"
            leaks.append(f"{relative}: 出现了未审核稿件的{what}（{item.path}）")
    return _listed("未审核稿件外泄", leaks)


def _listed(kind: str, problems: list[str]) -> list[str]:
    if len(problems) <= SHOWN:
        return problems
    return problems[:SHOWN] + [f"……{kind}共 {len(problems)} 处"]
