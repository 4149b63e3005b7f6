"""批示督办 on the site: the office's page of every follow-up (督办反馈: overdue first, then open, late
and done), each traced to its item and 批示, with its 落实反馈 and points; the unit page's share of it;
the JSON. An office without follow-ups gets none of it."""

from __future__ import annotations

from bulletin.cycle.circular import deduction
from bulletin.cycle.followups import LATE, OPEN, ORDER, OVERDUE, Tracked, followup_points, instruction_text, summary
from bulletin.cycle.scoring import Leaderboard
from bulletin.export import followups_file
from bulletin.labels import FOLLOWUP_LABELS, days_late, days_left
from bulletin.model import in_force
from bulletin.site.pages.site_views import SiteViews
from bulletin.site.pages.spec import DataFile, PageSpec
from bulletin.site.urls import URLS, Links

TITLE = "批示督办"


def _row(board: Leaderboard, tracked: Tracked) -> dict:
    """One follow-up as a row reads it."""
    f, ledger = tracked.followup, board.followups
    label = FOLLOWUP_LABELS[tracked.outcome]
    if tracked.outcome in (LATE, OVERDUE):
        label += f"（{days_late(tracked.days_late)}）"
    elif tracked.outcome == OPEN:
        label += f"（{days_left((f.due - board.today).days)}）"
    points = followup_points(in_force(board.settings.scoring, f.due), tracked.outcome) if ledger.decided(f) else None
    level = board.settings.levels[tracked.instruction.level].name
    return {"outcome": tracked.outcome, "label": label, "unit": tracked.unit.short, "unit_url": Links.unit(tracked.unit.id),
            "item": tracked.item.title, "item_url": Links.item(tracked.item), "instruction": instruction_text(tracked, level),
            "instruction_words": tracked.instruction.text or "", "due": f.due, "done": f.done, "feedback": f.text or "",
            "report": (tracked.report.title, Links.item(tracked.report)) if tracked.report else None,
            "points": deduction(points) if points is not None else "到期后计分"}


def unit_followups(board: Leaderboard, unit_id: str) -> dict | None:
    """The unit page's 批示督办: its follow-ups, overdue first, and how many of each; None without any."""
    mine = board.followups.of_unit(unit_id)
    if not mine:
        return None
    rows = sorted(mine, key=lambda t: (ORDER.index(t.outcome), t.followup.due))
    return {"summary": summary(mine), "rows": [_row(board, t) for t in rows], "index": URLS["followups"]}


def item_followups(board: Leaderboard, item_id: str) -> list[dict]:
    """An item page's 批示督办: the follow-ups of its 批示, by due date."""
    return [_row(board, t) for t in sorted(board.followups.of_item(item_id), key=lambda t: (t.followup.due, t.unit.order))]


def pages(site: SiteViews) -> list[PageSpec]:
    board = site.board
    tracked = board.followups.tracked
    if not tracked:
        return []
    sections = [(outcome, FOLLOWUP_LABELS[outcome], [_row(board, t) for t in sorted(
                    (t for t in tracked if t.outcome == outcome), key=lambda t: (t.followup.due, t.unit.order))])
                for outcome in ORDER]
    return [PageSpec(URLS["followups"], "bulletin/followups.html", TITLE, {
        "summary": summary(tracked), "sections": [s for s in sections if s[2]], "as_of": board.today,
        "json": URLS["followups_json"]})]


def data(site: SiteViews) -> list[DataFile]:
    if not site.board.followups.tracked:
        return []
    return [DataFile(URLS["followups_json"], lambda: followups_file(site.board))]
