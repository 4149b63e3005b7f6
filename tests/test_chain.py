"""The chain of releases (issue 30): a web root no one can quietly rewrite.

Each release carries a manifest of its files' hashes and a head naming the release it replaced;
publish.log names every deploy and rollback. Whatever is deleted, trimmed, replaced or edited in
place, publish refuses naming it and the way back, `verify --served` finds it, and
`--repair-chain` brings back a web root that passes.
"""

import json
import os
import shutil
from pathlib import Path

import pytest

from conftest import fast_lane, run_cli
from test_publish import URL, publish, releases, republished, served  # noqa: F401 (republished: a fixture)
from test_validation import edit

RECORD = ".bulletin-record.yml"
HEAD = ".bulletin-release.json"
MANIFEST = ".bulletin-manifest"
TITLE_CHANGED = "content/items/2026/2026-0001.md:3: title: 已发布稿件的标题有改动"


def fsck(webroot):
    return run_cli("verify", "--served", webroot)


def repair(content, webroot):
    return publish(content, webroot, "--repair-chain")


def release_dir(webroot: Path) -> Path:
    return webroot / served(webroot)


def refused(result, webroot, *lines):
    """Publish refused for the chain, naming each line, the cause to find and the way back."""
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"发布目录 {webroot} 的版本链有问题，未发布，读者看到的仍是原来的版本：" in result.stderr, result.stderr
    for line in lines:
        assert f"\n  {line}\n" in result.stderr, result.stderr
    assert f"--to {webroot} --repair-chain（从保留的版本和版本库重建版本链" in result.stderr


def test_a_release_carries_its_manifest_and_a_head_chained_to_the_one_it_replaced(republished):
    published = republished
    first = published / "releases" / releases(published)[0]   # a release is never changed once published
    head = json.loads((first / HEAD).read_text(encoding="utf-8"))
    assert head["previous"] is None and head["release"] == first.name and head["files"] > 20
    lines = (first / MANIFEST).read_text(encoding="utf-8").splitlines()
    assert any(line.endswith("  items/2026-0001/index.html") for line in lines)
    assert any(line.endswith(f"  {RECORD}") for line in lines)
    second = json.loads((release_dir(published) / HEAD).read_text(encoding="utf-8"))
    import hashlib
    assert second["previous"] == {"release": first.name, "sha256": hashlib.sha256((first / HEAD).read_bytes()).hexdigest()}
    log = [json.loads(line) for line in (published / "publish.log").read_text(encoding="utf-8").splitlines()]
    assert [entry["action"] for entry in log] == ["deploy", "deploy"]
    assert log[1]["from"] == first.name and log[1]["prev"] is not None and log[0]["prev"] is None
    result = fsck(published)
    assert result.returncode == 0, result.stderr
    assert f"发布目录核验通过：{published}：版本 2 个" in result.stdout and "发布日志 2 条" in result.stdout


@pytest.mark.parametrize("how, finding", [
    ("deleted", "缺少发布记录"),
    ("trimmed", "发布记录被改动过（与版本记录中的哈希不符）"),
    ("emptied symlink", "发布记录被换成了符号链接（指向 /tmp/"),
])
def test_the_served_record_defeated_with_published_lock_gone_is_refused(published, content, tmp_path, how, finding):
    """Issue 30, 1: the change went out with no correction and no word."""
    record = release_dir(published) / RECORD
    name = served(published).removeprefix("releases/")
    if how == "deleted":
        record.unlink()
    elif how == "trimmed":
        text = record.read_text(encoding="utf-8")
        record.unlink()   # as an editor saves: a new file (the old one is shared with no other release here)
        record.write_text(text.split("\nitems:")[0] + "\nitems: {}\n", encoding="utf-8")
    else:
        empty = tmp_path / "empty.yml"
        empty.write_text("", encoding="utf-8")
        record.unlink()
        record.symlink_to(empty)
    (content / "published.lock").unlink()
    edit(content, "items/2026/2026-0001.md", "预计为中度偏重发生", "预计为重度发生")
    result = publish(content, published)
    assert result.returncode == 1
    assert f"  releases/{name}/{RECORD}: {finding}" in result.stderr, result.stderr
    assert "预计为中度偏重发生" in (published / "current/items/2026-0001/index.html").read_text(encoding="utf-8")
    listed = fsck(published)
    assert listed.returncode == 1 and f"releases/{name}/{RECORD}: {finding}" in listed.stderr


def test_a_served_file_edited_in_place_is_refused_found_and_repaired(published, content):
    name = served(published).removeprefix("releases/")
    page = published / "current/items/2026-0001/index.html"
    original = page.read_bytes()
    before = page.stat()
    with open(page, "r+b") as file:          # in place, same size, its time set back: only ctime tells
        file.seek(original.index("今年林双县".encode()))
        file.write("明年".encode())
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert page.stat().st_size == before.st_size and page.stat().st_mtime_ns == before.st_mtime_ns
    finding = f"releases/{name}/items/2026-0001/index.html: 内容与清单不符（发布后被改动过）"
    refused(publish(content, published), published, finding)
    listed = fsck(published)
    assert listed.returncode == 1 and finding in listed.stderr and "共 1 处问题" in listed.stderr, listed.stderr
    fixed = repair(content, published)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert f"修复：releases/{name}: 文件与清单不符（1 个），不再当作版本，改名为 damaged-{name}" in fixed.stdout
    assert (published / "current/items/2026-0001/index.html").read_bytes() == original   # rebuilt, not shared
    assert (published / "releases" / f"damaged-{name}").is_dir() and name not in releases(published)
    after = fsck(published)
    assert after.returncode == 0, after.stderr
    assert f"中有不是版本的文件夹：damaged-{name}（既不当作版本，也不会被清理）" in after.stdout
    assert publish(content, published).returncode == 0   # and publishing goes on as before


def point_current(webroot, name):
    os.symlink(f"releases/{name}", webroot / "current.tmp")
    os.replace(webroot / "current.tmp", webroot / "current")


def test_the_log_and_current_are_part_of_the_chain(republished, content):
    published = republished
    assert publish(content, published).returncode == 0
    first, second, third = releases(published)
    log = published / "publish.log"
    lines = log.read_text(encoding="utf-8").splitlines(keepends=True)
    point_current(published, first)                                   # current moved by hand
    refused(publish(content, published), published,
            f"current: 指向 {first}，而发布日志最后记下的是 {third}：current 被别人改过")
    point_current(published, third)
    log.write_text("".join(lines[1:]), encoding="utf-8")              # the first line removed
    refused(publish(content, published), published, "publish.log:1: 日志在这一行之前被删改过（与上一行的哈希接不上）",
            f"releases/{first}: 发布日志中没有这个版本的发布记录")
    log.write_text("".join(lines), encoding="utf-8")
    assert publish(content, published).returncode == 0


def test_all_releases_gone_is_said(published, content):
    for name in releases(published):
        shutil.rmtree(published / "releases" / name)
    name = served(published).removeprefix("releases/")
    refused(publish(content, published), published, f"current: 指向的版本 {name} 不在 releases/ 中",
            "releases/: 发布日志记下了 1 个版本，但一个都不在了")


def test_a_stray_folder_in_releases_is_neither_newest_nor_pruned(published, content):
    """Issue 30, 1: zz-backup counted as the newest release; --keep 2 pruned the real ones."""
    backup = published / "releases" / "zz-backup"
    shutil.copytree(release_dir(published), backup)
    for _ in range(2):
        result = publish(content, published, "--keep", "2")
        assert result.returncode == 0, result.stderr
        assert f"注意：{published / 'releases'} 中有不是版本的文件夹：zz-backup（既不当作版本，也不会被清理）。" in result.stdout
    assert len(releases(published)) == 3 and backup.is_dir()   # two releases and the backup, named
    kept = [name for name in releases(published) if name != "zz-backup"]
    result = run_cli("publish", "--to", published, "--rollback")
    assert result.returncode == 0, result.stderr
    assert served(published) == f"releases/{kept[0]}"


def test_a_cached_page_edited_in_place_never_reaches_readers(content, tmp_path):
    """Issue 30, 2: the edit changed the live page at once, was hard-linked into the next release
    and passed verify."""
    webroot, cache = tmp_path / "www", tmp_path / "cache"
    assert publish(content, webroot, "--cache", cache).returncode == 0
    page = webroot / "current/items/2026-0001/index.html"
    original = page.read_bytes()
    entry = next(path for path in (cache / "pages/html").iterdir() if path.read_bytes() == original)
    assert entry.stat().st_ino != page.stat().st_ino and entry.stat().st_mode & 0o222 == 0   # read-only, not the served file
    entry.chmod(0o644)
    with open(entry, "r+b") as file:
        file.write(b"<!-- forged -->")
    assert page.read_bytes() == original                   # the live page did not change
    result = publish(content, webroot, "--cache", cache)   # the same inputs: the served files, linked
    assert result.returncode == 0, result.stderr
    assert (webroot / "current/items/2026-0001/index.html").read_bytes() == original
    edit(content, "items/2026/2026-0003.md", "status: draft", "status: draft\nsummary: 草稿的改动")   # a build, no page changes
    result = publish(content, webroot, "--cache", cache)
    assert result.returncode == 0, result.stderr
    assert "未重新生成" not in result.stdout
    assert (webroot / "current/items/2026-0001/index.html").read_bytes() == original   # rendered again
    assert not entry.exists() or entry.read_bytes() == original
    checked = fsck(webroot)
    assert checked.returncode == 0, checked.stderr


def test_nothing_of_a_release_shares_an_inode_with_the_caches(published, content):
    counts = {}
    files = [path for path in (published / "releases").rglob("*") if path.is_file()]
    for path in files:
        counts[path.stat().st_ino] = counts.get(path.stat().st_ino, 0) + 1
    assert all(path.stat().st_nlink == counts[path.stat().st_ino] for path in files)


def test_a_web_root_from_before_the_chain_is_refused_until_repaired(published, content):
    """An office upgrading: its releases have records but no manifests or heads, and no log."""
    for release in (published / "releases").iterdir():
        (release / HEAD).unlink()
        (release / MANIFEST).unlink()
    (published / "publish.log").unlink()
    result = publish(content, published)
    name = served(published).removeprefix("releases/")
    refused(result, published, f"releases/{name}/{HEAD}: 缺少版本记录（或不是普通文件，或大得不像版本记录）", "publish.log: 缺少发布日志")
    assert "这个发布目录由旧版 bulletin 发布，还没有版本链。" in result.stderr
    fixed = repair(content, published)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert f"修复：releases/{name}: 版本记录和文件清单已按现有文件重写" in fixed.stdout
    assert fsck(published).returncode == 0
    log = [json.loads(line) for line in (published / "publish.log").read_text(encoding="utf-8").splitlines()]
    assert [entry["action"] for entry in log] == ["repair", "deploy"]


def test_repair_restores_a_deleted_record_from_the_repository(published, content):
    name = served(published).removeprefix("releases/")
    (release_dir(published) / RECORD).unlink()
    fixed = repair(content, published)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert f"修复：releases/{name}/{RECORD}: 已从{content / 'published.lock'}恢复" in fixed.stdout
    assert (published / "releases" / name / RECORD).read_text(encoding="utf-8") == \
        (content / "published.lock").read_text(encoding="utf-8")
    assert fsck(published).returncode == 0


def test_repair_without_any_record_to_restore_refuses_naming_the_release(published, content):
    name = served(published).removeprefix("releases/")
    (release_dir(published) / RECORD).unlink()
    (content / "published.lock").unlink()
    result = repair(content, published)
    assert result.returncode == 1
    assert (f"无法修复：releases/{name} 的发布记录缺失或被改动，而版本库中也没有 published.lock 可以恢复它。"
            f"请从备份恢复 {published / 'releases' / name / RECORD} 后再运行。") in result.stderr, result.stderr


def tamper(webroot: Path, how: str, tmp_path: Path) -> str:
    """Break the web root one way; return the line publish and verify --served must print."""
    name = served(webroot).removeprefix("releases/")
    release = webroot / "releases" / name
    where = f"releases/{name}"
    if how == "page deleted":
        (release / "items/2026-0001/index.html").unlink()
        return f"{where}/items/2026-0001/index.html: 清单中的文件不见了"
    if how == "file added":
        (release / "extra.html").write_text("<p>added</p>", encoding="utf-8")
        return f"{where}/extra.html: 清单中没有的文件"
    if how == "symlink to /etc/passwd":
        (release / "passwd.txt").symlink_to("/etc/passwd")
        return f"{where}/passwd.txt: 不是普通文件（符号链接或特殊文件），发布的版本中不应有"
    if how == "manifest edited":
        manifest = release / MANIFEST
        text = manifest.read_text(encoding="utf-8")
        manifest.write_text(text.replace("items/2026-0001/index.html", "items/2026-0001/index.htm"), encoding="utf-8")
        return f"{where}/{MANIFEST}: 文件清单被改动过（与版本记录中的哈希不符）"
    if how == "head deleted":
        (release / HEAD).unlink()
        return f"{where}/{HEAD}: 缺少版本记录（或不是普通文件，或大得不像版本记录）"
    if how == "head rewritten":
        head = release / HEAD
        head.write_text(head.read_text(encoding="utf-8").replace('"files"', '"by": "someone", "files"'), encoding="utf-8")
        return f"{where}: 版本记录与发布日志中记下的不符（发布后被改动过）"
    if how == "log deleted":
        (webroot / "publish.log").unlink()
        return "publish.log: 缺少发布日志"
    if how == "log replaced by a symlink":
        (webroot / "publish.log").unlink()
        (webroot / "publish.log").symlink_to(tmp_path / "nowhere.log")
        return "publish.log: 不是普通文件"
    if how == "log line garbled":
        log = webroot / "publish.log"
        log.write_text(log.read_text(encoding="utf-8") + "{not json\n", encoding="utf-8")
        return "publish.log:2: 这一行不是发布日志的记录"
    raise AssertionError(how)


BREAKS = ["page deleted", "file added", "symlink to /etc/passwd", "manifest edited", "head deleted", "head rewritten",
          "log deleted", "log replaced by a symlink", "log line garbled"]
FAST_LANE = {"page deleted", "manifest edited", "log line garbled"}   # a served file, the manifest, the log; the rest are slow


@pytest.mark.parametrize("how", fast_lane(BREAKS, FAST_LANE))
def test_every_way_of_breaking_the_chain_is_refused_and_found(published, content, tmp_path, how):
    line = tamper(published, how, tmp_path)
    before = served(published)
    refused(publish(content, published), published, line)
    assert served(published) == before
    listed = fsck(published)
    assert listed.returncode == 1 and f"  {line}\n" in listed.stderr, listed.stderr
    rolled = run_cli("publish", "--to", published, "--rollback")
    assert rolled.returncode == 1   # nothing earlier, or a broken chain: never a traceback
    assert "Traceback" not in rolled.stderr
    fixed = repair(content, published)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    after = fsck(published)
    assert after.returncode == 0, after.stderr


@pytest.mark.parametrize("target", ["missing", "file", "foreign folder"])
def test_verify_served_on_what_is_no_web_root_says_so(tmp_path, target):
    path = tmp_path / "www"
    if target == "file":
        path.write_text("x", encoding="utf-8")
    elif target == "foreign folder":
        path.mkdir()
        (path / "notes.txt").write_text("keep", encoding="utf-8")
    result = fsck(path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    said = {"missing": f"{path} 不存在。", "file": f"{path} 不是目录。",
            "foreign folder": f"{path} 不是 bulletin 的发布目录（其中有 notes.txt 等）。"}[target]
    assert said in result.stderr, result.stderr


def test_content_is_checked_against_the_records_of_every_kept_release(republished, content):
    """Issue 30, 1: publish read only the served and the newest record. Here the served (and
    newest) one is restored by a repair from a published.lock rewritten to leave out issue 2; the
    release before it still holds the record that refuses removing the issue."""
    from datetime import datetime, timezone
    from bulletin.archive import Archive
    from bulletin.content.load import load_content
    from bulletin.content.published_record import write
    published = republished
    assert publish(content, published).returncode == 0
    middle = published / "releases" / releases(published)[1]
    (release_dir(published) / RECORD).unlink()
    (content / "issues/zwxx/2026/002.yml").unlink()
    edit(content, "items/2026/2026-0003.md", "status: approved", "status: draft")
    (content / "published.lock").unlink()
    write(content, Archive(load_content(content)), datetime.now(timezone.utc))   # a record without issue 2
    result = repair(content, published)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"内容与已发布版本的发布记录（{middle / RECORD}）不符，未发布" in result.stderr, result.stderr
    assert "zwxx/2026/2: 已发布的刊物不在内容中" in result.stderr
    assert (published / "current/issues/zwxx/2026/2/index.html").is_file()


def test_rollbacks_and_kills_keep_the_chain_whole(republished, content):
    published = republished
    first, second = releases(published)
    assert run_cli("publish", "--to", published, "--rollback").returncode == 0
    assert publish(content, published).returncode == 0         # replaces the first: the chain forks, as git's may
    third = releases(published)[-1]
    head = json.loads((published / "releases" / third / HEAD).read_text(encoding="utf-8"))
    assert head["previous"]["release"] == first
    # killed after its log line, before the switch: said, never a broken chain
    from test_publish import ROOT
    import subprocess, sys, signal
    killed = subprocess.run([sys.executable, "-c", KILLED_BEFORE_THE_SWITCH, "publish", "--content", content, "--to",
                             published, "--site-url", URL], cwd=ROOT, capture_output=True, text=True,
                            env=dict(os.environ, PYTHONUTF8="1"))
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert served(published) == f"releases/{third}"
    result = publish(content, published)
    assert result.returncode == 0, result.stderr
    assert f"在切换 current 之前中止，读者看到的一直是 {third}；已记入发布日志。" in result.stdout
    actions = [json.loads(line)["action"] for line in (published / "publish.log").read_text(encoding="utf-8").splitlines()]
    assert actions == ["deploy", "deploy", "rollback", "deploy", "deploy", "abort", "deploy"]
    checked = fsck(published)
    assert checked.returncode == 0, checked.stderr


KILLED_BEFORE_THE_SWITCH = """
import os, signal, sys
from bulletin.ops import publish
def die(*args):
    os.kill(os.getpid(), signal.SIGKILL)    # the log has the line; current still names the release before
publish._point_current = die
from bulletin.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_listing_names_regular_files_and_refuses_to_walk_through_links(tmp_path):
    """chain.listing, as the chain's check and release sharing use it: folders are walked from
    their directory entries (no stat each), so a symbolic link to a folder must still be an odd
    entry, never a folder whose files would count as the release's."""
    from bulletin.ops import chain
    release, elsewhere = tmp_path / "release", tmp_path / "elsewhere"
    (release / "items" / "2026-0001").mkdir(parents=True)
    (release / "items" / "2026-0001" / "index.html").write_text("a")
    (release / "index.html").write_text("b")
    (release / MANIFEST).write_text("m")   # the chain's own files are not the release's
    elsewhere.mkdir()
    (elsewhere / "secret.html").write_text("c")
    (release / "linked-folder").symlink_to(elsewhere)
    (release / "items" / "linked-file.html").symlink_to(elsewhere / "secret.html")
    os.mkfifo(release / "pipe")
    files, odd = chain.listing(release)
    # two regular files; the folder link, the file link and the FIFO are odd; nothing under elsewhere/
    assert sorted(files) == ["index.html", "items/2026-0001/index.html"]
    assert odd == ["items/linked-file.html", "linked-folder", "pipe"]
    assert files["index.html"].st_ino == os.lstat(release / "index.html").st_ino
