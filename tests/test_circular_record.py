"""An issued circular never changes its figures in silence (issue 30): the published record keeps each
issued circular's figures; a change to them is refused at the content line that makes it, naming the
circular's 文号; a 约稿 answered after the circular (未报 to 逾期), and an adoption or 批示 the higher
office made known after it (`recorded`), are the changes allowed, shown on the circular's page as
dated corrections while the PDF stays as issued.

The office is tests/test_cycle_scoring.py's, recorded on its build date 2026-09-10: January to August
have ended, so their circulars are issued; September still runs and has none."""

import re
import subprocess
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
import yaml

from bulletin.archive import Archive
from bulletin.content.load import check_content, load_content
from bulletin.content.published_record import FILE, render, save
from bulletin.cycle.circular_record import Correction, LateEvent, as_issued, corrections, late_events
from bulletin.cycle.scoring import Leaderboard, Period
from conftest import Site, run_cli
from test_cycle_scoring import TODAY, write_content


@pytest.fixture
def content(tmp_path):
    root = write_content(tmp_path / "content")
    save(root / FILE, render(Archive(load_content(root, TODAY)), datetime(2026, 9, 10, 8, tzinfo=timezone.utc), None, today=TODAY))
    assert not check_content(root, TODAY)
    return root


def problems(content) -> list[tuple[str, int | None, str, str]]:
    return [(p.path, p.line, p.field, p.message) for p in check_content(content, TODAY)]


def add_item(content, item_id, unit, day, extra=""):
    path = content / "items" / day[:4] / f"{item_id}.md"
    lines = [f"id: {item_id}", f"title: 稿件{item_id}", f"unit: {unit}", extra, "category: 动态", "topics: [t]",
             f"date: {day}", "status: approved", "approved_by: 审核人"]
    path.write_text("---\n" + "\n".join(line for line in lines if line) + "\n---\n正文。\n", encoding="utf-8")
    return path


def test_the_record_holds_the_circulars_of_the_months_that_have_ended(content):
    record = yaml.safe_load((content / FILE).read_text(encoding="utf-8"))
    # 2025: January to June (its last data, the issue of 6-10); 2026: January to August, not September (runs on 9-10)
    assert list(record["circulars"]) == [f"2025-{m:02d}" for m in range(1, 7)] + [f"2026-{m:02d}" for m in range(1, 9)]
    march = record["circulars"]["2026-03"]
    assert (march["number"], march["as_of"], march["issued"]) == ("〔2026〕3号", "2026-03-31", "2026-09-10")


def test_an_event_added_to_an_issued_month_is_refused_at_its_line_naming_the_circular(content):
    item = content / "items" / "2026" / "i_c.md"
    item.write_text(item.read_text(encoding="utf-8").replace(
        "status: approved", "status: approved\nevents:\n  - {type: adopted, level: city, publication: 市政务信息, date: 2026-05-20}"), encoding="utf-8")
    found = problems(content)
    assert len(found) == 1
    path, line, field, message = found[0]
    assert (path, field) == ("content/items/2026/i_c.md", "events")
    assert item.read_text(encoding="utf-8").splitlines()[line - 1] == "events:"
    assert "〔2026〕5号" in message and "2026年5月" in message
    # the same event in September, a month still running, changes no issued circular
    item.write_text(item.read_text(encoding="utf-8").replace("date: 2026-05-20}", "date: 2026-09-05}"), encoding="utf-8")
    assert problems(content) == []


def test_a_late_answer_after_the_circular_is_a_correction_not_a_refusal(content):
    # c was asked q1 (due 3-10) and never answered: the March circular said 未报送 (-3, R1).
    add_item(content, "i_c_q1", "c", "2026-09-05", "request: q1")
    assert problems(content) == []
    board = Leaderboard(Archive(load_content(content, TODAY)), TODAY)
    march = Period("month", 2026, 3)
    assert corrections(board, march) == [
        Correction(date(2026, 9, 5), "丙县", "q1", "关于报送春耕备耕情况的约稿", "未报送", "逾期报送", "-3.0", "1.0")]   # R1: -3 -> late +1
    assert board.tally("c", march).requests == {"late": 1}                     # the page: as corrected
    assert as_issued(board, march).tally("c", march).requests == {"missed": 1}  # the PDF: as issued
    assert corrections(board, Period("month", 2026, 4)) == []


def test_an_answer_dated_back_into_an_issued_month_is_refused(content):
    # dated 3-09, it would turn March's 未报送 into 按时报送: not the allowed change
    path = add_item(content, "i_c_q1", "c", "2026-03-09", "request: q1")
    found = [(p, line, field) for p, line, field, message in problems(content) if "〔2026〕3号" in message]
    assert ("content/items/2026/i_c_q1.md", 5, "request") in found    # line 5 (after ---, id, title, unit): `request: q1`
    assert path.read_text(encoding="utf-8").splitlines()[4] == "request: q1"
    assert ("content/published.lock", "circulars.2026-03") in [(p, field) for p, _, field in found]   # and the 未报送 it replaced


def test_a_penalty_or_a_count_changed_in_an_issued_month_is_refused_in_its_file(content):
    penalties = content / "penalties" / "2026.yml"
    penalties.write_text(penalties.read_text(encoding="utf-8") + "- {unit: a, type: 迟报, date: 2026-06-15, note: 新增}\n",
                         encoding="utf-8")
    submissions = content / "submissions" / "2026.yml"
    submissions.write_text(submissions.read_text(encoding="utf-8").replace("c: {3: 1}", "c: {3: 2}"), encoding="utf-8")
    found = {(path, field): message for path, line, field, message in problems(content)}
    assert "〔2026〕6号" in found[("content/penalties/2026.yml", "")]
    assert "〔2026〕3号" in found[("content/submissions/2026.yml", "c")]
    assert all("不得改动" in message for message in found.values())


ADOPTED_IN_MAY = "  - {type: adopted, level: city, publication: 市政务信息, date: 2026-05-20%s}"


def adopt_i_c(content, extra=""):
    """i_c (丙县, printed in 第1期 on 5-10) adopted by the city on 5-20, as its line says."""
    item = content / "items" / "2026" / "i_c.md"
    text = item.read_text(encoding="utf-8").replace("status: approved", "status: approved\nevents:\n" + ADOPTED_IN_MAY % extra)
    item.write_text(text, encoding="utf-8")
    return item


def test_an_adoption_made_known_after_the_circular_is_a_correction_not_a_refusal(content):
    """Issue 30: the event happened in May, the city told the office on 9-05, after May's 〔2026〕5号."""
    adopt_i_c(content, ", recorded: 2026-09-05")
    assert problems(content) == []
    board = Leaderboard(Archive(load_content(content, TODAY)), TODAY)
    may = Period("month", 2026, 5)
    assert late_events(board, may) == [
        LateEvent(date(2026, 9, 5), "丙县", "i_c", "稿件i_c", date(2026, 5, 20), "市级《市政务信息》采用", "3.0")]   # R1: city +3
    assert board.tally("c", may).points == 5                   # the page: printed +2, adopted +3
    assert as_issued(board, may).tally("c", may).points == 2   # the PDF: printed +2, as issued
    assert as_issued(board, may).tally("c", may).adopted == {}
    assert corrections(board, may) == [] and late_events(board, Period("month", 2026, 4)) == []


def test_an_adoption_known_by_the_circular_s_date_is_refused_saying_what_to_do(content):
    item = adopt_i_c(content, ", recorded: 2026-05-31")   # known on May's last day: the circular should have counted it
    found = problems(content)
    assert [(path, field) for path, _, field, _ in found] == [("content/items/2026/i_c.md", "events")]
    message = found[0][3]
    assert "〔2026〕5号" in message and "recorded: 得知日期（晚于 2026-05-31）" in message
    assert item.read_text(encoding="utf-8").splitlines()[found[0][1] - 1] == "events:"


@pytest.mark.parametrize("event, said", [
    ("{type: forwarded, level: province, date: 2026-05-20, recorded: 2026-09-05}", "上报（forwarded）是本单位自己报出的"),
    ("{type: adopted, level: city, publication: 市政务信息, date: 2026-05-20, recorded: 2026-05-19}",
     "得知日期 2026-05-19 早于事件日期 2026-05-20"),
])
def test_a_recorded_date_that_cannot_be_is_refused_at_its_line(content, event, said):
    item = content / "items" / "2026" / "i_c.md"
    item.write_text(item.read_text(encoding="utf-8").replace("status: approved", f"status: approved\nevents:\n  - {event}"),
                    encoding="utf-8")
    found = [(path, line, field) for path, line, field, message in problems(content) if said in message]
    assert found == [("content/items/2026/i_c.md", 10, "events[1].recorded")], problems(content)   # line 10: the event's line


def test_a_circular_recorded_is_kept_as_first_recorded(content):
    before = (content / FILE).read_text(encoding="utf-8")
    later = render(Archive(load_content(content, TODAY)), datetime(2026, 10, 3, tzinfo=timezone.utc), content / FILE,
                   today=date(2026, 10, 3))
    record = yaml.safe_load(later)
    assert record["circulars"]["2026-03"] == yaml.safe_load(before)["circulars"]["2026-03"]   # issued 9-10, kept
    assert record["circulars"]["2026-09"]["issued"] == "2026-10-03"                           # September, newly ended


@pytest.mark.slow
def test_the_page_shows_the_correction_and_the_pdf_stays_as_issued(content, tmp_path):
    add_item(content, "i_c_q1", "c", "2026-09-05", "request: q1")
    adopt_i_c(content, ", recorded: 2026-09-05")
    out = tmp_path / "site"
    result = run_cli("build", "--content", content, "--out", out, env={"SOURCE_DATE_EPOCH": "1788998400"})   # 2026-09-10
    assert result.returncode == 0, result.stdout + result.stderr
    soup = Site(out).soup("leaderboard/2026/03/")
    note = " ".join(soup.select_one(".bl-corrections").get_text(" ").split())
    assert "2026年9月5日 ：丙县补报 《关于报送春耕备耕情况的约稿》 ，由“未报送”改为“逾期报送”，该项得分由 -3.0 改为 1.0" in note
    text = subprocess.run(["pdftotext", "-layout", out / "leaderboard/2026/03/tongbao-2026-03.pdf", "-"],
                          capture_output=True, text=True, check=True).stdout
    squeezed = re.sub(r"—\d+—", "", "".join(text.split()))   # a sentence may run over a page's number
    assert "未报送的单位：丙县" in squeezed and "逾期报送的单位：乙县" in squeezed   # as issued on 3-31: c missed, b late
    may = " ".join(Site(out).soup("leaderboard/2026/05/").select_one(".bl-corrections").get_text(" ").split())
    assert "2026年9月5日 ：丙县《稿件i_c》2026年5月20日获市级《市政务信息》采用，本通报印发后才得知，补记 3.0 分" in may
    text = subprocess.run(["pdftotext", "-layout", out / "leaderboard/2026/05/tongbao-2026-05.pdf", "-"],
                          capture_output=True, text=True, check=True).stdout
    squeezed = re.sub(r"—\d+—", "", "".join(text.split()))
    assert "被上级采用0篇次" in squeezed and "二、被上级采用的信息本月无。" in squeezed   # as issued on 5-31


def test_a_line_hash_that_reads_as_a_number_in_yaml_1_2_is_written_quoted(tmp_path):
    """PyYAML emits YAML 1.1, where 888255e62043 is a plain string; the record is read back as YAML
    1.2, where it is a float. The sample on 2026-11-26 has such a line in August 2025's circular."""
    from bulletin.content.load import read_content
    content = tmp_path / "content"
    import shutil
    shutil.copytree(Path(__file__).parent / "fixtures" / "sample", content)
    archive = Archive(read_content(content)[0])
    text = render(archive, datetime(2026, 11, 26, tzinfo=timezone.utc), None, date(2026, 11, 26))
    assert "'888255e62043'" in text
    save(content / FILE, text)
    assert list(read_content(content)[1]) == []
