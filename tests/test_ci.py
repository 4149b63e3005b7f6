"""The CI entry points: .gitlab-ci.yml runs what the docs say, scripts/publish.sh publishes."""

import os
import shutil
import subprocess

import pytest
import yaml

from conftest import ROOT


def test_gitlab_ci_checks_merge_requests_and_publishes_merges_offline():
    ci = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert ci["variables"]["PIP_NO_INDEX"] == "1" and ci["variables"]["BULLETIN_WHEELS"]
    check, tests, publish = ci["check"], ci["product-tests"], ci["publish"]
    assert "merge_request_event" in check["rules"][0]["if"] and "merge_request_event" in tests["rules"][0]["if"]
    # Content merge requests check, build and verify the content as publish would (the script the
    # adoption test runs); the product's tests run when the product changes.
    assert check["script"] == ["bash scripts/setup.sh", "bash scripts/ci-merge-request.sh"]
    assert check["artifacts"]["when"] == "always" and check["artifacts"]["expose_as"] and "review/" in check["artifacts"]["paths"]
    job = (ROOT / "scripts/ci-merge-request.sh").read_text(encoding="utf-8")
    assert all(f".venv/bin/bulletin {command} " in job for command in ("check", "build", "verify", "review"))
    assert "bash scripts/test.sh -q" in tests["script"] and "bulletin/**/*" in tests["rules"][0]["changes"]
    assert "content/**/*" not in tests["rules"][0]["changes"]
    assert "$CI_DEFAULT_BRANCH" in publish["rules"][0]["if"] and publish["script"] == ["bash scripts/publish.sh"]
    # The office's settings are variables it sets in GitLab (project variables win), never edits of this file.
    assert all(ci["variables"][name] for name in ("BULLETIN_WEBROOT", "BULLETIN_SITE_URL", "BULLETIN_PUBLISH_TAG"))
    assert publish["tags"] == ["$BULLETIN_PUBLISH_TAG"] and "variables" not in publish
    assert ".venv/" in ci["cache"]["paths"]   # the environment survives the runner's clean-up
    # merge requests keep the environment and the incremental build's cache (the runner's clean-up removes .cache/)
    assert check["cache"][0] == ci["cache"] and check["cache"][1]["paths"] == [".cache/"]
    for job in (check, tests, publish):
        for line in job["script"]:
            for word in line.split():
                if word.startswith("scripts/"):
                    assert (ROOT / word).is_file(), word


def publish_sh(env_extra, tmp_path):
    env = {key: value for key, value in os.environ.items() if not key.startswith("BULLETIN_")}
    env.update(env_extra)
    return subprocess.run(["bash", ROOT / "scripts/publish.sh"], env=env, capture_output=True, text=True, cwd=tmp_path)


def test_publish_sh_refuses_without_a_web_root(tmp_path):
    result = publish_sh({"BULLETIN_SITE_URL": "https://bulletin.intranet/bulletin/"}, tmp_path)
    assert result.returncode != 0 and "BULLETIN_WEBROOT" in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow   # publishes twice; the refusals around it are the fast lane's
def test_publish_sh_publishes_the_content(content, tmp_path):
    webroot = tmp_path / "www"
    result = publish_sh({"BULLETIN_WEBROOT": str(webroot), "BULLETIN_SITE_URL": "https://bulletin.intranet/bulletin/",
                         "BULLETIN_CONTENT": str(content), "BULLETIN_KEEP": "2"}, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (webroot / "current/items/2026-0001/index.html").is_file()
    assert (content / "published.lock").is_file() and "请提交到版本库" in result.stdout


@pytest.mark.slow
def test_a_refused_push_of_the_record_never_fails_a_deploy_that_succeeded(content, tmp_path):
    # A checkout of its own (publish.sh commits in the checkout it lives in), set up already: its
    # setup.sh stands in for the install the tests have done.
    checkout = tmp_path / "checkout"
    (checkout / "scripts").mkdir(parents=True)
    for script in ("publish.sh", "runner-check.sh"):
        shutil.copy2(ROOT / "scripts" / script, checkout / "scripts" / script)
    (checkout / "scripts/setup.sh").write_text("true\n", encoding="utf-8")
    (checkout / ".venv").symlink_to(ROOT / ".venv")
    shutil.copytree(content, checkout / "content")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run(git + ["init", "-q"], cwd=checkout, check=True)
    subprocess.run(git + ["add", "content"], cwd=checkout, check=True)
    subprocess.run(git + ["commit", "-qm", "content"], cwd=checkout, check=True)
    ci = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert ci["publish"]["artifacts"]["when"] == "always" and "content/published.lock" in ci["publish"]["artifacts"]["paths"]
    webroot = tmp_path / "www"
    env = {key: value for key, value in os.environ.items() if not key.startswith("BULLETIN_")}
    env.update(BULLETIN_WEBROOT=str(webroot), BULLETIN_SITE_URL="https://bulletin.intranet/bulletin/",
               BULLETIN_RECORD_PUSH=str(tmp_path / "no-such-remote.git"), PYTHONPATH=str(ROOT))
    result = subprocess.run(["bash", "scripts/publish.sh"], cwd=checkout, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "未能推送" in result.stderr and "current/.bulletin-record.yml" in result.stderr
    assert "zwxx/2026/1:" in (webroot / "current/.bulletin-record.yml").read_text(encoding="utf-8")


def old_python(tmp_path, version) -> str:
    """Debian's PATH with a python3 first that says `version` and is not 3.11 or later (it fails
    every other program it is given)."""
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "python3").write_text(f'#!/bin/sh\ncase "$2" in *python_version*) echo {version};; *) exit 1;; esac\n',
                                  encoding="utf-8")
    (fake / "python3").chmod(0o755)
    return f"{fake}:/usr/bin:/bin"


def runner_check(tmp_path, python_version=None):
    """scripts/runner-check.sh with Debian's PATH, python3 on it replaced by one that says `python_version`."""
    path = old_python(tmp_path, python_version) if python_version else "/usr/bin:/bin"
    return subprocess.run(["bash", ROOT / "scripts/runner-check.sh"], capture_output=True, text=True,
                          env={"PATH": path, "BULLETIN_CHROMIUM": str(tmp_path / "no-chromium")})


def test_a_runner_without_chromium_builds_and_publishes(tmp_path):
    """Typst prints the PDFs: Chromium is for the product's browser tests only (this machine's
    Debian python3, git and fonts-noto-cjk are what the build and publish use)."""
    result = runner_check(tmp_path)
    assert result.returncode == 0 and result.stderr == "", result.stderr


def test_a_runner_with_an_old_python_is_told_first_in_chinese(tmp_path):
    result = runner_check(tmp_path, "3.9.2")
    assert result.returncode == 1
    assert "此机器的 Python 是 3.9.2，本系统需要 3.11 或更高版本（Debian 12 自带的 3.11.2 即可）" in result.stderr and "未生成、未发布任何内容" in result.stderr
    assert "python3-venv" not in result.stderr   # the version first: nothing else is judged with the wrong Python


def test_serve_sh_on_an_old_python_says_what_to_install_in_chinese_before_pip_speaks(tmp_path):
    checkout = tmp_path / "bulletin"
    shutil.copytree(ROOT / "scripts", checkout / "scripts")
    result = subprocess.run(["bash", "scripts/serve.sh"], cwd=checkout, capture_output=True, text=True,
                            env={"PATH": old_python(tmp_path, "3.9.2")})
    assert result.returncode == 1 and result.stderr.startswith("此机器的 Python 是 3.9.2，本系统需要 3.11 或更高版本")
    assert not (checkout / ".venv").exists()


def test_a_fetch_the_browser_drops_leaves_no_traceback_in_the_log(tmp_path, capsys):
    """The tests' local server: a browser that drops a fetch half-way (a page navigated away) made
    the server print a BrokenPipeError traceback into CI's log though no test failed."""
    import socket
    import struct
    from testsupport import serve_root
    (tmp_path / "big.bin").write_bytes(b"x" * 8_000_000)   # more than the socket buffers hold
    server, url = serve_root(tmp_path)
    try:
        client = socket.create_connection(("127.0.0.1", server.server_port))
        client.sendall(b"GET /big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        client.recv(1024)                                  # the server is writing the body
        client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        client.close()                                     # reset: the server's next write fails
    finally:
        server.shutdown()
        server.server_close()                              # waits for the request's thread
    assert capsys.readouterr().err == ""
