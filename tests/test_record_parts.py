"""The record's text made of kept parts is byte for byte the text a full render writes.

Publish writes the record as one part per section and year, looked up by the digest of the part's
entries in the parts kept from the last publish (bulletin/ops/record_parts.py): only a year whose
entries changed is written again."""

from datetime import date, datetime, timezone
import hashlib
import json
import shutil
from pathlib import Path

import pytest

from bulletin.archive import Archive
from bulletin.content.load import load_content
from bulletin.content import published_record
from bulletin.ops import record_parts
from bulletin.site.kept_texts import KeptTexts
from testsupport.synthetic import add_issue, correct_item, write_archive

SAMPLE = Path(__file__).resolve().parent / "fixtures" / "sample"
WHEN = datetime(2020, 11, 26, 8, tzinfo=timezone.utc)
TODAY = date(2020, 11, 26)   # the day after the new issue add_issue makes below


def render(content: Path, parts: Path | None = None, previous=None, today: date = TODAY) -> str:
    """The record's text; in parts kept in the file `parts` if given, saved for the next render."""
    archive = Archive(load_content(content, today))
    when = datetime.combine(today, WHEN.timetz())
    if parts is None:
        return published_record.render(archive, when, previous, today=today)
    kept = KeptTexts(parts, record_parts.WRITER)
    text = published_record.render(archive, when, previous, today=today, write=lambda data: record_parts.in_parts(data, kept))
    kept.save()
    return text


def kept_parts(file: Path) -> dict[str, str]:
    return {key: text for key, (text, _) in json.loads(file.read_bytes())["texts"].items()}


def test_the_sample_s_record_in_parts_is_its_full_render():
    archive = Archive(load_content(SAMPLE))
    when = datetime(2026, 12, 1, 8, tzinfo=timezone.utc)
    parts = KeptTexts(None, record_parts.WRITER)
    parted = published_record.render(archive, when, None, write=lambda data: record_parts.in_parts(data, parts))
    assert parted == published_record.render(archive, when, None)
    # 8 parts = issues of 2 series (zwxx, qkfy) x 2 years + items of 2025 and 2026 + circulars of 2025 and 2026
    assert parts.made == 2 * 2 + 2 + 2 and parts.reused == 0
    # the parts, in order, are the record's entries: every line after `issues:` but the section names
    entries = [line for line in parted.split("issues:\n", 1)[1].splitlines(keepends=True) if line.startswith("  ")]
    assert "".join(parts.text(key, lambda: "missing") for key in parts.keys()) == "".join(entries)


@pytest.fixture(scope="module")
def archive_2000(tmp_path_factory) -> Path:
    content = tmp_path_factory.mktemp("record") / "content"
    write_archive(SAMPLE, content, 2000, 2017, 4)   # 2017-2020: four years of items and issues
    return content


@pytest.mark.slow
def test_parts_make_the_full_render_s_bytes_and_a_change_rewrites_only_its_year(archive_2000, tmp_path):
    full = render(archive_2000)
    store = tmp_path / "parts.json"
    assert render(archive_2000, store) == full
    # 4 years of items, of issues (one series of issues in the synthetic archive), of circulars
    years = {line[2:6] for line in full.split("items:\n", 1)[1].splitlines() if line.startswith("  20")}
    assert years == {"2017", "2018", "2019", "2020"}
    first = kept_parts(store)
    # 16 parts = items of 4 years + issues of 2 series (zwxx, qkfy) x 4 years + circulars of 4 years
    assert len(first) == 4 + 2 * 4 + 4
    # the parts are what is written: a part kept under its digest (with its own hash) is used as it stands
    tampered = tmp_path / "tampered.json"
    kept = json.loads(store.read_bytes())
    for key, (text, _) in kept["texts"].items():
        text = text.replace("sha256:", "SHA256:")
        kept["texts"][key] = [text, hashlib.sha256(text.encode("utf-8")).hexdigest()]
    tampered.write_text(json.dumps(kept), encoding="utf-8")
    assert "sha256:" in full and "sha256:" not in render(archive_2000, tampered)

    # A new issue (2020-11-25) and a correction to one item: a warm render equals a cold full one.
    content = tmp_path / "content"
    shutil.copytree(archive_2000, content)
    published_record.save(content / published_record.FILE, full)
    corrected = correct_item(content, TODAY)
    added = add_issue(content, count=5, seed=3)
    changed = render(content)
    assert render(content, store) == changed != full
    # Written again: the items of the corrected item's year and of the new issue's year, and that
    # year's issues; every other part is the one kept (the store now holds this text's parts only).
    warm = kept_parts(store)
    rewritten = {("items", corrected[:4]), ("items", added["date"][:4]), ("issues", added["date"][:4])}
    assert set(warm) - set(first) and len(set(warm) - set(first)) == len(rewritten), (corrected, added)
    assert len(warm) == len(first)


@pytest.mark.slow
def test_published_times_kept_from_the_record_before_are_in_the_parts(archive_2000, tmp_path):
    before = tmp_path / "before.yml"
    before.write_text(render(archive_2000).replace("2020-11-26T08:00:00Z", "2020-01-05T08:00:00Z", 1), encoding="utf-8")
    parted = render(archive_2000, tmp_path / "parts.json", before)
    assert parted == render(archive_2000, None, before)
    assert parted.count("2020-01-05T08:00:00Z") == 1


def test_a_damaged_kept_part_is_made_again_not_used(tmp_path):
    store = tmp_path / "parts.json"
    today = date(2026, 12, 1)
    first = render(SAMPLE, store, today=today)
    kept = json.loads(store.read_bytes())
    key = next(key for key, (text, _) in kept["texts"].items() if "sha256:" in text)
    kept["texts"][key][0] = kept["texts"][key][0].replace("sha256:", "SHA256:")   # its own hash no longer matches
    store.write_text(json.dumps(kept), encoding="utf-8")
    assert render(SAMPLE, store, today=today) == first
    store.write_text("{not json", encoding="utf-8")
    assert render(SAMPLE, store, today=today) == first
    assert record_parts.kept("off") is None and record_parts.kept("") is None
