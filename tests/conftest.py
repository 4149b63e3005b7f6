import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from bulletin.ops.request import KNOBS
from testsupport import CHROMIUM, launch, serve_root

ROOT = Path(__file__).resolve().parent.parent

# The product's tests never see the office's settings: an office's CI sets these for its own builds
# and publishes (.gitlab-ci.yml's variables), and a test must build with what it sets itself.
# BULLETIN_WHEELS stays: it is where the install tests find the wheels offline.
OFFICE_SETTINGS = (*KNOBS.values(), "BULLETIN_WEBROOT", "BULLETIN_KEEP", "BULLETIN_PUBLISH_TAG", "BULLETIN_RECORD_BRANCH",
                   "BULLETIN_RECORD_PUSH")
for _setting in OFFICE_SETTINGS:
    os.environ.pop(_setting, None)

# The product's own sample bulletin: the tests own it. content/ is the office's, and no test reads it,
# so an office that replaces content/ with its archive (or adds an issue) keeps the tests green.
SAMPLE = ROOT / "tests" / "fixtures" / "sample"
MINIMAL = ROOT / "tests" / "fixtures" / "minimal"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Each test file runs whole on one worker (scripts/test.sh: --dist loadfile), the files handed
    out in this order: first those with a test marked slow, then the files with most tests,
    so the last files to start are short and the workers finish together."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return
    def has_slow(tests):
        return any(test.get_closest_marker("slow") for test in tests)

    files: dict[str, list] = {}
    for item in items:
        files.setdefault(item.nodeid.split("::")[0], []).append(item)
    order = sorted(files.values(), key=lambda tests: (not has_slow(tests), -len(tests)))
    items[:] = [item for tests in order for item in tests]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """BULLETIN_TEST_CPU=FILE: one line a test (its set-up, call and tear-down) appended to FILE, with
    its wall and CPU seconds, its processes' included: wall alone misleads on a shared machine.
    `python -m testsupport.test_cpu FILE` sums them by file."""
    record = os.environ.get("BULLETIN_TEST_CPU")
    if not record:
        yield
        return
    from testsupport.test_cpu import Clock
    clock = Clock()
    yield
    clock.append(record, item.nodeid)


def fast_lane(values, fast, ids=None) -> list:
    """Parameters for pytest.mark.parametrize, those outside `fast` marked slow: the fast lane
    (scripts/test.sh --fast) keeps one representative of each behaviour, the full suite runs all."""
    return [pytest.param(value, id=ids(value) if ids else None, marks=() if value in fast else pytest.mark.slow)
            for value in values]


def run_cli(*args, cwd=ROOT, env=None):
    """Run the installed CLI the way a user does, returning the finished process."""
    return subprocess.run([sys.executable, "-m", "bulletin.cli", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, env=dict(os.environ, PYTHONUTF8="1", **(env or {})))


SITE_URL = "http://intranet.example/bulletin/"


@pytest.fixture(scope="session", autouse=True)
def build_cache(tmp_path_factory):
    """One incremental-build cache for the whole run, never the repository's .cache/: builds of
    different content share it, as an office's CI would, and every one must still be right."""
    folder = tmp_path_factory.mktemp("build-cache")
    os.environ["BULLETIN_CACHE"] = str(folder)
    yield folder
    os.environ.pop("BULLETIN_CACHE", None)


def build_site(content: Path, out: Path, site_url: str = SITE_URL, pdf: bool = True, cache: Path | None = None) -> Path:
    """Build as `bulletin build` does; pdf=False leaves out the issue PDFs (synthetic archives of
    hundreds of issues would print each one); `cache`: a cache of the build's own, not the run's."""
    from testsupport.reference import BUILD_DATE   # the reference build's date, so the two can match
    result = run_cli("build", "--content", content, "--out", out, "--site-url", site_url,
                     env={**BUILD_DATE, **({} if pdf else {"BULLETIN_PDF": "off"}),
                          **({"BULLETIN_CACHE": str(cache)} if cache else {})})
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
def sample(tmp_path):
    """A writable copy of the sample: tests change it and read it again."""
    target = tmp_path / "content"
    shutil.copytree(SAMPLE, target)
    return target


@pytest.fixture
def content(tmp_path):
    """A writable copy of the minimal fixture: tests break one thing in it."""
    target = tmp_path / "content"
    shutil.copytree(MINIMAL, target)
    return target


PUBLISH_DAY = {"SOURCE_DATE_EPOCH": "1779753600"}   # 2026-05-26: the minimal bulletin's May still runs


def publish(content, webroot, *extra):
    """`bulletin publish` of `content` into `webroot`, as CI runs it, at the tests' site URL, built on
    2026-05-26: the day after its second issue (tests/test_publish.py, add_second_issue), in the month
    both are dated, as an office publishes them; a later build date would have issued May's circular
    with the first publish, and the published record then refuses a new issue dated back into May."""
    return run_cli("publish", "--content", content, "--to", webroot, "--site-url", SITE_URL, *extra, env=PUBLISH_DAY)


@pytest.fixture
def published(content, tmp_path, tmp_path_factory):
    """The minimal bulletin published once to a fresh web root. ~40 tests start from it: the first
    publish is made once a run (built_once) and each test gets a copy of its web root and of the
    published.lock it wrote into content/; content that is not the minimal fixture's is published
    on its own, as before."""
    webroot = tmp_path / "www"
    if not _same_files(content, MINIMAL):
        result = publish(content, webroot)
        assert result.returncode == 0, result.stdout + result.stderr
        return webroot

    def first_publish(folder):
        shutil.copytree(MINIMAL, folder / "content")
        result = publish(folder / "content", folder / "www")
        assert result.returncode == 0, result.stdout + result.stderr
    return copy_published(built_once(tmp_path_factory, "minimal-published", first_publish), webroot, content)


def copy_published(shared: Path, webroot: Path, content: Path) -> Path:
    """A test's own copy of a web root published once a run (shared / "www") and of the content it was
    published from: every file of shared / "content" that `content` lacks or holds otherwise
    (published.lock, and whatever the shared run changed)."""
    # cp -a: current -> releases/… stays a link, and files hard-linked between releases stay linked,
    # as the publish left them
    subprocess.run(["cp", "-a", str(shared / "www"), str(webroot)], check=True)
    for path in (shared / "content").rglob("*"):
        mine = content / path.relative_to(shared / "content")
        if path.is_file() and (not mine.exists() or mine.read_bytes() != path.read_bytes()):
            mine.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, mine)
    return webroot


def _same_files(one: Path, other: Path) -> bool:
    def files(root):
        return {path.relative_to(root): path for path in root.rglob("*") if path.is_file()}
    mine, theirs = files(one), files(other)
    return mine.keys() == theirs.keys() and all(mine[name].read_bytes() == theirs[name].read_bytes() for name in mine)


def built_once(tmp_path_factory, name: str, build) -> Path:
    """`build(folder)` run once for the whole run, its folder read by every worker: with
    pytest-xdist each worker runs the session fixtures, so the first to take the lock builds under
    the run's shared temporary folder and the others wait and read the same output."""
    import fcntl
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent   # each worker's folder is inside the run's
    folder, done = shared / name, shared / f"{name}.done"
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)   # a failed build of another worker
            build(folder)
            done.touch()
    return folder


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Site:
    return Site(built_once(tmp_path_factory, "sample-site", lambda folder: build_site(SAMPLE, folder)))


@pytest.fixture(scope="session")
def minimal_site(tmp_path_factory) -> Site:
    """The minimal fixture built without PDFs: an office with no requests, fees or awards."""
    return Site(built_once(tmp_path_factory, "minimal-site", lambda folder: build_site(MINIMAL, folder, pdf=False)))


@pytest.fixture(scope="session")
def office_site(tmp_path_factory) -> Site:
    """The office fixture (tests/fixtures/office/ over the sample) built without PDFs, with a cache of
    its own: its folder holds content/, cache/ and site/. test_office_site reads the site; a later
    day's build in test_incremental starts from a copy of the content and the cache."""
    def build(folder):
        from testsupport.office_archive import compose
        compose(folder / "content")
        build_site(folder / "content", folder / "site", pdf=False, cache=folder / "cache")
    return Site(built_once(tmp_path_factory, "office-site", build) / "site")


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory) -> Site:
    """The minimal fixture with hostile text in every field (tests/hostile.py), built."""
    def build(folder):
        from hostile import make_hostile
        shutil.copytree(MINIMAL, folder / "content")
        make_hostile(folder / "content")
        build_site(folder / "content", folder / "site")
    return Site(built_once(tmp_path_factory, "hostile", build) / "site")


@pytest.fixture(scope="session")
def sample_archive():
    from bulletin.archive import Archive
    from bulletin.content.load import load_content
    return Archive(load_content(SAMPLE))


@pytest.fixture(scope="session")
def sample_board(sample_archive):
    """The sample's leaderboard as the tests' build scores it: requests and quotas judged on its date."""
    from bulletin.cycle.scoring import Leaderboard
    from testsupport.reference import BUILD_DAY
    return Leaderboard(sample_archive, BUILD_DAY)


# -- serving and browsing ------------------------------------------------------------------------

NGINX_CONF = ROOT / "deploy" / "nginx.conf"
PREFIX = "/bulletin/"


def nginx_headers() -> list[tuple[str, str]]:
    """The security headers of the documented nginx configuration: the tests serve with exactly these."""
    import re
    pattern = re.compile(r'^\s*add_header\s+(\S+)\s+"([^"]*)"\s+always;', re.M)
    return pattern.findall(NGINX_CONF.read_text(encoding="utf-8"))


def serve(root: Path):
    """Serve `root` under /bulletin/ with nginx's headers; returns (server, base URL)."""
    return serve_root(root, PREFIX, nginx_headers())


@pytest.fixture(scope="session")
def sample_url(sample_site):
    server, url = serve(sample_site.root)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, driven by Playwright; never a downloaded browser build."""
    from playwright.sync_api import sync_playwright
    assert Path(CHROMIUM).exists(), "install Debian's chromium (scripts/test.sh does)"
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN")
    tab = context.new_page()
    yield tab
    context.close()


OUTPUT = ROOT / "test-output"
