"""The record: once published, an item's title and body change only with a correction (更正)."""

from datetime import datetime, timezone

import pytest

from bulletin.archive import Archive
from bulletin.content.load import check_content, load_content
from bulletin.content.published_record import write
from conftest import Site, build_site
from test_validation import ISSUE_1, assert_problem, edit, problems_of

ITEM_1 = "items/2026/2026-0001.md"
LOCK = "published.lock"
CORRECTION = "corrections:\n  - {date: 2026-06-01, text: 更正了病虫害等级的表述}\n---"


def record(content):
    return write(content, Archive(load_content(content)), datetime(2026, 5, 18, 8, tzinfo=timezone.utc))


def lock_line(content, text):
    lines = (content / LOCK).read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if line.lstrip().startswith(text))


@pytest.fixture
def recorded(content):
    assert record(content) == content / LOCK
    assert not check_content(content)
    return content


def test_changed_title_without_correction_fails_at_the_title(recorded):
    edit(recorded, ITEM_1, "预计为中度偏重发生", "预计为重度发生")
    assert_problem(recorded, ITEM_1, 3, "title", "已发布稿件的标题有改动")


def test_changed_body_without_correction_fails_at_the_body(recorded):
    edit(recorded, ITEM_1, "中度偏重发生。", "重度发生。")
    assert_problem(recorded, ITEM_1, 13, "body", "已发布稿件的正文有改动")


def test_a_correction_makes_the_change_part_of_the_record(recorded, tmp_path):
    edit(recorded, ITEM_1, "中度偏重发生。", "重度发生。")
    edit(recorded, ITEM_1, "\n---", "\n" + CORRECTION)
    assert not check_content(recorded)
    record(recorded)  # published again: the corrected text is the record now
    edit(recorded, ITEM_1, "重度发生。", "特重发生。")  # a second change needs a second correction
    assert_problem(recorded, ITEM_1, 15, "body", "正文有改动")
    edit(recorded, ITEM_1, "特重发生。", "重度发生。")
    site = Site(build_site(recorded, tmp_path / "site"))
    corrections = site.soup("items/2026-0001/").select_one(".bl-corrections").get_text(" ")
    assert "2026年6月1日" in corrections and "更正了病虫害等级的表述" in corrections
    flags = site.soup("issues/zwxx/2026/1/").select(".bl-corrected")
    assert len(flags) == 1 and "2026年6月1日" in flags[0].get_text()
    assert flags[0].find_parent("section")["id"] == "item-2026-0001"


def test_new_events_and_line_endings_are_not_changes(recorded):
    edit(recorded, ITEM_1, "  - {type: forwarded, level: province, date: 2026-05-13}",
         "  - {type: forwarded, level: province, date: 2026-05-13}\n"
         "  - {type: adopted, level: province, publication: 昨日要情, date: 2026-05-20}")
    path = recorded / ITEM_1
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n").replace("发生。".encode(), "发生。   ".encode()))
    assert not check_content(recorded)


def test_removing_a_published_item_fails(recorded):
    (recorded / ITEM_1).unlink()
    assert_problem(recorded, LOCK, lock_line(recorded, "2026-0001:"), "2026-0001", "已发布的稿件不在内容中")


def test_unapproving_a_published_item_fails(recorded):
    edit(recorded, ITEM_1, "status: approved", "status: draft")
    assert_problem(recorded, ITEM_1, 8, "status", "已发布的稿件不得改为未审核")


def test_removing_a_published_issue_fails(recorded):
    (recorded / ISSUE_1).unlink()
    assert_problem(recorded, LOCK, lock_line(recorded, "zwxx/2026/1:"), "zwxx/2026/1", "已发布的刊物不在内容中")


def test_changing_a_published_issue_s_items_fails(recorded):
    edit(recorded, ISSUE_1, "items: [2026-0001, 2026-0002]", "items: [2026-0002, 2026-0001]")
    assert_problem(recorded, ISSUE_1, 6, "items", "已发布刊物的稿件目录不得改动")


def test_unpublished_content_changes_freely(recorded):
    edit(recorded, "items/2026/2026-0003.md", "草稿正文。", "改过的草稿。")
    assert not problems_of(recorded)


def test_a_damaged_record_is_reported(recorded):
    (recorded / LOCK).write_text("issues: [oops\n", encoding="utf-8")
    assert any(p[0] == LOCK for p in problems_of(recorded))


def test_what_check_derived_from_the_content_serves_publish_s_record_checks(recorded, monkeypatch):
    """Publish checks the content (the record check among the rest), then the record of every kept
    release, then writes the new record: each item's title and body are hashed once for all."""
    from bulletin.content import published_record
    from bulletin.content.problems import Problems
    hashed = []
    real = published_record._fingerprint
    monkeypatch.setattr(published_record, "_fingerprint", lambda item: hashed.append(item.id) or real(item))
    content = load_content(recorded)   # check: every item the record holds is hashed, once
    recorded_items = (recorded / LOCK).read_text(encoding="utf-8").count("title: 'sha256:")
    assert len(hashed) == len(set(hashed)) == recorded_items > 0
    derived = published_record.Derived.of(content, Archive(content))
    for _ in range(2):   # two kept releases' records
        problems = Problems(recorded)
        published_record.check(content, recorded, problems, record=recorded / LOCK, derived=derived)
        assert not problems
    assert len(hashed) == recorded_items
    assert published_record.Derived.of(load_content(recorded)) is not derived   # other content: derived anew
    assert len(hashed) == 2 * recorded_items
