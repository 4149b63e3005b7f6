"""new-item's second read takes the first read's answer plus the one item file it wrote
(bulletin/content/added_item.py), and must answer exactly as a full read of the folder: the same
records in the same order, the same problems. Where the new file could change a check across files
(an id another item has, a draft named in text the site shows), the shortcut steps aside."""

from datetime import date

import pytest

from bulletin.content import load
from bulletin.content.load import read

DAY = date(2026, 12, 1)


@pytest.fixture
def full_reads(monkeypatch):
    """How many times every file was read and checked (`load._records`), run by run."""
    calls = []
    records = load._records
    monkeypatch.setattr(load, "_records", lambda *args: calls.append(1) or records(*args))
    return calls


def item(item_id, title, day, status="draft", extra=""):
    approved = "approved_by: 王志刚\n" if status == "approved" else ""
    return (f"---\nid: {item_id}\ntitle: {title}\nunit: xinfang\n{extra}category: 经验\ntopics: [petition]\n"
            f"date: {day}\nstatus: {status}\n{approved}---\n正文。\n")


def second_and_full(sample, relative, text, full_reads):
    """(second read, full read, whether the second read read every file) after writing `relative`."""
    first = read(sample, DAY)
    assert [str(p) for p in first.problems] == []
    path = sample / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    full_reads.clear()
    second = read(sample, DAY, added=(first, path))
    read_all = bool(full_reads)
    full = read(sample, DAY)
    assert [str(p) for p in second.problems] == [str(p) for p in full.problems]
    if not full.problems:
        assert repr(second.content) == repr(full.content)
    return second, full, read_all


@pytest.mark.parametrize("relative, text", [
    # the next draft of 2026: the last of 84 items of 2026, the last of all
    ("items/2026/2026-0085.md", item("2026-0085", "信访积案化解的新情况", "2026-11-30")),
    # a draft of an earlier year: after 2025's files, before 2026's (order is part of the answer)
    ("items/2025/2025-0200.md", item("2025-0200", "补录的一篇稿件", "2025-12-30")),
    # a published item, with authors (text the site shows beside it) naming no draft
    ("items/2026/2026-0085.md", item("2026-0085", "信访积案化解的新情况", "2026-11-30", "approved", "authors: [王小明]\n")),
])
def test_a_clean_new_item_is_checked_alone_and_answers_as_a_full_read(sample, full_reads, relative, text):
    second, full, read_all = second_and_full(sample, relative, text, full_reads)
    assert not full.problems and not read_all
    item_id = relative.rsplit("/", 1)[1].removesuffix(".md")
    ids = list(second.content.items)
    assert item_id in ids and len(ids) == 170 + 1   # the sample's 163 approved + 7 drafts, and the new one
    # the walk's order: 2025-0200 right after 2025's last item file, before 2026-0001
    assert ids.index(item_id) == (ids.index("2026-0001") - 1 if item_id.startswith("2025") else len(ids) - 1)


@pytest.mark.parametrize("relative, text, said", [
    # the id of an item of 2026, in 2025's folder: a duplicate (reported at the later file in the walk)
    ("items/2025/2026-0084.md", item("2026-0084", "重复编号的稿件", "2025-12-30"), "重复"),
    # a draft titled with a published item's author (马涛 wrote 2025-0003, published): the site shows it
    ("items/2026/2026-0085.md", item("2026-0085", "马涛", "2026-11-30"), "马涛"),
    # a draft titled with a unit's name: a name the site shows
    ("items/2026/2026-0085.md", item("2026-0085", "红旗乡", "2026-11-30"), "红旗乡"),
    # a published item whose author is a draft's title (2026-0035's, a draft)
    ("items/2026/2026-0085.md", item("2026-0085", "信访积案化解的新情况", "2026-11-30", "approved",
                                     "authors: [红旗乡群众来访接待后期走势分析]\n"), "红旗乡群众来访接待后期走势分析"),
])
def test_a_new_item_that_changes_a_check_across_files_is_read_with_every_file(sample, full_reads, relative, text, said):
    second, full, read_all = second_and_full(sample, relative, text, full_reads)
    assert full.problems and any(said in str(problem) for problem in full.problems)
    assert read_all   # the same problems, because every file was read again


def test_a_new_issue_is_not_taken_as_an_item(sample, full_reads):
    """new-issue writes an issue: what it changes (numbering, items printed) is left to the full read."""
    text = "series: qkfy\nnumber: 1\ndate: 2027-01-10\nsigner: 张建国\nitems: [2026-0084]\n"
    second, full, read_all = second_and_full(sample, "issues/qkfy/2027/001.yml", text, full_reads)
    assert read_all


# -- a check after one item file was edited ------------------------------------------------------------

def edited(sample, tmp_path, full_reads, relative, old, new, setup=None):
    """(problems of a check with the memo after the edit, a full read's, whether every file was read)."""
    from bulletin.content import parse_memo
    if setup:
        setup(sample)
    with parse_memo.kept(tmp_path / "cache"):
        assert not read(sample, DAY).problems    # the last clean answer kept
    path = sample / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    full_reads.clear()
    with parse_memo.kept(tmp_path / "cache"):
        checked = read(sample, DAY)
    read_all = bool(full_reads)
    full = read(sample, DAY)
    assert [str(p) for p in checked.problems] == [str(p) for p in full.problems]
    assert repr(checked.content) == repr(full.content)
    return [str(p) for p in full.problems], read_all


@pytest.mark.parametrize("relative, old, new", [
    ("items/2026/2026-0005.md", "\n---\n", "\n---\n新增一句。\n"),             # a published item's body
    ("items/2026/2026-0035.md", "\n---\n", "\n---\n新增一句。\n"),             # a draft's body
    ("items/2026/2026-0005.md", "authors: [杨帆]", "authors: [杨帆, 王小明]"),   # text shown beside it
    ("items/2026/2026-0035.md", "title: 红旗乡群众来访接待后期走势分析", "title: 红旗乡群众来访接待情况"),   # a draft's title
])
def test_a_clean_edit_of_one_item_is_checked_alone(sample, tmp_path, full_reads, relative, old, new):
    said, read_all = edited(sample, tmp_path, full_reads, relative, old, new)
    assert said == [] and not read_all


def _cited_draft(sample):
    """A draft's id (2026-0035) shown beside a published item (2025-0003's authors), which passes only because a
    published body (2026-0005's) cites that id: verify counts it as published content's own words."""
    for relative, old, new in (("items/2025/2025-0003.md", "authors: [马涛]", "authors: [马涛, 2026-0035]"),
                               ("items/2026/2026-0005.md", "\n---\n", "\n---\n参见2026-0035。\n")):
        path = sample / relative
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


def _draft_shows_a_picture(sample):
    """2026-0035, a draft, refers to its picture: in use, so the picture is no problem."""
    (sample / "items/2026/images").mkdir(exist_ok=True)
    (sample / "items/2026/images/2026-0035-1.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)
    path = sample / "items/2026/2026-0035.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n![图1](images/2026-0035-1.png)\n", encoding="utf-8")


@pytest.mark.parametrize("relative, old, new, setup, expected", [
    # its id now another item's (and not its file's name)
    ("items/2026/2026-0005.md", "id: 2026-0005", "id: 2026-0006", None, "重复"),
    # a draft now, though zwxx/2026/001.yml prints it
    ("items/2026/2026-0005.md", "status: approved", "status: draft", None, "未审核通过"),
    # reported after zwxx/2026/001.yml (2026-01-02... its date) printed it
    ("items/2026/2026-0005.md", "date: 2026-01-17", "date: 2026-12-17", None, "晚于本期日期"),
    # a draft's title now a published item's author (马涛 wrote 2025-0003)
    ("items/2026/2026-0035.md", "title: 红旗乡群众来访接待后期走势分析", "title: 马涛", None, "马涛"),
    # a published item's author now a draft's title (2026-0062's)
    ("items/2026/2026-0005.md", "authors: [杨帆]", "authors: [杨帆, {title}]", None, "写有未审核稿件"),
    # the body that cited the draft's id no longer does: the id beside 2025-0003 is now a leak
    ("items/2026/2026-0005.md", "参见2026-0035。", "参见。", _cited_draft, "写有未审核稿件"),
    # the draft's reference taken out: no item shows the picture now
    ("items/2026/2026-0035.md", "![图1](images/2026-0035-1.png)", "", _draft_shows_a_picture, "没有稿件正文引用此图片"),
])
def test_an_edit_that_changes_a_check_across_files_reads_every_file(sample, tmp_path, full_reads, relative, old, new,
                                                                    setup, expected):
    if "{title}" in new:
        draft = (sample / "items/2026/2026-0062.md").read_text(encoding="utf-8")
        new = new.format(title=next(line[7:] for line in draft.splitlines() if line.startswith("title: ")))
    said, read_all = edited(sample, tmp_path, full_reads, relative, old, new, setup)
    assert any(expected in line for line in said) and read_all


def test_an_edit_taken_back_is_kept_as_the_last_answer(sample, tmp_path, monkeypatch):
    """The last clean answer's index is one entry rewritten run by run: after an edit and its undoing, the
    undone state's answer is the one kept, so the next check takes it whole (no file, no edit to weigh)."""
    from bulletin.content import added_item, parse_memo
    weighed = []
    edited_item = added_item.with_edited_item
    monkeypatch.setattr(added_item, "with_edited_item", lambda *args: weighed.append(1) or edited_item(*args))
    path = sample / "items/2026/2026-0005.md"
    text = path.read_text(encoding="utf-8")

    def check():
        weighed.clear()
        with parse_memo.kept(tmp_path / "cache"):
            assert not read(sample, DAY).problems
        return len(weighed)

    assert check() == 0
    path.write_text(text.replace("\n---\n", "\n---\n新增一句。\n", 1), encoding="utf-8")
    assert check() == 1
    path.write_text(text, encoding="utf-8")
    assert check() == 1
    assert check() == 0   # when the index was not written (the same keys as before), it weighed the edit again


def test_edit_after_edit_keeps_the_last_answers_not_every_one(sample, tmp_path):
    """Each answer taken from the last one must not carry every earlier one on: the memo holds this run's
    answer and the one it started from, whatever the number of edits (it held one more a run, 4.8 MB each
    at 5,000 items, and every check loaded and wrote them all)."""
    import pickle
    from bulletin.content import parse_memo
    from bulletin.model import Content
    path = sample / "items/2026/2026-0005.md"
    text = path.read_text(encoding="utf-8")

    def answers_kept():
        with parse_memo.kept(tmp_path / "cache"):
            assert not read(sample, DAY).problems
        kept = pickle.loads((tmp_path / "cache/check/parsed.pickle").read_bytes())["parsed"].values()
        return sum(isinstance(entry, tuple) and isinstance(entry[0], Content) for entry in map(pickle.loads, kept))

    assert answers_kept() == 1
    for turn in range(4):   # each edit another text: another answer each run
        path.write_text(text.replace("\n---\n", f"\n---\n新增第{turn}句。\n", 1), encoding="utf-8")
        assert answers_kept() == 2   # this one's and the last one's, read to start from
    (sample / "issues/zwxx/2026/001.yml").write_text(   # an issue edited: every file read, one answer
        (sample / "issues/zwxx/2026/001.yml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert answers_kept() == 1
