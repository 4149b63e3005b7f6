"""The month's circular (采用情况通报) in words: its number and date, and the sentences it opens with.

The page, the PDF and `bulletin stats` all print these, as the office writes them: totals, who
published most, who sent or printed nothing, then the units' own points (约稿, 定额, 扣分). The
tables under them are the leaderboard's (bulletin/tables/board_columns.py).
"""

from __future__ import annotations

from calendar import monthrange
from collections import Counter
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from bulletin.labels import OUTCOME_LABELS, cn_date
from bulletin.model import EVENT_TYPES
from bulletin.cycle.requests import DISSOLVED, LATE, MISSED, ON_TIME
from bulletin.cycle.scoring import Leaderboard, Period, figure
from bulletin.cycle.followups import circular_sentences as followup_sentences
from bulletin.cycle.staff import circular_sentences as staff_sentences


def circular_number(board: Leaderboard, period: Period) -> str:
    """文号 from bulletin.yml's pattern: {year} and {month} replaced, nothing else interpreted."""
    return board.settings.circular_number.replace("{year}", str(period.year)).replace("{month}", str(period.number))


def early_date(board: Leaderboard, period: Period) -> date | None:
    """The day bulletin.yml's `early_circulars` issued this month's circular before the month ended,
    once the build date has reached it (and ever after: an issued circular keeps its date); else None."""
    if period.kind != "month":
        return None
    return next((day for day in board.settings.early_circulars
                 if (day.year, day.month) == (period.year, period.number) and day <= board.today), None)


def issued(board: Leaderboard, period: Period) -> bool:
    """A month's circular is a formal 通报 (文号, date, PDF) once the month has ended, or earlier only on
    the date the office wrote for it: a month still running is never issued by accident."""
    return period.kind == "month" and (board.ended(period) or early_date(board, period) is not None)


def issued_circulars(board: Leaderboard) -> list[Period]:
    """The months whose circular is issued, newest first: what the home page, the 文号 search and the
    published record name; a month still running has no 文号."""
    return [period for year in board.years for month in reversed(board.months(year))
            for period in [Period("month", year, month)] if issued(board, period)]


def circular_date(board: Leaderboard, period: Period) -> date:
    """An issued circular is dated its early date, else the month's last day; a running month's
    page is dated the build date, which its banner names."""
    early = early_date(board, period)
    if early is not None:
        return early
    if board.ended(period):
        return date(period.year, period.number, monthrange(period.year, period.number)[1])
    return board.today


def provisional_note(board: Leaderboard, period: Period) -> str | None:
    """The banner of every page of a period not ended on the build date: its figures still move, and
    the months still running owe no quota yet. None for an ended period."""
    if board.ended(period):
        return None
    return f"截至{cn_date(board.today)}（暂未结束）：数字仍会变动，不是正式通报；未结束的月份不计定额。"


def early_note(board: Leaderboard, period: Period) -> str | None:
    """The banner of a circular issued early: its figures are those of its date, for good; the
    month's figures since are on its running page (bulletin/site/pages/board.py). None otherwise."""
    early = early_date(board, period)
    if early is None:
        return None
    since = "暂未结束" if not board.ended(period) else "已结束"
    return (f"本通报按设置于{cn_date(early)}提前印发，所列数字截至{cn_date(early)}，印发后不再变动；"
            f"{period.label}{since}，此后的数字见“{period.label}最新情况”。")


THIS = {"month": "本月", "quarter": "本季度", "year": "本年度", "ytd": "今年以来"}   # the period as a sentence names it


def _units(names: list[str]) -> str:
    return "、".join(names)


def _one_or_each(names: list[str], one: str, each: str) -> str:
    """The word a sentence takes by how many units it names: 共 N 篇 for one, 各 N 篇 for several."""
    return one if len(names) == 1 else each


def _listed(what: str, names: list[str], none: str) -> str:
    """未报送稿件的单位：甲县、乙县。, or with no unit to name, the sentence that says so (各单位均…)."""
    return f"{what}：{_units(names)}。" if names else none


def circular_summary(board: Leaderboard, period: Period) -> list[str]:
    """The sentences a circular opens with: the overview, then the units' own points."""
    return overview_sentences(board, period) + [sentence.text for sentence in own_sentences(board, period)]


def overview_sentences(board: Leaderboard, period: Period) -> list[str]:
    """Totals, who published most, who sent nothing (where sending is recorded), who printed nothing."""
    this = THIS[period.kind]
    every = [s for group in board.settings.groups for s in board.table(period, group)]
    published = sum(1 for issues in board.archive.series_issues.values() for i in issues
                    if i.date.year == period.year and i.date.month in period.months for _ in i.item_ids)
    forwarded, adopted, instructed = (len(board.events_in(period, kind)) for kind in EVENT_TYPES)
    top = max((s.tally.published for s in every), default=0)
    leaders = [s.unit.short for s in every if top and s.tally.published == top]
    lines = [f"{period.label}，各期刊物共刊发稿件{published}篇次，向上级报送{forwarded}篇次，"
             f"被上级采用{adopted}篇次，获领导批示{instructed}次。",
             f"刊用稿件最多的单位是{_units(leaders)}，{_one_or_each(leaders, '共', '各')}{top}篇。" if leaders
             else f"{this}各单位均无稿件刊用。"]
    if board.archive.content.submissions.get(period.year):
        silent = [s for s in every if not s.tally.submitted]
        # A unit can top the 刊用 list and still be here: an issue prints items sent in earlier months.
        earlier = [s.unit.short for s in silent if s.tally.published]
        so_far = "" if board.ended(period) else "尚"   # a running period: not yet, rather than not
        lines.append(_listed(f"{so_far}未报送稿件的单位", [s.unit.short for s in silent], f"{this}各单位均报送了稿件。")
                     + (f"其中{_units(earlier)}{this}刊用的稿件{_one_or_each(earlier, '系', '均系')}此前报送。" if earlier else ""))
    if leaders:   # with none, the line above has said that no unit was published
        lines.append(_listed("尚无稿件刊用的单位" if not board.ended(period) else "无稿件刊用的单位",
                             [s.unit.short for s in every if not s.tally.published], f"{this}各单位均有稿件刊用。"))
    return lines


@dataclass(frozen=True)
class Sentence:
    """A sentence of the circular about the units' own points; one about a 约稿 opens with its title
    (`cited`), which the page links to the request (`request`, its id)."""

    text: str
    request: str | None = None
    cited: str = ""

    @property
    def rest(self) -> str:
        return self.text.removeprefix(self.cited)


def own_sentences(board: Leaderboard, period: Period) -> list[Sentence]:
    """A sentence for each 约稿 due in the period, then who fell short of the monthly quota, then the
    penalties: each where there is any."""
    due = sorted((r for r in board.requests.requests if period.start <= r.due <= period.end), key=lambda r: (r.due, r.id))
    others = (_quota_sentence(board, period), _penalties_sentence(board, period))
    return ([_request_sentence(board, request) for request in due] + [Sentence(text) for text in others if text]
            + [Sentence(text) for text in followup_sentences(board, period, deduction) + staff_sentences(board, period)])
    # 批示督办 and the 信息员's month (bulletin/cycle/followups.py, staff.py), where an office has any


def _request_sentence(board: Leaderboard, request) -> Sentence:
    """Who answered the 约稿 on time, late or not at all; while it is still open, who has so far."""
    cited = f"《{request.title}》"
    head = f"{cited}限{cn_date(request.due)}前报送"
    by_outcome: dict[str, list[str]] = {}
    for answer in board.requests.answers(request):
        if answer.outcome != DISSOLVED:
            by_outcome.setdefault(answer.outcome, []).append(answer.unit.short)
    if not board.requests.decided(request):
        answered = by_outcome.get(ON_TIME, [])
        text = f"{head}，尚未到期" + (f"，已报送的单位：{_units(answered)}。" if answered else "，尚无单位报送。")
    elif set(by_outcome) in ({ON_TIME}, {MISSED}):
        (outcome,) = by_outcome
        text = f"{head}，约稿单位均{OUTCOME_LABELS[outcome]}。"
    else:
        parts = [f"{OUTCOME_LABELS[outcome]}的单位：{_units(by_outcome[outcome])}"
                 for outcome in (ON_TIME, LATE, MISSED) if by_outcome.get(outcome)]
        text = f"{head}。" + ("；".join(parts) + "。" if parts else "")
    return Sentence(text, request.id, cited)


def _quota_sentence(board: Leaderboard, period: Period) -> str:
    """Who fell short of the monthly quota: a month names the figures, a longer period the months."""
    short_of = board.own_in(period, "quota")
    units = board.archive.units
    if period.kind == "month":
        named = [f"{units[c.unit].short}（报送{c.quota[0]}篇，定额{c.quota[1]}篇）" for c in short_of]
    else:
        months = Counter(c.unit for c in sorted(short_of, key=lambda c: units[c.unit].order))
        named = [f"{units[unit].short}（{count}个月）" for unit, count in months.items()]
    return f"未完成月度报送定额的单位：{_units(named)}。" if named else ""


def _penalties_sentence(board: Leaderboard, period: Period) -> str:
    """Each penalty of the period with its type, points and note."""
    units = board.archive.units
    named = [f"{units[c.unit].short}{c.penalty.type}{deduction(c.points)}" + (f"（{c.penalty.note}）" if c.penalty.note else "")
             for c in board.own_in(period, "penalty")]
    return (f"{THIS[period.kind]}扣分：" + "；".join(named) + "。") if named else ""


def deduction(points: Fraction) -> str:
    """A penalty's points as a circular writes them: 扣10分, 扣2.5分; 不计分 where the rules give none."""
    if points == 0:
        return "不计分"
    return f"扣{figure(-points)}分" if points < 0 else f"加{figure(points)}分"
