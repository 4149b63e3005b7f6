"""The archive as one JSON document: `bulletin export --json`, and the site's data/ files.

The document is versioned (`schema_version`), described in docs/export.md and checked by
docs/export.schema.json. It holds published content only, like the site: it is built from the
`Archive`, which never contains a draft or unapproved item, so such an item cannot leak, not even
by its id. The site's data/leaderboard.json is the `leaderboard` part of this same document.

Dates are ISO strings; points are shown to one decimal as numbers (`points`) and exactly as
fractions in strings (`points_exact`, e.g. "22/3"), because joint items split points in thirds.
"""

from __future__ import annotations

import json
from datetime import date
from fractions import Fraction
from typing import Callable

from bulletin.archive import Archive
from bulletin.cycle.assessment import AssessedUnit, Assessment, assess
from bulletin.tables.author_columns import author_periods
from bulletin.cycle.authors import Authors, Payment, yuan
from bulletin.model import Event, FeeRule, Issue, Item, RuleSet
from bulletin.cycle.requests import SCORED
from bulletin.cycle.circular import circular_date, circular_number, early_date, issued, provisional_note
from bulletin.cycle.scoring import ITEM_KINDS, UNIT_KINDS, Leaderboard, Period, one_decimal
from bulletin.cycle.followups import KIND as FOLLOWUP, SCORED as FOLLOWUP_SCORED
from bulletin.office_export import bars, followups as followup_records, staff

KINDS = ITEM_KINDS + UNIT_KINDS   # points_by_kind: what the items earned, then the unit's own


def _kinds(board: Leaderboard) -> tuple[str, ...]:
    """The kinds an archive has: 督办 only where bulletin/cycle/followups.py has any (an office without
    follow-ups exports exactly what it did before)."""
    return KINDS if board.followups.tracked else tuple(kind for kind in KINDS if kind != FOLLOWUP)

# Raise on any change a consumer could trip over (a field renamed, removed or changing meaning);
# adding a field keeps the version. docs/export.md keeps the history.
SCHEMA_VERSION = 1


def export_json(archive: Archive, board: Leaderboard | None = None) -> str:
    return _dump(archive_document(archive, board or Leaderboard(archive)))


# The site's leaderboard and authors data come a year a file, listed by one small file: a publish
# rewrites only the years it touched, so the releases kept beside the served one share the older
# years' files (equal files are hard links) instead of each holding megabytes of its own copy.

def _year_list(board: Leaderboard, path: str) -> list[dict]:
    return [{"year": year, "file": path.format(year=year)} for year in board.years]


def leaderboard_file(board: Leaderboard) -> str:
    """data/leaderboard.json on the site: which years the leaderboard has, newest first, and the file
    beside it that holds each (`leaderboard_year_file`)."""
    return _dump({"schema_version": SCHEMA_VERSION, "publisher": board.settings.publisher,
                  "years": _year_list(board, "leaderboard-{year}.json")})


Dump = Callable[[dict, Callable[[dict], str]], str]   # (document, encoder) -> text: the site may answer from a memo


def _encode(document: dict, encode: Callable[[dict], str]) -> str:
    return encode(document)


def leaderboard_year_file(board: Leaderboard, year: int, dump: Dump = _encode) -> str:
    """data/leaderboard-<year>.json: the export's leaderboard periods of that year."""
    return dump({"schema_version": SCHEMA_VERSION, "publisher": board.settings.publisher, "year": year,
                  "periods": leaderboard(board, [year])}, _dump)


def authors_file(board: Leaderboard) -> str:
    """data/authors.json on the site: the fee rules and which years there are, each in a file beside it
    (`authors_year_file`): 撰稿人, and 稿酬 only where bulletin.yml publishes fees (a named person's fee
    is finance's, not the whole intranet's)."""
    return _dump({"schema_version": SCHEMA_VERSION, "publisher": board.settings.publisher,
                  "fee_rules": authors_part(board, public=True, years=[])["fee_rules"],
                  "years": _year_list(board, "authors-{year}.json")})


def authors_year_file(board: Leaderboard, year: int, dump: Dump = _encode) -> str:
    """data/authors-<year>.json: the export's `authors` periods of that year, and its payments."""
    part = authors_part(board, public=True, years=[year])
    return dump({"schema_version": SCHEMA_VERSION, "publisher": board.settings.publisher, "year": year,
                 "periods": part["periods"], "payments": part["payments"]}, _dump)


def requests_file(board: Leaderboard) -> str:
    """data/requests.json on the site: the export's `requests` and `penalties` (约稿 and 扣分)."""
    return _dump({"schema_version": SCHEMA_VERSION, "publisher": board.settings.publisher,
                  "as_of": board.today.isoformat(), "requests": requests(board), "penalties": penalties(board)})


def assessment_file(board: Leaderboard) -> str:
    """data/assessment.json on the site: the export's `assessments` (年度考核), newest year first."""
    return _dump({"schema_version": SCHEMA_VERSION, "publisher": board.settings.publisher,
                  "assessments": assessments(board)})


def followups_file(board: Leaderboard) -> str:
    """data/followups.json on the site: the export's `followups` (批示督办), where the archive has any."""
    return _dump({"schema_version": SCHEMA_VERSION, "publisher": board.settings.publisher,
                  "as_of": board.today.isoformat(), "followups": followup_records(board)})


def _dump(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def archive_document(archive: Archive, board: Leaderboard) -> dict:
    return {
        "schema_version": SCHEMA_VERSION,
        "bulletin": settings(archive),
        "units": [{"id": u.id, "name": u.name, "short": u.short, "group": u.group, "target": u.target,
                   "until": _day(u.until), "successor": u.successor} for u in archive.units.values()],
        "topics": [{"id": t.id, "name": t.name, "description": t.description} for t in archive.topics.values()],
        "items": [item_record(archive, item) for item in sorted(archive.items.values(), key=lambda i: i.id)],
        "issues": [issue_record(archive, issue) for issues in archive.series_issues.values() for issue in issues],
        "leaderboard": leaderboard(board),
        "authors": authors_part(board),
        "assessments": assessments(board),
        "requests": requests(board),
        "penalties": penalties(board),
        **({"followups": followup_records(board)} if board.followups.tracked else {}),
    }


def settings(archive: Archive) -> dict:
    s = archive.settings
    return {
        "publisher": s.publisher,
        "series": [{"id": x.id, "name": x.name, "distribution": x.distribution} for x in s.series.values()],
        "categories": s.categories,
        "groups": s.groups,
        "levels": [{"id": level.id, "name": level.name} for level in s.levels.values()],
        "markings": s.markings,
        "circular_number": s.circular_number,
        "scoring": [_rule_set(rules) for rules in s.scoring],
    }


def _rule_set(rules: RuleSet) -> dict:
    return {"since": rules.since.isoformat(), "published": _number(rules.published),
            "forwarded": _numbers(rules.forwarded), "adopted": _numbers(rules.adopted),
            "publications": {name: _numbers(points) for name, points in rules.publications.items()},
            "combined": _number(rules.combined), "instruction": _numbers(rules.instruction),
            "request_answered": _number(rules.request_answered), "request_late": _number(rules.request_late),
            "request_missed": _number(rules.request_missed), "quota_missed": _number(rules.quota_missed),
            "penalties": _numbers(rules.penalties),
            **({f"followup_{kind}": _number(getattr(rules, f"followup_{kind}")) for kind in ("done", "late", "missed")}
               if any((rules.followup_done, rules.followup_late, rules.followup_missed)) else {})}


def item_record(archive: Archive, item: Item) -> dict:
    return {
        "id": item.id, "title": item.title, "unit": item.unit, "co_units": item.co_units, "authors": item.authors,
        "category": item.category, "topics": item.topics, "date": item.date.isoformat(),
        "approved_by": item.approved_by, "marking": item.marking, "summary": item.summary,
        "body": item.body,
        "corrections": [{"date": c.date.isoformat(), "text": c.text} for c in item.corrections],
        "events": [_event(event) for event in item.events],
        "issues": [{"issue": p.issue.key, "position": p.position} for p in archive.issues_of(item)],
    }


def _event(event: Event) -> dict:
    return {"type": event.type, "level": event.level, "date": event.date.isoformat(),
            "publication": event.publication, "form": event.form, "issue": event.issue,
            "leader": event.leader, "text": event.text}


def issue_record(archive: Archive, issue: Issue) -> dict:
    return {
        "key": issue.key, "series": issue.series, "year": issue.year, "number": issue.number,
        "supplement": issue.supplement, "total": archive.total(issue), "date": issue.date.isoformat(),
        "signer": issue.signer, "editor": issue.editor, "marking": issue.marking, "foreword": issue.foreword,
        "distribution": archive.distribution(issue), "copies": issue.copies,
        "items": list(issue.item_ids),
    }


def leaderboard(board: Leaderboard, years: list[int] | None = None) -> list[dict]:
    """Every period of every year (or of `years`: year, quarters, months, year to date), each group
    ranked, and whether it is still running on the build date, as its pages say (`_status`)."""
    periods = []
    for year in board.years if years is None else years:
        for period in board.periods(year):
            groups = [{"group": group, "units": [_standing(s, _kinds(board)) for s in board.table(period, group)]}
                      for group in board.settings.groups]
            periods.append({"key": period.key, "label": period.label, "kind": period.kind, "year": period.year,
                            "number": period.number, **_status(board, period), "groups": groups})
    return periods


def _status(board: Leaderboard, period: Period) -> dict:
    """A period not ended on the build date is provisional: its figures are as of that date (`as_of`)
    and its pages' banner (`note`) says so; a month has a circular (文号 and date) only once issued
    (bulletin/cycle/circular.py), never while it runs unless bulletin.yml's early_circulars issued it."""
    provisional = not board.ended(period)
    circular = ({"number": circular_number(board, period), "date": circular_date(board, period).isoformat(),
                 "early": early_date(board, period) is not None} if issued(board, period) else None)
    return {"provisional": provisional, "as_of": board.today.isoformat() if provisional else None,
            "note": provisional_note(board, period), "circular": circular}


def _standing(s, kinds: tuple[str, ...] = KINDS) -> dict:
    t = s.tally
    followups = {"followups": {outcome: t.followups[outcome] for outcome in FOLLOWUP_SCORED}} if FOLLOWUP in kinds else {}
    return {**followups, "id": s.unit.id, "name": s.unit.name, "rank": s.rank, "submitted": t.submitted, "published": t.published,
            "forwarded": dict(t.forwarded), "adopted": dict(t.adopted), "instructions": dict(t.instructions),
            "points": float(one_decimal(t.points)), "points_exact": str(t.points),
            "requests": {outcome: t.requests[outcome] for outcome in SCORED}, "quota_missed": t.quota_missed,
            "penalties": dict(sorted(t.penalties.items())),
            "points_by_kind": {kind: float(one_decimal(t.points_by_kind[kind])) for kind in kinds},
            "points_by_kind_exact": {kind: str(Fraction(t.points_by_kind[kind])) for kind in kinds}}


def requests(board: Leaderboard) -> list[dict]:
    """Every 约稿 with each asked unit's answer as judged on the build date (bulletin/cycle/requests.py), by date."""
    ledger = board.requests
    return [{"id": r.id, "title": r.title, "date": r.date.isoformat(), "due": r.due.isoformat(),
             "units": list(r.units) if r.units is not None else "all", "topics": list(r.topics), "text": r.text,
             "decided": ledger.decided(r),
             "answers": [{"unit": a.unit.id, "outcome": a.outcome, "items": [item.id for item in a.items]}
                         for a in ledger.answers(r)]}
            for r in ledger.requests]


def penalties(board: Leaderboard) -> list[dict]:
    """Every recorded 扣分 with the points it cost by the rules of its date, by date."""
    return [{"unit": c.penalty.unit, "type": c.penalty.type, "date": c.penalty.date.isoformat(), "item": c.penalty.item,
             "note": c.penalty.note, "points": float(one_decimal(c.points)), "points_exact": str(c.points)}
            for c in board.credits if c.kind == "penalty"]


def assessments(board: Leaderboard) -> list[dict]:
    """年度考核 of every year with anything to count, newest first (bulletin/cycle/assessment.py)."""
    authors = Authors.of(board)
    return [_assessment(assess(board, authors, year)) for year in board.years]


def _assessment(a: Assessment) -> dict:
    awards = {"units": dict(a.awards.units), "authors": a.awards.authors} if a.awards else None
    return {"year": a.year, "provisional": a.provisional, "as_of": _day(a.as_of), "awards": awards,
            "groups": [{"group": g.group, "places": g.places, "units": [_assessed(row) for row in g.units]} for g in a.groups],
            "authors": [{"rank": s.rank, "key": s.author.key, "name": s.author.name, "unit": s.author.unit.id,
                         "items": len(s.tally.items), "points": float(one_decimal(s.tally.points)),
                         "points_exact": str(s.tally.points)} for s in a.authors], **staff(a.staff)}


def _assessed(row: AssessedUnit) -> dict:
    s, t = row.standing, row.standing.tally
    return {"id": s.unit.id, "name": s.unit.name, "short": s.unit.short, "rank": s.rank, "published": t.published,
            "forwarded": dict(t.forwarded), "adopted": dict(t.adopted), "instructions": dict(t.instructions),
            "target": s.unit.target,
            "requests": {"asked": t.requests_asked, "on_time": t.requests["on_time"], "late": t.requests["late"],
                         "missed": t.requests["missed"]},
            "quota_missed": t.quota_missed, "penalties": dict(t.penalties),
            "deductions": float(one_decimal(row.penalty_points)), "deductions_exact": str(row.penalty_points),
            "points": float(one_decimal(t.points)), "points_exact": str(t.points),
            "advanced": row.advanced, "eligible": row.eligible, **bars(row)}


def _day(day) -> str | None:
    return day.isoformat() if day else None


def _number(value: Fraction) -> int | float:
    """A rule's points as written in bulletin.yml: 3 stays 3, 0.5 stays 0.5."""
    return int(value) if value.denominator == 1 else float(value)


def _numbers(values: dict[str, Fraction]) -> dict[str, int | float]:
    return {key: _number(value) for key, value in values.items()}


def fees_public(board: Leaderboard) -> bool:
    """Whether per-person fees go on the site: only where bulletin.yml sets fees and `publish_fees`."""
    return bool(board.settings.fees) and board.settings.publish_fees


def authors_part(board: Leaderboard, public: bool = False, years: list[int] | None = None) -> dict:
    """撰稿人 and 稿酬: the fee rules, per period (year, quarters, months, as on the site) every author's
    figures and fees, and every payment once. Money is whole fen (`fen`) and yuan as finance writes
    it (`yuan`, "1234.50"); without `fees` in bulletin.yml (or, for the site, `public`, without
    `publish_fees`) the fee fields are null and there are no payments. With `years`, the periods
    and payments of those years only."""
    authors = Authors.of(board)
    paid = fees_public(board) if public else bool(board.settings.fees)
    wanted = (lambda year: True) if years is None else (lambda year: year in years)
    periods = []
    for period in (p for p in author_periods(board) if wanted(p.year)):
        standings = authors.ranking(period)
        total = sum(s.tally.fen for s in standings)
        periods.append({"key": period.key, "label": period.label, "kind": period.kind, "year": period.year,
                        "number": period.number, "authors": [_author(s, paid) for s in standings],
                        "fees": {"fen": total, "yuan": yuan(total)} if paid else None})
    return {"fee_rules": [_fee_rule(rule) for rule in board.settings.fees] if paid else [], "periods": periods,
            "payments": [_payment(p) for p in authors.payments if wanted(p.day.year)] if paid else []}


def _author(s, paid: bool) -> dict:
    t = s.tally
    return {"key": s.author.key, "name": s.author.name, "unit": s.author.unit.id, "rank": s.rank, "items": len(t.items),
            "published": t.published, "forwarded": t.forwarded, "adopted": t.adopted, "instructions": t.instructions,
            "points": float(one_decimal(t.points)), "points_exact": str(t.points),
            "fees": {"fen": t.fen, "yuan": yuan(t.fen), "published": t.paid["published"], "forwarded": t.paid["forwarded"],
                     "adopted": t.paid["adopted"], "instructions": t.paid["instruction"]} if paid else None}


def _fee_rule(rule: FeeRule) -> dict:
    return {"since": None if rule.since == date.min else rule.since.isoformat(), "published": _number(rule.published),
            "forwarded": _numbers(rule.forwarded), "adopted": _numbers(rule.adopted), "instruction": _numbers(rule.instruction)}


def _payment(p: Payment) -> dict:
    return {"date": p.day.isoformat(), "author": p.author.key, "name": p.author.name, "unit": p.author.unit.id,
            "item": p.item.id, "kind": p.kind, "level": p.level, "issue": p.issue.key if p.issue else None,
            "fen": p.fen, "yuan": yuan(p.fen), "event_fen": p.total, "shares": p.parts}
