"""Blocks of one Word issue into what it says: masthead, 编者按, 目录, items with bylines, colophon.

The layout follows the printed bulletin (DOMAIN.md, "An issue as it looks on paper"): the masthead
lines first, the colophon lines last, the items between, each a title (a Word heading, or a bold
centred paragraph where the issue uses no headings) followed by its byline and body. What cannot be
told for sure is written into `notes`, for the review list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from bulletin.word_import import patterns
from bulletin.word_import.blocks import Block, Paragraph, Table
from bulletin.word_import.patterns import plain
from bulletin.markings import folded, is_classified
from bulletin.model import Settings

_FOREWORD = re.compile(r"^[【\[(]?编者按[】\])]?[:]?")
_TOC_HEADS = {"目录", "本期目录", "本期要目", "要目", "目次", "本期导读"}
_SIGNER = re.compile(r"签发人?\s*[:：]\s*([^\s:：]+)")
_EDITOR = re.compile(r"(?:责任编辑|责编|编辑)\s*[:：]\s*([^\s:：]+)")
_DISTRIBUTION = re.compile(r"^\s*(报|送|发|抄送|抄报|主送|分送)\s*[:：]\s*(.+?)\s*$")
_COPIES = re.compile(r"印数\s*[:：]?\s*(\d+)|共印\s*(\d+)\s*份|印\s*(\d+)\s*份")
_BYLINE = re.compile(r"^\((.+)\)$")
_BYLINE_WORDS = re.compile(r"(供稿|来稿|报送|提供|供)$")
_BYLINE_LABEL = re.compile(r"^(供稿单位|报送单位|来源|供稿)[:]")
_TITLE_PREFIX = re.compile(r"^([^:：]{2,16})[:：](.+)$")
_UNIT_ENDINGS = ("县", "市", "区", "旗", "局", "委", "办", "乡", "镇", "街道", "厅", "院", "公司", "中心", "政府", "办公室", "所")
_PERSON = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
_TOC_ENTRY_NUMBER = re.compile(r"^(\d+[.、．]|[一二三四五六七八九十]+、|[(（][一二三四五六七八九十\d]+[)）])\s*")
# the leader dots or spaces and the page number after a 目录 entry; digits ending a title stay
_TOC_ENTRY_PAGE = re.compile(r"[\s.·…．]+\d*\s*$")
# Masthead words besides the facts: what may be left on a masthead line once those are taken away
_MASTHEAD_WORDS = re.compile(r"编印|主办|编|印|出版|第|期|增刊|年|[()《》〈〉【】\[\],，.。:：、/]")
_LEFTOVER = 4
_LONGEST_NAME = 30


@dataclass
class Byline:
    units: list[str]        # the unit names as printed: the submitting unit, then any joint ones
    authors: list[str]
    printed: str            # the byline as it stands in the file
    kind: str               # 括注 / 供稿 / 标题前缀
    foot: bool = False      # set at the item's foot, after its body


@dataclass
class ImportedItem:
    title: str
    byline: Byline | None
    body: list[str] = field(default_factory=list)   # Markdown blocks
    notes: list[str] = field(default_factory=list)
    printed_title: str = ""                          # as printed, a “林双县：” prefix included

    def __post_init__(self):
        self.printed_title = self.printed_title or self.title

    @property
    def markdown(self) -> str:
        return "\n\n".join(self.body)


@dataclass
class ImportedIssue:
    series_names: list[str] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)
    totals: list[int] = field(default_factory=list)
    dates: list[date] = field(default_factory=list)
    supplement: bool = False
    signer: str | None = None
    editor: str | None = None
    marking: str | None = None
    classified: str | None = None
    foreword: list[str] = field(default_factory=list)
    toc: list[str] = field(default_factory=list)
    items: list[ImportedItem] = field(default_factory=list)
    distribution: dict[str, str] = field(default_factory=dict)
    printed_on: date | None = None
    copies: int | None = None
    notes: list[str] = field(default_factory=list)


def recognise(blocks: list[Block], settings: Settings, is_unit) -> ImportedIssue:
    """`is_unit(text)` says whether a text names a known unit (for the “林双县：” title prefix)."""
    issue = ImportedIssue()
    start = _masthead(blocks, issue, settings)
    end = _colophon(blocks, start, issue)
    _body(blocks[start:end], issue, is_unit)
    return issue


# -- masthead ----------------------------------------------------------------------------------

def _masthead(blocks: list[Block], issue: ImportedIssue, settings: Settings) -> int:
    """Reads masthead lines from the top; returns the index of the first block that is not one."""
    series = {plain(s.name): s.name for s in settings.series.values()}
    markings = {folded(m): m for m in settings.markings}
    publisher = plain(settings.publisher)
    for index, block in enumerate(blocks):
        lines = block.lines if isinstance(block, Table) else [block.text]
        titled = isinstance(block, Paragraph) and bool(block.heading or (block.centred and block.bold))
        if not all(_masthead_line(line, issue, series, markings, publisher, titled)
                   for line in lines if not patterns.is_rule(line)):
            return index
    return len(blocks)


def _masthead_line(text: str, issue: ImportedIssue, series: dict, markings: dict, publisher: str, titled: bool) -> bool:
    """Takes the facts of one line into `issue` when the line is masthead, and says whether it was."""
    line = plain(text)
    left = patterns.strip_numbers_and_dates(line)
    found = []
    for key, name in series.items():
        if key in left:
            found.append(("series", name))
            left = left.replace(key, "")
    if publisher and publisher in left:
        left = left.replace(publisher, "")
    signer, editor = _SIGNER.search(text), _EDITOR.search(text)
    for match in (signer, editor):
        if match:
            left = left.replace(plain(match.group(0)), "")
    marking = markings.get(folded(text))
    if marking:
        left = ""
    elif is_classified(text) and len(line) <= 20:
        issue.classified = text.strip()
        left = ""
    if "增刊" in line:
        issue.supplement = True
    left = _MASTHEAD_WORDS.sub("", left)
    # the office's name printed otherwise than bulletin.yml's publisher (renamed since, or the
    # short form): a plain line with a date, as “林双县人民政府办公室编  2019年3月5日”, is masthead too
    dated_line = not titled and patterns.dates(text) and len(left) <= _LONGEST_NAME
    if (len(left) > _LEFTOVER and not dated_line) or left == line:
        return False
    issue.series_names += [name for kind, name in found]
    issue.numbers += patterns.issue_numbers(text)
    issue.totals += patterns.totals(text)
    issue.dates += patterns.dates(text)
    if signer:
        issue.signer = issue.signer or signer.group(1)
    if editor:
        issue.editor = issue.editor or editor.group(1)
    if marking:
        issue.marking = marking
    return True


# -- colophon ----------------------------------------------------------------------------------

def _colophon(blocks: list[Block], start: int, issue: ImportedIssue) -> int:
    """Reads colophon lines from the bottom up; returns the index where the colophon starts."""
    end = len(blocks)
    while end > start:
        block = blocks[end - 1]
        lines = block.lines if isinstance(block, Table) else [block.text]
        facts = [_colophon_line(line) for line in lines if not patterns.is_rule(line)]
        if not all(facts):
            break
        for fact in reversed(facts):   # read bottom up, kept top down
            _take_colophon(fact, issue)
        end -= 1
    issue.distribution = dict(reversed(list(issue.distribution.items())))
    return end


def _colophon_line(text: str) -> dict | None:
    if match := _DISTRIBUTION.match(text):
        return {"distribution": (match.group(1), match.group(2))}
    copies = _COPIES.search(text)
    printed = patterns.dates(text) if "印发" in text else []
    if not copies and not printed:
        return None
    fact = {}
    if copies:
        fact["copies"] = int(next(group for group in copies.groups() if group))
    if printed:
        fact["printed_on"] = printed[-1]
    return fact


def _take_colophon(fact: dict, issue: ImportedIssue) -> None:
    if "distribution" in fact:
        label, line = fact["distribution"]
        issue.distribution.setdefault(label, line)
    issue.copies = issue.copies or fact.get("copies")
    issue.printed_on = issue.printed_on or fact.get("printed_on")


# -- 编者按, 目录 and the items -----------------------------------------------------------------

def _body(blocks: list[Block], issue: ImportedIssue, is_unit) -> None:
    # Titles are the issue's Word headings of the highest level where it has any (deeper ones are
    # sub-headings in an item), else its bold centred paragraphs.
    levels = [b.heading for b in blocks if isinstance(b, Paragraph) and b.heading]
    title_level = min(levels, default=0)

    def is_title(block: Block) -> bool:
        if not isinstance(block, Paragraph) or not block.text or block.toc:
            return False
        if title_level:
            return block.heading == title_level
        return block.centred and block.bold and len(block.text) <= 80

    state = "front"   # front -> foreword / toc -> items
    item: ImportedItem | None = None
    after_title = in_list = False
    for block in blocks:
        if isinstance(block, Paragraph) and not block.text:
            continue
        text = block.text if isinstance(block, Paragraph) else ""
        if isinstance(block, Paragraph) and _FOREWORD.match(plain(text)) and item is None:
            state = "foreword"
            rest = _FOREWORD.sub("", plain(text), count=1)
            if rest:
                issue.foreword.append(_after_label(block.markdown))
            continue
        if isinstance(block, Paragraph) and plain(text) in _TOC_HEADS and item is None:
            state = "toc"
            continue
        if state == "toc" and not is_title(block) and not _repeats_toc(text, issue.toc):
            if entry := _toc_entry(text):
                issue.toc.append(entry)
            continue
        if is_title(block):
            if (item is not None and after_title and not item.body and item.byline is None
                    and _continues_title(item, block.text, issue.toc)):
                item.title += block.text   # a title set on two lines
                item.printed_title = item.title
                item.notes.append("标题分两行印，已合为一行")
                continue
            item = ImportedItem(block.text, None)
            issue.items.append(item)
            state, after_title = "items", True
            continue
        if state == "foreword":
            issue.foreword.append(_markdown(block, title_level))
            continue
        if item is None:
            issue.notes.append(f"报头后未识别的文字，未导入：“{_short(text or ' '.join(block.lines))}”")
            continue
        byline = _byline(text) if isinstance(block, Paragraph) else None
        is_list = isinstance(block, Paragraph) and bool(block.list_kind)
        if byline and item.byline is None and (after_title or _byline_words(byline)):
            byline.foot = not after_title
            item.byline = byline
        elif is_list and in_list and item.body:
            item.body[-1] += "\n" + _markdown(block, title_level)   # one list, not one list per item
        else:
            item.body.append(_markdown(block, title_level))
        in_list, after_title = is_list, False
    for item in issue.items:
        _closing_byline(item, is_unit)
        _title_prefix(item, is_unit)
    _subheadings(issue)


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
