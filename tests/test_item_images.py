"""An item's pictures (bulletin/content/item_images.py): imported from Word as files beside the item,
shown on the built item page and on the issue page printing it (the img's src leads to a file of the
built site holding the very bytes Word held), passed by `bulletin verify`; and `bulletin check`
refusing each bad reference at the body's line, and a picture no item shows at its file."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from conftest import MINIMAL, SITE_URL, build_site, run_cli
from test_word_import import SAMPLE
from testsupport.word_issues import OfficeItem, write_office_issue
from test_import_layouts import COTTON, FLOOD, SPRING, office_issue

from bulletin.content.load import check_content, load_content
from bulletin.site.fingerprint import Fingerprints
from bulletin.site.paper import markup

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40      # the first bytes are what the check reads
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 40
ITEM = MINIMAL / "items/2026/2026-0001.md"   # approved; its body is its 13th line


@pytest.fixture(scope="module")
def imported_site(tmp_path_factory):
    """The sample with one Word issue imported whose first item holds a picture, built without PDFs."""
    root = tmp_path_factory.mktemp("item-images")
    content = root / "content"
    shutil.copytree(SAMPLE, content)
    issue = office_issue(items=[OfficeItem(SPRING.title, SPRING.byline, SPRING.paragraphs, image=True), COTTON, FLOOD])
    source = write_office_issue(root / "第12期.docx", issue)
    from bulletin import cli
    assert cli.main(["import", str(source), "--series", "zwxx", "--approved-by", "李华", "--content", str(content)]) == 0
    with zipfile.ZipFile(source) as word:   # the very bytes Word holds
        png = next(word.read(n) for n in word.namelist() if n.startswith("word/media/"))
    return content, build_site(content, root / "site", pdf=False), png


def _pictures(site: Path, url: str) -> list[tuple[str, Path]]:
    """(src, the file of the built site it leads to) of each picture in the page's body."""
    page = site / url / "index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    found = []
    for img in soup.select(".bl-body img, .md-content img"):
        if "assets/" in img["src"]:
            continue   # the theme's own
        address = urljoin(SITE_URL + url, img["src"])
        found.append((img["src"], site / address.removeprefix(SITE_URL)))
    return found


def test_the_picture_shows_on_the_item_page_and_the_issue_page(imported_site):
    content, site, png = imported_site
    for url in ("items/2024-zwxx-012-01/", "issues/zwxx/2024/12/"):
        pictures = _pictures(site, url)
        assert [src for src, _ in pictures] == ["images/2024-zwxx-012-01-1.png"], url
        assert pictures[0][1].read_bytes() == png, url   # the img leads to Word's own bytes
    item = BeautifulSoup((site / "items/2024-zwxx-012-01/index.html").read_text(encoding="utf-8"), "html.parser")
    assert item.select_one("img[src='images/2024-zwxx-012-01-1.png']")["alt"] == "图1"   # the caption, kept


def test_verify_passes_the_build_and_misses_a_removed_picture(imported_site, tmp_path):
    content, site, _ = imported_site
    result = run_cli("verify", "--site", site, "--site-url", SITE_URL, "--content", content)
    assert result.returncode == 0, result.stdout + result.stderr
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    (copy / "items/2024-zwxx-012-01/images/2024-zwxx-012-01-1.png").unlink()
    result = run_cli("verify", "--site", copy, "--site-url", SITE_URL, "--content", content)
    assert result.returncode == 1 and "2024-zwxx-012-01-1.png" in result.stdout + result.stderr


@pytest.fixture
def content(tmp_path):
    target = tmp_path / "content"
    shutil.copytree(MINIMAL, target)
    return target


def _problems(content: Path) -> list[tuple[str, int | None, str, str]]:
    return [(p.path, p.line, p.field, p.message) for p in check_content(content)]


def test_a_good_reference_passes_and_the_item_knows_its_picture(content):
    (content / "items/2026/images").mkdir()
    (content / "items/2026/images/2026-0001-1.png").write_bytes(PNG)
    item = content / "items/2026/2026-0001.md"
    item.write_text(item.read_text(encoding="utf-8") + "\n![图1](images/2026-0001-1.png)\n", encoding="utf-8")
    assert _problems(content) == []
    loaded = load_content(content).items["2026-0001"]
    assert [image.source for image in loaded.images] == ["images/2026-0001-1.png"]


def test_check_refuses_each_bad_reference_at_its_line(content, monkeypatch):
    from bulletin.content import item_images
    monkeypatch.setattr(item_images, "LIMIT", 1000)
    images = content / "items/2026/images"
    images.mkdir()
    (images / "2026-0001-big.png").write_bytes(PNG + b"\x00" * 1000)   # 1,048 bytes > 1,000
    (images / "2026-0001-2.png").write_bytes(JPEG)                      # a JPEG named .png
    (images / "2026-0001-3.gif").write_bytes(b"not a picture at all, but text")
    (images / "2026-0002-1.png").write_bytes(PNG)                       # 2026-0002's, shown by no item
    (content / "items/2025").mkdir()
    item = content / "items/2026/2026-0001.md"
    body = ["![缺](images/2026-0001-9.png)",            # line 14: no such file
            "![大](images/2026-0001-big.png)",          # 15: over the limit
            "![错](images/2026-0001-2.png)",            # 16: JPEG bytes
            '<img src="images/2026-0001-3.gif">',       # 17: no picture at all
            "![出](../2025/images/2026-0001-1.png)",    # 18: escapes the folder
            "![他](images/2026-0002-1.png)",            # 19: another item's name
            "![外](/items/2026-0001/x.png)"]            # 20: a path from the site's root
    item.write_text(item.read_text(encoding="utf-8") + "\n".join(body) + "\n", encoding="utf-8")
    found = {(path, line): (field, message) for path, line, field, message in _problems(content)}
    at = "content/items/2026/2026-0001.md"
    assert sorted(line for path, line in found if path == at) == list(range(14, 21))   # the body starts at line 13
    assert all(field == "body" for (path, _), (field, _) in found.items() if path == at)
    assert "content/items/2026/images/2026-0001-9.png 不存在" in found[(at, 14)][1]
    assert "2026-0001-big.png 有 0.0 MB，超过 0 MB" in found[(at, 15)][1]
    assert "扩展名是 .png，内容却实为 JPEG 图片" in found[(at, 16)][1]
    assert "内容却不是网页能显示的图片" in found[(at, 17)][1]
    assert "不能用 ../" in found[(at, 18)][1] and "不能用 ../" in found[(at, 20)][1]
    assert "应为 2026-0001-<序号>.png" in found[(at, 19)][1]
    # the picture of 2026-0002 is named by the body of 2026-0001 only (refused): nobody shows it
    assert "没有稿件正文引用此图片" in found[("content/items/2026/images/2026-0002-1.png", None)][1]
    assert len(found) == 8   # 7 lines + 1 file, nothing else


def test_a_misnamed_or_misplaced_picture_is_reported_as_a_picture(content):
    images = content / "items/2026/images"
    images.mkdir()
    (images / "会场.jpg").write_bytes(JPEG)
    (images / "说明.txt").write_text("x", encoding="utf-8")
    found = {path: message for path, _, _, message in _problems(content)}
    for name in ("会场.jpg", "说明.txt"):
        assert found[f"content/items/2026/images/{name}"].startswith("未读取：稿件图片应为 items/<四位年份>/images/<稿件id>-<序号>.png")
    assert found.keys() == {"content/items/2026/images/会场.jpg", "content/items/2026/images/说明.txt"}


def test_a_draft_showing_a_picture_keeps_it_in_use(content):
    (content / "items/2026/images").mkdir()
    (content / "items/2026/images/2026-0009-1.png").write_bytes(PNG)
    draft = content / "items/2026/2026-0009.md"
    draft.write_text("---\nid: 2026-0009\ntitle: 草稿标题示例文字\nunit: linshuang\ncategory: 动态\ntopics: [agriculture]\n"
                     "date: 2026-05-12\nstatus: draft\n---\n正文。\n\n![图1](images/2026-0009-1.png)\n", encoding="utf-8")
    assert _problems(content) == []


def test_a_changed_picture_changes_the_items_fingerprint(content):
    (content / "items/2026/images").mkdir()
    picture = content / "items/2026/images/2026-0001-1.png"
    picture.write_bytes(PNG)
    item = content / "items/2026/2026-0001.md"
    item.write_text(item.read_text(encoding="utf-8") + "\n![图1](images/2026-0001-1.png)\n", encoding="utf-8")
    before = Fingerprints().of(load_content(content).items["2026-0001"])
    assert Fingerprints().of(load_content(content).items["2026-0001"]) == before   # the same bytes, the same key
    picture.write_bytes(PNG + b"\x01")
    assert Fingerprints().of(load_content(content).items["2026-0001"]) != before


def test_the_pdf_prints_a_picture_as_its_caption():
    assert markup.body('<p>会场见下图。</p><p><img alt="图1" src="images/2026-0001-1.png"></p>') == \
        "#par[会场见下图。]\n#par[［图1］]\n"
