"""Word issues made with python-docx, laid out the ways offices lay them out, for the import's
tests and its speed script (scripts/import_speed.py). Never used by a build or by the import.

Layouts (`layout=`):
- "headings": titles in Word's Heading 1, the byline “（单位）” on the line after the title, a
  colophon of plain paragraphs;
- "bold": titles as bold centred paragraphs, the byline “（单位供稿）” at the item's foot, right
  aligned, the colophon set in a one-column table;
- "prefix": bold centred titles that begin with the unit, “林双县：……”, and no byline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH


@dataclass
class WordItem:
    title: str
    unit: str                                      # as printed in the byline or title prefix
    paragraphs: list[str] = field(default_factory=list)
    bold_lead: str = ""                           # a bold run opening the first paragraph
    subheading: str = ""                          # a bold paragraph before the last paragraph
    table: list[list[str]] | None = None          # after the first paragraph
    bullets: list[str] = field(default_factory=list)


@dataclass
class WordIssue:
    series_name: str = "政务信息"
    number_text: str = "第5期"
    total_text: str = "总第123期"
    date_text: str = "2025年3月5日"
    publisher: str = "巴尔地区行政公署办公室"
    signer: str | None = "王志刚"
    editor: str | None = None
    marking: str | None = "内部资料 注意保存"
    foreword: list[str] = field(default_factory=list)
    toc: bool = False
    items: list[WordItem] = field(default_factory=list)
    distribution: dict[str, str] = field(default_factory=dict)
    printed_text: str | None = "2025年3月5日印发"
    copies_text: str | None = "（共印80份）"


def write_issue(path: Path, issue: WordIssue, layout: str = "headings") -> Path:
    document = docx.Document()
    _masthead(document, issue)
    if issue.foreword:
        first = document.add_paragraph()
        first.add_run("编者按：").bold = True
        first.add_run(issue.foreword[0])
        for text in issue.foreword[1:]:
            document.add_paragraph(text)
    if issue.toc:
        _centred(document, "目  录", bold=True)
        for index, item in enumerate(issue.items, 1):
            document.add_paragraph(f"{index}．{_title(item, layout)}………………{index}")
    for item in issue.items:
        _item(document, item, layout)
    _colophon(document, issue, table=layout == "bold")
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def _centred(document, text: str, bold: bool = False, style: str | None = None):
    paragraph = document.add_paragraph(style=style)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold = bold
    return paragraph


def _masthead(document, issue: WordIssue) -> None:
    if issue.marking:
        document.add_paragraph(issue.marking)
    _centred(document, " ".join(issue.series_name), bold=True)   # spaced out, as printed large
    _centred(document, f"{issue.number_text}（{issue.total_text}）" if issue.total_text else issue.number_text)
    if issue.signer or issue.editor:
        parts = [f"签发：{issue.signer}" if issue.signer else "", f"责任编辑：{issue.editor}" if issue.editor else ""]
        document.add_paragraph("    ".join(p for p in parts if p))
    document.add_paragraph(f"{issue.publisher}编            {issue.date_text}")
    document.add_paragraph("━" * 20)


def _title(item: WordItem, layout: str) -> str:
    return f"{item.unit}：{item.title}" if layout == "prefix" else item.title


def _item(document, item: WordItem, layout: str) -> None:
    if layout == "headings":
        document.add_heading(item.title, level=1)
        document.add_paragraph(f"（{item.unit}）").alignment = WD_ALIGN_PARAGRAPH.CENTER
    else:
        _centred(document, _title(item, layout), bold=True)
    for index, text in enumerate(item.paragraphs):
        if item.subheading and index == len(item.paragraphs) - 1 and index:
            document.add_paragraph().add_run(item.subheading).bold = True
        paragraph = document.add_paragraph()
        if index == 0 and item.bold_lead:
            paragraph.add_run(item.bold_lead).bold = True
        paragraph.add_run(text)
        if index == 0:
            for bullet in item.bullets:
                document.add_paragraph(bullet, style="List Bullet")
            if item.table:
                table = document.add_table(rows=len(item.table), cols=len(item.table[0]))
                for r, row in enumerate(item.table):
                    for c, cell in enumerate(row):
                        table.cell(r, c).text = cell
    if layout == "bold":
        byline = document.add_paragraph(f"（{item.unit}供稿）")
        byline.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _colophon(document, issue: WordIssue, table: bool) -> None:
    lines = [f"{label}：{line}" for label, line in issue.distribution.items()]
    if issue.printed_text:
        lines.append(f"{issue.publisher}                {issue.printed_text}")
    if issue.copies_text:
        lines.append(issue.copies_text)
    if table:
        cell = document.add_table(rows=1, cols=1).cell(0, 0)
        cell.text = lines[0] if lines else ""
        for line in lines[1:]:
            cell.add_paragraph(line)
    else:
        document.add_paragraph("─" * 20)
        for line in lines:
            document.add_paragraph(line)
