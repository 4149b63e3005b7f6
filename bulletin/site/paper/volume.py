"""A series' year volume (年度汇编) joined from its issues' own PDFs, as a bound 合订本 is made.

Typesetting the year whole took most of a publish's PDF phase (17 of 20 s of CPU at 5,000 items,
and a Typst child of 1.5 GiB): one new issue or one correction paid for every issue of the year
again. Here only the front (cover and contents, documents.volume_front) is typeset; the issues'
pages are the PDFs the build already has, copied in by PDFium (pypdfium2), so a new issue costs
its own typesetting, the front's and a join.

The issues keep the page numbers they were printed with, as in a bound volume of a periodical:
their pages are the very pages of the issue PDFs, byte for byte in their content. The contents
give each issue's and each item's page in the volume (the cover is page 1, as a PDF viewer counts),
worked out from the issue PDFs: their page counts, and the page on which each item's title and
unit line stand. Every issue starts on a right-hand page (odd; the binding margin is on the left
there), after a blank page where the one before ends on a right-hand page.
"""

from __future__ import annotations

import hashlib
import io
import re
import time
from pathlib import Path

from bulletin.archive import Archive
from bulletin.site.paper.documents import volume_front
from bulletin.site.kept_files import store
from bulletin.site.paper.typesetter import Typesetter

_SPACE = re.compile(r"[\s\u2060\ufffe\uffff]+")   # line breaks, spaces and word joiners a PDF's text holds


def _squashed(text: str) -> str:
    return _SPACE.sub("", text)


def _item_pages(document, heads: list[str]) -> list[int]:
    """The page (from 1) on which each item starts: where its title runs into its unit line (the
    本期目录 names an item's unit in brackets, never 'unit · category', so it is not taken)."""
    pages = [_squashed(document[n].get_textpage().get_text_range()) for n in range(len(document))]
    text, ends = "", []
    for page in pages:
        text += page
        ends.append(len(text))
    found, start = [], 0
    for head in heads:
        at = text.find(head, start)
        if at < 0:   # not found (a title the PDF's text does not give back as written): the last one's page
            found.append(found[-1] if found else 1)
            continue
        start = at + len(head)
        found.append(next(n for n, end in enumerate(ends, 1) if at < end))
    return found


def _issue_layout(pdfium, path: Path, heads: list[str]) -> tuple[int, list[int]]:
    """The issue PDF's page count and its items' pages, kept beside the cached PDF (`<name>.pages`):
    reading a PDF's text is most of a volume's cost (10 of 13 s for 486 issues), and a cached
    issue's PDF never changes under its name (a hash of its markup, titles included)."""
    kept = path.with_name(path.name + ".pages")
    try:
        count, *pages = map(int, kept.read_text(encoding="ascii").split())
        if len(pages) == len(heads):
            return count, pages
    except (OSError, ValueError):
        pass
    document = pdfium.PdfDocument(str(path))
    try:
        count, pages = len(document), _item_pages(document, heads)
    finally:
        document.close()
    try:
        kept.write_text(" ".join(map(str, [count, *pages])), encoding="ascii")
    except OSError:
        pass   # a read-only cache: read again next time
    return count, pages


def front_markup(archive: Archive, series: str, year: int, issue_pdfs: list[Path]) -> str:
    """The cover and contents of the year's volume, its pages worked out from `issue_pdfs` (in the year's order)."""
    import pypdfium2 as pdfium
    starts, first = [], 1
    for issue, path in zip(archive.series_years[series][year], issue_pdfs, strict=True):
        heads = [_squashed(f"{item.title}{'、'.join(archive.unit_name(u) for u in item.units)}·{item.category}")
                 for item in archive.issue_items(issue)]
        count, pages = _issue_layout(pdfium, path, heads)
        starts.append((first, [first + page - 1 for page in pages]))
        first += count + count % 2
    return volume_front(archive, series, year, starts)


def join(front: str, timestamp: int, name: str, issue_pdfs: list[str], out: str) -> tuple[float, str]:
    """Typeset the front, join the issues' PDFs after it and write the volume to `out`. Run in a
    process of its own that ends with it (printer.py's pool): Typst keeps what it laid out for the
    life of its process (a year's contents: about 250 MiB) and the joined document is large."""
    import pypdfium2 as pdfium
    began = time.perf_counter()
    volume = pdfium.PdfDocument(Typesetter().pdf(front, timestamp, name))
    try:
        width, height = volume.get_page_size(0)
        for path in issue_pdfs:
            if len(volume) % 2:
                volume.new_page(width, height).close()   # the back of the last right-hand page: blank
            document = pdfium.PdfDocument(path)
            try:
                volume.import_pages(document)
            finally:
                document.close()
        made = io.BytesIO()
        volume.save(made)
    finally:
        volume.close()
    store(Path(out), _fixed_id(made.getvalue()))   # by rename: a parallel build never reads half a PDF
    return time.perf_counter() - began, name


_SECOND_ID = re.compile(rb"<([0-9A-Fa-f]{32})>\]")


def _fixed_id(pdf: bytes) -> bytes:
    """PDFium writes a random second file identifier into the trailer on every save; here it is the
    hash of the rest of the file (same length, after the cross-reference table: no offset moves), so
    the same issues give the same bytes."""
    tail = pdf.rfind(b"trailer")
    found = _SECOND_ID.search(pdf, tail if tail >= 0 else max(0, len(pdf) - 4096))
    if not found:
        return pdf
    blank = pdf[:found.start(1)] + b"0" * 32 + pdf[found.end(1):]
    return blank[:found.start(1)] + hashlib.sha256(blank).hexdigest()[:32].upper().encode() + blank[found.end(1):]
