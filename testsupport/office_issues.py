"""The import corpus's issues, written the ways county and prefecture offices lay them out.

Each issue's printed text and layout choices are in `tests/fixtures/import-corpus/source/<name>.yml`;
this module sets them as Word would (testsupport/office_docx.py), then has LibreOffice save each as
.doc, re-save that .doc as .docx (as an office converting its old archive does) and print chosen
ones to PDF, a batch per step with one profile. The truth the import is scored against
(`truth/<name>.yml`) is written by hand and never read here.

    .venv/bin/python -m testsupport.office_issues            # rebuilds every file of the corpus

Layout keys of a source file (all optional but `items`):
- masthead (paragraphs | textbox | table), textbox (word2010: DrawingML with a VML fallback),
  rule (drawn: a line shape, else a paragraph border), marking, series_name, number_line,
  total_line, total_own_line, publisher_line, date_line, stacked_date, one_line, signer_line;
- toc, toc_heading, foreword {style: plain | box | table, text};
- title_style (normal | office | title | heading | bold | bold22 | hei22), byline_at, separator
  (text between items, or page: a page break), header, page_numbers, pdf, scanned;
- colophon {style: table | paragraphs, rows, printer, printed, copies, rule};
- per item: title (or title_lines: one title printed on two lines), subtitle, toc, byline,
  byline_at (head | foot | bracket | inline: at the end of the last paragraph), paragraphs,
  subheads {index: text}, table, image (its caption).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import docx
import yaml
from docx.shared import Mm

from testsupport.office_docx import (BODY_FONT, CENTER, HEI, KAI, RED, RIGHT, TITLE_FONT, a4_gbt9704, border,
                                     cell_text, colophon_rules, drawn_rule, font, header_footer, jpeg_pdf, layout_table,
                                     office_style, para, png, table_borders, text_box)

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "import-corpus"
FORMATS = {"word": "docx-word", "libreoffice": "docx-libreoffice", "doc": "doc", "pdf": "pdf"}


def write_word(source: dict, path: Path) -> Path:
    document = docx.Document()
    a4_gbt9704(document)
    header_footer(document, source.get("header"), source.get("page_numbers", False))
    _masthead(document, source)
    if source.get("toc"):
        _toc(document, source)
    if source.get("foreword"):
        _foreword(document, source["foreword"])
    items = source["items"]
    for index, item in enumerate(items):
        _item(document, item, source)
        if source.get("separator") == "page" and index < len(items) - 1:
            document.add_page_break()
        elif source.get("separator") and index < len(items) - 1:
            para(document, source["separator"], "宋体", 16, align=CENTER)
    _colophon(document, source["colophon"])
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def _masthead(document, source: dict) -> None:
    name = source.get("series_name", "政务信息")
    number = source["number_line"]
    if source.get("total_line") and not source.get("total_own_line"):
        number += f"（{source['total_line']}）"
    publisher, day = source.get("publisher_line", "测试县人民政府办公室编"), source["date_line"]
    if source.get("marking"):
        para(document, source["marking"], HEI, 14)
    kind = source.get("masthead", "paragraphs")
    if kind == "textbox":
        lines = [(name, TITLE_FONT, 48, False, RED), (number, BODY_FONT, 16, False, None)]
        lines.append((f"{publisher}　　　　　　{day}", BODY_FONT, 14, False, None))
        text_box(document, lines, modern=source.get("textbox") == "word2010")
    elif kind == "table":
        table = layout_table(document, 3, 2)
        top = table.cell(0, 0).merge(table.cell(0, 1))
        cell_text(top, [(name, TITLE_FONT, 52, False, RED)], CENTER)
        middle = table.cell(1, 0).merge(table.cell(1, 1))
        cell_text(middle, [(number, BODY_FONT, 16, False, None)], CENTER)
        cell_text(table.cell(2, 0), [(publisher, BODY_FONT, 14, False, None)])
        cell_text(table.cell(2, 1), [(day, BODY_FONT, 14, False, None)], RIGHT)
    else:
        para(document, name, TITLE_FONT, 54, align=CENTER, color=RED)
        if source.get("one_line"):           # 期号, 编印单位 and date on one line
            para(document, f"{number}　{publisher}　{day}", BODY_FONT, 12, align=CENTER)
            publisher = day = ""
        else:
            para(document, number, BODY_FONT, 16, align=CENTER)
        if source.get("total_own_line"):
            para(document, source["total_line"], BODY_FONT, 16, align=CENTER)
        if source.get("stacked_date"):
            para(document, publisher, BODY_FONT, 14, align=CENTER)
            para(document, day, BODY_FONT, 14, align=CENTER)
        elif publisher:
            para(document, f"{publisher}　　　　　　　　{day}", BODY_FONT, 14)
    if source.get("signer_line"):
        para(document, source["signer_line"], KAI, 14, align=RIGHT)
    if source.get("rule") == "drawn":
        drawn_rule(document)
    else:
        rule = para(document, "", size=6)    # the red rule, a paragraph's bottom border
        border(rule, ("bottom",), RED, 24)


def _toc(document, source: dict) -> None:
    para(document, source.get("toc_heading", "本期要目"), HEI, 16)
    for item in source["items"]:
        para(document, item.get("toc") or "".join(item.get("title_lines") or [item["title"]]), KAI, 14)


def _foreword(document, foreword: dict) -> None:
    runs = [("编者按：", HEI, 16, False, None), (foreword["text"], KAI, 16, False, None)]
    if foreword.get("style") == "table":
        table = document.add_table(rows=1, cols=1)
        table_borders(table, visible=True)
        paragraph = table.cell(0, 0).paragraphs[0]
        for text, name, size, bold, color in runs:
            font(paragraph.add_run(text), name, size, bold, color)
    else:
        paragraph = para(document, runs=runs, indent=True)
        if foreword.get("style") == "box":
            border(paragraph, ("top", "left", "bottom", "right"), "000000", 8)


def _title(document, item: dict, style: str) -> None:
    for line in item.get("title_lines") or [item["title"]]:      # a long title broken over two lines
        if style == "heading":
            document.add_heading(line, level=1)
        elif style == "title":
            document.add_paragraph(line, style="Title")
        elif style == "office":
            para(document, line, TITLE_FONT, 22, style=office_style(document, "信息标题", TITLE_FONT, 22))
        elif style == "bold":
            para(document, line, HEI, 18, bold=True, align=CENTER)
        elif style == "hei22":               # 黑体 二号, not bold: the weight is the font's
            para(document, line, HEI, 22, align=CENTER)
        elif style == "bold22":
            para(document, line, "宋体", 22, bold=True, align=CENTER)
        else:                                # 二号方正小标宋, centred, regular weight, in Normal
            para(document, line, TITLE_FONT, 22, align=CENTER)
    if item.get("subtitle"):
        para(document, item["subtitle"], KAI, 16, align=CENTER)


def _item(document, item: dict, source: dict) -> None:
    _title(document, item, item.get("title_style", source.get("title_style", "normal")))
    at = item.get("byline_at", source.get("byline_at", "head"))
    if at == "head" and item.get("byline"):
        para(document, item["byline"], KAI, 16, align=CENTER)
    subheads = {int(key): text for key, text in (item.get("subheads") or {}).items()}
    for index, text in enumerate(item["paragraphs"]):
        if index in subheads:
            para(document, subheads[index], HEI, 16, indent=True)
        if index == 0 and at == "bracket":
            para(document, runs=[(item["byline"], HEI, 16, False, None), (text, BODY_FONT, 16, False, None)], indent=True)
        elif index == len(item["paragraphs"]) - 1 and at == "inline":    # “……。（石桥乡供稿）”
            para(document, runs=[(text, BODY_FONT, 16, False, None), (item["byline"], KAI, 16, False, None)], indent=True)
        else:
            para(document, text, indent=True)
        if index == 0 and item.get("table"):
            _data_table(document, item["table"])
        if index == 0 and item.get("image"):
            picture = document.add_paragraph()
            picture.alignment = CENTER
            picture.add_run().add_picture(png(320, 200), width=Mm(100))
            para(document, item["image"], KAI, 14, align=CENTER)   # the caption, part of the body
    if at == "foot" and item.get("byline"):
        para(document, item["byline"], KAI, 16, align=RIGHT)


def _data_table(document, rows: list[list[str]]) -> None:
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table_borders(table, visible=True)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            cell_text(table.cell(r, c), [(str(text), BODY_FONT, 12, r == 0, None)], CENTER)


def _colophon(document, colophon: dict) -> None:
    rows, printer, printed = colophon.get("rows", []), colophon["printer"], colophon["printed"]
    if colophon.get("style") == "table":
        table = document.add_table(rows=len(rows) + 1, cols=2)
        colophon_rules(table)
        for r, (label, text) in enumerate(rows):
            merged = table.cell(r, 0).merge(table.cell(r, 1))
            cell_text(merged, [(f"{label}{text}", BODY_FONT, 14, False, None)])
        cell_text(table.cell(len(rows), 0), [(printer, BODY_FONT, 14, False, None)])
        cell_text(table.cell(len(rows), 1), [(printed, BODY_FONT, 14, False, None)], RIGHT)
    else:
        para(document, colophon.get("rule", "—" * 24), "宋体", 12)
        for label, text in rows:
            para(document, f"{label}{text}", BODY_FONT, 14)
        para(document, f"{printer}　　　　　　　{printed}", BODY_FONT, 14)
    if colophon.get("copies"):
        para(document, colophon["copies"], BODY_FONT, 14, align=RIGHT)


def _soffice(profile: Path, target: str, out: Path, files: list[Path]) -> None:
    """One LibreOffice run for a whole batch, in its own profile."""
    out.mkdir(parents=True, exist_ok=True)
    command = ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", target,
               "--outdir", str(out), *map(str, files)]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, timeout=1200)


def _scan(pdf: Path, out: Path) -> None:
    """A scanned issue: the first page of the printed PDF as an image only, no text layer."""
    with tempfile.TemporaryDirectory() as work:
        stem = Path(work) / "page"
        subprocess.run(["pdftoppm", "-jpeg", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(stem)], check=True)
        jpeg = stem.with_suffix(".jpg").read_bytes()
    width, height = _jpeg_size(jpeg)
    out.write_bytes(jpeg_pdf(jpeg, width, height))


def _jpeg_size(jpeg: bytes) -> tuple[int, int]:
    at = 2
    while at < len(jpeg):
        marker, length = jpeg[at + 1], int.from_bytes(jpeg[at + 2:at + 4], "big")
        if marker in (0xC0, 0xC2):
            return int.from_bytes(jpeg[at + 7:at + 9], "big"), int.from_bytes(jpeg[at + 5:at + 7], "big")
        at += 2 + length
    raise ValueError("no JPEG frame header")


def build(corpus: Path = CORPUS, names: list[str] | None = None) -> list[Path]:
    sources = sorted((corpus / "source").glob("*.yml"))
    sources = [s for s in sources if not names or s.stem in names]
    written, words, printed = [], [], []
    with tempfile.TemporaryDirectory() as work:
        for source_path in sources:
            source = yaml.safe_load(source_path.read_text(encoding="utf-8"))
            scanned = source.get("scanned", False)          # kept only as the scanned PDF
            folder = Path(work) / "scanned" if scanned else corpus / FORMATS["word"]
            word = write_word(source, folder / f"{source_path.stem}.docx")
            if not scanned:
                words.append(word)
            if source.get("pdf") or scanned:
                printed.append((word, scanned))
        profile = Path(work) / "profile"
        _soffice(profile, "doc:MS Word 97", corpus / FORMATS["doc"], words)
        # an old .doc re-saved as .docx by LibreOffice: it writes <w:jc w:val="start"/> and "end"
        docs = [corpus / FORMATS["doc"] / f"{word.stem}.doc" for word in words]
        _soffice(profile, "docx", corpus / FORMATS["libreoffice"], docs)
        if printed:
            pdfs = Path(work) / "pdf"
            _soffice(profile, "pdf:writer_pdf_Export", pdfs, [word for word, _ in printed])
            for word, scanned in printed:
                pdf = pdfs / f"{word.stem}.pdf"
                target = corpus / FORMATS["pdf"] / f"{word.stem}.pdf"
                target.parent.mkdir(parents=True, exist_ok=True)
                _scan(pdf, target) if scanned else shutil.copyfile(pdf, target)
    for folder in FORMATS.values():
        written += sorted((corpus / folder).glob("*.*"))
    return written


if __name__ == "__main__":
    os.nice(5)
    for path in build(names=sys.argv[1:] or None):
        print(path.relative_to(CORPUS))
