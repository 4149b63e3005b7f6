"""The office fixture: the tests' sample bulletin with what follows a 批示 (followups/), the office's
信息员 (staff.yml), 评先规则 and 督办 rules in bulletin.yml and two items, laid over a copy of the
sample (tests/fixtures/office/ holds only what it adds or replaces). Also the same kinds of records
for a synthetic archive (`add_office_records`), so the benchmark's archives can carry them.
"""

from __future__ import annotations

import random
import re
import shutil
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "tests" / "fixtures" / "sample"
OVERLAY = ROOT / "tests" / "fixtures" / "office"


def compose(target: Path) -> Path:
    """A content folder at `target`: the sample, then the office fixture's files over it."""
    shutil.copytree(SAMPLE, target)
    shutil.copytree(OVERLAY, target, dirs_exist_ok=True)
    return target


_INSTRUCTION = re.compile(r"type: instruction.*?date: (\d{4}-\d{2}-\d{2})")
_UNIT = re.compile(r"^unit: (\S+)$", re.M)
_EDITOR = re.compile(r"^editor: (\S+)$", re.M)


def add_office_records(content: Path, today: date, seed: int = 1) -> dict[str, int]:
    """Give a synthetic archive 批示督办 and 信息员: a follow-up for every 批示 (due 20 days after it;
    of every four, one answered on time, one late, one never, one with no feedback needed yet where
    still open), and each issue editor as a 信息员 owing one issue a month. Returns what it wrote."""
    rng = random.Random(seed)
    by_year: dict[int, list[str]] = {}
    for path in sorted((content / "items").glob("*/*.md")):
        text = path.read_text(encoding="utf-8")
        if "status: approved" not in text:
            continue
        for day in sorted(set(_INSTRUCTION.findall(text))):   # one follow-up per 批示 date
            instruction = date.fromisoformat(day)
            due = instruction + timedelta(days=20)
            lines = [f"- item: {path.stem}", f"  instruction: {day}", f"  due: {due.isoformat()}"]
            choice = rng.randrange(4)
            done = due - timedelta(days=3) if choice == 0 else due + timedelta(days=4) if choice == 1 else None
            if done and done < today:
                lines += [f"  done: {done.isoformat()}", "  text: 已按批示要求落实，整改到位。"]
            by_year.setdefault(instruction.year, []).append("\n".join(lines))
    (content / "followups").mkdir(exist_ok=True)
    for year, entries in by_year.items():
        (content / "followups" / f"{year}.yml").write_text("\n".join(entries) + "\n", encoding="utf-8")
    editors = sorted({name for path in (content / "issues").glob("*/*/*.yml")
                      for name in _EDITOR.findall(path.read_text(encoding="utf-8"))})
    if editors:
        (content / "staff.yml").write_text("".join(f"- {{name: {name}, role: 专职信息员, issues_per_month: 1}}\n" for name in editors),
                                           encoding="utf-8")
    return {"followups": sum(map(len, by_year.values())), "staff": len(editors)}
