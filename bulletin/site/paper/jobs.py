"""What a build typesets: every issue, every monthly circular the plan has a page for, and every
series' year, each as a document (bulletin/site/paper/documents.py) with the place of its PDF; a
year's volume is joined from its issues' PDFs after them (volume.py).

The circulars are taken from the planned pages (their title and period), so a PDF exists exactly
where a circular page links one.

An issue's or a volume's PDF is found again by its *inputs* before any markup is made: the code
(`recipe`: the project's sources, the Typst library, mkdocs.yml, the Markdown versions), the
typesetter, the date printed, and the records the document prints (the issue, its items, their
units, the office's settings, its 总第M期; a volume: those of each of its issues). The index
`inputs.pickle` beside the PDFs maps that key to the PDF made from them, itself named by a hash of
its markup (printer.py). Making every issue's markup to learn that its PDF is unchanged was most
of a warm build's PDF phase. A circular prints the whole year's scoring: it is keyed by its markup.
An entry of the index names its PDF and that PDF's SHA-256: a kept PDF is reused only if its bytes
still have it (bulletin/site/kept_files.py), or if the served release holds those very bytes at the
same place (checked against its manifest in this publish), which is then linked or read instead.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import re
import time
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from bulletin.archive import Archive
from bulletin.cycle.scoring import Leaderboard
from bulletin.model import Issue
from bulletin.site.fingerprint import Fingerprints, Unknown
from bulletin.site.paper.documents import Bodies, circular_document, fixed_date, issue_document
from bulletin.site.pages.spec import PageSpec
from bulletin.site.urls import Links
from bulletin.site.kept_files import read_checked, sha256, store, write_copy
from bulletin.site.paper.printer import Job, Report, key, place, print_pdfs
from bulletin.site.paper.volume import front_markup, join
from bulletin.site.paper.typesetter import Typesetter
from bulletin.cycle.circular import circular_date
from bulletin.cycle.circular_record import as_issued   # the PDF of record stays as issued

INDEX = "inputs.pickle"
_NAME = re.compile(r"[0-9a-f]{64}\.pdf")   # what printer.py names a PDF


class _Lazy:
    """A job whose markup is made only if its inputs are not in the index."""

    def __init__(self, kind: str, name: str, make, timestamp: int, pdf: Path, inputs=None):
        self.kind, self.name, self.make, self.timestamp, self.pdf, self.inputs = kind, name, make, timestamp, pdf, inputs

    def job(self) -> Job:
        return Job(self.kind, self.name, self.make(), self.timestamp, self.pdf)


def _issue_inputs(archive: Archive, issue: Issue) -> tuple:
    items = archive.issue_items(issue)
    units = sorted({unit for item in items for unit in item.units})
    return (issue, items, [archive.units[unit] for unit in units], archive.total(issue))


def _documents(archive: Archive, board: Leaderboard, pages: Iterable[PageSpec], bodies: Bodies, site_dir: Path) -> list[_Lazy]:
    found = [_Lazy("issue", archive.label(issue), lambda issue=issue: issue_document(archive, issue, bodies),
                   fixed_date(issue.date), site_dir / Links.pdf(issue), _issue_inputs(archive, issue))
             for issue in archive.content.issues]
    for spec in pages:
        if spec.template == "bulletin/circular.html" and spec.context.get("pdf"):
            period = spec.context["period"]
            found.append(_Lazy("circular", spec.title,
                               lambda period=period, title=spec.title: circular_document(as_issued(board, period), period, title),
                               fixed_date(circular_date(board, period)), site_dir / spec.context["pdf"]))
    return found


def paper_jobs(archive: Archive, board: Leaderboard, pages: Iterable[PageSpec], bodies: Bodies, site_dir: Path) -> list[Job]:
    """Every issue and circular with its markup made (the volumes are joined from the issues' PDFs)."""
    return [lazy.job() for lazy in _documents(archive, board, pages, bodies, site_dir)]


def print_documents(archive: Archive, board: Leaderboard, pages: Iterable[PageSpec], bodies: Bodies, site_dir: Path,
                    cache_dir: Path, recipe: str, served: tuple[Path, dict[str, str]] | None = None) -> Report:
    """Put every PDF in place: those whose inputs the index knows straight from the cache, the
    others through their markup (typeset only when that markup is new), then each year's volume
    (known by its issues' inputs, or joined from their PDFs). `served`: the served release and its
    files' hashes (see page_cache.py): a PDF it holds at the same place, byte for byte, is linked
    from there."""
    typesetter = Typesetter()
    cache_dir.mkdir(parents=True, exist_ok=True)
    index = _load(cache_dir / INDEX)
    prints = Fingerprints()
    settings = archive.settings

    served_root, served_hashes = served or (None, {})

    def in_served(pdf: Path, digest: str) -> bool:
        return served_hashes.get(pdf.relative_to(site_dir).as_posix()) == digest

    def known(kind: str, timestamp: int, inputs, pdf: Path) -> tuple[object, tuple | None]:
        try:
            inputs_key = prints.of((recipe, typesetter.fingerprint, kind, timestamp, settings, inputs))
        except Unknown:
            return None, None
        entry = index.get(inputs_key)
        if not _entry(entry):
            return inputs_key, None
        cached = cache_dir / entry[0]
        if cached.is_symlink() or not cached.is_file():
            return inputs_key, None
        # the served release's copy is used (not read: publish checked it); any other is read and checked
        if not in_served(pdf, entry[1]) and read_checked(cached, entry[1]) is None:
            return inputs_key, None
        os.utime(cached)   # in use: kept by the printer's pruning
        return inputs_key, entry

    found, todo, kept = [], [], {}
    for lazy in _documents(archive, board, pages, bodies, site_dir):
        inputs_key, entry = known(lazy.kind, lazy.timestamp, lazy.inputs, lazy.pdf) if lazy.inputs is not None else (None, None)
        if entry:
            found.append((lazy.kind, lazy.pdf, entry, True))
            kept[inputs_key] = entry
        else:
            todo.append((inputs_key, lazy.job()))
    report = print_pdfs([job for _, job in todo], cache_dir, typesetter)
    for inputs, job in todo:
        name = f"{key(job, typesetter)}.pdf"
        entry = (name, report.digests[name])
        found.append((job.kind, job.pdf, entry, False))
        if inputs:
            kept[inputs] = entry
    entries = {pdf: entry for _, pdf, entry, _ in found}

    def source(pdf: Path) -> Path:
        """An issue's kept PDF for its volume, checked; one changed since it was kept is put back
        from the served release where that holds the same bytes (which publish checked)."""
        name, digest = entries[pdf]
        cached = cache_dir / name
        if read_checked(cached, digest) is None:
            if not in_served(pdf, digest):
                raise OSError(f"{cached}: 缓存的 PDF 在使用时被改动或删除，请重新生成")
            store(cached, (served_root / pdf.relative_to(site_dir)).read_bytes())
        return cached

    began, joins = time.perf_counter(), []
    with ProcessPoolExecutor(max_workers=1, max_tasks_per_child=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        for series, years in archive.series_years.items():
            for year, issues in years.items():
                name, timestamp = f"《{settings.series[series].name}》{year}年汇编", fixed_date(issues[-1].date)
                pdf = site_dir / Links.volume(series, year)
                inputs_key, entry = known("volume", timestamp, (series, year, [_issue_inputs(archive, issue) for issue in issues]), pdf)
                if entry:
                    found.append(("volume", pdf, entry, True))
                    kept[inputs_key] = entry
                    continue
                joined = [source(site_dir / Links.pdf(issue)) for issue in issues]
                front = front_markup(archive, series, year, joined)
                out = cache_dir / f".volume-{series}-{year}.{os.getpid()}.pdf"
                joins.append((inputs_key, pdf, out, pool.submit(join, front, timestamp, name, list(map(str, joined)), str(out))))
        for inputs_key, pdf, out, future in joins:
            report.slowest = max(report.slowest, future.result())
            digest = sha256(out.read_bytes())
            entry = (f"{digest}.pdf", digest)
            out.chmod(0o444)
            os.replace(out, cache_dir / entry[0])   # named by its bytes (printer.py names by markup), read-only
            found.append(("volume", pdf, entry, False))
            report.made["volume"] += 1
            if inputs_key:
                kept[inputs_key] = entry
    report.seconds += time.perf_counter() - began
    for kind, pdf, (cached, digest), reused in found:
        if in_served(pdf, digest):
            _link(served_root / pdf.relative_to(site_dir), pdf)   # or, across disks, read from there
        elif reused or kind == "volume":
            place(cache_dir / cached, digest, pdf)
        report.cached[kind] += reused
    kept.update((inputs, entry) for inputs, entry in index.items() if inputs not in kept and _entry(entry) and (cache_dir / entry[0]).is_file())
    if kept != index:
        _save(cache_dir / INDEX, kept)
    return report


def _entry(value) -> bool:
    return isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], str) and bool(_NAME.fullmatch(value[0]))


def _link(source: Path, target: Path) -> None:
    """`target` as a hard link to the served release's file (made beside it, renamed over), or
    a copy of it where no link can be made."""
    temporary = target.with_name(f".{target.name}.link")
    temporary.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, temporary)
    except OSError:
        temporary.unlink(missing_ok=True)
        write_copy(temporary, source.read_bytes())
    os.replace(temporary, target)


def _load(path: Path) -> dict:
    try:
        with path.open("rb") as file:
            index = pickle.load(file)
        return index if isinstance(index, dict) else {}
    except Exception:   # missing or damaged: every document's markup is made, as without an index
        return {}


def _save(path: Path, index: dict) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    temporary.write_bytes(pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL))
    temporary.chmod(0o444)
    os.replace(temporary, path)
