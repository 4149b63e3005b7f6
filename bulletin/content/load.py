"""Read a content folder into validated records, reporting every problem in one run; never raise.

The steps, each in its own module:

1. `discover`: every file under the folder is classified (read, ignored by a documented rule, or reported)
   by the table of file kinds (`kinds`);
2. `files`: each file is read within limits into text, YAML or front matter;
3. `readers`: each kind of file becomes model records, checked against its schema (`contract`);
4. `cross_checks`: rules across records, against the ids known so far (`registry`), and at the end
   over all issues (第N期 and 总第M期).

Files are read in dependency order (`kinds.READING_ORDER`: bulletin.yml, units, topics, requests, items,
issues, submissions, penalties) so that each record is checked against the ones it refers to while its
line numbers are at hand. Any error while reading one file (ours included) becomes a problem at that
file: the loader never raises.
"""

from __future__ import annotations

import contextlib
import gc
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bulletin.content import published_record
from bulletin.content.discover import Layout, discover, discover_added
from bulletin.content.kept_whole import WholeReading
from bulletin.content.kinds import READING_ORDER
from bulletin.content.problems import ContentError, Problems
from bulletin.model import Content

# The readers, the rules across files and added_item are imported where a file is read: a check of an
# unchanged archive reads none (kept_whole.py), and `bulletin check` is the editors' most frequent command.


def load_content(root: Path | str, today: date | None = None) -> Content:
    """Load and validate a content folder; raise ContentError listing every problem."""
    content, problems = read_content(Path(root), today)
    if problems:
        raise ContentError(problems)
    return content


def check_content(root: Path | str, today: date | None = None) -> Problems:
    return read_content(Path(root), today)[1]


def read_content(root: Path, today: date | None = None) -> tuple[Content, Problems]:
    reading = read(root, today)
    return reading.content, reading.problems


@dataclass
class Reading:
    content: Content
    problems: Problems
    layout: Layout   # the files found: a later read of the same folder plus one new file need not walk it
    today: date | None = None
    shown_text: str | None = None   # a clean read's (added_item.shown_text): a second read may need it

    def first(self):
        """This read's answer (`added_item.First`), for a second read of the folder plus one file; None unless clean."""
        from bulletin.content.added_item import First
        if self.problems or self.shown_text is None or self.today is None:
            return None
        return First(self.content, self.layout, self.shown_text, self.today)


def read(root: Path, today: date | None = None, added: tuple[Reading, Path] | None = None) -> Reading:
    """Read and check the folder. `added`: an earlier read that found no problem and a file written
    since (new-item's draft, new-issue's issue): the folder is not walked again, a new item is checked
    against the earlier answer (`added_item`), and the answer is a full read's."""
    with _no_cycle_collection():
        return _read(root, today, added)


@contextlib.contextmanager
def _no_cycle_collection():
    """A read allocates tens of thousands of records that all live on: the cycle collector's passes
    over them find nothing to free and cost about a tenth of a check's CPU. Back on after the read."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _read(root: Path, today: date | None, added: tuple[Reading, Path] | None) -> Reading:
    problems = Problems(root)
    today = today or date.today()

    def guarded(path, step):
        """Run one file's step; an unexpected error is that file's problem, and the others go on."""
        try:
            step(path)
        except Exception as error:  # noqa: BLE001 - the loader's promise: a problem, never a traceback
            problems.add(path, None, "", f"读取时出错（{type(error).__name__}: {error}），请检查此文件；如无法解决，请报告维护人员")

    unusable = _unusable_folder(root)
    if unusable:
        problems.add(root, None, "", unusable)
    if unusable:
        layout = Layout()
    else:
        layout = discover(root, problems) if added is None else discover_added(root, added[0].layout, added[1], problems)
    whole = WholeReading(layout, problems, today) if not problems else None   # a walk that found nothing wrong
    answer = whole.recall() if whole else None
    if answer is None:
        answer = _one_file_changed(root, layout, whole, added, today) if whole else None
        from_last = answer is not None
        if answer is None:
            answer = _records(root, layout, problems, today, guarded)
        if whole:
            whole.keep(*answer, problems, from_last)
    content, shown = answer
    if not unusable:  # the published record: a change to it must show as a correction, or fails
        guarded(root / published_record.FILE, lambda _path: published_record.check(content, root, problems))
    return Reading(content, problems, layout, today, shown)


def _one_file_changed(root: Path, layout: Layout, whole: WholeReading, added, today: date):
    """A clean answer from an earlier clean one and the one item file written (new-item) or edited since, or None."""
    from bulletin.content.added_item import with_added_item, with_edited_item
    if added is not None:
        first = added[0].first()
        return with_added_item(root, first, layout, added[1], today) if first else None
    if whole.last is not None:
        return with_edited_item(root, whole.last, whole.files, whole.paths, layout, today)
    return None


def _records(root: Path, layout: Layout, problems: Problems, today: date, guarded) -> tuple[Content, str]:
    """Every file the walk found read and checked, in dependency order, then the checks across them; and
    the text the site shows beside items (`added_item.shown_text`)."""
    from bulletin.content.added_item import shown_text
    from bulletin.content.cross_checks import Rules
    from bulletin.content.readers import RecordReader
    from bulletin.content.registry import Registry
    registry = Registry()
    rules = Rules(problems, registry, today)
    reader = RecordReader(problems, registry, rules, layout)
    for kind in READING_ORDER:
        for path in layout.paths(kind):
            guarded(path, getattr(reader, kind.reader))
    reader.images.report_unshown()   # once every item has said which pictures it shows
    gathered = reader.gathered
    issues = rules.numbering(gathered.issues, reader.issue_line)
    penalties = sorted(gathered.penalties, key=lambda penalty: penalty.date)
    content = Content(rules.settings, registry.units.good, registry.topics.good, registry.items.good, issues,
                      gathered.submissions, registry.requests.good, penalties,
                      sorted(gathered.followups, key=lambda followup: followup.instruction), gathered.staff)
    guarded(root, lambda _path: rules.shown.refuse_drafts_named(content, rules.shown_names()))   # needs every record read
    return content, shown_text(rules.shown.texts)


def _unusable_folder(root: Path) -> str | None:
    """Why the content folder cannot be read at all, or None: one problem instead of a traceback."""
    try:
        if not root.exists():
            return "内容目录不存在"
        if not root.is_dir():
            return "不是目录：--content 应指向含有 bulletin.yml 的目录，而不是文件"
        os.scandir(root).close()
    except OSError as error:
        return f"无法读取内容目录（{error.strerror or error}）"
    return None
