"""What a build is doing and what each phase cost: a progress bar on a terminal, a line per phase
in a CI log, and (BULLETIN_PHASES=file) one JSON line per phase for scripts/benchmark.py.

Peak memory is sampled while a phase runs (resident sets of this process and its children, every
20 ms on a terminal, every 250 ms in a log: walking /proc fifty times a second cost a CI build a
sixth of its CPU), so each phase reports its own peak rather than the process's high-water mark so
far; a child too brief to be sampled is covered by the kernel's record of waited-for children.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator

_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
SAMPLE_ON_TERMINAL, SAMPLE_IN_LOG = 0.02, 0.25   # seconds between two samples of memory


def _statm_mib(pid: str) -> float:
    with open(f"/proc/{pid}/statm", "rb") as statm:
        return int(statm.read().split()[1]) * _PAGE / 2**20


def _descendants(pid: str, depth: int = 0) -> list[str]:
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as children:
                found += children.read().split()
    except OSError:
        return []
    return found + [grandchild for child in found if depth < 3 for grandchild in _descendants(child, depth + 1)]


def _rss_mib() -> float:
    """This process and every process under it (render workers, Pagefind): what the machine holds
    for the build. Pages workers share with this process are counted in each, so it errs high."""
    try:
        return _statm_mib("self") + sum(_safe_statm(pid) for pid in _descendants(str(os.getpid())))
    except (OSError, IndexError, ValueError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _safe_statm(pid: str) -> float:
    try:
        return _statm_mib(pid)
    except (OSError, IndexError, ValueError):
        return 0.0   # ended between listing and reading


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _children_peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


class Phase:
    """One running phase: `advance()` per page done; `reused` counts pages taken from a cache."""

    def __init__(self, name: str, label: str, total: int | None, out: IO[str], bar: bool):
        self.name, self.label, self.total, self._out, self._bar = name, label, total, out, bar
        self.done = 0
        self.reused = 0
        self.note = ""
        self._start = time.perf_counter()
        self._shown = 0.0
        self.parts: dict[str, list] = {}   # name -> [label, seconds, cpu]: work inside, reported apart

    def add_part(self, name: str, label: str, seconds: float, cpu: float) -> None:
        entry = self.parts.setdefault(name, [label, 0.0, 0.0])
        entry[1] += seconds
        entry[2] += cpu

    @contextmanager
    def part(self, name: str, label: str) -> Iterator[None]:
        """Time a piece of this phase (writing files within rendering) as a phase of its own."""
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            entry = self.parts.setdefault(name, [label, 0.0, 0.0])
            entry[1] += time.perf_counter() - wall
            entry[2] += time.process_time() - cpu

    def advance(self, count: int = 1) -> None:
        self.done += count
        if self._bar:
            now = time.perf_counter()
            if now - self._shown >= 0.1 or self.done == self.total:
                self._shown = now
                self._draw(now)

    def _draw(self, now: float) -> None:
        rate = self.done / max(now - self._start, 1e-6)
        if self.total:
            filled = int(24 * self.done / self.total)
            bar = f"[{'#' * filled}{'.' * (24 - filled)}] {self.done:,}/{self.total:,}"
        else:
            bar = f"{self.done:,}"
        self._out.write(f"\r{self.label} {bar}  {rate:,.0f} 页/秒 ")
        self._out.flush()


class Phases:
    """The phases of one build. `with phases.phase("render", "渲染页面", total=n) as p: ... p.advance()`."""

    def __init__(self, out: IO[str] | None = None, report: str | Path | None = None):
        self._out = out or sys.stderr
        self._bar = self._out.isatty()
        self._report = Path(report) if report else None
        self.finished: list[dict] = []

    @contextmanager
    def phase(self, name: str, label: str, total: int | None = None) -> Iterator[Phase]:
        running = self.start(name, label, total)
        try:
            yield running
        finally:
            self.finish(running)

    def start(self, name: str, label: str, total: int | None = None) -> Phase:
        """A phase that spans code this module does not call (MkDocs' own work between two hooks)."""
        running = Phase(name, label, total, self._out, self._bar)
        running._peak = _Sampler(SAMPLE_ON_TERMINAL if self._bar else SAMPLE_IN_LOG).__enter__()
        running._children_before = _children_peak_mib()
        running._cpu = _cpu()
        return running

    def finish(self, running: Phase) -> None:
        seconds, used = time.perf_counter() - running._start, _cpu() - running._cpu
        running._peak.__exit__()
        children = _children_peak_mib()
        peak = round(max(running._peak.mib, children if children > running._children_before else 0))
        parts = running.parts
        own = {"phase": running.name, "seconds": seconds - sum(p[1] for p in parts.values()),
               "cpu": used - sum(p[2] for p in parts.values()), "peak_mib": peak,
               "pages": running.done if running.total is not None else None,
               "reused": running.reused if running.total is not None else None}
        records = [own] + [{"phase": name, "seconds": wall, "cpu": cpu, "peak_mib": peak, "pages": None, "reused": None}
                           for name, (_, wall, cpu) in parts.items()]
        for record in records:
            record["seconds"], record["cpu"] = round(record["seconds"], 3), round(record["cpu"], 3)
        self.finished += records
        self._say(running, own, [(label, wall) for label, wall, _ in parts.values()], seconds)
        if self._report:
            try:
                with self._report.open("a", encoding="utf-8") as report:
                    report.writelines(json.dumps(record) + "\n" for record in records)
            except OSError as error:   # a report for measuring: the build goes on without it, said once
                self._out.write(f"bulletin: 阶段记录未能写入 {self._report}（{error.strerror or error}），本次不再记录。\n")
                self._report = None

    def _say(self, running: Phase, record: dict, parts: list[tuple[str, float]], seconds: float) -> None:
        counts = ""
        if record["pages"] is not None:
            rate = record["pages"] / max(seconds, 1e-6)
            counts = f"，{record['pages']:,} 页（{rate:,.0f} 页/秒）"
            if running.reused:
                counts += f"，其中沿用缓存 {running.reused:,} 页"
        line = (f"{running.label}：{seconds:.1f} 秒{counts}，CPU {record['cpu']:.1f} 秒，"
                f"内存峰值 {record['peak_mib']} MiB{running.note}")
        line += "".join(f"；{label} {wall:.1f} 秒" for label, wall in parts)
        self._out.write(("\r\x1b[K" if self._bar else "") + f"bulletin: {line}\n")
        self._out.flush()


class _Sampler:
    """The largest resident set seen while the block runs."""

    def __init__(self, interval: float = SAMPLE_ON_TERMINAL):
        self.mib = _rss_mib()
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            self.mib = max(self.mib, _rss_mib())

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.mib = max(self.mib, _rss_mib())
