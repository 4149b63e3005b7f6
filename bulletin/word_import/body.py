"""What stands between an issue's masthead and colophon: the 编者按, the 目录 and the items.

Each item is a title (as `layout` tells one by how it looks, the rule kept for the review) with a
——subtitle where it has one, followed by its byline and body; a byline (`bylines`) may also stand at
the item's foot or before the title's colon (“林双县：……”). Separators (★ ★ ★, ————) are never text. A sub-heading that reads as a title of its own is put back
into its item (`_subheadings`). What cannot be told for sure is written into the item's `notes`.
"""

from __future__ import annotations

import re
from enum import Enum

from bulletin.word_import import bylines, patterns
from bulletin.word_import.blocks import Block, Paragraph, Table
from bulletin.word_import.imported import ImportedIssue, ImportedItem
from bulletin.word_import.layout import Looks
from bulletin.word_import.markdown import escape
from bulletin.word_import.patterns import plain

_FOREWORD_LABEL = re.compile(r"^[【\[(〔]?(编者按|编者的话)[】\])〕]?[:：]?")
_TOC_HEADS = {"目录", "本期目录", "本期要目", "要目", "目次", "本期导读", "本期内容", "本期提要"}
_TOC_ENTRY_NUMBER = re.compile(r"^(\d+[.、．]|[一二三四五六七八九十]+、|[(（][一二三四五六七八九十\d]+[)）]|[★☆◆●■▲※·•]\s*)\s*")
# the leader dots or spaces and the page number after a 目录 entry; digits ending a title stay
_TOC_ENTRY_PAGE = re.compile(r"[\s.·…．]+\d*\s*$")
_NOTED = 20
_LEAD_BYLINE = re.compile(r"^\s*[【〔][^】〕]{2,40}[】〕]")
_LEAD_MARKDOWN = re.compile(r"^\s*(\*\*)?[【〔][^】〕]{2,40}[】〕](\*\*)?\s*")
_SUBTITLE = re.compile(r"^\s*[—–-]{1,2}")
_CN_DIGITS = "一二三四五六七八九十"
# a serial set before each title (“一、”, “【1】”, “1.”, “（一）”): layout, not title; the kinds by their form
_SERIAL = re.compile(rf"^\s*(?:(?P<cn>[{_CN_DIGITS}]+)、|[【\[〔［](?P<bracket>\d+)[】\]〕］]|(?P<dot>\d+)[.、．](?!\d)"
                     rf"|[（(](?P<paren>[{_CN_DIGITS}]+)[）)])\s*(?=\S)")


def toc_head(text: str) -> bool:
    return plain(text) in _TOC_HEADS


def starts_foreword(text: str) -> bool:
    return bool(_FOREWORD_LABEL.match(plain(text)))


def read_body(blocks: list[Block], issue: ImportedIssue, is_unit, looks: Looks) -> None:
    """Reads the blocks between masthead and colophon into `issue`; `is_unit(text)` says whether a
    text names a known unit (a byline at the foot, a “林双县：” title prefix)."""
    reader = _BodyReader(issue, looks, is_unit)
    for block in blocks:
        if isinstance(block, Paragraph) and not block.images and not block.footnotes and (
                not block.text or patterns.is_rule(block.text)):
            continue   # separators (★ ★ ★, ————) and empty lines are never text
        reader.read(block)
    for item in issue.items:
        bylines.closing(item, is_unit, looks.profile)
        bylines.title_prefix(item, is_unit)
    _subheadings(issue)
    for item in issue.items:
        if item.footnotes:   # after the foot byline is taken: the notes end the body, as printed
            item.body += [escape(f"注：{note}") for note in item.footnotes]
            item.notes.append(f"有脚注 {len(item.footnotes)} 条，已作为“注：”移至正文末尾")
    _serials(issue)


class _Part(Enum):
    """Where the reading stands: what a paragraph that is not a title belongs to."""

    FRONT = "front"         # nothing recognised yet: such a paragraph is noted, not imported
    FOREWORD = "foreword"   # after “编者按：”
    TOC = "toc"             # after “目录”: each paragraph an entry
    ITEMS = "items"         # from the first title on: the item's byline or body


class _BodyReader:
    """The blocks between masthead and colophon, one at a time: the 编者按 and the 目录 (each only
    before the first title), then the items, each a title with its byline and body."""

    def __init__(self, issue: ImportedIssue, looks: Looks, is_unit):
        self.issue = issue
        self.looks = looks
        self.is_unit = is_unit
        self.title_level = looks.title_level
        self.part = _Part.FRONT
        self.item: ImportedItem | None = None
        self.after_title = False   # the block before was the item's title
        self.in_list = False       # the block before was a list paragraph
        self.unread = 0            # paragraphs before the first title past the first _NOTED

    def read(self, block: Block) -> None:
        if self.part is not _Part.ITEMS and self._foreword_or_toc(block):
            return
        rule = self.looks.title_rule(block)
        if rule and self._subtitle(block):
            return
        if rule:
            self._title(block, rule)
        elif self.after_title and self._subtitle(block):
            return
        elif self.part is _Part.FOREWORD:
            self.issue.foreword.append(_markdown(block, self.title_level))
        elif self.item is None:
            self._unread(block)
        else:
            self._item_text(block)

    def _unread(self, block: Block) -> None:
        """Noted for the review, the first few one by one, the rest counted in the last note."""
        notes = self.issue.notes
        if len(notes) < _NOTED:
            notes.append(f"报头后未识别的文字，未导入：“{_short(_text(block) or ' '.join(block.lines))}”")
        else:
            self.unread += 1
            notes[_NOTED:] = [f"报头后另有 {self.unread} 段未识别的文字，未导入"]

    def _foreword_or_toc(self, block: Block) -> bool:
        """Takes the 编者按 label, the 目录 head and the 目录's entries; says whether it took the block."""
        text = _text(block)
        if _FOREWORD_LABEL.match(plain(text)):
            self.part = _Part.FOREWORD
            if _FOREWORD_LABEL.sub("", plain(text), count=1):   # the foreword's first paragraph, after its label
                self.issue.foreword.append(_after_label(block.markdown))
            return True
        if toc_head(text):
            self.part = _Part.TOC
            return True
        if self.part is _Part.TOC and not self.looks.title_rule(block) and not _repeats_toc(text, self.issue.toc):
            if entry := _toc_entry(text):
                self.issue.toc.append(entry)
            return True
        return False

    def _title(self, block: Paragraph, rule: str) -> None:
        item = self.item
        if (item is not None and self.after_title and not item.body and item.byline is None
                and _continues_title(item, block.text, self.issue.toc)):
            item.title += block.text   # a title set on two lines
            item.printed_title = item.title
            item.notes.append("标题分两行印，已合为一行")
            return
        self.item = ImportedItem(block.text, None, rule=rule)
        self.issue.items.append(self.item)
        self.part, self.after_title = _Part.ITEMS, True

    def _subtitle(self, block: Block) -> bool:
        """“——记北岭镇……” centred right under the title (in any size or font): the title's subtitle."""
        item = self.item
        if not (self.after_title and item is not None and not item.body and item.byline is None
                and isinstance(block, Paragraph) and block.centred and _SUBTITLE.match(block.text)):
            return False
        item.title = f"{item.title}{block.text.strip()}"   # the 目录 lists the main title: printed_title stays
        item.notes.append("标题有副标题（——），已接在主标题后")
        return True

    def _item_text(self, block: Block) -> None:
        """A block under a title: the byline (under the title, or one saying 供稿), or the body."""
        item = self.item
        paragraph = block if isinstance(block, Paragraph) else None   # a byline is never in a table
        byline = bylines.parse(block.text, self.is_unit, self.looks.profile, bare=self.after_title) if paragraph else None
        is_list = bool(paragraph and paragraph.list_kind)
        if paragraph and paragraph.footnotes:
            item.footnotes += paragraph.footnotes
            if not paragraph.text and not paragraph.images:
                return
        if paragraph and paragraph.images:
            item.images += paragraph.images
            item.body += [f"［图{len(item.images) - len(paragraph.images) + k}］" for k in range(1, len(paragraph.images) + 1)]
            if not paragraph.text:
                self.in_list, self.after_title = False, False
                return
        if paragraph and byline is None and item.byline is None and not item.body and (lead := _LEAD_BYLINE.match(block.text)):
            # “【石桥乡】石桥乡以……”: the byline opens the first paragraph
            byline = bylines.parse(lead.group(0), self.is_unit, self.looks.profile)
            if byline:
                item.byline = byline
                item.body.append(_LEAD_MARKDOWN.sub("", _markdown(block, self.title_level), count=1))
                self.in_list, self.after_title = False, False
                return
        if byline and item.byline is None and (self.after_title or byline.kind == "供稿"):
            byline.foot = not self.after_title
            item.byline = byline
        elif is_list and self.in_list and item.body:
            item.body[-1] += "\n" + _markdown(block, self.title_level)   # one list, not one list per item
        else:
            item.body.append(_markdown(block, self.title_level))
            item.tail_right = bool(paragraph and paragraph.right)
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
            previous.footnotes += item.footnotes
            previous.notes.append(f"“{item.title}”无报送单位{'、不在目录中' if not listed else ''}，作为文中小标题并入本篇")
            continue
        if previous is not None and previous.byline is None and item.byline and item.byline.foot and not listed:
            previous.body += [f"**{item.title}**", *item.body]
            previous.footnotes += item.footnotes
            previous.byline = item.byline
            previous.notes.append(f"“{item.title}”作为文中小标题并入本篇（报送单位在其后）")
            continue
        merged.append(item)
    issue.items = merged


def _serials(issue: ImportedIssue) -> None:
    """Titles numbered in front, 一、二、三、 or 【1】【2】: the serial is taken off, but only where
    every title of the issue has one of the same form counting up from one (a title that begins
    with a numeral word, “三大举措……”, has no 、 after it, and one numbered alone is not a run)."""
    found = [_SERIAL.match(item.title) for item in issue.items]
    if len(found) < 2 or not all(found):
        return
    kinds = {next(kind for kind, value in match.groupdict().items() if value) for match in found}
    values = [patterns.number(next(value for value in match.groupdict().values() if value)) for match in found]
    if len(kinds) != 1 or values != list(range(1, len(found) + 1)):
        return
    for item, match in zip(issue.items, found):
        item.title = item.title[match.end():]
        item.printed_title = item.printed_title[match.end():] if _SERIAL.match(item.printed_title) else item.printed_title


def title_key(title: str) -> str:
    """A title to compare with a 目录 entry: without spaces or a serial set before it."""
    match = _SERIAL.match(title)
    return "".join((title[match.end():] if match else title).split())


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


def _short(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[:limit] + "…"
