"""Years before the first scoring rule (issue 31, point 5): not scored by a rule that was not in force,
but said plainly, by `bulletin check` and on those years' leaderboard pages, with the way to score
them if the office decides to (an earlier `since`).

The office is tests/test_cycle_scoring.py's with its 2025 rule set removed: its first rule is then
in force from 2026-01-01, and 2025 (one item i25, printed once in 2025年第1期, no events) scores nothing."""

from datetime import date

from bulletin.archive import Archive
from bulletin.content.load import load_content
from bulletin.cycle.scoring import Leaderboard, Period
from bulletin.cycle.unscored import UnscoredYear, unscored_note, unscored_years, year_note
from conftest import run_cli
from test_cycle_scoring import TODAY, write_content


def without_2025_rules(root):
    settings = root / "bulletin.yml"
    text = settings.read_text(encoding="utf-8")
    start, end = text.index("  - since: 2025-01-01"), text.index("  - since: 2026-01-01")
    settings.write_text(text[:start] + text[end:], encoding="utf-8")
    return root


def test_check_names_the_years_that_score_nothing_and_why(tmp_path):
    root = without_2025_rules(write_content(tmp_path / "content"))
    archive = Archive(load_content(root, TODAY))
    assert unscored_years(archive) == [UnscoredYear(2025, items=1, printed=1, events=0)]
    assert Leaderboard(archive, TODAY).tally("a", Period("year", 2025)).points == 0     # scored nothing, as before
    result = run_cli("check", "--content", root)
    assert result.returncode == 0, result.stdout + result.stderr                         # a note, not a failure
    assert ("提示：2025年不计分（稿件 1 篇，刊用 1 篇次，上报、采用、批示 0 次）：最早的计分规则自2026年1月1日起执行，"
            "此前没有规则，采用情况通报中这些年份各单位为 0 分、不排名次。如这些年份也按该规则计分，"
            "请把 bulletin.yml 中第一套规则的 since 改为 2025-01-01。") in result.stdout
    assert year_note(archive, 2025).startswith("2025年没有计分规则：最早的计分规则自2026年1月1日起执行")
    assert year_note(archive, 2026) is None


def test_an_archive_scored_from_its_first_year_gets_no_note(tmp_path):
    root = write_content(tmp_path / "content")          # the 2025 rule set is in force from 2025-01-01
    archive = Archive(load_content(root, TODAY))
    assert unscored_years(archive) == [] and unscored_note(archive) is None
    result = run_cli("check", "--content", root)
    assert result.returncode == 0 and "提示" not in result.stdout


def test_moving_since_earlier_scores_the_year_by_the_first_rule(tmp_path):
    root = without_2025_rules(write_content(tmp_path / "content"))
    settings = root / "bulletin.yml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("  - since: 2026-01-01", "  - since: 2025-01-01", 1),
                        encoding="utf-8")
    archive = Archive(load_content(root, TODAY))
    assert unscored_note(archive) is None
    # a's 2025 item printed in 2025年第1期 (2025-06-10): published 2 by the (now earlier) first rule
    assert Leaderboard(archive, date(2026, 9, 10)).tally("a", Period("year", 2025)).points == 2


def test_the_years_leaderboard_pages_say_it(tmp_path):
    from bulletin.site.plan import plan_site
    root = without_2025_rules(write_content(tmp_path / "content"))
    archive = Archive(load_content(root, TODAY))
    plan = plan_site(archive, Leaderboard(archive, TODAY), TODAY)
    assert plan.pages["leaderboard/2025/index.md"].full_context()["unscored"].startswith("2025年没有计分规则")
    assert plan.pages["leaderboard/2025/06/index.md"].full_context()["unscored"].startswith("2025年没有计分规则")
    assert plan.pages["leaderboard/2026/index.md"].full_context()["unscored"] is None
