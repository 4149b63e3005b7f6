"""The CI entry points: .gitlab-ci.yml runs what the docs say, scripts/publish.sh publishes."""

import os
import subprocess

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
    job = (ROOT / "scripts/ci-merge-request.sh").read_text(encoding="utf-8")
    assert all(f".venv/bin/bulletin {command} " in job for command in ("check", "build", "verify"))
    assert "bash scripts/test.sh -q" in tests["script"] and "bulletin/**/*" in tests["rules"][0]["changes"]
    assert "content/**/*" not in tests["rules"][0]["changes"]
    assert "$CI_DEFAULT_BRANCH" in publish["rules"][0]["if"] and publish["script"] == ["bash scripts/publish.sh"]
    assert publish["variables"]["BULLETIN_WEBROOT"] and publish["variables"]["BULLETIN_SITE_URL"]
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


def test_publish_sh_publishes_the_content(content, tmp_path):
    webroot = tmp_path / "www"
    result = publish_sh({"BULLETIN_WEBROOT": str(webroot), "BULLETIN_SITE_URL": "https://bulletin.intranet/bulletin/",
                         "BULLETIN_CONTENT": str(content), "BULLETIN_KEEP": "2"}, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (webroot / "current/items/2026-0001/index.html").is_file()
    assert (content / "published.lock").is_file() and "请提交到版本库" in result.stdout
