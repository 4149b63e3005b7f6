"""Every URL a browser loads from a built site's files, found the way a browser would find it, and
the symbolic links that would let the web server hand out a file from outside the site.

`verify` resolves each URL found here; what this module says is only where URLs are:
- HTML and SVG attributes that load or navigate (href, xlink:href, src, data, action, poster...),
  quoted or not, in any letter case, character references decoded;
- srcset and imagesrcset candidates; `<meta http-equiv="refresh">` targets (with or without `url=`);
- CSS wherever it is (.css files, `<style>` blocks, style attributes, SVG presentation attributes
  such as fill="url(...)"): url(), image-set() strings, @import, CSS escapes (\\75rl) decoded;
- the sourceMappingURL of CSS and JavaScript files (developer tools load it);
- `<base href>`, which would make every relative URL of the page mean something else.
A `data:` URL is a document of its own: in HTML only a raster image may be one; in CSS it is an
image or a font, except behind @import.
Like verify, regular expressions rather than a parser: a parser would cost minutes on a large archive.
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

# Attributes whose value is one URL the browser loads or goes to (HTML, SVG, obsolete HTML still honoured).
URL_ATTRIBUTES = r"(?:xlink:)?href|src|data|action|formaction|poster|data-src|background|manifest|ping|codebase|lowsrc|dynsrc"
SRCSET_ATTRIBUTES = r"srcset|imagesrcset"
# One scan of the page, in its bytes with ASCII letters lowered (names are case-blind; values are
# then cut from the page as written): a case-blind pattern would cost this, the hottest scan, double.
# An unquoted value counts only inside a tag (`<img src=x>`), not in prose or script ("参数 src=x").
_ATTRIBUTE = re.compile(rf"""[\s/]({URL_ATTRIBUTES}|{SRCSET_ATTRIBUTES}|style)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""".encode())
# CSS in any other attribute (SVG's fill="url(#g)", filter=, mask=, clip-path=...): found from its url(.
_URL_FUNCTION = re.compile(rb"url\s*\(")
_PLAIN_URL = {name.encode() for name in ("href", "src", "xlink:href", "action", "poster", "data")}
_URL_OR_SRCSET = re.compile(f"{URL_ATTRIBUTES}|{SRCSET_ATTRIBUTES}", re.I)
_TAG_ATTRIBUTE = re.compile(r"""[\s/]([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""")
_STYLE_BLOCK = re.compile(r"<style\b[^>]*+>?(.*?)(?:</style\s*>|\Z)", re.I | re.S)
_META = re.compile(r"<meta\b(?:\"[^\"]*\"|'[^']*'|[^<>\"'])*>", re.I)
_REFRESH_PREFIX = re.compile(r"""\s*[\d.]*\s*[;,]?\s*(?:url\s*=\s*)?""", re.I)
_BASE = re.compile(r"<base[\s/>]", re.I)

_CSS_COMMENT = re.compile(r"/\*.*?(?:\*/|\Z)", re.S)   # unclosed, it runs to the end
_CSS_ESCAPE = re.compile(r"\\([0-9A-Fa-f]{1,6})[ \t\n]?|\\(.)", re.S)
# Possessive, and a closing quote or bracket not required: every match runs once to where it ends,
# so hostile CSS ("url(" ten thousand times) costs one pass, not one pass per url(.
_CSS_URL = re.compile(r"""url\(\s*+(?:"([^"]*+)"?|'([^']*+)'?|([^)"'\s]*+))""", re.I)
_CSS_IMPORT = re.compile(r"""@import\s*+(?:url\(\s*+)?(?:"([^"]*+)"?|'([^']*+)'?|([^)"'\s;]++))""", re.I)
_IMAGE_SET = re.compile(r"image-set\(([^)]*+)", re.I)
_CSS_STRING = re.compile(r""""([^"]*+)"?|'([^']*+)'?""")
_SOURCE_MAP = re.compile(r"""[#@]\s*sourceMappingURL\s*=\s*([^\s*'"]+)""")

# Raster images: a data: URL of these is a picture and nothing else, wherever it stands.
_DATA_IMAGES = ("image/png", "image/jpeg", "image/jpg", "image/gif", "image/webp", "image/avif", "image/bmp",
                "image/x-icon", "image/vnd.microsoft.icon")


class Found:
    """The URLs of one file, and the problems seen in reading them (a data: document, a <base>)."""

    def __init__(self) -> None:
        self.urls: list[str] = []
        self.problems: list[str] = []

    def html_url(self, url: str) -> None:
        url = _as_browser_reads(url)
        if url[:5].lower() == "data:":
            kind = url[5:].split(",", 1)[0].split(";", 1)[0].strip().lower()
            if kind not in _DATA_IMAGES:
                self.problems.append(f"内嵌了 data: 内容（{kind or '未注明类型'}）：浏览器会把它当作文档或脚本载入，"
                                     f"网页里只允许 PNG、JPEG、GIF、WebP 图片以 data: 内嵌")
            return
        self.urls.append(url)

    def css(self, text: str) -> None:
        """URLs of a stylesheet (a file, a <style> block or an attribute's CSS)."""
        self.urls += [_as_browser_reads(url) for url in _SOURCE_MAP.findall(text)]
        text = _CSS_COMMENT.sub(" ", text)
        if "\\" in text:
            text = _CSS_ESCAPE.sub(_css_unescape, text)
        for match in _CSS_IMPORT.finditer(text):
            url = _as_browser_reads(_first(match.groups()))
            if url[:5].lower() == "data:":
                self.problems.append("@import 了 data: 样式表：它可以再载入任何地址")
            else:
                self.urls.append(url)
        found = [_first(match.groups()) for match in _CSS_URL.finditer(text)]
        for inside in _IMAGE_SET.findall(text):
            found += [_first(match.groups()) for match in _CSS_STRING.finditer(inside)]
        # In CSS a data: URL is an image or a font (Material's icons are SVG ones): it loads nothing else.
        self.urls += [url for url in map(_as_browser_reads, found) if url[:5].lower() != "data:"]


def in_html(text: str) -> Found:
    """Every URL an HTML page (or an SVG image) makes the browser load or go to."""
    found = Found()
    raw = text.encode("utf-8", "surrogatepass")
    lowered = raw.lower()
    for match in _ATTRIBUTE.finditer(lowered):
        group = match.lastindex   # the value's group: quoted twice, or not
        if group == 4 and not _in_tag(lowered, match.start()):
            continue
        value = raw[match.start(group):match.end(group)].decode("utf-8", "replace")
        name = match.group(1)
        if name in _PLAIN_URL:
            found.html_url(html.unescape(value) if "&" in value else value)
        else:
            _attribute(found, name.decode(), _decoded(value))
    done, last = 0, None   # each tag is read once, however many url( it holds; and between two
    for match in _URL_FUNCTION.finditer(lowered):   # url( with no < or > between, nothing is asked again
        here = match.start()
        same_place = last is not None and lowered.find(b"<", last, here) < 0 and lowered.find(b">", last, here) < 0
        last = here
        if here < done or same_place:
            continue
        start = _tag_start(lowered, here)
        if start < 0:
            continue
        end = lowered.find(b">", here)
        done = len(raw) if end < 0 else end
        tag = raw[start:done].decode("utf-8", "replace")
        for name, *values in _TAG_ATTRIBUTE.findall(tag):
            value = _first(values)
            if name.lower() != "style" and not _URL_OR_SRCSET.fullmatch(name) and "url" in value.lower():
                found.css(_decoded(value))
    for block in _STYLE_BLOCK.findall(text):
        found.css(block)
    for tag in _META.findall(text):
        attributes = {name.lower(): _decoded(_first(values)) for name, *values in _TAG_ATTRIBUTE.findall(tag)}
        if attributes.get("http-equiv", "").strip().lower() == "refresh" and "content" in attributes:
            target = refresh_url(attributes["content"])
            if target:
                found.html_url(target)
    if _BASE.search(text):
        found.problems.append("使用了 <base>：页面内每个相对地址都会改按它解析")
    return found


def refresh_url(content: str) -> str:
    """The URL of a refresh's content ("5; url='x'", "0;URL=x", "3, x"), as HTML reads it; "" if none."""
    url = content[_REFRESH_PREFIX.match(content).end():].strip()
    if url[:1] in ("'", '"'):
        url = url[1:].split(url[0], 1)[0]
    return url


def _tag_start(page: bytes, position: int) -> int:
    """Where the tag around `position` opens, or -1 if `position` is in text or script."""
    opened = page.rfind(b"<", 0, position)
    return opened if opened >= 0 and page.find(b">", opened, position) < 0 else -1


def _in_tag(page: bytes, position: int) -> bool:
    return _tag_start(page, position) >= 0


def in_css(text: str) -> Found:
    found = Found()
    found.css(text)
    return found


def in_script(text: str) -> Found:
    """A script's URLs are its own business at run time; its source map is loaded by the browser's tools."""
    found = Found()
    found.urls += [_as_browser_reads(url) for url in _SOURCE_MAP.findall(text[-4096:])]
    return found


def links_out_of(site: Path) -> list[str]:
    """Symbolic links in `site` that lead out of it, or nowhere, relative to the site. The web
    server follows links: one to /etc/passwd would be served as a page of the site."""
    root = site.resolve()
    found = []
    for folder, folders, files in os.walk(site):   # does not descend into linked folders
        for name in folders + files:
            if not os.path.islink(os.path.join(folder, name)):   # no Path per file: 60,000 of them at 20,000 items
                continue
            path = Path(folder, name)
            relative = path.relative_to(site).as_posix()
            try:
                target = path.resolve()
            except (OSError, RuntimeError):   # a loop of links (Python 3.11 raises RuntimeError)
                found.append(f"{relative}: 符号链接成环，无法解析（{os.readlink(path)}）")
                continue
            if not target.exists():
                found.append(f"{relative}: 符号链接指向不存在的 {os.readlink(path)}")
            elif target != root and root not in target.parents:
                found.append(f"{relative}: 符号链接指向网站之外的 {target}：网站服务器会把那个文件当作网站的一部分送出")
    return found


def _attribute(found: Found, name: str, value: str) -> None:
    if name == "style":
        found.css(value)
    elif name in ("srcset", "imagesrcset"):
        for url in srcset_urls(value):
            found.html_url(url)
    else:
        found.html_url(value)


def srcset_urls(value: str) -> list[str]:
    """The candidates' URLs of a srcset (HTML's parsing rules: a URL runs to white space; commas
    at its end separate it from the next; descriptors run to the next comma)."""
    urls, position = [], 0
    while True:
        match = re.compile(r"[\s,]*(\S+)").match(value, position)
        if not match:
            return urls
        url, position = match.group(1), match.end()
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            comma = value.find(",", position)
            position = len(value) if comma < 0 else comma + 1
        if url:
            urls.append(url)


def _decoded(value: str) -> str:
    return html.unescape(value) if "&" in value else value


def _first(groups) -> str:
    return next((group for group in groups if group), "")


def _css_unescape(match: re.Match) -> str:
    if match.group(1):
        code = int(match.group(1), 16)
        return chr(code) if 0 < code < 0x110000 and not 0xD800 <= code < 0xE000 else "\ufffd"
    return match.group(2)


# What a browser does to a URL before reading it (WHATWG URL standard, as bulletin/site/sanitize.py
# reads body images): C0 controls and spaces at either end dropped, tabs and line breaks anywhere
# removed, and "\" counts as "/".
_URL_EDGES = re.compile(r"^[\x00-\x20]+|[\x00-\x20]+$")
_URL_REMOVED = re.compile(r"[\t\n\r]")


_TO_CLEAN = re.compile(r"[\x00-\x20\\]")


def _as_browser_reads(url: str) -> str:
    if not _TO_CLEAN.search(url):
        return url
    return _URL_REMOVED.sub("", _URL_EDGES.sub("", url)).replace("\\", "/")
