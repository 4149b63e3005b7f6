"""What the page shows, for telling titles from the rest: the document's own run of sizes (the
body's size is the one most of its running text is set in, and a title is larger), centring,
weight, the style an office gave its titles, Word's heading levels, and the import profile.

Each title is recognised by a named rule, which the review list prints, so that an office can see
why a paragraph became a title and, where the rules guess wrong, declare its template once in
the profile (`profile`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from bulletin.word_import import patterns
from bulletin.word_import.blocks import Block, Paragraph, Table
from bulletin.word_import.profile import Profile

_TITLE_STYLE = re.compile(r"^(title|标题|.*标题)$", re.IGNORECASE)   # Title, 标题, 信息标题 (not 标题 1)
_LONGEST_TITLE = 80
_LARGER = 2.0          # points above the body's size that read as a title (二号 22 over 三号 16)
_MUCH_LARGER = 4.0     # not centred: a title only where it is much larger (26 pt over 16 pt)
_SENTENCE_END = ("。", "；", ";")


@dataclass(frozen=True)
class Looks:
    body_size: float | None   # points
    title_level: int          # the highest Word heading level used for titles, 0 when none
    profile: Profile

    def title_rule(self, block: Block) -> str | None:
        """The rule by which `block` is an item's title, or None."""
        if not isinstance(block, Paragraph) or not block.text or block.toc or block.place == "文本框":
            return None
        text = block.text
        if len(text) > _LONGEST_TITLE or patterns.is_rule(text) or _bracketed(text):
            return None
        if rule := self.profile.title_rule(block):
            return rule
        if text.endswith(_SENTENCE_END) and len(text) > 30:
            return None
        if self.title_level and block.heading == self.title_level:
            return f"Word 标题样式“{block.style or f'标题 {block.heading}'}”"
        if block.heading:
            return None   # a lower heading level: a sub-heading within an item
        smaller = block.size is not None and self.body_size is not None and block.size < self.body_size
        if _TITLE_STYLE.match(block.style or "") and not smaller and block.style not in self.profile.not_title_styles:
            return f"样式“{block.style}”"
        if block.centred and block.size and self.body_size and block.size >= self.body_size + _LARGER:
            return f"居中、{block.size:g} 磅（正文 {self.body_size:g} 磅）"
        if block.centred and block.bold:
            return "加粗居中"
        if (block.size and self.body_size and block.size >= self.body_size + _MUCH_LARGER and len(text) <= 40
                and not text.endswith(_SENTENCE_END) and not block.place):
            return f"字号 {block.size:g} 磅（正文 {self.body_size:g} 磅）"
        return None


def measure(blocks: list[Block], profile: Profile) -> Looks:
    """The body's size: the size most characters of left-aligned or justified running text have."""
    sizes: Counter = Counter()
    for block in blocks:
        for paragraph in ([block] if isinstance(block, Paragraph) else block.paragraphs):
            if paragraph.size and not paragraph.centred and len(paragraph.text) >= 15:
                sizes[paragraph.size] += len(paragraph.text)
    body_size = profile.body_size or (sizes.most_common(1)[0][0] if sizes else None)
    levels = [b.heading for b in blocks if isinstance(b, Paragraph) and b.heading and b.text and not b.toc]
    return Looks(body_size, min(levels, default=0), profile)


def flatten(blocks: list[Block]) -> list[Block]:
    """Tables used for layout read as their paragraphs: a one-cell box (an 编者按, a masthead), a
    single row or column (a masthead beside its 期号, a 目录). A table of two rows and two columns or
    more stays a table (the colophon's and the data's)."""
    flat: list[Block] = []
    for block in blocks:
        if isinstance(block, Table) and (len(block.rows) < 2 or max(len(row) for row in block.rows) < 2) \
                and not colophon_table(block):
            flat += block.paragraphs
        else:
            flat.append(block)
    return flat


def colophon_table(table: Table) -> bool:
    return any(patterns.colophon_word(line) for line in table.lines)


def _bracketed(text: str) -> bool:
    return text[:1] in "（(【[〔" and text[-1:] in "）)】]〕"
