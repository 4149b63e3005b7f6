"""The benchmark's merge scenario (scripts/benchmark.py --merge): publishing as GitLab's runner does
after each merge, a fresh clone each time into one web root that keeps the cache and the releases.

  cold        a fresh clone of the synthetic archive publishes into an empty web root, the day before
              the new issue;
  add issue   another clone (with the published.lock the first one wrote) adds one issue of 5 new
              items and publishes on the issue's day;
  correction  a third adds a `corrections:` entry to one published item and publishes the day after.

Each publish on its own day, as an office merges: a figure measured with one day for all three hid
that a new day rendered every page again (the build date was in every page's footer).

Each clone is a copy with new modification times and the same folder name (`content`, as in every
clone of the office's repository): what the build reuses it must know from the content, not from
the clock. For each: wall and CPU seconds (children included), peak MiB, and what was redone:
pages rendered and reused, PDFs typeset and reused, search bundles made, release files new or changed.
"""

from __future__ import annotations

import re
import shutil
import sys
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Callable

from testsupport.synthetic import add_issue, correct_item, write_archive

ROOT = Path(__file__).resolve().parent.parent
CHANGED = re.compile(r"新的或改动的文件 (\d+) 个")


def _bundles(web: Path) -> set[str]:
    folder = web / ".cache" / "search"
    return {path.name for path in folder.iterdir() if path.is_dir() and not path.name.startswith(".")} if folder.is_dir() else set()


def _publish(name: str, content: Path, web: Path, work: Path, run: Callable, read_phases: Callable, day: str) -> dict:
    phases_file = work / f"phases-merge-{name}.jsonl"
    phases_file.unlink(missing_ok=True)
    before = _bundles(web)
    command = [sys.executable, "-m", "bulletin.cli", "publish", "--content", str(content), "--to", str(web)]
    # the cache where publish keeps it by default (with the web root), whatever the caller's environment says
    result = run(command, {"BULLETIN_PHASES": str(phases_file), "BULLETIN_CACHE": str(web / ".cache"), "SOURCE_DATE_EPOCH": day},
                 capture=True)
    phases = read_phases(phases_file) or {}
    changed = CHANGED.search(result.pop("stdout", ""))
    result.update(
        phases=phases,
        peak_mib=max([result["peak_mib"], *(p["peak_mib"] for p in phases.values())]),
        pages_rendered=(phases.get("render", {}).get("pages") or 0) - (phases.get("render", {}).get("reused") or 0),
        pages_reused=phases.get("render", {}).get("reused"),
        pdfs_made=(phases.get("pdf", {}).get("pages") or 0) - (phases.get("pdf", {}).get("reused") or 0),
        pdfs_reused=phases.get("pdf", {}).get("reused"),
        bundles_made=len(_bundles(web) - before),
        files_changed=int(changed.group(1)) if changed else None)
    return result


def _epoch(day: date) -> str:
    return str(int(datetime.combine(day, time(), timezone.utc).timestamp()))


def merge_scenario(items: int, years: int, work: Path, run: Callable, read_phases: Callable, progress: Callable) -> dict:
    """The three publishes at `items` items; `run(command, env, capture=True)` measures one command."""
    base = work / f"merge-{items}"
    shutil.rmtree(base, ignore_errors=True)
    web = base / "web"
    clones = [base / name / "content" for name in ("cold", "add", "correct")]
    write_archive(ROOT / "tests" / "fixtures" / "sample", clones[0], items, start_year=2017, years=years, seed=1)
    result = {}
    shutil.copytree(clones[0], clones[1])
    added = add_issue(clones[1], count=5, seed=items)
    issue_day = date.fromisoformat(added["date"])
    # the new items are dated the day before their issue, so the cold publish's month still takes them
    # (a month whose circular an earlier publish issued does not: issue 30)
    days = {name: issue_day + timedelta(days=shift) for name, shift in (("cold", -1), ("add", 0), ("correct", 1))}
    progress(items, f"merge: cold publish of a fresh clone on {days['cold']}")
    result["cold"] = _publish("cold", clones[0], web, work, run, read_phases, _epoch(days["cold"]))
    progress(items, f"merge: a fresh clone adds issue {added['series']} No. {added['number']}; publish on {days['add']}")
    result["add_issue"] = _publish("add", clones[1], web, work, run, read_phases, _epoch(days["add"]))
    shutil.copytree(clones[1], clones[2])
    corrected = correct_item(clones[2], days["correct"])
    progress(items, f"merge: a fresh clone corrects item {corrected}; publish on {days['correct']}")
    result["correction"] = _publish("correct", clones[2], web, work, run, read_phases, _epoch(days["correct"]))
    for name, key in (("cold", "cold"), ("add", "add_issue"), ("correct", "correction")):
        result[key]["day"] = days[name].isoformat()
    result["correction"]["item"] = corrected
    result["add_issue"]["issue"] = added
    return result


def merge_table(rows: list[dict], table: Callable, fmt: Callable) -> str:
    lines = []
    for row in rows:
        for label, run in (row.get("merge") or {}).items():
            lines.append([f"{row['items']:,}", label, run.get("day", ""), fmt(run["cpu"]), fmt(run["seconds"]), f"{run['peak_mib']:,}",
                          f"{run['pages_rendered']:,} / {run['pages_reused'] or 0:,}",
                          f"{run['pdfs_made']:,} / {run['pdfs_reused'] or 0:,}", run["bundles_made"], run["files_changed"]])
    return table(["items", "publish", "day", "CPU s", "wall s", "peak MiB", "pages made / reused", "PDFs made / reused",
                  "search bundles made", "release files new or changed"], lines)
