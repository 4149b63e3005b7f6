"""What stands between an issue's masthead and colophon: the 编者按, the 目录 and the items.

Each item is a title (the issue's Word headings of the highest level, or its bold centred paragraphs
where it uses no headings) followed by its byline and body; a byline may also stand at the item's foot
or before the title's colon (“林双县：……”). A sub-heading that reads as a title of its own is put back
into its item (`_subheadings`). What cannot be told for sure is written into the item's `notes`.
"""

from __future__ import annotations

import re
from enum import Enum

from bulletin.word_import.blocks import Block, Paragraph, Table
from bulletin.word_import.imported import Byline, ImportedIssue, ImportedItem
from bulletin.word_import.patterns import plain

_FOREWORD = re.compile(r"^[【\[(]?编者按[】\])]?[:]?")
_TOC_HEADS = {"目录", "本期目录", "本期要目", "要目", "目次", "本期导读"}
_BYLINE = re.compile(r"^\((.+)\)$")
_BYLINE_WORDS = re.compile(r"(供稿|来稿|报送|提供|供)$")
_BYLINE_LABEL = re.compile(r"^(供稿单位|报送单位|来源|供稿)[:]")
_TITLE_PREFIX = re.compile(r"^([^:：]{2,16})[:：](.+)$")
_UNIT_ENDINGS = ("县", "市", "区", "旗", "局", "委", "办", "乡", "镇", "街道", "厅", "院", "公司", "中心", "政府", "办公室", "所")
_PERSON = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
_TOC_ENTRY_NUMBER = re.compile(r"^(\d+[.、．]|[一二三四五六七八九十]+、|[(（][一二三四五六七八九十\d]+[)）])\s*")
# the leader dots or spaces and the page number after a 目录 entry; digits ending a title stay
_TOC_ENTRY_PAGE = re.compile(r"[\s.·…．]+\d*\s*$")


def read_body(blocks: list[Block], issue: ImportedIssue, is_unit) -> None:
    """Reads the blocks between masthead and colophon into `issue`; `is_unit(text)` says whether a
    text names a known unit (a byline at the foot, a “林双县：” title prefix)."""
    reader = _BodyReader(issue, blocks)
    for block in blocks:
        if isinstance(block, Paragraph) and not block.text:
            continue
        reader.read(block)
    for item in issue.items:
        _closing_byline(item, is_unit)
        _title_prefix(item, is_unit)
    _subheadings(issue)


class _Part(Enum):
    """Where the reading stands: what a paragraph that is not a title belongs to."""

    FRONT = "front"         # nothing recognised yet: such a paragraph is noted, not imported
    FOREWORD = "foreword"   # after “编者按：”
    TOC = "toc"             # after “目录”: each paragraph an entry
    ITEMS = "items"         # from the first title on: the item's byline or body


class _BodyReader:
    """The blocks between masthead and colophon, one at a time: the 编者按 and the 目录 (each only
    before the first title), then the items, each a title with its byline and body."""

    def __init__(self, issue: ImportedIssue, blocks: list[Block]):
        self.issue = issue
        # Titles are the issue's Word headings of the highest level where it has any (deeper ones are
        # sub-headings in an item), else its bold centred paragraphs.
        self.title_level = min((b.heading for b in blocks if isinstance(b, Paragraph) and b.heading), default=0)
        self.part = _Part.FRONT
        self.item: ImportedItem | None = None
        self.after_title = False   # the block before was the item's title
        self.in_list = False       # the block before was a list paragraph

    def read(self, block: Block) -> None:
        if self.part is not _Part.ITEMS and self._foreword_or_toc(block):
            return
        if self._is_title(block):
            self._title(block)
        elif self.part is _Part.FOREWORD:
            self.issue.foreword.append(_markdown(block, self.title_level))
        elif self.item is None:
            self.issue.notes.append(f"报头后未识别的文字，未导入：“{_short(_text(block) or ' '.join(block.lines))}”")
        else:
            self._item_text(block)

    def _is_title(self, block: Block) -> bool:
        if not isinstance(block, Paragraph) or not block.text or block.toc:
            return False
        if self.title_level:
            return block.heading == self.title_level
        return block.centred and block.bold and len(block.text) <= 80

    def _foreword_or_toc(self, block: Block) -> bool:
        """Takes the 编者按 label, the 目录 head and the 目录's entries; says whether it took the block."""
        text = _text(block)
        if _FOREWORD.match(plain(text)):
            self.part = _Part.FOREWORD
            if _FOREWORD.sub("", plain(text), count=1):   # the foreword's first paragraph, after its label
                self.issue.foreword.append(_after_label(block.markdown))
            return True
        if plain(text) in _TOC_HEADS:
            self.part = _Part.TOC
            return True
        if self.part is _Part.TOC and not self._is_title(block) and not _repeats_toc(text, self.issue.toc):
            if entry := _toc_entry(text):
                self.issue.toc.append(entry)
            return True
        return False

    def _title(self, block: Paragraph) -> None:
        item = self.item
        if (item is not None and self.after_title and not item.body and item.byline is None
                and _continues_title(item, block.text, self.issue.toc)):
            item.title += block.text   # a title set on two lines
            item.printed_title = item.title
            item.notes.append("标题分两行印，已合为一行")
            return
        self.item = ImportedItem(block.text, None)
        self.issue.items.append(self.item)
        self.part, self.after_title = _Part.ITEMS, True

    def _item_text(self, block: Block) -> None:
        """A block under a title: the byline (under the title, or one saying 供稿), or the body."""
        item = self.item
        byline = _byline(block.text) if isinstance(block, Paragraph) else None   # never in a table
        is_list = isinstance(block, Paragraph) and bool(block.list_kind)
        if byline and item.byline is None and (self.after_title or _byline_words(byline)):
            byline.foot = not self.after_title
            item.byline = byline
        elif is_list and self.in_list and item.body:
            item.body[-1] += "\n" + _markdown(block, self.title_level)   # one list, not one list per item
        else:
            item.body.append(_markdown(block, self.title_level))
        self.in_list, self.after_title = is_list, False


def _text(block: Block) -> str:
    """A paragraph's text; a table has none of its own."""
    return block.text if isinstance(block, Paragraph) else ""


def _subheadings(issue: ImportedIssue) -> None:
    """A bold centred sub-heading inside an item reads as a title of its own, without a byline.
    Such a “title” not in the 目录, or with no byline where its neighbour has the item's (the one
    under the title before it, or the one at the foot of the part after it), is put back into
    that item as a bold paragraph, and the review says so."""
    toc = {title_key(entry) for entry in issue.toc}
    merged: list[ImportedItem] = []
    for item in issue.items:
        previous = merged[-1] if merged else None
        listed = title_key(item.printed_title) in toc
        # with a 目录, it alone tells titles from sub-headings; without one, the bylines do
        if previous is not None and item.byline is None and (
                not listed if toc else bool(previous.byline and not previous.byline.foot)):
            previous.body += [f"**{item.title}**", *item.body]
            previous.notes.append(f"“{item.title}”无报送单位{'、不在目录中' if not listed else ''}，作为文中小标题并入本篇")
            continue
        if previous is not None and previous.byline is None and item.byline and item.byline.foot and not listed:
            previous.body += [f"**{item.title}**", *item.body]
            previous.byline = item.byline
            previous.notes.append(f"“{item.title}”作为文中小标题并入本篇（报送单位在其后）")
            continue
        merged.append(item)
    issue.items = merged


def title_key(title: str) -> str:
    return "".join(title.split())


def _continues_title(item: ImportedItem, text: str, toc: list[str]) -> bool:
    """A second title line right under the first: the rest of a long title (or its ——subtitle),
    unless it is numbered like a sub-heading (一、 (一) 1.) or the 目录 lists the first line alone."""
    if _TOC_ENTRY_NUMBER.match(text):
        return False
    keys = {title_key(entry) for entry in toc}
    return not (keys and title_key(item.printed_title) in keys)


def _after_label(markdown: str) -> str:
    """The foreword's first paragraph without its 编者按： label (bold or not)."""
    return re.sub(r"^(\*\*)?[【\[（(]?编者按[】\]）)]?[:：]?(\*\*)?[:：]?\s*", "", markdown)


def _repeats_toc(text: str, toc: list[str]) -> bool:
    """The first item's title, printed again after the 目录, ends the 目录 where titles look plain."""
    return bool(toc) and _toc_entry(text) == toc[0]


def _toc_entry(text: str) -> str:
    return _TOC_ENTRY_PAGE.sub("", _TOC_ENTRY_NUMBER.sub("", text.strip())).strip()


def _markdown(block: Block, title_level: int) -> str:
    if isinstance(block, Table):
        return _table_markdown(block)
    if block.heading and block.heading != title_level and not block.bold:
        return f"**{block.markdown}**"   # a sub-heading within an item
    if block.list_kind == "bullet":
        return f"- {block.markdown}"
    if block.list_kind == "number":
        return f"1. {block.markdown}"
    return block.markdown


def _table_markdown(table: Table) -> str:
    width = max(len(row) for row in table.rows)
    rows = [row + [""] * (width - len(row)) for row in table.rows]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + " --- |" * width]
    lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
    return "\n".join(lines)


def _byline(text: str) -> Byline | None:
    match = _BYLINE.match(plain(text))
    if not match:
        return None
    inner = _BYLINE_LABEL.sub("", match.group(1))
    kind = "供稿" if _BYLINE_WORDS.search(inner) else "括注"
    inner = _BYLINE_WORDS.sub("", inner)
    # spaces separate the unit from its authors: （林双县政府办 王明 李华）
    words = text.strip().strip("（）()").split()
    if len(words) > 1 and all(_PERSON.match(w) for w in words[1:]):
        unit_text, authors = _BYLINE_WORDS.sub("", _BYLINE_LABEL.sub("", words[0])), words[1:]
    else:
        unit_text, authors = inner, []
    units = [u for u in re.split(r"[、,，]", unit_text) if u]
    return Byline(units, authors, text.strip(), kind) if units else None


def _byline_words(byline: Byline) -> bool:
    return byline.kind == "供稿"


def _closing_byline(item: ImportedItem, is_unit) -> None:
    """A byline set at the foot of the item, right-aligned: “（林双县人民政府办公室）”; only when it
    says 供稿 or names a unit, so that a closing “（完）” stays text."""
    if item.byline is None and item.body:
        byline = _byline(_unescape(item.body[-1]))
        if byline and (_byline_words(byline) or is_unit(byline.units[0])):
            byline.foot = True
            item.byline = byline
            item.body.pop()


def _unescape(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown.replace("**", ""))


def _title_prefix(item: ImportedItem, is_unit) -> None:
    """“林双县：今年棉花……”: the unit before the colon, when it names a unit or looks like one."""
    match = _TITLE_PREFIX.match(item.title)
    if not match:
        return
    prefix = match.group(1).strip()
    if is_unit(prefix) or (item.byline is None and prefix.endswith(_UNIT_ENDINGS)):
        if item.byline is None:
            item.byline = Byline([prefix], [], f"{prefix}：", "标题前缀")
        item.title = match.group(2).strip()


def _short(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[:limit] + "…"
