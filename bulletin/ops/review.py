"""What a merge request changes in the published record, for the reviewer: a short summary and
the PDFs of the issues it adds or changes, beside the built site in the job's artifacts.

Compared with content/published.lock as the checkout has it (the record of the last publish that
was committed): an issue not in it is new, an item whose title or body hash differs is changed
(with a correction, or `bulletin check` has refused it already).

The summary is data, not markup: every text that comes from content (titles, corrections, unit
and series names, paths) is written on one line and, when it holds any sign Markdown or HTML
could read, as a code span; only the tool writes headings, lists and the layout around them.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bulletin.archive import Archive
from bulletin.content import published_record
from bulletin.content.problems import Refused
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


# Line breaks of any kind (a title's "\n" escape, U+2028, a vertical tab...) and other controls.
_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
# ASCII that means nothing to Markdown or HTML anywhere but at a line's start, where content never is.
_PLAIN = re.compile(r"[^\x00-\x7f]|[A-Za-z0-9 /-]")


def literal(text: object) -> str:
    """`text` as Markdown that renders as exactly that text, on one line: as it is when it holds
    no sign Markdown or HTML could read, else as a code span, inside which nothing is read (no
    link, image, autolink, HTML, emphasis, table cell or heading), fenced by more backticks than
    the longest run in it."""
    text = _BREAKS.sub(" ", str(text)).strip()
    if all(_PLAIN.fullmatch(char) for char in text):
        return text
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    return f"{fence} {text} {fence}"


def refuse_out(out: Path, content: Path, site: Path) -> str | None:
    """Why the review must not be written at `out`, or None. It writes summary.md and replaces
    pdf/ there: inside content/ that would be committed as content, inside the site served."""
    written = out.resolve()
    for folder, what, as_what in ((content, "内容目录", "内容提交"), (site, "网站目录", "网站发布")):
        folder = folder.resolve()
        inside = folder == written or folder in written.parents
        removed = written / "pdf" == folder or written / "pdf" in folder.parents   # pdf/ is replaced whole
        if inside or removed:
            return (f"审阅摘要不能写在{what} {folder} 里或让它被替换（--out {out}）：那里的文件会被当作{as_what}。"
                    f"请换一个单独的目录，如默认的 review/。")
    return None


def write_review(archive: Archive, content: Path, site: Path, out: Path) -> Path:
    """Write out/summary.md and out/pdf/ (the PDFs of new issues and of issues whose items changed).
    Raises Refused, having written nothing, when `out` lies in content/ or the site."""
    refusal = refuse_out(out, content, site)
    if refusal:
        raise Refused(refusal)
    try:
        return _write(archive, content, site, out)
    except OSError as error:
        raise Refused(f"审阅摘要未能写入 {out}：{error.strerror or error}"
                      f"{'（' + str(error.filename) + '）' if error.filename else ''}。请检查该目录可写、磁盘有空间。") from error


def _write(archive: Archive, content: Path, site: Path, out: Path) -> Path:
    found = changes(archive, content)
    changed_ids = {item.id for item in found.items_changed + found.corrected}
    touched = list(found.issues_added) + [issue for issue in archive.content.issues if issue not in found.issues_added
                                          and changed_ids & set(issue.item_ids)]
    pdfs = out / "pdf"
    if pdfs.is_symlink() or pdfs.is_file():
        pdfs.unlink()   # the link itself, never what it points at
    shutil.rmtree(pdfs, ignore_errors=True)
    pdfs.mkdir(parents=True)
    copied = []
    for issue in touched:
        pdf = site / Links.pdf(issue)
        if pdf.is_file() and not pdf.is_symlink():   # a link could lead anywhere, into the job's artifacts
            shutil.copy2(pdf, pdfs / pdf.name)
            copied.append(pdf.name)
    t = literal
    lines = ["# 本次合并请求的改动", "",
             f"对照 {t(content / published_record.FILE)}（上次提交的发布记录）。", ""]
    section = lambda title, rows: [f"## {title}（{len(rows)}）", ""] + (rows or ["无"]) + [""]  # noqa: E731
    lines += section("新增刊物", [f"- {t(archive.label(i))}（{i.date.isoformat()}，稿件 {len(i.item_ids)} 篇）：{t(i.path)}"
                               for i in found.issues_added])
    lines += section("新刊发的稿件", [f"- {t(i.id)} {t(i.title)}（{t(archive.unit_name(i.unit))}）" for i in found.items_added])
    lines += section("已刊发稿件的改动", [f"- {t(i.id)} {t(i.title)}：{t(i.path)}" for i in found.items_changed])
    lines += section("更正", [f"- {t(i.id)} {c.date.isoformat()}：{t(c.text)}" for i in found.corrected for c in i.corrections])
    lines += section("刊物 PDF（见 pdf/）", [f"- {t(name)}" for name in copied])
    summary = out / "summary.md"
    # Written beside and renamed over: a summary.md that is a link writes nothing where it points.
    fresh = out / ".summary.md.new"
    fresh.unlink(missing_ok=True)
    fresh.write_text("\n".join(lines), encoding="utf-8")
    os.replace(fresh, summary)
    return summary
