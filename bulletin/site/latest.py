"""The `latest` pages, /latest/ and /issues/<series>/latest/: a static page that leads to the newest
issue with a meta refresh and a plain link (for readers and tools that do not follow the refresh),
an address that stays put while the archive grows."""

from __future__ import annotations

import posixpath

from markupsafe import escape

from bulletin.archive import Archive
from bulletin.model import Issue
from bulletin.site.feeds import issue_title
from bulletin.site.urls import Links


def _relative(url: str, from_dir: str) -> str:
    """`url` (site-relative, a folder) as seen from the folder `from_dir`."""
    return posixpath.relpath(url or ".", from_dir.rstrip("/") or ".") + "/"


def redirect_page(archive: Archive, at: str, issue: Issue | None) -> str:
    """The page at `at` that leads to `issue`, or says there is none yet and links home."""
    if issue:
        target, label = escape(_relative(Links.issue(issue), at)), escape(issue_title(archive, issue))
        title = escape(f"最新一期：{issue_title(archive, issue)}")
        head = f'<meta http-equiv="refresh" content="0; url={target}">\n<link rel="canonical" href="{target}">'
        body = f'<p>正在转到最新一期：<a href="{target}">{label}</a></p>\n'
    else:
        title, head = "尚无刊物", ""
        body = f'<p>尚无刊物。<a href="{escape(_relative("", at))}">返回首页</a></p>'
    return ("<!doctype html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"renderer\" content=\"webkit\">\n"
            f"<meta name=\"robots\" content=\"noindex\">\n<title>{title}</title>\n{head}\n</head>\n<body>\n{body}\n</body>\n</html>")
