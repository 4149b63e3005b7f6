"""A read that differs from a clean one by one item file, answered from that one's records and the file:
new-item's second read (the item it wrote), and a check after one item was edited.

The first read found no problem, so every id an issue, a 扣分, a 督办 or a 约稿 answer names was an item
it read: a new item with an id of its own is named by none of them, and no check across files that
involves them can change. What the new file can change is checked here, with the full read's own code
or more strictly:

- its own reading (`RecordReader.item`: schema, file name, units, topics, 约稿, dates, links, events,
  a draft's id and title against the site's names) against the first read's units, topics, 约稿 and
  settings, judged against the same day;
- its id against every other item's (a duplicate);
- the drafts named in text the site shows (`draft_leaks`): a new draft's id or title anywhere in the
  first read's shown text (`shown_text`) or in a name the site shows; a new published item's shown
  text naming any draft. Any such text at all, even one a full read would let pass (a token inside a
  longer one, an id a published body cites), is left to the full read.

Anything else, or any problem at all, and the answer is None: the caller reads every file, so every
message is the one a full read gives. A file that shows pictures is left to the full read too.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

from bulletin.content.cross_checks import Rules
from bulletin.content.discover import Layout
from bulletin.content.kinds import READING_ORDER
from bulletin.content.links import image_sources
from bulletin.content.problems import Problems
from bulletin.content.readers import RecordReader
from bulletin.content.registry import Known, Registry
from bulletin.model import Content

ITEM = next(kind for kind in READING_ORDER if kind.reader == "item")


@dataclasses.dataclass(frozen=True)
class First:
    """A clean read's answer, for a second read of the same folder plus one file."""
    content: Content
    layout: Layout
    shown_text: str   # every text the site shows besides items' own (draft_leaks.Shown), one a line
    today: date


def shown_text(texts) -> str:
    """The shown texts of a read (`Shown.texts`), one a line: what a later added item is checked against."""
    return "\n".join(text for _at, text in texts)


def with_added_item(root: Path, first: First, layout: Layout, path: Path, today: date) -> tuple[Content, str] | None:
    """The content a full read of `layout` (the first's files plus the item `path`) gives, and its shown
    text, when that read finds no problem and this can vouch for it; else None."""
    items = layout.paths(ITEM)
    before = first.layout.paths(ITEM)
    content = first.content
    if today != first.today or len(items) != len(before) + 1 or len(before) != len(content.items):
        return None
    at = items.index(path) if path in items else None
    if at is None or items[:at] + items[at + 1:] != before:   # not one item file added to the first's
        return None
    alone = _read_alone(root, content, layout, path, today, None)
    if alone is None:
        return None
    new, rules = alone
    if new.id in content.items or _names_a_draft(content, rules, new, first.shown_text):
        return None
    ordered = list(content.items.items())
    ordered.insert(at, (new.id, new))
    return dataclasses.replace(content, items=dict(ordered)), _with_texts(first.shown_text, rules)


# What other files' checks read of an item (an issue, a 扣分, a 督办 that names it): an edit that changes
# none of them changes no check but the item's own and the drafts named in shown text.
_SEEN_BY_OTHERS = ("id", "status", "date", "unit", "co_units", "events", "images")
# What verify counts as a published item's own words: a draft's id or title there is no leak (draft_leaks.py).
_PUBLISHED_WORDS = ("title", "summary", "body")


def with_edited_item(root: Path, last, files: list, paths: list, layout: Layout, today: date) -> tuple[Content, str] | None:
    """The content a full read gives when the files (`files`, `paths`: kept_whole's, in walk order) are the
    last clean check's (`last`: kept_whole.Kept) but for one item file's bytes; None when that read could
    differ in more than the item, or finds a problem."""
    if today != last.today or len(files) != len(last.files):
        return None
    changed = [index for index, (now, then) in enumerate(zip(files, last.files)) if now != then]
    if len(changed) != 1 or files[changed[0]][:2] != last.files[changed[0]][:2] or files[changed[0]][0] != ITEM.pattern:
        return None
    path, shown = paths[changed[0]], files[changed[0]][1]
    answer = last.answer()
    if answer is None:
        return None
    content, last_shown = answer
    old = next((item for item in content.items.values() if item.path == shown), None)
    if old is None or image_sources(old.body):   # a draft's references keep pictures in use, though it holds none
        return None
    alone = _read_alone(root, content, layout, path, today, old.id)
    if alone is None:
        return None
    new, rules = alone
    if any(getattr(new, name) != getattr(old, name) for name in _SEEN_BY_OTHERS) or new.path != old.path:
        return None
    if _names_a_draft(content, rules, new, last_shown):
        return None
    if new.approved and any(getattr(new, name) != getattr(old, name) for name in _PUBLISHED_WORDS) \
            and (_any_draft_in(content, last_shown) or _any_draft_in(content, "\n".join(rules.shown_names()))):
        return None   # its words may have been what let a draft's id or title in shown text or a name pass
    items = dict(content.items)
    items[new.id] = new
    # the old item's texts stay in the shown text: more text to look in, so never an answer a full read would not give
    return dataclasses.replace(content, items=items), _with_texts(last_shown, rules)


def _read_alone(root: Path, content: Content, layout: Layout, path: Path, today: date, without: str | None):
    """The item file read and checked by the full read's own code against `content` (less the item
    `without`), and the rules it was checked by; None on any problem, or when it touches pictures."""
    problems = Problems(root)
    registry = _registry_of(content, without)
    rules = Rules(problems, registry, today)
    rules.settings = content.settings
    reader = RecordReader(problems, registry, rules, layout)
    try:
        reader.item(path)
    except Exception:   # noqa: BLE001 - the full read reports it, at its file
        return None
    known = len(content.items) - (without is not None)
    new = next(reversed(registry.items.good.values()), None)
    if problems or new is None or len(registry.items.good) != known + 1 or new.images or reader.images.shown:
        return None
    return new, rules


def _with_texts(kept: str, rules: Rules) -> str:
    """The kept shown text and what the item read alone added to it."""
    return kept + "\n" + shown_text(rules.shown.texts) if rules.shown.texts else kept


def _registry_of(content: Content, without: str | None) -> Registry:
    """The ids a full read has met by the time it reads items: every unit, topic, 约稿 and the other items."""
    items = {item_id: item for item_id, item in content.items.items() if item_id != without}
    return Registry(units=Known(good=dict(content.units)), topics=Known(good=dict(content.topics)),
                    items=Known(good=items, paths={item_id: item.path for item_id, item in items.items()}),
                    requests=Known(good=dict(content.requests)))


def _any_draft_in(content: Content, text: str) -> bool:
    return any(item.id in text or item.title in text for item in content.items.values() if not item.approved)


def _names_a_draft(content: Content, rules: Rules, new, shown_text: str) -> bool:
    """Whether a full read's draft check (`Shown.refuse_drafts_named`) could have anything to say
    about the new item: checked more widely, by plain substrings."""
    if not new.approved:
        return new.id in shown_text or new.title in shown_text or any(new.title in name for name in rules.shown_names())
    return any(_any_draft_in(content, text) for _at, text in rules.shown.texts)
