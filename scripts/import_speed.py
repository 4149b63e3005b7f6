"""How fast `bulletin import` reads a Word archive: N generated issues (default 1,000, ten years of
100, 5-10 items each, the three layouts of testsupport/word_issues.py) imported into a content folder
with the sample's settings, units and topics, then imported again (every issue found already imported);
then D of them (default 50) saved as .doc by LibreOffice and imported into a fresh content folder,
converted by one LibreOffice for the run. Not a CI test.

    .venv/bin/python scripts/import_speed.py [--issues N] [--doc D] [--keep DIR]

Prints issues per CPU second (the machine may be shared: CPU is the comparable figure; for .doc it
includes LibreOffice's CPU), with wall and CPU seconds, for .docx and .doc separately.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from bulletin import cli
from testsupport.word_issues import WordIssue, WordItem, write_issue

REPO = Path(__file__).resolve().parent.parent
UNITS = ["林双县人民政府办公室", "塔河县人民政府办公室", "行署商务局", "行署农业农村局", "青原县人民政府办公室", "行署应急管理局"]
SHORT = ["林双县", "塔河县", "商务局", "农业农村局", "青原县", "应急管理局"]
TITLES = ["棉花病虫害预计为中度偏重发生", "玉米收割机短缺严重", "采取三项措施协调农企关系", "进出口超额完成全年计划",
          "牧区细毛羊品种退化亟待改良", "紧急部署防寒防雪灾工作", "白色污染令人堪忧", "率先出台酿酒葡萄生产地方标准"]
LAYOUTS = ("headings", "bold", "prefix")


def generate(folder: Path, count: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    for n in range(count):
        year, number = 2014 + n // 100, n % 100 + 1
        day = date(year, 1, 2) + timedelta(days=number * 3)
        layout = LAYOUTS[n % 3]
        items = []
        for k in range(rng.randint(5, 10)):
            u = rng.randrange(len(UNITS))
            paragraphs = [f"第{k + 1}段正文，" + "情况说明。" * rng.randint(10, 40) for _ in range(rng.randint(2, 5))]
            items.append(WordItem(f"{SHORT[u] if layout != 'prefix' else ''}{rng.choice(TITLES)}{n}-{k}",
                                  UNITS[u] if layout != "prefix" else SHORT[u], paragraphs,
                                  table=[["项目", "数量"], ["甲", str(k)]] if k == 0 else None))
        issue = WordIssue(number_text=f"第{number}期", total_text=f"总第{n + 1}期",
                          date_text=f"{day.year}年{day.month}月{day.day}日", foreword=["本期编发。"] if n % 2 else [],
                          toc=n % 2 == 0, items=items, printed_text=f"{day.year}年{day.month}月{day.day}日印发")
        write_issue(folder / str(year) / f"第{number}期.docx", issue, layout)


def _cpu() -> float:
    """This process's CPU seconds and its finished children's (LibreOffice)."""
    spent = os.times()
    return spent.user + spent.system + spent.children_user + spent.children_system


def measure(word: Path, content: Path) -> tuple[float, float, str]:
    out = io.StringIO()
    wall, cpu = time.perf_counter(), _cpu()
    with contextlib.redirect_stdout(out):
        code = cli.main(["import", str(word), "--series", "zwxx", "--content", str(content)])
    wall, cpu = time.perf_counter() - wall, _cpu() - cpu
    summary = out.getvalue().strip().splitlines()[-1]
    if code:
        sys.exit(f"import failed ({code}): {summary}")
    return wall, cpu, summary


def fresh_content(content: Path) -> None:
    # the sample's settings, units and topics only: its own issues print 总第300期 in 2025, which an
    # archive of 1,000 issues before it would contradict (and the check would refuse)
    content.mkdir(parents=True)
    for name in ("bulletin.yml", "units.yml", "topics.yml"):
        shutil.copy2(REPO / "tests" / "fixtures" / "sample" / name, content / name)


def save_as_doc(sources: list[Path], folder: Path) -> Path:
    """The .docx files saved as .doc (Word 97) by one LibreOffice, each under a name of its own."""
    staged = folder.parent / "doc-in"
    staged.mkdir(parents=True, exist_ok=True)
    for index, source in enumerate(sources):
        shutil.copy2(source, staged / f"{source.parent.name}-{source.stem}.docx")
    subprocess.run(["soffice", f"-env:UserInstallation={(folder.parent / 'profile').as_uri()}", "--headless",
                    "--convert-to", "doc:MS Word 97", "--outdir", str(folder), *map(str, sorted(staged.iterdir()))],
                   check=True, capture_output=True, timeout=1800)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--issues", type=int, default=1000)
    parser.add_argument("--doc", type=int, default=50, help="how many of them to import again as .doc (0: none)")
    parser.add_argument("--keep", type=Path, help="keep the Word files and content here")
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="import-speed-"))
    try:
        word, content = base / "word", base / "content"
        started = time.perf_counter()
        generate(word, args.issues)
        print(f"generated {args.issues} Word issues in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        fresh_content(content)
        for label in (".docx, first import", ".docx, second import (nothing to do)"):
            wall, cpu, summary = measure(word, content)
            print(f"{label}: {args.issues / cpu:.1f} issues per CPU second ({args.issues / wall:.1f} per wall second), "
                  f"wall {wall:.1f} s, CPU {cpu:.1f} s\n  {summary}")
        if args.doc:
            docs = save_as_doc(sorted(word.rglob("*.docx"))[:args.doc], base / "doc")
            fresh_content(base / "doc-content")
            wall, cpu, summary = measure(docs, base / "doc-content")
            count = len(list(docs.glob("*.doc")))
            print(f".doc, first import: {count / cpu:.1f} issues per CPU second ({count / wall:.1f} per wall second), "
                  f"wall {wall:.1f} s, CPU {cpu:.1f} s with LibreOffice's\n  {summary}")
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
