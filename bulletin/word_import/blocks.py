"""A .docx as blocks in print order, read from python-docx's lxml element tree (never regex on XML).

What a reader sees is kept, so that `layout` can tell titles by how they look: each paragraph's
text and Markdown (bold as **…**), its size, weight, font, alignment, border, Word heading level,
list and TOC styles, and where it stands (the body, a text box, a table's cell); each table as rows
of cell text and as its cells' paragraphs (a table used for layout reads as those paragraphs).
Text boxes are read where they are anchored (a masthead is often one); headers and footers are not
read (the 刊名 and page numbers printed there are no part of the issue's text).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from bulletin.word_import import package
from bulletin.word_import.formatting import NS, Styles, paragraph_look, val, w
from bulletin.word_import.markdown import escape, line_markdown

Unreadable = package.Unreadable
_HEADING = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)
_TOC_STYLE = re.compile(r"^toc\s*\d|^目录\s*\d", re.IGNORECASE)
_TEXT_BOXES = etree.XPath(".//w:txbxContent[not(ancestor::mc:Fallback)]", namespaces=NS)
_BLIPS = etree.XPath(".//a:blip/@r:embed | .//v:imagedata/@r:id", namespaces=NS)
_INLINE_CONTAINERS = {w(t) for t in ("hyperlink", "ins", "smartTag", "fldSimple", "customXml", "moveTo", "dir", "bdo")}
_SDT = w("sdt")
_IMAGE_TYPES = {"png", "jpg", "jpeg", "gif", "bmp", "webp"}


@dataclass(frozen=True)
class Image:
    extension: str     # png, jpeg…; others (emf, wmf) cannot show on a web page
    data: bytes


@dataclass(frozen=True, slots=True)   # slots: a long document holds many
class Paragraph:
    text: str          # plain text, stripped
    markdown: str      # the same with bold as **…** and Markdown characters escaped
    centred: bool
    bold: bool         # every character with text is bold
    heading: int       # Word heading level (1-9) by style name or outline level, 0 when none
    list_kind: str     # "bullet", "number" or ""
    toc: bool          # a paragraph of Word's TOC styles
    size: float | None = None   # points: the size most of its characters are set in
    font: str = ""              # the font most of its characters are set in
    style: str = ""             # the paragraph style's name
    alignment: str = ""         # w:jc as written: center, right, both, start, end…
    bordered: bool = False      # a box or rule drawn around or under it
    place: str = ""             # "" the body, "文本框", "表格"
    images: tuple[Image, ...] = ()
    footnotes: tuple[str, ...] = ()   # the notes its references call, each “①地区生产总值……”

    @property
    def right(self) -> bool:
        return self.alignment in ("right", "end")


@dataclass(frozen=True)
class Table:
    rows: list[list[str]]          # cell text, Markdown-escaped, a cell's paragraphs joined by a space
    lines: list[str]               # every cell paragraph's plain text: a colophon is often set in a table
    paragraphs: tuple[Paragraph, ...] = ()   # the cells' paragraphs in reading order
    row_lines: tuple[str, ...] = ()          # a row's cells as one line (“报： | 市政府办公室”), a
                                             # single cell's paragraphs each a line

    @property
    def one_cell(self) -> bool:
        return len(self.rows) == 1 and len(self.rows[0]) == 1


Block = Paragraph | Table


def read_blocks(path: Path) -> list[Block]:
    """The document's body in order; Unreadable when it is no .docx or must not be parsed."""
    package.check(path)
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    try:
        document = docx.Document(str(path))
        return _Reader(document).container(document.element.body, "")
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise Unreadable(f"无法打开（不是有效的 .docx 文件：{type(error).__name__}）") from error
    except Exception as error:  # noqa: BLE001 - lxml's parse errors and the like: a bad file, not our bug
        raise Unreadable(f"无法读取（文件已损坏：{type(error).__name__}）") from error


class _Reader:
    def __init__(self, document):
        try:
            styles_element = document.styles.element
        except Exception:  # noqa: BLE001 - a document without a styles part reads in defaults
            styles_element = None
        self.styles = Styles(styles_element)
        self.parts = document.part.related_parts
        self.footnotes = _footnotes(document.part)
        self.footnotes_called = 0

    def container(self, element, place: str) -> list[Block]:
        blocks: list[Block] = []
        if element is None:
            return blocks
        for child in element:
            if child.tag == w("p"):
                blocks += self.paragraph(child, place)
            elif child.tag == w("tbl"):
                blocks.append(self.table(child))
            elif child.tag in (_SDT, w("customXml")):   # content controls and custom XML wrap blocks
                blocks += self.container(child.find(w("sdtContent")) if child.tag == _SDT else child, place)
        return blocks

    def paragraph(self, element, place: str) -> list[Block]:
        blocks: list[Block] = []
        for box in _outer_boxes(element):
            blocks += self.container(box, "文本框")
        look = paragraph_look(element, self.styles)
        lines: list[list[tuple[str, bool, float | None, str]]] = [[]]
        images: list[Image] = []
        notes: list[str] = []
        for run in _runs(element):
            run_look = self.styles.run(run, look)
            for piece in _run_text(run, images, notes, self):
                if piece == "\n":
                    lines.append([])
                elif piece:
                    lines[-1].append((piece, run_look.bold, run_look.size, run_look.font))
        name = look.name
        match = _HEADING.match(name)
        heading = int(match.group(1)) if match else (look.outline or 0)
        ppr = element.find(w("pPr"))
        list_kind = _list_kind(ppr, name)
        for index, runs in enumerate(lines):
            text = "".join(piece for piece, *_ in runs).strip()
            if not text:
                continue   # an empty line says nothing (the reading skips it anyway)
            blocks.append(Paragraph(
                text, line_markdown([(piece, bold) for piece, bold, *_ in runs]), look.alignment == "center",
                bool(text) and all(bold for piece, bold, *_ in runs if piece.strip()), heading, list_kind,
                bool(_TOC_STYLE.match(name)), _most(runs, 2), _most(runs, 3) or "", name, look.alignment or "",
                bool(look.bordered), place, tuple(images) if index == 0 else (),
                tuple(notes) if index == len(lines) - 1 else ()))
        if (images or notes) and not any(isinstance(b, Paragraph) and (b.images or b.footnotes) for b in blocks):
            blocks.append(Paragraph("", "", look.alignment == "center", False, 0, "", False, place=place,
                                    images=tuple(images), footnotes=tuple(notes)))
        return blocks

    def table(self, element) -> Table:
        rows, lines, paragraphs, row_lines = [], [], [], []
        for row in element.iter(w("tr")):
            if _nearest_table(row) is not element:
                continue
            cells, row_texts = [], []
            for cell in row.iter(w("tc")):
                if _nearest_table(cell) is not element:
                    continue
                properties = cell.find(w("tcPr"))
                span = _span(properties)
                merge = properties.find(w("vMerge")) if properties is not None else None
                if merge is not None and val(merge, "continue") == "continue":
                    cells += [""] * span   # the cell above runs on: its text is printed once
                    continue
                blocks = self.container(cell, "表格")
                cell_paragraphs = [p for b in blocks for p in (b.paragraphs if isinstance(b, Table) else [b])]
                texts = [p.text for p in cell_paragraphs if p.text]
                cells += [escape(" ".join(texts)).replace("|", "\\|")] * span
                lines += texts
                paragraphs += cell_paragraphs
                if texts:
                    row_texts.append(texts)
            rows.append(cells)
            row_lines += row_texts[0] if len(row_texts) == 1 else [" ".join(t for texts in row_texts for t in texts)]
        return Table(rows or [[""]], lines, tuple(paragraphs), tuple(row_lines))


def _outer_boxes(element):
    """The paragraph's text boxes; one within another is read with the outer one."""
    for box in _TEXT_BOXES(element):
        ancestor = box.getparent()
        while ancestor is not None and ancestor is not element and ancestor.tag != w("txbxContent"):
            ancestor = ancestor.getparent()
        if ancestor is element:
            yield box


def _nearest_table(element):
    return next(element.iterancestors(w("tbl")), None)


def _span(properties) -> int:
    span = val(properties.find(w("gridSpan"))) if properties is not None else None
    return int(span) if span and span.isdigit() and 0 < int(span) < 64 else 1


def _runs(element):
    """The paragraph's runs in order, inside hyperlinks, insertions, fields and content controls;
    deleted text and text boxes (read as blocks of their own) are not among them."""
    for child in element:
        if child.tag == w("r"):
            yield child
        elif child.tag in _INLINE_CONTAINERS:
            yield from _runs(child)
        elif child.tag == _SDT:
            content = child.find(w("sdtContent"))
            if content is not None:
                yield from _runs(content)


def _run_text(run, images: list[Image], notes: list[str], reader: _Reader):
    for child in run:
        tag = child.tag
        if tag == w("t"):
            yield child.text or ""
        elif tag == w("footnoteReference") and child.get(w("id")) in reader.footnotes:
            reader.footnotes_called += 1
            mark = _note_mark(reader.footnotes_called)
            notes.append(mark + reader.footnotes[child.get(w("id"))])
            yield mark   # where the superscript stood: the note itself goes to the item's end
        elif tag in (w("tab"), w("ptab")):
            yield " "
        elif tag == w("br"):
            if child.get(w("type")) not in ("page", "column"):
                yield "\n"
        elif tag == w("cr"):
            yield "\n"
        elif tag == w("noBreakHyphen"):
            yield "-"
        elif tag in (w("drawing"), w("pict"), f"{{{NS['mc']}}}AlternateContent"):
            if not _TEXT_BOXES(child):
                images += _images(child, reader)


def _images(element, reader: _Reader) -> list[Image]:
    found = []
    choice = element.find(f"{{{NS['mc']}}}Choice") if element.tag.endswith("AlternateContent") else None
    for rid in _BLIPS(choice if choice is not None else element):
        part = reader.parts.get(rid)
        if part is None:
            continue
        extension = str(part.partname).rsplit(".", 1)[-1].lower()
        found.append(Image("jpeg" if extension == "jpg" else extension, part.blob))
    return found


def _footnotes(part) -> dict[str, str]:
    """The footnotes' text by id (Word's separator notes left out); package.check has refused any
    part declaring entities before this parses one."""
    for rel in part.rels.values():
        if rel.is_external or not rel.reltype.endswith("/footnotes"):
            continue
        root = etree.fromstring(rel.target_part.blob, etree.XMLParser(resolve_entities=False, no_network=True))
        return {note.get(w("id")): "".join(t.text or "" for t in note.iter(w("t"))).strip()
                for note in root.iter(w("footnote")) if note.get(w("type")) in (None, "normal")}
    return {}


def _note_mark(number: int) -> str:
    """①…⑳ as Chinese documents number their notes; [21] on."""
    return chr(0x2460 + number - 1) if number <= 20 else f"[{number}]"


def _list_kind(ppr, style_name: str) -> str:
    name = style_name.lower()
    if "list number" in name:
        return "number"
    if "list bullet" in name:
        return "bullet"
    if ppr is not None and ppr.find(w("numPr")) is not None:   # numbered by Word, not typed
        return "bullet"
    return ""


def _most(runs, field: int):
    """The value of a run property (size, font) that most characters have."""
    weights: dict = {}
    for run in runs:
        if run[0].strip() and run[field] is not None:
            weights[run[field]] = weights.get(run[field], 0) + len(run[0].strip())
    return max(weights, key=weights.get) if weights else None

