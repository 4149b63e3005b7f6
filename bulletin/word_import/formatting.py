"""What a paragraph and its runs look like on the page: size, weight, font, alignment, border,
resolved through the run, its character style, the paragraph style and the styles they are based
on, and the document's defaults, as Word does.

Read from python-docx's lxml elements by their attributes, never through python-docx's enums: an
alignment LibreOffice writes (`start`, `end`, python-docx#1473) or any other value python-docx does
not map is kept as the text it is and can never stop a file.
"""

from __future__ import annotations

from dataclasses import dataclass

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {
    "w": W,
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "v": "urn:schemas-microsoft-com:vml",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
}
_OFF = {"0", "false", "off", "none"}


def w(name: str) -> str:
    """The Clark name of a WordprocessingML element or attribute (`w("p")`)."""
    return f"{{{W}}}{name}"


def val(element, default: str | None = None) -> str | None:
    return element.get(w("val"), default) if element is not None else default


def on(element) -> bool | None:
    """A toggle property (<w:b/>, <w:b w:val="0"/>): None when not set."""
    if element is None:
        return None
    return val(element, "1").lower() not in _OFF


@dataclass(frozen=True)
class RunLook:
    size: float | None     # points
    bold: bool
    font: str              # the East Asian font where one is named, else the Latin one


@dataclass(frozen=True)
class _StyleLook:
    name: str
    size: float | None
    bold: bool | None
    font: str
    alignment: str | None
    bordered: bool | None
    outline: int | None    # w:outlineLvl + 1, a heading level given by the style itself


class Styles:
    """The document's styles by id, each resolved once (through `basedOn`) and kept."""

    def __init__(self, styles_element):
        self._elements = {}
        self._default_paragraph = None
        self._defaults = _StyleLook("", None, None, "", None, None, None)
        if styles_element is None:
            self._resolved = {}
            return
        for style in styles_element.findall(w("style")):
            style_id = style.get(w("styleId"))
            self._elements[style_id] = style
            if style.get(w("type")) == "paragraph" and style.get(w("default")) in ("1", "true", "on"):
                self._default_paragraph = style_id
        rpr = styles_element.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}")
        ppr = styles_element.find(f"{w('docDefaults')}/{w('pPrDefault')}/{w('pPr')}")
        self._defaults = _look("", rpr, ppr)
        self._resolved: dict[str | None, _StyleLook] = {}

    def paragraph_style(self, style_id: str | None) -> _StyleLook:
        return self.style(style_id or self._default_paragraph)

    def style(self, style_id: str | None) -> _StyleLook:
        if style_id in self._resolved:
            return self._resolved[style_id]
        chain, seen = [], set()
        current = style_id
        while current and current in self._elements and current not in seen:   # a basedOn loop ends
            seen.add(current)
            element = self._elements[current]
            chain.append(element)
            current = val(element.find(w("basedOn")))
        look = self._defaults
        for element in reversed(chain):
            name = val(element.find(w("name")), "") or ""
            look = _merge(look, _look(name, element.find(w("rPr")), element.find(w("pPr"))))
        if chain:
            look = _StyleLook(val(chain[0].find(w("name")), "") or "", look.size, look.bold, look.font,
                              look.alignment, look.bordered, look.outline)
        self._resolved[style_id] = look
        return look

    def run(self, run, paragraph_look: _StyleLook) -> RunLook:
        """A run's look: its own properties over its character style over the paragraph's."""
        rpr = run.find(w("rPr"))
        own = _look("", rpr, None)
        character = self.style(val(rpr.find(w("rStyle")))) if rpr is not None and rpr.find(w("rStyle")) is not None else None
        look = paragraph_look
        if character is not None:
            look = _merge(look, character)
        look = _merge(look, own)
        return RunLook(look.size, bool(look.bold), look.font)


def _look(name: str, rpr, ppr) -> _StyleLook:
    size = bold = None
    font = ""
    if rpr is not None:
        size_element = rpr.find(w("sz"))
        if size_element is not None:
            try:
                size = int(val(size_element, "0")) / 2
            except ValueError:
                size = None
        bold = on(rpr.find(w("b")))
        fonts = rpr.find(w("rFonts"))
        if fonts is not None:
            font = fonts.get(w("eastAsia")) or fonts.get(w("ascii")) or fonts.get(w("hAnsi")) or ""
    alignment = bordered = outline = None
    if ppr is not None:
        alignment = val(ppr.find(w("jc")))
        border = ppr.find(w("pBdr"))
        if border is not None:
            bordered = any(val(side, "none") not in ("none", "nil") for side in border)
        level = val(ppr.find(w("outlineLvl")))
        if level is not None and level.isdigit() and int(level) < 9:
            outline = int(level) + 1
    return _StyleLook(name, size, bold, font, alignment, bordered, outline)


def _merge(under: _StyleLook, over: _StyleLook) -> _StyleLook:
    def pick(a, b):
        return b if b is not None and b != "" else a
    return _StyleLook(pick(under.name, over.name), pick(under.size, over.size), pick(under.bold, over.bold),
                      pick(under.font, over.font), pick(under.alignment, over.alignment),
                      pick(under.bordered, over.bordered), pick(under.outline, over.outline))


def paragraph_look(paragraph, styles: Styles) -> _StyleLook:
    """The paragraph's own pPr over its style's."""
    ppr = paragraph.find(w("pPr"))
    style = styles.paragraph_style(val(ppr.find(w("pStyle"))) if ppr is not None else None)
    if ppr is None:
        return style
    own = _look("", None, ppr)   # pPr's own rPr is the paragraph mark's, not its text's
    return _merge(style, own)
