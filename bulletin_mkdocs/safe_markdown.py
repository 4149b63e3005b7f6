"""Markdown from content files to safe HTML: the Markdown extensions of mkdocs.yml, then the
sanitizer (bulletin/site/sanitize.py).

Each body is rendered once per build and reused by its item page and the issue pages that print it.
"""

from __future__ import annotations

import markdown
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig

from bulletin.site.sanitize import sanitize


class Renderer:
    """Bodies as MkDocs renders a page's Markdown: the same extensions and their settings."""

    def __init__(self, config: MkDocsConfig):
        self._markdown = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
        self._cache: dict[str, Markup] = {}

    def html(self, text: str | None) -> Markup:
        if not text:
            return Markup("")
        self._markdown.reset()
        return sanitize(self._markdown.convert(text))

    def body(self, item) -> Markup:
        if item.id not in self._cache:
            self._cache[item.id] = self.html(item.body)
        return self._cache[item.id]
