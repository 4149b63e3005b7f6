"""What a build typesets: every issue, every monthly circular the plan has a page for, and every
series' year, each as a document (bulletin/site/paper/documents.py) with the place of its PDF.

The circulars are taken from the planned pages (their title and period), so a PDF exists exactly
where a circular page links one."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from bulletin.archive import Archive
from bulletin.cycle.scoring import Leaderboard
from bulletin.site.paper.documents import Bodies, circular_document, fixed_date, issue_document, volume_document
from bulletin.site.pages.spec import PageSpec
from bulletin.site.urls import Links
from bulletin.site.paper.printer import Job
from bulletin.cycle.circular import circular_date
from bulletin.cycle.circular_record import as_issued   # the PDF of record stays as issued


def paper_jobs(archive: Archive, board: Leaderboard, pages: Iterable[PageSpec], bodies: Bodies, site_dir: Path) -> list[Job]:
    jobs = [Job("issue", archive.label(issue), issue_document(archive, issue, bodies), fixed_date(issue.date),
                site_dir / Links.pdf(issue))
            for issue in archive.content.issues]
    for spec in pages:
        if spec.template == "bulletin/circular.html" and spec.context.get("pdf"):
            period = spec.context["period"]
            jobs.append(Job("circular", spec.title, circular_document(as_issued(board, period), period, spec.title),
                            fixed_date(circular_date(board, period)), site_dir / spec.context["pdf"]))
    for series, years in archive.series_years.items():
        for year, issues in years.items():
            name = f"《{archive.settings.series[series].name}》{year}年汇编"
            jobs.append(Job("volume", name, volume_document(archive, series, year, bodies), fixed_date(issues[-1].date),
                            site_dir / Links.volume(series, year)))
    return jobs
