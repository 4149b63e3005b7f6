"""Issue 18: content that used to vanish, change or crash `check` is now named at `path:line: field`."""

import os
import pathlib

import pytest

from bulletin.archive import Archive
from bulletin.content.load import read_content
from test_validation import ISSUE_1, ITEM_1, assert_problem, edit, problems_of

BODY = "据林双县植保站监测，今年棉花病虫害预计为中度偏重发生。\n"


def front_matter(content, relative, text):
    (content / relative).write_text(f"---\n{text}\n---\n{BODY}", encoding="utf-8")


# -- silent loss -----------------------------------------------------------------------------------

@pytest.mark.parametrize("front", ["# 只有一行注释", "~", "null", "  "])
def test_an_item_whose_front_matter_holds_no_value_is_a_problem(content, front):
    front_matter(content, ITEM_1, front)
    assert_problem(content, ITEM_1, 2, "", "YAML 头部是空的")


def test_an_issue_listing_an_empty_item_is_refused_without_a_traceback(content):
    front_matter(content, ITEM_1, "~")   # 2026-0001 is printed in issues/zwxx/2026/001.yml
    loaded, problems = read_content(content)
    assert [p.path for p in problems] == [f"content/{ITEM_1}"]


@pytest.mark.parametrize("delimiter", ["---", "...", "  ---", "  ..."])
def test_a_delimiter_inside_a_block_scalar_does_not_cut_the_front_matter(content, delimiter):
    edit(content, ITEM_1, "approved_by: 李华", f"approved_by: 李华\nsummary: |\n  第一段\n  {delimiter.strip()}\n  第二段")
    loaded, problems = read_content(content)
    assert list(problems) == []
    item = loaded.items["2026-0001"]
    assert item.summary == f"第一段\n{delimiter.strip()}\n第二段"
    assert [event.type for event in item.events] == ["forwarded"]  # the keys after it stay front matter


# -- types -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("typed", ["010", "0x1F", "1e3", ".nan", "-.inf", "0o17", "+3"])
def test_a_title_written_as_a_yaml_number_is_kept_as_typed(content, typed):
    edit(content, ITEM_1, "title: 今年林双县棉花病虫害预计为中度偏重发生", f"title: {typed}")
    loaded, problems = read_content(content)
    assert list(problems) == []
    assert loaded.items["2026-0001"].title == typed


def test_an_id_is_compared_with_its_file_name_as_typed(content):
    (content / ITEM_1).rename(content / "items/2026/16.md")
    edit(content, "items/2026/16.md", "id: 2026-0001", "id: 0x10")
    assert_problem(content, "items/2026/16.md", 2, "id", "id “0x10”应与文件名“16.md”一致")


def test_an_id_with_leading_zeros_matches_its_file(content):
    (content / ITEM_1).rename(content / "items/2026/010.md")
    edit(content, "items/2026/010.md", "id: 2026-0001", "id: 010")
    edit(content, ISSUE_1, "items: [2026-0001, 2026-0002]", "items: [010, 2026-0002]")
    loaded, problems = read_content(content)
    assert list(problems) == []
    assert [issue.item_ids for issue in loaded.issues] == [["010", "2026-0002"]]
    assert "010" in Archive(loaded).items


# -- required files hidden or replaced -------------------------------------------------------------

@pytest.mark.parametrize("pattern, hidden", [("bulletin.yml", ["bulletin.yml"]), ("units.yml", ["units.yml"]),
                                             ("*", ["bulletin.yml", "units.yml", "topics.yml"]),
                                             ("*.yml", ["bulletin.yml", "units.yml", "topics.yml"])])
def test_required_files_cannot_be_ignored(content, pattern, hidden):
    (content / ".bulletinignore").write_text(f"# 草稿\n{pattern}\n", encoding="utf-8")
    found = problems_of(content)
    for name in hidden:
        assert (".bulletinignore", 2, "", f"不能忽略必需的文件 {name}：请从 .bulletinignore 中删去这一行或改写此规则") in found, found


def test_units_are_still_read_when_the_ignore_file_lists_them(content):
    (content / ".bulletinignore").write_text("units.yml\n", encoding="utf-8")
    loaded, problems = read_content(content)
    assert len(problems) == 1 and loaded.units  # one problem, and nothing else goes wrong for it


@pytest.mark.parametrize("name", ["bulletin.yml", "units.yml", "topics.yml"])
def test_a_required_file_that_is_a_folder_is_named(content, name):
    (content / name).unlink()
    (content / name).mkdir()
    assert_problem(content, name, None, "", f"是目录，不是文件：{name} 应为文件")


def test_the_published_record_as_a_folder_is_named(content):
    (content / "published.lock").mkdir()
    assert_problem(content, "published.lock", None, "", "是目录，不是文件：published.lock 应为文件")


def test_an_empty_folder_named_like_an_item_is_named(content):
    (content / "items/2026/2026-0009.md").mkdir()
    assert_problem(content, "items/2026/2026-0009.md", None, "", "是目录，不是文件")


# -- duplicates ------------------------------------------------------------------------------------

@pytest.mark.parametrize("field, line, old, new", [
    ("co_units[2]", 5, "co_units: [tahe]", "co_units: [tahe, tahe]"),
    ("topics[2]", 6, "topics: [agriculture]", "topics: [agriculture, agriculture]"),
])
def test_a_list_element_written_twice_is_refused(content, field, line, old, new):
    relative = "items/2026/2026-0002.md" if field.startswith("co_units") else ITEM_1
    edit(content, relative, old, new)
    fragment = "“tahe”重复（第 1 项已有）" if field.startswith("co_units") else "“agriculture”重复（第 1 项已有）"
    assert_problem(content, relative, line, field, fragment)


# -- classified markings ---------------------------------------------------------------------------

@pytest.mark.parametrize("filler", ["\u3164", "\uffa0", "\u115f", "\u1160", "\u2800", "\u200b", "\u2060", "\u034f",
                                    "\U000e0020", "\u180e", "\u3000", "\u00ad", "\U0001d173", "\ufe0f", "\u17b4"])
def test_a_classified_marking_disguised_with_an_invisible_character_is_refused(content, filler):
    edit(content, ITEM_1, "status: approved", f'status: approved\nmarking: "秘{filler}密"')
    assert_problem(content, ITEM_1, 9, "marking", "涉密")


def test_every_code_point_that_draws_nothing_is_folded():
    """Not a hand list: every code point between 秘 and 密 that reads as neither a letter nor a digit
    (after NFKC: ₨ reads as "Rs", which a reader sees) leaves the marking classified."""
    import sys
    import unicodedata

    from bulletin.markings import is_classified

    def reads_as_text(character):
        return any(unicodedata.category(c)[0] in "LN" for c in unicodedata.normalize("NFKC", character))

    let_through = [f"U+{code:04X}" for code in range(sys.maxunicode + 1)
                   if not (0xD800 <= code <= 0xDFFF) and not reads_as_text(chr(code))
                   and not is_classified(f"秘{chr(code)}密")]
    assert let_through == []


# -- file names and folders ------------------------------------------------------------------------

def test_a_file_name_with_a_line_break_stays_on_one_problem_line(content):
    (content / "items/2026/a\nb.md").write_text("x", encoding="utf-8")
    lines = [str(p) for p in read_content(content)[1]]
    assert any(line.startswith("content/items/2026/a\\u000ab.md:") for line in lines), lines
    assert all("\n" not in line for line in lines)


def test_an_unreadable_content_folder_is_one_problem(content, monkeypatch):
    # chmod 0 does not stop root (the test machine): the refusal comes from the OS call itself
    real_scandir = os.scandir

    def scandir(path="."):
        if pathlib.Path(path) == content:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    assert [str(p) for p in read_content(content)[1]] == ["content: 无法读取内容目录（Permission denied）"]


def test_a_file_given_as_the_content_folder_is_named(tmp_path):
    (tmp_path / "content").write_text("x", encoding="utf-8")
    assert [str(p) for p in read_content(tmp_path / "content")[1]] == [
        "content: 不是目录：--content 应指向含有 bulletin.yml 的目录，而不是文件"]


# -- the published record --------------------------------------------------------------------------

def recorded(content):
    from datetime import datetime, timezone

    from bulletin.content.published_record import write
    write(content, Archive(read_content(content)[0]), datetime(2026, 5, 18, 8, tzinfo=timezone.utc))
    assert list(read_content(content)[1]) == []
    return (content / "published.lock").read_text(encoding="utf-8")


@pytest.mark.parametrize("old, new, key", [
    ("  2026-0001: {title: 'sha256:", "  2026-0001: {title: 'md5:", "items.2026-0001"),
    ("  2026-0001: {title:", "  2026-0001: ~\n  unused: {title:", "items.2026-0001"),
    ("  2026-0001: {title:", "  2026-0001: {corrections: many, title:", "items.2026-0001"),
    ("    items: [2026-0001, 2026-0002]", "    items: oops", "issues.zwxx/2026/1"),
])
def test_a_malformed_record_entry_is_named_not_skipped(content, old, new, key):
    text = recorded(content)
    assert old in text, text
    broken = text.replace(old, new, 1)
    (content / "published.lock").write_text(broken, encoding="utf-8")
    line = next(n for n, t in enumerate(broken.splitlines(), 1) if t.strip().startswith(key.split(".", 1)[1] + ":"))
    assert_problem(content, "published.lock", line, key, "发布记录条目格式不对")


# -- check and publish agree -----------------------------------------------------------------------

REFUSED_LINKS = {
    "[外网](http://other-host.example/page)": "链接指向其他网站",
    "<a href='//other-host.example/x'>外网</a>": "链接指向其他网站",
    '<a href="&#104;ttps://other-host.example/">外网</a>': "链接指向其他网站",
    "<https://other-host.example/>": "链接指向其他网站",
    "[外网][r]\n\n[r]: http://other-host.example/": "链接指向其他网站",
    "[外网](\\\\other-host.example\\share)": "链接指向其他网站",
    "[通知](../../2026-0002/)": "指向网站内的路径",
    "[通知](/items/2026-0002/)": "指向网站内的路径",
}
ACCEPTED_LINKS = ("[本节](#di-er-duan) [来信](mailto:xinxi@example.gov) [电话](tel:0991-1234567) "
                  "`[代码](http://x.example/)` [脚本](javascript:alert(1)) ![外图](http://other-host.example/x.png)")


@pytest.mark.parametrize("link", REFUSED_LINKS)
def test_a_link_publish_would_refuse_is_refused_by_check_at_its_line(content, link):
    (content / ITEM_1).write_text((content / ITEM_1).read_text(encoding="utf-8") + f"\n第二段\n{link}\n", encoding="utf-8")
    # the line of the address: for a reference link, its definition's line
    line = (content / ITEM_1).read_text(encoding="utf-8").split("\n").index(link.split("\n")[-1]) + 1
    assert_problem(content, ITEM_1, line, "body", REFUSED_LINKS[link])


def test_a_link_in_a_foreword_is_reported_at_its_line(content):
    edit(content, ISSUE_1, "signer: 张建国", "signer: 张建国\nforeword: |\n  本期刊发两篇。\n  详见[网站](http://other-host.example/)。")
    assert_problem(content, ISSUE_1, 8, "foreword", "链接指向其他网站")


def test_links_check_accepts_pass_publishs_verification(content, tmp_path):
    from bulletin.ops.verify import verify
    from conftest import SITE_URL, build_site
    (content / ITEM_1).write_text((content / ITEM_1).read_text(encoding="utf-8") + f"\n{ACCEPTED_LINKS}\n", encoding="utf-8")
    loaded, problems = read_content(content)
    assert list(problems) == []
    site = build_site(content, tmp_path / "site", pdf=False)
    assert verify(site, Archive(loaded), SITE_URL) == []
    assert "xinxi@example.gov" in (site / "items/2026-0001/index.html").read_text(encoding="utf-8")


DRAFT = "items/2026/2026-0003.md"


def test_a_draft_whose_id_every_page_prints_is_refused_at_its_id(content):
    # publish's verification found "2026" (every page's year) and refused the site as a leak of the draft
    (content / DRAFT).rename(content / "items/2026/2026.md")
    edit(content, "items/2026/2026.md", "id: 2026-0003", "id: 2026")
    assert_problem(content, "items/2026/2026.md", 2, "id", "未审核稿件的 id “2026”是纯数字")


@pytest.mark.parametrize("title", ["塔河县", "塔河县人民政府办公室", "动态", "政务信息", "省级"])
def test_a_draft_titled_like_a_name_the_site_shows_is_refused_at_its_title(content, title):
    edit(content, DRAFT, "title: 塔河县草稿一篇尚未审核", f"title: {title}")
    assert_problem(content, DRAFT, 3, "title", f"未审核稿件的标题“{title}”与网站上显示的名称")


def test_an_approved_item_may_share_a_name(content):
    edit(content, DRAFT, "title: 塔河县草稿一篇尚未审核", "title: 塔河县")
    edit(content, DRAFT, "status: draft", "status: approved\napproved_by: 李华")
    assert problems_of(content) == []


def test_a_draft_may_hold_a_link_until_it_is_approved(content):
    """A draft is never on the site, so publish never refuses its links: one draft must not block
    every other publish."""
    (content / DRAFT).write_text((content / DRAFT).read_text(encoding="utf-8") + "\n[外网](http://other-host.example/)\n",
                                 encoding="utf-8")
    assert problems_of(content) == []
    edit(content, DRAFT, "status: draft", "status: approved\napproved_by: 李华")
    assert_problem(content, DRAFT, 13, "body", "链接指向其他网站")  # one line lower: approved_by
