#!/usr/bin/env python3
"""Build synthetic archives of N items and report what grows with the archive.

    .venv/bin/python scripts/benchmark.py 1000 5000 20000

For each N: seconds to load and validate, to derive the archive and to score the leaderboard (in
this process), then the whole `bulletin build` (a child process) with its peak memory, the page
count, median and largest page, total site size and the search index a browser downloads.
Numbers are for comparing runs on the same machine, not pass/fail.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bulletin.archive import Archive  # noqa: E402
from bulletin.load import load_content  # noqa: E402
from bulletin.scoring import Leaderboard  # noqa: E402
from bulletin.synthetic import write_archive  # noqa: E402


def timed(action):
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


def measure(items: int, workdir: Path) -> dict:
    content, site = workdir / f"content-{items}", workdir / f"site-{items}"
    write_archive(ROOT / "content", content, items, start_year=2017, years=max(2, items // 2000), seed=1)
    loaded, load_s = timed(lambda: load_content(content))
    archive, archive_s = timed(lambda: Archive(loaded))
    board, board_s = timed(lambda: Leaderboard(archive))
    _, tables_s = timed(lambda: [board.table(p, g) for y in board.years for p in board.periods(y) for g in archive.settings.groups])
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    _, build_s = timed(lambda: subprocess.run(
        [sys.executable, "-m", "bulletin.cli", "build", "--content", str(content), "--out", str(site)],
        check=True, capture_output=True))
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    pages = [p.stat().st_size for p in site.rglob("*.html")]
    search = site / "search" / "search_index.json"
    return {
        "items": items, "issues": len(loaded.issues), "load_s": round(load_s, 2), "archive_s": round(archive_s, 2),
        "leaderboard_s": round(board_s + tables_s, 2), "build_s": round(build_s, 1),
        "build_peak_mib": round(max(peak_kib, before) / 1024), "pages": len(pages),
        "median_page_kib": round(statistics.median(pages) / 1024, 1), "max_page_kib": round(max(pages) / 1024, 1),
        "site_mib": round(sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 2**20, 1),
        "search_download_kib": round(search.stat().st_size / 1024) if search.exists() else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 5000, 20000])
    parser.add_argument("--json", action="store_true", help="print one JSON object per size")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bulletin-bench-") as workdir:
        for items in args.sizes:
            row = measure(items, Path(workdir))
            print(json.dumps(row) if args.json else "  ".join(f"{k}={v}" for k, v in row.items()), flush=True)


if __name__ == "__main__":
    main()
