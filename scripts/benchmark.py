#!/usr/bin/env python3
"""Build synthetic archives of N items and measure the build against the Python floor (issue #12).

    .venv/bin/python scripts/benchmark.py 1000 5000 20000 [--json FILE] [--no-search]
    .venv/bin/python scripts/benchmark.py 5000 --merge    # publish as CI does after a merge

For each N, in one run on one machine:
  floor        testsupport/floor.py over the same content: read, libyaml front matter,
               python-markdown, a minimal Jinja2 template and a write per item, nothing else
               (three runs when short, the median kept);
  full build   `bulletin build` into an empty cache (a child process): nothing to reuse, as with
               --clean (its render phase reports 0 pages reused), and it fills the cache the
               rebuilds start from, as a first publish does; wall and CPU seconds (children such as
               Pagefind included), and each phase's seconds, CPU and peak MiB as the build reports
               them (BULLETIN_PHASES): load, plan, mkdocs, render, write, pdf, search; peak MiB is
               the larger of the phases' (processes running at once, summed) and the kernel's
               largest single process;
  the ratio    site phase (every phase but search and pdf) / (floor per page x HTML pages);
  rebuilds     with that cache: the warm-up, a rebuild with nothing changed (every page reused:
               the fixed cost of a build), then adding one issue of 5 new items and rebuilding,
               then an editorial fix to one item's body and rebuilding (wall, CPU, peak, phases
               with pages rendered and reused);
  the site     pages, median and largest page, site and search index size;
  search       (unless --no-search) quality in headless Chromium, testsupport/search_quality.py.
It prints a table per size, the phases, and for every figure whether it grew linearly (per item at
the largest size within 1.3x of the smallest), and writes all of it to JSON after every size.
Issue PDFs are left out (BULLETIN_PDF=off): printing is per issue and cached. Progress goes to
stderr. Numbers compare runs on the same machine; they are not pass/fail.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from testsupport.merge_bench import merge_scenario, merge_table
from testsupport.peak_memory import run_measured as measured
from testsupport.synthetic import FIX, add_issue, edit_item, write_archive

ROOT = Path(__file__).resolve().parent.parent
PHASES = ("load", "plan", "mkdocs", "render", "write", "pdf", "search")
NOT_SITE = ("search", "pdf")   # the site phase is every other phase
LINEAR = 1.3                   # per-item cost at the largest size within this of the smallest


def progress(items: int, text: str) -> None:
    print(f"[{datetime.now():%H:%M:%S} {items:>6} items] {text}", file=sys.stderr, flush=True)


def years_for(items: int) -> int:
    """One year per 2,000 items, 2 to 10: a ten-year archive holds 10,000-40,000 items (and
    dates more than a year ahead are refused as typos)."""
    return min(10, max(2, items // 2000))


# -- running things ------------------------------------------------------------------------------

def run_measured(command: list[str], env: dict | None = None, capture: bool = False) -> dict:
    """Wall and CPU seconds and peak resident MiB of one command and the children it waited for
    (and its output, as "stdout", if `capture`)."""
    start = time.perf_counter()
    run = measured(command, cwd=ROOT, stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
                   stderr=subprocess.PIPE, env=dict(os.environ, PYTHONUTF8="1", **(env or {})))
    seconds = time.perf_counter() - start
    if run.returncode != 0:
        raise SystemExit(f"failed ({run.returncode}): {' '.join(command)}\n{run.stderr.decode(errors='replace')}")
    result = {"seconds": round(seconds, 3), "cpu": round(run.cpu, 3), "peak_mib": int(run.peak_mib)}
    if capture:
        result["stdout"] = run.stdout.decode(errors="replace")
    return result


def build_options() -> set[str]:
    """Which of --clean and --cache this checkout's `bulletin build` takes (older ones take neither)."""
    text = subprocess.run([sys.executable, "-m", "bulletin.cli", "build", "--help"], cwd=ROOT,
                          capture_output=True, text=True, env=dict(os.environ, PYTHONUTF8="1")).stdout
    return {option for option in ("--clean", "--cache") if option in text}


def build(content: Path, site: Path, work: Path, name: str, options: set[str], clean: bool = False,
          cache: Path | None = None) -> dict:
    """One measured `bulletin build`, with the phases it reported (None when it reports none)."""
    phases_file = work / f"phases-{name}.jsonl"
    phases_file.unlink(missing_ok=True)
    command = [sys.executable, "-m", "bulletin.cli", "build", "--content", str(content), "--out", str(site)]
    if clean and "--clean" in options:
        command.append("--clean")
    if cache is not None and "--cache" in options:
        command += ["--cache", str(cache)]
    result = run_measured(command, {"BULLETIN_PDF": "off", "BULLETIN_PHASES": str(phases_file)})
    result["phases"] = read_phases(phases_file)
    known = result["phases"] or {}
    # the kernel's figure is the largest single process; the phases sum the build's processes
    # running at once (render workers, Pagefind), which is what the machine must hold
    result["peak_mib_one_process"] = result["peak_mib"]
    result["peak_mib"] = max([result["peak_mib"], *(p["peak_mib"] for p in known.values())])
    result["site_seconds"] = (sum(p["seconds"] for name, p in known.items() if name not in NOT_SITE)
                              if known else None)
    result["search_seconds"] = known["search"]["seconds"] if "search" in known else None
    result["other_seconds"] = round(result["seconds"] - sum(p["seconds"] for p in known.values()), 3) if known else None
    if result["site_seconds"] is not None:
        result["site_seconds"] = round(result["site_seconds"], 3)
    return result


def read_phases(path: Path) -> dict | None:
    """Phase name -> seconds, cpu, peak MiB, pages, reused (summed if a phase reports twice)."""
    if not path.is_file():
        return None
    phases: dict[str, dict] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        phase = phases.setdefault(record["phase"], {"seconds": 0.0, "cpu": 0.0, "peak_mib": 0, "pages": None, "reused": None})
        phase["seconds"] += record.get("seconds") or 0.0
        phase["cpu"] += record.get("cpu") or 0.0
        phase["peak_mib"] = max(phase["peak_mib"], record.get("peak_mib") or 0)
        for key in ("pages", "reused"):
            if record.get(key) is not None:
                phase[key] = (phase[key] or 0) + record[key]
    for phase in phases.values():
        phase["seconds"], phase["cpu"] = round(phase["seconds"], 3), round(phase["cpu"], 3)
    return phases or None


def run_floor(content: Path, out: Path) -> dict:
    """The floor in a fresh interpreter, so nothing this process holds weighs on it; a short one
    (under 5 s) three times, keeping the median run, so one hiccup does not move the ratio."""
    runs = []
    while len(runs) < (1 if runs and runs[0]["seconds"] >= 5 else 3):
        shutil.rmtree(out, ignore_errors=True)
        done = subprocess.run([sys.executable, "-m", "testsupport.floor", str(content), str(out)], cwd=ROOT,
                              capture_output=True, text=True, check=True, env=dict(os.environ, PYTHONUTF8="1"))
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    median = sorted(runs, key=lambda run: run["seconds"])[len(runs) // 2]
    return dict(median, runs=[round(run["seconds"], 3) for run in runs])


def site_figures(site: Path) -> dict:
    files = [p for p in site.rglob("*") if p.is_file()]
    index = [p for p in files if any(part.startswith("pagefind") for part in p.relative_to(site).parts[:-1])]
    indexed = set(index)   # once: built per page, it made this quadratic (minutes at 40,000 items)
    pages = [p.stat().st_size for p in files if p.suffix == ".html" and p not in indexed]
    return {
        "pages": len(pages),
        "median_page_kib": round(statistics.median(pages) / 1024, 1) if pages else None,
        "max_page_kib": round(max(pages) / 1024, 1) if pages else None,
        "site_mib": round(sum(p.stat().st_size for p in files) / 2**20, 1),
        "index_mib": round(sum(p.stat().st_size for p in index) / 2**20, 1),
    }


def page_of(site: Path, item_id: str) -> Path | None:
    """An item's page, by the build's manifest (items/<id>/ when there is none)."""
    try:
        url = json.loads((site / ".bulletin-build.json").read_text(encoding="utf-8"))["items"].get(item_id)
    except (OSError, ValueError, KeyError):
        url = f"items/{item_id}/"
    if url is None:
        return None
    path = site / url.strip("/") / "index.html" if not url.endswith(".html") else site / url
    return path if path.is_file() else None


# -- one size ------------------------------------------------------------------------------------

def measure(items: int, work: Path, options: set[str], quality) -> dict:
    content, site, cache = work / f"content-{items}", work / f"site-{items}", work / f"cache-{items}"
    progress(items, "writing the archive")
    write_archive(ROOT / "tests" / "fixtures" / "sample", content, items, start_year=2017, years=years_for(items), seed=1)
    item_files = len(list((content / "items").glob("*/*.md")))

    progress(items, "floor")
    floor = run_floor(content, work / f"floor-{items}")
    progress(items, f"floor {floor['seconds']:.1f} s, {floor['ms_per_page']:.2f} ms a page; full build")
    # Into an empty cache: nothing read, as with --clean, and the cache written once for the rebuilds
    # (a second full build only to fill it cost as much again and measured nothing new).
    shutil.rmtree(cache, ignore_errors=True)
    full = build(content, site, work, f"full-{items}", options, clean="--cache" not in options, cache=cache)
    figures = site_figures(site)
    floor_site = floor["ms_per_page"] / 1000 * figures["pages"]
    row = {
        "items": items, "item_files": item_files, "years": years_for(items),
        "floor": {k: round(v, 4) if isinstance(v, float) else v for k, v in floor.items()},
        "full": full, **figures,
        "floor_site_seconds": round(floor_site, 2),
        "ratio": round(full["site_seconds"] / floor_site, 2) if full["site_seconds"] and floor_site else None,
        "build_ratio": round(full["seconds"] / floor_site, 2) if floor_site else None,
    }
    progress(items, f"full build {full['seconds']:.1f} s, {figures['pages']} pages, peak {full['peak_mib']} MiB"
             + ("" if full["phases"] else " (the build reported no phases)"))

    if quality is not None:
        progress(items, "search quality in Chromium")
        row.update(quality(items, content, site))

    if "--cache" in options:
        progress(items, "warm-up: a rebuild with nothing changed")
        row["warmup"] = build(content, site, work, f"warmup-{items}", options, cache=cache)
    else:
        row["warmup"] = None
        progress(items, "this build takes no --cache: the rebuilds are full builds")
    added = add_issue(content, count=5, seed=items)
    progress(items, f"added issue {added['series']} {added['date']} No. {added['number']} ({len(added['items'])} items); rebuild")
    row["add_issue"] = build(content, site, work, f"add-{items}", options, cache=cache)
    row["add_issue"]["issue"] = added
    row["add_issue"]["new_item_pages"] = sum(page_of(site, item_id) is not None for item_id in added["items"])
    edited = edit_item(content)
    progress(items, f"edited item {edited}; rebuild")
    row["edit_item"] = build(content, site, work, f"edit-{items}", options, cache=cache)
    page = page_of(site, edited)
    row["edit_item"]["item"] = edited
    row["edit_item"]["page_updated"] = bool(page and FIX in page.read_text(encoding="utf-8"))
    row["cache"] = "--cache" in options
    progress(items, f"rebuilds: add issue {row['add_issue']['seconds']:.1f} s, edit item {row['edit_item']['seconds']:.1f} s")
    return row


def search_quality(playwright, full_quality_max: int):
    from bulletin.archive import Archive
    from bulletin.content.load import load_content
    from testsupport import launch
    from testsupport.search_quality import evaluate

    def measure_quality(items: int, content: Path, site: Path) -> dict:
        archive = Archive(load_content(content))
        # every result of every query is loaded to judge it: on big archives, a seeded sample of the words
        sample = {} if items <= full_quality_max else {"random_count": 100, "domain_sample": 120}
        browser = launch(playwright)   # closed again before the rebuilds are timed
        try:
            quality = evaluate(site, archive, browser, **sample)
        finally:
            browser.close()
        return {
            "search_first_load_kb": {k: round(v) for k, v in quality["first_load"].items()},
            "search_cold": [{k: r[k] for k in ("query", "ms", "done_ms", "kb")} for r in quality["cold"]],
            "search_quality": {name: {k: round(v, 3) if isinstance(v, float) else v for k, v in g.items()}
                               for name, g in quality["groups"].items()},
        }
    return measure_quality


# -- reporting -----------------------------------------------------------------------------------

def figures_of(row: dict) -> dict[str, float | None]:
    """The figures judged for linear growth, by name."""
    full = row["full"]
    phases = full["phases"] or {}
    figures = {
        "floor s": row["floor"]["seconds"], "pages": row["pages"], "full build s": full["seconds"],
        "full build CPU s": full["cpu"], "site phase s": full["site_seconds"], "search s": full["search_seconds"],
        "peak MiB": full["peak_mib"], "site MiB": row["site_mib"], "index MiB": row["index_mib"],
        "add-issue rebuild s": row["add_issue"]["seconds"], "edit rebuild s": row["edit_item"]["seconds"],
    }
    figures.update({f"{name} s": phase["seconds"] for name, phase in phases.items()})
    figures.update({f"{name} peak MiB": phase["peak_mib"] for name, phase in phases.items()})
    return figures


def linearity(rows: list[dict]) -> dict:
    """Per figure: per-item cost at the largest size over that at the smallest, and the verdict."""
    if len(rows) < 2:
        return {}
    small, large = min(rows, key=lambda r: r["items"]), max(rows, key=lambda r: r["items"])
    a, b = figures_of(small), figures_of(large)
    verdicts = {}
    for name in a:
        if not a.get(name) or b.get(name) is None:
            continue
        growth = (b[name] / large["items"]) / (a[name] / small["items"])
        verdict = ("linear" if 1 / LINEAR <= growth <= LINEAR else
                   f"sublinear (x{growth:.2f})" if growth < 1 else f"NOT linear (x{growth:.2f})")
        verdicts[name] = {"per_item_growth": round(growth, 3), "verdict": verdict,
                          "sizes": [small["items"], large["items"]]}
    return verdicts


def table(headers: list[str], lines: list[list]) -> str:
    cells = [[str(c) for c in headers]] + [["–" if c is None else str(c) for c in line] for line in lines]
    widths = [max(len(line[i]) for line in cells) for i in range(len(headers))]
    rule = ["-" * w for w in widths]
    out = [cells[0], rule, *cells[1:]]
    return "\n".join("| " + " | ".join(c.rjust(w) for c, w in zip(line, widths)) + " |" for line in out)


def fmt(value, digits=1):
    return None if value is None else f"{value:,.{digits}f}"


def report(rows: list[dict], verdicts: dict) -> str:
    main = table(
        ["items", "pages", "full build s", "site phase s", "floor ms/page", "ratio to floor", "search s", "peak MiB",
         "add-issue rebuild s", "edit rebuild s"],
        [[f"{r['items']:,}", f"{r['pages']:,}", fmt(r["full"]["seconds"]), fmt(r["full"]["site_seconds"]),
          fmt(r["floor"]["ms_per_page"], 2), None if r["ratio"] is None else f"{r['ratio']:.1f}x",
          fmt(r["full"]["search_seconds"]), f"{r['full']['peak_mib']:,}", fmt(r["add_issue"]["seconds"]),
          fmt(r["edit_item"]["seconds"])] for r in rows])
    more = table(
        ["items", "CPU s", "floor s", "whole build / floor", "median page KiB", "max page KiB", "site MiB", "index MiB",
         "new items' pages", "edited page"],
        [[f"{r['items']:,}", fmt(r["full"]["cpu"]), fmt(r["floor"]["seconds"], 2), f"{r['build_ratio']:.1f}x",
          r["median_page_kib"], r["max_page_kib"], r["site_mib"], r["index_mib"],
          f"{r['add_issue']['new_item_pages']}/{len(r['add_issue']['issue']['items'])}",
          "updated" if r["edit_item"]["page_updated"] else "NOT updated"] for r in rows])
    out = ["", "Whole figures (seconds are wall time; the ratio is site phase / (floor per page x pages))", main, "", more]
    seen = [name for r in rows for run in (r["full"], r["warmup"], r["add_issue"], r["edit_item"]) if run
            for name in (run["phases"] or {})]
    names = [p for p in PHASES if p in seen] + sorted(set(seen) - set(PHASES))   # any new phase too
    if names:
        lines = []
        for r in rows:
            for label, run in (("full", r["full"]), ("warm-up", r["warmup"]), ("add issue", r["add_issue"]),
                               ("edit item", r["edit_item"])):
                if not run:
                    continue
                phases = run["phases"] or {}
                cell = lambda p: None if p not in phases else (
                    f"{phases[p]['seconds']:.1f} s / {phases[p]['peak_mib']} MiB"
                    + ("" if phases[p]["pages"] is None else f" / {phases[p]['pages']:,} p")
                    + ("" if phases[p]["reused"] is None else f" / {phases[p]['reused']:,} reused"))
                lines.append([f"{r['items']:,}", label, *map(cell, names), fmt(run["other_seconds"]),
                              fmt(run["seconds"])])
        out += ["", "Phases (seconds / peak MiB / pages / pages reused; other = start-up and the rest)",
                table(["items", "build", *names, "other s", "wall s"], lines)]
    else:
        out += ["", "Phases: the build reported none (it does not write BULLETIN_PHASES yet)."]
    searched = [r for r in rows if r.get("search_quality")]
    if searched:
        out += ["", "Search quality (headless Chromium; ms to the first result and KB fetched per query)",
                table(["items", "group", "queries", "recall", "precision", "precision@10", "ms median", "KB median"],
                      [[f"{r['items']:,}", name, g.get("queries"), g.get("recall"), g.get("precision"),
                        g.get("precision_at_10"), fmt(g.get("ms_median"), 0), fmt(g.get("kb_median"))]
                       for r in searched for name, g in r["search_quality"].items()])]
    if verdicts:
        sizes = next(iter(verdicts.values()))["sizes"]
        out += ["", f"Linear growth: per-item cost at {sizes[1]:,} items / at {sizes[0]:,} items (linear within {LINEAR}x)",
                table(["figure", "growth", "verdict"],
                      [[name, f"x{v['per_item_growth']:.2f}", v["verdict"]] for name, v in verdicts.items()])]
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 5000, 20000], help="items per archive")
    parser.add_argument("--json", type=Path, default=Path("benchmark-results.json"),
                        help="where to write the results (default benchmark-results.json here)")
    parser.add_argument("--no-search", action="store_true", help="skip search quality in Chromium")
    parser.add_argument("--full-quality-max", type=int, default=1000,
                        help="ask every word up to this many items; a seeded sample above it")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (default: a temporary one)")
    parser.add_argument("--merge", action="store_true",
                        help="only the merge scenario (testsupport/merge_bench.py: publish a fresh clone, add an issue, a correction; PDFs on)")
    args = parser.parse_args()
    options = build_options()
    results = {
        "started": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "commit": subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip(),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
                    "load_average": os.getloadavg()},
        "build_options": sorted(options), "search_quality": not args.no_search, "rows": [], "linearity": {},
    }
    out = args.json.resolve()
    with tempfile.TemporaryDirectory(prefix="bulletin-bench-") as temporary:
        work = args.keep.resolve() if args.keep else Path(temporary)
        work.mkdir(parents=True, exist_ok=True)
        playwright = quality = None
        if not args.no_search:
            from playwright.sync_api import sync_playwright
            playwright = sync_playwright().start()
            quality = search_quality(playwright, args.full_quality_max)
        try:
            for items in sorted(args.sizes):
                if args.merge:
                    results["rows"].append({"items": items, "merge": merge_scenario(
                        items, years_for(items), work, run_measured, read_phases, progress)})
                    out.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
                    continue
                results["rows"].append(measure(items, work, options, quality))
                results["linearity"] = linearity(results["rows"])
                out.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
        finally:
            if playwright is not None:
                playwright.stop()
    print(merge_table(results["rows"], table, fmt) if args.merge else report(results["rows"], results["linearity"]))
    print(f"\nwritten to {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
