"""What a merge request changes, for the reviewer: a short summary, the pages it changes and the
PDFs of the issues it adds or changes, in the job's artifact (small whatever the archive's size).

Compared with the content of the merge request's target branch (`--against`, the merge base CI
names; bulletin/ops/base_content.py): an issue not there is new, an item printed there whose title
or body differs is changed (with a correction, or `bulletin check` has refused it already). Nothing
needs committing for the summary to be right.

The summary is data, not markup: every text that comes from content (titles, corrections, unit
and series names, paths) is written on one line and, when it holds any sign Markdown or HTML
could read, as a code span; only the tool writes headings, lists and the layout around them.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from bulletin.archive import Archive
from bulletin.content.problems import Refused
from bulletin.site.urls import Links

# What every page needs to show as it does from disk: the theme's styles, scripts and images.
ASSETS = ("assets",)


@dataclass
class Changes:
    issues_added: list = field(default_factory=list)     # Issue
    issues_changed: list = field(default_factory=list)   # Issue: its own fields, or an item it prints
    items_added: list = field(default_factory=list)      # Item: printed for the first time
    items_changed: list = field(default_factory=list)    # Item: printed before, its text changed
    corrected: list = field(default_factory=list)        # Item: with a new correction


def changes(archive: Archive, base: Archive | None) -> Changes:
    """What `archive` adds to or changes in `base` (None: the target branch had no content)."""
    before_issues = {issue.key: issue for issue in base.content.issues} if base else {}
    printed = {item_id: base.items[item_id] for issue in before_issues.values() for item_id in issue.item_ids
               if item_id in base.items} if base else {}
    found = Changes()
    for item_id, before in printed.items():
        item = archive.items.get(item_id)
        if item is None:
            continue
        if (item.title, item.body) != (before.title, before.body):
            found.items_changed.append(item)
        if len(item.corrections) > len(before.corrections):
            found.corrected.append(item)
    changed_ids = {item.id for item in found.items_changed + found.corrected}
    for issue in archive.content.issues:
        before = before_issues.get(issue.key)
        if before is None:
            found.issues_added.append(issue)
            found.items_added += [item for item in archive.issue_items(issue)
                                  if item.id not in printed and item not in found.items_added]
        elif _written(before) != _written(issue) or changed_ids & set(issue.item_ids):
            found.issues_changed.append(issue)
    return found


def _written(issue) -> dict:
    """What an issue's file says (issues compare by identity; the path is where it was read)."""
    return {field.name: getattr(issue, field.name) for field in dataclasses.fields(issue) if field.name != "path"}


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
    pdf/ and site/ there: inside content/ that would be committed as content, inside the site served."""
    written = out.resolve()
    for folder, what, as_what in ((content, "内容目录", "内容提交"), (site, "网站目录", "网站发布")):
        folder = folder.resolve()
        inside = folder == written or folder in written.parents
        removed = any(written / part == folder or written / part in folder.parents   # replaced whole
                      for part in ("pdf", "site"))
        if inside or removed:
            return (f"审阅摘要不能写在{what} {folder} 里或让它被替换（--out {out}）：那里的文件会被当作{as_what}。"
                    f"请换一个单独的目录，如默认的 review/。")
    return None


def write_review(archive: Archive, base: Archive | None, content: Path, site: Path, out: Path) -> Path:
    """Write out/summary.md, out/site/ (the changed pages and the theme's assets) and out/pdf/ (the
    PDFs of new and changed issues). Raises Refused, having written nothing, when `out` lies in
    content/ or the site."""
    refusal = refuse_out(out, content, site)
    if refusal:
        raise Refused(refusal)
    try:
        return _write(archive, changes(archive, base), base is not None, site, out)
    except OSError as error:
        raise Refused(f"审阅摘要未能写入 {out}：{error.strerror or error}"
                      f"{'（' + str(error.filename) + '）' if error.filename else ''}。请检查该目录可写、磁盘有空间。") from error


def _fresh(folder: Path) -> Path:
    """`folder` emptied: a link there is removed itself, never what it points at."""
    if folder.is_symlink() or folder.is_file():
        folder.unlink()
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def _copy(site: Path, path: str, into: Path) -> bool:
    """Copy the site's file or folder at `path` into `into`, never following a link (it could lead
    anywhere, into the job's artifacts)."""
    source = site / path
    if source.is_symlink() or not source.exists():
        return False
    target = into / path
    target.parent.mkdir(parents=True, exist_ok=True)
    if source.is_dir():
        shutil.copytree(source, target, symlinks=True, ignore=lambda folder, names: [
            name for name in names if (Path(folder) / name).is_symlink()])
    else:
        shutil.copy2(source, target)
    return True


def _write(archive: Archive, found: Changes, compared: bool, site: Path, out: Path) -> Path:
    touched = found.issues_added + found.issues_changed
    pages = _fresh(out / "site")
    shown = [(archive.label(issue), Links.issue(issue)) for issue in touched]
    shown += [(f"{item.id} {item.title}", Links.item(item))
              for item in dict.fromkeys(found.items_added + found.items_changed + found.corrected)]
    shown = [(what, url + "index.html") for what, url in shown if _copy(site, url + "index.html", pages)]
    if shown:
        for folder in ASSETS:
            _copy(site, folder, pages)
        _copy(site, Links.index("search") + "index.html", pages)   # the header's search box: says it needs the served site
    pdfs = _fresh(out / "pdf")
    copied = [Links.pdf(issue).rsplit("/", 1)[-1] for issue in touched if _copy_pdf(site, Links.pdf(issue), pdfs)]
    t = literal
    against = ("对照合并请求的目标分支（合并基点）上的内容。" if compared
               else "目标分支上还没有内容（或未给出 --against）：全部列为新增。")
    lines = ["# 本次合并请求的改动", "", against, ""]
    section = lambda title, rows: [f"## {title}（{len(rows)}）", ""] + (rows or ["无"]) + [""]  # noqa: E731
    lines += section("新增刊物", [f"- {t(archive.label(i))}（{i.date.isoformat()}，稿件 {len(i.item_ids)} 篇）：{t(i.path)}"
                               for i in found.issues_added])
    lines += section("改动的刊物", [f"- {t(archive.label(i))}：{t(i.path)}" for i in found.issues_changed])
    lines += section("新刊发的稿件", [f"- {t(i.id)} {t(i.title)}（{t(archive.unit_name(i.unit))}）" for i in found.items_added])
    lines += section("已刊发稿件的改动", [f"- {t(i.id)} {t(i.title)}：{t(i.path)}" for i in found.items_changed])
    lines += section("更正", [f"- {t(i.id)} {c.date.isoformat()}：{t(c.text)}" for i in found.corrected for c in i.corrections])
    lines += section("页面（见 site/，可直接用浏览器打开；检索需在发布的网站上使用）",
                     [f"- {t(what)}：{t('site/' + path)}" for what, path in shown])
    lines += section("刊物 PDF（见 pdf/）", [f"- {t(name)}" for name in copied])
    summary = out / "summary.md"
    # Written beside and renamed over: a summary.md that is a link writes nothing where it points.
    fresh = out / ".summary.md.new"
    fresh.unlink(missing_ok=True)
    fresh.write_text("\n".join(lines), encoding="utf-8")
    os.replace(fresh, summary)
    return summary


def _copy_pdf(site: Path, path: str, into: Path) -> bool:
    pdf = site / path
    if pdf.is_file() and not pdf.is_symlink():
        shutil.copy2(pdf, into / pdf.name)
        return True
    return False
