"""Realistic synthetic items and issues: the bundled sample, test archives and benchmark archives.

One generator serves all three so that what the tests and the benchmark build looks like what an
office writes. It takes the office's own bulletin.yml, units.yml and topics.yml and writes
items/, issues/, submissions/, requests/ and penalties/ beside them. Deterministic for a given seed.
"""

from __future__ import annotations

import random
import shutil
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import yaml

from testsupport.synthetic_words import (
    AUTHORS, EDITORS, FOREWORDS, INSTRUCTIONS, LEADERS, MARKING, MEASURES, OPENINGS, PROBLEMS, PUBLICATIONS, SIGNERS,
    SUBJECTS, SUGGESTIONS, TITLES, UNIT_TOPICS,
)


@dataclass
class _Draft:
    id: str
    unit: str
    topic: str
    category: str
    day: date
    title: str
    body: str
    co_units: list = field(default_factory=list)
    events: list = field(default_factory=list)
    approved: bool = True
    marking: bool = False
    request: str | None = None


def write_archive(config_dir: Path, out: Path, items: int, start_year: int, years: int, seed: int = 1) -> None:
    """Copy the office's config from config_dir to out, then write `items` items over `years` years."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    for name in ("bulletin.yml", "units.yml", "topics.yml"):
        if config_dir.resolve() != out.resolve():
            shutil.copyfile(config_dir / name, out / name)
    for folder in ("items", "issues", "submissions", "requests", "penalties"):
        shutil.rmtree(out / folder, ignore_errors=True)
    settings = yaml.safe_load((out / "bulletin.yml").read_text(encoding="utf-8"))
    units = yaml.safe_load((out / "units.yml").read_text(encoding="utf-8"))
    topics = [t["id"] for t in yaml.safe_load((out / "topics.yml").read_text(encoding="utf-8"))]
    drafts = _items(rng, units, topics, settings, items, start_year, years)
    issues = _issues(rng, drafts, settings)
    requests = _requests(rng, drafts, units, settings)
    for draft in drafts:
        _write_item(out, draft)
    for issue in issues:
        _write_issue(out, issue)
    _write_submissions(out, drafts, rng)
    _write_requests(out, requests)
    _write_penalties(out, drafts, units, settings, rng)


def _existed(unit: dict, day: date) -> bool:
    return "until" not in unit or day <= date.fromisoformat(str(unit["until"]))


def _requests(rng, drafts, units, settings) -> list[dict]:
    """A 约稿 a month to one group, due on the 20th: about half of the group's items that month answer it
    (those after the 20th late), so every outcome occurs."""
    by_month = defaultdict(list)
    for draft in drafts:
        by_month[(draft.day.year, draft.day.month)].append(draft)
    requests = []
    for (year, month), month_drafts in sorted(by_month.items()):
        day, group = date(year, month, 1), rng.choice(settings["groups"])
        asked = [u["id"] for u in units if u["group"] == group and _existed(u, day)]
        if not asked:
            continue
        request_id = f"{year}-yd{month:02d}"
        for draft in month_drafts:
            if draft.unit in asked and rng.random() < 0.5:
                draft.request = request_id
        subject = rng.choice(SUBJECTS[rng.choice(sorted(SUBJECTS))])
        requests.append({"id": request_id, "title": f"关于报送{subject}工作情况的约稿", "date": day, "due": date(year, month, 20),
                         "units": asked, "text": f"请{group}各单位报送{subject}工作的进展、问题和建议。"})
    return requests


def _write_requests(out: Path, requests: list[dict]) -> None:
    for request in requests:
        path = out / "requests" / str(request["date"].year) / f"{request['id']}.yml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"id: {request['id']}\ntitle: {request['title']}\ndate: {request['date'].isoformat()}\n"
                        f"due: {request['due'].isoformat()}\nunits: [{', '.join(request['units'])}]\ntext: |\n  {request['text']}\n",
                        encoding="utf-8")


def _write_penalties(out: Path, drafts: list[_Draft], units: list[dict], settings, rng) -> None:
    """About one penalty in fifty items, of a type the rules in force that day name (none where they name none)."""
    rule_sets = sorted(settings.get("scoring", []), key=lambda rules: str(rules["since"]))
    years = defaultdict(list)
    for draft in drafts:
        in_force = [rules for rules in rule_sets if str(rules["since"]) <= draft.day.isoformat()]
        types = sorted(in_force[-1].get("penalties", {})) if in_force else []
        unit = next(u for u in units if u["id"] == draft.unit)
        if types and rng.random() < 0.02 and _existed(unit, draft.day):
            # only an approved item may be cited: the site lists the cited id, and a draft's would leak
            cited = f"item: {draft.id}, " if draft.approved else ""
            years[draft.day.year].append(f"- {{unit: {draft.unit}, type: {rng.choice(types)}, date: {draft.day.isoformat()}, "
                                         f"{cited}note: 未按规定时限报送}}")
    for year, lines in years.items():
        path = out / "penalties" / f"{year}.yml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _items(rng, units, topics, settings, count, start_year, years) -> list[_Draft]:
    first, last = date(start_year, 1, 4), date(start_year + years - 1, 11, 20)
    span = (last - first).days
    days = sorted(first + timedelta(days=rng.randrange(span)) for _ in range(count))
    drafts, sequence = [], defaultdict(int)
    for day in days:
        sequence[day.year] += 1
        drafts.append(_draft(rng, units, topics, settings, day, f"{day.year}-{sequence[day.year]:04d}"))
    return drafts


def _draft(rng, units, topics, settings, day, id, approved: bool | None = None) -> _Draft:
    """One item on `day`; `approved` forces the status (the same random draws are made either way)."""
    unit = rng.choice([u for u in units if "until" not in u or day <= date.fromisoformat(str(u["until"]))])
    own = next((ids for word, ids in UNIT_TOPICS.items() if word in unit["short"]), None)
    topic = rng.choice([t for t in (own or topics) if t in topics and t in SUBJECTS] or topics)
    category = rng.choice(settings["categories"])
    subject = rng.choice(SUBJECTS.get(topic, ["重点工作"]))
    place = unit["short"] if not unit["short"].endswith("局") else "行署" + unit["short"]
    title = rng.choice(TITLES.get(category, TITLES["动态"])).format(place=place, subject=subject, n=rng.choice("三四五"))
    draft = _Draft(id, unit["id"], topic, category, day, title, _body(rng, place, subject, category, day))
    draft.approved = rng.random() > 0.04
    if approved is not None:
        draft.approved = approved
    draft.marking = rng.random() < 0.1
    if rng.random() < 0.05:
        partners = [u["id"] for u in units if u["id"] != unit["id"] and u.get("group") == unit.get("group")
                    and ("until" not in u or day <= date.fromisoformat(str(u["until"])))]
        draft.co_units = rng.sample(partners, k=min(len(partners), rng.choice([1, 2])))
    if draft.approved:
        draft.events = _events(rng, day, settings)
    return draft


def _body(rng, place, subject, category, day) -> str:
    fill = dict(place=place, subject=subject, month=f"{day.month}月", money=rng.randrange(50, 900),
                people=rng.randrange(20, 400), n=rng.randrange(3, 40))
    paragraphs = [rng.choice(OPENINGS).format(**fill)]
    if category in ("问题建议", "调研"):
        paragraphs += ["**存在的主要问题**", rng.choice(PROBLEMS), "**几点建议**", rng.choice(SUGGESTIONS)]
    else:
        measures = rng.sample(MEASURES, 3)
        paragraphs.append("主要做法：")
        paragraphs.append("\n".join(f"{i}. {m.format(**fill)}。" for i, m in enumerate(measures, 1)))
        if rng.random() < 0.2:
            paragraphs.append("| 指标 | 上年同期 | 今年 |\n| --- | --- | --- |\n"
                              f"| 完成量 | {fill['n'] * 10} | {fill['n'] * 12} |\n| 投入（万元） | {fill['money'] - 20} | {fill['money']} |")
        paragraphs.append(f"截至{day.month}月{day.day}日，各项工作进展顺利，群众满意度明显提升。")
    return "\n\n".join(paragraphs) + "\n"


def _events(rng, day, settings) -> list[dict]:
    levels = [level["id"] for level in settings.get("levels", [])]
    events = []
    if not levels or rng.random() > 0.35:
        return events
    level = rng.choice(levels[1:] or levels)
    events.append({"type": "forwarded", "level": level, "date": day + timedelta(days=1)})
    if rng.random() < 0.5:
        adopted_level = rng.choice(levels)
        publication = rng.choice(PUBLICATIONS.get(adopted_level, ["参阅信息"]))
        form = "combined" if rng.random() < 0.25 else "single"
        when = day + timedelta(days=rng.randrange(3, 12))
        events.append({"type": "adopted", "level": adopted_level, "publication": publication, "form": form,
                       "issue": f"{when.year}年第{rng.randrange(1, 200)}期", "date": when})
        if rng.random() < 0.3:
            events.append({"type": "instruction", "level": adopted_level, "leader": rng.choice(LEADERS.get(adopted_level, ["领导同志"])),
                           "date": when + timedelta(days=2), "text": rng.choice(INSTRUCTIONS)})
    return events


def _issues(rng, drafts, settings) -> list[dict]:
    """Fill issues from approved items in date order: about six items an issue in the first series,
    problem items also in the second; a few approved items stay unpublished (forwarded only)."""
    series = [s["id"] for s in settings["series"]]
    main, second = series[0], series[1] if len(series) > 1 else None
    issues, pool, problems = [], [], []
    numbers, latest = defaultdict(int), {}
    for draft in (d for d in drafts if d.approved):
        if rng.random() < 0.05:
            continue
        pool.append(draft)
        if second and draft.category in ("问题建议", "调研") and rng.random() < 0.4:
            problems.append(draft)
        if len(pool) >= rng.randrange(4, 7):
            issues.append(_issue(rng, main, pool, numbers, latest))
            pool = []
        if len(problems) >= 3:
            issues.append(_issue(rng, second, problems, numbers, latest))
            problems = []
    for series_id, waiting in ((main, pool), (second, problems)):
        if waiting:
            issues.append(_issue(rng, series_id, waiting, numbers, latest))
    supplement = next((i for i in issues if i["series"] == main and i["date"].year == issues[-1]["date"].year), None)
    if supplement and len(issues) > 8:
        extra = dict(supplement, number=1, supplement=True, items=supplement["items"][:1], foreword=None, series=main)
        extra["date"] = supplement["date"] + timedelta(days=1)
        supplement["items"] = supplement["items"][1:]
        issues.append(extra)
    return issues


def _issue(rng, series, items, numbers, latest) -> dict:
    # never before the series' previous issue: numbers rise with dates (bulletin check refuses otherwise)
    day = max(max(d.day for d in items) + timedelta(days=rng.randrange(1, 5)), latest.get(series, date.min))
    latest[series] = day
    numbers[(series, day.year)] += 1
    number = numbers[(series, day.year)]
    first = sum(count for (s, _), count in numbers.items() if s == series) == 1
    return {
        "series": series, "number": number, "date": day, "supplement": False,
        "total": (300 if series == "zwxx" else 88) if first else None,
        "signer": rng.choice(SIGNERS), "editor": rng.choice(EDITORS),
        "marking": MARKING if rng.random() < 0.3 else None,
        "foreword": rng.choice(FOREWORDS).format(subject=rng.choice(SUBJECTS[items[0].topic])) if rng.random() < 0.25 else None,
        "items": [d.id for d in items], "copies": rng.choice([40, 60, 80]),
    }


def _write_item(out: Path, draft: _Draft) -> None:
    lines = ["---", f"id: {draft.id}", f"title: {draft.title}", f"unit: {draft.unit}"]
    if draft.co_units:
        lines.append(f"co_units: [{', '.join(draft.co_units)}]")
    lines += [f"authors: [{AUTHORS[int(draft.id[-4:]) % len(AUTHORS)]}]",
              f"category: {draft.category}", f"topics: [{draft.topic}]", f"date: {draft.day.isoformat()}",
              f"status: {'approved' if draft.approved else 'draft'}"]
    if draft.approved:
        lines.append(f"approved_by: {SIGNERS[int(draft.id[-4:]) % len(SIGNERS)]}")
    if draft.marking:
        lines.append(f"marking: {MARKING}")
    if draft.request:
        lines.append(f"request: {draft.request}")
    if draft.events:
        lines.append("events:")
        for event in draft.events:
            pairs = ", ".join(f"{k}: {v.isoformat() if isinstance(v, date) else v}" for k, v in event.items())
            lines.append(f"  - {{{pairs}}}")
    lines.append("---")
    path = out / "items" / str(draft.day.year) / f"{draft.id}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n" + draft.body, encoding="utf-8")


def _write_issue(out: Path, issue: dict) -> None:
    lines = [f"series: {issue['series']}", f"number: {issue['number']}"]
    if issue["total"]:
        lines.append(f"total: {issue['total']}")
    if issue["supplement"]:
        lines.append("supplement: true")
    lines += [f"date: {issue['date'].isoformat()}", f"signer: {issue['signer']}", f"editor: {issue['editor']}"]
    if issue["marking"]:
        lines.append(f"marking: {issue['marking']}")
    if issue["foreword"]:
        lines += ["foreword: |", f"  {issue['foreword']}"]
    lines += [f"items: [{', '.join(issue['items'])}]", f"copies: {issue['copies']}"]
    name = f"zk{issue['number']}" if issue["supplement"] else f"{issue['number']:03d}"
    path = out / "issues" / issue["series"] / str(issue["date"].year) / f"{name}.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _write_submissions(out: Path, drafts: list[_Draft], rng) -> None:
    """Submitted counts: every item file was submitted, and screening turned down about as many again."""
    counts = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    for draft in drafts:
        counts[draft.day.year][draft.unit][draft.day.month] += 1
    for year, units in counts.items():
        lines = []
        for unit, months in units.items():
            pairs = ", ".join(f"{m}: {c + rng.randrange(0, 3)}" for m, c in sorted(months.items()))
            lines.append(f"{unit}: {{{pairs}}}")
        path = out / "submissions" / f"{year}.yml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# -- changes to an existing archive (the benchmark's incremental rebuilds) ------------------------

def _issues_on_disk(content: Path) -> list[dict]:
    issues = []
    for path in sorted((content / "issues").glob("*/*/*.yml")):
        issue = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        issues.append(dict(issue, path=path))
    return issues


def add_issue(content: Path, count: int = 5, seed: int = 1) -> dict:
    """Publish one more issue of the first series: `count` new approved items, submitted the day
    after the archive's latest issue (of any series), in an issue dated the day after them,
    numbered on from the series' issues of that year (1 in a new year). The submissions file
    counts the new items too. Returns the issue's series, number, date, path and item ids."""
    content = Path(content)
    rng = random.Random(seed)
    settings = yaml.safe_load((content / "bulletin.yml").read_text(encoding="utf-8"))
    units = yaml.safe_load((content / "units.yml").read_text(encoding="utf-8"))
    topics = [t["id"] for t in yaml.safe_load((content / "topics.yml").read_text(encoding="utf-8"))]
    issues = _issues_on_disk(content)
    latest = max((i["date"] for i in issues), default=date(2017, 1, 1))
    day, issue_day = latest + timedelta(days=1), latest + timedelta(days=2)
    taken = [int(p.stem[5:]) for p in (content / "items" / str(day.year)).glob(f"{day.year}-*.md") if p.stem[5:].isdigit()]
    first = max(taken, default=0) + 1
    drafts = [_draft(rng, units, topics, settings, day, f"{day.year}-{first + k:04d}", approved=True) for k in range(count)]
    series = settings["series"][0]["id"]
    number = 1 + max((i["number"] for i in issues if i["series"] == series and not i.get("supplement")
                      and i["date"].year == issue_day.year), default=0)
    issue = _issue(rng, series, drafts, defaultdict(int), {})
    issue.update(number=number, date=issue_day, total=None)
    for draft in drafts:
        _write_item(content, draft)
    _write_issue(content, issue)
    _count_submissions(content, drafts)
    name = f"{issue['number']:03d}.yml"
    return {"series": series, "number": number, "date": issue_day.isoformat(), "items": issue["items"],
            "path": str(content / "issues" / series / str(issue_day.year) / name)}


def _count_submissions(content: Path, drafts: list[_Draft]) -> None:
    for year in sorted({d.day.year for d in drafts}):
        path = content / "submissions" / f"{year}.yml"
        counts = (yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else None) or {}
        for draft in (d for d in drafts if d.day.year == year):
            months = counts.setdefault(draft.unit, {})
            months[draft.day.month] = months.get(draft.day.month, 0) + 1
        lines = [f"{unit}: {{{', '.join(f'{m}: {c}' for m, c in sorted(months.items()))}}}" for unit, months in counts.items()]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")


FIX = "（数据已核实）"


def edit_item(content: Path) -> str:
    """An editorial fix to one published item's body: a note at the end of its first paragraph.
    The item is the middle one (by id) of those printed in an issue and not yet in
    published.lock (a recorded item would need a `corrections:` entry). Returns its id."""
    content = Path(content)
    printed = {str(item_id) for issue in _issues_on_disk(content) for item_id in issue["items"]}
    lock = content / "published.lock"
    if lock.is_file():
        recorded = yaml.load(lock.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader) or {}
        printed -= set(map(str, (recorded.get("items") or {})))
    if not printed:
        raise ValueError(f"{content}: no item printed in an issue and free to edit")
    item_id = sorted(printed)[len(printed) // 2]
    path = next((content / "items").glob(f"*/{item_id}.md"))
    _, head, body = path.read_text(encoding="utf-8").split("---\n", 2)
    first, sep, rest = body.partition("\n\n")
    path.write_text(f"---\n{head}---\n{first.rstrip('。')}{FIX}。{sep}{rest}", encoding="utf-8")
    return item_id


def correct_item(content: Path, day: date | None = None) -> str:
    """A correction to one published item (one recorded in published.lock): its body fixed and a
    `corrections:` entry saying so, as an editor must write it. The item is the middle one (by id)
    of the record's items. Returns its id."""
    content = Path(content)
    recorded = yaml.load((content / "published.lock").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader) or {}
    published = sorted(map(str, recorded.get("items") or {}))
    if not published:
        raise ValueError(f"{content}: published.lock records no item to correct")
    item_id = published[len(published) // 2]
    path = next((content / "items").glob(f"*/{item_id}.md"))
    _, head, body = path.read_text(encoding="utf-8").split("---\n", 2)
    first, sep, rest = body.partition("\n\n")
    when = (day or date.today()).isoformat()
    head += f"corrections:\n  - {{date: {when}, text: 第一段数字有误，已更正}}\n"
    path.write_text(f"---\n{head}---\n{first.rstrip('。')}{FIX}。{sep}{rest}", encoding="utf-8")
    return item_id
