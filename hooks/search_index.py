"""The search index: one Pagefind record per item and per issue, written with Pagefind's Python API.

Records carry bigram tokens (bulletin/searchtext.py), not the page's HTML, so the index holds
exactly the text a reader searches: an item's title and body; an issue's own text, its editor's
note and its contents, never the masthead, series name or colophon, which every issue shares.
What a result shows (title, unit, date, issue, the text for its excerpt) travels as metadata.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from pagefind.index import PagefindIndex

from bulletin import chinese
from bulletin.archive import Archive
from bulletin.model import Issue, Item
from bulletin.searchtext import TITLE, plain, tokens
from site_plan import Links

# Not a language Pagefind segments: the tokens are digits and need no stemmer or dictionary.
LANGUAGE = "en"
KINDS = {"item": "稿件", "issue": "期刊"}


def issue_label(archive: Archive, issue: Issue) -> str:
    return f"《{archive.series_name(issue)}》{issue.year}年{chinese.issue_number(issue.number, issue.supplement)}"


def _common(kind: str, title: str, day, text: str) -> dict:
    return {
        "content": f"{tokens(title)}\n{tokens(title, TITLE)}\n{tokens(text)}",
        "language": LANGUAGE,
        "meta": {"title": title, "date": chinese.cn_date(day), "text": text},
        "filters": {"kind": [KINDS[kind]], "month": [f"{day:%Y-%m}"]},
        "sort": {"date": day.isoformat()},
    }


def item_record(archive: Archive, item: Item) -> dict:
    placements = archive.issues_of(item)
    record = _common("item", item.title, item.date, plain(item.body))
    record["url"] = "/" + Links.item(item)
    record["meta"].update(unit="、".join(archive.unit_name(u) for u in item.units),
                          issue="，".join(issue_label(archive, p.issue) for p in placements))
    record["filters"].update(unit=[archive.unit_name(u) for u in item.units],
                             topic=[archive.topics[t].name for t in item.topics], category=[item.category],
                             series=sorted({archive.series_name(p.issue) for p in placements}))
    return record


def issue_record(archive: Archive, issue: Issue) -> dict:
    contents = "；".join(item.title for item in archive.issue_items(issue))
    own = " ".join(filter(None, [plain(issue.foreword or ""), contents]))
    # the label is the result's title, not searchable text: every issue of a series shares it
    record = _common("issue", issue_label(archive, issue), issue.date, own)
    record["content"] = tokens(own)
    record["url"] = "/" + Links.issue(issue)
    record["filters"]["series"] = [archive.series_name(issue)]
    return record


def records(archive: Archive):
    for item in archive.items.values():
        yield item_record(archive, item)
    for issue in archive.content.issues:
        yield issue_record(archive, issue)


async def _write(archive: Archive, output: Path) -> None:
    async with PagefindIndex(config={"output_path": str(output)}) as index:
        batch = []
        for record in records(archive):
            batch.append(index.add_custom_record(**record))
            if len(batch) == 500:      # in flight together: one round trip each would take minutes at 20,000
                await asyncio.gather(*batch)
                batch = []
        await asyncio.gather(*batch)


def write_index(archive: Archive, site_dir: str | Path) -> Path:
    """Write the Pagefind bundle into <site>/pagefind/; returns its folder."""
    output = Path(site_dir) / "pagefind"
    asyncio.run(_write(archive, output))
    return output
