"""The check a built site passes before it is published, on a real build with one thing broken."""

import shutil

import pytest

from bulletin.archive import Archive
from bulletin.content.load import load_content
from bulletin.ops.verify import verify
from conftest import MINIMAL, SITE_URL, build_site, run_cli
from testsupport.reference import BUILD_DAY

DRAFT_TITLE = "塔河县草稿一篇尚未审核"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("verify")
    return build_site(MINIMAL, root / "site"), Archive(load_content(MINIMAL))


@pytest.fixture
def site(built, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(built[0], copy)
    return copy


def append(path, text):
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_a_clean_build_passes(built):
    assert verify(built[0], built[1], SITE_URL) == []
    assert verify(built[0], built[1], SITE_URL, built=BUILD_DAY) == []


def test_a_missing_data_file_fails_when_the_build_date_is_known(site, built):
    """data/requests.json is linked from no page: only the plan says it belongs to the site."""
    (site / "data/requests.json").unlink()
    (site / "data/leaderboard-2026.csv").unlink()
    problems = verify(site, built[1], SITE_URL, built=BUILD_DAY)
    assert "数据文件 data/requests.json 缺失" in problems and "数据文件 data/leaderboard-2026.csv 缺失" in problems


@pytest.mark.parametrize("page, message", [
    ("items/2026-0002/index.html", "已审核稿件 2026-0002 没有页面"),
    ("issues/zwxx/2026/1/index.html", "刊物 minimal/issues/zwxx/2026/001.yml 没有页面"),
])
def test_a_missing_page_fails(site, built, page, message):
    (site / page).unlink()
    assert message in verify(site, built[1], SITE_URL)


@pytest.mark.parametrize("leak", [DRAFT_TITLE, "草稿编号 2026-0003。", "标题：塔河县草稿一篇尚未审核（转）"])
def test_an_unapproved_item_anywhere_fails(site, built, leak):
    append(site / "topics/agriculture/index.html", f"<p>{leak}</p>")
    problems = verify(site, built[1], SITE_URL)
    assert any(p.startswith("topics/agriculture/index.html: 出现了未审核稿件") for p in problems), problems


def test_the_title_of_an_unapproved_item_in_data_files_fails(site, built):
    append(site / "data/leaderboard.json", DRAFT_TITLE)
    assert any("data/leaderboard.json" in p for p in verify(site, built[1], SITE_URL))


@pytest.mark.parametrize("markup, message", [
    ('<img src="http://cdn.example/x.png">', "引用了外部地址 http://cdn.example/x.png"),
    ('<script src="//cdn.example/x.js"></script>', "引用了外部地址 //cdn.example/x.js"),
    ('<link href="../assets/gone.css" rel="stylesheet">', "指向不存在的文件"),
    ('<a href="/outside/">x</a>', "指向网站之外"),
])
def test_broken_or_outside_references_fail(site, built, markup, message):
    append(site / "units/index.html", markup)
    problems = verify(site, built[1], SITE_URL)
    assert any(p.startswith("units/index.html:") and message in p for p in problems), problems


def test_links_to_the_site_s_own_address_are_internal(site, built):
    append(site / "units/index.html", f'<a href="{SITE_URL}items/2026-0001/">x</a>')
    assert verify(site, built[1], SITE_URL) == []
    append(site / "units/index.html", f'<a href="{SITE_URL}items/nothing/">x</a>')
    assert any("指向不存在的文件" in p for p in verify(site, built[1], SITE_URL))


def test_an_id_counts_only_as_a_whole_token(site, built):
    append(site / "units/index.html", "<p>文号 2026-00031 与 x2026-0003</p>")
    assert verify(site, built[1], SITE_URL) == []



@pytest.mark.parametrize("site_url", ["https://bulletin.intranet/", None])
def test_links_to_the_home_page_resolve_at_the_host_root(built, tmp_path, site_url):
    # Served at the host root (or with no address, i.e. relative links), `.` and `/.` are the home
    # page: they once read as site / "/" and were reported missing, refusing every such publish.
    result = run_cli("build", "--content", MINIMAL, "--out", tmp_path / "site", *(["--site-url", site_url] if site_url else []))
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    assert verify(site, built[1], site_url) == []
    append(site / "index.html", '<a href=".">首页</a><a href="/.">首页</a><a href="./">首页</a>')
    append(site / "units/index.html", '<a href="..">首页</a><a href="/">首页</a>')
    assert verify(site, built[1], site_url) == []
    append(site / "units/index.html", '<a href="/gone/">x</a>')
    assert any(p.startswith("units/index.html:") and "指向不存在的文件" in p for p in verify(site, built[1], site_url))
