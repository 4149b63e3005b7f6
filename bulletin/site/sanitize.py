"""The HTML sanitizer's policy (nh3): what of an item's or foreword's HTML may reach a page.

Bodies are written by people and may hold raw HTML; what comes out can never run script, load from
another host or frame anything. Generator-free: the adapter renders Markdown, this cleans it.
"""

from __future__ import annotations

import re

import nh3
from markupsafe import Markup

ALLOWED_TAGS = nh3.ALLOWED_TAGS - {"area", "map"}
ALLOWED_ATTRIBUTES = {**nh3.ALLOWED_ATTRIBUTES, **{f"h{n}": {"id"} for n in range(1, 7)}}
LINK_SCHEMES = {"http", "https", "mailto"}


# What a browser does to a URL before reading it (WHATWG URL standard): C0 controls and spaces at
# either end are dropped, tabs and line breaks anywhere are removed, and "\" counts as "/".
_URL_EDGES = re.compile(r"^[\x00-\x20]+|[\x00-\x20]+$")
_URL_REMOVED = re.compile(r"[\t\n\r]")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


_PARENT_SEGMENTS = {"..", ".%2e", "%2e.", "%2e%2e"}  # browsers read %2e as a dot in path segments


def relative_in_site(url: str) -> bool:
    """A relative path below the page, as a browser would parse it: no scheme, not `/x`, `//host` or
    `\\host`, and no `..` (the same body is shown at several depths, so a climb may leave the site)."""
    parsed = _URL_REMOVED.sub("", _URL_EDGES.sub("", url)).replace("\\", "/")
    path = parsed.split("?", 1)[0].split("#", 1)[0]
    return (bool(parsed) and not _SCHEME.match(parsed) and not parsed.startswith("/")
            and not any(segment.lower() in _PARENT_SEGMENTS for segment in path.split("/")))


def _same_site_images(tag: str, attribute: str, value: str) -> str | None:
    """Images only from the site itself: an intranet page must not reach any other host."""
    if tag == "img" and attribute == "src" and not relative_in_site(value):
        return None
    return value


def sanitize(html: str) -> Markup:
    return Markup(nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=LINK_SCHEMES,
                            attribute_filter=_same_site_images))
