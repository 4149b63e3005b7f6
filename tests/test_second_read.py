"""new-item and new-issue read the content twice (before and with the file they write); the second read
takes the first's list of files plus the new one (`discover_added`) instead of walking the folder
again. Its answer must be a full read's: the same files in the same order, the same problems."""


import pytest

from bulletin import cli
from bulletin.cli import writing
from bulletin.content.discover import discover, discover_added
from bulletin.content.kinds import KINDS
from bulletin.content.load import read
from bulletin.content.problems import Problems

ITEM = next(kind for kind in KINDS if kind.reader == "item")
ISSUE = next(kind for kind in KINDS if kind.reader == "issue")


def walked_and_added(root, relative, text="x: 1\n"):
    """The layout and problems of a walk after writing `relative`, and of the earlier walk plus the file."""
    before = discover(root, Problems(root))
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    walked, added = Problems(root), Problems(root)
    walked_layout, added_layout = discover(root, walked), discover_added(root, before, path, added)
    return (walked_layout.found, [str(p) for p in walked]), (added_layout.found, [str(p) for p in added])


def test_the_new_file_stands_where_a_walk_finds_it(sample):
    # a new year's folder of the first series: after qkfy/2026/*, before every zwxx issue
    walked, added = walked_and_added(sample, "issues/qkfy/2027/01.yml")
    assert added == walked
    issues = [path.relative_to(sample).as_posix() for path in added[0][ISSUE.pattern]]
    at = issues.index("issues/qkfy/2027/01.yml")
    assert issues[at - 1].startswith("issues/qkfy/2026/") and issues[at + 1].startswith("issues/zwxx/2025/")
    # the next item of a year: last of that year's items (2026-0084 is the sample's last)
    walked, added = walked_and_added(sample, "items/2026/2026-0085.md")
    assert added == walked
    assert [path.name for path in added[0][ITEM.pattern]][-2:] == ["2026-0084.md", "2026-0085.md"]


def test_a_new_file_ignored_or_misplaced_is_what_a_walk_says(sample):
    (sample / ".bulletinignore").write_text("items/2027/\n", encoding="utf-8")
    walked, added = walked_and_added(sample, "items/2027/2027-0001.md")
    assert added == walked and "2027-0001.md" not in {path.name for path in added[0][ITEM.pattern]}
    walked, added = walked_and_added(sample, "items/2026/_草稿.md")   # "_": ignored by rule
    assert added == walked and added[1] == []
    walked, added = walked_and_added(sample, "items/2026/说明.txt")   # not a content file: reported
    assert added == walked and len(added[1]) == 1 and "说明.txt" in added[1][0]


@pytest.fixture
def second_reads(monkeypatch):
    """new-item's second read, beside a full read (a fresh walk) of the folder at that moment."""
    found = []

    def both(root, today=None, added=None):
        second = read(root, today, added)
        full = read(root, today)
        found.append(([str(p) for p in second.problems], [str(p) for p in full.problems],
                      sorted(second.content.items) == sorted(full.content.items)))
        return second

    monkeypatch.setattr(writing, "read", both)
    return found


@pytest.mark.parametrize("unit, day, refused", [
    ("xinfang", "2026-11-25", False),    # the next id of 2026
    ("xinfang", "2027-01-05", False),    # the first of a year with no folder yet
    ("anjian", "2026-11-25", True),      # a unit merged away on 2025-06-30: the draft is refused
])
def test_new_item_answers_as_a_full_read(sample, tmp_path, monkeypatch, capsys, second_reads, unit, day, refused):
    monkeypatch.setenv("BULLETIN_CACHE", str(tmp_path / "cache"))
    assert cli.main(["check", "--content", str(sample)]) == 0   # the memo warm: the fast path is taken
    capsys.readouterr()
    code = cli.main(["new-item", "--content", str(sample), "--unit", unit, "--title", "测试稿件", "--date", day])
    out, err = capsys.readouterr()
    [(second, full, same_items)] = second_reads
    assert second == full and same_items
    assert code == (1 if refused else 0)
    if refused:
        assert "已于 2025-06-30 撤并" in "\n".join(second) and all(problem in err for problem in second)
        assert not (sample / "items/2026/2026-0085.md").exists()
    else:
        expected = "items/2026/2026-0085.md" if day.startswith("2026") else "items/2027/2027-0001.md"
        assert second == [] and out.strip().endswith(expected) and (sample / expected).is_file()


def test_new_issue_answers_as_a_full_read(sample, tmp_path, monkeypatch, capsys, second_reads):
    monkeypatch.setenv("BULLETIN_CACHE", str(tmp_path / "cache"))
    assert cli.main(["check", "--content", str(sample)]) == 0
    capsys.readouterr()
    # the first issue of 2027 of the first series: its file sits between qkfy/2026 and zwxx/2025
    assert cli.main(["new-issue", "qkfy", "--content", str(sample), "--date", "2027-01-10"]) == 0
    [(second, full, same_items)] = second_reads
    assert second == full == [] and same_items
    assert capsys.readouterr().out.strip().endswith("issues/qkfy/2027/001.yml")
