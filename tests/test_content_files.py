"""Every file under content/ is read, ignored by the documented rule, or reported; no input gives a traceback.

The cases are the ones issue 9 found by fuzzing and by hand: each must come back as a problem naming
the file, and `bulletin check` must exit 1 with it, never with a traceback.
"""

import os
import pathlib

import pytest

from bulletin.content.load import check_content
from conftest import run_cli
from test_validation import ISSUE_1, ITEM_1, assert_problem, edit, problems_of

ISSUE = "series: zwxx\nnumber: {n}\ndate: 2026-05-{day}\nsigner: 张建国\nitems: [2026-0003]\n"


def approve_draft(content):
    edit(content, "items/2026/2026-0003.md", "status: draft", "status: approved\napproved_by: 李华")


def write(content, relative, text):
    path = content / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# -- inputs that gave tracebacks ---------------------------------------------------------------------

TRACEBACKS = {
    # name: (file, old, new, expected line, message fragment)
    "tag on a scalar": (ITEM_1, "title: 今年", "title: !foo 今年", 3, "不支持 YAML 标签“!foo”"),
    "python object tag": (ITEM_1, "title: 今年", "title: !!python/object:os.system 今年", 3, "不支持 YAML 标签"),
    "binary tag": (ITEM_1, "title: 今年", "title: !!binary aGk=\nx: 今年", 3, "不支持 YAML 标签“!!binary”"),
    "merge key": (ITEM_1, "title: 今年", "<<: *base\ntitle: 今年", 3, "不支持 YAML 别名“*base”"),
    "bad int tag": (ISSUE_1, "number: 1", "number: !!int abc", 2, "不支持 YAML 标签“!!int”"),
    "bad timestamp tag": (ISSUE_1, "date: 2026-05-18", "date: !!timestamp 2026-02-30", 4, "不支持 YAML 标签"),
    "NUL in front matter": (ITEM_1, "title: 今年", "title: 今\x00年", 3, "控制字符"),
    "control character in front matter": (ITEM_1, "title: 今年", "title: 今\x07年", 3, "控制字符"),
    "200 nested brackets": (ISSUE_1, "items: [2026-0001, 2026-0002]", "items: " + "[" * 200 + "]" * 200, 6, "嵌套超过"),
}


@pytest.mark.parametrize("case", TRACEBACKS, ids=list(TRACEBACKS))
def test_input_that_crashed_is_a_problem_at_its_line(content, case):
    relative, old, new, line, fragment = TRACEBACKS[case]
    edit(content, relative, old, new)
    found = problems_of(content)
    assert any(p[0] == relative and p[1] == line and fragment in p[3] for p in found), found


@pytest.mark.parametrize("value", [".nan", ".inf", "1.0e+300"])
def test_scoring_numbers_that_crashed_the_build_are_refused(content, value):
    edit(content, "bulletin.yml", "published: 3", f"published: {value}")
    assert_problem(content, "bulletin.yml", 17, "scoring[1].published", "")


def test_empty_and_comment_only_bulletin_yml(content):
    for text in ("", "# 配置稍后填写\n"):
        (content / "bulletin.yml").write_text(text, encoding="utf-8")
        assert_problem(content, "bulletin.yml", 1, "", "文件是空的")


def test_item_with_empty_front_matter_listed_by_an_issue(content):
    (content / ITEM_1).write_text("---\n---\n正文\n", encoding="utf-8")
    found = problems_of(content)
    assert (ITEM_1, 2, "", "YAML 头部是空的：至少要写 id、title、unit 等字段") in found, found
    assert not any(p[0] == ISSUE_1 for p in found), "a broken item is reported once, not again by its issue"


def test_year_zero_submissions_is_reported(content):
    write(content, "submissions/0000.yml", "linshuang: {5: 3}\n")
    assert_problem(content, "submissions/0000.yml", None, "", "submissions/<四位年份>.yml")


def test_dangling_symlink_such_as_an_editor_lock(content):
    os.symlink("user@host.12345:1700000000", content / "items/2026/.#2026-0001.md")
    assert_problem(content, "items/2026/.#2026-0001.md", None, "", "指向不存在文件的链接")


def test_directory_named_like_an_item(content):
    (content / "items/2026/x.md").mkdir()
    (content / "items/2026/x.md/note.md").write_text("x", encoding="utf-8")
    assert_problem(content, "items/2026/x.md/note.md", None, "", "items/<四位年份>/<id>.md")


def test_unreadable_file(content, monkeypatch):
    # chmod 0 does not stop root (the test machine), so the refusal comes from the OS call itself
    real_read = pathlib.Path.read_bytes

    def read_bytes(path):
        if path.name == "2026-0001.md":
            raise PermissionError(13, "Permission denied", str(path))
        return real_read(path)

    monkeypatch.setattr(pathlib.Path, "read_bytes", read_bytes)
    assert_problem(content, ITEM_1, None, "", "无法读取此文件（Permission denied）")


def test_fifo_is_not_read(content):
    os.mkfifo(content / "items/2026/2026-0009.md")  # reading it would hang the check
    assert_problem(content, "items/2026/2026-0009.md", None, "", "不是普通文件")


def test_oversized_file_is_refused_before_reading(content):
    write(content, "items/2026/2026-0009.md", "---\nid: 2026-0009\n---\n" + "很长" * 400_000)
    assert_problem(content, "items/2026/2026-0009.md", None, "", "文件过大")


def test_oversized_yaml_is_refused_at_a_lower_limit(content):
    write(content, "units.yml", "# 备注\n" * 200_000)  # 1.7 MB: parsing YAML costs far more than reading Markdown
    assert_problem(content, "units.yml", None, "", "文件过大（1.7 MB，上限 1 MB）")


def test_check_command_never_shows_a_traceback(content):
    edit(content, ITEM_1, "title: 今年", "title: !!python/object:os.system 今年")
    (content / "bulletin.yml").write_text("", encoding="utf-8")
    result = run_cli("check", "--content", content)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert f"{content.name}/bulletin.yml:1: 文件是空的" in result.stdout


# -- nothing silently ignored ----------------------------------------------------------------------

SILENTLY_IGNORED = {
    # a file that check used to skip while it vanished from the site: (path, message fragment)
    "issue named .yaml": ("issues/zwxx/2026/002.yaml", "扩展名应为 .yml"),
    "issue without year folder": ("issues/zwxx/017.yml", "issues/<刊物>/<四位年份>/<期号>.yml"),
    "item named .markdown": ("items/2026/2026-0009.markdown", "扩展名应为 .md"),
    "submissions named .yaml": ("submissions/2027.yaml", "submissions/<四位年份>.yml"),
    "two-digit year folder": ("items/26/2026-0009.md", "items/<四位年份>/<id>.md"),
    "stray file at the top": ("notes.txt", "内容目录只读取"),
}


@pytest.mark.parametrize("case", SILENTLY_IGNORED, ids=list(SILENTLY_IGNORED))
def test_a_file_that_is_not_read_is_reported(content, case):
    relative, fragment = SILENTLY_IGNORED[case]
    write(content, relative, "series: zwxx\n")
    assert_problem(content, relative, None, "", fragment)


@pytest.mark.parametrize("relative, fragment", [
    ("items/2026\n/2026-0009.md", "items/<四位年份>/<id>.md"),
    ("issues/zwxx/2026/002.yml\n", "issues/<刊物>/<四位年份>/<期号>.yml"),
])
def test_a_year_or_issue_number_is_the_whole_name(content, relative, fragment):
    """A name ending in a newline (an accident of a script) is neither a year folder nor an issue."""
    write(content, relative, "series: zwxx\n")
    assert_problem(content, relative.replace("\n", "\\u000a"), None, "", fragment)


def test_empty_issue_file_is_reported(content):
    write(content, "issues/zwxx/2026/002.yml", "")
    assert_problem(content, "issues/zwxx/2026/002.yml", 1, "", "文件是空的")


def test_issue_file_named_other_than_its_number(content):
    approve_draft(content)
    write(content, "issues/zwxx/2026/2.yml", ISSUE.format(n=3, day=20))
    assert_problem(content, "issues/zwxx/2026/2.yml", 2, "number", "应为 003.yml")


def test_underscore_files_and_folders_are_ignored_as_documented(content):
    write(content, "_说明.txt", "编辑部备忘")
    write(content, "items/2026/_模板.md", "---\n---\n")
    write(content, "_drafts/anything.yml", "::")
    assert problems_of(content) == []


def test_version_control_files_are_ignored(content):
    write(content, ".git/objects/ab/cdef", "blob")
    write(content, ".gitattributes", "*.md text")
    write(content, "issues/qkfy/.gitkeep", "")
    assert problems_of(content) == []


def test_bulletinignore_patterns_are_ignored(content):
    write(content, ".bulletinignore", "*.docx\nscans/\n")
    write(content, "items/2026/原稿.docx", "binary")
    write(content, "scans/001.pdf", "pdf")
    write(content, "notes.txt", "not listed")
    assert [p[0] for p in problems_of(content)] == ["notes.txt"]


# -- links -----------------------------------------------------------------------------------------

def test_item_linked_to_a_file_outside_the_content_folder_is_refused(content, tmp_path):
    outside = tmp_path / "secret.md"
    outside.write_text((content / ITEM_1).read_text(encoding="utf-8").replace("2026-0001", "2026-0008"), encoding="utf-8")
    os.symlink(outside, content / "items/2026/2026-0008.md")
    assert_problem(content, "items/2026/2026-0008.md", None, "", "指向内容目录之外的链接")


def test_link_inside_the_content_folder_is_read(content):
    os.symlink("../../items/2026/2026-0001.md", content / "items/2026/alias.md")
    assert_problem(content, "items/2026/alias.md", 2, "id", "重复")


def test_linked_folder_is_not_followed(content, tmp_path):
    (tmp_path / "elsewhere").mkdir()
    os.symlink(tmp_path / "elsewhere", content / "items/2027")
    assert_problem(content, "items/2027", None, "", "指向目录的链接")


@pytest.mark.parametrize("break_units", ["syntax", "missing"])
def test_an_unreadable_units_file_is_one_problem_not_one_per_item(content, break_units):
    if break_units == "syntax":
        edit(content, "units.yml", "short: 安监局", "short: 安监局: 撤并")
    else:
        (content / "units.yml").unlink()
    assert [p[0] for p in problems_of(content)] == ["units.yml"], problems_of(content)


def test_yaml_syntax_error_is_explained_in_chinese(content):
    edit(content, "units.yml", "short: 安监局", "short: 安监局: 撤并")
    assert_problem(content, "units.yml", 5, "", "这里不能出现“: ”：值里含有冒号时，请给整个值加引号")


def test_missing_content_folder(tmp_path):
    assert [str(p) for p in check_content(tmp_path / "nothing")] == ["nothing: 内容目录不存在"]
