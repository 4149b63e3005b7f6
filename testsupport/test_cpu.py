"""What each test costs in CPU, its child processes included (BULLETIN_TEST_CPU=FILE, tests/conftest.py),
and the sums by test file:

    BULLETIN_TEST_CPU=/tmp/cpu.tsv bash scripts/test.sh
    python -m testsupport.test_cpu /tmp/cpu.tsv          # files by CPU seconds, then the 20 costliest tests

A child's CPU counts once it has ended and been waited for (subprocess.run); a browser kept for the
whole session counts on the test during which it closes.
"""

from __future__ import annotations

import os
import resource
import sys
import time
from collections import defaultdict


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


class Clock:
    def __init__(self):
        self.wall, self.cpu = time.monotonic(), _cpu()

    def append(self, record: str, name: str) -> None:
        line = f"{name}\t{time.monotonic() - self.wall:.2f}\t{_cpu() - self.cpu:.2f}\n"
        # one write a line, in append mode: the workers of one run share the file
        with open(record, "a", encoding="utf-8") as out:
            out.write(line)


def by_file(lines: list[str]) -> dict[str, tuple[int, float, float]]:
    """test file -> (tests, wall seconds, CPU seconds)."""
    sums: dict[str, list] = defaultdict(lambda: [0, 0.0, 0.0])
    for line in lines:
        name, wall, cpu = line.rstrip("\n").split("\t")
        entry = sums[name.split("::")[0]]
        entry[0] += 1
        entry[1] += float(wall)
        entry[2] += float(cpu)
    return {name: (count, wall, cpu) for name, (count, wall, cpu) in sums.items()}


def main(path: str) -> None:
    with open(path, encoding="utf-8") as record:
        lines = [line for line in record if line.count("\t") == 2]
    files = sorted(by_file(lines).items(), key=lambda row: -row[1][2])
    print(f"{'CPU s':>8} {'wall s':>8} {'tests':>6}  file")
    for name, (count, wall, cpu) in files:
        print(f"{cpu:8.1f} {wall:8.1f} {count:6d}  {name}")
    print(f"{sum(f[1][2] for f in files):8.1f} {sum(f[1][1] for f in files):8.1f} {len(lines):6d}  all")
    print()
    for line in sorted(lines, key=lambda line: -float(line.split("\t")[2]))[:20]:
        name, wall, cpu = line.rstrip("\n").split("\t")
        print(f"{float(cpu):8.1f} {float(wall):8.1f}  {name}")


if __name__ == "__main__":
    main(sys.argv[1])
