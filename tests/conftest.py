import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "content"
MINIMAL = ROOT / "tests" / "fixtures" / "minimal"


def run_cli(*args, cwd=ROOT):
    """Run the installed CLI the way a user does, returning the finished process."""
    return subprocess.run([sys.executable, "-m", "bulletin.cli", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, env=dict(os.environ, PYTHONUTF8="1"))


def build_site(content: Path, out: Path) -> Path:
    result = run_cli("build", "--content", content, "--out", out)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


class Site:
    """A built site, read the way a browser would: by URL path."""

    def __init__(self, root: Path):
        self.root = root

    def path(self, url: str) -> Path:
        return self.root / url.strip("/") / "index.html" if not url.endswith(".html") else self.root / url

    def html(self, url: str) -> str:
        return self.path(url).read_text(encoding="utf-8")

    def soup(self, url: str) -> BeautifulSoup:
        return BeautifulSoup(self.html(url), "html.parser")

    def text(self, url: str) -> str:
        return " ".join(self.soup(url).select_one("article.md-content__inner, .md-content__inner").get_text(" ").split())

    def pages(self):
        return sorted(self.root.rglob("*.html"))


@pytest.fixture
def content(tmp_path):
    """A writable copy of the minimal fixture: tests break one thing in it."""
    target = tmp_path / "content"
    shutil.copytree(MINIMAL, target)
    return target


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Site:
    return Site(build_site(SAMPLE, tmp_path_factory.mktemp("sample") / "site"))


@pytest.fixture(scope="session")
def sample_archive():
    from bulletin.archive import Archive
    from bulletin.load import load_content
    return Archive(load_content(SAMPLE))
