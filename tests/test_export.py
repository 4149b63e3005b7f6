"""`bulletin export --json`: the whole published archive, valid against its documented schema."""

import json
import shutil

import pytest
from jsonschema import Draft202012Validator

from testsupport.reference import BUILD_DAY
from conftest import MINIMAL, ROOT, SAMPLE, run_cli
from testsupport.site_data import read_split

SCHEMA = json.loads((ROOT / "docs" / "export.schema.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def sample_export(tmp_path_factory):
    out = tmp_path_factory.mktemp("export") / "bulletin.json"
    result = run_cli("export", "--json", "--content", SAMPLE, "--out", out, "--date", BUILD_DAY.isoformat())   # the site's date
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
    site = read_split(sample_site.root, "leaderboard")
    assert site["schema_version"] == sample_export["schema_version"]
    assert site["periods"] == sample_export["leaderboard"]


def test_authors_and_fees_are_the_sites_data_file(sample_export, sample_site):
    """The site's file is the export's authors part without a person's fee: the sample does not publish
    fees (publish_fees), so the export (the office's own, off the site) keeps them and the site does not."""
    site = read_split(sample_site.root, "authors")
    assert site["schema_version"] == sample_export["schema_version"]
    unpaid = [dict(period, fees=None, authors=[dict(author, fees=None) for author in period["authors"]])
              for period in sample_export["authors"]["periods"]]
    assert {key: site[key] for key in ("fee_rules", "periods", "payments")} == {"fee_rules": [], "periods": unpaid, "payments": []}
    assert sample_export["authors"]["payments"] and sample_export["authors"]["fee_rules"]
    year = next(p for p in sample_export["authors"]["periods"] if p["key"] == "2026")
    assert year["fees"]["fen"] == sum(p["fen"] for p in sample_export["authors"]["payments"] if p["date"].startswith("2026"))


def test_export_to_stdout_is_the_same_document(sample_export):
    result = run_cli("export", "--json", "--content", SAMPLE, "--date", BUILD_DAY.isoformat())
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


def test_requests_and_penalties_are_exported_as_judged_on_the_build_day(sample_export, sample_site):
    requests = {r["id"]: r for r in sample_export["requests"]}
    assert list(requests) == ["2026-yd03", "2026-yd06", "2026-yd11"]   # by date
    yd03 = requests["2026-yd03"]
    assert (yd03["due"], yd03["decided"], yd03["units"]) == ("2026-03-12", True, ["linshuang", "tahe", "qingyuan", "nongye"])
    # 2026-0019 (linshuang, 03-11) is on time; the joint 2026-0020 (tahe + qingyuan, 03-14) is late for both
    assert [(a["unit"], a["outcome"], a["items"]) for a in yd03["answers"]] == [
        ("linshuang", "on_time", ["2026-0019"]), ("tahe", "late", ["2026-0020"]), ("qingyuan", "late", ["2026-0020"]),
        ("nongye", "missed", [])]
    yd11 = requests["2026-yd11"]   # due 11-30: still open on the build day (11-25)
    assert yd11["units"] == "all" and not yd11["decided"]
    assert {a["outcome"] for a in yd11["answers"]} == {"on_time", "pending"}
    # 迟报 -10 and 漏报瞒报 -20 by the 2026 rules
    assert [(p["unit"], p["type"], p["points"]) for p in sample_export["penalties"]] == [("tahe", "迟报", -10.0), ("jinsha", "漏报瞒报", -20.0)]
    site = json.loads((sample_site.root / "data" / "requests.json").read_text(encoding="utf-8"))
    assert site["as_of"] == BUILD_DAY.isoformat()
    assert (site["requests"], site["penalties"]) == (sample_export["requests"], sample_export["penalties"])


def test_periods_running_on_the_export_date_are_provisional_with_no_circular(sample_export):
    """Exported on 2026-11-25 (mid-month): November, the fourth quarter, 2026 and 2026's
    January-to-November have not ended, so they are provisional 截至11月25日 and November has no
    文号; October ended on the 31st and has its circular, dated that day."""
    periods = {period["key"]: period for period in sample_export["leaderboard"]}
    running = {key for key, period in periods.items() if period["provisional"]}
    assert running == {"2026-11", "2026-Q4", "2026", "2026-YTD-11"}
    note = "截至2026年11月25日（暂未结束）：数字仍会变动，不是正式通报；未结束的月份不计定额。"
    for key in running:
        assert (periods[key]["as_of"], periods[key]["note"], periods[key]["circular"]) == ("2026-11-25", note, None), key
    october = periods["2026-10"]
    assert (october["provisional"], october["as_of"], october["note"]) == (False, None, None)
    assert october["circular"] == {"number": "巴署办信〔2026〕10号", "date": "2026-10-31", "early": False}
    assert periods["2025-12"]["circular"]["number"] == "巴署办信〔2025〕12号"
    # a month has a circular once ended; quarters, years and year-to-date never
    assert [key for key, period in periods.items() if period["circular"]] == [
        key for key, period in periods.items() if period["kind"] == "month" and not period["provisional"]]
    assert sum(1 for period in periods.values() if period["circular"]) == 12 + 10   # 2025's 12 months, 2026's Jan-Oct


def test_a_month_issued_early_has_its_circular_and_stays_provisional(tmp_path):
    """bulletin.yml's early_circulars: 2026-11-20 issues November's circular on that day; exported on
    the 25th, November has 文号 〔2026〕11号 dated the 20th (early), and its exported figures are 截至25日."""
    content = tmp_path / "content"
    shutil.copytree(SAMPLE, content)
    settings = content / "bulletin.yml"
    settings.write_text(settings.read_text(encoding="utf-8") + "\nearly_circulars: [2026-11-20]\n", encoding="utf-8")
    out = tmp_path / "bulletin.json"
    result = run_cli("export", "--json", "--content", content, "--out", out, "--date", "2026-11-25")
    assert result.returncode == 0, result.stderr
    periods = {period["key"]: period for period in json.loads(out.read_text(encoding="utf-8"))["leaderboard"]}
    november = periods["2026-11"]
    assert november["circular"] == {"number": "巴署办信〔2026〕11号", "date": "2026-11-20", "early": True}
    assert november["provisional"] and november["as_of"] == "2026-11-25"
    # the exported figures are the month's as they stand (the circular's own stay as of the 20th: its page and PDF)
    assert november["note"] == "截至2026年11月25日（暂未结束）：数字仍会变动，不是正式通报；未结束的月份不计定额。"


def _split_files(content, day) -> dict[str, bytes]:
    from bulletin.archive import Archive
    from bulletin.content.load import load_content
    from bulletin.cycle.scoring import Leaderboard
    from bulletin.site.plan import data_files
    archive = Archive(load_content(content, day))
    return {f.path: f.content() for f in data_files(archive, Leaderboard(archive, day))
            if f.path.startswith(("data/leaderboard", "data/authors")) and f.path.endswith(".json")}


def test_a_new_issue_rewrites_only_its_years_data_files(tmp_path):
    """The site's leaderboard and authors JSON come a year a file (issue 32): a new 2026 issue leaves
    the index and 2025's files byte for byte as they were, so a kept release shares them (hard links
    of equal files), and rewrites 2026's, which count the new items."""
    from datetime import date, timedelta
    from testsupport.synthetic import add_issue
    content = tmp_path / "content"
    shutil.copytree(SAMPLE, content)
    latest = max(date.fromisoformat(str(line.split(":", 1)[1].strip()))
                 for path in content.glob("issues/*/2026/*.yml") for line in path.read_text(encoding="utf-8").splitlines()
                 if line.startswith("date:"))
    day = latest + timedelta(days=5)   # after the new issue (dated two days after the latest)
    before = _split_files(content, day)
    added = add_issue(content, count=2, seed=3)
    assert added["date"].startswith("2026-")
    after = _split_files(content, day)
    assert set(before) == set(after) == {"data/leaderboard.json", "data/leaderboard-2025.json", "data/leaderboard-2026.json",
                                         "data/authors.json", "data/authors-2025.json", "data/authors-2026.json"}
    for path in ("data/leaderboard.json", "data/leaderboard-2025.json", "data/authors.json", "data/authors-2025.json"):
        assert before[path] == after[path], path
    published = [sum(u["published"] for g in json.loads(files["data/leaderboard-2026.json"])["periods"][0]["groups"] for u in g["units"])
                 for files in (before, after)]
    units = sum(len(_units_of(content, item)) for item in added["items"])
    assert published[1] == published[0] + units   # each new item is one 刊用 for each of its units


def _units_of(content, item_id: str) -> list[str]:
    import yaml
    text = next(content.glob(f"items/*/{item_id}.md")).read_text(encoding="utf-8")
    meta = yaml.safe_load(text.split("---")[1])
    return [meta["unit"], *meta.get("co_units", [])]
