"""Blocks of one Word issue into what it says: masthead, 编者按, 目录, items with bylines, colophon.

The layout follows the printed bulletin (docs/import.md, “能认出什么”): the masthead lines first,
the colophon lines last, what lies between read by `body` (编者按, 目录, the items).
What cannot be told for sure is written into `notes`, for the review list.
"""

from __future__ import annotations

import re
import unicodedata

from bulletin.word_import import patterns
from bulletin.word_import.blocks import Block, Paragraph, Table
from bulletin.word_import.body import read_body, starts_foreword, toc_head
from bulletin.word_import.imported import ImportedIssue
from bulletin.word_import.layout import Looks, flatten, measure
from bulletin.word_import.patterns import plain
from bulletin.word_import.profile import Profile
from bulletin.markings import folded, is_classified
from bulletin.model import Settings

_SIGNER = re.compile(r"签发人?\s*[:：]\s*([^\s:：]+)")
_EDITOR = re.compile(r"(?:责任编辑|责编|编辑)\s*[:：]\s*([^\s:：]+)")
# the staff line at the foot, “责任编辑：王芳　审核：李明　签发：陈志远”: 版记 matter, never an item's text
_STAFF = re.compile(r"^(?:\s*(?:责任编辑|责编|编辑|主编|审核|审稿|核稿|校对|签发人?)\s*[:：]\s*[^\s:：]{2,5}\s*)+$")
_COPIES = re.compile(rf"印数\s*[:：]?\s*{patterns.NUMBER}|共印\s*{patterns.NUMBER}\s*份|印\s*{patterns.NUMBER}\s*份")
# Masthead words besides the facts: what may be left on a masthead line once those are taken away
_MASTHEAD_WORDS = re.compile(r"编印|主办|编|印|出版|第|期|增刊|年|[()《》〈〉【】\[\],，.。:：、/]")
_LEFTOVER = 4
_LONGEST_NAME = 30
_UNREAD_LINES = 2      # short lines the masthead may hold that say nothing the import reads
_ORG_ENDINGS = ("办公室", "政府", "委员会", "办", "局", "委", "处", "室", "编印", "印发")


def recognise(blocks: list[Block], settings: Settings, is_unit, profile: Profile | None = None) -> ImportedIssue:
    """`is_unit(text)` says whether a text names a known unit (a byline at an item's foot)."""
    issue = ImportedIssue()
    blocks = flatten(blocks)
    looks = measure(blocks, profile or Profile())
    start = _masthead(blocks, issue, settings, looks)
    end = _colophon(blocks, start, issue, settings)
    read_body(blocks[start:end], issue, is_unit, looks)
    return issue


# -- masthead ----------------------------------------------------------------------------------

def _masthead(blocks: list[Block], issue: ImportedIssue, settings: Settings, looks: Looks) -> int:
    """Reads masthead lines from the top; returns the index of the first block that is not one.
    A short line the masthead holds but says nothing read (a slogan, the office's old name) is
    passed over and noted, as long as masthead lines follow it."""
    series = {plain(s.name): s.name for s in settings.series.values()}
    markings = {folded(m): m for m in settings.markings}
    publisher = plain(settings.publisher)
    passed: list[int] = []
    for index, block in enumerate(blocks):
        lines = block.lines if isinstance(block, Table) else [block.text]
        lines = [line for line in lines if not patterns.is_rule(line)]
        if not lines:
            continue
        if any(toc_head(line) or starts_foreword(line) for line in lines):
            break
        titled = isinstance(block, Paragraph) and looks.title_rule(block) is not None
        if all(_masthead_line(line, issue, series, markings, publisher, titled) for line in lines):
            issue.notes += [f"报头中未识别的文字，未导入：“{blocks[i].text}”" for i in passed]
            passed = []
            continue
        if (titled or isinstance(block, Table) or len(passed) >= _UNREAD_LINES
                or len(block.text) > _LONGEST_NAME or block.text.endswith(("。", "）", ")"))):
            break
        passed.append(index)
    else:
        index = len(blocks)
    return passed[0] if passed else index


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

def _colophon(blocks: list[Block], start: int, issue: ImportedIssue, settings: Settings) -> int:
    """Reads colophon lines from the bottom up; returns the index where the colophon starts.
    In a table with colophon lines, the 印发机关 or date alone in its cell belongs to it too."""
    end = len(blocks)
    publisher = plain(settings.publisher)
    while end > start:
        block = blocks[end - 1]
        table = isinstance(block, Table)
        lines = [line for line in (block.row_lines if table else [block.text]) if not patterns.is_rule(line)]
        facts = [_colophon_line(line, publisher) for line in lines]
        in_colophon = table and any(facts)
        facts = [fact if fact is not None else _printer_line(line, publisher, in_colophon) for fact, line in zip(facts, lines)]
        if not all(fact is not None for fact in facts):
            break
        for fact in reversed(facts):   # read bottom up, kept top down
            for one in reversed(fact.get("several", [fact])):
                _take_colophon(one, issue)
        end -= 1
    issue.distribution = dict(reversed(list(issue.distribution.items())))
    return end


_LABEL = re.compile(r"(?<![印抄主分])(报|送|发|抄送|抄报|主送|分送)\s*[:：]")


def _colophon_line(text: str, publisher: str = "") -> dict | None:
    labels = list(_LABEL.finditer(text))
    if len(labels) > 1 and not text[:labels[0].start()].strip():
        # a colophon set on one line (a table LibreOffice flattened): “报：……送：……某办公室2022年3月8日印发”
        parts = [text[a.start():b.start() if b else len(text)] for a, b in zip(labels, [*labels[1:], None])]
        last = parts[-1]
        tail = _printing_tail(last, publisher)
        parts[-1] = last[:len(last) - len(tail)]
        facts = [_colophon_line(part) for part in parts] + ([_colophon_line(tail)] if tail.strip() else [])
        return {"several": facts} if all(facts) else None
    if match := patterns.DISTRIBUTION.match(text):
        return {"distribution": (match.group(1), match.group(2))}
    if _STAFF.match(unicodedata.normalize("NFKC", text)):
        signer, editor = _SIGNER.search(text), _EDITOR.search(text)
        return {"signer": signer and signer.group(1), "editor": editor and editor.group(1)}
    copies = _COPIES.search(plain(text))
    printed = patterns.dates(text) if "印发" in text else []
    if not copies and not printed:
        return None
    fact = {}
    if copies:
        fact["copies"] = patterns.number(next(group for group in copies.groups() if group))
    if printed:
        fact["printed_on"] = printed[-1]
    return fact


def _printing_tail(text: str, publisher: str) -> str:
    """The 印发机关 and date ending a line: from the publisher's name, else from the date on."""
    year = re.search(r"\d{4}\s*年|[〇零○一二三四五六七八九]{4}年", text)
    if "印发" not in text or not year:
        return ""
    at = text.find(publisher) if publisher and publisher in text else year.start()
    return text[at:]


def _printer_line(text: str, publisher: str, in_colophon: bool) -> dict | None:
    """The 印发机关 on a line of its own (the publisher, or any office's name within a colophon
    table), or the printing date alone in its cell: part of the colophon, saying nothing more."""
    line = plain(text)
    if publisher and line == publisher:
        return {}
    if not in_colophon or len(line) > _LONGEST_NAME or any(mark in line for mark in "。；，（）()"):
        return None
    if patterns.dates(text) and len(patterns.strip_numbers_and_dates(line)) <= 2:
        return {"printed_on": patterns.dates(text)[-1]}
    return {} if line.endswith(_ORG_ENDINGS) else None


def _take_colophon(fact: dict, issue: ImportedIssue) -> None:
    if "distribution" in fact:
        label, line = fact["distribution"]
        issue.distribution.setdefault(label, line)
    issue.copies = issue.copies or fact.get("copies")
    issue.signer = issue.signer or fact.get("signer")
    issue.editor = issue.editor or fact.get("editor")
    issue.printed_on = issue.printed_on or fact.get("printed_on")
