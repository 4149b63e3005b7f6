"""Text and item bodies into Typst markup.

A body arrives as the site's sanitized HTML (the same Markdown rendering the pages show, so the
paper and the page cannot read differently), and becomes Typst paragraphs: p, headings, bold and
emphasis, lists as numbered paragraphs, tables, line breaks. Everything else keeps its text only
(links print as their words: paper has no links; pictures as their captions). Text is escaped so that nothing in content can
become Typst code.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Every ASCII character Typst markup may read as syntax (#, *, _, $, `, @, <, [, //, =, -, +, ~, ', "...)
# is escaped; a backslash escapes any of them.
_SPECIAL = re.compile(r"""([\\#*_$`@<>\[\]/=\-+~'".:{}()|&^%!?;,])""")
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")


def text(value: str) -> str:
    """Plain text as Typst markup: specials escaped, runs of white space one space (none between
    two Chinese characters, where a line break in the source is not a space)."""
    value = re.sub(r"[ \t\r\n\f\v]+", " ", value or "")   # not U+3000: 签发：王志刚　责任编辑 keeps its space
    value = re.sub(r"(?<=[\u2e80-\u9fff\uff00-\uffef\u3000-\u303f]) (?=[\u2e80-\u9fff\uff00-\uffef\u3000-\u303f])", "", value)
    return _SPECIAL.sub(r"\\\1", value)


def string(value: str) -> str:
    """A Typst string literal."""
    return '"' + (value or "").replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def content(value: str) -> str:
    """A Typst content block `[...]` holding the text."""
    return f"[{text(value)}]"


BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "div", "table", "ul", "ol", "tr", "dl", "dt", "dd"}


class _Body(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[tuple[str, str]] = []   # (kind, Typst markup): "par" and "heading" hold words, "table" a call
        self.line: list[str] = []           # the paragraph being built
        self.kind = "p"
        self.lists: list[list] = []         # [tag, counter] per open list
        self.table: list[list[str]] | None = None
        self.cell: list[str] | None = None
        self.header_rows = 0
        self.in_head = False

    # -- paragraphs --------------------------------------------------------------------------
    def flush(self):
        words = "".join(self.line).strip()
        self.line = []
        if not words:
            return
        if self.kind in ("h1", "h2", "h3", "h4", "h5", "h6") or _bold_only(words):
            self.out.append(("heading", _unbold(words)))
        else:
            self.out.append(("par", words))

    def handle_starttag(self, tag, attrs):
        if self.table is not None:
            if tag == "tr":
                self.table.append([])
            elif tag in ("td", "th"):
                self.cell = []
            elif tag == "thead":
                self.in_head = True
            return
        if tag in BLOCKS:
            self.flush()
            self.kind = tag
        if tag == "table":
            self.table, self.header_rows = [], 0
        elif tag in ("ul", "ol"):
            self.lists.append([tag, 0])
        elif tag == "li" and self.lists:
            self.lists[-1][1] += 1
            tag_name, number = self.lists[-1]
            self.line.append(f"{number}．" if tag_name == "ol" else "• ")
        elif tag in ("strong", "b"):
            self.line.append("#strong[")
        elif tag in ("em", "i"):
            self.line.append("#emph[")
        elif tag == "br":
            self.line.append(" \\\n")
        elif tag == "img":   # a picture prints as its caption (［图1］): paper keeps the words
            alt = dict(attrs).get("alt")
            if alt:
                self.line.append(text(f"［{alt}］"))

    def handle_endtag(self, tag):
        if self.table is not None:
            if tag in ("td", "th") and self.cell is not None and self.table:
                self.table[-1].append("".join(self.cell).strip())
                self.cell = None
            elif tag == "thead":
                self.in_head = False
                self.header_rows = len(self.table)
            elif tag == "table":
                table = _table(self.table, self.header_rows)
                if table:
                    self.out.append(("table", table))
                self.table = None
            return
        if tag in ("strong", "b", "em", "i"):
            self.line.append("]")
        elif tag in ("ul", "ol") and self.lists:
            self.flush()
            self.lists.pop()
        elif tag in BLOCKS:
            self.flush()
            self.kind = "p"

    def handle_data(self, data):
        target = self.cell if self.cell is not None else self.line
        if self.table is not None and self.cell is None:
            return
        target.append(text(data))


_BOLD_ONLY = re.compile(r"^#strong\[([^\[\]]*)\]$")


def _bold_only(words: str) -> bool:
    """A paragraph that is only a bold lead (**存在的主要问题**) is a heading: it stays with what follows."""
    return bool(_BOLD_ONLY.match(words))


def _unbold(words: str) -> str:
    match = _BOLD_ONLY.match(words)
    return match.group(1) if match else words


def _table(rows: list[list[str]], header_rows: int) -> str:
    rows = [row for row in rows if row]
    if not rows:
        return ""
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    head, rest = (rows[:header_rows or 1], rows[header_rows or 1:])
    cells = lambda row: "(" + "".join(f"[{cell}], " for cell in row) + ")"
    return (f"#grid-table(columns: {width}, header: {cells(head[0])}, "
            f"rows: ({''.join(cells(row) + ', ' for row in rest)}))\n")


def _parsed(html: str) -> list[tuple[str, str]]:
    parser = _Body()
    parser.feed(str(html or ""))
    parser.close()
    parser.flush()
    return parser.out


_CALL = {"par": "#par[{}]\n", "heading": "#heading-line[{}]\n", "table": "{}"}


def blocks(html: str) -> list[str]:
    """An item body's (or a foreword's) HTML as Typst paragraphs, one string each."""
    return [_CALL[kind].format(words) for kind, words in _parsed(html)]


def body(html: str) -> str:
    return "".join(blocks(html))


def run_in(html: str) -> tuple[str, list[str]]:
    """A foreword printed after 编者按：: its paragraphs' and headings' words as one run of text, as
    the page shows them (.bl-foreword p is inline), and apart, after it, what cannot run in (tables)."""
    parsed = _parsed(html)
    return ("".join(words for kind, words in parsed if kind != "table"),
            [_CALL[kind].format(words) for kind, words in parsed if kind == "table"])
