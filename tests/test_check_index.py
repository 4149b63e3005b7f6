"""A check after a change reads only the changed files (bulletin/content/parse_memo.py's index,
bulletin/content/kept_readings.py) and says exactly what a check that reads everything says: every
kind of problem, including those found across files from the kept readings of unchanged ones."""

import os
import pickle
import shutil

import pytest

from bulletin import cli
from bulletin.content import files, parse_memo
from bulletin.content.load import read_content
from test_validation import edit

LATER = 10 * parse_memo.DOUBT_NS   # as if the run came this much later than the files were written


@pytest.fixture
def reads(monkeypatch):
    """The names of the content files read (not taken from a kept reading), run by run."""
    found = []
    read_text = files.read_text
    monkeypatch.setattr(files, "read_text", lambda path, *rest: found.append(path.name) or read_text(path, *rest))
    return found


def later(monkeypatch):
    clock = parse_memo._clock
    monkeypatch.setattr(parse_memo, "_clock", lambda: clock() + LATER)


def index(cache) -> dict:
    """The files the index trusts (path -> stamp and digest)."""
    path = cache / "check/files.pickle"
    return pickle.loads(path.read_bytes())["files"] if path.exists() else {}


def fast(content, cache):
    with parse_memo.kept(cache):
        return read_content(content)


def messages(content, cache=None) -> list[str]:
    """Every problem as printed, from a check with the memo in `cache` (None: reading everything)."""
    content_read, problems = fast(content, cache) if cache else read_content(content)
    return [str(problem) for problem in problems]


def test_the_fast_path_says_what_a_full_check_says_of_every_kind_of_problem(sample, tmp_path, monkeypatch, reads):
    cache = tmp_path / "cache"
    later(monkeypatch)
    assert messages(sample, cache) == []
    total = len(reads)                     # every file read once: 86 + 84 items, 40 issues and the rest
    # read again whenever anything changed (settings, 约稿, counts): all but items and issues
    others = {name for name in reads
              if not (name.endswith(".md") or name[:3].isdigit() and len(name) == 7 or name.startswith("zk"))}
    reads.clear()
    first, _ = fast(sample, cache)
    # nothing changed: no file read at all (the whole clean answer is kept, kept_whole.py)
    assert reads == [] and 0 < len(others) < 40 and total > 200 and repr(first) == repr(read_content(sample)[0])   # every field
    # A fresh clone in another folder (as CI makes one) takes the same kept answer: nothing read.
    clone = tmp_path / "clone" / "content"
    shutil.copytree(sample, clone)
    reads.clear()
    cloned, _ = fast(clone, cache)
    assert reads == []
    assert repr(cloned) == repr(read_content(clone)[0])
    # One item's body changed: only it is read, checked alone against the last clean answer (added_item.py).
    edit(clone, "items/2026/2026-0005.md", "\n---\n", "\n---\n新增一句。\n")
    reads.clear()
    cloned, _ = fast(clone, shutil.copytree(cache, tmp_path / "clone-cache"))   # the sample's own run below keeps `cache`
    assert reads == ["2026-0005.md"] and "新增一句。" in cloned.items["2026-0005"].body
    assert repr(cloned) == repr(read_content(clone)[0])

    # A file sorted before 2026-0001.md takes its id: the unchanged, kept 2026-0001.md is the duplicate.
    (sample / "items/2026/2026-00005.md").write_text(
        (sample / "items/2026/2026-0001.md").read_text(encoding="utf-8"), encoding="utf-8")
    edit(sample, "items/2026/2026-0002.md", "unit: ", "unit: nosuch\nold_unit: ")             # unknown unit
    edit(sample, "items/2026/2026-0003.md", "date: 2026-01-09", "date: 2026-13-09")          # bad date
    (sample / "items/2026/2026-0084.md").unlink()          # listed by the unchanged issue zwxx/2026/017.yml
    edit(sample, "issues/zwxx/2026/016.yml", "signer: ", "signer: [")                        # a YAML error
    # a new draft titled as an author of unchanged items: their authors would name it on the site
    (sample / "items/2026/2026-0090.md").write_text(
        "---\nid: 2026-0090\ntitle: 古丽\nunit: xinfang\ncategory: 经验\ntopics: [petition]\n"
        "date: 2026-11-21\nstatus: draft\n---\n正文。\n", encoding="utf-8")
    reads.clear()
    kept = messages(sample, cache)
    assert set(reads) - others == {"2026-00005.md", "2026-0002.md", "2026-0003.md", "016.yml", "2026-0090.md"}
    full = messages(sample)
    assert kept == full
    said = "\n".join(full)
    assert "content/items/2026/2026-0001.md:2: id: 稿件 id “2026-0001”重复（另见 content/items/2026/2026-00005.md）" in said
    assert "content/items/2026/2026-0002.md:4: unit: 未知单位“nosuch”" in said
    assert "content/items/2026/2026-0003.md:8: date: 日期“2026-13-09”" in said
    assert "content/issues/zwxx/2026/017.yml:7: items[3]: 稿件“2026-0084”不存在" in said
    assert "content/issues/zwxx/2026/016.yml:5: YAML 语法错误：列表缺少“,”或“]”" in said
    assert "content/items/2026/2026-0084.md" not in said
    leaks = [line for line in full if "写有未审核稿件（content/items/2026/2026-0090.md" in line]
    # 古丽 writes 2025-/2026-0004, 0014, ... 0084 (line 5; 2025-0024 at line 6), 2026-0084 gone: 9 + 8 places
    where = {line.split(": ")[0] for line in leaks}
    assert where == {f"content/items/{year}/{year}-00{n}4.md:{6 if (year, n) == (2025, 2) else 5}"
                     for year in (2025, 2026) for n in range(9) if (year, n) != (2026, 8)}

    # What items are checked against changes: every item is read again, and says it.
    edit(sample, "units.yml", "id: tahe", "id: tahe2")
    reads.clear()
    kept = messages(sample, cache)
    assert len(reads) == total - 1 + 2   # every file again: 2026-0084.md gone, 2026-00005.md and 0090.md new
    full = messages(sample)
    assert kept == full and "未知单位“tahe”" in "\n".join(full)


def test_an_edit_in_the_same_second_with_the_same_size_is_read(sample, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    item = sample / "items/2026/2026-0001.md"
    # Just written (as a fresh copy is): not trusted by the index, whatever its stamp says.
    assert messages(sample, cache) == []
    assert str(item) not in index(cache)
    stat = item.stat()
    edit(sample, "items/2026/2026-0001.md", "unit: baer", "unit: baet")   # same length
    os.utime(item, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert item.stat().st_size == stat.st_size and item.stat().st_mtime_ns == stat.st_mtime_ns
    assert messages(sample, cache) == messages(sample) and "未知单位“baet”" in "\n".join(messages(sample))
    # Old enough to be trusted: the same edit back, same size, same modification time, is still seen.
    later(monkeypatch)
    assert messages(sample, cache) == messages(sample)
    assert str(item) in index(cache)
    stat = item.stat()
    edit(sample, "items/2026/2026-0001.md", "unit: baet", "unit: baer")
    os.utime(item, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert messages(sample, cache) == messages(sample) == []


def test_new_item_never_hands_out_an_id_on_disk(sample, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BULLETIN_CACHE", str(tmp_path / "cache"))
    later(monkeypatch)
    assert cli.main(["check", "--content", str(sample)]) == 0
    # written by hand after the check, in the same second, while the index says nothing of it
    (sample / "items/2026/2026-0085.md").write_text(
        (sample / "items/2026/2026-0084.md").read_text(encoding="utf-8").replace("2026-0084", "2026-0085"),
        encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["new-item", "--content", str(sample), "--unit", "xinfang", "--title", "测试稿件",
                     "--date", "2026-11-25"]) == 0
    assert capsys.readouterr().out.strip().endswith("items/2026/2026-0086.md")   # 0085 is taken: the next one
