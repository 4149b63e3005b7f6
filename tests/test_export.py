"""`bulletin export --json`: the whole published archive, valid against its documented schema."""

import json

import pytest
from jsonschema import Draft202012Validator

from conftest import MINIMAL, ROOT, SAMPLE, run_cli
from testsupport.reference import BUILD_DAY

SCHEMA = json.loads((ROOT / "docs" / "export.schema.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def sample_export(tmp_path_factory):
    out = tmp_path_factory.mktemp("export") / "bulletin.json"
    result = run_cli("export", "--json", "--date", BUILD_DAY.isoformat(), "--content", SAMPLE, "--out", out)
    assert result.returncode == 0, result.stderr
    return json.loads(out.read_text(encoding="utf-8"))


def test_the_sample_export_is_valid_against_the_published_schema(sample_export):
    Draft202012Validator.check_schema(SCHEMA)
    validator = Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(sample_export)]
    assert not errors, errors[:5]


def test_the_schema_rejects_a_field_it_does_not_describe(sample_export):
    # additionalProperties is false throughout, so a new export field fails above until documented.
    changed = json.loads(json.dumps(sample_export))
    changed["items"][0]["undocumented"] = 1
    assert not Draft202012Validator(SCHEMA).is_valid(changed)


def test_a_draft_is_not_exported_not_even_its_id():
    result = run_cli("export", "--json", "--content", MINIMAL)
    assert result.returncode == 0, result.stderr
    draft = (MINIMAL / "items" / "2026" / "2026-0003.md").read_text(encoding="utf-8")
    assert "status: draft" in draft and "塔河县草稿一篇尚未审核" in draft
    assert "2026-0003" not in result.stdout and "塔河县草稿" not in result.stdout
    assert [item["id"] for item in json.loads(result.stdout)["items"]] == ["2026-0001", "2026-0002"]


def test_issues_carry_their_total_number_and_items_in_print_order(sample_export, sample_archive):
    issues = {issue["key"]: issue for issue in sample_export["issues"]}
    assert len(issues) == len(sample_archive.content.issues)
    zwxx = [i for i in sample_export["issues"] if i["series"] == "zwxx" and not i["supplement"]]
    assert [i["total"] for i in zwxx] == list(range(300, 300 + len(zwxx)))
    for issue in sample_archive.content.issues:
        exported = issues[f"{issue.series}/{issue.year}/{issue.slug}"]
        assert exported["items"] == issue.item_ids and exported["date"] == issue.date.isoformat()


def test_items_list_the_issues_they_appeared_in_and_their_events(sample_export, sample_archive):
    issues = {issue["key"]: issue for issue in sample_export["issues"]}
    items = {item["id"]: item for item in sample_export["items"]}
    assert set(items) == set(sample_archive.items)
    for item in items.values():
        for placement in item["issues"]:
            assert issues[placement["issue"]]["items"][placement["position"] - 1] == item["id"]
        assert len(item["events"]) == len(sample_archive.items[item["id"]].events)
    printed = {item_id for issue in issues.values() for item_id in issue["items"]}
    assert printed <= set(items) and any(not item["issues"] for item in items.values())


def test_the_leaderboard_covers_every_period_and_is_the_sites_data_file(sample_export, sample_site):
    keys = [period["key"] for period in sample_export["leaderboard"]]
    assert {"2025", "2025-Q4", "2025-12", "2025-YTD-12", "2026", "2026-Q2", "2026-05", "2026-YTD-05"} <= set(keys)
    site = json.loads((sample_site.root / "data" / "leaderboard.json").read_text(encoding="utf-8"))
    assert site["schema_version"] == sample_export["schema_version"]
    assert site["periods"] == sample_export["leaderboard"]


def test_export_to_stdout_is_the_same_document(sample_export):
    result = run_cli("export", "--json", "--date", BUILD_DAY.isoformat(), "--content", SAMPLE)
    assert json.loads(result.stdout) == sample_export


def test_items_carry_their_corrections(content, tmp_path):
    item = content / "items/2026/2026-0001.md"
    item.write_text(item.read_text(encoding="utf-8").replace(
        "\n---", "\ncorrections:\n  - {date: 2026-06-03, text: 更正了病虫害等级}\n---", 1), encoding="utf-8")
    out = tmp_path / "bulletin.json"
    assert run_cli("export", "--json", "--content", content, "--out", out).returncode == 0
    document = json.loads(out.read_text(encoding="utf-8"))
    items = {item["id"]: item for item in document["items"]}
    assert items["2026-0001"]["corrections"] == [{"date": "2026-06-03", "text": "更正了病虫害等级"}]
    assert items["2026-0002"]["corrections"] == []
    Draft202012Validator(SCHEMA).validate(document)
