"""What a merge request changes in the published record, for the reviewer: a short summary and
the PDFs of the issues it adds or changes, beside the built site in the job's artifacts.

Compared with content/published.lock as the checkout has it (the record of the last publish that
was committed): an issue not in it is new, an item whose title or body hash differs is changed
(with a correction, or `bulletin check` has refused it already).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bulletin.archive import Archive
from bulletin.content import published_record
from bulletin.site.urls import Links


@dataclass
class Changes:
    issues_added: list = field(default_factory=list)     # Issue
    items_added: list = field(default_factory=list)      # Item: printed for the first time
    items_changed: list = field(default_factory=list)    # Item: published text changed
    corrected: list = field(default_factory=list)        # Item: with a new correction


def changes(archive: Archive, content: Path) -> Changes:
    path = content / published_record.FILE
    recorded = (yaml.safe_load(path.read_text(encoding="utf-8-sig")) or {}) if path.is_file() else {}
    issues, items = recorded.get("issues") or {}, recorded.get("items") or {}
    found = Changes()
    for issue in archive.content.issues:
        if issue.key not in issues:
            found.issues_added.append(issue)
            found.items_added += [item for item in archive.issue_items(issue) if item.id not in items]
    for item_id, entry in items.items():
        item = archive.items.get(str(item_id))
        if item is None or not isinstance(entry, dict):
            continue
        if entry.get("title") != published_record.digest(item.title) or entry.get("body") != published_record.digest(item.body):
            found.items_changed.append(item)
        if len(item.corrections) > int(entry.get("corrections") or 0):
            found.corrected.append(item)
    return found


def write_review(archive: Archive, content: Path, site: Path, out: Path) -> Path:
    """Write out/summary.md and out/pdf/ (the PDFs of new issues and of issues whose items changed)."""
    found = changes(archive, content)
    changed_ids = {item.id for item in found.items_changed + found.corrected}
    touched = list(found.issues_added) + [issue for issue in archive.content.issues if issue not in found.issues_added
                                          and changed_ids & set(issue.item_ids)]
    pdfs = out / "pdf"
    shutil.rmtree(pdfs, ignore_errors=True)
    pdfs.mkdir(parents=True)
    copied = []
    for issue in touched:
        pdf = site / Links.pdf(issue)
        if pdf.is_file():
            shutil.copy2(pdf, pdfs / pdf.name)
            copied.append(pdf.name)
    lines = ["# 本次合并请求的改动", "",
             f"对照 {content / published_record.FILE}（上次提交的发布记录）。", ""]
    section = lambda title, rows: [f"## {title}（{len(rows)}）", ""] + (rows or ["无"]) + [""]  # noqa: E731
    lines += section("新增刊物", [f"- {archive.label(i)}（{i.date.isoformat()}，稿件 {len(i.item_ids)} 篇）：{i.path}"
                               for i in found.issues_added])
    lines += section("新刊发的稿件", [f"- {i.id} {i.title}（{archive.unit_name(i.unit)}）" for i in found.items_added])
    lines += section("已刊发稿件的改动", [f"- {i.id} {i.title}：{i.path}" for i in found.items_changed])
    lines += section("更正", [f"- {i.id} {c.date.isoformat()}：{c.text}" for i in found.corrected for c in i.corrections])
    lines += section("刊物 PDF（见 pdf/）", [f"- {name}" for name in copied])
    summary = out / "summary.md"
    summary.write_text("\n".join(lines), encoding="utf-8")
    return summary
