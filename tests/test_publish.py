"""`bulletin publish` and `bulletin build`: readers always get a complete site, whatever happens.

Runs at the same time, killed or stopped are in tests/test_publish_interrupted.py.
"""

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PUBLISH_DAY, ROOT, SITE_URL, built_once, copy_published, publish, run_cli
from test_validation import ISSUE_1, edit

URL = SITE_URL


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
def republished(published, content, tmp_path_factory):
    """`published`, then the second issue added (add_second_issue) and published: the two releases
    several tests start from. The second publish is made once a run, from a copy of the first's web
    root and content, and each test gets a copy of both, as `published` gives the first."""
    def second_publish(folder):
        shutil.copytree(content, folder / "content")
        subprocess.run(["cp", "-a", str(published), str(folder / "www")], check=True)
        add_second_issue(folder / "content")
        result = publish(folder / "content", folder / "www")
        assert result.returncode == 0, result.stdout + result.stderr
    shared = built_once(tmp_path_factory, "minimal-republished", second_publish)
    shutil.rmtree(published)
    return copy_published(shared, published, content)


def test_publish_serves_a_verified_release_through_current(published, content):
    release = served(published)
    assert release.startswith("releases/") and releases(published) == [release.removeprefix("releases/")]
    site = published / "current"
    assert "今年林双县棉花病虫害" in (site / "items/2026-0001/index.html").read_text(encoding="utf-8")
    assert (site / "issues/zwxx/2026/1/index.html").is_file()
    assert not (site / "items/2026-0003").exists()  # the draft
    assert oct((published / release).stat().st_mode & 0o777) == "0o755"  # the web server can read it
    assert "zwxx/2026/1" in (content / "published.lock").read_text(encoding="utf-8")
    assert sorted(p.name for p in published.iterdir()) == ["current", "publish.log", "releases"]  # no lock or leftovers


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


def test_rollback_points_current_at_the_release_before(republished):
    published = republished
    first, second = (f"releases/{name}" for name in releases(published))
    assert served(published) == second
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


@pytest.mark.parametrize("site_url, canonical", [
    ("https://bulletin.intranet/", "https://bulletin.intranet/items/2026-0001/"),                # the host root
    ("https://bulletin.intranet/bulletin/", "https://bulletin.intranet/bulletin/items/2026-0001/"),  # a sub-path
    (None, None),                                                                                # no address: relative links only
])
def test_publish_works_at_any_address(content, tmp_path, site_url, canonical):
    webroot = tmp_path / "www"
    result = run_cli("publish", "--content", content, "--to", webroot, *(["--site-url", site_url] if site_url else []))
    assert result.returncode == 0, result.stdout + result.stderr
    page = (webroot / "current/items/2026-0001/index.html").read_text(encoding="utf-8")
    assert "今年林双县棉花病虫害" in page
    found = re.search(r'<link rel="canonical" href="([^"]*)"', page)
    assert (found and found.group(1)) == canonical


RECORD = ".bulletin-record.yml"


def test_the_served_release_carries_the_record_of_what_it_shows(republished, content):
    published = republished
    first, second = releases(published)
    record = (published / "releases" / first / RECORD).read_text(encoding="utf-8")   # served until the second issue
    assert "zwxx/2026/1:" in record and "2026-0001:" in record and "2026-0003" not in record  # the draft is not
    assert served(published) == f"releases/{second}"
    record = (published / "current" / RECORD).read_text(encoding="utf-8")
    assert "zwxx/2026/2:" in record and "2026-0003:" in record
    assert (content / "published.lock").read_text(encoding="utf-8") == record   # the office's copy, for check on merge requests


@pytest.mark.parametrize("lock", ["deleted", pytest.param("rewritten", marks=pytest.mark.slow)])
def test_a_published_title_changed_without_correction_is_refused_whatever_published_lock_says(published, content, lock):
    first = served(published)
    edit(content, "items/2026/2026-0001.md", "预计为中度偏重发生", "预计为重度发生")
    if lock == "deleted":
        (content / "published.lock").unlink()
    else:  # the record made to agree with the change, as a hand edit or a stray `write` would
        from datetime import datetime, timezone
        from bulletin.archive import Archive
        from bulletin.content.load import load_content
        from bulletin.content.published_record import write
        (content / "published.lock").unlink()
        write(content, Archive(load_content(content)), datetime.now(timezone.utc))
    assert run_cli("check", "--content", content).returncode == 0   # content/ alone no longer sees the change
    result = publish(content, published)
    assert result.returncode == 1, result.stdout
    assert "发布记录" in result.stderr and "content/items/2026/2026-0001.md:3: title: 已发布稿件的标题有改动" in result.stderr
    assert served(published) == first and releases(published) == [first.removeprefix("releases/")]
    assert "预计为中度偏重发生" in (published / "current/items/2026-0001/index.html").read_text(encoding="utf-8")
    # with a correction, the change is the record and goes live
    edit(content, "items/2026/2026-0001.md", "\n---", "\ncorrections:\n  - {date: 2026-06-01, text: 更正了等级}\n---")
    assert publish(content, published).returncode == 0
    assert "预计为重度发生" in (published / "current/items/2026-0001/index.html").read_text(encoding="utf-8")


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


# -- warm publishing -----------------------------------------------------------------------------

def publish_fresh(content, webroot, day=PUBLISH_DAY):
    """As CI publishes: a fresh clone, no cache given (the runner's clean-up removed .cache/)."""
    env = {key: value for key, value in os.environ.items() if key != "BULLETIN_CACHE"}
    return subprocess.run([sys.executable, "-m", "bulletin.cli", "publish", "--content", content, "--to", webroot,
                           "--site-url", URL], cwd=ROOT, capture_output=True, text=True, env=dict(env, PYTHONUTF8="1", **day))


def disk(folder: Path) -> int:
    """Bytes on disk, each hard-linked file once (as du counts)."""
    seen = {}
    for path in folder.rglob("*"):
        stat = path.lstat()
        if path.is_file() and not path.is_symlink():
            seen[(stat.st_dev, stat.st_ino)] = stat.st_blocks * 512
    return sum(seen.values())


def test_a_fresh_clone_publishes_warm_from_the_cache_kept_with_the_web_root(content, tmp_path):
    webroot = tmp_path / "www"
    first = publish_fresh(content, webroot)
    assert first.returncode == 0, first.stdout + first.stderr
    assert (webroot / ".cache").is_dir() and "核验了全部文件" in first.stdout   # nothing served before: read it all
    clone = tmp_path / "clone" / "content"          # the next merge's fresh checkout
    shutil.copytree(content, clone)
    add_second_issue(clone)
    second = publish_fresh(clone, webroot)
    assert second.returncode == 0, second.stdout + second.stderr
    # the first issue's PDF and unchanged pages come from the cache; only the new issue is printed
    assert "新印 1 期" in second.stderr and "沿用缓存 1 期" in second.stderr and "其中沿用缓存" in second.stderr
    assert "核验了这些文件" in second.stdout
    old, new = (webroot / "releases" / name for name in releases(webroot))
    for unchanged in ("issues/zwxx/2026/1/zwxx-2026-1.pdf", "assets/stylesheets/board.css"):   # one file in both releases
        assert (old / unchanged).stat().st_ino == (new / unchanged).stat().st_ino, unchanged
    assert (new / "index.html").stat().st_ino != (old / "index.html").stat().st_ino   # the home page changed
    assert "第2期" in (new / "index.html").read_text(encoding="utf-8")
    # Pages and PDFs reused were linked from the served release, never from the cache, and the
    # release is what a clean build of the same content writes, byte for byte.
    cached = {(p.stat().st_dev, p.stat().st_ino) for p in (webroot / ".cache").rglob("*") if p.is_file()}
    assert not [p for p in new.rglob("*") if p.is_file() and (p.stat().st_dev, p.stat().st_ino) in cached]
    same = [p.relative_to(new) for p in new.rglob("*.html") if (old / p.relative_to(new)).is_file()
            and (old / p.relative_to(new)).read_bytes() == p.read_bytes()]
    assert same and all((old / path).stat().st_ino == (new / path).stat().st_ino for path in same)
    clean = tmp_path / "clean"
    assert run_cli("build", "--content", clone, "--out", clean, "--site-url", URL, "--clean", env=PUBLISH_DAY).returncode == 0   # built the same day
    ours = {".bulletin-record.yml", ".bulletin-manifest", ".bulletin-release.json"}   # the release's own
    files = lambda root: {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}
    built, released = files(clean), {k: v for k, v in files(new).items() if k not in ours}
    assert sorted(k for k in built.keys() | released.keys() if built.get(k) != released.get(k)) == []


def test_kept_releases_share_their_unchanged_files(published, content):
    one = disk(published / "releases")
    for _ in range(4):
        result = publish(content, published)
        assert result.returncode == 0, result.stderr
    assert len(releases(published)) == 5
    assert disk(published / "releases") <= 1.5 * one, (disk(published / "releases"), one)
    for name in releases(published):   # each release is still complete on its own
        assert (published / "releases" / name / "issues/zwxx/2026/1/index.html").is_file()


def test_a_republish_of_the_same_inputs_links_the_served_release_and_builds_nothing(content, tmp_path):
    webroot = tmp_path / "www"
    first = publish_fresh(content, webroot)
    assert first.returncode == 0, first.stdout + first.stderr
    clone = tmp_path / "clone" / "content"        # the next pipeline's checkout, with the lock it committed
    shutil.copytree(content, clone)
    again = publish_fresh(clone, webroot)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "未重新生成" in again.stdout and "渲染页面" not in again.stderr   # no generator ran
    old, new = (webroot / "releases" / name for name in releases(webroot))
    ours = {".bulletin-manifest", ".bulletin-release.json"}   # the new release's own head and manifest
    files = lambda root: {p.relative_to(root).as_posix(): p.stat().st_ino for p in root.rglob("*")
                          if p.is_file() and p.name not in ours}
    assert files(new) == files(old) and len(files(new)) > 50   # every file, and each the served one itself
    assert (clone / "published.lock").read_bytes() == (new / ".bulletin-record.yml").read_bytes()
    deploy = json.loads((webroot / "publish.log").read_text(encoding="utf-8").splitlines()[-1])
    assert deploy["action"] == "deploy" and deploy["from"] == old.name   # a release of the chain as any other
    # Precision: any input that differs builds again. The same content on the next day (the date
    # shows on pages), then one more issue.
    next_day = {"SOURCE_DATE_EPOCH": str(int(PUBLISH_DAY["SOURCE_DATE_EPOCH"]) + 86400)}
    for change, day in ((lambda: None, next_day), (lambda: add_second_issue(clone), next_day)):
        change()
        rebuilt = publish_fresh(clone, webroot, day)
        assert rebuilt.returncode == 0, rebuilt.stdout + rebuilt.stderr
        assert "未重新生成" not in rebuilt.stdout and "渲染页面" in rebuilt.stderr
