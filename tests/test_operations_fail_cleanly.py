"""Issue 18: commands meeting a hostile machine (read-only or full disk, a busy port, a closed pipe,
`current` replaced by a folder) say what happened in one message, leave nothing behind, and never
end in a traceback."""

import errno
import os
import socket
import subprocess
import sys

import pytest

from bulletin import cli
from bulletin.ops import publish as publishing
from conftest import ROOT, SAMPLE, run_cli

URL = "http://intranet.example/bulletin/"


def leftovers(webroot):
    return sorted(p.name for p in webroot.rglob(".*") if p.name.startswith((".current.new-", ".incoming-")))


def test_stats_into_a_closed_pipe_ends_quietly():
    reader = subprocess.Popen([sys.executable, "-m", "bulletin.cli", "stats", "--content", str(SAMPLE)], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    reader.stdout.close()  # as `| head` does once it has its lines
    errors = reader.stderr.read().decode("utf-8")
    assert reader.wait() == cli.PIPE_CLOSED and errors == ""


def test_serve_on_a_busy_port_says_so_before_anything_else(tmp_path):
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        # the content folder does not even exist: the port is looked at first, before any check or build
        result = run_cli("serve", "--content", tmp_path / "nothing", "--addr", f"127.0.0.1:{port}")
    assert result.returncode == 1
    assert result.stderr.startswith(f"无法预览：端口 {port} 已被占用"), result.stderr
    assert "Traceback" not in result.stderr and "内容目录" not in result.stderr


def test_publish_refuses_a_current_that_is_a_real_folder(content, tmp_path):
    webroot = tmp_path / "www"
    (webroot / "current").mkdir(parents=True)
    (webroot / "current/index.html").write_text("旧网站", encoding="utf-8")
    result = run_cli("publish", "--content", content, "--to", webroot, "--site-url", URL)
    assert result.returncode == 1 and "current 是真实的目录或文件" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert (webroot / "current/index.html").read_text(encoding="utf-8") == "旧网站"
    assert leftovers(webroot) == [] and not (webroot / "releases").exists()


def publish_in_process(content, webroot, monkeypatch, capsys):
    monkeypatch.setenv("BULLETIN_PDF", "off")
    code = cli.main(["publish", "--content", str(content), "--to", str(webroot), "--site-url", URL])
    return code, capsys.readouterr().err


def test_publish_to_a_read_only_web_root_is_refused_in_one_message(content, tmp_path, monkeypatch, capsys):
    webroot = tmp_path / "www"
    webroot.mkdir()
    real_open = os.open

    def read_only(path, *args, **kwargs):  # root ignores chmod: the refusal comes from the OS call itself
        if str(path).startswith(str(webroot)):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only)
    code, errors = publish_in_process(content, webroot, monkeypatch, capsys)
    assert code == 1
    assert "\n未发布，读者看到的仍是原来的版本：文件操作失败：" in errors and "（只读文件系统，" in errors, errors
    assert list(webroot.iterdir()) == []


@pytest.mark.parametrize("at", ["record", "prune"])
def test_a_failure_after_the_swap_says_the_site_is_published(content, tmp_path, monkeypatch, capsys, at):
    webroot = tmp_path / "www"

    real_save = publishing.published_record.save

    def fails(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(content / "published.lock"))

    def save_fails_in_content(path, *args, **kwargs):
        # the release's own copy is written before the swap; content/published.lock after it
        return fails() if os.path.dirname(path) == str(content) else real_save(path, *args, **kwargs)

    if at == "record":
        monkeypatch.setattr(publishing.published_record, "save", save_fails_in_content)
    else:
        monkeypatch.setattr(publishing, "_prune", fails)
    code, errors = publish_in_process(content, webroot, monkeypatch, capsys)
    assert code == 1 and "（读者已看到新版本），但发布记录未能写入或旧版本未能清理" in errors, errors
    assert (webroot / "current/index.html").is_file() and leftovers(webroot) == []
