"""`bulletin publish` and `bulletin build`: readers always get a complete site, whatever happens.

The kill tests really kill: the parent alone (SIGKILL, nothing of it can clean up) or its whole
process group, while the generator runs and while the release is swapped in. After each, the site
served is a complete release, the one served before is intact, and no process of the run is left.
"""

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, run_cli
from test_validation import ISSUE_1, edit

URL = "http://intranet.example/bulletin/"


def publish(content, webroot, *extra):
    return run_cli("publish", "--content", content, "--to", webroot, "--site-url", URL, *extra)


def served(webroot: Path) -> str:
    return os.readlink(webroot / "current")


def releases(webroot: Path) -> list[str]:
    return sorted(p.name for p in (webroot / "releases").iterdir())


def tree_digest(folder: Path) -> str:
    """Every file's path and bytes: a release is intact if this has not changed."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def add_second_issue(content: Path) -> None:
    edit(content, "items/2026/2026-0003.md", "status: draft", "status: approved\napproved_by: 李华")
    (content / "issues/zwxx/2026/002.yml").write_text(
        "series: zwxx\nnumber: 2\ndate: 2026-05-25\nsigner: 张建国\nitems: [2026-0003]\n", encoding="utf-8")


@pytest.fixture
def published(content, tmp_path):
    """The minimal bulletin published once to a fresh web root."""
    webroot = tmp_path / "www"
    result = publish(content, webroot)
    assert result.returncode == 0, result.stdout + result.stderr
    return webroot


def test_publish_serves_a_verified_release_through_current(published, content):
    release = served(published)
    assert release.startswith("releases/") and releases(published) == [release.removeprefix("releases/")]
    site = published / "current"
    assert "今年林双县棉花病虫害" in (site / "items/2026-0001/index.html").read_text(encoding="utf-8")
    assert (site / "issues/zwxx/2026/1/index.html").is_file()
    assert not (site / "items/2026-0003").exists()  # the draft
    assert oct((published / release).stat().st_mode & 0o777) == "0o755"  # the web server can read it
    assert "zwxx/2026/1" in (content / "published.lock").read_text(encoding="utf-8")
    assert sorted(p.name for p in published.iterdir()) == ["current", "releases"]  # no lock or leftovers


def test_second_publish_swaps_current_and_keeps_the_first(published, content):
    first = served(published)
    before = tree_digest(published / first)
    add_second_issue(content)
    result = publish(content, published)
    assert result.returncode == 0, result.stderr
    assert served(published) != first and len(releases(published)) == 2
    assert (published / "current/issues/zwxx/2026/2/index.html").is_file()
    assert tree_digest(published / first) == before


def test_keep_prunes_old_releases_but_never_the_served_one(published, content):
    for _ in range(2):
        assert publish(content, published, "--keep", "2").returncode == 0
    assert len(releases(published)) == 2
    assert run_cli("publish", "--to", published, "--rollback").returncode == 0
    kept = served(published)
    assert publish(content, published, "--keep", "1").returncode == 0
    # the newest is served now; the one rolled back to went with the pruning, nothing else stayed
    assert releases(published) == [served(published).removeprefix("releases/")]
    assert kept != served(published)


def test_rollback_points_current_at_the_release_before(published, content):
    first = served(published)
    add_second_issue(content)
    assert publish(content, published).returncode == 0
    second = served(published)
    result = run_cli("publish", "--to", published, "--rollback")
    assert result.returncode == 0, result.stderr
    assert served(published) == first and not (published / "current/issues/zwxx/2026/2").exists()
    again = run_cli("publish", "--to", published, "--rollback")
    assert again.returncode == 1 and "无法回退" in again.stderr
    assert served(published) == first and second.removeprefix("releases/") in releases(published)


@pytest.mark.parametrize("body, message", [
    ("[通知](../../nowhere/missing/)", "链接“../../nowhere/missing/”指向网站内的路径"),
    ("[外网](http://example.com/page)", "链接指向其他网站（http://example.com/page）"),
])
def test_content_verification_would_refuse_is_refused_first_at_its_line(published, content, body, message):
    """Issue 18: such a link used to pass check and build, and publish's verification then refused it
    naming generated pages; now check names the content file, line and field, and nothing is built.
    (Verification itself, on built sites, is tested in test_verify.py.)"""
    first = served(published)
    before = tree_digest(published / first)
    # a new item, not yet in an issue: the record of the published one is not touched
    edit(content, "items/2026/2026-0003.md", "status: draft", "status: approved\napproved_by: 李华")
    edit(content, "items/2026/2026-0003.md", "草稿正文。", f"草稿正文{body}")
    line = (content / "items/2026/2026-0003.md").read_text(encoding="utf-8").split("\n").index(f"草稿正文{body}") + 1
    result = publish(content, published)
    assert result.returncode == 1 and "内容检查未通过，未发布" in result.stderr, result.stderr
    assert f"content/items/2026/2026-0003.md:{line}: body: {message}" in result.stderr, result.stderr
    assert served(published) == first and releases(published) == [first.removeprefix("releases/")]
    assert tree_digest(published / first) == before


def test_broken_content_publishes_nothing(published, content):
    first = served(published)
    edit(content, ISSUE_1, "items: [2026-0001, 2026-0002]", "items: [2026-0001, 2026-0003]")
    result = publish(content, published)
    assert result.returncode == 1 and "未审核通过" in result.stderr
    assert served(published) == first and len(releases(published)) == 1


def test_publish_refuses_a_folder_that_is_not_a_web_root(content, tmp_path):
    precious = tmp_path / "work"
    precious.mkdir()
    (precious / "notes.txt").write_text("keep me", encoding="utf-8")
    result = publish(content, precious)
    assert result.returncode == 1 and "不是 bulletin 的发布目录" in result.stderr
    assert sorted(p.name for p in precious.iterdir()) == ["notes.txt"]


def test_a_stale_lock_from_a_killed_run_is_taken_over(published, content):
    (published / ".bulletin.lock").write_text('{"pid": 999999, "host": "ci-7", "started": "2026-05-18T08:00:00Z"}')
    result = publish(content, published)
    assert result.returncode == 0, result.stderr
    assert "接管" in result.stderr and "999999" in result.stderr and "ci-7" in result.stderr


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


@pytest.mark.parametrize("whole_group", [False, True], ids=["parent-only", "whole-group"])
@pytest.mark.parametrize("moment", ["generating", "swapping"])
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


def test_sigterm_stops_a_publish_cleanly(published, content):
    first = served(published)
    run = start("publish", "--content", content, "--to", published, "--site-url", URL)
    wait_for(lambda: generating(published), what="the generator")
    run.send_signal(signal.SIGTERM)
    assert run.wait(timeout=30) == 128 + signal.SIGTERM
    assert "已中止" in run.stderr.read()
    assert_no_process_left(str(published))
    assert served(published) == first
    assert sorted(p.name for p in published.iterdir()) == ["current", "releases"]
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


@pytest.mark.parametrize("whole_group", [False, True], ids=["parent-only", "whole-group"])
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
