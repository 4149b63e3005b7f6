"""The record: what was published, so that a later change to it is visible or refused.

A published issue is an official record (《政务信息》 as printed and circulated). `bulletin publish`
writes content/published.lock after each deploy; CI or the editor commits it with the content:

    about: 发布记录……                  # a note for whoever opens the file
    version: 1
    issues:                             # every published issue: series/year/number (zk<N> = 增刊)
      zwxx/2026/15: {published: '2026-05-18T08:00:00Z', items: [2026-0153, 2026-0150]}
    items:                              # every item of a published issue
      2026-0153: {title: 'sha256:<hex>', body: 'sha256:<hex>', corrections: 0}

    circulars:                          # every issued monthly circular (通报): its figures as issued
      2026-10: {number: 〔2026〕10号, as_of: '2026-10-31', issued: '2026-11-03', figures: 'sha256:<hex>', lines: [<12 hex>, ...]}

Hashes are SHA-256 of the title and of the body (line ends and trailing spaces normalised, so an
editor's save on Windows is not a change). `bulletin check` then refuses, naming the file and line:
a published item whose title or body changed without a new `corrections:` entry, a published item
removed or no longer approved, a published issue removed or its list of items changed. Adding
events (adoptions, instructions) changes neither hash, so it is never a change of the record.

A circular's figures (bulletin/cycle/circular_record.py) are its month's points and counts as known
on its date; `lines` holds a short hash of each, so that check names the content line of an event,
penalty or count that would change an issued circular, and its 文号. A 约稿 answered after the
circular (未报 to 逾期), and an adoption or 批示 of the month the higher office made known after it
(its event's `recorded` date), are the changes the rules allow: they leave the figures as issued and
show on the circular's page as dated corrections.
"""

from __future__ import annotations

import hashlib
import os
import re
from datetime import date, datetime, timedelta
from pathlib import Path

import yaml

from bulletin.model import Content, Item
from bulletin.content.problems import Problems
from bulletin.content.files import read_text
from bulletin.content.yamltext import LineDict, load, source_text, split_front_matter

FILE = "published.lock"
RECORD_LIMIT = 64 * 1024 * 1024  # the record grows by ~170 bytes an item: 40,000 items take ~7 MB
ABOUT = "发布记录：由 bulletin publish 在每次发布后写入，请随内容一起提交，不要手工修改。格式见 docs/publishing.md。"


def digest(text: str) -> str:
    """Prefixed, so that no hash ever reads back as a YAML number."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").strip().split("\n")
    return "sha256:" + hashlib.sha256("\n".join(line.rstrip() for line in lines).encode("utf-8")).hexdigest()


def _fingerprint(item: Item) -> dict:
    return {"title": digest(item.title), "body": digest(item.body), "corrections": len(item.corrections)}


_kept: list = []   # [(content, its Derived)]: the content this run last checked


class Derived:
    """What the record holds one content to, worked out once however often it is asked: publish
    checks the content against every kept release's record, then renders the new one, and each
    of those used to hash every item and work out every circular's figures again."""

    def __init__(self, content: Content, archive=None):
        self.content = content
        self._archive = archive   # the caller's Archive of this same content, if it has one
        self._fingerprints: dict[str, dict] = {}
        self._boards: dict = {}
        self._figures: dict = {}
        self.records: dict[Path, LineDict] = {}   # each record as check parsed it, for render to take its times from

    @classmethod
    def of(cls, content: Content, archive=None) -> "Derived":
        """The one for this content object, kept from the run's earlier check (publish checks the
        content, then the kept records, then renders: the figures are derived once for all)."""
        if not (_kept and _kept[0][0] is content):
            _kept[:] = [(content, cls(content))]
        derived = _kept[0][1]
        derived._archive = derived._archive or archive
        return derived

    def fingerprint(self, item: Item) -> dict:
        if item.id not in self._fingerprints:
            self._fingerprints[item.id] = _fingerprint(item)
        return self._fingerprints[item.id]

    def board(self, today: date):
        """The leaderboard of the content as on `today`."""
        if today not in self._boards:
            from bulletin.archive import Archive
            from bulletin.cycle.scoring import Leaderboard
            if self._archive is None:
                self._archive = Archive(self.content)
            self._boards[today] = Leaderboard(self._archive, today)
        return self._boards[today]

    def figures(self, today: date, period, as_of: date) -> list:
        """The figures of the circular of `period` as issued on `as_of`, on the board of `today`."""
        key = (today, period, as_of)
        if key not in self._figures:
            from bulletin.cycle import circular_record
            self._figures[key] = circular_record.figures(self.board(today), period, as_of)
        return self._figures[key]


# -- check -------------------------------------------------------------------------------------

def check(content: Content, root: Path, problems: Problems, record: Path | None = None,
          derived: Derived | None = None) -> None:
    """Add a problem for every change to the published record that `content` (read from `root`)
    makes. The record is content/published.lock unless given: publish also checks against the
    copy the served release carries, which no edit of content/ can remove. `derived`: what was
    already worked out from this same content (publish checks several records)."""
    derived = derived or Derived.of(content)
    path = record or root / FILE
    if not path.is_file():  # absent; a folder or other non-file of this name is reported by discovery
        return
    text = read_text(path, problems, limit=RECORD_LIMIT)
    data = load(text, path, problems) if text is not None else None
    if data is None:
        return
    if not isinstance(data, LineDict) or not isinstance(data.get("issues", {}), dict) \
            or not isinstance(data.get("items", {}), dict):
        problems.add(path, 1, "", "发布记录格式不对：应含 issues 和 items 两个映射（请从版本库恢复此文件）")
        return
    derived.records[path] = data
    issues = _well_formed(data.get("issues") or LineDict(), _ISSUE_ENTRY, path, "issues", problems)
    items = _well_formed(data.get("items") or LineDict(), _ITEM_ENTRY, path, "items", problems)
    before = len(problems)
    _check_issues(content, root, path, issues, problems)
    _check_items(content, root, path, items, problems, derived)
    circulars = data.get("circulars")
    if circulars is not None and not isinstance(circulars, dict):
        problems.add(path, data.line_of("circulars"), "circulars", "发布记录格式不对：circulars 应为映射（请从版本库恢复此文件）")
    elif circulars:
        circulars = _well_formed(circulars, _CIRCULAR_ENTRY, path, "circulars", problems)
        if len(problems) == before:   # figures are worked out only from content that reads without a problem
            _check_circulars(root, path, circulars, problems, derived)


def _is_digest(value) -> bool:
    return isinstance(value, str) and value.startswith("sha256:")


def _is_count(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


_ISSUE_ENTRY = {"items": lambda value: isinstance(value, list) and all(isinstance(v, (str, int)) for v in value)}
_ITEM_ENTRY = {"title": _is_digest, "body": _is_digest, "corrections": _is_count}
_CIRCULAR_ENTRY = {"number": lambda value: isinstance(value, str), "as_of": lambda value: isinstance(value, (str, date)),
                   "figures": _is_digest, "lines": lambda value: isinstance(value, list) and all(isinstance(v, str) for v in value)}


def _month(key) -> tuple[int, int] | None:
    text = source_text(key)
    if len(text) == 7 and text[4] == "-" and text[:4].isdigit() and text[5:].isdigit() and 1 <= int(text[5:]) <= 12:
        return int(text[:4]), int(text[5:])
    return None


# An adoption or 批示 the higher office made known only after the circular is allowed (circular_record.py).
_TOLD_LATE = "。若这次采用或批示是通报印发后上级才告知的，请在该事件下写 recorded: 得知日期（晚于 {as_of}），它将作为更正显示"


def _check_circulars(root: Path, path: Path, recorded: LineDict, problems: Problems, derived: Derived) -> None:
    """Refuse every change to the figures of an issued circular, at the content line that makes it."""
    from bulletin.cycle import circular_record
    from bulletin.cycle.circular import circular_number
    from bulletin.cycle.scoring import Period
    entries = []
    for key, entry in recorded.items():
        month, as_of = _month(key), _as_date(entry["as_of"])
        if month is None or as_of is None:
            problems.add(path, recorded.line_of(key), f"circulars.{source_text(key)}", "发布记录条目格式不对：请从版本库恢复此文件")
            continue
        entries.append((key, entry, Period("month", *month), as_of))
    if not entries:
        return
    today = max(date.today(), *(as_of + timedelta(days=1) for *_, as_of in entries))
    board = derived.board(today)
    for key, entry, period, as_of in entries:
        number = circular_number(board, period)
        if number != entry["number"]:
            problems.add(path, recorded.line_of(key), f"circulars.{source_text(key)}.number",
                         f"已印发的通报文号为{entry['number']}，而按 bulletin.yml 的 circular_number 现在是{number}："
                         "已印发通报的文号不得改动。请恢复 circular_number，或从版本库恢复此文件")
        now = derived.figures(today, period, as_of)
        if circular_record.digest(now) == entry["figures"]:
            if sorted(entry["lines"]) != sorted(figure.short for figure in now):   # the figures stand, their lines were edited
                problems.add(path, recorded.line_of(key), f"circulars.{source_text(key)}.lines",
                             "发布记录中这份通报的各项数字（lines）与其哈希（figures）不符：此文件被改动过，请从版本库恢复")
            continue
        kept = set(entry["lines"])
        name = f"已印发的通报{entry['number']}（{period.label}）"
        rule = "已印发通报的数字不得改动（期限后补报约稿除外，作为更正显示）：请恢复原样；确需更正的，须另行发文"
        for figure in now:
            if figure.short not in kept:
                file = figure.file(root)
                kind = figure.text.split()[1]   # "<day> <kind> …" (circular_record.py)
                told_late = _TOLD_LATE.format(as_of=as_of.isoformat()) if kind in ("adopted", "instruction") else ""
                problems.add(file or path, _line_of(file, figure.field) if file else recorded.line_of(key), figure.field,
                             f"这一处改变了{name}的数字（{figure.text}）。{rule}{told_late}")
        gone = len(kept - {figure.short for figure in now})
        if gone:
            problems.add(path, recorded.line_of(key), f"circulars.{source_text(key)}",
                         f"{name}计入的 {gone} 项数字已不在内容中（被删除或改动）。{rule}")


def _as_date(value) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def _well_formed(entries: LineDict, shape: dict, path: Path, section: str, problems: Problems) -> LineDict:
    """The entries that have the shape `write` gives them; every other one is a problem at its line.

    A malformed entry would otherwise be skipped, and the published issue or item it records would
    lose its protection without anyone noticing."""
    kept = LineDict()
    kept.line = entries.line
    for key, entry in entries.items():
        wrong = [field for field, valid in shape.items() if not isinstance(entry, dict) or not valid(entry.get(field))]
        if wrong:
            problems.add(path, entries.line_of(key), f"{section}.{source_text(key)}",
                         f"发布记录条目格式不对（{'、'.join(wrong)}）：请从版本库恢复此文件")
            continue
        kept[key] = entry
        kept.key_lines[key] = entries.line_of(key)
    return kept


def _check_issues(content: Content, root: Path, path: Path, recorded: LineDict, problems: Problems) -> None:
    present = {issue.key: issue for issue in content.issues}
    for key, entry in recorded.items():
        issue = present.get(source_text(key))
        if issue is None:
            problems.add(path, recorded.line_of(key), source_text(key), "已发布的刊物不在内容中（被删除，或文件有错误未能读取）：已发布的刊物是正式记录，不得删除")
        elif [source_text(i) for i in entry["items"]] != [str(i) for i in issue.item_ids]:
            file = root.parent / issue.path
            problems.add(file, _line_of(file, "items"), "items",
                         f"已发布刊物的稿件目录不得改动（发布时为 {', '.join(map(str, entry.get('items') or []))}）")


def _check_items(content: Content, root: Path, path: Path, recorded: LineDict, problems: Problems,
                 derived: Derived) -> None:
    for key, entry in recorded.items():
        item = content.items.get(source_text(key))
        if item is None:
            problems.add(path, recorded.line_of(key), source_text(key), "已发布的稿件不在内容中（被删除，或文件有错误未能读取）：已发布的稿件不得删除")
            continue
        if not item.approved:   # the item's file is made a Path only for a problem: one per item adds up
            file = root.parent / item.path
            problems.add(file, _line_of(file, "status"), "status", f"已发布的稿件不得改为未审核（status: {item.status}）")
            continue
        now = derived.fingerprint(item)
        changed = [field for field in ("title", "body") if entry.get(field) != now[field]]
        if changed and now["corrections"] <= entry["corrections"]:
            file = root.parent / item.path
            what = "、".join({"title": "标题", "body": "正文"}[field] for field in changed)
            problems.add(file, _line_of(file, changed[0]), changed[0],
                         f"已发布稿件的{what}有改动：如属更正，请在 corrections 中新增一条（date: 更正日期, text: 更正内容），"
                         f"否则请恢复原文")


def _line_of(file: Path, field: str) -> int | None:
    """The line of a top-level field (in an item's front matter or an issue file), or of an item's
    body: only read when reporting."""
    try:
        text = file.read_text(encoding="utf-8-sig")
    except OSError:
        return None
    parts = split_front_matter(text) if file.suffix == ".md" else (text, 0, "", None)
    if parts is None:
        return None
    front, offset, _, body_line = parts
    if field == "body":
        return body_line
    for number, line in enumerate(front.split("\n"), offset + 1):
        if line.startswith(f"{field}:"):
            return number
    return None


# -- write -------------------------------------------------------------------------------------

def write(root: Path, archive, published_at: datetime, previous: Path | None = None) -> Path | None:
    """Record every issue of `archive` as published in content/published.lock; return the file if
    it changed, else None. `previous` (default: that file) gives the first publication times."""
    path = root / FILE
    return save(path, render(archive, published_at, previous or path))


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):   # libyaml's emitter where installed: the pure-Python one took half a minute at 20,000 items
    """PyYAML writes YAML 1.1, where `888255e62043` is a string it leaves bare; the record is read
    back as YAML 1.2 (content/yamltext.py), where that is a number: such strings are quoted."""


_Dumper.add_implicit_resolver("tag:yaml.org,2002:float", re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$"),
                              list("-+0123456789."))


def render(archive, published_at: datetime, previous: Path | None, today: date | None = None,
           derived: Derived | None = None, write=None) -> str:
    """The record's text: every issue of `archive`, each with the time it was first published
    (kept from the `previous` record, else `published_at`), and every circular issued on `today` (the
    build date, default the publication's), each as first recorded. `derived`: as for `check`.
    `write`: what turns the record's data into `dump(data)`'s text, if not `dump` (bulletin/ops/record_parts.py)."""
    derived = derived or Derived(archive.content, archive)
    issues_before, circulars_before = {}, {}
    if previous is not None and previous in derived.records:   # parsed by check in this run: not parsed again
        before = derived.records[previous]
        issues_before, circulars_before = _plain(before.get("issues") or {}), _plain(before.get("circulars") or {})
    elif previous is not None and previous.is_file():
        before = yaml.load(previous.read_text(encoding="utf-8-sig"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
        issues_before, circulars_before = before.get("issues") or {}, before.get("circulars") or {}
    stamp = published_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    issues, items = {}, {}
    for issue in sorted(archive.content.issues, key=lambda i: (i.series, i.date, i.supplement, i.number)):
        key = issue.key
        when = (issues_before.get(key) or {}).get("published", stamp)
        issues[key] = {"published": when, "items": list(issue.item_ids)}
        for item in archive.issue_items(issue):
            items[item.id] = derived.fingerprint(item)
    record = {"about": ABOUT, "version": 1, "issues": issues, "items": dict(sorted(items.items()))}
    circulars = _circulars(derived, today or published_at.date(), circulars_before)
    if circulars:
        record["circulars"] = circulars
    return (write or dump)(record)


def dump(data: dict) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=None, width=200)


def _plain(value):
    """A parsed record's value as plain dicts, lists, strings and numbers, which yaml.dump writes as
    it wrote them (the parser's own types carry lines and the text as typed)."""
    if isinstance(value, dict):
        return {_plain(key): _plain(entry) for key, entry in value.items()}
    if isinstance(value, list):
        return [_plain(entry) for entry in value]
    for kind in (bool, int, float, str):
        if isinstance(value, kind):
            return kind(value)
    return value


def _circulars(derived: Derived, today: date, before: dict) -> dict:
    """Every issued circular's figures: an entry recorded before is kept as it was (check has held
    content to it); a newly issued one is recorded as it stands, issued `today`."""
    from bulletin.cycle import circular_record
    from bulletin.cycle.circular import circular_date, circular_number, issued_circulars
    board = derived.board(today)
    found = {}
    for period in sorted(issued_circulars(board), key=lambda p: p.key):
        if isinstance(before.get(period.key), dict):
            found[period.key] = before[period.key]
            continue
        as_of = circular_date(board, period)
        lines = derived.figures(today, period, as_of)
        found[period.key] = {"number": circular_number(board, period), "as_of": as_of.isoformat(), "issued": today.isoformat(),
                             "figures": circular_record.digest(lines), "lines": [line.short for line in lines]}
    return found


def save(path: Path, text: str) -> Path | None:
    """Write `text` to `path` in one rename; return the path if it changed, else None."""
    if path.is_file() and path.read_text(encoding="utf-8-sig") == text:
        return None
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)
    return path
