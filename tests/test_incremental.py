"""Incremental builds write exactly what a clean build writes.

Each case starts from a warm cache of the sample, changes one thing, builds with that cache and
compares every file, byte for byte, with a `--clean` build of the same content. The phases record
shows the cache was used (pages reused) and that the change was rendered (pages rendered again),
so a test that passed by rebuilding everything, or by reusing everything, would be caught.
"""

import json
import re
from datetime import date, datetime, time, timezone
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLE, SITE_URL, fast_lane, run_cli
from testsupport.reference import BUILD_DATE

# Two render workers even for the sample's few hundred pages, so the forked path is the one checked.
ENV = {**BUILD_DATE, "BULLETIN_PDF": "off", "BULLETIN_JOBS": "2"}


def build(content: Path, out: Path, cache: Path | None, config: Path | None = None, phase: str = "render",
          pdf: bool = False, day: str | None = None) -> dict:
    """Build (on `day`, default the reference build's); returns the record of `phase` (render: pages
    rendered and reused; pdf: PDFs)."""
    phases = out.with_name(out.name + ".phases.jsonl")
    phases.unlink(missing_ok=True)
    options = ["--cache", cache] if cache else ["--clean"]
    if config:
        options += ["--config", config]
    # The clean build, the truth, renders in one process: the incremental build's forked path is
    # compared with the serial one (a fault of the forked path alone cannot hide in both), and the
    # truth costs no workers' start-up (sample, PDFs off: 7.8 s of CPU, not 9.2 s).
    result = run_cli("build", "--content", content, "--out", out, "--site-url", SITE_URL, *options,
                     env={**ENV, "BULLETIN_PHASES": str(phases), "BULLETIN_PDF": "on" if pdf else "off",
                          **({} if cache else {"BULLETIN_JOBS": "1"}),
                          **({"SOURCE_DATE_EPOCH": _epoch(day)} if day else {})})
    assert result.returncode == 0, result.stdout + result.stderr
    records = [json.loads(line) for line in phases.read_text(encoding="utf-8").splitlines()]
    return next(record for record in records if record["phase"] == phase)


def _epoch(day: str) -> str:
    return str(int(datetime.combine(date.fromisoformat(day), time(), timezone.utc).timestamp()))


def tree(root: Path) -> dict[str, bytes]:
    """Every file, the search index's too (its bundles are written in a fixed order)."""
    return {str(path.relative_to(root)): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


def differences(a: Path, b: Path) -> list[str]:
    left, right = tree(a), tree(b)
    return sorted(name for name in set(left) | set(right) if left.get(name) != right.get(name))


@pytest.fixture(scope="module")
def warm(tmp_path_factory):
    """The sample built once with a cache: every case copies the cache and the content from here."""
    root = tmp_path_factory.mktemp("warm")
    shutil.copytree(SAMPLE, root / "content")
    render = build(root / "content", root / "site", root / "cache")
    assert render["reused"] == 0 or render["pages"] > 0
    again = build(root / "content", root / "site-again", root / "cache")
    assert again["reused"] > 0.9 * again["pages"], again  # nothing changed: (nearly) every page reused
    assert not differences(root / "site", root / "site-again")
    return root


# -- the changes -------------------------------------------------------------------------------

def _issue_files(content: Path, series: str = "zwxx", year: int = 2026) -> list[Path]:
    return sorted((content / "issues" / series / str(year)).glob("[0-9]*.yml"), key=lambda p: int(p.stem))


def _with_items(content: Path, at_least: int = 2) -> Path:
    return next(p for p in _issue_files(content) if len(_items_of(p)) >= at_least)


def _items_of(issue: Path) -> list[str]:
    return re.search(r"^items: \[(.*)\]$", issue.read_text(encoding="utf-8"), re.M)[1].split(", ")


def _set_items(issue: Path, items: list[str]) -> None:
    text = issue.read_text(encoding="utf-8")
    issue.write_text(re.sub(r"^items: \[.*\]$", f"items: [{', '.join(items)}]", text, flags=re.M), encoding="utf-8")


def _item_file(content: Path, item_id: str) -> Path:
    return content / "items" / item_id[:4] / f"{item_id}.md"


def add_item_and_issue(content: Path, config: Path) -> None:
    source = _item_file(content, "2026-0084").read_text(encoding="utf-8")
    new = source.replace("id: 2026-0084", "id: 2026-0099").replace("title: 行署信访局探索信访积案化解新路子",
                                                                   "title: 行署信访局增量生成测试稿件")
    _item_file(content, "2026-0099").write_text(new, encoding="utf-8")
    last = _issue_files(content)[-1]
    text = last.read_text(encoding="utf-8")
    number = int(last.stem) + 1
    text = re.sub(r"^number: \d+$", f"number: {number}", text, flags=re.M)
    text = re.sub(r"^date: .*$", "date: 2026-12-02", text, flags=re.M)
    text = re.sub(r"^total: .*\n", "", text, flags=re.M)
    (last.parent / f"{number:03d}.yml").write_text(text, encoding="utf-8")
    _set_items(last.parent / f"{number:03d}.yml", ["2026-0099"])


def edit_item_body(content: Path, config: Path) -> None:
    item = _item_file(content, _items_of(_with_items(content, 1))[0])
    text = item.read_text(encoding="utf-8")
    item.write_text(text.rstrip("\n") + "\n\n（编者补记：本文数字已核对。）\n", encoding="utf-8")


def remove_item(content: Path, config: Path) -> None:
    issue = _with_items(content)
    items = _items_of(issue)
    _set_items(issue, items[:-1])
    _item_file(content, items[-1]).unlink()
    for submissions in (content / "submissions").rglob("*"):
        if submissions.is_file() and items[-1] in submissions.read_text(encoding="utf-8"):
            pytest.skip(f"{items[-1]} is named in {submissions}")


def reorder_items(content: Path, config: Path) -> None:
    issue = _with_items(content)
    _set_items(issue, list(reversed(_items_of(issue))))


def move_item_between_issues(content: Path, config: Path) -> None:
    first = _with_items(content)
    later = next(p for p in _issue_files(content) if int(p.stem) > int(first.stem))
    items = _items_of(first)
    _set_items(first, items[:-1])
    _set_items(later, [items[-1], *_items_of(later)])


def remove_issue(content: Path, config: Path) -> None:
    _issue_files(content)[-1].unlink()


def rename_unit(content: Path, config: Path) -> None:
    units = content / "units.yml"
    units.write_text(units.read_text(encoding="utf-8").replace("name: 行署信访局,", "name: 行署信访和群众工作局,"),
                     encoding="utf-8")


def retitle_related_item(content: Path, config: Path) -> None:
    """2026-0084's title is on its page, on 2026-0081's (相关信息) and 2026-0083's (下一篇)."""
    item = _item_file(content, "2026-0084")
    item.write_text(item.read_text(encoding="utf-8").replace("title: 行署信访局探索信访积案化解新路子", "title: 行署信访局化解信访积案"),
                    encoding="utf-8")


def correct_item(content: Path, config: Path) -> None:
    item = _item_file(content, "2026-0084")
    item.write_text(item.read_text(encoding="utf-8").replace("events:", "corrections:\n  - {date: 2026-11-25, text: 第二段数字有误，已更正。}\nevents:", 1),
                    encoding="utf-8")


def rename_topic(content: Path, config: Path) -> None:
    topics = content / "topics.yml"
    topics.write_text(topics.read_text(encoding="utf-8").replace("{id: petition, name: 信访,", "{id: petition, name: 信访工作,"),
                      encoding="utf-8")


def change_scoring_rule(content: Path, config: Path) -> None:
    settings = content / "bulletin.yml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("    published: 3\n", "    published: 4\n", 1), encoding="utf-8")


def correct_event_level(content: Path, config: Path) -> None:
    """2025-0041 adopted by the state, not the city: its unit climbs 2025's ranking, so 2026's rank
    changes too (the leaderboard's pages are kept by a year's scoring: period_reads.py)."""
    item = _item_file(content, "2025-0041")
    item.write_text(item.read_text(encoding="utf-8").replace("{type: adopted, level: city, publication: 昨日情况, form: single",
                                                             "{type: adopted, level: state, publication: 昨日情况, form: single", 1),
                    encoding="utf-8")


def change_rule_of_one_year(content: Path, config: Path) -> None:
    """2026's rules only: an adoption at city level pays 5, not 4."""
    settings = content / "bulletin.yml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("adopted: {city: 4, province: 12, state: 60}", "adopted: {city: 5, province: 12, state: 60}", 1),
                        encoding="utf-8")


def change_template(content: Path, config: Path) -> None:
    item = config.parent / "theme" / "bulletin" / "item.html"
    item.write_text(item.read_text(encoding="utf-8").replace("{% block content %}", "{% block content %}\n<!-- 模板已改 -->", 1),
                    encoding="utf-8")


CHANGES = [add_item_and_issue, edit_item_body, remove_item, reorder_items, move_item_between_issues, remove_issue,
           rename_unit, retitle_related_item, correct_item, rename_topic, change_scoring_rule, correct_event_level,
           change_rule_of_one_year, change_template]
FAST_LANE = {add_item_and_issue, edit_item_body}   # added and edited; the rest (a template: every page again) are slow


@pytest.mark.parametrize("change", fast_lane(CHANGES, FAST_LANE, ids=lambda change: change.__name__))
def test_an_incremental_build_writes_what_a_clean_build_writes(warm, tmp_path, change):
    content, cache = tmp_path / "content", tmp_path / "cache"
    shutil.copytree(warm / "content", content)
    shutil.copytree(warm / "cache", cache)
    # the project's config and theme, copied so a case may change a template
    project = tmp_path / "project"
    for name in ("theme", "pages", "hooks"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    before = tree(project / "theme")
    change(content, project / "mkdocs.yml")
    changed_theme = tree(project / "theme") != before
    assert run_cli("check", "--content", content).returncode == 0

    incremental = build(content, tmp_path / "incremental", cache, project / "mkdocs.yml")
    clean = build(content, tmp_path / "clean", None, project / "mkdocs.yml")
    assert clean["reused"] == 0
    assert differences(tmp_path / "incremental", tmp_path / "clean") == []
    assert differences(tmp_path / "incremental", warm / "site") != [], "the change must show in the site"
    if changed_theme:
        assert incremental["reused"] == 0, "a template change renders every page again"
    else:
        assert incremental["reused"] > 0, "unchanged pages come from the cache"
        assert incremental["pages"] - incremental["reused"] > 0, "the changed pages are rendered again"


# -- PDFs: found again by their inputs, without making their markup ---------------------------------

def rename_unit_short(content: Path, config: Path) -> None:
    """A unit's short name is printed under every item title of its issues' PDFs."""
    units = content / "units.yml"
    units.write_text(units.read_text(encoding="utf-8").replace("short: 林双县,", "short: 林双,"), encoding="utf-8")


def change_publisher(content: Path, config: Path) -> None:
    """The office's name is on every PDF's masthead or 版记."""
    settings = content / "bulletin.yml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("publisher: 巴尔地区行政公署办公室",
                                                                     "publisher: 巴尔地区行政公署办公室（政务信息科）"), encoding="utf-8")


def change_signer(content: Path, config: Path) -> None:
    issue = _issue_files(content)[0]
    text = issue.read_text(encoding="utf-8")
    issue.write_text(re.sub(r"^signer: .*$", "signer: 另一位签发人", text, count=1, flags=re.M), encoding="utf-8")


PDF_CHANGES = [edit_item_body, add_item_and_issue, reorder_items, rename_unit_short, change_publisher, change_signer]


@pytest.fixture(scope="module")
def warm_pdf(warm, tmp_path_factory):
    """The sample built with PDFs on a copy of `warm`'s cache, as an office that turns PDFs on: every
    PDF typeset, the pages that link no PDF reused rather than made again from nothing."""
    root = tmp_path_factory.mktemp("warm-pdf")
    shutil.copytree(warm / "content", root / "content")
    shutil.copytree(warm / "cache", root / "cache")
    printed = build(root / "content", root / "site", root / "cache", phase="pdf", pdf=True)
    assert printed["reused"] == 0 and printed["pages"] == len(_pdfs(root / "site")), printed
    return root


def _pdfs(site: Path) -> dict[str, bytes]:
    return {str(path.relative_to(site)): path.read_bytes() for path in sorted(site.rglob("*.pdf"))}


@pytest.mark.parametrize("change", fast_lane(PDF_CHANGES, {edit_item_body}, ids=lambda change: change.__name__))
def test_pdfs_found_by_their_inputs_are_what_a_clean_build_prints(warm_pdf, tmp_path, change):
    content, cache = tmp_path / "content", tmp_path / "cache"
    shutil.copytree(warm_pdf / "content", content)
    shutil.copytree(warm_pdf / "cache", cache)
    change(content, ROOT / "mkdocs.yml")
    assert run_cli("check", "--content", content).returncode == 0

    incremental = build(content, tmp_path / "incremental", cache, phase="pdf", pdf=True)
    build(content, tmp_path / "clean", None, phase="pdf", pdf=True)
    assert differences(tmp_path / "incremental", tmp_path / "clean") == []
    before, after = _pdfs(warm_pdf / "site"), _pdfs(tmp_path / "incremental")
    changed = sorted(name for name in after if before.get(name) != after[name])
    assert changed, "the change must show in some PDF"
    # Every PDF whose bytes changed was typeset again, and none other: made = pages - reused.
    assert incremental["pages"] == len(after)
    assert incremental["pages"] - incremental["reused"] == len(changed), (incremental, changed)


# -- compiled templates kept between builds --------------------------------------------------------

@pytest.mark.parametrize("office, day, shows_the_day", [
    # the sample on 12-01: November ends (its running month's 截至…（暂未结束） goes) and 2026-yd11 (due 11-30) closes
    (False, "2026-12-01", ["index.html", "leaderboard/index.html", "requests/2026-yd11/index.html"]),
    # the office on 12-11: the follow-up of 2026-0902's 批示 (due 12-10, no feedback) becomes 逾期未反馈 on its item page
    (True, "2026-12-11", ["index.html", "items/2026-0902/index.html"]),
], ids=["sample-next-month", "office-follow-up-overdue"])
def test_a_build_on_a_later_day_renders_what_shows_the_day_and_reuses_the_rest(request, tmp_path, office, day,
                                                                               shows_the_day):
    """An office publishes on another day than the last time. No page says the build date in its
    shell (the footer did: every page changed every day, and every publish rendered and stored every
    page again): what shows the day is rendered again, the rest is reused, and the site is the clean
    build's of that day."""
    content, cache = tmp_path / "content", tmp_path / "cache"
    # Built with a cache on 2026-11-25 once a run (content/, cache/, site/): copies, not the same build again
    before = request.getfixturevalue("office_site").root.parent if office else request.getfixturevalue("warm")
    shutil.copytree(before / "content", content)
    shutil.copytree(before / "cache", cache)
    later = build(content, tmp_path / "later", cache, day=day)
    clean = build(content, tmp_path / "clean", None, day=day)
    assert differences(tmp_path / "later", tmp_path / "clean") == []
    changed = differences(before / "site", tmp_path / "later")
    for page in shows_the_day:
        assert page in changed, page
    assert "items/2026-0001/index.html" not in changed and "units/index.html" not in changed
    assert clean["reused"] == 0 and later["reused"] > later["pages"] / 2, later   # most pages do not show the day


def test_kept_compiled_templates_never_outlive_their_source(tmp_path):
    from jinja2 import Environment, FileSystemLoader
    from bulletin_mkdocs.plugin import template_cache
    folder, theme = tmp_path / "templates", tmp_path / "theme"
    (folder / "other-code").mkdir(parents=True)
    theme.mkdir()
    (theme / "page.html").write_text("{{ '第' ~ n ~ '期' }}", encoding="utf-8")

    def render() -> str:   # a build: a fresh environment, the kept compiled templates
        env = Environment(loader=FileSystemLoader(theme), bytecode_cache=template_cache(folder, "this-code"))
        return env.get_template("page.html").render(n=3)

    assert render() == "第3期"
    assert [path.name for path in folder.iterdir()] == ["this-code"]   # another code's compiled templates dropped
    assert len(list((folder / "this-code").iterdir())) == 1            # kept for the next build
    assert render() == "第3期"
    (theme / "page.html").write_text("{{ '总第' ~ n ~ '期' }}", encoding="utf-8")   # edited: compiled afresh
    assert render() == "总第3期"
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    assert template_cache(tmp_path / "a-file" / "templates", "this-code") is None   # cannot be made: compile as before


def test_the_theme_as_learnt_by_one_build_serves_the_next(warm, tmp_path):
    """Each kind of page's shell, trusted once two pages came out the same through it and whole, is
    kept with the pages: the next build renders its changed pages through it at once, and they are
    what a clean build writes (the cases above)."""
    import pickle
    kept = pickle.loads((warm / "cache" / "pages" / "index.pickle").read_bytes())["writer"]
    item_variants = [variant for variant in kept["shells"] if variant[0] == "bulletin/item.html"]
    assert item_variants and all(kept["shells"][variant] is not None for variant in item_variants)
    assert kept["chains"]["bulletin/item.html"][0] == "bulletin/item.html" and len(kept["chains"]["bulletin/item.html"]) > 1
