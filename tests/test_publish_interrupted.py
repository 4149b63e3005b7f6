"""Publishing and building when another run is under way, or the run is killed or stopped: the served site
and the build's output stay whole, no child outlives the command, and the record never lags what is served.

The kill tests really kill: the parent alone (SIGKILL, nothing of it can clean up) or its whole
process group, while the generator runs and while the release is swapped in. After each, the site
served is a complete release, the one served before is intact, and no process of the run is left."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, run_cli
from test_publish import RECORD, URL, add_second_issue, publish, releases, served, tree_digest
from test_validation import edit

# -- running at the same time, and killed --------------------------------------------------------

def start(*args) -> subprocess.Popen:
    """The CLI in a process group of its own, as a CI job or a shell runs it."""
    return subprocess.Popen([sys.executable, "-m", "bulletin.cli", *map(str, args)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True, env=dict(os.environ, PYTHONUTF8="1"))


def wait_for(condition, timeout=60.0, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.01)
    raise AssertionError(f"timed out waiting for {what}")


def processes_mentioning(text: str) -> list[str]:
    """Command lines of live processes that name `text` (the run's folders are on every child's)."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or int(proc.name) == os.getpid():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
            state = next(line for line in (proc / "status").read_text().splitlines() if line.startswith("State:"))
        except (OSError, StopIteration):
            continue
        if text in cmdline and "Z" not in state.split()[1]:
            found.append(cmdline)
    return found


def assert_no_process_left(text: str) -> None:
    """Children go within moments of the kill; one that lingers would go on writing (a generator
    left running takes seconds to finish, so a longer wait would let this pass when it must not)."""
    try:
        wait_for(lambda: not processes_mentioning(text), timeout=1.5, what="children to go")
    except AssertionError:
        raise AssertionError(f"processes left running: {processes_mentioning(text)}") from None


def generating(webroot: Path) -> bool:
    """The generator is writing into an incoming release."""
    return any(processes_mentioning(str(webroot / "releases" / ".incoming-")))


def swapping(webroot: Path, before: list[str]) -> bool:
    """A new release folder exists: the deploy is between verification and the end of the swap."""
    return (webroot / "releases").is_dir() and len(releases(webroot)) > len(before)


def kill(process: subprocess.Popen, whole_group: bool) -> None:
    if whole_group:
        os.killpg(process.pid, signal.SIGKILL)
    else:
        os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


# the fast lane kills the whole group while it swaps; the other three cases are slow
@pytest.mark.parametrize("whole_group", [pytest.param(False, id="parent-only", marks=pytest.mark.slow), pytest.param(True, id="whole-group")])
@pytest.mark.parametrize("moment", [pytest.param("generating", marks=pytest.mark.slow), "swapping"])
def test_a_kill_at_any_moment_leaves_a_complete_site_and_no_child(published, content, whole_group, moment):
    first = served(published)
    before = tree_digest(published / first)
    names = releases(published)
    add_second_issue(content)
    run = start("publish", "--content", content, "--to", published, "--site-url", URL)
    if moment == "generating":
        wait_for(lambda: generating(published), what="the generator")
        time.sleep(0.2)
    else:
        wait_for(lambda: swapping(published, names) or run.poll() is not None, what="the swap")
    kill(run, whole_group)
    assert_no_process_left(str(published))
    now = served(published)
    assert (published / now / "index.html").is_file()
    assert tree_digest(published / first) == before
    if now != first:  # the kill came after the swap: the new release is complete
        assert (published / now / "issues/zwxx/2026/2/index.html").is_file()
    # the next run takes over the killed run's lock and removes what it left
    result = publish(content, published)
    assert result.returncode == 0, result.stderr
    assert not [p for p in (published / "releases").iterdir() if p.name.startswith(".")]
    assert (published / "current/issues/zwxx/2026/2/index.html").is_file()


KILLED_AFTER_THE_SWITCH = """
import os, signal, sys
from bulletin.ops import publish
switch = publish._point_current
def switch_and_die(*args):
    switch(*args)
    os.kill(os.getpid(), signal.SIGKILL)    # the instant readers get the new release
publish._point_current = switch_and_die
from bulletin.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_a_kill_right_after_the_switch_leaves_no_served_issue_unrecorded(published, content):
    add_second_issue(content)
    run = subprocess.run([sys.executable, "-c", KILLED_AFTER_THE_SWITCH, "publish", "--content", content,
                          "--to", published, "--site-url", URL], cwd=ROOT, capture_output=True, text=True,
                         env=dict(os.environ, PYTHONUTF8="1"))
    assert run.returncode == -signal.SIGKILL, run.stderr
    assert (published / "current/issues/zwxx/2026/2/index.html").is_file()           # served now
    assert "zwxx/2026/2" not in (content / "published.lock").read_text(encoding="utf-8")  # the run died before writing it
    assert "zwxx/2026/2:" in (published / "current" / RECORD).read_text(encoding="utf-8")  # the release had it already
    edit(content, "items/2026/2026-0003.md", "title: ", "title: 改过的")
    result = publish(content, published)
    assert result.returncode == 1 and "content/items/2026/2026-0003.md:3: title: 已发布稿件的标题有改动" in result.stderr, \
        result.stdout + result.stderr


def test_sigterm_stops_a_publish_cleanly(published, content):
    first = served(published)
    run = start("publish", "--content", content, "--to", published, "--site-url", URL)
    wait_for(lambda: generating(published), what="the generator")
    run.send_signal(signal.SIGTERM)
    assert run.wait(timeout=30) == 128 + signal.SIGTERM
    assert "已中止" in run.stderr.read()
    assert_no_process_left(str(published))
    assert served(published) == first
    assert sorted(p.name for p in published.iterdir()) == ["current", "publish.log", "releases"]
    assert not [p for p in (published / "releases").iterdir() if p.name.startswith(".")]


def test_a_second_publish_while_one_runs_is_refused_naming_the_holder(published, content):
    first_run = start("publish", "--content", content, "--to", published, "--site-url", URL)
    wait_for(lambda: generating(published), what="the first publish")
    second = publish(content, published)
    assert second.returncode == 75
    assert f"进程 {first_run.pid}" in second.stderr and "bulletin publish" in second.stderr
    assert first_run.wait(timeout=120) == 0
    assert (published / "current/index.html").is_file()


# -- bulletin build gets the same guards ---------------------------------------------------------

def build(content, out, *extra):
    return run_cli("build", "--content", content, "--out", out, *extra)


@pytest.mark.parametrize("target", ["working tree", "content", "file"])
def test_build_refuses_an_out_it_did_not_make(content, tmp_path, target):
    out = {"working tree": tmp_path, "content": content, "file": content / "bulletin.yml"}[target]
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    result = build(content, out)
    assert result.returncode == 1 and "拒绝覆盖" in result.stderr
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


def test_build_replaces_its_own_earlier_output(content, tmp_path):
    out = tmp_path / "site"
    assert build(content, out).returncode == 0
    add_second_issue(content)
    result = build(content, out)
    assert result.returncode == 0, result.stderr
    assert (out / "issues/zwxx/2026/2/index.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "site"]  # no staging, lock or old copy


def test_two_builds_to_one_out_never_mix(content, tmp_path):
    out = tmp_path / "site"
    first = start("build", "--content", content, "--out", out)
    wait_for(lambda: any(processes_mentioning(str(tmp_path / ".site.staging-"))), what="the first build")
    second = build(content, out)
    assert second.returncode == 75 and f"进程 {first.pid}" in second.stderr
    assert first.wait(timeout=120) == 0
    assert (out / "index.html").is_file() and (out / "items/2026-0001/index.html").is_file()


@pytest.mark.parametrize("whole_group", [pytest.param(False, id="parent-only", marks=pytest.mark.slow), pytest.param(True, id="whole-group")])
def test_killing_a_build_leaves_no_child_and_the_old_site(content, tmp_path, whole_group):
    out = tmp_path / "site"
    assert build(content, out).returncode == 0
    before = tree_digest(out)
    edit(content, "items/2026/2026-0001.md", "据林双县植保站监测", "改动后")
    run = start("build", "--content", content, "--out", out)
    wait_for(lambda: any(processes_mentioning(str(tmp_path / ".site.staging-"))), what="the generator")
    time.sleep(0.2)
    kill(run, whole_group)
    assert_no_process_left(str(tmp_path))
    assert tree_digest(out) == before or "改动后" in (out / "items/2026-0001/index.html").read_text(encoding="utf-8")
    assert build(content, out).returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "site"]
