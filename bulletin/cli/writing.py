"""The commands that write content files: a new item, a new issue. A file that would make the
content fail its check is taken back. Both read the content twice (before and with the new file)
under the parse memo that `check` keeps, so only the files changed since are parsed again; the second
read takes the first's list of files (plus the new one) rather than walk the folder again."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from bulletin.cli.loading import load_found, parse_memo_in_cache
from bulletin.content import compose
from bulletin.content.load import Reading, read


def new_issue(args) -> int:
    with parse_memo_in_cache(args):
        return _new_issue(args)


def _new_issue(args) -> int:
    found = load_found(args)
    if found is None:
        print("内容检查未通过：请先改正上面的问题再编新一期。", file=sys.stderr)
        return 1
    archive, first = found
    new = compose.next_issue(archive, args.content, args.series, args.date or date.today(), args.items, args.signer,
                             args.limit or compose.DEFAULT_LIMIT)
    if new.left_out:   # what the editor did not get, and why, before the file: they may want some of it
        print(compose.left_out_text(new.left_out), file=sys.stderr)
    if args.dry_run:
        print(f"# {new.path}（--dry-run：未写入）\n{new.text}", end="")
        return 0
    return _write_checked(args.content, first, new)


def _write_checked(content: Path, first: Reading, new: compose.NewFile) -> int:
    """Write a new file, then check the content with it; a file that breaks the content is taken back.
    `first`: the read before, which found no problem."""
    compose.write_new(new)
    problems = read(Path(content), added=(first, new.path)).problems
    if problems:
        new.path.unlink()
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"新文件会使内容检查不通过，已撤回：{new.path}", file=sys.stderr)
        return 1
    print(new.path)
    return 0


def new_item(args) -> int:
    with parse_memo_in_cache(args):
        return _new_item(args)


def _new_item(args) -> int:
    found = load_found(args)
    if found is None:
        return 1
    archive, first = found
    content = archive.content
    unit = content.units.get(args.unit)
    if unit is None:
        print(f"未知单位“{args.unit}”；可用：{', '.join(content.units)}", file=sys.stderr)
        return 1
    day = args.date or date.today()
    category = args.category or content.settings.categories[0]
    previous = next((i for i in sorted(content.items.values(), key=lambda i: i.date, reverse=True) if i.unit == unit.id), None)
    topics = args.topic or (previous.topics if previous else [next(iter(content.topics))])
    item_id = compose.next_item_id(args.content, day.year)
    new = compose.draft_item(args.content, item_id, args.title, unit.id, category, topics, day)
    code = _write_checked(args.content, first, new)
    if code == 0:
        print("写好正文，审核通过后把 status 改为 approved 并填写 approved_by。", file=sys.stderr)
    return code
