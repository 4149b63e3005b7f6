"""What a built site must be before readers get it, checked on the files themselves.

Run by `bulletin publish` between the build and the swap: a site that fails stays unpublished.
- every internal link and asset resolves to a file of the site;
- nothing refers to another host (the intranet reaches nothing outside);
- every approved item and every issue has its page;
- no unapproved item's id or title appears anywhere.
Attributes are found with a regular expression rather than an HTML parser: the generator writes
them double-quoted, and a parser would cost minutes on a ten-year archive.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from .archive import Archive
from .sitebuild import read_manifest

LINK = re.compile(r"""\s(?:href|src|action|poster|data-src)\s*=\s*["']([^"']*)["']""")
CSS_URL = re.compile(r"""url\(\s*["']?([^"')]+)["']?\s*\)""")
REFRESH = re.compile(r"""<meta[^>]+http-equiv=["']refresh["'][^>]*content=["'][^"']*url=([^"']+)["']""", re.I)
NOT_FETCHED = ("data:", "mailto:", "tel:", "blob:", "#", "about:")
TEXT_FILES = {".html", ".xml", ".json", ".csv", ".txt", ".css"}
ID_TOKEN = re.compile(r"[0-9A-Za-z][0-9A-Za-z_-]*")
BASE = "http://site.invalid"
SHOWN = 20  # problems listed per kind; the count says the rest


def verify(site: Path, archive: Archive, site_url: str | None) -> list[str]:
    """Every problem found in the built site at `site`, as lines for the editor."""
    problems: list[str] = []
    manifest = read_manifest(site)
    if manifest is None:
        return ["网站目录中没有生成清单，构建不完整"]
    problems += _missing_pages(site, archive, manifest)
    problems += _bad_links(site, site_url)
    problems += _unapproved_leaks(site, archive)
    return problems


def _page_file(site: Path, url: str) -> Path:
    return site / url / "index.html" if url.endswith("/") or not url else site / url


def _missing_pages(site: Path, archive: Archive, manifest: dict) -> list[str]:
    problems = []
    for item_id in archive.items:
        url = manifest["items"].get(item_id)
        if url is None or not _page_file(site, url).is_file():
            problems.append(f"已审核稿件 {item_id} 没有页面")
    for issue in archive.content.issues:
        url = manifest["issues"].get(issue.path)
        if url is None or not _page_file(site, url).is_file():
            problems.append(f"刊物 {issue.path} 没有页面")
    return problems


def _site_path(site_url: str | None) -> tuple[str, str]:
    """(scheme://host, path prefix) the site is served at."""
    if not site_url:
        return "", "/"
    parts = urlsplit(site_url)
    prefix = parts.path if parts.path.endswith("/") else parts.path + "/"
    return f"{parts.scheme}://{parts.netloc}".lower(), prefix


def _bad_links(site: Path, site_url: str | None) -> list[str]:
    origin, prefix = _site_path(site_url)
    outside: list[str] = []
    broken: list[str] = []
    known: dict[str, bool] = {}
    files = sorted(p for p in site.rglob("*") if p.suffix in (".html", ".css") and p.is_file())
    for file in files:
        relative = file.relative_to(site).as_posix()
        text = file.read_text(encoding="utf-8", errors="replace")
        urls = CSS_URL.findall(text) if file.suffix == ".css" else LINK.findall(text) + REFRESH.findall(text)
        page = f"{BASE}{prefix}{relative}"
        for raw in urls:
            url = html.unescape(raw).strip()
            if not url or url.lower().startswith(NOT_FETCHED):
                continue
            parts = urlsplit(url)
            if parts.scheme or parts.netloc:
                absolute = f"{parts.scheme or urlsplit(site_url or 'http:').scheme}://{parts.netloc}".lower()
                if absolute != origin:
                    outside.append(f"{relative}: 引用了外部地址 {url}")
                    continue
                url = parts.path + (f"?{parts.query}" if parts.query else "")
            target = urlsplit(urljoin(page, url)).path
            if not target.startswith(prefix):
                broken.append(f"{relative}: 链接 {url} 指向网站之外")
                continue
            path = unquote(target[len(prefix):])
            if path not in known:
                candidate = site / path
                known[path] = (candidate / "index.html").is_file() if (not path or path.endswith("/") or candidate.is_dir()) \
                    else candidate.is_file()
            if not known[path]:
                broken.append(f"{relative}: 链接 {url} 指向不存在的文件")
    return _listed("外部引用", outside) + _listed("无效链接", broken)


def _unapproved_leaks(site: Path, archive: Archive) -> list[str]:
    hidden = [item for item in archive.content.items.values() if not item.approved]
    if not hidden:
        return []
    # A draft may share its title with a published item (a resubmission): what published content
    # says itself cannot be a leak.
    published = "\n".join(f"{item.title}\n{item.summary or ''}\n{item.body}" for item in archive.items.values())
    published += "\n".join(issue.foreword or "" for issue in archive.content.issues)
    cited = set(ID_TOKEN.findall(published))
    ids = {item.id: item for item in hidden if item.id not in cited}
    titles = {}
    for item in hidden:
        if item.title in published:
            continue
        for form in {item.title, html.escape(item.title, quote=False), html.escape(item.title)}:
            titles[form] = item
    leaks = []
    for file in sorted(p for p in site.rglob("*") if p.suffix in TEXT_FILES and p.is_file()):
        text = file.read_text(encoding="utf-8", errors="replace")
        relative = file.relative_to(site).as_posix()
        for token in set(ID_TOKEN.findall(text)) & ids.keys():
            leaks.append(f"{relative}: 出现了未审核稿件的编号 {token}（{ids[token].path}）")
        for title, item in titles.items():
            if title in text:
                leaks.append(f"{relative}: 出现了未审核稿件的标题“{item.title}”（{item.path}）")
    return _listed("未审核稿件外泄", leaks)


def _listed(kind: str, problems: list[str]) -> list[str]:
    if len(problems) <= SHOWN:
        return problems
    return problems[:SHOWN] + [f"……{kind}共 {len(problems)} 处"]
