"""The archive's generated pages, rendered from the same templates outside MkDocs' page loop.

MkDocs renders a page by building a Markdown converter, reading and converting the (empty) source,
then rendering the whole theme: the sidebar, header, scripts and footer are the same on every page
of one kind, depth and section, and were most of a ten-year archive's build. Here each page is a
real MkDocs `Page` with the context MkDocs would give it, and the theme around its own blocks is
rendered once per *variant* (template, URL depth, lit section) as a shell; each page then renders
only the blocks that differ (its content and breadcrumbs) and takes its title and canonical URL
into the shell's slots.

A shell is trusted only after two pages of its variant, rendered whole the way MkDocs does, came
out byte for byte the same through it; otherwise that variant is rendered whole, page by page.
What a writer learnt (each variant's shell or that it has none, each template's chain) depends only
on what the page cache's global fingerprint covers (code, theme, nav, config, date, options), so the
cache keeps it for the next build's writers (`memo`): a build that renders a few pages no longer
renders each variant three times over to trust its shell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import SimpleNamespace
from urllib.parse import quote, urljoin, urlsplit

from jinja2 import nodes
from markupsafe import escape
from mkdocs.commands.build import get_context
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from bulletin.site.pages.spec import PageSpec

# The blocks a page renders itself; all else in the theme depends on the variant only.
OWN_BLOCKS = ("tabs", "content")
_SLOT = "\ue000bulletin-{}\ue000"
CHECKS = 2  # pages of each variant rendered both ways before its shell is trusted
TITLE, CANONICAL = _SLOT.format("title"), _SLOT.format("canonical")


def variant(spec: PageSpec) -> tuple[str, int, str]:
    return spec.template, spec.url.count("/"), spec.section


def planned_page(config, spec: PageSpec, content: str = "", toc=None) -> Page:
    """The `Page` MkDocs would make of a planned page once the hooks had given it its title and template."""
    file = File.generated(config, spec.src_uri, content="", inclusion=InclusionLevel.NOT_IN_NAV)
    page = Page(None, file, config)
    page.markdown = ""
    page.meta = {"title": escape(spec.title), "template": spec.template, "hide": ["toc"]}
    page.content = content
    page.toc = toc if toc is not None else get_toc([])
    return page


_PLAIN_URL = re.compile(r"(?:[A-Za-z0-9_~%-]+/)*")   # no dot segment, query or fragment: joining is appending


class SitemapPages:
    """What sitemap.xml reads of a planned page (is_link, canonical_url, abs_url, update_date), the
    URLs as MkDocs' `Page` sets them (urljoin of site_url and the page's URL, and that one's path),
    without making a `Page` for each: its URL joins cost a build at 5,000 items about a second."""

    def __init__(self, site_url: str | None):
        self.base = (site_url if site_url.endswith("/") else site_url + "/") if site_url else None
        self._appends = bool(self.base) and not any(mark in self.base for mark in "?#")
        self._base_path = urlsplit(self.base).path if self.base else None

    def page(self, spec: PageSpec) -> SimpleNamespace:
        url = quote(spec.url)   # MkDocs' File.url of <url>index.md, as Page.url gives it
        if self.base is None:
            canonical = absolute = None
        elif self._appends and _PLAIN_URL.fullmatch(url):
            canonical, absolute = self.base + url, self._base_path + url
        else:
            canonical = urljoin(self.base, url)
            absolute = urlsplit(canonical).path
        return SimpleNamespace(is_link=False, canonical_url=canonical, abs_url=absolute, update_date=None)


@dataclass
class _Shell:
    """The theme around a page's own blocks: literal text between them, with title and URL slots."""

    texts: list[list[str]]   # per gap between blocks: the text split at the slots, slots kept

    def fill(self, blocks: list[str], title: str, canonical: str | None) -> str:
        slots = {TITLE: title, CANONICAL: canonical or ""}
        out = []
        for index, pieces in enumerate(self.texts):
            out.extend(slots.get(piece, piece) for piece in pieces)
            if index < len(blocks):
                out.append(blocks[index])
        return "".join(out)


_SPLIT_SLOTS = re.compile(f"({re.escape(TITLE)}|{re.escape(CANONICAL)})")


class PageWriter:
    """Renders planned pages into MkDocs' theme, as `_build_page` would, a shell per variant."""

    def __init__(self, config, env, nav, doc_files, lit_section, kept: dict | None = None):
        self.config, self.env, self.nav, self.doc_files = config, env, nav, doc_files
        self._lit_section = lit_section   # the hooks' (spec) -> nav Page lit while it renders
        kept = kept or {}
        # A variant any writer rendered whole (no shell, or one that differed) is rendered whole, whatever
        # another writer trusted: kept apart, so merging what the workers learnt never loses it.
        self._shells: dict[tuple, _Shell | None] = {**kept.get("shells", {}), **dict.fromkeys(kept.get("whole", {}))}
        self._chains: dict[str, list] = {}
        self._chain_names: dict[str, list[str]] = dict(kept.get("chains", {}))
        self._learnt: dict[str, dict] = {"shells": {}, "whole": {}, "chains": {}}
        self._toc = get_toc([])
        self._checked: dict[tuple, int] = dict.fromkeys(self._shells, CHECKS)
        self.whole = 0                    # pages rendered whole (shell untrusted or still being checked)
        self.untrusted: list[tuple] = []  # variants whose shell differed from the whole page

    def page(self, spec: PageSpec, content: str) -> Page:
        return planned_page(self.config, spec, content, self._toc)

    def render(self, spec: PageSpec, content: str) -> str:
        key = variant(spec)
        if key not in self._shells:
            self._shells[key] = self._make_shell(spec, content)
            self._checked[key] = 0
            if self._shells[key] is None:
                self._learnt["whole"][key] = True
        shell = self._shells[key]
        whole = None
        if shell is None or not spec.title or self._checked[key] < CHECKS:
            self.whole += 1
            whole = self._whole(spec, self.page(spec, content))
        if shell is None or not spec.title:
            return whole
        through = self._through(shell, spec, self.page(spec, content))
        if whole is not None:
            self._checked[key] += 1
            if through != whole:
                self._shells[key] = None
                self.untrusted.append(key)
                self._learnt["whole"][key] = True
            elif self._checked[key] == CHECKS:
                self._learnt["shells"][key] = shell
            return whole
        return through

    # -- the two ways to render a page ------------------------------------------------------------

    def _context(self, spec: PageSpec, page: Page) -> dict:
        context = get_context(self.nav, self.doc_files, self.config, page)
        context.update(spec.full_context())
        return context

    def _lit(self, spec: PageSpec, page: Page, render):
        """Render with the page and its sidebar section active, as MkDocs and the hooks do."""
        lit = self._lit_section(spec)
        self.config._current_page = page
        page.active = True
        if lit:
            lit.active = True
        try:
            return render()
        finally:
            if lit:
                lit.active = False
            page.active = False
            self.config._current_page = None

    def _whole(self, spec: PageSpec, page: Page) -> str:
        template = self.env.get_template(spec.template)
        return self._lit(spec, page, lambda: template.render(self._context(spec, page)))

    def _through(self, shell: _Shell, spec: PageSpec, page: Page) -> str:
        template = self.env.get_template(spec.template)

        def blocks():
            context = template.new_context(self._context(spec, page))
            for parent in self._chain(spec.template)[1:]:
                for name, block in parent.blocks.items():
                    context.blocks.setdefault(name, []).append(block)
            context.vars["features"] = self.env.getattr(self.config.theme, "features") or []
            return ["".join(context.blocks[name][0](context)) for name in OWN_BLOCKS]

        return shell.fill(self._lit(spec, page, blocks), str(page.meta["title"]), page.canonical_url)

    # -- shells --------------------------------------------------------------------------------

    def memo(self) -> dict[str, dict]:
        """What this writer learnt that the kept memo did not hold."""
        return self._learnt

    def _chain(self, name: str) -> list:
        """The template and the ones it extends, child first."""
        if name not in self._chains:
            names = self._chain_names.get(name)
            if names is None:
                names, current = [], name
                while current:
                    names.append(current)
                    source = self.env.loader.get_source(self.env, current)[0]
                    extends = self.env.parse(source).find(nodes.Extends)
                    current = extends.template.value if extends and isinstance(extends.template, nodes.Const) else None
                self._learnt["chains"][name] = names
            self._chains[name] = [self.env.get_template(current) for current in names]
        return self._chains[name]

    def _make_shell(self, spec: PageSpec, content: str) -> _Shell | None:
        chain = self._chain(spec.template)
        if not all(name in chain[-1].blocks for name in OWN_BLOCKS):
            return None
        marks = [_SLOT.format(f"block-{name}") for name in OWN_BLOCKS]
        source = f'{{% extends "{spec.template}" %}}' + "".join(
            f"{{% block {name} %}}{mark}{{% endblock %}}" for name, mark in zip(OWN_BLOCKS, marks))
        template = self.env.from_string(source)
        page = self.page(spec, content)
        page.meta["title"] = TITLE
        canonical = page.canonical_url
        if canonical:
            page.canonical_url = CANONICAL
        text = self._lit(spec, page, lambda: template.render(self._context(spec, page)))
        page.canonical_url = canonical
        gaps, rest = [], text
        for mark in marks:
            before, found, rest = rest.partition(mark)
            if not found or mark in rest:
                return None
            gaps.append(before)
        gaps.append(rest)
        if any(mark in gap for gap in gaps for mark in marks):
            return None
        return _Shell([[piece for piece in _SPLIT_SLOTS.split(gap) if piece] for gap in gaps])
