"""The import profile: an office's template declared once (`--profile FILE` or content/_import.yml)
decides titles and bylines the general rules cannot, and the review says which rule did."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from testsupport.word_issues import OfficeIssue, OfficeItem, write_office_issue
from test_word_import import content, front, run, snapshot  # noqa: F401 - the fixture and helpers

ITEMS = [OfficeItem("红旗乡抓好春耕生产", "据红旗乡报送", ["今年以来，红旗乡积极组织春耕备耕，确保不误农时。"], separator=""),
         OfficeItem("城关镇做好汛前准备", "据城关镇报送", ["该镇组织专家进村入户指导防汛工作，效果明显。"], separator="")]


def plain_titles(tmp_path: Path) -> Path:
    """Titles in the office's style 信息题目, set like the body (16 pt, left, regular): nothing on
    the page tells them apart but the style."""
    path = write_office_issue(tmp_path / "第12期.docx", OfficeIssue(
        title_style="信息题目", toc=False, items=ITEMS, colophon=[("报", "自治区人民政府办公厅")]))
    document = docx.Document(str(path))
    for paragraph in document.paragraphs:
        if paragraph.style.name == "信息题目":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
            for run_ in paragraph.runs:
                run_.font.size = Pt(16)
    document.save(str(path))
    return path


def test_without_a_profile_such_titles_are_not_guessed(tmp_path, content, capsys):
    before = snapshot(content)
    code, out = run(capsys, content, plain_titles(tmp_path), "--series", "zwxx", "--approved-by", "李华")
    assert code == 1 and "未导入: 未找到稿件" in out
    assert snapshot(content) == before


def test_the_profile_names_the_title_style_and_the_byline_pattern(tmp_path, content, capsys):
    profile = tmp_path / "本办版式.yml"
    profile.write_text("title_styles: [信息题目]\nbylines: ['^据(?P<unit>.+)报送$']\n", encoding="utf-8")
    code, out = run(capsys, content, plain_titles(tmp_path), "--series", "zwxx", "--approved-by", "李华",
                    "--profile", profile)
    assert code == 0, out
    first, body = front(content / "items/2024/2024-zwxx-012-01.md")
    second, _ = front(content / "items/2024/2024-zwxx-012-02.md")
    assert (first["title"], first["unit"], second["title"], second["unit"]) == (
        "红旗乡抓好春耕生产", "hongqi", "城关镇做好汛前准备", "chengguan")
    assert body == "今年以来，红旗乡积极组织春耕备耕，确保不误农时。\n"   # the foot byline is not body text
    assert "读取: 第1篇《红旗乡抓好春耕生产》: 标题（导入配置 本办版式.yml：title_styles “信息题目”）" in out
    assert "单位 hongqi（导入配置 本办版式.yml“红旗乡”，简称）" in out


def test_the_profile_in_content_is_read_without_the_option(tmp_path, content, capsys):
    (content / "_import.yml").write_text("title_styles: [信息题目]\nbylines: ['^据(?P<unit>.+)报送$']\n", encoding="utf-8")
    code, out = run(capsys, content, plain_titles(tmp_path), "--series", "zwxx", "--approved-by", "李华")
    assert code == 0, out
    assert "标题（导入配置 _import.yml：title_styles “信息题目”）" in out


def test_a_bad_profile_is_refused_naming_file_and_field(tmp_path, content, capsys):
    before = snapshot(content)
    profile = tmp_path / "p.yml"
    for text, message in [("title_style: [x]\n", "未知字段 title_style"),
                          ("bylines: ['^据(.+)报送$']\n", "须有命名组 (?P<unit>…)"),
                          ("title_sizes: [二号]\n", "title_sizes: “二号”应为 4 到 96 之间的磅值")]:
        profile.write_text(text, encoding="utf-8")
        code, out = run(capsys, content, plain_titles(tmp_path), "--series", "zwxx", "--profile", profile)
        assert code != 0 and f"{profile}:1: " in out and message in out, out   # file:line: field (issue 30)
    assert snapshot(content) == before
