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
import docx.shared
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn


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


# -- issues as offices lay them out after GB/T 9704-2012 --------------------------------------------

@dataclass
class OfficeItem:
    title: str
    byline: str                                   # printed as is, e.g. “（红旗乡 王明 李强）”, “【林双县】”
    paragraphs: list[str] = field(default_factory=list)
    subtitle: str = ""                            # “——记……”, centred under the title in 楷体 三号
    foot: bool = True                             # the byline at the foot, right-aligned; else under the title
    title_lines: list[str] = field(default_factory=list)   # a title set on two lines (its parts)
    image: bool = False                           # a small PNG after the first paragraph
    separator: str = "★ ★ ★"                     # after the item ("" none)


@dataclass
class OfficeIssue:
    number_line: str = "第12期"
    office_line: str = "巴尔地区行政公署办公室编          2024年5月20日"
    series_name: str = "政务信息"
    masthead: str = "textbox"                    # "textbox", "table" or "paragraphs"
    toc: bool = True                             # 本期要目 right under the masthead
    foreword_box: str = ""                       # an 编者按 in a one-cell table
    items: list[OfficeItem] = field(default_factory=list)
    colophon: list[tuple[str, str]] = field(default_factory=list)   # (报, …) rows
    printer: str = "巴尔地区行政公署办公室"
    printed: str = "2024年5月20日印发"
    copies: str = "（共印60份）"
    title_style: str = ""                        # a paragraph style of the office's for titles ("信息标题")
    alignment_start: bool = False                # LibreOffice's w:jc="start" on every left paragraph
    staff_line: str = ""                         # “责任编辑：…　审核：…　签发：…” above the colophon


def write_office_issue(path: Path, issue: OfficeIssue) -> Path:
    """A .docx as an office makes it: titles 22 pt regular centred (方正小标宋), body 16 pt (仿宋),
    a red masthead in a text box or borderless table, 本期要目, a 编者按 box, bylines and separators as
    offices print them, the colophon in a table, the 刊名 and page numbers in header and footer."""
    from docx.shared import Pt
    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.size, normal.font.name = Pt(16), "仿宋_GB2312"
    if issue.title_style:
        from docx.enum.style import WD_STYLE_TYPE
        document.styles.add_style(issue.title_style, WD_STYLE_TYPE.PARAGRAPH).base_style = normal
    section = document.sections[0]
    section.header.paragraphs[0].text = f"{issue.series_name}    {issue.number_line}"
    section.footer.paragraphs[0].text = "— 1 —"
    _office_masthead(document, issue)
    if issue.toc:
        _look(document.add_paragraph(), "本期要目", 16, bold=True)
        for item in issue.items:
            _look(document.add_paragraph(), f"◆{''.join(item.title_lines) or item.title}", 16)
    if issue.foreword_box:
        cell = document.add_table(rows=1, cols=1).cell(0, 0)
        paragraph = cell.paragraphs[0]
        _look(paragraph, "编者按：", 16, bold=True)
        _look(paragraph, issue.foreword_box, 16)
    for item in issue.items:
        _office_item(document, issue, item)
    if issue.staff_line:
        _look(document.add_paragraph(), issue.staff_line, 14)
    table = document.add_table(rows=len(issue.colophon) + 1, cols=2)
    for row, (label, text) in enumerate(issue.colophon):
        table.cell(row, 0).merge(table.cell(row, 1)).text = f"{label}：{text}"
    table.cell(len(issue.colophon), 0).text = issue.printer
    table.cell(len(issue.colophon), 1).text = issue.printed
    document.add_paragraph(issue.copies)
    if issue.alignment_start:
        _start_alignment(document)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def _look(paragraph, text: str, size: float, bold: bool = False, font: str = "", centre: bool = False, right: bool = False):
    from docx.shared import Pt
    run = paragraph.add_run(text)
    run.font.size, run.bold = Pt(size), bold or None
    if font:
        run.font.name = font
        run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    if centre:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return paragraph


def _office_masthead(document, issue: OfficeIssue) -> None:
    name = " ".join(issue.series_name)
    if issue.masthead == "table":
        table = document.add_table(rows=2, cols=1)
        _look(table.cell(0, 0).paragraphs[0], name, 42, font="方正小标宋简体", centre=True)
        _look(table.cell(1, 0).paragraphs[0], issue.number_line, 16, centre=True)
        _look(document.add_paragraph(), issue.office_line, 16)
    elif issue.masthead == "textbox":
        anchor = document.add_paragraph()
        lines = [(name, 42), (issue.number_line, 16)]
        anchor._p.append(_text_box(lines))
        _look(document.add_paragraph(), issue.office_line, 16)
    else:
        _look(document.add_paragraph(), name, 42, font="方正小标宋简体", centre=True)
        _look(document.add_paragraph(), f"{issue.number_line}    {issue.office_line}", 16)
    rule = document.add_paragraph()   # the red rule: a paragraph border, no characters
    rule._p.get_or_add_pPr().append(parse_xml(
        f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="18" w:space="1" w:color="FF0000"/></w:pBdr>'))


def _text_box(lines: list[tuple[str, float]]):
    """A run holding a text box as Word writes it: the DrawingML shape, and the VML fallback
    holding the same text (read once)."""
    def content() -> str:
        return "".join(f'<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:sz w:val="{int(size * 2)}"/></w:rPr>'
                       f'<w:t xml:space="preserve">{text}</w:t></w:r></w:p>' for text, size in lines)
    return parse_xml(
        f'<w:r {nsdecls("w")} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:v="urn:schemas-microsoft-com:vml" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        '<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic>'
        '<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:txbx>'
        f'<w:txbxContent>{content()}</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>'
        f'</mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>{content()}</w:txbxContent>'
        '</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>')


def _office_item(document, issue: OfficeIssue, item: OfficeItem) -> None:
    for line in item.title_lines or [item.title]:
        paragraph = document.add_paragraph(style=issue.title_style or None)
        _look(paragraph, line, 22, font="方正小标宋简体", centre=True)
    if item.subtitle:
        _look(document.add_paragraph(), item.subtitle, 16, font="楷体_GB2312", centre=True)
    if not item.foot:
        _look(document.add_paragraph(), item.byline, 16, font="楷体_GB2312", centre=True)
    for index, text in enumerate(item.paragraphs):
        if text.startswith(("一、", "二、", "三、")):
            _look(document.add_paragraph(), text, 16, font="黑体")
        else:
            _look(document.add_paragraph(), text, 16)
        if index == 0 and item.image:
            document.add_paragraph().add_run().add_picture(_png(), width=docx.shared.Cm(4))
    if item.foot:
        _look(document.add_paragraph(), item.byline, 16, right=True)
    if item.separator:
        _look(document.add_paragraph(), item.separator, 16, centre=True)


def _png():
    """A 2×2 red PNG, made by hand (zlib and struct): no image library needed."""
    import io
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 2 for _ in range(2))
    return io.BytesIO(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
                      + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def _start_alignment(document) -> None:
    """As LibreOffice saves: w:jc="start" where Word writes "left" (python-docx#1473)."""
    for paragraph in document.element.body.iter(qn("w:p")):
        ppr = paragraph.get_or_add_pPr()
        if ppr.find(qn("w:jc")) is None:
            ppr.append(parse_xml(f'<w:jc {nsdecls("w")} w:val="start"/>'))
