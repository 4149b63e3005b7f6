"""Every issue as an A4 PDF, printed at build time from its own page and print stylesheet.

Headless Chromium (Debian's, through Playwright) prints the built issue page the way a reader's
打印 does: the same HTML and the same `@media print` rules, so the PDF cannot drift from the
printed page. Printing costs one to two seconds an issue, so each PDF is kept in a cache outside
the published folder under a hash of what its printed page is made of (the issue's markup and the
stylesheets the page links); a build prints only the issues whose hash it has not seen.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from bulletin_mkdocs.chromium import CHROMIUM, CHROMIUM_ARGS  # the default browser, for callers outside a build

# Bump when the way a PDF is made changes (options below), so every cached PDF is printed again.
RECIPE = "pdf-1"
# Cached PDFs no build has used for this long are removed (several content folders may share a cache).
KEEP_DAYS = 30

_ARTICLE = re.compile(r'<article class="bl-issue".*?</article>', re.S)
_STYLESHEET = re.compile(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"')
# Links would point into the build folder: the paper has none, so the PDF keeps only in-page ones (目录).
_UNLINK = """() => document.querySelectorAll('a[href]:not([href^="#"])').forEach(a => a.removeAttribute('href'))"""


class PdfUnavailable(Exception):
    """PDFs are required but this machine cannot print them; the message says what to install."""


def check_printer(chromium: str = CHROMIUM) -> None:
    try:
        import playwright.async_api  # noqa: F401
    except ImportError:
        raise PdfUnavailable("生成刊物 PDF 需要 Playwright：请运行 bash scripts/setup.sh 安装依赖。") from None
    if not Path(chromium).is_file():
        raise PdfUnavailable(
            f"生成刊物 PDF 需要 Chromium，但未找到 {chromium}。\n"
            "请安装 Debian 的 chromium 软件包（apt-get install chromium），或用 BULLETIN_CHROMIUM 指定其路径；\n"
            "不需要 PDF 时可设置 BULLETIN_PDF=off 跳过。")


@dataclass
class Job:
    page: Path   # the built issue page (index.html)
    pdf: Path    # where its PDF goes in the site


@dataclass
class Report:
    printed: int = 0
    cached: int = 0
    seconds: float = 0.0
    slowest: float = 0.0

    def __str__(self) -> str:
        each = f"，每期约 {self.seconds / self.printed:.2f} 秒（最慢 {self.slowest:.2f} 秒）" if self.printed else ""
        return f"刊物 PDF：新印 {self.printed} 期{each}，沿用缓存 {self.cached} 期（共 {self.seconds:.1f} 秒）"


def _printer_version(chromium: str) -> str:
    """Changes when Debian upgrades Chromium (a new browser may lay out differently): reprint then."""
    try:
        return str(Path(chromium).resolve().stat().st_mtime_ns)
    except OSError:
        return ""


def fingerprint(site_dir: Path, page: Path, printer: str = "") -> str:
    """A hash of what the printed issue is made of: its article (titles, bodies, colophon) and stylesheets.

    The rest of the page (navigation, footer with the build date) never prints, so it is left out:
    a new issue elsewhere or tomorrow's build date does not reprint every PDF."""
    html = page.read_text(encoding="utf-8")
    article = _ARTICLE.search(html)
    digest = hashlib.sha256(f"{RECIPE} {printer}".encode())
    digest.update(article.group(0).encode() if article else html.encode())
    for href in _STYLESHEET.findall(html):
        sheet = (page.parent / href).resolve()
        if sheet.is_file() and site_dir.resolve() in sheet.parents:
            digest.update(sheet.read_bytes())
    return digest.hexdigest()


def _place(cached: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(cached, target)        # same disk: no copy of a 5,000-issue archive's PDFs
    except OSError:
        shutil.copyfile(cached, target)


def _prune(cache_dir: Path) -> None:
    cutoff = time.time() - KEEP_DAYS * 86400
    for old in cache_dir.glob("*.pdf"):
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)


def print_issues(site_dir: Path, jobs: list[Job], cache_dir: Path, chromium: str = CHROMIUM, workers: int = 0) -> Report:
    """Put each job's PDF in place, printing only those not in the cache, in `workers` tabs at once
    (0: one a core, four at most)."""
    report = Report()
    cache_dir.mkdir(parents=True, exist_ok=True)
    todo = []
    printer = _printer_version(chromium)
    for job in jobs:
        cached = cache_dir / f"{fingerprint(site_dir, job.page, printer)}.pdf"
        if cached.is_file():
            os.utime(cached)           # still in use: kept by _prune
            _place(cached, job.pdf)
            report.cached += 1
        else:
            todo.append((job, cached))
    _prune(cache_dir)
    if not todo:
        return report
    check_printer(chromium)
    workers = workers or min(4, os.cpu_count() or 1)
    started = time.perf_counter()
    asyncio.run(_print_all(todo, chromium, workers, report))
    report.seconds = time.perf_counter() - started
    return report


async def _print_all(todo: list[tuple[Job, Path]], chromium: str, workers: int, report: Report) -> None:
    """A cold build of a ten-year archive prints thousands of issues: one browser, several tabs."""
    from playwright.async_api import async_playwright
    queue = list(reversed(todo))

    async def worker(context) -> None:
        tab = await context.new_page()
        while queue:
            job, cached = queue.pop()
            began = time.perf_counter()
            await tab.goto(job.page.resolve().as_uri(), wait_until="load")
            await tab.evaluate("document.fonts.ready.then(() => true)")
            await tab.evaluate(_UNLINK)
            partial = cached.with_suffix(f".{os.getpid()}.{id(tab)}.part")
            await tab.pdf(path=str(partial), prefer_css_page_size=True, print_background=True, outline=True, tagged=True)
            partial.replace(cached)   # atomic: a parallel build never reads half a PDF
            _place(cached, job.pdf)
            report.printed += 1
            report.slowest = max(report.slowest, time.perf_counter() - began)

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            context = await browser.new_context(locale="zh-CN")
            await asyncio.gather(*(worker(context) for _ in range(min(workers, len(todo)))))
        finally:
            await browser.close()
