"""Links in Markdown fields (item bodies, forewords) that `bulletin publish` would refuse, refused by
`check` first, at the file, line and field that hold them.

Publish verifies the built site (`ops/verify.py`): no link may reach another host, and every link
inside the site must lead to one of its files. A body is shown on its item page and on the page of
every issue printing it, at different depths of the site, and the site may be served under any
sub-path: so a link with a path in it (`../x/`, `/items/...`) cannot lead to the same file from every
page, and a link with a host (`http://...`, `//host`, `\\host`) leaves the intranet. What the
sanitizer removes anyway (`javascript:` links, images and frames from other hosts) is not refused:
it never reaches the site, and nothing of it is lost that a reader could have used.

What is left to a body is what verify never fetches: `#anchor`, `mailto:`, `tel:`, `data:`.

Images likewise: the sanitizer keeps only those with a relative path below the page (`x.png`), and
the site holds only the pictures an item's body shows from its `images/` folder (item_images.py,
which judges each such reference of an item: `pictures`); any other image with a path, and in an
item any path at all (`../x.png` too, which the sanitizer would drop silently), is refused. An image
from another host or of a `data:` URL is removed by the sanitizer, so it blocks nothing.
"""

from __future__ import annotations

import html
import re
from typing import Callable, Iterator

from bulletin.site.sanitize import relative_in_site

# the targets of links as Markdown and its raw HTML write them (images, `![..](..)`, are not links)
_INLINE = re.compile(r"(?<!!)\[(?:[^\[\]\n]|\[[^\[\]\n]*\])*\]\(\s*(<[^>\n]*>|[^\s)]*)")
# the sources of images: `![..](..)` and raw `<img src>` (reference images use `[ref]: ...`, a link above)
_IMAGE = re.compile(r"!\[(?:[^\[\]\n]|\[[^\[\]\n]*\])*\]\(\s*(<[^>\n]*>|[^\s)]*)")
_IMG_SRC = re.compile(r"""<img\b[^>]*?\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I | re.S)
_REFERENCE = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*(<[^>\n]*>|\S+)", re.M)
_AUTOLINK = re.compile(r"<((?:[A-Za-z][A-Za-z0-9+.-]{1,31}:|//)[^\s<>]*)>")
_HREF = re.compile(r"""<a\b[^>]*?\shref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I | re.S)
# code is shown as written, not followed: fenced blocks and inline spans are left out (same length,
# so that line numbers still count)
_CODE = re.compile(r"^ {0,3}(```|~~~)[^\n]*\n.*?(?:^ {0,3}\1[^\n]*$|\Z)|`+[^`\n]*`+", re.M | re.S)

_NOT_FETCHED = ("#", "mailto:", "tel:", "data:", "blob:", "about:")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_URL_EDGES = re.compile(r"^[\x00-\x20]+|[\x00-\x20]+$")
_URL_REMOVED = re.compile(r"[\t\n\r]")
_KEPT_SCHEMES = {"http", "https"}  # the sanitizer drops links of any other scheme (javascript:, file:)


def _targets(markdown: str) -> Iterator[tuple[int, str, bool]]:
    """(offset, target as written, whether it is an image's source) of every link and image."""
    text = _CODE.sub(lambda match: re.sub(r"[^\n]", " ", match.group()), markdown)
    for pattern, image in ((_INLINE, False), (_REFERENCE, False), (_AUTOLINK, False), (_IMAGE, True)):
        for match in pattern.finditer(text):
            yield match.start(), match.group(1).removeprefix("<").removesuffix(">"), image
    for pattern, image in ((_HREF, False), (_IMG_SRC, True)):
        for match in pattern.finditer(text):
            yield match.start(), html.unescape(next(group for group in match.groups() if group is not None)), image


def _as_a_browser_reads(url: str) -> str:
    """The WHATWG URL parser's first steps: edges trimmed, tabs and line breaks removed, `\\` as `/`."""
    return _URL_REMOVED.sub("", _URL_EDGES.sub("", html.unescape(url))).replace("\\", "/")


def refusal(url: str) -> str | None:
    """Why publish would refuse a link to `url`, or None."""
    read = _as_a_browser_reads(url)
    if not read or read.lower().startswith(_NOT_FETCHED):
        return None
    scheme = _SCHEME.match(read)
    if scheme and scheme.group(1).lower() not in _KEPT_SCHEMES:
        return None
    rest = read[scheme.end():] if scheme else read
    if rest.startswith("//"):
        return f"链接指向其他网站（{url}）：内网网站不得引用外部地址，发布时会被拒绝；请删去链接，或把网址写成文字"
    if rest.split("#", 1)[0].split("?", 1)[0]:
        return (f"链接“{url}”指向网站内的路径：正文显示在稿件页和各期页面上，网站也可能部署在子路径下，"
                f"这样的链接无法在每个页面都有效，发布时会被拒绝；正文中只能链接本页的“#锚点”或 mailto:")
    return None


def image_refusal(source: str, pictures: Callable[[str], str | None] | None = None) -> str | None:
    """Why publish would refuse an image from `source`, or None (the sanitizer drops it, or verify
    never fetches it). `pictures` judges an item's references to its pictures (item_images.py)."""
    read = _as_a_browser_reads(source)
    if pictures is not None and read and not read.lower().startswith(_NOT_FETCHED) and not _SCHEME.match(read) \
            and not read.startswith("//"):
        return pictures(source)
    if not relative_in_site(source) or not read.split("#", 1)[0].split("?", 1)[0]:
        return None
    return (f"图片“{source}”指向网站内的文件：网站不收存正文中的图片，页面上无法显示，发布时会被当作无效链接拒绝；"
            f"请删去图片，或改为文字说明")


def image_sources(markdown: str | None) -> list[str]:
    """Every image's source as written, in order."""
    if not markdown or ("](" not in markdown and "<" not in markdown):
        return []
    return [url for _, url, image in sorted(_targets(markdown)) if image]


def refused_links(markdown: str | None, pictures: Callable[[str], str | None] | None = None) -> Iterator[tuple[int, str]]:
    """(line within the text, 0-based; message) of every link and image publish would refuse;
    `pictures` judges an item's references to its own pictures (without it, any image path is refused)."""
    if not markdown or ("](" not in markdown and "<" not in markdown and "]:" not in markdown):
        return  # most bodies hold no link: no regex over them
    for offset, url, image in sorted(_targets(markdown)):
        message = image_refusal(url, pictures) if image else refusal(url)
        if message:
            yield markdown.count("\n", 0, offset), message
