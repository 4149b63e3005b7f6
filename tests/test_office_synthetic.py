"""A synthetic archive with 批示督办 and 信息员 added (testsupport/office_archive.py) passes the check
and gives every 批示 its follow-up, as the benchmark's archives can carry them."""

import re
from datetime import date
from pathlib import Path

from bulletin.archive import Archive
from bulletin.content.load import check_content, load_content
from bulletin.cycle.followups import DONE, LATE, OPEN, OVERDUE
from bulletin.cycle.scoring import Leaderboard
from testsupport.office_archive import add_office_records
from testsupport.synthetic import write_archive

SAMPLE = Path(__file__).resolve().parent / "fixtures" / "sample"
TODAY = date(2026, 11, 25)


def test_every_instruction_gets_a_follow_up_and_the_archive_checks(tmp_path):
    content = tmp_path / "content"
    write_archive(SAMPLE, content, 300, 2025, 2)
    written = add_office_records(content, TODAY)
    assert not list(check_content(content, TODAY))
    # the truth, read off the files: each approved item's distinct 批示 dates
    expected = sum(len(set(re.findall(r"type: instruction.*?date: (\d{4}-\d{2}-\d{2})", path.read_text(encoding="utf-8"))))
                   for path in content.glob("items/*/*.md") if "status: approved" in path.read_text(encoding="utf-8"))
    board = Leaderboard(Archive(load_content(content, TODAY)), TODAY)
    assert written["followups"] == expected == len(board.followups.tracked) > 10
    outcomes = {t.outcome for t in board.followups.tracked}
    assert {DONE, LATE, OVERDUE} <= outcomes <= {DONE, LATE, OVERDUE, OPEN}
    assert written["staff"] == len(board.archive.content.staff) >= 1
