#!/usr/bin/env python3
"""Build synthetic archives of N items and report what grows with the archive.

    .venv/bin/python scripts/benchmark.py 1000 5000 20000

For each N: seconds to load and validate, to derive the archive and to score the leaderboard (in
this process); the whole `bulletin build` (a child process) with its peak memory; the search
index alone (time, size); page count, median and largest page, site size; and search quality in
headless Chromium (testsupport/search_quality.py): recall, precision and precision@10 per query
group, ms to the first result and KB fetched per query on a fresh page, and the search page's
first load. Numbers are for comparing runs on the same machine, not pass/fail.
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
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from bulletin_mkdocs.search_index import write_index
from bulletin.archive import Archive
from bulletin.load import load_content
from bulletin.scoring import Leaderboard
from testsupport.synthetic import write_archive
from testsupport import launch
from testsupport.search_quality import evaluate


def timed(action):
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


def run_measured(command: list[str]) -> tuple[float, int]:
    """Seconds and peak resident MiB of one command and the children it waited for."""
    start = time.perf_counter()
    # Issue PDFs are left out: printing cost is per issue and cached (bulletin_mkdocs/issue_pdf.py reports it).
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               env=dict(os.environ, BULLETIN_PDF="off"))
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{process.stderr.read().decode()}")
    return seconds, usage.ru_maxrss // 1024


def measure(items: int, workdir: Path, browser, full_quality_max: int) -> dict:
    content, site = workdir / f"content-{items}", workdir / f"site-{items}"
    write_archive(ROOT / "content", content, items, start_year=2017, years=max(2, items // 2000), seed=1)
    loaded, load_s = timed(lambda: load_content(content))
    archive, archive_s = timed(lambda: Archive(loaded))
    board, board_s = timed(lambda: Leaderboard(archive))
    _, tables_s = timed(lambda: [board.table(p, g) for y in board.years for p in board.periods(y) for g in archive.settings.groups])
    build_s, build_mib = run_measured([sys.executable, "-m", "bulletin.cli", "build", "--content", str(content), "--out", str(site)])
    # in a thread: Playwright's sync API holds this thread's event loop, and the index needs its own
    with ThreadPoolExecutor(1) as pool:
        _, index_s = pool.submit(timed, lambda: write_index(archive, site)).result()
    pages = [p.stat().st_size for p in site.rglob("*.html")]
    row = {
        "items": items, "issues": len(loaded.issues), "load_s": round(load_s, 2), "archive_s": round(archive_s, 2),
        "leaderboard_s": round(board_s + tables_s, 2), "build_s": round(build_s, 1), "build_peak_mib": build_mib,
        "index_s": round(index_s, 1),
        "index_mib": round(sum(p.stat().st_size for p in (site / "pagefind").rglob("*") if p.is_file()) / 2**20, 1),
        "pages": len(pages), "median_page_kib": round(statistics.median(pages) / 1024, 1),
        "max_page_kib": round(max(pages) / 1024, 1),
        "site_mib": round(sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 2**20, 1),
    }
    # every result of every query is loaded to judge it: on big archives, a seeded sample of the words
    sample = {} if items <= full_quality_max else {"random_count": 100, "domain_sample": 120}
    quality = evaluate(site, archive, browser, **sample)
    row["search_first_load_kb"] = {k: round(v) for k, v in quality["first_load"].items()}
    row["search_cold"] = [{k: r[k] for k in ("query", "ms", "kb")} for r in quality["cold"]]
    row["search_quality"] = {name: {k: round(v, 3) if isinstance(v, float) else v for k, v in g.items()}
                             for name, g in quality["groups"].items()}
    return row


def main() -> None:
    from playwright.sync_api import sync_playwright
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 5000, 20000])
    parser.add_argument("--full-quality-max", type=int, default=1000,
                        help="ask every word up to this many items; a seeded sample above it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bulletin-bench-") as workdir, sync_playwright() as playwright:
        browser = launch(playwright)
        for items in args.sizes:
            print(json.dumps(measure(items, Path(workdir), browser, args.full_quality_max), ensure_ascii=False), flush=True)
        browser.close()


if __name__ == "__main__":
    main()
