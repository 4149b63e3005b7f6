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
    # The tests' installed environment stands for `bash scripts/setup.sh`; PYTHONPATH makes the
    # copy's own code the one that runs.
    (target / ".venv").symlink_to(ROOT / ".venv")


def _git(office, *args):
    result = subprocess.run(["git", "-c", "user.name=信息科", "-c", "user.email=xxk@office.example", *args], cwd=office,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def _bulletin(office, *args):
    return subprocess.run([sys.executable, "-m", "bulletin.cli", *args], cwd=office, capture_output=True, text=True,
                          env=dict(os.environ, PYTHONPATH=str(office), PYTHONUTF8="1"))


@pytest.mark.slow   # a whole office repository, its archive built and checked
def test_an_office_with_its_own_archive_takes_the_next_release_and_its_merge_request_passes(tmp_path):
    office = tmp_path / "office"
    _copy_checkout(office)
    _git(office, "init", "-q", "-b", "main")
    _git(office, "add", "-A")
    _git(office, "commit", "-q", "-m", "Bulletin v1")
    _git(office, "tag", "v1")

    # The product's next release changes the product's files (code, docs, the tests' fixture), never content/.
    _git(office, "checkout", "-q", "-b", "product", "v1")
    (office / "README.md").write_text((office / "README.md").read_text(encoding="utf-8") + "\nv2\n", encoding="utf-8")
    fixture_unit = office / "tests/fixtures/sample/units.yml"
    fixture_unit.write_text(fixture_unit.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    _git(office, "commit", "-q", "-am", "Bulletin v2")
    _git(office, "tag", "v2")

    # The office replaces the starter content with its archive and composes an issue, as editors do.
    _git(office, "checkout", "-q", "main")
    shutil.rmtree(office / "content")
    subprocess.run([sys.executable, "scripts/synth_archive.py", "--items", "120", "--start-year", "2025", "--years", "2",
                    "--seed", str(OFFICE_SEED), "--config", "tests/fixtures/sample", "--out", "content"],
                   cwd=office, check=True, capture_output=True, env=dict(os.environ, PYTHONPATH=str(office)))
    drafted = _bulletin(office, "new-item", "--unit", "tahe", "--title", "塔河县冬季供暖保障有力")
    assert drafted.returncode == 0, drafted.stdout + drafted.stderr
    item = office / re.search(r"content/items/\S+\.md", drafted.stdout).group()
    item.write_text(item.read_text(encoding="utf-8").replace("status: draft", "status: approved\napproved_by: 李华"),
                    encoding="utf-8")
    composed = _bulletin(office, "new-issue", "zwxx", "--items", item.stem)
    assert composed.returncode == 0, composed.stdout + composed.stderr
    _git(office, "add", "-A")
    _git(office, "commit", "-q", "-m", "本期《政务信息》")
    office_content = _git(office, "rev-parse", "HEAD:content")

    # Upgrading is a merge of the release tag: no conflict, content/ exactly the office's.
    _git(office, "merge", "-q", "--no-edit", "v2")
    assert _git(office, "rev-parse", "HEAD:content") == office_content
    assert (office / "README.md").read_text(encoding="utf-8").endswith("\nv2\n")

    # The merge request's job, as .gitlab-ci.yml runs it.
    job = subprocess.run(["bash", "scripts/ci-merge-request.sh"], cwd=office, capture_output=True, text=True,
                         env=dict(os.environ, PYTHONPATH=str(office), PYTHONUTF8="1"))
    assert job.returncode == 0, job.stdout[-3000:] + job.stderr[-3000:]
    assert "内容检查通过" in job.stdout and "网站核验通过" in job.stdout
    issue = re.search(r"content/issues/zwxx/(\d{4})/(\d{3})\.yml", composed.stdout)
    page = office / "review/site/issues/zwxx" / issue.group(1) / str(int(issue.group(2))) / "index.html"
    assert "塔河县冬季供暖保障有力" in page.read_text(encoding="utf-8")
    assert "塔河县冬季供暖保障有力" in (office / "review/summary.md").read_text(encoding="utf-8")
