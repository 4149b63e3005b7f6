"""Word-like .docx pieces as county offices set them (GB/T 9704-2012 and the 简报 layouts), for the
import corpus (testsupport/office_issues.py). python-docx plus raw WordprocessingML where python-docx
has no API: East Asian fonts (w:eastAsia), paragraph borders (the red rule, a boxed 编者按), legacy
text boxes, borderless tables, header and footer fields. Never used by a build or by the import.

Sizes in points: 二号 22, 三号 16, 四号 14, 小初 36, 初号 42.
"""

from __future__ import annotations

import struct
import zlib
from io import BytesIO

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor

RED = "FF0000"
CENTER, RIGHT, LEFT, JUSTIFY = (WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT,
                                WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.JUSTIFY)
BODY_FONT, TITLE_FONT, KAI, HEI = "仿宋_GB2312", "方正小标宋简体", "楷体_GB2312", "黑体"


def font(run, name: str, size: float | None = None, bold: bool | None = None, color: str | None = None) -> None:
    """A run in an East Asian font, as Word writes it: ascii, hAnsi and eastAsia all named."""
    run.font.name = name
    rfonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    rfonts.set(qn("w:eastAsia"), name)
    if size:
        run.font.size = Pt(size)
    if bold is not None:
        run.bold = bold
    if color:
        run.font.color.rgb = RGBColor.from_string(color)


def para(container, text: str = "", name: str = BODY_FONT, size: float = 16, bold: bool | None = None,
         align=None, color: str | None = None, style: str | None = None, indent: bool = False,
         runs: list[tuple] | None = None):
    """A paragraph; `runs` = [(text, font, size, bold, color)] when it mixes fonts."""
    paragraph = container.add_paragraph(style=style)
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(size * 2)   # 首行缩进两字
    for piece in runs or [(text, name, size, bold, color)]:
        if piece[0]:
            font(paragraph.add_run(piece[0]), *piece[1:])
    return paragraph


def border(paragraph, sides: tuple[str, ...] = ("bottom",), color: str = RED, size: int = 18) -> None:
    """A paragraph border: the red rule under a masthead, or a box around a 编者按."""
    edges = "".join(f'<w:{side} w:val="single" w:sz="{size}" w:space="4" w:color="{color}"/>' for side in sides)
    paragraph._p.get_or_add_pPr().append(parse_xml(f"<w:pBdr {nsdecls('w')}>{edges}</w:pBdr>"))


def table_borders(table, visible: bool) -> None:
    """All borders on (a boxed 编者按) or none (a table used for layout)."""
    value = 'w:val="single" w:sz="8" w:color="000000"' if visible else 'w:val="nil"'
    edges = "".join(f"<w:{side} {value}/>" for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    properties = table._tbl.tblPr
    for old in properties.findall(qn("w:tblBorders")):
        properties.remove(old)
    properties.append(parse_xml(f"<w:tblBorders {nsdecls('w')}>{edges}</w:tblBorders>"))


def colophon_rules(table, color: str = "000000") -> None:
    """GB/T 9704's 版记: a rule above and below and between rows, none at the sides."""
    edges = (f'<w:top w:val="single" w:sz="8" w:color="{color}"/><w:bottom w:val="single" w:sz="8" w:color="{color}"/>'
             f'<w:insideH w:val="single" w:sz="4" w:color="{color}"/><w:left w:val="nil"/><w:right w:val="nil"/>'
             '<w:insideV w:val="nil"/>')
    table._tbl.tblPr.append(parse_xml(f"<w:tblBorders {nsdecls('w')}>{edges}</w:tblBorders>"))


def cell_text(cell, lines: list[tuple], align=None) -> None:
    """A cell's paragraphs: [(text, font, size, bold, color)]; the cell's empty first paragraph is used."""
    first = True
    for text, name, size, bold, color in lines:
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        if align is not None:
            paragraph.alignment = align
        font(paragraph.add_run(text), name, size, bold, color)


def layout_table(document, rows: int, cols: int):
    table = document.add_table(rows=rows, cols=cols)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table_borders(table, visible=False)
    return table


VML = "urn:schemas-microsoft-com:vml"
WORD_2010 = ('xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
             'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
             'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
             'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"')


def text_box(document, lines: list[tuple], height_pt: int = 150, modern: bool = False) -> None:
    """A text box in an empty paragraph, holding centred paragraphs: [(text, font, size, bold, color)].
    Legacy VML as older Word and WPS keep mastheads; `modern` as Word 2010+ saves one: a DrawingML
    shape with the same box again as a VML fallback, so its text is in the file twice."""
    body = ""
    for text, name, size, bold, color in lines:
        rpr = (f'<w:rFonts w:ascii="{name}" w:hAnsi="{name}" w:eastAsia="{name}"/>' + ("<w:b/>" if bold else "")
               + (f'<w:color w:val="{color}"/>' if color else "") + f'<w:sz w:val="{int(size * 2)}"/>')
        body += f'<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr>{rpr}</w:rPr><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'
    vml = (f'<w:pict><v:shape id="masthead" type="#_x0000_t202" style="width:430pt;height:{height_pt}pt" stroked="f">'
           f'<v:textbox><w:txbxContent>{body}</w:txbxContent></v:textbox></v:shape></w:pict>')
    if modern:
        cx, cy = 430 * 12700, height_pt * 12700                    # EMU
        drawing = (f'<w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{cx}" cy="{cy}"/>'
                   '<wp:docPr id="100" name="文本框 1"/><a:graphic><a:graphicData '
                   'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:cNvSpPr txBox="1"/>'
                   f'<wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect">'
                   '<a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln></wps:spPr>'
                   f'<wps:txbx><w:txbxContent>{body}</w:txbxContent></wps:txbx><wps:bodyPr wrap="square" anchor="t"/>'
                   '</wps:wsp></a:graphicData></a:graphic></wp:inline></w:drawing>')
        vml = (f'<mc:AlternateContent><mc:Choice Requires="wps">{drawing}</mc:Choice>'
               f'<mc:Fallback>{vml}</mc:Fallback></mc:AlternateContent>')
    xml = f'<w:r {nsdecls("w")} xmlns:v="{VML}" {WORD_2010}>{vml}</w:r>'
    document.add_paragraph()._p.append(parse_xml(xml))


def drawn_rule(document, color: str = RED) -> None:
    """The red rule drawn as a line shape rather than a paragraph border."""
    xml = (f'<w:r {nsdecls("w")} xmlns:v="{VML}"><w:pict><v:line id="rule" from="0,0" to="440pt,0" '
           f'strokecolor="#{color}" strokeweight="2.25pt"/></w:pict></w:r>')
    document.add_paragraph()._p.append(parse_xml(xml))


def field_run(paragraph, instruction: str, name: str = "宋体", size: float = 14) -> None:
    """A Word field (PAGE) as Word writes it: begin, instruction, separate, shown value, end."""
    w = nsdecls("w")
    for xml in (f'<w:fldChar {w} w:fldCharType="begin"/>',
                f'<w:instrText {w} xml:space="preserve"> {instruction} </w:instrText>',
                f'<w:fldChar {w} w:fldCharType="separate"/>', f"<w:t {w}>1</w:t>", f'<w:fldChar {w} w:fldCharType="end"/>'):
        run = paragraph.add_run()
        font(run, name, size)
        run._r.append(parse_xml(xml))


def header_footer(document, header: str | None, page_numbers: bool) -> None:
    section = document.sections[0]
    if header:
        paragraph = section.header.paragraphs[0]
        paragraph.alignment = CENTER
        font(paragraph.add_run(header), "宋体", 10.5)
        border(paragraph, color="000000", size=6)
    if page_numbers:
        paragraph = section.footer.paragraphs[0]
        paragraph.alignment = CENTER
        font(paragraph.add_run("— "), "宋体", 14)
        field_run(paragraph, "PAGE")
        font(paragraph.add_run(" —"), "宋体", 14)


def office_style(document, name: str, font_name: str, size: float, bold: bool = False) -> str:
    """An office's own paragraph style (e.g. 信息标题): centred, in the title font, not bold."""
    if name not in [style.name for style in document.styles]:
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles["Normal"]
        style.font.name = font_name
        style.font.size = Pt(size)
        style.font.bold = bold
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font_name)
        style.paragraph_format.alignment = CENTER
    return name


def a4_gbt9704(document) -> None:
    """A4, margins of GB/T 9704 (天头 37 mm, 订口 28 mm), Normal in 三号仿宋."""
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = document.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = Pt(16)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)


def png(width: int, height: int, colour: tuple[int, int, int] = (200, 40, 40)) -> BytesIO:
    """A plain RGB PNG (a photo stand-in) without an imaging library."""
    row = b"\x00" + bytes(colour) * width
    raw = zlib.compress(row * height, 9)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    data = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", raw) + chunk(b"IEND", b""))
    return BytesIO(data)


def jpeg_pdf(jpeg: bytes, width: int, height: int) -> bytes:
    """A one-page PDF holding only a JPEG image: a scanned issue, no text layer."""
    page_w, page_h = 595, 842
    content = f"q {page_w} 0 0 {page_h} 0 0 cm /Im0 Do Q".encode()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {page_w} {page_h}] "
               f"/Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>".encode(),
               f"<< /Type /XObject /Subtype /Image /Width {width} /Height {height} /ColorSpace /DeviceRGB "
               f"/BitsPerComponent 8 /Filter /DCTDecode /Length {len(jpeg)} >>\nstream\n".encode() + jpeg + b"\nendstream",
               f"<< /Length {len(content)} >>\nstream\n".encode() + content + b"\nendstream"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
