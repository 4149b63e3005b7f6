#!/usr/bin/env python3
"""Build synthetic archives of N items and report what grows with the archive.

    .venv/bin/python scripts/benchmark.py 1000 5000 20000

For each N: seconds to load and validate, to derive the archive and to score the leaderboard (in
this process); the whole `bulletin build` (a child process) with its peak memory; the Pagefind
index alone (time, peak memory, size); page count, median and largest page, site size; for three
queries in headless Chromium, the bytes downloaded after the search page has loaded and the time
to the first result; and Chinese recall (up to --recall-max items). Numbers are for comparing
runs on the same machine, not pass/fail.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "hooks"))

import search_recall  # noqa: E402
from bulletin_site import index_command  # noqa: E402
from bulletin.archive import Archive  # noqa: E402
from bulletin.load import load_content  # noqa: E402
from bulletin.scoring import Leaderboard  # noqa: E402
from bulletin.synthetic import write_archive  # noqa: E402

QUERIES = ["棉花", "防汛 乡镇", "再就业 政策"]


def timed(action):
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


def run_measured(command: list[str]) -> tuple[float, int]:
    """Seconds and peak resident MiB of one command and the children it waited for."""
    start = time.perf_counter()
    # Issue PDFs are left out: printing cost is per issue and cached (hooks/issue_pdf.py reports it).
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               env=dict(os.environ, BULLETIN_PDF="off"))
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{process.stderr.read().decode()}")
    return seconds, usage.ru_maxrss // 1024


def query_costs(browser, site: Path) -> list[dict]:
    """Per query: bytes fetched after the search page has loaded, and ms to the first result."""
    server, url = search_recall.serve_root(site)
    rows = []
    try:
        for query in QUERIES:
            page = browser.new_page()
            page.goto(url + "search/", wait_until="networkidle")
            page.locator(".bl-search__status", has_text="请输入").wait_for()
            fetched = []
            page.on("requestfinished", lambda request, fetched=fetched: fetched.append(request.sizes()["responseBodySize"]))
            page.fill("#bl-q", query)
            start = time.perf_counter()
            page.click(".bl-search__form button")
            # the status is set once results are on the page ("找到 N 条") or there are none ("没有找到")
            answer = page.locator(".bl-search__status", has_text="找到")
            answer.wait_for(timeout=30_000)
            first_ms = (time.perf_counter() - start) * 1000
            page.wait_for_load_state("networkidle")
            count = answer.inner_text().split()
            rows.append({"query": query, "kib": round(sum(fetched) / 1024), "first_result_ms": round(first_ms),
                         "results": int(count[1]) if len(count) > 1 else 0})
            page.close()
    finally:
        server.shutdown()
    return rows


def measure(items: int, workdir: Path, browser, recall_max: int) -> dict:
    content, site = workdir / f"content-{items}", workdir / f"site-{items}"
    write_archive(ROOT / "content", content, items, start_year=2017, years=max(2, items // 2000), seed=1)
    loaded, load_s = timed(lambda: load_content(content))
    archive, archive_s = timed(lambda: Archive(loaded))
    board, board_s = timed(lambda: Leaderboard(archive))
    _, tables_s = timed(lambda: [board.table(p, g) for y in board.years for p in board.periods(y) for g in archive.settings.groups])
    build_s, build_mib = run_measured([sys.executable, "-m", "bulletin.cli", "build", "--content", str(content), "--out", str(site)])
    index_s, index_mib = run_measured(index_command(site))
    pages = [p.stat().st_size for p in site.rglob("*.html")]
    row = {
        "items": items, "issues": len(loaded.issues), "load_s": round(load_s, 2), "archive_s": round(archive_s, 2),
        "leaderboard_s": round(board_s + tables_s, 2), "build_s": round(build_s, 1), "build_peak_mib": build_mib,
        "index_s": round(index_s, 1), "index_peak_mib": index_mib,
        "index_mib": round(sum(p.stat().st_size for p in (site / "pagefind").rglob("*") if p.is_file()) / 2**20, 1),
        "pages": len(pages), "median_page_kib": round(statistics.median(pages) / 1024, 1),
        "max_page_kib": round(max(pages) / 1024, 1),
        "site_mib": round(sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 2**20, 1),
        "queries": query_costs(browser, site),
    }
    if items <= recall_max:
        recall = search_recall.measure(site, archive, browser)
        row["recall"] = round(recall["recall"], 3)
        row["recall_words"] = len(recall["words"])
    return row


def main() -> None:
    from playwright.sync_api import sync_playwright
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 5000, 20000])
    parser.add_argument("--recall-max", type=int, default=5000, help="measure recall up to this many items")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bulletin-bench-") as workdir, sync_playwright() as playwright:
        browser = search_recall.launch(playwright)
        for items in args.sizes:
            print(json.dumps(measure(items, Path(workdir), browser, args.recall_max), ensure_ascii=False), flush=True)
        browser.close()


if __name__ == "__main__":
    main()
