"""`bulletin check`: the content read and checked, every problem listed; on its own, so that the
editors' most frequent command loads no publishing, verification or site plan (about half a second
a run)."""

from __future__ import annotations

import sys
from pathlib import Path

from bulletin.archive import Archive
from bulletin.cli.loading import parse_memo_in_cache
from bulletin.content.load import read_content


def check(args) -> int:
    with parse_memo_in_cache(args):   # read once: the passing run's summary needs the content too
        content, problems = read_content(Path(args.content))
    if problems:
        for problem in problems:
            print(problem)
        print(f"共 {len(problems)} 个问题。", file=sys.stderr)
        return 1
    archive = Archive(content)
    print(f"内容检查通过：稿件 {len(content.items)} 篇（已审核 {len(archive.items)} 篇），"
          f"刊物 {len(content.issues)} 期，单位 {len(content.units)} 个，主题 {len(content.topics)} 个"
          + (f"，约稿 {len(content.requests)} 次" if content.requests else "") + "。")
    from bulletin.cycle.unscored import unscored_note
    note = unscored_note(archive)   # years before the first scoring rule: said, not an error
    if note:
        print(note)
    return 0
