"""A born-digital PDF issue as the same blocks a .docx gives, so the same recognition reads it.

Read with pypdfium2 (PDFium, the PDF engine of Chromium): one binary wheel without dependencies,
fast, and hardened against hostile files by years of fuzzing in the browser; it gives each
character with its box and font size, which is all the recognition needs (pdfminer.six is pure
Python and several times slower and now needs `cryptography`; pdfplumber adds both and Pillow).

Lines are PDFium's; a paragraph is lines of one size that run on (the line before reaches the
right margin, this one is not indented); a centred or right-aligned line is a paragraph of its own,
as a title, a byline or a colophon line is. Running heads and page numbers are left out, as a
.docx's header and footer are: those in the top and bottom bands of each page, and any line
repeated at the same height on most pages (`_without_running_heads`). Tables and images are not
recovered from a PDF: their text reads as lines, and a table is named for the review. A PDF without a text layer is a scan, and says so.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bulletin.word_import.blocks import Paragraph
from bulletin.word_import.markdown import line_markdown
from bulletin.word_import.package import Unreadable

SIZE_LIMIT = 50 * 1024 * 1024    # bytes of PDF, as for a .docx inflated
PAGES_LIMIT = 200
_BAND = 0.07                     # the top and bottom 7 % of a page: running heads, page numbers
_OUTER = 0.2                     # a running head or foot repeated on most pages stands in the top or bottom 20 %
_TABLE_ROWS = 3                  # lines in a row set in three columns or more: a table's rows
_SAME_HEIGHT = 3.0               # points: the same line on two pages stands this close to the same height
_LINE_ENDS = {"\r", "\n", "\x02"}
_GAP = "\x00"
# a font's name says its weight where PDFium's weight does not (LibreOffice embeds NotoSansCJKjp-Bold
# with weight 400): a title in bold at the body's size is a title, as in the .docx
_BOLD_NAME = re.compile(r"bold|heavy|black|semibold|demi|黑体|hei(?:ti)?(?![a-z])", re.IGNORECASE)
_SUBSET = re.compile(r"^[A-Z]{6}\+")


@dataclass
class _Line:
    text: str
    left: float
    right: float
    top: float
    bottom: float
    size: float
    page: int
    height: float = 0.0                        # the page's
    runs: tuple[tuple[str, bool], ...] = ()   # the text in runs of one weight (bold or not)
    columns: int = 1                           # pieces of text set apart by gaps wider than two characters
    font: str = ""                             # the font most of its characters are set in

    @property
    def bold(self) -> bool:
        return all(bold for piece, bold in self.runs if piece.strip())


def read_pdf_blocks(path: Path) -> tuple[list[Paragraph], dict[int, int], list[tuple[int, int]]]:
    """The paragraphs, how many images each page (from 1) holds, and the tables seen (first page,
    rows): those are named, not kept (a table's text reads as lines)."""
    if path.stat().st_size > SIZE_LIMIT:
        raise Unreadable(f"拒绝读取：PDF 有 {path.stat().st_size // 1024 // 1024} MB，超过上限 {SIZE_LIMIT // 1024 // 1024} MB")
    import pypdfium2
    import pypdfium2.raw
    try:
        document = pypdfium2.PdfDocument(str(path))
    except pypdfium2.PdfiumError as error:
        raise Unreadable(f"无法打开（不是有效的 PDF 文件，或加了密码：{error}）") from error
    try:
        if len(document) > PAGES_LIMIT:
            raise Unreadable(f"拒绝读取：PDF 有 {len(document)} 页，超过上限 {PAGES_LIMIT} 页")
        lines: list[_Line] = []
        images: dict[int, int] = {}
        for number in range(len(document)):
            page = document[number]
            if count := sum(1 for _ in page.get_objects(filter=(pypdfium2.raw.FPDF_PAGEOBJ_IMAGE,), max_depth=2)):
                images[number + 1] = count
            lines += _page_lines(page, number)
    finally:
        document.close()
    lines = _without_running_heads(lines)
    if not lines:
        raise Unreadable("扫描件（PDF 没有文字层，只有图片）：无法读取文字，请找原 Word 文件，或人工录入")
    return _paragraphs(lines), images, _tables(lines)


def _tables(lines: list[_Line]) -> list[tuple[int, int]]:
    """Runs of lines each set in three columns or more, across pages too: (first page from 1, rows)."""
    found, run = [], []
    for line in [*lines, None]:
        if line is not None and line.columns >= 3:
            run.append(line)
            continue
        if len(run) >= _TABLE_ROWS:
            found.append((run[0].page + 1, len(run)))
        run = []
    return found


def _page_lines(page, number: int) -> list[_Line]:
    import ctypes

    import pypdfium2.raw as raw
    width, height = page.get_size()
    text_page = page.get_textpage()
    lines, current = [], []
    name, flags, fonts = ctypes.create_string_buffer(128), ctypes.c_int(), {}
    for index in range(text_page.count_chars()):
        code = raw.FPDFText_GetUnicode(text_page, index)
        char = chr(code) if 0 < code < 0x110000 else ""
        if char in _LINE_ENDS or not char:
            lines.append(current)
            current = []
            continue
        left, bottom, right, top = text_page.get_charbox(index)
        generated = raw.FPDFText_IsGenerated(text_page, index) == 1 and not char.strip()
        raw.FPDFText_GetFontInfo(text_page, index, name, len(name), ctypes.byref(flags))
        font = _SUBSET.sub("", name.value.decode("utf-8", errors="replace"))
        bold = fonts.setdefault(font, bool(_BOLD_NAME.search(font))) or raw.FPDFText_GetFontWeight(text_page, index) >= 600
        current.append(("" if generated else char, left, right, top, bottom, raw.FPDFText_GetFontSize(text_page, index),
                        bold, font))
        if generated:   # a gap PDFium saw: a space between words, none where the font changes (“2024年”)
            current[-1] = (_GAP, *current[-1][1:])
    lines.append(current)
    text_page.close()
    page.close()
    found = []
    for chars in lines:
        shown = [c for c in chars if c[0].strip()]
        if not shown:
            continue
        chars = _spaced(sorted(chars, key=lambda c: c[1]))   # a run in another font may come later in the stream
        top, bottom = max(c[3] for c in shown), min(c[4] for c in shown)
        if bottom > height * (1 - _BAND) or top < height * _BAND:
            continue
        sizes: dict[float, int] = {}
        for c in shown:
            sizes[round(c[5] * 2) / 2] = sizes.get(round(c[5] * 2) / 2, 0) + 1
        runs: list[list] = []
        for c in chars:
            if runs and (runs[-1][1] == c[6] or not c[0].strip()):
                runs[-1][0] += c[0]
            else:
                runs.append([c[0], c[6]])
        runs[0][0], runs[-1][0] = runs[0][0].lstrip(), runs[-1][0].rstrip()   # as the line's text is stripped
        found.append(_Line("".join(c[0] for c in chars).strip(), min(c[1] for c in shown), max(c[2] for c in shown),
                           top, bottom, max(sizes, key=sizes.get), number, height, tuple(map(tuple, runs)),
                           font=Counter(c[7] for c in shown).most_common(1)[0][0], columns=_columns(shown)))
    return found


def _without_running_heads(lines: list[_Line]) -> list[_Line]:
    """A running head or foot (the 刊名, the office, “— 3 —”) is the same text, page numbers aside,
    at the same height on most pages, wherever the printer set it (LibreOffice's head stands at
    3.7 cm, below the fixed band); a single page keeps the band alone."""
    pages = len({line.page for line in lines})
    if pages < 2:
        return lines
    def key(line: _Line):
        return re.sub(r"\d+", "#", "".join(line.text.split())), round(line.top / _SAME_HEIGHT)
    outer = [line for line in lines if line.top > line.height * (1 - _OUTER) or line.bottom < line.height * _OUTER]
    seen: dict = {}
    for line in outer:   # a height on the edge of two roundings counts for both
        text, at = key(line)
        for near in (at - 1, at, at + 1):
            seen.setdefault((text, near), set()).add(line.page)
    repeated = {line_id for line in outer
                if len(seen[key(line)]) >= max(2, (pages + 1) // 2) for line_id in [id(line)]}
    return [line for line in lines if id(line) not in repeated]


def _columns(shown: list) -> int:
    ordered = sorted((c for c in shown if c[0] != _GAP), key=lambda c: c[1])
    return 1 + sum(1 for a, b in zip(ordered, ordered[1:]) if b[1] - a[2] > 2 * max(a[5], 1))


def _spaced(chars: list) -> list:
    """PDFium's gaps as spaces between two Chinese or two Latin words, none between the two scripts."""
    kept = []
    for index, char in enumerate(chars):
        if char[0] != _GAP:
            kept.append(char)
            continue
        before = kept[-1][0] if kept else ""
        after = next((c[0] for c in chars[index + 1:] if c[0] != _GAP), "")
        if before and after and _cjk(before) == _cjk(after):
            kept.append((" ", *char[1:]))
    return kept


def _cjk(char: str) -> bool:
    return "\u3000" <= char <= "\u9fff" or "\uff00" <= char <= "\uffef"


def _paragraphs(lines: list[_Line]) -> list[Paragraph]:
    body = [line for line in lines if len(line.text) >= 15] or lines
    left, right = min(line.left for line in body), max(line.right for line in body)
    middle = (left + right) / 2
    weights: dict[float, int] = {}
    for line in body:
        weights[line.size] = weights.get(line.size, 0) + len(line.text)
    body_size = max(weights, key=weights.get)
    paragraphs: list[Paragraph] = []
    previous: _Line | None = None
    texts: list[str] = []
    runs: list[tuple[str, bool]] = []
    look = ("", "", 0.0)

    def close():
        if texts:
            text = "".join(texts)
            bold = all(bold for piece, bold in runs if piece.strip())
            paragraphs.append(Paragraph(text, line_markdown(runs), look[0] == "center", bold, 0, "", False,
                                        look[2], look[1], "", look[0], False))
            texts.clear()
            runs.clear()

    for line in lines:
        size = line.size
        # centred: indented on both sides alike (a first line indented two characters reaches the right
        # margin); a line larger than the body spanning the width is a long title's first line
        indent = (1 if size >= body_size + 2 else 2.5) * size   # more than a first line's two characters
        centred = abs((line.left + line.right) / 2 - middle) < size and (
            (line.left > left + indent and line.right < right - size) or size >= body_size + 2)
        right_set = not centred and line.right > right - size and line.left > middle
        alignment = "center" if centred else "right" if right_set else ""
        runs_on = (previous is not None and not alignment and not look[0] and abs(size - previous.size) < 0.5
                   and previous.bold == line.bold
                   and previous.right > right - 1.5 * size and line.left < left + 0.8 * size
                   and (line.page != previous.page or previous.bottom - line.top < 1.5 * size))
        if not runs_on:
            close()
            look = (alignment, line.font, size)
        texts.append(line.text)
        runs.extend(line.runs)
        previous = line
    close()
    return paragraphs
