"""The import hold-out set (tests/fixtures/import-holdout/, issue 28): issues the importer was never
tuned on, made another way than the corpus (testsupport/office_issues.py, python-docx).

Each issue is typed as an office types it, one paragraph a line, in `source/<name>.txt`
(`style|text`); this module only wraps those lines into a flat ODF document (.fodt) with the office's
own paragraph styles (黑体/仿宋_GB2312/方正小标宋 at their 号, tab stops, a red rule as a paragraph
border, a two-column section, footnotes, tables whose heading row repeats on the next page) and has
one LibreOffice (one profile for the whole batch) save it as .docx, .doc and PDF, as an office that
works in LibreOffice or WPS does. The truth (`truth/<name>.yml`) is typed by hand and never read here.

    .venv/bin/python -m testsupport.holdout_issues            # rebuilds every file of the hold-out set

`formats|word` also sets the same lines with python-docx the way most Word users work: every
paragraph in 正文 (Normal) with the font, 号, weight, colour, alignment and indent typed on it
directly, tab stops on the line, the red rule as a paragraph border; no named style at all.

Source lines: `formats|docx doc pdf` (which files to make), `header|刊名` (page header), a style name
from STYLES then `|text`; `<tab>` is a tab, `{注:text}` a footnote; `pagebreak|` breaks before the next
paragraph; `cols2|` … `endcols|` a two-column section; `table|grid` or `table|rules` … `endtable|`
with `row|cell|cell` lines (the first row is the heading row).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

HOLDOUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "import-holdout"
FOLDERS = {"word": ("docx-word", None), "docx": ("docx-libreoffice", "docx:MS Word 2007 XML"), "doc": ("doc", "doc:MS Word 97"),
           "pdf": ("pdf", "pdf:writer_pdf_Export")}
RED = "#e60000"

# name: (font, size pt, extra paragraph properties, extra text properties); fonts as offices name them
STYLES = {
    "masthead": ("方正小标宋简体", 40, 'fo:text-align="center"', f'fo:color="{RED}" fo:letter-spacing="0.2cm"'),
    "masthead2": ("方正小标宋简体", 26, 'fo:text-align="center"', f'fo:color="{RED}"'),
    "sub": ("楷体_GB2312", 16, 'fo:text-align="center"', ""),
    "tabline": ("仿宋_GB2312", 14, "", ""),
    "rule": ("宋体", 4, f'fo:border-bottom="0.08cm solid {RED}" fo:padding="0cm" fo:margin-bottom="0.4cm"', ""),
    "lead": ("黑体", 16, 'fo:margin-top="0.2cm"', 'fo:font-weight="bold" style:font-weight-asian="bold"'),
    "toc": ("楷体_GB2312", 14, 'fo:margin-left="0.7cm"', ""),
    "foreword": ("楷体_GB2312", 16, 'fo:text-indent="0.99cm" fo:text-align="justify"', ""),
    "title": ("黑体", 16, 'fo:text-align="center" fo:margin-top="0.4cm" fo:margin-bottom="0.2cm"',
              'fo:font-weight="bold" style:font-weight-asian="bold"'),
    "title15": ("黑体", 15, 'fo:text-align="center" fo:margin-top="0.3cm"', 'fo:font-weight="bold" style:font-weight-asian="bold"'),
    "title18": ("方正小标宋简体", 18, 'fo:text-align="center" fo:margin-top="0.4cm"', ""),
    "title22": ("方正小标宋简体", 22, 'fo:text-align="center" fo:margin-top="0.5cm" fo:margin-bottom="0.3cm"', ""),
    "titleleft": ("黑体", 16, 'fo:margin-top="0.4cm"', 'fo:font-weight="bold" style:font-weight-asian="bold"'),
    "subtitle": ("楷体_GB2312", 16, 'fo:text-align="center"', ""),
    "body": ("仿宋_GB2312", 16, 'fo:text-indent="1.13cm" fo:text-align="justify" fo:line-height="0.99cm"', ""),
    "body14": ("仿宋_GB2312", 14, 'fo:text-indent="0.99cm" fo:text-align="justify"', ""),
    "h1": ("黑体", 16, 'fo:text-indent="1.13cm"', ""),
    "h2": ("楷体_GB2312", 16, 'fo:text-indent="1.13cm"', 'fo:font-weight="bold" style:font-weight-asian="bold"'),
    "h3": ("仿宋_GB2312", 16, 'fo:text-indent="1.13cm"', 'fo:font-weight="bold" style:font-weight-asian="bold"'),
    "byline": ("楷体_GB2312", 16, 'fo:text-align="end"', ""),
    "byline14": ("楷体_GB2312", 14, 'fo:text-align="end"', ""),
    "bylinec": ("楷体_GB2312", 16, 'fo:text-align="center"', ""),
    "sign": ("仿宋_GB2312", 14, 'fo:margin-top="0.5cm"', ""),
    "colophon": ("仿宋_GB2312", 14, 'fo:margin-left="0.35cm" fo:margin-right="0.35cm"', ""),
    "colotop": ("仿宋_GB2312", 14, 'fo:margin-top="0.6cm" fo:border-top="0.03cm solid #000000" fo:padding-top="0.1cm"', ""),
    "cell": ("仿宋_GB2312", 12, 'fo:text-align="center"', ""),
    "footnote": ("仿宋_GB2312", 10, "", ""),
}
# the names the office gave its styles (what Word and the importer see as the style's name)
DISPLAY = {"masthead": "报头", "masthead2": "报头小", "sub": "报头副行", "tabline": "期号行", "rule": "红线", "lead": "导读",
           "toc": "导读条目", "foreword": "编者按", "title": "信息题目", "title15": "简讯题目", "title18": "督查题目",
           "title22": "调研题目", "titleleft": "题目居左", "subtitle": "副题", "body": "正文仿宋", "body14": "简讯正文",
           "h1": "一级小标题", "h2": "二级小标题", "h3": "三级小标题", "byline": "署名", "byline14": "简讯署名",
           "bylinec": "署名居中", "sign": "责任编辑", "colophon": "版记", "colotop": "版记首行", "cell": "表格文字",
           "footnote": "脚注文字"}
HEADING_STYLES = {"heading2": ("Heading_20_2", "Heading 2", "黑体", 16)}   # Writer's own 标题 2, fonts set by the office


def paragraph_styles() -> str:
    out = []
    for name, (face, size, para, text) in STYLES.items():
        out.append(f'<style:style style:name="{name}" style:display-name="{DISPLAY[name]}" style:family="paragraph" '
                   'style:parent-style-name="Standard">'
                   f'<style:paragraph-properties {para}/><style:text-properties style:font-name="{face}" '
                   f'style:font-name-asian="{face}" fo:font-size="{size}pt" style:font-size-asian="{size}pt" {text}/>'
                   "</style:style>")
    for name, display, face, size in HEADING_STYLES.values():
        out.append(f'<style:style style:name="{name}" style:display-name="{display}" style:family="paragraph" '
                   'style:parent-style-name="Standard" style:default-outline-level="2">'
                   '<style:paragraph-properties fo:text-align="center" fo:margin-top="0.4cm"/>'
                   f'<style:text-properties style:font-name="{face}" style:font-name-asian="{face}" fo:font-size="{size}pt" '
                   f'style:font-size-asian="{size}pt" fo:font-weight="bold" style:font-weight-asian="bold"/></style:style>')
    return "".join(out)


def fonts() -> str:
    faces = {face for face, *_ in STYLES.values()} | {"Times New Roman"}
    return "".join(f'<style:font-face style:name="{f}" svg:font-family="{f}"/>' for f in sorted(faces))


def inline(text: str) -> str:
    """Escaped text with tabs, runs of spaces and footnotes as ODF writes them."""
    out, notes = [], 0
    for piece in re.split(r"(\{注:[^}]*\})", text):
        if piece.startswith("{注:"):
            notes += 1
            out.append(f'<text:note text:note-class="footnote"><text:note-citation>{notes}</text:note-citation>'
                       f'<text:note-body><text:p text:style-name="footnote">{escape(piece[3:-1])}</text:p>'
                       "</text:note-body></text:note>")
            continue
        piece = escape(piece).replace("&lt;tab&gt;", "<text:tab/>")
        out.append(re.sub(r" {2,}", lambda m: f'<text:s text:c="{len(m.group())}"/>', piece))
    return "".join(out)


def body(lines: list[str]) -> tuple[str, str, list[str], str]:
    """(the document body, its automatic styles, the formats wanted, the page header)."""
    out, auto, formats, header = [], [], ["docx"], ""
    table: list[list[str]] | None = None
    kind, break_next, tables = "", False, 0
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        style, _, text = line.partition("|")
        if style == "formats":
            formats = text.split()
        elif style == "header":
            header = text
        elif style == "pagebreak":
            break_next = True
        elif style == "cols2":
            out.append('<text:section text:style-name="Sect2" text:name="分栏">')
        elif style == "endcols":
            out.append("</text:section>")
        elif style == "table":
            table, kind = [], text
        elif style == "row":
            table.append(text.split("|"))
        elif style == "endtable":
            tables += 1
            out.append(_table(table, kind, tables))
            table = None
        else:
            name = HEADING_STYLES[style][0] if style in HEADING_STYLES else style
            if style not in STYLES and style not in HEADING_STYLES:
                raise SystemExit(f"unknown style {style!r} in line {line!r}")
            if break_next:
                auto.append(f'<style:style style:name="Pb{len(auto)}" style:family="paragraph" style:parent-style-name="{name}">'
                            '<style:paragraph-properties fo:break-before="page"/></style:style>')
                name, break_next = f"Pb{len(auto) - 1}", False
            outline = ' text:outline-level="2"' if style in HEADING_STYLES else ""
            tag = "text:h" if outline else "text:p"
            out.append(f'<{tag} text:style-name="{name}"{outline}>{inline(text)}</{tag}>')
    return "".join(out), "".join(auto), formats, header


def _table(rows: list[list[str]], kind: str, number: int) -> str:
    cell_style = "CellGrid" if kind == "grid" else "CellRules"
    width = max(len(row) for row in rows)

    def row_xml(row: list[str]) -> str:
        cells = "".join(f'<table:table-cell table:style-name="{cell_style}" office:value-type="string">'
                        f'<text:p text:style-name="{"cell" if kind == "grid" else "colophon"}">{inline(c)}</text:p></table:table-cell>'
                        for c in row + [""] * (width - len(row)))
        return f"<table:table-row>{cells}</table:table-row>"

    head = f"<table:table-header-rows>{row_xml(rows[0])}</table:table-header-rows>" if kind == "grid" else row_xml(rows[0])
    return (f'<table:table table:name="表{number}" table:style-name="Tbl"><table:table-column '
            f'table:number-columns-repeated="{width}"/>{head}{"".join(row_xml(r) for r in rows[1:])}</table:table>')


def fodt(lines: list[str]) -> tuple[str, list[str]]:
    text, auto, formats, header = body(lines)
    header_xml = (f'<style:header><text:p text:style-name="sub">{escape(header)}</text:p></style:header>' if header else "")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls>{fonts()}</office:font-face-decls>
<office:styles>
<style:default-style style:family="paragraph"><style:paragraph-properties style:tab-stop-distance="1.25cm"/>
<style:text-properties style:font-name="Times New Roman" style:font-name-asian="仿宋_GB2312" fo:font-size="16pt"
 style:font-size-asian="16pt" fo:language="zh" fo:country="CN" style:language-asian="zh" style:country-asian="CN"/></style:default-style>
<style:style style:name="Standard" style:family="paragraph"/>
{paragraph_styles()}
</office:styles>
<office:automatic-styles>
<style:style style:name="Sect2" style:family="section"><style:section-properties><style:columns fo:column-count="2" fo:column-gap="0.6cm"/></style:section-properties></style:style>
<style:style style:name="Tbl" style:family="table"><style:table-properties style:width="15.6cm" table:align="center"/></style:style>
<style:style style:name="CellGrid" style:family="table-cell"><style:table-cell-properties fo:border="0.02cm solid #000000" fo:padding="0.05cm"/></style:style>
<style:style style:name="CellRules" style:family="table-cell"><style:table-cell-properties fo:border-top="0.02cm solid #000000" fo:border-bottom="0.02cm solid #000000" fo:border-left="none" fo:border-right="none"/></style:style>
<style:style style:name="tabs" style:family="paragraph" style:parent-style-name="tabline"><style:paragraph-properties><style:tab-stops>
<style:tab-stop style:position="7.8cm" style:type="center"/><style:tab-stop style:position="15.6cm" style:type="right"/></style:tab-stops></style:paragraph-properties></style:style>
<style:page-layout style:name="A4"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm"
 fo:margin-top="3.7cm" fo:margin-bottom="3.5cm" fo:margin-left="2.8cm" fo:margin-right="2.6cm"/></style:page-layout>
{auto}
</office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="A4">{header_xml}</style:master-page></office:master-styles>
<office:body><office:text>{text}</office:text></office:body>
</office:document>
""".replace('text:style-name="tabline"', 'text:style-name="tabs"'), formats


def write_word(lines: list[str], path: Path) -> None:
    """The source lines as direct formatting on Normal paragraphs (no two-column sections or footnotes)."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
    from docx.shared import Cm, Pt

    from testsupport.office_docx import border, font

    document = docx.Document()
    for section in document.sections:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = Cm(3.7), Cm(3.5), Cm(2.8), Cm(2.6)
    rows: list[list[str]] | None = None
    for line in lines:
        style, _, text = line.partition("|")
        if not line.strip() or line.startswith("#") or style in ("formats", "header"):
            continue
        if style == "table":
            rows = []
        elif style == "row":
            rows.append(text.split("|"))
        elif style == "endtable":
            table = document.add_table(rows=len(rows), cols=max(map(len, rows)), style="Table Grid")
            for row, cells in zip(table.rows, rows):
                for cell, value in zip(row.cells, cells):
                    font(cell.paragraphs[0].add_run(value), "仿宋_GB2312", 12)
        elif style not in STYLES:
            raise SystemExit(f"{path.name}: python-docx writes no {style!r} line")
        else:
            face, size, para_props, text_props = STYLES[style]
            paragraph = document.add_paragraph()
            align = re.search(r'text-align="(\w+)"', para_props)
            paragraph.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "end": WD_ALIGN_PARAGRAPH.RIGHT,
                                   "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}.get(align.group(1)) if align else None
            indent = re.search(r'text-indent="([\d.]+)cm"', para_props)
            if indent:
                paragraph.paragraph_format.first_line_indent = Cm(float(indent.group(1)))
            if style == "tabline":
                paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(7.8), WD_TAB_ALIGNMENT.CENTER)
                paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(15.6), WD_TAB_ALIGNMENT.RIGHT)
            if style == "rule":
                border(paragraph)
            color = re.search(r'fo:color="#(\w+)"', text_props)
            if text:
                font(paragraph.add_run(text.replace("<tab>", "\t")), face, size, "bold" in text_props or None,
                     color.group(1).upper() if color else None)
            paragraph.paragraph_format.space_after = Pt(0)
    document.save(path)


def build(holdout: Path = HOLDOUT) -> None:
    sources = sorted((holdout / "source").glob("*.txt"))
    with tempfile.TemporaryDirectory(prefix="holdout-") as work:
        work_dir = Path(work)
        wanted: dict[str, list[Path]] = {fmt: [] for fmt in FOLDERS}
        shutil.rmtree(holdout / "docx-word", ignore_errors=True)
        for source in sources:
            document, formats = fodt(source.read_text(encoding="utf-8").splitlines())
            flat = work_dir / f"{source.stem}.fodt"
            flat.write_text(document, encoding="utf-8")
            for fmt in formats:
                wanted[fmt].append(flat)
            if "word" in formats:
                (holdout / "docx-word").mkdir(exist_ok=True)
                write_word(source.read_text(encoding="utf-8").splitlines(), holdout / "docx-word" / f"{source.stem}.docx")
        profile = f"-env:UserInstallation=file://{work_dir}/profile"
        for fmt, flats in wanted.items():
            folder, filter_name = FOLDERS[fmt]
            if filter_name is None:
                continue
            target = holdout / folder
            shutil.rmtree(target, ignore_errors=True)
            target.mkdir()
            if flats:
                subprocess.run(["soffice", profile, "--headless", "--convert-to", filter_name, "--outdir", str(target),
                                *map(str, flats)], check=True, capture_output=True, timeout=600)
                print(f"{folder}: {len(list(target.iterdir()))} files")


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else HOLDOUT)
