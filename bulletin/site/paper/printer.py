"""Every issue and every monthly circular as an A4 PDF, typeset at build time (a series' year is
joined from its issues' PDFs: volume.py).

The documents are Typst markup made from the archive's data (bulletin/site/paper/), after GB/T
9704-2012, and typeset by Typst in-process: milliseconds a document, where printing each built
page in Chromium took a second. Each PDF is kept in a cache outside the published folder under a
hash of its markup, the typesetter (Typst's version, the fonts) and its date: a build typesets only
the documents whose hash it has not seen, and the same content always gives the same bytes.

A kept PDF is immutable (bulletin/site/kept_files.py): written by rename, read-only, its SHA-256
kept beside it (`<name>.pdf.sha256`); it is reused only if its bytes still have that hash, and
copied into the site, never linked. A PDF edited in place in the cache is typeset again.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from bulletin.site.kept_files import copy_checked, read_checked, store, write_copy
from bulletin.site.paper.typesetter import Typesetter, TypesetError

# Bump when the way a PDF is made changes outside its markup, so every cached PDF is typeset again.
RECIPE = "typst-1"
# Cached PDFs no build has used for this long are removed (several content folders may share a cache).
KEEP_DAYS = 30
# The kinds of document, and how the report counts them.
KINDS = {"issue": ("刊物 PDF", "期"), "circular": ("通报", "份"), "volume": ("汇编", "册")}


class PdfUnavailable(Exception):
    """PDFs are required but this machine cannot make them; the message says what to install."""


def check_typesetter() -> None:
    try:
        import typst  # noqa: F401
    except ImportError:
        raise PdfUnavailable("生成 PDF 需要 typst：请运行 bash scripts/setup.sh 安装依赖；"
                             "不需要 PDF 时可设置 BULLETIN_PDF=off 跳过。") from None


@dataclass
class Job:
    kind: str          # issue | circular | volume
    name: str          # for messages: 《政务信息》2026年第3期
    document: str      # the Typst markup
    timestamp: int     # the PDF's creation date: the document's own date
    pdf: Path          # where its PDF goes in the site


@dataclass
class Report:
    made: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    cached: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    seconds: float = 0.0
    slowest: tuple[float, str] = (0.0, "")
    digests: dict[str, str] = field(default_factory=dict)   # a kept PDF's name: the SHA-256 of its bytes

    @property
    def printed(self) -> int:
        return self.made["issue"]

    def __str__(self) -> str:
        made = sum(self.made.values())
        each = f"，平均每份 {self.seconds / made:.3f} 秒（最慢 {self.slowest[0]:.2f} 秒：{self.slowest[1]}）" if made else ""
        counts = "；".join(f"{what}：新印 {self.made[k]} {unit}，沿用缓存 {self.cached[k]} {unit}"
                          for k, (what, unit) in KINDS.items() if k == "issue" or self.made[k] or self.cached[k])
        return f"{counts}（排版 {self.seconds:.1f} 秒{each}）"   # CPU, children's too: the phase line


def key(job: Job, typesetter: Typesetter) -> str:
    digest = hashlib.sha256(f"{RECIPE} {typesetter.fingerprint} {job.timestamp}\n".encode())
    digest.update(job.document.encode("utf-8"))
    return digest.hexdigest()


def digest_file(cached: Path) -> Path:
    return cached.with_name(cached.name + ".sha256")


def kept_digest(cached: Path) -> str | None:
    """The SHA-256 a kept PDF was written with, or None (no PDF, or none recorded)."""
    try:
        return digest_file(cached).read_text(encoding="ascii").strip() or None
    except (OSError, UnicodeDecodeError):
        return None


def place(cached: Path, digest: str | None, target: Path) -> None:
    """A copy of the kept PDF at `target`, its bytes checked; a PDF changed since it was kept is an
    error here (the callers check before they decide to reuse, so only a change since then)."""
    if not copy_checked(cached, digest, target):
        raise OSError(f"{cached}: 缓存的 PDF 在使用时被改动或删除，请重新生成")


def _prune(cache_dir: Path) -> None:
    cutoff = time.time() - KEEP_DAYS * 86400
    for old in cache_dir.glob("*.pdf"):
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
    for kept in cache_dir.glob("*.pdf.sha256"):
        if not kept.with_suffix("").exists():
            kept.unlink(missing_ok=True)
    for pages in cache_dir.glob("*.pdf.pages"):   # volume.py's note of a PDF's pages goes with it
        if not pages.with_suffix("").exists():
            pages.unlink(missing_ok=True)


def _write(cached: Path, pdf: bytes) -> str:
    """Keep a PDF (atomic: a parallel build never reads half a PDF), then its hash; the hash."""
    digest = store(cached, pdf)
    store(digest_file(cached), digest.encode("ascii"))
    return digest


def print_pdfs(jobs: list[Job], cache_dir: Path, typesetter: Typesetter | None = None) -> Report:
    """Put each job's PDF in place, typesetting only those not in the cache, one after another
    (milliseconds each). Volumes are not typeset here: volume.py joins them from the issues' PDFs."""
    report = Report()
    cache_dir.mkdir(parents=True, exist_ok=True)
    typesetter = typesetter or Typesetter()
    started = time.perf_counter()
    todo = []
    for job in jobs:
        cached = cache_dir / f"{key(job, typesetter)}.pdf"
        digest = kept_digest(cached)
        pdf = read_checked(cached, digest)
        if pdf is not None:
            os.utime(cached)           # still in use: kept by _prune
            write_copy(job.pdf, pdf)
            report.digests[cached.name] = digest
            report.cached[job.kind] += 1
        else:                          # never made, or changed since it was kept: typeset again
            todo.append((job, cached))
    for job, cached in todo:
        began = time.perf_counter()
        pdf = typesetter.pdf(job.document, job.timestamp, job.name)
        report.digests[cached.name] = _write(cached, pdf)
        write_copy(job.pdf, pdf)
        report.made[job.kind] += 1
        report.slowest = max(report.slowest, (time.perf_counter() - began, job.name))
    _prune(cache_dir)
    report.seconds = time.perf_counter() - started
    return report


__all__ = ["Job", "PdfUnavailable", "Report", "TypesetError", "check_typesetter", "print_pdfs"]
