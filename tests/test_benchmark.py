"""scripts/benchmark.py end to end on two small archives: the floor, the full build with its phases
and the ratio, the add-one-issue and edit-one-item rebuilds, the linearity verdicts, all in the JSON
it writes. It checks that every figure is there and sane, never how fast: speed is what the benchmark
measures, not what a test asserts."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PHASES = {"load", "plan", "mkdocs", "render", "write", "search"}


@pytest.mark.slow   # two archives built end to end: the benchmark script's own smoke run, not a module's behaviour
def test_benchmark_writes_every_figure(tmp_path):
    out = tmp_path / "results.json"
    # the timeout only stops a hung run; it is far above any machine's time, not a speed bound
    done = subprocess.run([sys.executable, "scripts/benchmark.py", "60", "120", "--no-search", "--json", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=1800, env=dict(os.environ, PYTHONUTF8="1"))
    assert done.returncode == 0, done.stdout + done.stderr
    results = json.loads(out.read_text(encoding="utf-8"))
    assert [row["items"] for row in results["rows"]] == [60, 120]
    assert results["search_quality"] is False
    for row in results["rows"]:
        assert row["floor"]["seconds"] > 0 and row["floor"]["ms_per_page"] > 0
        assert row["floor"]["pages"] == row["item_files"] >= row["items"]
        assert row["pages"] > row["items"]
        assert 0 < row["median_page_kib"] <= row["max_page_kib"] and row["site_mib"] > 0 and row["index_mib"] > 0
        full = row["full"]
        assert full["seconds"] > 0 and full["cpu"] > 0 and full["peak_mib"] > 0
        assert PHASES <= set(full["phases"]), full["phases"]
        assert 0 < full["site_seconds"] < full["seconds"] and full["search_seconds"] > 0
        assert row["ratio"] > 0 and row["build_ratio"] > row["ratio"]
        added = row["add_issue"]
        assert len(added["issue"]["items"]) == 5 and added["new_item_pages"] == 5, added
        assert added["seconds"] > 0 and added["phases"], added
        assert row["edit_item"]["page_updated"] and row["edit_item"]["seconds"] > 0
        assert row["cache"] and row["warmup"]["seconds"] > 0
        # the full build is cold (an empty cache: nothing reused) and fills the cache; the warm-up, with
        # nothing changed, then takes (nearly) every page from it; the add-issue rebuild, all it did not change
        cold, warm, add = (run["phases"]["render"] for run in (full, row["warmup"], added))
        assert cold["reused"] == 0 and cold["pages"] > 0, cold
        assert warm["reused"] > 0.9 * warm["pages"], warm
        assert 0 < add["reused"] < add["pages"], add
    verdicts = results["linearity"]
    for figure in ("full build s", "site phase s", "floor s", "peak MiB", "add-issue rebuild s", "render s"):
        assert verdicts[figure]["verdict"].startswith(("linear", "NOT linear", "sublinear")), verdicts
    assert "Whole figures" in done.stdout and "Linear growth" in done.stdout


@pytest.mark.slow   # three publishes with PDFs: the merge scenario's own smoke run
def test_the_merge_scenario_says_what_each_publish_redid(tmp_path):
    out = tmp_path / "results.json"
    done = subprocess.run([sys.executable, "scripts/benchmark.py", "60", "--merge", "--json", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=1800, env=dict(os.environ, PYTHONUTF8="1"))
    assert done.returncode == 0, done.stdout + done.stderr
    merge = json.loads(out.read_text(encoding="utf-8"))["rows"][0]["merge"]
    assert list(merge) == ["cold", "add_issue", "correction"]
    for run in merge.values():
        assert run["cpu"] > 0 and run["seconds"] > 0 and run["peak_mib"] > 0 and run["files_changed"] > 0, run
    cold, added, corrected = merge["cold"], merge["add_issue"], merge["correction"]
    # each on its own day, as an office merges: a new day must not make every page again
    assert cold["day"] < added["day"] < corrected["day"], merge
    assert cold["pages_reused"] == 0 and cold["pdfs_reused"] == 0 and cold["bundles_made"] >= 1
    # the new issue: its pages and its PDF (with its year's volume) are made, the rest reused
    assert 0 < added["pages_rendered"] < added["pages_reused"] and added["pdfs_made"] >= 2 and added["pdfs_reused"] > 0
    assert len(added["issue"]["items"]) == 5
    # a correction changes one item's body: its page and its issue's PDF again, far from everything
    assert 0 < corrected["pages_rendered"] < corrected["pages_reused"] and 0 < corrected["pdfs_made"] < corrected["pdfs_reused"]
    assert "release files new or changed" in done.stdout
