"""Addresses that stay put while the archive grows: Atom feeds and the `latest` redirect pages.

- /feed.xml and /issues/<series>/feed.xml: the newest issues (bulletin.site.feeds);
- /latest/ and /issues/<series>/latest/: a static page that leads to the newest issue with a meta
  refresh and a plain link (for readers and tools that do not follow the refresh).
"""

from __future__ import annotations

import posixpath

from jinja2 import Environment
from mkdocs.structure.files import File, InclusionLevel

from bulletin.archive import Archive
from bulletin.site.feeds import atom_feed, issue_title
from bulletin.site.urls import Links

_REDIRECT = Environment(autoescape=True).from_string("""<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="renderer" content="webkit">
<meta name="robots" content="noindex">
<title>{{ title }}</title>
{% if target %}<meta http-equiv="refresh" content="0; url={{ target }}">
<link rel="canonical" href="{{ target }}">{% endif %}
</head>
<body>
{% if target %}<p>正在转到最新一期：<a href="{{ target }}">{{ label }}</a></p>
{% else %}<p>尚无刊物。<a href="{{ home }}">返回首页</a></p>{% endif %}
</body>
</html>
""")


def _page_url(thing) -> str:
    return Links.issue(thing) if hasattr(thing, "item_ids") else Links.item(thing)


def _relative(url: str, from_dir: str) -> str:
    """`url` (site-relative, a folder) as seen from the folder `from_dir`."""
    return posixpath.relpath(url or ".", from_dir.rstrip("/") or ".") + "/"


def _redirect(archive: Archive, at: str, issue) -> str:
    target = _relative(Links.issue(issue), at) if issue else None
    label = issue_title(archive, issue) if issue else ""
    return _REDIRECT.render(title=f"最新一期：{label}" if issue else "尚无刊物", target=target, label=label,
                            home=_relative("", at))


def stable_files(config, archive: Archive) -> list[File]:
    site_url = config.site_url
    files = [
        File.generated(config, Links.feed(), content=atom_feed(archive, None, Links.feed(), site_url, _page_url, "")),
        File.generated(config, f"{Links.latest()}index.html",
                       content=_redirect(archive, Links.latest(), archive.issues_newest_first[0] if archive.issues_newest_first else None)),
    ]
    for series in archive.settings.series:
        feed = Links.feed(series)
        files.append(File.generated(config, feed, content=atom_feed(archive, series, feed, site_url, _page_url,
                                                                    Links.series(series))))
        latest = Links.latest(series)
        files.append(File.generated(config, f"{latest}index.html",
                                    content=_redirect(archive, latest, archive.latest_issue(series))))
    for file in files:
        file.inclusion = InclusionLevel.NOT_IN_NAV
    return files
