"""A check of an unchanged archive takes the last clean check's whole answer (bulletin/content/kept_whole.py)
and reads no file; any change to what a full read depends on (a file's bytes, its name, a file added or
removed, the day the dates are judged against) reads the files again and says what a full read says."""

import shutil
from datetime import date

import pytest

from bulletin.content import parse_memo
from bulletin.content.load import read_content
from conftest import SAMPLE
from test_check_index import later, reads  # noqa: F401 - reads is a fixture

DRAFT = ("---\nid: 2027-0001\ntitle: 明年的计划\nunit: xinfang\ncategory: 经验\ntopics: [petition]\n"
         "date: 2027-06-01\nstatus: draft\n---\n正文。\n")


@pytest.fixture
def sample(tmp_path, monkeypatch):
    target = tmp_path / "content"
    shutil.copytree(SAMPLE, target)
    later(monkeypatch)   # the copy's files old enough for the index to trust
    return target


def checked(content, cache, today, reads):
    """(records, messages, names of the files read) of a check with the memo, beside a full read's."""
    reads.clear()
    with parse_memo.kept(cache):
        records, problems = read_content(content, today)
    read = list(reads)
    full_records, full_problems = read_content(content, today)
    assert [str(p) for p in problems] == [str(p) for p in full_problems]
    assert repr(records) == repr(full_records)
    return records, [str(p) for p in problems], read


def test_an_unchanged_archive_is_not_read_on_the_same_day_but_is_on_an_earlier_one(sample, tmp_path, reads):
    cache, autumn, spring = tmp_path / "cache", date(2026, 12, 1), date(2026, 5, 1)
    (sample / "items/2027").mkdir()
    (sample / "items/2027/2027-0001.md").write_text(DRAFT, encoding="utf-8")
    _, said, read = checked(sample, cache, autumn, reads)
    assert said == [] and "2027-0001.md" in read and len(read) > 200
    _, said, read = checked(sample, cache, autumn, reads)
    assert said == [] and read == []               # kept: nothing read
    # 2027-06-01 is within 366 days of 2026-12-01 (2027-12-02 at the latest), not of 2026-05-01 (2027-05-02):
    # the same files judged on an earlier day have a problem, so the day is part of what is kept.
    _, said, read = checked(sample, cache, spring, reads)
    assert said == ["content/items/2027/2027-0001.md:7: date: 日期 2027-06-01 在一年多以后，是否写错了年份？"]
    assert read != []


def test_a_file_renamed_added_or_removed_is_read_again(sample, tmp_path, reads):
    cache, day = tmp_path / "cache", date(2026, 12, 1)
    records, said, _ = checked(sample, cache, day, reads)
    assert said == [] and checked(sample, cache, day, reads)[2] == []
    # the same bytes under another name, in the same place of the walk: only its path says it is wrong
    (sample / "items/2026/2026-0005.md").rename(sample / "items/2026/2026-00051.md")
    _, said, read = checked(sample, cache, day, reads)
    assert "2026-00051.md" in read
    assert "content/items/2026/2026-00051.md:2: id: id “2026-0005”应与文件名“2026-00051.md”一致" in said
    (sample / "items/2026/2026-00051.md").rename(sample / "items/2026/2026-0005.md")
    again, said, read = checked(sample, cache, day, reads)
    assert said == [] and repr(again) == repr(records)
    # a new draft: one item more (84 + 1 in 2026), read
    (sample / "items/2026/2026-0085.md").write_text(DRAFT.replace("2027-0001", "2026-0085").replace("2027-06-01", "2026-11-30"),
                                                    encoding="utf-8")
    added, said, read = checked(sample, cache, day, reads)
    assert said == [] and "2026-0085.md" in read and len(added.items) == len(records.items) + 1
    # the last issue of a series gone: one issue fewer
    last = sorted((sample / "issues/zwxx/2026").glob("0*.yml"))[-1]
    last.unlink()
    removed, said, read = checked(sample, cache, day, reads)
    assert said == [] and read != [] and len(removed.issues) == len(records.issues) - 1
    assert last.stem.lstrip("0") not in {str(issue.number) for issue in removed.issues if issue.series == "zwxx" and issue.year == 2026}
