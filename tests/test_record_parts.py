"""The record's text made of kept parts is byte for byte the text a full render writes.

Publish writes the record as one part per section and year, looked up by the digest of the part's
entries in the parts kept from the last publish (bulletin/ops/record_parts.py): only a year whose
entries changed is written again."""

from datetime import date, datetime, timezone
import shutil
from pathlib import Path

import pytest

from bulletin.archive import Archive
from bulletin.content.load import load_content
from bulletin.content import published_record
from bulletin.ops import record_parts
from testsupport.synthetic import add_issue, correct_item, write_archive

SAMPLE = Path(__file__).resolve().parent / "fixtures" / "sample"
WHEN = datetime(2020, 11, 26, 8, tzinfo=timezone.utc)
TODAY = date(2020, 11, 26)   # the day after the new issue add_issue makes below


def render(content: Path, memo=None, previous=None) -> str:
    archive = Archive(load_content(content, TODAY))
    write = None if memo is None else lambda data: record_parts.in_parts(data, memo)
    return published_record.render(archive, WHEN, previous, today=TODAY, write=write)


def test_the_sample_s_record_in_parts_is_its_full_render():
    archive = Archive(load_content(SAMPLE))
    when = datetime(2026, 12, 1, 8, tzinfo=timezone.utc)
    memo: dict[str, str] = {}
    parted = published_record.render(archive, when, None, write=lambda data: record_parts.in_parts(data, memo))
    assert parted == published_record.render(archive, when, None)
    # 8 parts = items of 2025 and 2026 + issues of 2 series (zwxx, qkfy) x 2 years + circulars of 2025 and 2026
    assert len(memo) == 2 + 2 * 2 + 2
    # the parts, in order, are the record's entries: every line after `issues:` but the section names
    entries = [line for line in parted.split("issues:\n", 1)[1].splitlines(keepends=True) if line.startswith("  ")]
    assert "".join(memo.values()) == "".join(entries)


@pytest.fixture(scope="module")
def archive_2000(tmp_path_factory) -> Path:
    content = tmp_path_factory.mktemp("record") / "content"
    write_archive(SAMPLE, content, 2000, 2017, 4)   # 2017-2020: four years of items and issues
    return content


@pytest.mark.slow
def test_parts_make_the_full_render_s_bytes_and_a_change_rewrites_only_its_year(archive_2000, tmp_path):
    full = render(archive_2000)
    memo: dict[str, str] = {}
    assert render(archive_2000, memo) == full
    # 4 years of items, of issues (one series of issues in the synthetic archive), of circulars
    years = {line[2:6] for line in full.split("items:\n", 1)[1].splitlines() if line.startswith("  20")}
    assert years == {"2017", "2018", "2019", "2020"}
    first = dict(memo)
    # 16 parts = items of 4 years + issues of 2 series (zwxx, qkfy) x 4 years + circulars of 4 years
    assert len(first) == 4 + 2 * 4 + 4
    # the parts are what is written: a part kept under its digest is used as it stands
    tampered = {key: text.replace("sha256:", "SHA256:") for key, text in first.items()}
    assert "sha256:" in full and "sha256:" not in render(archive_2000, tampered)

    # A new issue (2020-11-25) and a correction to one item: a warm render equals a cold full one.
    content = tmp_path / "content"
    shutil.copytree(archive_2000, content)
    published_record.save(content / published_record.FILE, full)
    corrected = correct_item(content, TODAY)
    added = add_issue(content, count=5, seed=3)
    changed = render(content)
    warm = dict(first)
    assert render(content, warm) == changed != full
    # Written again: the items of the corrected item's year and of the new issue's year, and that
    # year's issues; every other part is the one kept (the memo now holds this text's parts only).
    rewritten = {("items", corrected[:4]), ("items", added["date"][:4]), ("issues", added["date"][:4])}
    assert set(warm) - set(first) and len(set(warm) - set(first)) == len(rewritten), (corrected, added)
    assert len(warm) == len(first)


@pytest.mark.slow
def test_published_times_kept_from_the_record_before_are_in_the_parts(archive_2000, tmp_path):
    before = tmp_path / "before.yml"
    before.write_text(render(archive_2000).replace("2020-11-26T08:00:00Z", "2020-01-05T08:00:00Z", 1), encoding="utf-8")
    memo: dict[str, str] = {}
    parted = render(archive_2000, memo, before)
    assert parted == render(archive_2000, None, before)
    assert parted.count("2020-01-05T08:00:00Z") == 1


def test_a_damaged_kept_part_is_dropped_not_used(tmp_path):
    where = record_parts.where(str(tmp_path))
    record_parts.save(where, {"a" * 64: "  2020-0001: {title: x}\n", "b" * 64: "  2020-0002: {title: y}\n"})
    assert record_parts.load(where) == {"a" * 64: "  2020-0001: {title: x}\n", "b" * 64: "  2020-0002: {title: y}\n"}
    where.write_text(where.read_text(encoding="utf-8").replace("title: y", "title: z"), encoding="utf-8")
    assert record_parts.load(where) == {"a" * 64: "  2020-0001: {title: x}\n"}
    where.write_text("{not json", encoding="utf-8")
    assert record_parts.load(where) == {}
    assert record_parts.where("off") is None and record_parts.load(None) is None
