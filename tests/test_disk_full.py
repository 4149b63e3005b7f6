"""A full disk at any phase of a build or publish is one sentence: which folder's disk, how much is
free there, about how much is needed; and the site served (or the last build) stays as it was.

The disks are real small ones: a tmpfs of a few MiB mounted for the test (this needs root, as the
test containers run; elsewhere those tests are skipped and say why). What cannot be filled that way
(the swap of `current`) is failed in-process.
"""

import errno
import os
import subprocess
import sys

import pytest

from bulletin import cli
from bulletin.ops import disk_space, publish as publishing
from bulletin.site.search import index as search_index
from conftest import MINIMAL, ROOT, run_cli

URL = "http://intranet.example/bulletin/"


@pytest.fixture
def small_disk(tmp_path):
    """mount(size) -> a folder on a fresh tmpfs of that size; unmounted after the test."""
    mounted = []

    def mount(size: str):
        folder = tmp_path / f"disk{len(mounted)}"
        folder.mkdir()
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True, text=True)
        if done.returncode != 0:
            pytest.skip(f"a small disk for the test needs `mount -t tmpfs` (root): {done.stderr.strip()}")
        mounted.append(folder)
        return folder

    yield mount
    for folder in mounted:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def said(result) -> str:
    """What the command said on stderr, without the phase report lines and the generator's INFO log."""
    return "\n".join(line for line in result.stderr.splitlines() if not line.startswith(("bulletin: ", "INFO ")))


def leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if ".staging-" in p.name or p.name.startswith((".incoming-", ".current.new-")))


def test_a_full_output_disk_is_named_and_the_last_build_stays(small_disk):
    disk = small_disk("7m")
    out = disk / "site"
    assert run_cli("build", "--content", MINIMAL, "--out", out, "--site-url", URL).returncode == 0
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    result = run_cli("build", "--content", MINIMAL, "--out", out, "--site-url", URL + "again/")  # a second whole site does not fit
    message = said(result)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert message.startswith(f"磁盘空间不足：生成网站的目录 {disk} 所在的磁盘（挂载于 {disk}，容量 7.0 MiB）剩余 "), message
    assert "，这次生成的网站约 " in message and "（上次生成的大小；本次已写入 " in message, message
    assert message.endswith("。请清理该磁盘，或把生成网站的目录换到空间足够的磁盘后重试。\n生成失败，输出目录保持原样。"), message
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert leftovers(disk) == []


def test_a_first_build_on_a_full_disk_says_how_far_it_got(small_disk):
    disk = small_disk("2m")
    result = run_cli("build", "--content", MINIMAL, "--out", disk / "site")
    message = said(result)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert message.startswith(f"磁盘空间不足：生成网站的目录 {disk} 所在的磁盘（挂载于 {disk}，容量 2.0 MiB）剩余 "), message
    assert "，这次生成的网站在写入 " in message and " 后停下，所需空间大于此数。" in message, message
    assert not (disk / "site").exists() and leftovers(disk) == []


def test_a_full_cache_disk_is_blamed_not_the_output_s(small_disk, tmp_path):
    disk = small_disk("1m")
    result = run_cli("build", "--content", MINIMAL, "--out", tmp_path / "site", "--cache", disk / "cache")
    message = said(result)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert message.startswith(f"磁盘空间不足：缓存目录（--cache 或 BULLETIN_CACHE） {disk / 'cache'} 所在的磁盘（挂载于 {disk}，"), message
    assert "缓存目录（--cache 或 BULLETIN_CACHE）所需与网站大小相当。" in message and "生成失败，输出目录保持原样。" in message
    assert not (tmp_path / "site").exists()


def test_a_full_temporary_disk_for_pdfs_and_the_search_index_is_named(small_disk, tmp_path):
    disk = small_disk("64k")
    result = run_cli("build", "--content", MINIMAL, "--out", tmp_path / "site", "--clean", env={"TMPDIR": str(disk)})
    message = said(result)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert message.startswith(f"磁盘空间不足：临时目录（TMPDIR） {disk} 所在的磁盘（挂载于 {disk}，容量 64.0 KiB）剩余 "), message
    assert not (tmp_path / "site").exists()


def test_a_search_index_cut_short_by_a_full_disk_is_refused_not_kept(small_disk):
    # Pagefind exits 0 on a full disk with empty files; that bundle must reach neither site nor cache
    disk = small_disk("16k")
    page = "<html><body><main data-pagefind-body><p>林双县棉花病虫害</p></main></body></html>"
    with pytest.raises(OSError) as raised:
        search_index._pagefind({f"items/{n}/index.html": page for n in range(20)}, disk / "bundle", False)
    assert raised.value.errno == errno.ENOSPC and disk_space.full_error(raised.value)


def test_a_full_web_root_leaves_the_served_release(small_disk, content):
    webroot = small_disk("6m") / "www"
    assert run_cli("publish", "--content", content, "--to", webroot, "--site-url", URL).returncode == 0
    served, releases = os.readlink(webroot / "current"), sorted(os.listdir(webroot / "releases"))
    result = run_cli("publish", "--content", content, "--to", webroot, "--site-url", URL + "moved/")
    message = said(result)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert message.startswith(f"磁盘空间不足：生成网站的目录 {webroot / 'releases'} 所在的磁盘（挂载于 {webroot.parent}，容量 6.0 MiB）剩余 ")
    assert "（上次生成的大小；本次已写入 " in message, message
    assert message.endswith("\n生成失败，未发布，读者看到的仍是原来的版本。"), message
    assert os.readlink(webroot / "current") == served and sorted(os.listdir(webroot / "releases")) == releases
    assert leftovers(webroot / "releases") == [] and leftovers(webroot) == []


def test_a_full_disk_at_the_swap_names_the_web_root_and_its_free_space(content, tmp_path, monkeypatch, capsys):
    webroot = tmp_path / "www"
    assert run_cli("publish", "--content", content, "--to", webroot, "--site-url", URL, env={"BULLETIN_PDF": "off"}).returncode == 0
    served = os.readlink(webroot / "current")
    real_symlink = os.symlink

    def full(source, target, *args, **kwargs):
        if os.path.basename(target).startswith(publishing.NEW_LINK):
            raise OSError(errno.ENOSPC, "No space left on device", str(target))
        return real_symlink(source, target, *args, **kwargs)

    monkeypatch.setattr(os, "symlink", full)
    monkeypatch.setenv("BULLETIN_PDF", "off")
    code = cli.main(["publish", "--content", str(content), "--to", str(webroot), "--site-url", URL + "x/"])
    errors = capsys.readouterr().err
    assert code == 1 and "Traceback" not in errors
    assert f"未发布，读者看到的仍是原来的版本：磁盘空间不足：发布目录 {webroot} 所在的磁盘（挂载于 " in errors, errors
    assert "）剩余 " in errors and errors.rstrip().endswith("请清理该磁盘，或把发布目录换到空间足够的磁盘后重试。"), errors
    # and what the release needs: the size of the one served, and what this one had written when it stopped
    assert "，这次生成的网站约 " in errors and "（上次生成的大小；本次已写入 " in errors, errors
    assert os.readlink(webroot / "current") == served
    assert leftovers(webroot / "releases") == [] and leftovers(webroot) == [], "nothing of the new release is left behind"


@pytest.mark.parametrize("raised, code", [
    ("OSError(28, 'No space left on device', '/x/page.html')", disk_space.FULL_EXIT),
    ("OSError(122, 'Disk quota exceeded')", disk_space.FULL_EXIT),
    ("RuntimeError('Error: No space left on device (os error 28)')", disk_space.FULL_EXIT),   # a tool's words
    ("RuntimeError('something else')", 1),
])
def test_the_generator_s_runner_ends_quietly_on_a_full_disk_only(tmp_path, raised, code):
    (tmp_path / "fakegenerator").mkdir()
    (tmp_path / "fakegenerator/__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "fakegenerator/__main__.py").write_text(f"raise {raised}\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "bulletin.ops.disk_space", "fakegenerator", "build"], cwd=ROOT,
                            capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=f"{tmp_path}:{ROOT}"))
    assert result.returncode == code
    assert ("Traceback" in result.stderr) == (code == 1), result.stderr


def test_a_phase_report_on_a_full_disk_is_said_and_the_build_goes_on(small_disk, tmp_path):
    disk = small_disk("4k")
    subprocess.run(["dd", "if=/dev/zero", f"of={disk / 'filler'}", "bs=4k", "count=1"], capture_output=True)  # fills it
    report = disk / "phases.jsonl"
    result = run_cli("build", "--content", MINIMAL, "--out", tmp_path / "site", env={"BULLETIN_PHASES": str(report)})
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert f"bulletin: 阶段记录未能写入 {report}（No space left on device），本次不再记录。" in result.stderr
    assert (tmp_path / "site/index.html").is_file()
