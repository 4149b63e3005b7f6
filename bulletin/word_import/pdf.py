"""A born-digital PDF issue as the same blocks a .docx gives, so the same recognition reads it.

Read with pypdfium2 (PDFium, the PDF engine of Chromium): one binary wheel without dependencies,
fast, and hardened against hostile files by years of fuzzing in the browser; it gives each
character with its box and font size, which is all the recognition needs (pdfminer.six is pure
Python and several times slower and now needs `cryptography`; pdfplumber adds both and Pillow).

Lines are PDFium's; a paragraph is lines of one size that run on (the line before reaches the
right margin, this one is not indented); a centred or right-aligned line is a paragraph of its own,
as a title, a byline or a colophon line is. Running heads and page numbers in the top and bottom
bands of each page are left out, as a .docx's header and footer are. Tables and images are not
recovered from a PDF: their text reads as lines. A PDF without a text layer is a scan, and says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bulletin.word_import.blocks import Paragraph
from bulletin.word_import.markdown import line_markdown
from bulletin.word_import.package import Unreadable

SIZE_LIMIT = 50 * 1024 * 1024    # bytes of PDF, as for a .docx inflated
PAGES_LIMIT = 200
_BAND = 0.07                     # the top and bottom 7 % of a page: running heads, page numbers
_LINE_ENDS = {"\r", "\n", "\x02"}
_GAP = "\x00"


@dataclass
class _Line:
    text: str
    left: float
    right: float
    top: float
    bottom: float
    size: float
    page: int


def read_pdf_blocks(path: Path) -> tuple[list[Paragraph], dict[int, int]]:
    """The paragraphs, and how many images each page (from 1) holds: those are named, not kept."""
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
    if not lines:
        raise Unreadable("扫描件（PDF 没有文字层，只有图片）：无法读取文字，请找原 Word 文件，或人工录入")
    return _paragraphs(lines), images


def _page_lines(page, number: int) -> list[_Line]:
    import pypdfium2.raw as raw
    width, height = page.get_size()
    text_page = page.get_textpage()
    lines, current = [], []
    for index in range(text_page.count_chars()):
        code = raw.FPDFText_GetUnicode(text_page, index)
        char = chr(code) if 0 < code < 0x110000 else ""
        if char in _LINE_ENDS or not char:
            lines.append(current)
            current = []
            continue
        left, bottom, right, top = text_page.get_charbox(index)
        generated = raw.FPDFText_IsGenerated(text_page, index) == 1 and not char.strip()
        current.append(("" if generated else char, left, right, top, bottom, raw.FPDFText_GetFontSize(text_page, index)))
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
        found.append(_Line("".join(c[0] for c in chars).strip(), min(c[1] for c in shown), max(c[2] for c in shown),
                           top, bottom, max(sizes, key=sizes.get), number))
    return found


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
    look = ("", "", 0.0)

    def close():
        if texts:
            text = "".join(texts)
            paragraphs.append(Paragraph(text, line_markdown([(text, False)]), look[0] == "center", False, 0, "", False,
                                        look[2], "", "", look[0], False))
            texts.clear()

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
                   and previous.right > right - 1.5 * size and line.left < left + 0.8 * size
                   and (line.page != previous.page or previous.bottom - line.top < 1.5 * size))
        if not runs_on:
            close()
            look = (alignment, "", size)
        texts.append(line.text)
        previous = line
    close()
    return paragraphs
