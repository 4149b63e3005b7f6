"""Atom feeds (RFC 4287) of the issues: one per series and one for all.

Each entry is an issue, its content the issue's items as linked titles. Built as XML elements and
serialised by the library, so no title can break the markup. Entry ids are `urn:uuid:` names
derived from the publisher and the issue, so they stay the same when the site moves to another
address; links are absolute when the site's address is known, else relative to the feed.
"""

from __future__ import annotations

import posixpath
import uuid
import xml.etree.ElementTree as ET
from datetime import date
from typing import Callable

from bulletin.archive import Archive
from bulletin.labels import issue_number, total_number
from bulletin.model import Issue

ATOM = "http://www.w3.org/2005/Atom"
ENTRIES = 50  # newest issues per feed: a reader polls often, the archive has every issue
CHINA = "+08:00"  # issues are dated in the office's own time

ET.register_namespace("", ATOM)


def _stamp(day: date) -> str:
    return f"{day.isoformat()}T00:00:00{CHINA}"


def _urn(*parts: str) -> str:
    return uuid.uuid5(uuid.NAMESPACE_URL, "bulletin:" + "/".join(parts)).urn


def issue_title(archive: Archive, issue: Issue) -> str:
    total = archive.total(issue)
    suffix = f"（{total_number(total)}）" if total and not issue.supplement else ""
    return f"《{archive.series_name(issue)}》{issue.year}年{issue_number(issue.number, issue.supplement)}{suffix}"


def atom_feed(archive: Archive, series: str | None, feed_url: str, site_url: str | None,
              page_url: Callable[[object], str], home: str) -> bytes:
    """The feed at site-relative `feed_url`; `page_url(issue or item)` gives site-relative page URLs."""

    def href(url: str) -> str:
        if site_url:
            return site_url.rstrip("/") + "/" + url
        return posixpath.relpath(url or ".", posixpath.dirname(feed_url) or ".") + ("/" if url.endswith("/") else "")

    issues = archive.issues_newest_first if series is None else list(reversed(archive.series_issues[series]))
    issues = issues[:ENTRIES]
    publisher = archive.settings.publisher
    title = f"{publisher}刊物" if series is None else f"《{archive.settings.series[series].name}》"
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "zh-CN"})
    _text(feed, "id", _urn(publisher, series or "*"))
    _text(feed, "title", title)
    _text(feed, "updated", _stamp(max((_updated(archive, i) for i in issues), default=date(2000, 1, 1))))
    ET.SubElement(ET.SubElement(feed, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = publisher
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", type="application/atom+xml", href=href(feed_url))
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=href(home))
    for issue in issues:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "id", _urn(publisher, issue.series, str(issue.year), issue.slug))
        _text(entry, "title", issue_title(archive, issue))
        _text(entry, "published", _stamp(issue.date))
        _text(entry, "updated", _stamp(_updated(archive, issue)))
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=href(page_url(issue)))
        contents = ET.Element("ol")
        for item in archive.issue_items(issue):
            line = ET.SubElement(contents, "li")
            ET.SubElement(line, "a", href=href(page_url(item))).text = item.title
            ET.SubElement(line, "span").text = f"（{archive.unit_name(item.unit)}）"
        _text(entry, "content", ET.tostring(contents, encoding="unicode", method="html"), type="html")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _updated(archive: Archive, issue: Issue) -> date:
    """An issue changes after it is published only by a correction (更正) of one of its items: a
    feed reader then shows the entry again."""
    return max([issue.date] + [c.date for item in archive.issue_items(issue) for c in item.corrections])


def _text(parent: ET.Element, tag: str, text: str, **attributes) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
    element.text = text
    return element
