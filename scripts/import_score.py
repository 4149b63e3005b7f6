"""Scores `bulletin import` on the import corpus (tests/fixtures/import-corpus/, issue 28) field by
field against its hand-written truth: a table per field and format, then every miss.

    .venv/bin/python scripts/import_score.py                     # this checkout's importer
    .venv/bin/python scripts/import_score.py --bulletin OTHER/.venv/bin/bulletin --only zwxx-plain-red
    .venv/bin/python scripts/import_score.py --corpus tests/fixtures/import-holdout --twins-from docx-libreoffice

The logic is testsupport/import_scoring.py, which tests/test_import_corpus.py asserts with.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from testsupport.import_scoring import CORPUS, misses, score_corpus, table


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bulletin", type=Path, default=Path(sys.executable).with_name("bulletin"),
                        help="the bulletin command to score (default: this venv's)")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--only", nargs="*", help="issue names (truth/<name>.yml) to score")
    parser.add_argument("--jobs", type=int, default=2, help="imports at once (default 2)")
    parser.add_argument("--twins-from", default="docx-word",
                        help="folder of each .doc's .docx twin (tests/fixtures/import-holdout: docx-libreoffice)")
    parser.add_argument("--no-misses", action="store_true", help="print the table only")
    arguments = parser.parse_args()
    started, cpu = time.monotonic(), os.times()
    report = score_corpus(arguments.bulletin.resolve(), arguments.corpus, arguments.only, arguments.jobs,
                          arguments.twins_from)
    print(table(report))
    if not arguments.no_misses:
        print("\nmisses:")
        print(misses(report) or "（无）")
    spent = os.times()
    print(f"\n{time.monotonic() - started:.1f} s wall, "
          f"{spent.children_user + spent.children_system - cpu.children_user - cpu.children_system:.1f} s CPU in imports and checks")
    right, total = report.rate()
    return 0 if total and right / total >= 0.95 and not report.wrongly_written() else 1


if __name__ == "__main__":
    sys.exit(main())
