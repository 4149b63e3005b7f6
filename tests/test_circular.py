"""The circular's sentence about a 约稿, for the cases the fixtures' archives do not reach: every unit
alike reads 均, a unit dissolved before the due date is left out, an open request says who has answered."""

from datetime import date
from types import SimpleNamespace

import pytest

from bulletin.cycle.circular import own_sentences
from bulletin.cycle.scoring import Period

HEAD = "《关于报送春耕情况的约稿》限2026年3月10日前报送"


def request_board(decided: bool, outcomes: dict[str, str]):
    """A board with one 约稿 due 2026-03-10 and nothing else: units answer with the given outcomes."""
    request = SimpleNamespace(id="2026-yd01", title="关于报送春耕情况的约稿", due=date(2026, 3, 10))
    answers = [SimpleNamespace(outcome=outcome, unit=SimpleNamespace(short=unit)) for unit, outcome in outcomes.items()]
    ledger = SimpleNamespace(requests=[request], answers=lambda r: answers, decided=lambda r: decided)
    # no 批示 follow-ups and no 信息员 (bulletin/cycle/followups.py, staff.py): nothing else to say
    return SimpleNamespace(requests=ledger, archive=SimpleNamespace(units={}, content=SimpleNamespace(staff=[])),
                           own_in=lambda period, kind: [], followups=SimpleNamespace(tracked=[]))


@pytest.mark.parametrize("decided, outcomes, sentence", [
    (True, {"甲县": "on_time", "乙县": "on_time", "丙县": "dissolved"}, f"{HEAD}，约稿单位均按时报送。"),
    (True, {"甲县": "missed", "乙县": "missed"}, f"{HEAD}，约稿单位均未报送。"),
    (True, {"甲县": "late", "乙县": "late"}, f"{HEAD}。逾期报送的单位：甲县、乙县。"),
    (True, {"甲县": "missed", "乙县": "on_time"}, f"{HEAD}。按时报送的单位：乙县；未报送的单位：甲县。"),
    (True, {"甲县": "dissolved"}, f"{HEAD}。"),
    (False, {"甲县": "on_time", "乙县": "pending"}, f"{HEAD}，尚未到期，已报送的单位：甲县。"),
    (False, {"甲县": "pending"}, f"{HEAD}，尚未到期，尚无单位报送。"),
])
def test_a_request_sentence_names_units_by_outcome(decided, outcomes, sentence):
    (said,) = own_sentences(request_board(decided, outcomes), Period("month", 2026, 3))
    assert (said.text, said.request, said.cited) == (sentence, "2026-yd01", "《关于报送春耕情况的约稿》")
