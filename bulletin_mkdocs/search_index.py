"""The search index: one Pagefind record per item and per issue, of bigram tokens, not the page.

Records carry bigram tokens (bulletin/searchtext.py), so the index holds exactly the text a reader
searches: an item's title and body; an issue's own text, its editor's note and its contents, never
the masthead, series name or colophon, which every issue shares. What a result shows (title, unit,
date, issue, the text for its excerpt) travels as metadata.

Each record is written as a small HTML file at its page's URL in a staging folder, and the Pagefind
CLI indexes the folder in one run. Pagefind's Python API (add_custom_record) would say the same
thing, but its client polls for each answer every 0.1 s: 130 s for 1,000 items, 35 min for 20,000.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from markupsafe import escape

from bulletin import chinese
from bulletin.archive import Archive
from bulletin.model import Issue, Item
from bulletin.searchtext import TITLE, plain, tokens
from .site_plan import Links

# Not a language Pagefind segments (zh would be): the tokens are digits, untouched by its stemmer.
LANGUAGE = "en"
KINDS = {"item": "稿件", "issue": "期刊"}


def _common(kind: str, title: str, day, text: str) -> dict:
    return {
        "content": f"{tokens(title)}\n{tokens(title, TITLE)}\n{tokens(text)}",
        "meta": {"title": title, "date": chinese.cn_date(day), "text": text},
        "filters": {"kind": [KINDS[kind]], "month": [f"{day:%Y-%m}"]},
        "sort": {"date": day.isoformat()},
    }


def item_record(archive: Archive, item: Item) -> dict:
    placements = archive.issues_of(item)
    record = _common("item", item.title, item.date, plain(item.body))
    record["url"] = "/" + Links.item(item)
    record["meta"].update(unit="、".join(archive.unit_name(u) for u in item.units),
                          issue="，".join(archive.label(p.issue) for p in placements))
    record["filters"].update(unit=[archive.unit_name(u) for u in item.units],
                             topic=[archive.topics[t].name for t in item.topics], category=[item.category],
                             series=sorted({archive.series_name(p.issue) for p in placements}))
    return record


def issue_record(archive: Archive, issue: Issue) -> dict:
    contents = "；".join(item.title for item in archive.issue_items(issue))
    own = " ".join(filter(None, [plain(issue.foreword or ""), contents]))
    # the label is the result's title, not searchable text: every issue of a series shares it
    record = _common("issue", archive.label(issue), issue.date, own)
    record["content"] = tokens(own)
    record["url"] = "/" + Links.issue(issue)
    record["filters"]["series"] = [archive.series_name(issue)]
    return record


def records(archive: Archive):
    for item in archive.items.values():
        yield item_record(archive, item)
    for issue in archive.content.issues:
        yield issue_record(archive, issue)


def record_html(record: dict) -> str:
    """The record as Pagefind reads a page: tokens in the body; metadata, filters and sort key in a
    hidden block (Pagefind reads those even where data-pagefind-ignore keeps text out of the index)."""
    hidden = [f'<span data-pagefind-meta="{key}">{escape(value)}</span>' for key, value in record["meta"].items()]
    hidden += [f'<span data-pagefind-filter="{key}">{escape(value)}</span>'
               for key, values in record["filters"].items() for value in values]
    hidden += [f'<span data-pagefind-sort="{key}">{escape(value)}</span>' for key, value in record["sort"].items()]
    return (f'<!doctype html><html lang="{LANGUAGE}"><head><meta charset="utf-8"><title></title></head><body>'
            f'<div hidden data-pagefind-ignore>{"".join(hidden)}</div>'
            f'<main data-pagefind-body><p>{record["content"]}</p></main></body></html>')


def write_index(archive: Archive, site_dir: str | Path) -> Path:
    """Write the Pagefind bundle into <site>/pagefind/; returns its folder."""
    output = Path(site_dir).resolve() / "pagefind"
    with tempfile.TemporaryDirectory(prefix="bulletin-search-") as staging:
        for record in records(archive):
            page = Path(staging, record["url"].strip("/"), "index.html")
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(record_html(record), encoding="utf-8")
        result = subprocess.run([sys.executable, "-m", "pagefind", "--site", staging, "--output-path", str(output),
                                 "--silent"], capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{result.stdout}{result.stderr}")
    return output
