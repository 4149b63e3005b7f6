"""A .docx as blocks in print order, read with python-docx (never the XML by hand).

Only what recognising an issue needs is kept: each paragraph's plain text, its text as Markdown
(bold kept as **…**), whether it is centred, all bold, a Word heading (and which level), a list item
or a TOC entry; each table as rows of cell text. Text boxes, headers and footers are not read: the
issue's own text is in the body.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

_HEADING = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)
_TOC_STYLE = re.compile(r"^toc\s*\d|^目录\s*\d", re.IGNORECASE)
# Markdown's own characters in Word text are escaped, so “*注*” or “a_b” print as typed; `<` is
# not escapable in Python-Markdown, so it becomes an entity; `|` is escaped in table cells only.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]])")
# Python-Markdown takes “#标题” and “>引文” without a space; “- ”, “+ ” and “1. ” need one
_LINE_START_SPECIAL = re.compile(r"^(\s*)([#>]|[+-](?=\s|$)|\d+(?=[.)](?:\s|$)))")


class Unreadable(Exception):
    """The file is not a Word document python-docx can open; the message is for the user."""


@dataclass(frozen=True)
class Paragraph:
    text: str          # plain text, stripped
    markdown: str      # the same with bold as **…** and Markdown characters escaped
    centred: bool
    bold: bool         # every character with text is bold
    heading: int       # Word heading level (1-9), 0 when none
    list_kind: str     # "bullet", "number" or ""
    toc: bool          # a paragraph of Word's TOC styles


@dataclass(frozen=True)
class Table:
    rows: list[list[str]]   # cell text, Markdown-escaped, a cell's paragraphs joined by a space
    lines: list[str]        # every cell paragraph's plain text: a colophon is often set in a table


Block = Paragraph | Table


def read_blocks(path: Path) -> list[Block]:
    """The document's body in order; Unreadable when it is no .docx."""
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise Unreadable(f"无法打开（不是有效的 .docx 文件：{type(error).__name__}）") from error
    except Exception as error:  # noqa: BLE001 - lxml's parse errors and the like: a bad file, not our bug
        raise Unreadable(f"无法读取（文件已损坏：{type(error).__name__}）") from error
    blocks: list[Block] = []
    styles = _Styles()
    for part in document.iter_inner_content():
        if isinstance(part, DocxTable):
            blocks.append(_table(part))
        elif isinstance(part, DocxParagraph):
            blocks.extend(_paragraphs(part, styles))
    return blocks


def escape(text: str) -> str:
    """Markdown's characters within a line, escaped (a line's start is `_markdown`'s)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text.replace("<", "&lt;"))


@dataclass(frozen=True)
class _Style:
    """What a paragraph style gives its paragraphs."""
    name: str
    bold: bool
    alignment: object
    heading: int
    toc: bool


class _Styles:
    """Paragraph styles by id, each looked up once a document: python-docx finds the default style
    by scanning every style of the document, which was most of the time spent on a paragraph."""

    def __init__(self):
        self._by_id: dict[str | None, _Style] = {}

    def of(self, paragraph: DocxParagraph) -> _Style:
        style_id = paragraph._p.style   # python-docx's own reading of <w:pStyle>
        if style_id not in self._by_id:
            style = paragraph.style
            name = style.name if style is not None else ""
            self._by_id[style_id] = _Style(
                name, _style_bold(style), _style_alignment(style),
                int(match.group(1)) if (match := _HEADING.match(name)) else 0, bool(_TOC_STYLE.match(name)))
        return self._by_id[style_id]


def _paragraphs(paragraph: DocxParagraph, styles: _Styles) -> list[Paragraph]:
    """One Word paragraph; a manual line break (Shift+Enter) starts a new one, as it reads on paper."""
    style = styles.of(paragraph)
    style_bold, level, toc = style.bold, style.heading, style.toc
    alignment = paragraph.alignment if paragraph.alignment is not None else style.alignment
    centred = alignment == WD_ALIGN_PARAGRAPH.CENTER
    list_kind = _list_kind(paragraph, style.name)
    lines: list[list[tuple[str, bool]]] = [[]]
    for run in paragraph.runs:
        bold = run.bold if run.bold is not None else style_bold
        for index, piece in enumerate(run.text.replace("\r", "\n").split("\n")):
            if index:
                lines.append([])
            if piece:
                lines[-1].append((piece, bool(bold)))
    results = []
    for runs in lines:
        text = "".join(piece for piece, _ in runs).strip()
        if not text and len(lines) > 1:
            continue
        all_bold = bool(text) and all(bold for piece, bold in runs if piece.strip())
        results.append(Paragraph(text, _markdown(runs), centred, all_bold, level, list_kind, toc))
    return results


def _style_bold(style) -> bool:
    """Bold set on the paragraph style or one it is based on."""
    while style is not None:
        if style.font is not None and style.font.bold is not None:
            return bool(style.font.bold)
        style = style.base_style
    return False


def _style_alignment(style):
    while style is not None:
        if style.paragraph_format.alignment is not None:
            return style.paragraph_format.alignment
        style = style.base_style
    return None


def _list_kind(paragraph: DocxParagraph, style_name: str) -> str:
    name = style_name.lower()
    if "list number" in name:
        return "number"
    if "list bullet" in name:
        return "bullet"
    numbering = paragraph._element.pPr  # python-docx's own object for <w:pPr>; it has no public numbering API
    if numbering is not None and numbering.numPr is not None:   # numbered by Word, not typed
        return "bullet"
    return ""


def _markdown(runs: list[tuple[str, bool]]) -> str:
    """Runs of one line as Markdown: neighbouring runs of the same weight joined, bold as **…**."""
    merged: list[list] = []
    for piece, bold in runs:
        if merged and merged[-1][1] == bold:
            merged[-1][0] += piece
        else:
            merged.append([piece, bold])
    out = []
    for piece, bold in merged:
        if bold and _strip_punctuation(piece)[1]:
            # ** may not have a space or punctuation on its inner side next to a letter outside
            # (“**总体情况：**据” stays as typed): those go outside, “**总体情况**：据”, ““**三项**””
            lead, core, trail = _strip_punctuation(piece)
            out.append(f"{escape(lead)}**{escape(core)}**{escape(trail)}")
        else:
            out.append(escape(piece))
    # a line that starts like a heading, quote or list ("1. ", "- ") is text in Word, so it is escaped
    return _LINE_START_SPECIAL.sub(_escape_line_start, "".join(out).strip())


def _escape_line_start(match: re.Match) -> str:
    lead, mark = match.group(1), match.group(2)
    return f"{lead}{mark}\\" if mark[0].isdigit() else f"{lead}\\{mark}"   # “1\. ” and “\# ”


def _strip_punctuation(text: str) -> tuple[str, str, str]:
    start, end = 0, len(text)
    while start < end and _outer(text[start]):
        start += 1
    while end > start and _outer(text[end - 1]):
        end -= 1
    return text[:start], text[start:end], text[end:]


def _outer(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch)[0] in "PS"


def _table(table: DocxTable) -> Table:
    rows, lines = [], []
    for row in table.rows:
        cells = []
        for cell in row.cells:   # a merged cell comes once per column it spans, as a table needs
            texts = [p.text.strip() for p in cell.paragraphs if p.text.strip()]
            cells.append(escape(" ".join(texts)).replace("|", "\\|"))
            if not lines or lines[-len(texts):] != texts:
                lines.extend(texts)
        rows.append(cells)
    return Table(rows, lines)
