"""The month's circular (采用情况通报) in words: its number and date, and the sentences it opens with.

The page, the PDF and `bulletin stats` all print these, as the office writes them: totals, who
published most, who sent or printed nothing, then the units' own points (约稿, 定额, 扣分). The
tables under them are the leaderboard's (bulletin/tables/board_columns.py).
"""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from bulletin.labels import OUTCOME_LABELS, cn_date
from bulletin.model import EVENT_TYPES
from bulletin.cycle.requests import DISSOLVED, LATE, MISSED, ON_TIME
from bulletin.cycle.scoring import Leaderboard, Period, figure


def circular_number(board: Leaderboard, period: Period) -> str:
    """文号 from bulletin.yml's pattern: {year} and {month} replaced, nothing else interpreted."""
    return board.settings.circular_number.replace("{year}", str(period.year)).replace("{month}", str(period.number))


def circular_date(board: Leaderboard, period: Period) -> date:
    """Dated the month's last day, or the last day with data while the month is still running."""
    end = date(period.year, period.number, monthrange(period.year, period.number)[1])
    return min(end, board.last_day.get(period.year, end))



THIS = {"month": "本月", "quarter": "本季度", "year": "本年度", "ytd": "今年以来"}


def _units(names: list[str]) -> str:
    return "、".join(names)


def circular_summary(board: Leaderboard, period: Period) -> list[str]:
    """The sentences a circular opens with, as the office writes them: totals, who published most,
    who sent or printed nothing, then the units' own points (约稿, 定额, 扣分). The page, the PDF and
    `bulletin stats` all print these."""
    return overview_sentences(board, period) + [sentence.text for sentence in own_sentences(board, period)]


def overview_sentences(board: Leaderboard, period: Period) -> list[str]:
    """Totals, who published most, who sent or printed nothing. One unit reads 共 N 篇, several
    各 N 篇; an empty list reads 均."""
    this = THIS[period.kind]
    every = [s for group in board.settings.groups for s in board.table(period, group)]
    published = sum(1 for issues in board.archive.series_issues.values() for i in issues
                    if i.date.year == period.year and i.date.month in period.months for _ in i.item_ids)
    forwarded, adopted, instructed = (len(board.events_in(period, kind)) for kind in EVENT_TYPES)
    lines = [f"{period.label}，各期刊物共刊发稿件{published}篇次，向上级报送{forwarded}篇次，"
             f"被上级采用{adopted}篇次，获领导批示{instructed}次。"]
    top = max((s.tally.published for s in every), default=0)
    leaders = [s.unit.short for s in every if top and s.tally.published == top]
    if len(leaders) == 1:
        lines.append(f"刊用稿件最多的单位是{leaders[0]}，共{top}篇。")
    elif leaders:
        lines.append(f"刊用稿件最多的单位是{_units(leaders)}，各{top}篇。")
    else:
        lines.append(f"{this}各单位均无稿件刊用。")
    if board.archive.content.submissions.get(period.year):
        silent = [s for s in every if not s.tally.submitted]
        if silent:
            line = f"未报送稿件的单位：{_units([s.unit.short for s in silent])}。"
            # A unit can top the 刊用 list and still be here: an issue prints items sent in earlier months.
            earlier = [s.unit.short for s in silent if s.tally.published]
            if len(earlier) == 1:
                line += f"其中{earlier[0]}{this}刊用的稿件系此前报送。"
            elif earlier:
                line += f"其中{_units(earlier)}{this}刊用的稿件均系此前报送。"
            lines.append(line)
        else:
            lines.append(f"{this}各单位均报送了稿件。")
    idle = [s.unit.short for s in every if not s.tally.published]
    if idle and leaders:
        lines.append(f"无稿件刊用的单位：{_units(idle)}。")
    elif leaders:
        lines.append(f"{this}各单位均有稿件刊用。")
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
    """Who answered each 约稿 due in the period on time, late or not at all (still open: who has so
    far), who fell short of the monthly quota, and each penalty with its type, points and note."""
    short = {u.id: u.short for u in board.archive.units.values()}
    result = []
    for request in sorted(board.requests.requests, key=lambda r: (r.due, r.id)):
        if not period.start <= request.due <= period.end:
            continue
        cited = f"《{request.title}》"
        by_outcome: dict[str, list[str]] = {}
        for answer in board.requests.answers(request):
            if answer.outcome != DISSOLVED:
                by_outcome.setdefault(answer.outcome, []).append(answer.unit.short)
        head = f"{cited}限{cn_date(request.due)}前报送"
        if not board.requests.decided(request):
            answered = by_outcome.get(ON_TIME, [])
            text = f"{head}，尚未到期" + (f"，已报送的单位：{_units(answered)}。" if answered else "，尚无单位报送。")
        elif set(by_outcome) == {ON_TIME}:
            text = f"{head}，约稿单位均{OUTCOME_LABELS[ON_TIME]}。"
        elif set(by_outcome) == {MISSED}:
            text = f"{head}，约稿单位均{OUTCOME_LABELS[MISSED]}。"
        else:
            parts = [f"{OUTCOME_LABELS[outcome]}的单位：{_units(by_outcome[outcome])}"
                     for outcome in (ON_TIME, LATE, MISSED) if by_outcome.get(outcome)]
            text = f"{head}。" + "；".join(parts) + "。" if parts else f"{head}。"
        result.append(Sentence(text, request.id, cited))
    short_of = board.own_in(period, "quota")
    if short_of:
        if period.kind == "month":
            named = [f"{short[c.unit]}（报送{c.quota[0]}篇，定额{c.quota[1]}篇）" for c in short_of]
        else:
            months: dict[str, int] = {}
            for credit in sorted(short_of, key=lambda c: board.archive.units[c.unit].order):
                months[credit.unit] = months.get(credit.unit, 0) + 1
            named = [f"{short[unit]}（{count}个月）" for unit, count in months.items()]
        result.append(Sentence(f"未完成月度报送定额的单位：{_units(named)}。"))
    penalties = board.own_in(period, "penalty")
    if penalties:
        named = [f"{short[c.unit]}{c.penalty.type}{deduction(c.points)}" + (f"（{c.penalty.note}）" if c.penalty.note else "")
                 for c in penalties]
        result.append(Sentence(f"{THIS[period.kind]}扣分：" + "；".join(named) + "。"))
    return result


def deduction(points: Fraction) -> str:
    """A penalty's points as a circular writes them: 扣10分, 扣2.5分; 不计分 where the rules give none."""
    if points == 0:
        return "不计分"
    return f"扣{figure(-points)}分" if points < 0 else f"加{figure(points)}分"
