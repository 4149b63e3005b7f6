"""An office adopts Bulletin: its own archive in content/, the product's tests on their own fixtures,
and the next release of the product merged in without touching content/ (docs/publishing.md,
*Your office's repository*)."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLE

OFFICE_SEED = 11   # not the sample's seed (7): the office's archive shares no item with the tests' sample


def test_no_product_test_reads_the_office_s_content():
    assert SAMPLE.is_relative_to(ROOT / "tests")
    # ROOT / "content", or "content" given as the content folder to a command the tests run
    naming = re.compile(r"""(?:ROOT|REPO)\s*/\s*["']content["']|["']--content["'],\s*["']content["']""")
    readers = [path.relative_to(ROOT).as_posix() for folder in ("tests", "testsupport", "scripts")
               for path in (ROOT / folder).rglob("*.py")
               if path != Path(__file__) and naming.search(path.read_text(encoding="utf-8"))]
    assert readers == []


def _copy_checkout(target):
    tracked = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True,
                             text=True, check=True).stdout.splitlines()
    for name in tracked:
        if (ROOT / name).is_file() and not name.startswith("content/"):
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target / name)
    (target / "content").mkdir()
    shutil.copytree(ROOT / "tests/fixtures/sample", target / "content", dirs_exist_ok=True)  # version N's starter content
    _freeze(target)
    # The tests' installed environment stands for `bash scripts/setup.sh`; PYTHONPATH makes the
    # copy's own code the one that runs.
    (target / ".venv").symlink_to(ROOT / ".venv")


def _freeze(checkout):
    """Record checkout's content/ as the starter content (tests/starter-content.sha256)."""
    listing = subprocess.run("find content -type f | LC_ALL=C sort | xargs sha256sum", shell=True, cwd=checkout,
                             capture_output=True, text=True, check=True).stdout
    (checkout / "tests/starter-content.sha256").write_text(listing, encoding="utf-8")


def _frozen(checkout):
    return subprocess.run(["bash", "scripts/starter-frozen.sh"], cwd=checkout, capture_output=True, text=True)


def test_the_starter_content_check_names_every_file_a_release_would_change(tmp_path):
    checkout = tmp_path / "product"
    (checkout / "scripts").mkdir(parents=True)
    (checkout / "tests").mkdir()
    shutil.copy2(ROOT / "scripts/starter-frozen.sh", checkout / "scripts")
    shutil.copytree(ROOT / "tests/fixtures/minimal", checkout / "content")
    _freeze(checkout)
    untouched = _frozen(checkout)
    assert untouched.returncode == 0 and "起始内容未改动" in untouched.stdout, untouched.stderr
    (checkout / "content/units.yml").write_text("changed\n", encoding="utf-8")            # edited
    (checkout / "content/items/2026/2026-0009.md").write_text("new\n", encoding="utf-8")  # added
    (checkout / "content/topics.yml").unlink()                                              # removed
    changed = _frozen(checkout)
    assert changed.returncode == 1
    assert changed.stderr.splitlines()[1:4] == ["  已修改：content/units.yml", "  新增：content/items/2026/2026-0009.md",
                                                "  删除：content/topics.yml"]


def _git(office, *args):
    result = subprocess.run(["git", "-c", "user.name=信息科", "-c", "user.email=xxk@office.example", *args], cwd=office,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def _bulletin(office, *args):
    return subprocess.run([sys.executable, "-m", "bulletin.cli", *args], cwd=office, capture_output=True, text=True,
                          env=dict(os.environ, PYTHONPATH=str(office), PYTHONUTF8="1"))


def _release(office, tag):
    """The product's next release: product files change (code and docs, mkdocs.yml, the tests'
    fixture, a file renamed), the starter content never does (scripts/starter-frozen.sh)."""
    _git(office, "checkout", "-q", "-b", f"product-{tag}", "v1")
    for name, added in (("README.md", f"\n{tag}\n"), ("mkdocs.yml", f"\n# {tag}\n"),
                        ("tests/fixtures/sample/units.yml", "\n")):
        (office / name).write_text((office / name).read_text(encoding="utf-8") + added, encoding="utf-8")
    _git(office, "mv", "docs/deploy.md", "docs/nginx.md")
    _git(office, "commit", "-q", "-am", f"Bulletin {tag}")
    _git(office, "tag", tag)
    frozen = _frozen(office)
    assert frozen.returncode == 0, frozen.stderr


def _merge_request_job(office, target):
    """The merge request's job as .gitlab-ci.yml runs it, against its target's commit, with the
    office's CI variables (the published address is set for every job)."""
    job = subprocess.run(["bash", "scripts/ci-merge-request.sh"], cwd=office, capture_output=True, text=True,
                         env=dict(os.environ, PYTHONPATH=str(office), PYTHONUTF8="1", CI_MERGE_REQUEST_DIFF_BASE_SHA=target,
                                  BULLETIN_SITE_URL="https://bulletin.tahe.intranet/bulletin/"))
    assert job.returncode == 0, job.stdout[-3000:] + job.stderr[-3000:]
    assert "内容检查通过" in job.stdout and "网站核验通过" in job.stdout
    return (office / "review/summary.md").read_text(encoding="utf-8")


@pytest.mark.slow   # a whole office repository, its archive built and checked twice, the reference build in it
def test_an_office_with_its_own_archive_and_site_name_takes_the_next_release_untouched(tmp_path):
    office = tmp_path / "office"
    _copy_checkout(office)
    _git(office, "init", "-q", "-b", "main")
    _git(office, "add", "-A")
    _git(office, "commit", "-q", "-m", "Bulletin v1")
    _git(office, "tag", "v1")
    _release(office, "v2")

    # The office adopts v1: its archive replaces the starter content, its site's name is its own
    # (in content/bulletin.yml: no product file is edited), and it composes an issue, as editors do.
    _git(office, "checkout", "-q", "main")
    shutil.rmtree(office / "content")
    subprocess.run([sys.executable, "scripts/synth_archive.py", "--items", "120", "--start-year", "2025", "--years", "2",
                    "--seed", str(OFFICE_SEED), "--config", "tests/fixtures/sample", "--out", "content"],
                   cwd=office, check=True, capture_output=True, env=dict(os.environ, PYTHONPATH=str(office)))
    settings = office / "content/bulletin.yml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("name: 巴尔地区政务信息", "name: 塔河地区政务信息"),
                        encoding="utf-8")
    _git(office, "add", "-A")
    _git(office, "commit", "-q", "-m", "本机关的刊物库")
    before_upgrade = _git(office, "rev-parse", "HEAD").strip()
    office_content = _git(office, "rev-parse", "HEAD:content")

    # Upgrading, as the guide says: merge the release's tag with rename detection off.
    _git(office, "checkout", "-q", "-b", "upgrade-v2")
    merged = subprocess.run(["git", "-c", "user.name=信息科", "-c", "user.email=xxk@office.example", "merge", "--no-edit",
                             "-X", "no-renames", "v2"], cwd=office, capture_output=True, text=True)
    assert merged.returncode == 0 and "CONFLICT" not in merged.stdout, merged.stdout + merged.stderr
    assert _git(office, "diff", "--name-only", "--diff-filter=U") == ""
    assert _git(office, "rev-parse", "HEAD:content") == office_content            # 0 bytes changed under content/
    assert _git(office, "diff", "--stat", before_upgrade, "HEAD", "--", "content") == ""
    assert (office / "docs/nginx.md").is_file() and (office / "README.md").read_text(encoding="utf-8").endswith("\nv2\n")
    # The upgrade's merge request: green, and it changes no published page's content.
    summary = _merge_request_job(office, before_upgrade)
    assert "## 新增刊物（0）" in summary and "## 已刊发稿件的改动（0）" in summary
    home = (office / "site/index.html").read_text(encoding="utf-8")
    assert "<title>首页 - 塔河地区政务信息</title>" in home and "巴尔地区政务信息" not in home
    assert "bulletin.tahe.intranet" not in home   # the reviewer's pages are relative: they open from disk
    _git(office, "checkout", "-q", "main")
    _git(office, "merge", "-q", "--ff-only", "upgrade-v2")

    # The next issue's merge request: its summary is that issue alone, against main, with nothing committed but content.
    drafted = _bulletin(office, "new-item", "--unit", "tahe", "--title", "塔河县冬季供暖保障有力")
    assert drafted.returncode == 0, drafted.stdout + drafted.stderr
    item = office / re.search(r"content/items/\S+\.md", drafted.stdout).group()
    item.write_text(item.read_text(encoding="utf-8").replace("status: draft", "status: approved\napproved_by: 李华"),
                    encoding="utf-8")
    composed = _bulletin(office, "new-issue", "zwxx", "--items", item.stem)
    assert composed.returncode == 0, composed.stdout + composed.stderr
    main = _git(office, "rev-parse", "HEAD").strip()
    _git(office, "checkout", "-q", "-b", "issue")
    _git(office, "add", "-A", "content")
    _git(office, "commit", "-q", "-m", "本期《政务信息》")
    summary = _merge_request_job(office, main)
    assert "## 新增刊物（1）" in summary and "## 新刊发的稿件（1）" in summary and "塔河县冬季供暖保障有力" in summary
    issue = re.search(r"content/issues/zwxx/(\d{4})/(\d{3})\.yml", composed.stdout)
    page = office / "review/site/issues/zwxx" / issue.group(1) / str(int(issue.group(2))) / "index.html"
    assert "塔河县冬季供暖保障有力" in page.read_text(encoding="utf-8")

    # The product's tests, run in the office's repository (its content and site name), as its
    # product-tests job runs them: the reference build is the product's sample, never the office's.
    # its own temporary folder: pytest's default one is shared and pruned, under the outer run's workers
    tests = subprocess.run([sys.executable, "-m", "pytest", "-n", "0", "-q", "-p", "no:cacheprovider",
                            "--basetemp", str(tmp_path / "office-tests"),
                            "tests/test_reference.py", "tests/test_content_format_doc.py"], cwd=office,
                           capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(office), PIP_NO_INDEX="1"))
    assert tests.returncode == 0, tests.stdout[-3000:]


def test_no_office_setting_reaches_the_product_s_tests():
    """An office's CI runs the product's tests with its own variables set (its address, web root): the
    run that found this had two tests building at https://bulletin.tahe.intranet/ instead of no address.
    Every variable the CI file sets is cleared before any test runs (conftest: with every build knob)."""
    from conftest import OFFICE_SETTINGS
    ci = (ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8")
    set_by_ci = set(re.findall(r"^\s+(BULLETIN_[A-Z_]+):", ci, flags=re.M)) | set(re.findall(r"\$?(BULLETIN_RECORD_[A-Z_]+)", ci))
    assert set_by_ci - {"BULLETIN_WHEELS"} <= set(OFFICE_SETTINGS)
