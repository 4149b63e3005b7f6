"""Writing the generated pages: reuse what the cache vouches for, render the rest on every core.

Generator-free: the generator's adapter hands in how to make a page writer (MkDocs' is
bulletin_mkdocs/page_writer.py), so another generator renders through the same workers.

First, in this process, every page the cache can vouch for is linked into the site (cheap: a
fingerprint and a few lookups a page). What is left is rendered by `jobs` forked workers, each
taking every jobs-th page; the workers inherit the planned archive and the theme from this
process, so nothing is pickled on the way in. Each returns the cache entries of its pages, and
this process writes the cache index once.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from bulletin.site.page_cache import PageCache

MIN_SHARE = 300   # fewer pages than this a worker: forking costs more than it saves


@dataclass
class Outcome:
    """What one worker did: cache entries for its pages and what the phase reports."""

    entries: dict = field(default_factory=dict)
    doubtful: int = 0
    untrusted: list = field(default_factory=list)
    writer_memo: dict = field(default_factory=dict)   # what the writer learnt that the cache keeps
    write_seconds: float = 0.0
    write_cpu: float = 0.0


@dataclass
class _Job:
    todo: list            # (spec, key, target) still to render
    make_writer: Callable[[dict], Any]   # a fresh writer, given the kept memo: .render(spec, body) -> HTML, .untrusted, .memo()
    body: Callable        # item -> its sanitized HTML
    cache: PageCache
    counter: object = None  # multiprocessing.Value: pages done, across workers


_job: _Job | None = None   # set before forking: the workers read it from the memory they inherit


def _render_share(start: int, step: int) -> Outcome:
    job = _job
    writer = job.make_writer(job.cache.writer_memo)
    outcome = Outcome()
    done = 0
    for spec, key, target in job.todo[start::step]:
        html = writer.render(spec, job.body(spec.item) if spec.item else "")
        data = html.encode("utf-8", errors="xmlcharrefreplace")
        wall, cpu = time.perf_counter(), time.process_time()
        entry = job.cache.keep(spec, key, data, target)
        outcome.write_seconds += time.perf_counter() - wall
        outcome.write_cpu += time.process_time() - cpu
        if entry is None:
            outcome.doubtful += 1
        else:
            outcome.entries[spec.src_uri] = entry
        done += 1
        if job.counter is not None and done % 25 == 0:
            with job.counter.get_lock():
                job.counter.value += 25
    outcome.untrusted = writer.untrusted
    outcome.writer_memo = writer.memo()
    return outcome


def write_pages(specs: list, site_dir: Path, cache: PageCache, make_writer: Callable[[dict], Any],
                body: Callable, phase, jobs: tuple[int, bool]) -> Outcome:
    """Put every spec's page in the site; `phase` (bulletin.ops.progress.Phase) counts them."""
    global _job
    todo = []
    site = str(site_dir)
    for spec in specs:
        folder = os.path.join(site, spec.url)   # strings: pathlib cost more than the link, every kept page
        try:
            os.mkdir(folder)
        except FileExistsError:
            pass
        except FileNotFoundError:
            os.makedirs(folder, exist_ok=True)
        target = os.path.join(folder, "index.html")
        key = cache.key(spec)
        if cache.reuse(spec, key, target):
            phase.reused += 1
            phase.advance()
        else:
            todo.append((spec, key, Path(target)))
    jobs, exactly = jobs
    jobs = max(1, min(jobs, len(todo) if exactly else len(todo) // MIN_SHARE))
    _job = _Job(todo, make_writer, body, cache)
    try:
        if jobs == 1:
            outcomes = [_render_share(0, 1)]
            phase.advance(len(todo))
        else:
            outcomes = _in_workers(jobs, phase, len(todo))
    finally:
        _job = None
    total = Outcome()
    for outcome in outcomes:
        cache.adopt(outcome.entries, outcome.writer_memo)
        total.doubtful += outcome.doubtful
        total.untrusted += [key for key in outcome.untrusted if key not in total.untrusted]
        total.write_seconds += outcome.write_seconds / len(outcomes)  # workers write side by side
        total.write_cpu += outcome.write_cpu
    return total


def _in_workers(jobs: int, phase, count: int) -> list[Outcome]:
    context = multiprocessing.get_context("fork")
    _job.counter = context.Value("i", 0)
    with context.Pool(jobs) as pool:
        pending = pool.starmap_async(_render_share, [(start, jobs) for start in range(jobs)])
        shown = 0
        while not pending.ready():
            pending.wait(0.1)
            now = _job.counter.value
            phase.advance(now - shown)
            shown = now
        outcomes = pending.get()
    phase.advance(count - shown)
    return outcomes
