"""Blocks of one Word issue into what it says: masthead, 编者按, 目录, items with bylines, colophon.

The layout follows the printed bulletin (docs/import.md, “能认出什么”): the masthead lines first,
the colophon lines last, what lies between read by `body` (编者按, 目录, the items).
What cannot be told for sure is written into `notes`, for the review list.
"""

from __future__ import annotations

import re

from bulletin.word_import import patterns
from bulletin.word_import.blocks import Block, Paragraph, Table
from bulletin.word_import.body import read_body
from bulletin.word_import.imported import ImportedIssue
from bulletin.word_import.patterns import plain
from bulletin.markings import folded, is_classified
from bulletin.model import Settings

_SIGNER = re.compile(r"签发人?\s*[:：]\s*([^\s:：]+)")
_EDITOR = re.compile(r"(?:责任编辑|责编|编辑)\s*[:：]\s*([^\s:：]+)")
_DISTRIBUTION = re.compile(r"^\s*(报|送|发|抄送|抄报|主送|分送)\s*[:：]\s*(.+?)\s*$")
_COPIES = re.compile(r"印数\s*[:：]?\s*(\d+)|共印\s*(\d+)\s*份|印\s*(\d+)\s*份")
# Masthead words besides the facts: what may be left on a masthead line once those are taken away
_MASTHEAD_WORDS = re.compile(r"编印|主办|编|印|出版|第|期|增刊|年|[()《》〈〉【】\[\],，.。:：、/]")
_LEFTOVER = 4
_LONGEST_NAME = 30


def recognise(blocks: list[Block], settings: Settings, is_unit) -> ImportedIssue:
    """`is_unit(text)` says whether a text names a known unit (for the “林双县：” title prefix)."""
    issue = ImportedIssue()
    start = _masthead(blocks, issue, settings)
    end = _colophon(blocks, start, issue)
    read_body(blocks[start:end], issue, is_unit)
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
