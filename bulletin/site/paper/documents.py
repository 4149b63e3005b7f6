"""An issue, a monthly circular and a series' year as Typst documents, from the archive's data.

Each function returns the whole markup of one PDF: the GB/T 9704 library (gbt9704.typ, with the
figures of measures.py in front) and the document's parts. The markup is also the PDF's cache key
(issue_pdf.py): whatever prints is in it, and nothing else (no build date), so an unchanged issue
gives the same markup, the same key and the same bytes.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from functools import cache
from pathlib import Path
from typing import Protocol

from bulletin import labels
from bulletin.archive import Archive
from bulletin.cycle.circular import circular_date, circular_number, circular_summary
from bulletin.tables.board_columns import UNIT, columns, split_tables
from bulletin.model import Issue, Item
from bulletin.cycle.scoring import Leaderboard, Period
from bulletin.site.paper import markup, measures
from bulletin.site.paper.measures import typst_constants


class Bodies(Protocol):
    """The site's Markdown renderer (bulletin_mkdocs/safe_markdown.py): the paper prints the same
    sanitized HTML the pages show, so the two cannot read differently."""

    def body(self, item: Item) -> str: ...
    def html(self, text: str | None) -> str: ...


@cache
def library() -> str:
    return typst_constants() + (Path(__file__).parent / "gbt9704.typ").read_text(encoding="utf-8") + "\n"


def _paper(title: str, author: str, first_page: int = 1) -> str:
    return f"#show: paper.with(title: {markup.string(title)}, author: {markup.string(author)}, first-page: {first_page})\n"


def _issue_parts(archive: Archive, issue: Issue, bodies: Bodies) -> list[str]:
    """The issue from its masthead to its 版记."""
    s, items, total = markup.string, archive.issue_items(issue), archive.total(issue)
    parts = [f"#masthead(marking: {s(issue.marking) if issue.marking else 'none'}, name: {s(archive.series_name(issue))}, "
             f"number: {s(labels.issue_number(issue.number, issue.supplement))}, "
             f"total: {s(labels.total_number(total)) if total else 'none'}, "
             f"publisher: {s(archive.settings.publisher)}, date: {s(labels.cn_date(issue.date))})\n"]
    if issue.foreword:
        run, apart = markup.run_in(bodies.html(issue.foreword))
        parts += [f"#foreword[{run}]\n", *apart]
    if len(items) > 1:
        entries = ", ".join(f"({n}, {markup.content(item.title)}, {markup.content(_units(archive, item))})"
                            for n, item in enumerate(items, 1))
        parts.append(f"#contents(({entries},))\n")
    last_lines = ""
    for n, item in enumerate(items, 1):
        parts.append(f"#item-title({markup.content(item.title)}, {markup.content(_units(archive, item))}, "
                     f"per-line: {balanced(item.title)})\n")
        blocks = markup.blocks(bodies.body(item))
        if n == len(items) and blocks:
            blocks, last_lines = blocks[:-1], blocks[-1]   # goes with the 版记: see colophon in gbt9704.typ
        parts += blocks
    distribution = ", ".join(f"({s(label)}, {markup.content(line)})" for label, line in archive.distribution(issue).items())
    people = f"签发：{issue.signer}" + (f"　责任编辑：{issue.editor}" if issue.editor else "")
    parts.append(f"#colophon(last-lines: [{last_lines.strip()}], lines: ({distribution}{',' if distribution else ''}), publisher: {markup.content(archive.settings.publisher)}, "
                 f"printed: {markup.content(labels.cn_date(issue.date) + '印发')}, people: {markup.content(people)}, "
                 f"copies: {markup.content(f'（共印{issue.copies}份）') if issue.copies else 'none'})\n")
    return parts


def _units(archive: Archive, item: Item) -> str:
    return "、".join(archive.unit_name(unit_id) for unit_id in item.units)



def issue_document(archive: Archive, issue: Issue, bodies: Bodies) -> str:
    return library() + _paper(archive.label(issue), archive.settings.publisher) + "".join(_issue_parts(archive, issue, bodies))


def volume_front(archive: Archive, series: str, year: int, starts: list[tuple[int, list[int]]]) -> str:
    """年度汇编's own pages: the cover and the contents, typeset alone (volume.py joins the issues'
    own PDFs after them). `starts`: for each issue of the year, the page it starts on and the page
    each of its items starts on, counted from the first issue's first page (1); Typst adds the
    front's own pages (padded to an even count, so every issue starts on a right-hand page)."""
    issues = archive.series_years[series][year]
    name = archive.settings.series[series].name
    s = markup.string
    parts = [library(), _paper(f"《{name}》{year}年汇编", archive.settings.publisher),
             f"#cover(name: {s(name)}, year: {s(str(year))}, publisher: {s(archive.settings.publisher)}, count: {s(volume_count(issues))})\n",
             "#centred(text(font: hei, tracking: 0.5em)[目录])\n#blank()\n"]
    for issue, (first, items) in zip(issues, starts, strict=True):
        parts.append(f"#toc-line({markup.content(labels.issue_number(issue.number, issue.supplement) + '（' + labels.cn_date(issue.date) + '）')}, {first})\n")
        for item, page in zip(archive.issue_items(issue), items, strict=True):
            parts.append(f"#toc-line({markup.content(item.title)}, {page}, indent: 2em)\n")
    return "".join(parts)


def volume_count(issues: list[Issue]) -> str:
    """The cover's count as the office writes it: the numbered run, then the whole with its
    supplements named (第1期至第17期，共18期（含增刊1期）), so that the sum reads right."""
    regular = [issue for issue in issues if not issue.supplement]
    supplements = len(issues) - len(regular)
    run = (f"{labels.issue_number(regular[0].number)}至{labels.issue_number(regular[-1].number)}" if len(regular) > 1
           else labels.issue_number(regular[0].number) if regular else "")
    if not supplements:
        return f"{run}，共{len(issues)}期"
    if not regular:
        return f"增刊{supplements}期"
    return f"{run}，共{len(issues)}期（含增刊{supplements}期）"


def circular_document(board: Leaderboard, period: Period, title: str) -> str:
    """The monthly 通报 as the office sends it: the issuing office in red, 文号 over a red rule, the
    title, 各报送单位：, the summary, the adopted items, each group's tables, then office and date."""
    archive, s = board.archive, markup.string
    parts = [library(), _paper(title, archive.settings.publisher),
             f"#circular-head(office: {s(archive.settings.publisher)}, number: {s(circular_number(board, period))})\n",
             f"#circular-title({markup.content(title)})\n",
             "#par(first-line-indent: 0pt)[各报送单位：]\n",
             f"#par[{markup.text(f'现将{period.label}各单位信息报送、刊用和被上级采用情况通报如下。')}]\n",
             "#numbered-heading[一、总体情况]\n"]
    parts += [f"#par[{markup.text(line)}]\n" for line in circular_summary(board, period)]
    parts.append("#numbered-heading[二、被上级采用的信息]\n")
    adoptions = board.events_in(period, "adopted")
    for n, (item, event) in enumerate(adoptions, 1):
        level = archive.settings.levels[event.level].name
        said = labels.upward_label(event.type, level, event.publication, event.form, event.issue)
        parts.append(f"#par[{n}．{markup.text(f'《{item.title}》（{_units(archive, item)}）{said}，{labels.cn_date(event.date)}。')}]\n")
    if not adoptions:
        parts.append("#par[本月无。]\n")
    parts.append("#numbered-heading[三、各单位得分排名]\n")
    parts.append(f"#par[{markup.text(f'各组排名见下列各表；名次按本月得分排列，累计得分为{period.year}年1月至本月合计。')}]\n")
    cols = columns(board, period, cumulative=True)
    for group_number, group in enumerate(board.settings.groups, 1):
        standings = board.table(period, group)
        if not standings:
            continue
        parts.append(f"#numbered-heading(level: 2)[{markup.text(f'（{_chinese_number(group_number)}）{group}')}]\n")
        for shown in (table for table in split_tables(cols) if table):
            header = "(" + "".join(f"{markup.content(c.header)}, " for c in shown) + ")"
            rows = "(" + "".join("(" + "".join(f"{markup.content(c.cell(st))}, " for c in shown) + "), " for st in standings) + ")"
            numeric = "(" + "".join(f"{'true' if c.numeric else 'false'}, " for c in shown) + ")"
            widths = "(" + "".join("2fr, " if c.key == UNIT else "1fr, " for c in shown) + ")"
            parts.append(f"#grid-table(columns: {widths}, header: {header}, rows: {rows}, numeric: {numeric})\n")
    office, dated = markup.content(archive.settings.publisher), markup.content(labels.cn_date(circular_date(board, period)))
    parts.append(f"#blank()\n#colophon(last-lines: signature({office}, {dated}), publisher: {office}, "
                 f"printed: {markup.content(labels.cn_date(circular_date(board, period)) + '印发')})\n")
    return "".join(parts)


TITLE_CHARS = int(measures.BLOCK_MM[0] * 72 / 25.4 // measures.TITLE_PT)   # 20 characters of 2号 on a line


def balanced(title: str) -> int:
    """Characters a line for a title set over several lines in lines of equal length: 23 characters
    go 12 + 11, not 20 + 3."""
    lines = -(-len(title) // TITLE_CHARS)
    return -(-len(title) // lines)


def _chinese_number(n: int) -> str:
    return "一二三四五六七八九十"[n - 1] if 1 <= n <= 10 else str(n)


def fixed_date(day: date) -> int:
    """The PDF's creation date: the document's own date (midnight UTC), never the build's clock."""
    return int(datetime(day.year, day.month, day.day, tzinfo=timezone.utc).timestamp())
