"""The export's parts for what follows a 批示 and for the office's own people (bulletin/cycle/followups.py,
staff.py, eligibility.py): plain records that bulletin/export.py puts into the archive's document and
the site's data files, only where the archive has any (an office without them exports what it did)."""

from __future__ import annotations

from bulletin.cycle.followups import followup_points
from bulletin.cycle.scoring import Leaderboard, one_decimal
from bulletin.model import in_force


def followups(board: Leaderboard) -> list[dict]:
    """Every 批示 follow-up as judged on the build date, by the 批示's date, with the points it scored
    (null until its due date is over)."""
    ledger = board.followups
    rows = []
    for t in ledger.tracked:
        f = t.followup
        points = followup_points(in_force(board.settings.scoring, f.due), t.outcome) if ledger.decided(f) else None
        rows.append({"item": t.item.id, "title": t.item.title, "instruction": {"date": f.instruction.isoformat(),
                     "level": t.instruction.level, "leader": t.instruction.leader, "text": t.instruction.text},
                     "unit": f.unit, "due": f.due.isoformat(), "done": f.done.isoformat() if f.done else None,
                     "text": f.text, "report": f.report, "outcome": t.outcome, "days_late": t.days_late,
                     "decided": ledger.decided(f),
                     "points": float(one_decimal(points)) if points is not None else None,
                     "points_exact": str(points) if points is not None else None})
    return rows


def bars(row) -> dict:
    """What bars a unit in the 年度考核 (一票否决), where it is barred."""
    if not row.bars:
        return {}
    return {"bars": [{"reason": bar.reason, "zeroes": bar.zeroes} for bar in row.bars], "zeroed": row.zeroed}


def staff(years) -> dict:
    """The 年度考核's 信息员, where staff.yml lists any: the tasks, each month and the outcome."""
    if not years:
        return {}
    return {"staff": [{"name": y.member.name, "role": y.member.role, "unit": y.member.unit,
                       "tasks": {"items_per_week": y.member.items_per_week, "items_per_month": y.member.items_per_month,
                                 "issues_per_month": y.member.issues_per_month},
                       "months": [{"month": m.month, "items": m.items, "items_owed": m.items_owed, "issues": m.issues,
                                   "issues_owed": m.issues_owed, "judged": m.judged, "missed": m.missed} for m in y.months],
                       "missed_months": y.missed_months, "items_short": y.items_short, "outcome": y.outcome,
                       "reasons": list(y.reasons)} for y in years]}
