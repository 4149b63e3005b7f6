"""A series' year volume (年度汇编) joined from its issues' own PDFs, as a bound 合订本 is made.

Typesetting the year whole took most of a publish's PDF phase (17 of 20 s of CPU at 5,000 items,
and a Typst child of 1.5 GiB): one new issue or one correction paid for every issue of the year
again. Here only the front (cover and contents, documents.volume_front) is typeset; the issues'
pages are the PDFs the build already has, copied in by PDFium (pypdfium2), so a new issue costs
its own typesetting, the front's and a join.

The issues keep the page numbers they were printed with, as in a bound volume of a periodical:
their pages are the very pages of the issue PDFs, byte for byte in their content. The contents
give each issue's and each item's page in the volume (the cover is page 1, as a PDF viewer counts),
worked out from the issue PDFs: their page counts, and the page of each item's title (its PDF
bookmark). Every issue starts on a right-hand page (odd; the binding margin is on the left there), after a blank page where the one before ends on a right-hand page.
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


def _item_pages(document, count: int, path: Path) -> list[int]:
    """The page (from 1) on which each of the issue's `count` items starts: its title's bookmark
    (gbt9704.typ's item-title makes every title a heading; nothing else in an issue is one), so
    neither the byline's wording nor the 本期目录 can mislead it. Any other count is a fault of
    the typesetting, and wrong page numbers in a volume's contents would be printed: refused."""
    pages = [bookmark.get_dest().get_index() + 1 for bookmark in document.get_toc() if bookmark.get_dest() is not None]
    if len(pages) != count:
        raise ValueError(f"{path.name}：PDF 中有 {len(pages)} 个稿件书签，应有 {count} 个（每篇稿件一个）")
    return pages


def _issue_layout(pdfium, path: Path, items: int) -> tuple[int, list[int]]:
    """The issue PDF's page count and its items' pages, kept beside the cached PDF (`<name>.pages`):
    a volume made again opens only its new issues' PDFs, and a cached issue's PDF never changes
    under its name (a hash of its markup, titles included)."""
    kept = path.with_name(path.name + ".pages")
    try:
        count, *pages = map(int, kept.read_text(encoding="ascii").split())
        if len(pages) == items:
            return count, pages
    except (OSError, ValueError):
        pass
    document = pdfium.PdfDocument(str(path))
    try:
        count, pages = len(document), _item_pages(document, items, path)
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
        count, pages = _issue_layout(pdfium, path, len(archive.issue_items(issue)))
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
